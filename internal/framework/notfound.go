package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// RemoveNotFound is every Read's answer to a finder's not-found error: one warning that names the object,
// and the resource removed from the state, so the next plan proposes to create it again. It reports whether
// err was a not-found error (and so was handled); any other error is left to the caller.
func RemoveNotFound(ctx context.Context, err error, resp *resource.ReadResponse) bool {
	nf, ok := client.AsNotFound(err)
	if !ok {
		return false
	}
	resp.Diagnostics.Append(NotFoundWarning(nf))
	tflog.Warn(ctx, "removing from the state an object that no longer exists", map[string]any{"kind": nf.Kind, "id": nf.ID})
	resp.State.RemoveResource(ctx)
	return true
}

// NotFoundWarning is the warning RemoveNotFound adds.
func NotFoundWarning(nf *client.NotFoundError) diag.Diagnostic {
	return diag.NewWarningDiagnostic(
		fmt.Sprintf("%s %s no longer exists", nf.Kind, nf.ID),
		fmt.Sprintf("The %s %s was not found: it was deleted outside Terraform (or its id is wrong). "+
			"Terraform removed it from the state; if it is still in the configuration, the next plan proposes to create it again.",
			nf.Kind, nf.ID))
}
