package ack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

var (
	_ resource.Resource                     = &edgeScaleOutResource{}
	_ resource.ResourceWithConfigure        = &edgeScaleOutResource{}
	_ resource.ResourceWithConfigValidators = &edgeScaleOutResource{}
	_ resource.ResourceWithImportState      = &edgeScaleOutResource{}
	_ resource.ResourceWithModifyPlan       = &edgeScaleOutResource{}
)

// NewEdgeScaleOutResource is the constructor of aliyun_ack_edge_scale_out.
func NewEdgeScaleOutResource() resource.Resource { return &edgeScaleOutResource{} }

type edgeScaleOutResource struct {
	client *client.Client
}

func (r *edgeScaleOutResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ack_edge_scale_out"
}

func (r *edgeScaleOutResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = edgeScaleOutSchema(ctx)
}

func (r *edgeScaleOutResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("login_password"), path.MatchRoot("login_password_wo")),
	}
}

func (r *edgeScaleOutResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *edgeScaleOutResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config edgeScaleOutModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Create, edgeScaleOutTimeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	clusterID := plan.ClusterID.ValueString()
	taskID, err := scaleOut(ctx, r.client, clusterID, expandScaleOut(&plan, r.password(&plan, &config)))
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Scaling out ACK edge cluster "+clusterID, err))
		return
	}

	// Save the id before waiting: if the wait fails or times out, the resource is tainted, not orphaned.
	plan.ID = types.StringValue(clusterID + ":" + taskID)
	plan.TaskID = types.StringValue(taskID)
	plan.TaskIDs = framework.StringsToList([]string{taskID})
	flattenNodes(&plan, nil, nil, nil, false)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The task is pending until its wait has ended: a wait that times out may have seen only the instances
	// listed so far, and the refreshes before the tainted resource is destroyed record the rest.
	resp.Diagnostics.Append(setPendingTask(ctx, resp.Private, taskID)...)
	ids, taskOf, waitErr := r.waitAndRecord(ctx, &plan, taskID, nil, map[string]string{})
	flattenNodesBestEffort(ctx, r.client, &plan, ids, taskOf, waitErr == nil, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if waitErr != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for the scale-out task %s of ACK edge cluster %s", taskID, clusterID), waitErr))
		return
	}
	resp.Diagnostics.Append(setPendingTask(ctx, resp.Private, "")...)
}

// password is the logon password of new nodes: write-only values exist only in the configuration.
func (r *edgeScaleOutResource) password(plan, config *edgeScaleOutModel) string {
	password := plan.LoginPassword.ValueString()
	if !config.LoginPasswordWO.IsNull() {
		password = config.LoginPasswordWO.ValueString()
	}
	r.client.MaskSecret(password)
	return password
}

// waitAndRecord waits for a scale-out task and appends the instances it lists to ids, also when it failed (so
// that destroying the tainted resource removes them).
func (r *edgeScaleOutResource) waitAndRecord(ctx context.Context, m *edgeScaleOutModel, taskID string, ids []string,
	taskOf map[string]string) ([]string, map[string]string, error) {
	task, err := waitScaleOutTask(ctx, r.client, taskID, "scale-out of cluster "+m.ClusterID.ValueString())
	if task != nil {
		for _, id := range task.instanceIDs() {
			if _, known := taskOf[id]; !known {
				ids = append(ids, id)
				taskOf[id] = taskID
			}
		}
	}
	return ids, taskOf, err
}

// flattenNodesBestEffort records ids with their nodes. Reading the nodes right after a purchase may fail: that is
// a warning, not an error (an error would taint a successful purchase, and the next apply would remove these
// nodes and buy new ones); the next refresh reads them.
//
// The read has its own bounded context (the caller's may have ended with the wait that failed), and when it
// fails the nodes already in the state keep what was read of them before.
func flattenNodesBestEffort(ctx context.Context, c *client.Client, m *edgeScaleOutModel, ids []string, taskOf map[string]string,
	warn bool, diags *diag.Diagnostics) {
	readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	nodes, err := findNodes(readCtx, c, m.ClusterID.ValueString(), ids)
	if err != nil {
		if warn {
			diags.AddWarning("Reading the nodes added to ACK edge cluster "+m.ClusterID.ValueString(),
				client.Describe(err)+"\n\nThe scale-out succeeded and its instances are recorded; the next refresh reads their node names.")
		}
		nodes = priorNodes(ctx, m)
	}
	flattenNodes(m, ids, taskOf, nodes, false)
}

