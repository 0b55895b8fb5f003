package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The waiter's branches other than success, terminal state and timeout (TestWait): each ends a wait that
// would otherwise poll until the resource's timeout.
func TestWaitEndsEarly(t *testing.T) {
	c, _ := newTestClient(t, answer(200, `{}`))
	ctx := context.Background()

	// A read error ends the wait with that error, unchanged.
	readErr := &APIError{Product: ProductEHPC, Action: "GetCluster", HTTPStatus: 403, Code: "Forbidden.RAM"}
	_, err := c.wait(ctx, waitSpec{Description: "cluster", Target: []string{"running"},
		Refresh: func(context.Context) (any, string, error) { return nil, "", readErr }})
	if !errors.Is(err, readErr) {
		t.Fatalf("read error: got %v", err)
	}

	// An object that stays missing while a state is awaited: NotFoundChecks answers, then VanishedError.
	polls := 0
	_, err = c.wait(ctx, waitSpec{Description: "cluster", Target: []string{"running"}, NotFoundChecks: 2,
		Refresh: func(context.Context) (any, string, error) { polls++; return nil, "", nil }})
	var nf *VanishedError
	if !errors.As(err, &nf) || polls != 2 {
		t.Fatalf("missing object: got %v after %d polls, want VanishedError after 2", err, polls)
	}

	// Missing right after a create (eventual consistency), then found: the wait goes on.
	polls = 0
	obj, err := c.wait(ctx, waitSpec{Description: "cluster", Target: []string{"running"},
		Refresh: func(context.Context) (any, string, error) {
			polls++
			if polls < 3 {
				return nil, "", nil
			}
			return "c", "running", nil
		}})
	if err != nil || obj != "c" {
		t.Fatalf("late visibility: got %v %v", obj, err)
	}

	// With Pending given, a state outside Target, Failure and Pending fails at once.
	_, err = c.wait(ctx, waitSpec{Description: "task", Target: []string{"Success"}, Pending: []string{"Processing"},
		Refresh: func(context.Context) (any, string, error) { return "t", "Paused", nil }})
	var use *UnexpectedStateError
	if !errors.As(err, &use) || use.State != "Paused" {
		t.Fatalf("unexpected state: got %v", err)
	}

	// Cancelled (Terraform interrupted), not timed out: the error says so rather than blaming the timeout.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err = c.wait(cctx, waitSpec{Description: "cluster", Target: []string{"running"},
		Refresh: func(context.Context) (any, string, error) { cancel(); return "c", "creating", nil }})
	var wte *WaitTimeoutError
	if errors.As(err, &wte) || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), `last state "creating"`) {
		t.Fatalf("interrupted wait: got %v", err)
	}
}

// Smaller branches of the call path that decide what a resource sees.
func TestCallEdges(t *testing.T) {
	ctx := context.Background()

	// The standard Retry-After header (seconds) is a hint too.
	h := http.Header{}
	h.Set("Retry-After", "2")
	if got := retryAfterHint(h); got != 2*time.Second {
		t.Errorf("Retry-After: %s", got)
	}

	// A 2xx body that cannot be decoded is an error naming the request id, and the response is still returned
	// (a create's caller can look at it).
	c, _ := newTestClient(t, answer(200, `{"RequestId":"R5","ClusterId":7}`))
	var out struct{ ClusterId string }
	resp, err := c.RPC(ctx, rpcCall(RetryPolicy{}), &out)
	if err == nil || !strings.Contains(err.Error(), "R5") || resp == nil {
		t.Errorf("undecodable body: resp=%v err=%v", resp, err)
	}

	// Success:false without a code is not an error (nothing to report); with one it is (TestSuccessFalseBodyIsAnError).
	c, _ = newTestClient(t, answer(200, `{"Success":false,"RequestId":"R6"}`))
	if _, err := c.RPC(ctx, rpcCall(RetryPolicy{}), nil); err != nil {
		t.Errorf("Success:false without a code: %v", err)
	}

	// Only APIErrors carry codes: a transport failure is never "not found".
	if IsNotFound(&TransportError{Product: ProductEHPC, Action: "GetCluster", Err: errors.New("connection reset")}) {
		t.Error("a transport failure must not look like a deleted resource")
	}
}
