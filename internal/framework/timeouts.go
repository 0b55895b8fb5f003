package framework

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Timeouts are a resource's default operation timeouts, used when its timeouts block leaves one unset. Every
// resource declares one `var <res>Timeouts = framework.Timeouts{…}` in its <res>_schema.go, and its schema
// descriptions quote the same values.
type Timeouts struct {
	Create time.Duration
	Read   time.Duration
	Update time.Duration
	Delete time.Duration
}

// ConfiguredTimeout is the method of a timeouts block value that returns one operation's configured timeout
// or the default passed in (timeouts.Value's Create, Read, Update and Delete).
type ConfiguredTimeout func(ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics)

// WithTimeout bounds ctx by an operation's timeout: the one the timeouts block sets, else def. It appends the
// block's diagnostics to diags and reports false (with ctx unchanged and a no-op cancel) when diags then hold
// an error, so an operation starts with
//
//	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Create, clusterTimeouts.Create, &resp.Diagnostics)
//	if !ok {
//		return
//	}
//	defer cancel()
func WithTimeout(ctx context.Context, configured ConfiguredTimeout, def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	timeout, d := configured(ctx, def)
	diags.Append(d...)
	if diags.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, true
}