func (r *edgeScaleOutResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state edgeScaleOutModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID, taskID, idInstances, err := parseEdgeScaleOutID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid resource id", err.Error())
		return
	}
	state.ClusterID = types.StringValue(clusterID)
	if state.TaskIDs.IsNull() || state.TaskIDs.IsUnknown() {
		// Right after an import: the task in the id is the first (and only known) one.
		state.TaskIDs = framework.StringsToList(nonEmpty(taskID))
	}

	ids, taskOf := ownedNodes(ctx, &state)
	// Tasks whose instances are not recorded yet: the first one right after an import (or a create that failed
	// before its task reported), or a scale-out whose wait did not end.
	privatePending := pendingTask(ctx, req.Private)
	pending := nonEmpty(privatePending)
	if len(ids) == 0 && taskID != "" && privatePending != taskID {
		pending = append(pending, taskID)
	}
	recorded := len(ids)
	// A scale-out still running lists its instances as it buys them: its key stays until it has finished, so
	// that the instances it lists later are recorded by a later refresh instead of being bought again.
	stillPending := ""
	for _, tid := range pending {
		task, err := findScaleOutTask(ctx, r.client, tid)
		if client.IsNotFound(err) && (tid != taskID || recorded > 0) {
			// A pending task is gone (a later scale-out's, or the first one's after nodes were recorded): the
			// resource and its recorded nodes stay.
			resp.Diagnostics.AddWarning("Scale-out task not found",
				fmt.Sprintf("The scale-out task %s of %s, whose wait did not end, is not found, so the instances it may have bought "+
					"are not recorded. Check the nodes of cluster %s; nodes that are not this resource's can be imported into another "+
					"aliyun_ack_edge_scale_out with <cluster_id>:<instance_id>,….", tid, state.ID.ValueString(), clusterID))
			continue
		}
		if framework.RemoveNotFound(ctx, err, resp) {
			return
		}
		if err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic("Reading ACK task "+tid, err))
			return
		}
		for _, id := range task.instanceIDs() {
			if _, known := taskOf[id]; !known && !slices.Contains(ids, id) {
				ids = append(ids, id)
				taskOf[id] = tid
			}
		}
		if tid == taskID && recorded == 0 {
			fillFromParameters(&state, task.Parameters)
		}
		if tid == privatePending && !task.finished() {
			stillPending = tid
		}
	}
	resp.Diagnostics.Append(setPendingTask(ctx, resp.Private, stillPending)...)
	if len(ids) == 0 {
		ids = idInstances
	}
	if len(ids) == 0 {
		resp.Diagnostics.AddWarning("Scale-out bought no nodes",
			fmt.Sprintf("The task %s lists no instances; removing %s from the state.", taskID, state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}

	nodes, err := findNodes(ctx, r.client, clusterID, ids)
	if framework.RemoveNotFound(ctx, err, resp) {
		return
	}
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Reading the nodes of ACK edge cluster "+clusterID, err))
		return
	}
	present := len(nodes)
	switch {
	case present == 0:
		resp.Diagnostics.AddWarning("Nodes no longer in the cluster",
			fmt.Sprintf("None of the %d nodes of %s is in cluster %s any more; removing it from the state.", len(ids), state.ID.ValueString(), clusterID))
		resp.State.RemoveResource(ctx)
		return
	case present < len(ids):
		resp.Diagnostics.AddWarning("Nodes removed outside Terraform",
			fmt.Sprintf("%d of the %d nodes of %s are no longer in cluster %s. worker_count now reads %d, so the next plan "+
				"updates the resource in place and buys the %d missing node(s) alone; the %d remaining node(s) stay.",
				len(ids)-present, len(ids), state.ID.ValueString(), clusterID, present, len(ids)-present, present))
	}
	flattenNodes(&state, ids, taskOf, nodes, true)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes worker_count in place: one ScaleOutCluster for the difference, or DeleteClusterNodes for the
// newest nodes. Without a change of worker_count it only records arguments an import could not read.
func (r *edgeScaleOutResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config edgeScaleOutModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Update, edgeScaleOutTimeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	// next is what the cloud holds, kept true at every step: the arguments as planned, the nodes as owned so far.
	next := plan
	next.ID, next.TaskID, next.TaskIDs = state.ID, state.TaskID, state.TaskIDs
	next.InstanceIDs, next.NodeNames, next.Nodes, next.Count = state.InstanceIDs, state.NodeNames, state.Nodes, state.Count
	clusterID := state.ClusterID.ValueString()
	ids, taskOf := ownedNodes(ctx, &state)
	want := int(plan.Count.ValueInt64())
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)

	switch {
	case want > len(ids):
		body := expandScaleOut(&plan, r.password(&plan, &config))
		body.Count = int64(want - len(ids))
		taskID, err := scaleOut(ctx, r.client, clusterID, body)
		if err != nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
			resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Scaling out ACK edge cluster %s by %d node(s)", clusterID, body.Count), err))
			return
		}
		// Record the task before waiting: if the wait does not end, the next refresh adopts its instances.
		next.TaskIDs = framework.StringsToList(append(framework.ListToStrings(state.TaskIDs), taskID))
		resp.Diagnostics.Append(setPendingTask(ctx, resp.Private, taskID)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		ids, taskOf, err = r.waitAndRecord(ctx, &next, taskID, ids, taskOf)
		flattenNodesBestEffort(ctx, r.client, &next, ids, taskOf, err == nil, &resp.Diagnostics)
		if err != nil {
			next.Count = types.Int64Value(int64(len(ids)))
			resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
			resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for the scale-out task %s of ACK edge cluster %s", taskID, clusterID), err))
			return
		}
		resp.Diagnostics.Append(setPendingTask(ctx, resp.Private, "")...)
	case want < len(ids):
		victims := newestNodes(ids, len(ids)-want)
		removed, err := removeNodes(ctx, r.client, clusterID, victims)
		if err != nil {
			r.failedRemoval(ctx, &next, &state, err, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
			return
		}
		if len(removed) > 0 {
			resp.Diagnostics.AddWarning("Subscription ENS instances keep billing", subscriptionWarning(clusterID, &state, removed))
		}
		ids = ids[:want]
		flattenNodesBestEffort(ctx, r.client, &next, ids, taskOf, true, &resp.Diagnostics)
	}
	next.Count = plan.Count
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// failedRemoval makes m true to the cloud after a removal (scale-in or destroy) that failed: when the failure
// says which nodes left (a *removalError that could read the nodes afterwards), they leave the state, with the
// billing warning, and worker_count reads the nodes kept; otherwise the state keeps every node and the next
// refresh drops those gone. The error diagnostic says which.
func (r *edgeScaleOutResource) failedRemoval(ctx context.Context, m, prior *edgeScaleOutModel, err error, diags *diag.Diagnostics) {
	clusterID := prior.ClusterID.ValueString()
	var partial *removalError
	if !errors.As(err, &partial) {
		diags.AddError("Removing nodes from ACK edge cluster "+clusterID, client.Describe(err))
		return
	}
	if partial.Known {
		dropOwned(ctx, m, partial.Left)
		if len(partial.Gone) > 0 {
			diags.AddWarning("Subscription ENS instances keep billing", subscriptionWarning(clusterID, prior, partial.Gone))
		}
	}
	// Not client.Describe(err): it would describe only the API error inside, without what left.
	diags.AddError("Removing nodes from ACK edge cluster "+clusterID, partial.Error())
}

// newestNodes are the n nodes a scale-in removes: the last ones of ids, which are in creation order (task order,
// then the task's own order). The newest goes first.
func newestNodes(ids []string, n int) []string {
	out := slices.Clone(ids[len(ids)-n:])
	slices.Reverse(out)
	return out
}

func (r *edgeScaleOutResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state edgeScaleOutModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, state.Timeouts.Delete, edgeScaleOutTimeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	clusterID, _, idInstances, err := parseEdgeScaleOutID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid resource id", err.Error())
		return
	}
	ids := framework.ListToStrings(state.InstanceIDs)
	if len(ids) == 0 {
		ids = idInstances
	}
	removed, err := removeNodes(ctx, r.client, clusterID, ids)
	if err != nil {
		// The resource stays, holding only the nodes still in the cluster.
		r.failedRemoval(ctx, &state, &state, err, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	if len(removed) > 0 {
		resp.Diagnostics.AddWarning("Subscription ENS instances keep billing", subscriptionWarning(clusterID, &state, removed))
	}
}

func (r *edgeScaleOutResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	// Instance ids stay in the id, where Read finds them.
	clusterID, taskID, _, err := parseEdgeScaleOutID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error()+
			"\nUse <cluster_id>:<task_id> (the ScaleOutCluster task) or <cluster_id>:<instance_id>,<instance_id>,….")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_id"), clusterID)...)
	if taskID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("task_id"), taskID)...)
	}
	resp.Diagnostics.Append(framework.MarkUnread(ctx, resp.Private)...)
}

