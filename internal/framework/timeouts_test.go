package framework

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func TestWithTimeout(t *testing.T) {
	t.Run("default applied", func(t *testing.T) {
		var diags diag.Diagnostics
		var gotDef time.Duration
		before := time.Now()
		ctx, cancel, ok := WithTimeout(context.Background(), func(_ context.Context, def time.Duration) (time.Duration, diag.Diagnostics) {
			gotDef = def
			return def, nil
		}, time.Hour, &diags)
		defer cancel()
		if !ok || diags.HasError() {
			t.Fatalf("ok = %v, diags = %v", ok, diags)
		}
		if gotDef != time.Hour {
			t.Errorf("the default passed to the timeouts block = %v, want 1h", gotDef)
		}
		deadline, has := ctx.Deadline()
		if !has || deadline.Before(before.Add(time.Hour)) || deadline.After(time.Now().Add(time.Hour)) {
			t.Errorf("deadline = %v (set: %v), want about an hour from now", deadline, has)
		}
		cancel()
		if ctx.Err() == nil {
			t.Error("cancel does not end the context")
		}
	})
	t.Run("block error", func(t *testing.T) {
		diags := diag.Diagnostics{diag.NewWarningDiagnostic("earlier", "kept")}
		parent := context.Background()
		ctx, cancel, ok := WithTimeout(parent, func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) {
			return 0, diag.Diagnostics{diag.NewErrorDiagnostic("bad timeout", "x")}
		}, time.Hour, &diags)
		cancel()
		if ok {
			t.Error("ok with an error from the timeouts block")
		}
		if ctx != parent {
			t.Error("ctx changed although the operation must not start")
		}
		if len(diags) != 2 || !diags.HasError() {
			t.Errorf("diags = %v, want the earlier warning and the block's error", diags)
		}
	})
}
