package ehpc

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

var (
	_ resource.Resource                = (*queueResource)(nil)
	_ resource.ResourceWithConfigure   = (*queueResource)(nil)
	_ resource.ResourceWithImportState = (*queueResource)(nil)
)

// NewQueueResource is the aliyun_ehpc_queue resource: one queue of an E-HPC cluster managed elsewhere.
func NewQueueResource() resource.Resource { return &queueResource{} }

type queueResource struct {
	client *client.Client
}

func (r *queueResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ehpc_queue"
}

func (r *queueResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = queueSchema(ctx)
}

func (r *queueResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *queueResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan queueResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Create, queueTimeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	clusterID, name := plan.ClusterID.ValueString(), plan.QueueName.ValueString()
	wq, d := expandQueue(ctx, plan.queueModel)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := createQueue(ctx, r.client, clusterID, wq); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Creating queue %s of E-HPC cluster %s", name, clusterID), err))
		return
	}
	plan.ID = types.StringValue(queueID(clusterID, name))
	// Saved before waiting: if the wait fails, Terraform records the queue as tainted instead of losing it.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
	if _, err := waitQueueApplied(ctx, r.client, clusterID, wq); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for queue %s of E-HPC cluster %s", name, clusterID), err))
	}
}

func (r *queueResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state queueResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	w, err := findQueueByID(ctx, r.client, state.ID.ValueString())
	if framework.RemoveNotFound(ctx, err, resp) {
		return
	}
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Reading E-HPC queue %s", state.ID.ValueString()), err))
		return
	}
	// After an import the state holds only the name: read everything the service reports. Otherwise only
	// what the configuration set (README.md, "Queues").
	q, d := flattenQueue(ctx, w, state.queueModel, framework.IsUnread(ctx, req.Private))
	resp.Diagnostics.Append(d...)
	state.queueModel = q
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *queueResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan queueResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Update, queueTimeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	clusterID, name := plan.ClusterID.ValueString(), plan.QueueName.ValueString()
	wq, d := expandQueue(ctx, plan.queueModel)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := updateQueue(ctx, r.client, clusterID, wq); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Updating queue %s of E-HPC cluster %s", name, clusterID), err))
		return
	}
	if _, err := waitQueueApplied(ctx, r.client, clusterID, wq); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for queue %s of E-HPC cluster %s", name, clusterID), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// The configuration is recorded: from now on the reads keep to what it sets.
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
}

func (r *queueResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state queueResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, state.Timeouts.Delete, queueTimeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	clusterID, name := state.ClusterID.ValueString(), state.QueueName.ValueString()
	err := deleteQueues(ctx, r.client, clusterID, []string{name})
	if err != nil {
		// DeleteQueues may refuse a queue that is already gone: that is the outcome asked for.
		if _, ferr := findQueue(ctx, r.client, clusterID, name); client.IsNotFound(ferr) {
			return
		}
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Deleting queue %s of E-HPC cluster %s", name, clusterID), err))
	}
}

// ImportState takes `<cluster_id>:<queue_name>`; the read that follows fills the rest.
func (r *queueResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	clusterID, name, ok := parseQueueID(req.ID)
	if !ok || !clusterIDPattern.MatchString(clusterID) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Expected <cluster_id>:<queue_name>, such as ehpc-hz-FYUr32****:comp, got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_id"), clusterID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("queue_name"), name)...)
	resp.Diagnostics.Append(framework.MarkUnread(ctx, resp.Private)...)
}
