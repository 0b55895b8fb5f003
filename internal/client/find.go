package client

import (
	"context"
	"errors"
	"fmt"
)

// NotFoundError is what every finder returns when the object it looks for does not exist: a finder never
// answers (nil, nil). Kind names the object for people ("E-HPC cluster", "Batch Compute cluster"), ID is
// the identifier that was looked up, and Cause the API error that said so, if any.
type NotFoundError struct {
	Kind  string
	ID    string
	Cause error
}

func (e *NotFoundError) Error() string {
	s := fmt.Sprintf("%s %s not found", e.Kind, e.ID)
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

func (e *NotFoundError) Unwrap() error { return e.Cause }

// NewNotFound builds the finders' not-found error.
func NewNotFound(kind, id string, cause error) error {
	return &NotFoundError{Kind: kind, ID: id, Cause: cause}
}

// AsNotFound returns the finder's not-found error inside err, if there is one.
func AsNotFound(err error) (*NotFoundError, bool) {
	var nf *NotFoundError
	if errors.As(err, &nf) {
		return nf, true
	}
	return nil, false
}

// StatusFunc reads an object and its state for WaitFor: a nil object with a nil error means "not found".
type StatusFunc[T any] func(ctx context.Context) (*T, string, error)

// StatusFromFinder turns a finder (which returns *NotFoundError for a missing object) and a state reader
// into the StatusFunc a waiter polls; status<Res> functions are built with it.
func StatusFromFinder[T any](find func(ctx context.Context) (*T, error), state func(*T) string) StatusFunc[T] {
	return func(ctx context.Context) (*T, string, error) {
		obj, err := find(ctx)
		if _, missing := AsNotFound(err); missing {
			return nil, "", nil
		}
		if err != nil {
			return nil, "", err
		}
		return obj, state(obj), nil
	}
}

// Waiter is what to wait for, polled through Status: the one way every resource waits.
type Waiter[T any] struct {
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
	FailureMessage func(*T) string
	Status         StatusFunc[T]
	// Poll overrides the client's polling shape for this wait (zero fields take the client's). An
	// InitialDelay below the client's only brings the first poll forward: later intervals grow from the
	// client's InitialDelay.
	Poll PollConfig
}

// WaitFor polls w.Status until a target state, a failure state, the context's deadline or an error, and
// returns the last object read as its concrete type (nil after a wait for a deletion). The untyped poll loop
// under it is not exported, so no resource waits on `any` and asserts types.
func WaitFor[T any](ctx context.Context, c *Client, w Waiter[T]) (*T, error) {
	spec := waitSpec{
		Description:    w.Description,
		Target:         w.Target,
		Failure:        w.Failure,
		Pending:        w.Pending,
		TargetNotFound: w.TargetNotFound,
		NotFoundChecks: w.NotFoundChecks,
		Poll:           w.Poll,
		Refresh: func(ctx context.Context) (any, string, error) {
			obj, state, err := w.Status(ctx)
			if obj == nil {
				// A typed nil inside an interface is not nil: hand the waiter a true nil for "not found".
				return nil, state, err
			}
			return obj, state, err
		},
	}
	if w.FailureMessage != nil {
		spec.FailureMessage = func(obj any) string {
			if typed, ok := obj.(*T); ok {
				return w.FailureMessage(typed)
			}
			return ""
		}
	}
	obj, err := c.wait(ctx, spec)
	// Wait hands back what Status returned, so obj is a *T or nil.
	typed, _ := obj.(*T)
	return typed, err
}