// parseEdgeScaleOutID splits "<cluster_id>:<task_id>" or "<cluster_id>:<instance_id>,<instance_id>…".
func parseEdgeScaleOutID(id string) (clusterID, taskID string, instances []string, err error) {
	cluster, rest, ok := strings.Cut(id, ":")
	if !ok || cluster == "" || rest == "" {
		return "", "", nil, fmt.Errorf("id %q is not <cluster_id>:<task_id> or <cluster_id>:<instance_id>,…", id)
	}
	if strings.HasPrefix(rest, "i-") || strings.Contains(rest, ",") {
		for _, s := range strings.Split(rest, ",") {
			if s = strings.TrimSpace(s); s == "" {
				return "", "", nil, fmt.Errorf("id %q has an empty instance id", id)
			}
			instances = append(instances, s)
		}
		return cluster, "", instances, nil
	}
	return cluster, rest, nil, nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func subscriptionWarning(clusterID string, m *edgeScaleOutModel, removed []*clusterNode) string {
	var ids []string
	expiry := ""
	for _, n := range removed {
		ids = append(ids, n.InstanceID)
		if n.ExpiredTime != "" && (expiry == "" || n.ExpiredTime > expiry) {
			expiry = n.ExpiredTime
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d node(s) were removed from ACK cluster %s with release_node=true. Their ENS instances were bought on a subscription", len(removed), clusterID)
	if !m.WorkerPeriod.IsNull() {
		fmt.Fprintf(&b, " of %d month(s)", m.WorkerPeriod.ValueInt64())
	}
	b.WriteString(", and ACK does not release subscription instances: they keep running and billing until they expire")
	if expiry != "" {
		fmt.Fprintf(&b, " (latest expiry %s)", expiry)
	}
	b.WriteString(".")
	if m.WorkerAutoRenew.ValueBool() {
		b.WriteString(" Auto-renewal is on, so they renew for ever: turn it off in the ENS console.")
	}
	fmt.Fprintf(&b, " They are no longer managed by Terraform; find them in the ENS console: %s.", strings.Join(ids, ", "))
	return b.String()
}

// privatePendingTask holds, between a scale-out's POST and the end of its wait, the task whose instances are
// not recorded yet, so that a refresh after an interrupted wait adopts them instead of orphaning them (and the
// next apply buying them again).
//
// It cannot be derived from the state: a task in task_ids with none of its instances recorded is either this
// pending one or a task all of whose nodes were scaled in or lost (task_ids keeps every task), and telling them
// apart would cost a DescribeTaskInfo per such task on every refresh, for ever. The key is set only in that
// window and cleared by the next refresh (see README.md, "Pending scale-out task").
const privatePendingTask = "pending_scale_out_task"

func pendingTask(ctx context.Context, p interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}) string {
	if p == nil {
		return ""
	}
	v, _ := p.GetKey(ctx, privatePendingTask)
	var taskID string
	if len(v) > 0 && json.Unmarshal(v, &taskID) != nil {
		return ""
	}
	return taskID
}

func setPendingTask(ctx context.Context, p interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, taskID string) diag.Diagnostics {
	if taskID == "" {
		return p.SetKey(ctx, privatePendingTask, nil)
	}
	raw, _ := json.Marshal(taskID) // private values must be JSON
	return p.SetKey(ctx, privatePendingTask, raw)
}

// ModifyPlan warns, in the plan, before subscription nodes are given up (a destroy, a replacement, a scale-in),
// and makes a change of worker_count (also one that brings back nodes lost outside Terraform) an in-place
// update of the computed node attributes.
func (r *edgeScaleOutResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return // a create gives nothing up
	}
	var state edgeScaleOutModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	owned := nodeModels(ctx, &state)
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("Destroying subscription nodes", planRemovalWarning("Destroying", &state, owned))
		return
	}
	if changed := replacedAttributes(edgeScaleOutSchema(ctx), req.State.Raw, req.Plan.Raw, framework.IsUnread(ctx, req.Private)); len(changed) > 0 {
		resp.Diagnostics.AddWarning("Replacing subscription nodes", planRemovalWarning(
			fmt.Sprintf("Replacing (a change of %s)", strings.Join(changed, ", ")), &state, owned))
		return
	}
	var plan edgeScaleOutModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Count.IsNull() {
		return
	}
	if plan.Count.IsUnknown() {
		// Known only at apply time: it may be lower than today's count, and the plan must say so before yes.
		resp.Diagnostics.AddWarning("Subscription nodes may be scaled in", fmt.Sprintf(
			"worker_count of %s is known only after apply. If it is lower than %d (the nodes it has now), the apply removes the "+
				"newest nodes, whose subscription ENS instances keep running and billing until they expire.",
			state.ID.ValueString(), len(framework.ListToStrings(state.InstanceIDs))))
		return
	}
	ids := framework.ListToStrings(state.InstanceIDs)
	want := int(plan.Count.ValueInt64())
	if len(ids) == 0 || want == len(ids) {
		return // just imported (Read fills the nodes in), or nothing to buy or remove
	}
	for _, p := range []string{"instance_ids", "node_names"} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(p), types.ListUnknown(types.StringType))...)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("nodes"), types.ListUnknown(edgeNodeObjectType))...)
	if want > len(ids) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("task_ids"), types.ListUnknown(types.StringType))...)
		return
	}
	byID := map[string]edgeNodeModel{}
	for _, n := range owned {
		byID[n.InstanceID.ValueString()] = n
	}
	var victims []edgeNodeModel
	for _, id := range newestNodes(ids, len(ids)-want) {
		victims = append(victims, byID[id])
		victims[len(victims)-1].InstanceID = types.StringValue(id)
	}
	resp.Diagnostics.AddWarning("Scaling in subscription nodes",
		planRemovalWarning(fmt.Sprintf("Scaling in from %d to %d (newest nodes first)", len(ids), want), &state, victims))
}

// planRemovalWarning says, at plan time, which of the resource's nodes an action removes and until when they
// keep billing.
func planRemovalWarning(action string, m *edgeScaleOutModel, nodes []edgeNodeModel) string {
	var ids []string
	expiry := ""
	for _, n := range nodes {
		ids = append(ids, n.InstanceID.ValueString())
		if e := n.ExpiredTime.ValueString(); e > expiry {
			expiry = e
		}
	}
	if len(ids) == 0 {
		ids = framework.ListToStrings(m.InstanceIDs)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s aliyun_ack_edge_scale_out %s removes %d node(s) from ACK cluster %s: %s. ", action, m.ID.ValueString(),
		len(ids), m.ClusterID.ValueString(), strings.Join(ids, ", "))
	b.WriteString("Their ENS instances are subscriptions, which ACK does not release: they keep running and billing")
	if expiry != "" {
		fmt.Fprintf(&b, " until %s", expiry)
	} else {
		b.WriteString(" until their subscription ends")
	}
	b.WriteString(".")
	if m.WorkerAutoRenew.ValueBool() {
		b.WriteString(" Auto-renewal is on, so they renew for ever: turn it off in the ENS console.")
	}
	return b.String()
}
