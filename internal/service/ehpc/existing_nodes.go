package ehpc

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

var (
	_ resource.Resource                = (*existingNodesResource)(nil)
	_ resource.ResourceWithConfigure   = (*existingNodesResource)(nil)
	_ resource.ResourceWithImportState = (*existingNodesResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*existingNodesResource)(nil)
)

// NewExistingNodesResource is the aliyun_ehpc_existing_nodes resource: ECS instances the user already owns,
// added to an E-HPC cluster as compute nodes with the 2018-04-12 AddExistedNodes API.
func NewExistingNodesResource() resource.Resource { return &existingNodesResource{} }

type existingNodesResource struct {
	client *client.Client
}

func (r *existingNodesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ehpc_existing_nodes"
}

func (r *existingNodesResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = existingNodesSchema(ctx)
}

func (r *existingNodesResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan derives the planned id from the planned membership, and marks what an in-place membership
// change recomputes (nodes, and task_id when instances are added) as unknown.
func (r *existingNodesResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state existingNodesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || plan.InstanceIDs.Equal(state.InstanceIDs) {
		return
	}
	plan.ID = types.StringUnknown()
	plan.TaskID = types.StringUnknown()
	plan.Nodes = types.ListUnknown(existingNodesNodeType)
	if existingNodesSetKnown(plan.InstanceIDs) && !plan.ClusterID.IsUnknown() {
		want, had := expandExistingNodesIDs(plan.InstanceIDs), expandExistingNodesIDs(state.InstanceIDs)
		plan.ID = types.StringValue(existingNodesID(plan.ClusterID.ValueString(), want))
		if len(existingNodesDifference(want, had)) == 0 {
			plan.TaskID = state.TaskID
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *existingNodesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan existingNodesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Create, existingNodesTimeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	plan.Nodes = types.ListValueMust(existingNodesNodeType, nil)
	kept, diags := r.join(ctx, &plan, nil, expandExistingNodesIDs(plan.InstanceIDs), &resp.State)
	resp.Diagnostics.Append(diags...)
	if !kept {
		resp.State.RemoveResource(ctx)
	}
}

func (r *existingNodesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state existingNodesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID, ids := state.ClusterID.ValueString(), expandExistingNodesIDs(state.InstanceIDs)
	found, err := findExistingNodesByID(ctx, r.client, existingNodesID(clusterID, ids))
	if framework.RemoveNotFound(ctx, err, resp) {
		return
	}
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Reading E-HPC existing nodes", err))
		return
	}
	present, diags := flattenExistingNodes(ctx, &state, found, ids)
	resp.Diagnostics.Append(diags...)
	if len(present) < len(ids) {
		tflog.Warn(ctx, "some nodes left the cluster outside Terraform", map[string]any{
			"cluster_id": clusterID, "missing": len(ids) - len(present)})
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes membership in place: instances removed from instance_ids leave the cluster (released only
// with release_instances_on_destroy), then the added ones join; the others are not touched. The other
// in-place changes (release_instances_on_destroy, timeouts, job_queue recorded after an import) need no API call.
func (r *existingNodesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state existingNodesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Update, existingNodesTimeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	clusterID := state.ClusterID.ValueString()
	want, had := expandExistingNodesIDs(plan.InstanceIDs), expandExistingNodesIDs(state.InstanceIDs)
	removed, added := existingNodesDifference(had, want), existingNodesDifference(want, had)
	kept := existingNodesDifference(had, removed)

	cur := state
	cur.ReleaseInstancesOnDestroy = plan.ReleaseInstancesOnDestroy
	cur.Timeouts = plan.Timeouts
	// Any other change of job_queue replaces the resource: here it is the first apply after an import, which
	// records the configured queue (framework.ReplaceUnlessUnread).
	cur.JobQueue = plan.JobQueue
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
	if len(removed) > 0 {
		if err := removeExistingNodes(ctx, r.client, clusterID, removed, plan.ReleaseInstancesOnDestroy.ValueBool()); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic("Removing nodes from an E-HPC cluster", err))
			// Some may have left: keep the prior membership; the next refresh shows what is still there.
			resp.Diagnostics.Append(resp.State.Set(ctx, &cur)...)
			return
		}
		flattenExistingNodesMembers(&cur, kept)
		resp.Diagnostics.Append(resp.State.Set(ctx, &cur)...)
	}
	switch {
	case len(added) > 0:
		_, diags := r.join(ctx, &cur, kept, added, &resp.State)
		resp.Diagnostics.Append(diags...)
		return
	case len(removed) == 0:
		resp.Diagnostics.Append(resp.State.Set(ctx, &cur)...)
		return
	}
	found, err := listExistingNodes(ctx, r.client, clusterID, kept)
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Reading E-HPC nodes", err))
	} else {
		nodes, diags := flattenExistingNodesNodes(ctx, found, kept)
		cur.Nodes = nodes
		resp.Diagnostics.Append(diags...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cur)...)
}

func (r *existingNodesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state existingNodesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, state.Timeouts.Delete, existingNodesTimeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	if err := removeExistingNodes(ctx, r.client, state.ClusterID.ValueString(), expandExistingNodesIDs(state.InstanceIDs),
		state.ReleaseInstancesOnDestroy.ValueBool()); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Removing existing nodes from an E-HPC cluster", err))
	}
}

// ImportState takes "<cluster_id>:<instance_id>,<instance_id>…"; Read fills in the rest. job_queue is never
// read back, so the import marks it unread: the first apply records the configured queue instead of
// re-adding (and so re-imaging) every instance.
func (r *existingNodesResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	clusterID, ids, err := parseExistingNodesID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), existingNodesID(clusterID, ids))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_id"), clusterID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("instance_ids"), framework.StringsToSet(ids))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("release_instances_on_destroy"), false)...)
	resp.Diagnostics.Append(framework.MarkUnread(ctx, resp.Private)...)
}

