package batchcompute

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

var (
	_ resource.Resource                = (*clusterResource)(nil)
	_ resource.ResourceWithConfigure   = (*clusterResource)(nil)
	_ resource.ResourceWithImportState = (*clusterResource)(nil)
)

// NewClusterResource is the constructor of aliyun_batchcompute_cluster.
func NewClusterResource() resource.Resource { return &clusterResource{} }

type clusterResource struct {
	client *client.Client
}

func (r *clusterResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_batchcompute_cluster"
}

func (r *clusterResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = clusterSchema(ctx)
}

func (r *clusterResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *clusterResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Create, clusterTimeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	r.maskSecrets(&plan)
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)

	// One token for the whole create: every resend of a lost answer carries it, and the service answers a
	// repeat with the cluster the first call made.
	plan.IdempotentToken = types.StringValue(newIdempotentToken())
	id, err := createCluster(ctx, r.client, plan.IdempotentToken.ValueString(), expandCluster(&plan))
	if client.IsAmbiguous(err) {
		// Keep the token: the next apply replaces this tainted object, and Delete finds the cluster the token
		// may have created (see Delete) before a new one is made.
		plan.ID = types.StringValue("")
		clearComputed(&plan)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.AddError("Creating Batch Compute cluster: outcome unknown",
			client.Describe(err)+"\n\nThe cluster may have been created. Its idempotent token "+plan.IdempotentToken.ValueString()+
				" is saved in the state; the next apply finds and deletes such a cluster before creating a new one.")
		return
	}
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Creating Batch Compute cluster", err))
		return
	}
	// Save the id before waiting, so that a failed or interrupted wait leaves a tainted resource, not an orphan.
	plan.ID = types.StringValue(id)
	clearComputed(&plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.waitAndSave(ctx, id, &plan, &resp.State, &resp.Diagnostics)
}

func (r *clusterResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if id == "" {
		// A create whose outcome is unknown (see Create): nothing to read; the tainted object is replaced.
		tflog.Warn(ctx, "Batch Compute cluster has no id yet (a create's outcome was unknown); it will be replaced")
		return
	}
	obj, err := findClusterByID(ctx, r.client, id)
	if err == nil && obj.State == stateDeleting {
		// A deletion in progress (by someone else): the cluster is as good as gone.
		err = client.NewNotFound(clusterKind, id, errors.New("the cluster is being deleted"))
	}
	if framework.RemoveNotFound(ctx, err, resp) {
		return
	}
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Reading Batch Compute cluster "+id, err))
		return
	}
	flattenCluster(obj, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *clusterResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state clusterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Update, clusterTimeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	r.maskSecrets(&plan)
	id := state.ID.ValueString()
	if body := expandModify(plan.Groups, state.Groups); body != nil {
		if err := modifyCluster(ctx, r.client, id, body); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic("Modifying Batch Compute cluster "+id, err))
			return
		}
	}
	r.waitAndSave(ctx, id, &plan, &resp.State, &resp.Diagnostics)
	// From now on the state holds the configured secrets: changing them replaces the cluster.
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
}

func (r *clusterResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, state.Timeouts.Delete, clusterTimeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	r.maskSecrets(&state)

	id := state.ID.ValueString()
	if id == "" {
		// A create whose outcome was unknown. Repeating it with the same token and the same body is safe: the
		// service answers with the cluster the first attempt created, or creates it now. Either way the id
		// found is the one to delete, and no cluster is left behind.
		if state.IdempotentToken.ValueString() == "" {
			return
		}
		found, err := createCluster(ctx, r.client, state.IdempotentToken.ValueString(), expandCluster(&state))
		if err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic("Finding the Batch Compute cluster of an unfinished create", err))
			return
		}
		tflog.Info(ctx, "found the cluster of an unfinished create by its idempotent token", map[string]any{"id": found})
		id = found
	}
	if err := deleteCluster(ctx, r.client, id); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Deleting Batch Compute cluster "+id, err))
	}
}

func (r *clusterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !clusterIDPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Import a Batch Compute cluster by its id, such as cls-6ki3sg6sqlno7nt8fu0007 (letters, digits, - and _); got %s.",
				validators.QuoteCut(req.ID, 128)))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	// The service never returns the OSS secrets: the first apply records the configured ones instead of
	// replacing the cluster (framework.ReplaceUnlessUnread on them).
	resp.Diagnostics.Append(framework.MarkUnread(ctx, resp.Private)...)
}

// waitAndSave waits until the cluster runs its groups' desired instances and saves what it reads then.
func (r *clusterResource) waitAndSave(ctx context.Context, id string, m *clusterModel, state stateSetter, diags *diag.Diagnostics) {
	obj, err := waitClusterReady(ctx, r.client, id)
	if err != nil {
		diags.Append(client.ErrorDiagnostic("Waiting for Batch Compute cluster "+id+" to run its instances", err))
		return
	}
	flattenCluster(obj, m)
	diags.Append(state.Set(ctx, m)...)
}

type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

func (r *clusterResource) maskSecrets(m *clusterModel) {
	if m.Configs != nil && m.Configs.Mounts != nil && m.Configs.Mounts.OSS != nil {
		r.client.MaskSecret(m.Configs.Mounts.OSS.AccessKeySecret.ValueString())
		r.client.MaskSecret(m.Configs.Mounts.OSS.AccessSecurityToken.ValueString())
	}
}

// clearComputed sets the computed values still unknown in a plan to null, for a state saved before the
// service has told them.
func clearComputed(m *clusterModel) {
	if m.State.IsUnknown() {
		m.State = types.StringNull()
	}
	if m.CreationTime.IsUnknown() {
		m.CreationTime = types.StringNull()
	}
	for name, g := range m.Groups {
		if g.ActualVMCount.IsUnknown() {
			g.ActualVMCount = types.Int64Null()
			m.Groups[name] = g
		}
	}
}
