package client

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

type widget struct{ State string }

func TestFinderContractAndTypedWait(t *testing.T) {
	c, _ := newTestClient(t, answer(200, `{}`))
	ctx := context.Background()

	nf := NewNotFound("widget", "w-1", &APIError{Product: ProductEHPC, Code: "ClusterNotFound"})
	if !IsNotFound(nf) || !IsNotFound(fmt.Errorf("wrapped: %w", nf)) {
		t.Fatal("a finder's not-found error is not recognised")
	}
	if got, ok := AsNotFound(nf); !ok || got.Kind != "widget" || got.ID != "w-1" {
		t.Fatalf("AsNotFound = %v, %v", got, ok)
	}

	states := []string{"", "creating", "running"} // "" = not found yet (eventual consistency)
	polls := 0
	find := func(context.Context) (*widget, error) {
		s := states[min(polls, len(states)-1)]
		polls++
		if s == "" {
			return nil, NewNotFound("widget", "w-1", nil)
		}
		return &widget{State: s}, nil
	}
	w, err := WaitFor(ctx, c, Waiter[widget]{
		Description: "widget w-1 to be running", Target: []string{"running"}, Pending: []string{"creating"},
		Status: StatusFromFinder(find, func(w *widget) string { return w.State }),
	})
	if err != nil || w == nil || w.State != "running" {
		t.Fatalf("WaitFor = %+v, %v", w, err)
	}

	// A wait for a deletion returns nil and no error once the finder says not found.
	gone, err := WaitFor(ctx, c, Waiter[widget]{
		Description: "widget w-1 to be deleted", TargetNotFound: true,
		Status: StatusFromFinder(func(context.Context) (*widget, error) { return nil, nf }, func(w *widget) string { return w.State }),
	})
	if err != nil || gone != nil {
		t.Fatalf("deletion wait = %+v, %v", gone, err)
	}

	// A failure state carries the typed object to FailureMessage.
	_, err = WaitFor(ctx, c, Waiter[widget]{
		Description: "widget", Target: []string{"running"}, Failure: []string{"failed"},
		FailureMessage: func(w *widget) string { return "because " + w.State },
		Status:         func(context.Context) (*widget, string, error) { return &widget{State: "failed"}, "failed", nil },
	})
	var us *UnexpectedStateError
	if !errors.As(err, &us) || us.Message != "because failed" {
		t.Fatalf("failure state: %v", err)
	}
}

func TestCreateRecovering(t *testing.T) {
	ctx := context.Background()
	lost := &AmbiguousError{Err: errors.New("connection reset after the request was sent")}

	t.Run("success sends once", func(t *testing.T) {
		sends, finds := 0, 0
		got, err := CreateRecovering(ctx, LostAnswerRecovery[string]{What: "x",
			Send: func(context.Context) (string, error) { sends++; return "id-1", nil },
			Find: func(context.Context) (string, bool, error) { finds++; return "", false, nil }})
		if err != nil || got != "id-1" || sends != 1 || finds != 0 {
			t.Fatalf("got %q, %v after %d sends, %d finds", got, err, sends, finds)
		}
	})
	t.Run("a definite error is not retried", func(t *testing.T) {
		sends := 0
		_, err := CreateRecovering(ctx, LostAnswerRecovery[string]{What: "x",
			Send: func(context.Context) (string, error) { sends++; return "", &APIError{Code: "InvalidParams"} },
			Find: func(context.Context) (string, bool, error) {
				t.Fatal("searched after a definite error")
				return "", false, nil
			}})
		if sends != 1 || !IsCode(err, "InvalidParams") {
			t.Fatalf("%d sends, %v", sends, err)
		}
	})
	t.Run("a lost answer whose object exists is adopted", func(t *testing.T) {
		sends := 0
		got, err := CreateRecovering(ctx, LostAnswerRecovery[string]{What: "x",
			Send: func(context.Context) (string, error) { sends++; return "", lost },
			Find: func(context.Context) (string, bool, error) { return "made-by-lost-call", true, nil }})
		if err != nil || got != "made-by-lost-call" || sends != 1 {
			t.Fatalf("got %q, %v after %d sends", got, err, sends)
		}
	})
	t.Run("resends are bounded", func(t *testing.T) {
		sends, finds := 0, 0
		_, err := CreateRecovering(ctx, LostAnswerRecovery[string]{What: "E-HPC cluster demo",
			Send: func(context.Context) (string, error) { sends++; return "", lost },
			Find: func(context.Context) (string, bool, error) { finds++; return "", false, nil }})
		var ou *OutcomeUnknownError
		if !errors.As(err, &ou) || sends != MaxCreateAttempts || finds != MaxCreateAttempts || !IsAmbiguous(err) || ou.Attempts != MaxCreateAttempts {
			t.Fatalf("%d sends, %d finds, %v", sends, finds, err)
		}
	})
	t.Run("an ended context stops the resends and the error counts what was sent", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		sends := 0
		_, err := CreateRecovering(cctx, LostAnswerRecovery[string]{What: "x",
			Send: func(context.Context) (string, error) { sends++; cancel(); return "", lost },
			Find: func(context.Context) (string, bool, error) { return "", false, nil }})
		var ou *OutcomeUnknownError
		if !errors.As(err, &ou) || sends != 1 || ou.Attempts != 1 {
			t.Fatalf("%d sends, %v", sends, err)
		}
	})
	t.Run("a failed search ends the attempts", func(t *testing.T) {
		sends := 0
		searchErr := errors.New("list failed")
		_, err := CreateRecovering(ctx, LostAnswerRecovery[string]{What: "x",
			Send: func(context.Context) (string, error) { sends++; return "", lost },
			Find: func(context.Context) (string, bool, error) { return "", false, searchErr }})
		if sends != 1 || !errors.Is(err, searchErr) || !IsAmbiguous(err) {
			t.Fatalf("%d sends, %v", sends, err)
		}
	})
}
