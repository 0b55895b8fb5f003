package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// MaxCreateAttempts bounds how many times a non-idempotent create is sent when its answers are lost. Every
// create without a client token uses the same bound (one with a token is resent by the client, at least this
// often: RetryPolicy.ClientToken). Each resend is made only after a search found nothing the lost calls made, so
// a resend is as safe as the first call; the bound only decides how long a user waits before being told to
// check the console. Five makes a give-up after dropped connections that never reached the service (the
// search finds nothing, correctly) a one-in-millions event even at the fault soak's 5% drop rate; three let
// about one soak run in a thousand give up, which the CI met.
const MaxCreateAttempts = 5

// LostAnswerRecovery describes a non-idempotent create (one without a client token the service honours)
// and how to find what a call whose answer was lost may have made.
type LostAnswerRecovery[T any] struct {
	// What completes "creating …" in logs and errors, e.g. "E-HPC cluster demo".
	What string
	// Send makes the call once. Its error is ambiguous (IsAmbiguous) when the outcome is unknown.
	Send func(ctx context.Context) (T, error)
	// Find looks for the object the lost calls may have made: found reports whether it did.
	Find func(ctx context.Context) (obj T, found bool, err error)
}

// OutcomeUnknownError is a create whose every attempt lost its answer and whose search found nothing: the
// last request may still be applied by the service.
type OutcomeUnknownError struct {
	What     string
	Attempts int
	Err      error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("creating %s: the outcome of %d attempts is unknown (the answers were lost and no object they made was found); "+
		"the last request may still be applied: check the console before applying again: %v", e.What, e.Attempts, e.Err)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// CreateRecovering sends r.Send; when its answer is lost it looks for what the call made (r.Find) and adopts
// it, else sends again, at most MaxCreateAttempts times in all. An error of Find ends the attempts: without
// knowing whether the object exists, a resend could make a second one.
func CreateRecovering[T any](ctx context.Context, r LostAnswerRecovery[T]) (T, error) {
	var zero T
	var lastErr error
	sent := 0
	for attempt := 1; attempt <= MaxCreateAttempts; attempt++ {
		sent = attempt
		obj, err := r.Send(ctx)
		if err == nil {
			return obj, nil
		}
		if !IsAmbiguous(err) {
			return zero, err
		}
		lastErr = err
		tflog.Warn(ctx, "the answer to a create was lost; looking for what it made", map[string]any{
			"what": r.What, "attempt": attempt, "error": err.Error(),
		})
		found, ok, ferr := r.Find(ctx)
		if ferr != nil {
			return zero, fmt.Errorf("creating %s: the answer was lost, and looking for what it made failed (the request may have been applied; check the console before applying again): %w",
				r.What, errors.Join(err, ferr))
		}
		if ok {
			tflog.Info(ctx, "adopted the object a lost create made", map[string]any{"what": r.What, "attempt": attempt})
			return found, nil
		}
		if ctx.Err() != nil {
			break
		}
	}
	return zero, &OutcomeUnknownError{What: r.What, Attempts: sent, Err: lastErr}
}
