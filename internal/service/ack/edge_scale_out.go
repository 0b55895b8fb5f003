package ack

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
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
	timeout, d := plan.Timeouts.Create(ctx, edgeScaleOutTimeouts.Create)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// Write-only values exist only in the configuration.
	password := plan.LoginPassword.ValueString()
	if !config.LoginPasswordWO.IsNull() {
		password = config.LoginPasswordWO.ValueString()
	}
	r.client.MaskSecret(password)
	clusterID := plan.ClusterID.ValueString()
	body := expandScaleOut(&plan, password)

	taskID, err := scaleOut(ctx, r.client, clusterID, body)
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Scaling out ACK edge cluster "+clusterID, err))
		return
	}

	// Save the id before waiting: if the wait fails or times out, the resource is tainted, not orphaned.
	plan.ID = types.StringValue(clusterID + ":" + taskID)
	plan.TaskID = types.StringValue(taskID)
	plan.InstanceIDs = types.ListValueMust(types.StringType, nil)
	plan.NodeNames = types.ListValueMust(types.StringType, nil)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	task, waitErr := waitScaleOutTask(ctx, r.client, taskID, "scale-out of cluster "+clusterID)
	if task != nil {
		// Record the instances even when the task failed, so destroying the tainted resource removes them.
		ids := task.instanceIDs()
		nodes, err := findNodes(ctx, r.client, clusterID, ids)
		if err != nil && waitErr == nil {
			// A warning, not an error: an error would taint a successful purchase, and the next apply would remove
			// these nodes and buy new ones. The instances are recorded; the next refresh reads their node names.
			resp.Diagnostics.AddWarning("Reading the nodes added to ACK edge cluster "+clusterID,
				client.Describe(err)+"\n\nThe scale-out succeeded and its instances are recorded; the next refresh reads their node names.")
		}
		setNodes(&plan, ids, nodes, false)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
	if waitErr != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for the scale-out task %s of ACK edge cluster %s", taskID, clusterID), waitErr))
	}
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

	ids := framework.ListToStrings(state.InstanceIDs)
	if len(ids) == 0 && taskID != "" {
		// Right after an import (or a create that failed before its task reported): the task knows what was bought.
		task, err := findScaleOutTask(ctx, r.client, taskID)
		if framework.RemoveNotFound(ctx, err, resp) {
			return
		}
		if err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic("Reading ACK task "+taskID, err))
			return
		}
		ids = task.instanceIDs()
		fillFromParameters(&state, task.Parameters)
	}
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
	present := 0
	for _, id := range ids {
		if nodes[id] != nil {
			present++
		}
	}
	switch {
	case present == 0:
		resp.Diagnostics.AddWarning("Nodes no longer in the cluster",
			fmt.Sprintf("None of the %d nodes of %s is in cluster %s any more; removing it from the state.", len(ids), state.ID.ValueString(), clusterID))
		resp.State.RemoveResource(ctx)
		return
	case present < len(ids):
		resp.Diagnostics.AddWarning("Nodes removed outside Terraform",
			fmt.Sprintf("%d of the %d nodes bought by %s are no longer in cluster %s. worker_count now reads %d, so the next plan "+
				"replaces the resource: it removes the remaining nodes and buys worker_count new ones.",
				len(ids)-present, len(ids), state.ID.ValueString(), clusterID, present))
	}
	setNodes(&state, ids, nodes, true)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only runs after an import, to record arguments the API cannot return (passwords, and whatever the
// task did not report); every real change of an argument replaces the resource. It calls no API.
func (r *edgeScaleOutResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state edgeScaleOutModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.TaskID, plan.InstanceIDs, plan.NodeNames = state.ID, state.TaskID, state.InstanceIDs, state.NodeNames
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
}

func (r *edgeScaleOutResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state edgeScaleOutModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, edgeScaleOutTimeouts.Delete)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
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
		resp.Diagnostics.Append(client.ErrorDiagnostic("Removing nodes from ACK edge cluster "+clusterID, err))
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

// Hints for the CS error codes this resource meets. Only ErrorClusterNotFound is named by public sources;