// join adds instances to the cluster. members are the instances the resource already holds. m is recorded in
// st as soon as AddExistedNodes is accepted (so that a failure or an interruption taints the resource instead
// of orphaning joining nodes) and again at the end, holding what is really in the cluster. When the task fails,
// the instances that did join stay recorded and the diagnostic lists the task's errors and who joined. It
// returns false when nothing is left to record.
func (r *existingNodesResource) join(ctx context.Context, m *existingNodesModel, members, add []string, st *tfsdk.State) (bool, diag.Diagnostics) {
	const summary = "Adding existing nodes to an E-HPC cluster"
	var diags diag.Diagnostics
	clusterID := m.ClusterID.ValueString()
	all := append(append([]string(nil), members...), add...)
	sort.Strings(all)
	if m.Nodes.IsUnknown() {
		m.Nodes = types.ListValueMust(existingNodesNodeType, nil)
	}
	taskID, err := addExistedNodes(ctx, r.client, expandExistingNodesAdd(m, add))
	switch {
	case err != nil && client.IsAmbiguous(err):
		// The last call may still be applied: record the instances (the resource is tainted), so that the next
		// refresh finds out which of them joined instead of leaving joined nodes outside the state.
		diags.Append(client.ErrorDiagnostic(summary, err))
		diags.AddWarning("E-HPC nodes kept in the state",
			fmt.Sprintf("Whether AddExistedNodes added %s is unknown; they are kept in the state so that the next refresh "+
				"finds out which of them are nodes of cluster %s.", strings.Join(add, ", "), clusterID))
		flattenExistingNodesMembers(m, all)
		if m.TaskID.IsUnknown() || m.TaskID.IsNull() {
			m.TaskID = types.StringValue("")
		}
		diags.Append(st.Set(ctx, m)...)
		return true, diags
	case err != nil:
		diags.Append(client.ErrorDiagnostic(summary, err))
		if len(members) == 0 {
			return false, diags
		}
		// Nothing was added: the state keeps the members it had.
		diags.Append(st.Set(ctx, m)...)
		return true, diags
	}
	tflog.Info(ctx, "AddExistedNodes accepted", map[string]any{"cluster_id": clusterID, "task_id": taskID, "instances": len(add)})
	flattenExistingNodesMembers(m, all)
	m.TaskID = types.StringValue(taskID)
	diags.Append(st.Set(ctx, m)...)
	if diags.HasError() {
		return true, diags
	}

	if taskID != "" {
		failed, err := waitExistingNodesTaskEnded(ctx, r.client, clusterID, taskID, len(add))
		if err != nil {
			diags.Append(client.ErrorDiagnostic(summary, err))
			return true, diags
		}
		if failed != nil {
			return r.recordPartialJoin(ctx, m, all, add, taskID, failed, st)
		}
	}
	found, err := waitExistingNodesRunning(ctx, r.client, clusterID, add)
	if err != nil {
		diags.Append(client.ErrorDiagnostic(summary, err))
	}
	var lerr error
	if len(members) > 0 || found == nil {
		// The wait looked at the added instances only.
		found, lerr = listExistingNodes(ctx, r.client, clusterID, all)
	}
	if lerr != nil {
		diags.Append(client.ErrorDiagnostic("Reading E-HPC nodes", lerr))
	} else {
		var d diag.Diagnostics
		m.Nodes, d = flattenExistingNodesNodes(ctx, found, all)
		diags.Append(d...)
	}
	diags.Append(st.Set(ctx, m)...)
	return true, diags
}

// recordPartialJoin records the instances that are in the cluster after a failed task and reports the failure.
func (r *existingNodesResource) recordPartialJoin(ctx context.Context, m *existingNodesModel, all, add []string, taskID string,
	failed *client.UnexpectedStateError, st *tfsdk.State) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	found, err := listExistingNodes(ctx, r.client, m.ClusterID.ValueString(), all)
	if err != nil {
		diags.Append(client.ErrorDiagnostic("Reading E-HPC nodes after a failed task", err))
		diags.AddError("E-HPC could not add all the instances",
			fmt.Sprintf("Task %s ended %s: %s\nWhich instances joined is unknown; the resource keeps all of them and is tainted.",
				taskID, failed.State, existingNodesOrNone(failed.Message)))
		return true, diags
	}
	joined, joinedNow := found.members(all), found.members(add)
	missing := existingNodesDifference(add, joinedNow)
	flattenExistingNodesMembers(m, joined)
	var d diag.Diagnostics
	m.Nodes, d = flattenExistingNodesNodes(ctx, found, joined)
	diags.Append(d...)
	kept := "None of them joined."
	if len(joinedNow) > 0 {
		kept = fmt.Sprintf("Joined and kept in the state (the next apply adds the others again): %s.", strings.Join(joinedNow, ", "))
	}
	diags.AddError("E-HPC could not add all the instances",
		fmt.Sprintf("Task %s ended %s.\nErrors: %s\nNot added: %s.\n%s",
			taskID, failed.State, existingNodesOrNone(failed.Message), strings.Join(missing, ", "), kept))
	if len(joined) == 0 {
		return false, diags
	}
	diags.Append(st.Set(ctx, m)...)
	return true, diags
}

// existingNodesSetKnown reports whether a set and all its elements are known.
func existingNodesSetKnown(s types.Set) bool {
	if s.IsUnknown() || s.IsNull() {
		return false
	}
	for _, e := range s.Elements() {
		if e.IsUnknown() {
			return false
		}
	}
	return true
}

// existingNodesDifference is a minus b, sorted.
func existingNodesDifference(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func existingNodesOrNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(none reported)"
	}
	return s
}
