package core

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Fault kinds.
const (
	// FaultUnavailable answers 503 ServiceUnavailable without running the handler.
	FaultUnavailable = "unavailable"
	// FaultThrottle answers 400 Throttling.User with an x-ratelimit-user header whose TimeLeft says when the
	// current one-second window ends, without running the handler.
	FaultThrottle = "throttle"
	// FaultDrop closes the connection without an answer and without running the handler.
	FaultDrop = "drop"
	// FaultSlow waits SlowDelayMS, then serves the request normally.
	FaultSlow = "slow"
)

// AllFaultKinds are the kinds -fault-rate switches on.
var AllFaultKinds = []string{FaultUnavailable, FaultThrottle, FaultDrop, FaultSlow}

// DefaultSlowDelay is the "slow" fault's delay when SlowDelayMS is 0: long enough to be seen in timings,
// well under the SDK's 10 s default read timeout (and the provider's 30 s per-request timeout), so a slow
// answer is still an answer.
const DefaultSlowDelay = time.Second

// FaultConfig switches fault injection. Faults apply to API requests after authentication and before the
// handler; never to the admin API.
type FaultConfig struct {
	// Rate is the probability (0..1) that a request gets a transient fault, chosen evenly among Kinds.
	Rate float64 `json:"rate"`
	// Kinds are the transient faults Rate chooses from (FaultUnavailable, FaultThrottle, FaultDrop,
	// FaultSlow); empty means all of them.
	Kinds []string `json:"kinds,omitempty"`
	// Actions restricts Rate, DropRequests and LoseCreateResponses to these "product:Action" keys
	// ("ehpc:CreateCluster"); empty means every action.
	Actions []string `json:"actions,omitempty"`
	// DropRequests: the next N requests close the connection without an answer and without running the
	// handler (a FaultDrop that is counted instead of drawn). A test that needs exactly one dropped request
	// uses it, so that nothing has to race the client to switch the fault off again.
	DropRequests int `json:"drop_requests,omitempty"`
	// LoseCreateResponses: the next N requests to Creating() routes run their handler (the change is applied
	// and persisted) and then the connection is dropped, so the client never learns the outcome.
	LoseCreateResponses int `json:"lose_create_responses,omitempty"`
	// Inject answers the next Count requests matching each entry with its error, without running the handler.
	Inject []InjectedError `json:"inject,omitempty"`
	// SlowDelayMS is the FaultSlow delay in milliseconds (0: DefaultSlowDelay).
	SlowDelayMS int `json:"slow_delay_ms,omitempty"`
}

// InjectedError is an error to answer instead of running a handler.
type InjectedError struct {
	// Action is the "product:Action" key it applies to ("cs:ScaleOutCluster"); empty matches every action.
	Action  string `json:"action"`
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
	// Count is how many requests get it; it counts down and the entry disappears at 0.
	Count int `json:"count"`
}

// Validate reports a configuration the injector cannot apply.
func (f FaultConfig) Validate() error {
	if f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("rate must be between 0 and 1, got %v", f.Rate)
	}
	for _, k := range f.Kinds {
		if !slices.Contains(AllFaultKinds, k) {
			return fmt.Errorf("unknown fault kind %q (known: %v)", k, AllFaultKinds)
		}
	}
	if f.LoseCreateResponses < 0 || f.DropRequests < 0 || f.SlowDelayMS < 0 {
		return fmt.Errorf("lose_create_responses, drop_requests and slow_delay_ms must not be negative")
	}
	for i, in := range f.Inject {
		if in.Count < 1 {
			return fmt.Errorf("inject[%d]: count must be at least 1", i)
		}
		if in.Code == "" {
			return fmt.Errorf("inject[%d]: code is required", i)
		}
		if in.Status != 0 && (in.Status < 400 || in.Status > 599) {
			return fmt.Errorf("inject[%d]: status must be an HTTP error status (4xx or 5xx), got %d", i, in.Status)
		}
	}
	return nil
}

type faultInjector struct {
	mu  sync.Mutex
	cfg FaultConfig
	rnd *rand.Rand
}

func newFaultInjector(seed int64) *faultInjector {
	return &faultInjector{rnd: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x5851f42d4c957f2d))}
}

func (f *faultInjector) set(cfg FaultConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfg.Inject = slices.Clone(cfg.Inject)
	f.mu.Lock()
	f.cfg = cfg
	f.mu.Unlock()
	return nil
}

func (f *faultInjector) get() FaultConfig {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.cfg
	c.Inject = slices.Clone(c.Inject)
	return c
}

// faultDecision is what happens to one request.
type faultDecision struct {
	err          *Error        // answer this instead of running the handler
	drop         bool          // close the connection instead of running the handler
	slow         time.Duration // wait this long first
	loseResponse bool          // run the handler, then close the connection
}

func (f *faultInjector) decide(action string, creating bool) faultDecision {
	f.mu.Lock()
	defer f.mu.Unlock()
	var d faultDecision
	for i := range f.cfg.Inject {
		in := &f.cfg.Inject[i]
		if in.Action != "" && in.Action != action {
			continue
		}
		status := in.Status
		if status == 0 {
			status = http.StatusBadRequest
		}
		msg := in.Message
		if msg == "" {
			msg = "Injected by the emulator's fault configuration."
		}
		d.err = &Error{Status: status, Code: in.Code, Message: msg, Header: throttleHeader(in.Code, time.Now())}
		if in.Count--; in.Count <= 0 {
			f.cfg.Inject = slices.Delete(f.cfg.Inject, i, i+1)
		}
		return d
	}
	if len(f.cfg.Actions) > 0 && !slices.Contains(f.cfg.Actions, action) {
		return d
	}
	if f.cfg.DropRequests > 0 {
		f.cfg.DropRequests--
		d.drop = true
		return d
	}
	if f.cfg.Rate > 0 && f.rnd.Float64() < f.cfg.Rate {
		kinds := f.cfg.Kinds
		if len(kinds) == 0 {
			kinds = AllFaultKinds
		}
		switch kinds[f.rnd.IntN(len(kinds))] {
		case FaultUnavailable:
			d.err = Errorf(http.StatusServiceUnavailable, "ServiceUnavailable",
				"The request has failed due to a temporary failure of the server.")
			return d
		case FaultThrottle:
			d.err = Errorf(http.StatusBadRequest, "Throttling.User", "Request was denied due to user flow control.")
			d.err.Header = throttleHeader(d.err.Code, time.Now())
			return d
		case FaultDrop:
			d.drop = true
			return d
		case FaultSlow:
			d.slow = DefaultSlowDelay
			if f.cfg.SlowDelayMS > 0 {
				d.slow = time.Duration(f.cfg.SlowDelayMS) * time.Millisecond
			}
		}
	}
	if creating && f.cfg.LoseCreateResponses > 0 {
		f.cfg.LoseCreateResponses--
		d.loseResponse = true
	}
	return d
}

// throttleHeader is the gateway's rate-limit hint for throttling codes: the limit window is one second and
// TimeLeft (ms) is what remains of it.
func throttleHeader(code string, now time.Time) http.Header {
	if code != "Throttling.User" && code != "Throttling" && code != "Throttling.Api" {
		return nil
	}
	reset := now.Truncate(time.Second).Add(time.Second)
	h := http.Header{}
	h.Set("x-ratelimit-user", fmt.Sprintf("Limit:10,Remain:0,TimeLeft:%d,Reset:%d", reset.Sub(now).Milliseconds(), reset.Unix()))
	return h
}
