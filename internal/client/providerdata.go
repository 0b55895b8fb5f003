package client

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// FromProviderData is every resource's Configure: it takes the Client the provider configured. It returns nil
// without error while the provider is not configured yet (Terraform validates resources before that).
func FromProviderData(data any, diags *diag.Diagnostics) *Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *client.Client, got %T; this is a bug in the provider", data))
		return nil
	}
	return c
}

// Sleep pauses for d, or until ctx ends (then it returns ctx's error).
func Sleep(ctx context.Context, d time.Duration) error { return sleep(ctx, d) }
