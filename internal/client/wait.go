package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// PollConfig shapes status polling: the first poll comes after InitialDelay, each next interval grows by
// Factor up to MaxInterval.
//
// The defaults trade request count for detection lag. Growing intervals keep the number of polls
// logarithmic in the provisioning time T, but a resource that becomes ready just after a poll is noticed
// only one interval later, and with a growth factor f that interval is about (f-1)/f of the time elapsed.
// Detecting readiness within max(2 s, 10% of T) therefore needs f ≈ 1.1 rather than the 2 that would
// give the fewest polls (1 + log2(T/InitialDelay), but a lag of up to T). With 1 s, 1.08 and 5 min, a
// resource ready at T (±25%) is seen within p95 1.4 s at T = 5 s, 6 s at 1 min, 50 s at 10 min and 4.5 min
// at 1 h, for 5, 23, 51 and 74 polls; doubling would need 4, 7, 11 and 13 polls but lag by up to T. The
// cap bounds the lag of very long operations. Numbers: `make bench` (internal/bench).
type PollConfig struct {
	InitialDelay time.Duration // default 1s
	MaxInterval  time.Duration // default 5m
	Factor       float64       // default 1.08
}

func (p PollConfig) withDefaults() PollConfig {
	if p.InitialDelay <= 0 {
		p.InitialDelay = time.Second
	}
	if p.MaxInterval <= 0 {
		p.MaxInterval = 5 * time.Minute
	}
	if p.Factor < 1 {
		p.Factor = 1.08
	}
	return p
}

// next is the pause before the poll that follows a pause of prev.
func (p PollConfig) next(prev time.Duration) time.Duration {
	return min(time.Duration(float64(prev)*p.Factor), p.MaxInterval)
}

// Schedule returns the instants, counted from the start of a wait, at which Wait polls, up to and including
// the first one at or after horizon; zero fields take the defaults. Benchmarks derive poll counts and
// detection lag from it without waiting.
func (p PollConfig) Schedule(horizon time.Duration) []time.Duration {
	p = p.withDefaults()
	var out []time.Duration
	at, interval := time.Duration(0), p.InitialDelay
	for {
		at += interval
		out = append(out, at)
		if at >= horizon {
			return out
		}
		interval = p.next(interval)
	}
}

// refreshFunc reads the current object and its state. A nil object without error means "not found".
type refreshFunc func(ctx context.Context) (obj any, state string, err error)

// waitSpec is a Waiter with its type erased, for the poll loop; the fields mean what Waiter's do.
type waitSpec struct {
	// Description completes "waiting for …" in logs and errors, e.g. "E-HPC cluster ehpc-hz-1 to be running".
	Description string
	Target      []string
	// Failure states end the wait at once with an UnexpectedStateError.
	Failure []string
	// Pending states, if given, are the only acceptable non-target states; any other state fails.
	// When empty, every state that is neither target nor failure counts as pending.
	Pending []string
	// TargetNotFound makes "not found" the target (waiting for a deletion).
	TargetNotFound bool
	// NotFoundChecks is how many consecutive "not found" answers are tolerated while waiting for a
	// target state (eventual consistency right after a create). Default 3.
	NotFoundChecks int
	// FailureMessage extracts the API's own explanation from an object in a failure state.
	FailureMessage func(obj any) string
	Refresh        refreshFunc
	// Poll overrides the client's polling shape for this wait (zero fields take the client's). An
	// InitialDelay below the client's only brings the first poll forward: later intervals grow from the
	// client's InitialDelay.
	Poll PollConfig
}

// UnexpectedStateError is a wait that ended in a failure state or an unknown state.
type UnexpectedStateError struct {
	Description string
	State       string
	Message     string
}

func (e *UnexpectedStateError) Error() string {
	s := fmt.Sprintf("while waiting for %s: reached state %q", e.Description, e.State)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// WaitTimeoutError is a wait that ran out of time.
type WaitTimeoutError struct {
	Description string
	LastState   string
	Elapsed     time.Duration
}

// Unwrap lets errors.Is(err, context.DeadlineExceeded) recognise a wait that ran out of time.
func (e *WaitTimeoutError) Unwrap() error { return context.DeadlineExceeded }

func (e *WaitTimeoutError) Error() string {
	return fmt.Sprintf("timed out after %s waiting for %s (last state %q); raise the resource's timeouts if the operation is just slow",
		e.Elapsed.Round(time.Second), e.Description, e.LastState)
}

// VanishedError is a wait whose object disappeared (or never appeared) while a state was awaited.
type VanishedError struct{ Description string }

func (e *VanishedError) Error() string {
	return fmt.Sprintf("while waiting for %s: the object no longer exists", e.Description)
}

// wait polls spec.Refresh until a target state, a failure state, the context's deadline, or an error.
// It returns the last object read.
func (c *Client) wait(ctx context.Context, spec waitSpec) (any, error) {
	poll := spec.Poll
	if poll.InitialDelay <= 0 {
		poll.InitialDelay = c.poll.InitialDelay
	}
	if poll.MaxInterval <= 0 {
		poll.MaxInterval = c.poll.MaxInterval
	}
	if poll.Factor < 1 {
		poll.Factor = c.poll.Factor
	}
	notFoundLeft := spec.NotFoundChecks
	if notFoundLeft <= 0 {
		notFoundLeft = 3
	}
	start := time.Now()
	interval := poll.InitialDelay
	// A wait that asks for an early first look (a tiny InitialDelay, "check now") polls at the client's pace
	// after it, not at a pace grown from the tiny delay.
	base := max(poll.InitialDelay, c.poll.InitialDelay)
	lastState := ""
	for polls := 1; ; polls++ {
		if err := sleep(ctx, interval); err != nil {
			return nil, waitCtxErr(ctx, err, spec.Description, lastState, start)
		}
		obj, state, err := spec.Refresh(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, waitCtxErr(ctx, ctx.Err(), spec.Description, lastState, start)
			}
			return nil, err
		}
		tflog.Debug(ctx, "waiting for "+spec.Description, map[string]any{
			"poll": polls, "state": state, "found": obj != nil, "elapsed_ms": time.Since(start).Milliseconds(),
		})
		switch {
		case obj == nil && spec.TargetNotFound:
			return nil, nil
		case obj == nil:
			notFoundLeft--
			if notFoundLeft <= 0 {
				return nil, &VanishedError{Description: spec.Description}
			}
		case slices.Contains(spec.Target, state):
			return obj, nil
		case slices.Contains(spec.Failure, state):
			msg := ""
			if spec.FailureMessage != nil {
				msg = spec.FailureMessage(obj)
			}
			return obj, &UnexpectedStateError{Description: spec.Description, State: state, Message: msg}
		case len(spec.Pending) > 0 && !slices.Contains(spec.Pending, state):
			return obj, &UnexpectedStateError{Description: spec.Description, State: state, Message: "not an expected state"}
		}
		lastState = state
		interval = poll.next(max(interval, base))
	}
}

func waitCtxErr(ctx context.Context, err error, desc, last string, start time.Time) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &WaitTimeoutError{Description: desc, LastState: last, Elapsed: time.Since(start)}
	}
	return fmt.Errorf("interrupted while waiting for %s (last state %q): %w", desc, last, err)
}
