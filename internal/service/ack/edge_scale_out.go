package ack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
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

type edgeScaleOutModel struct {
	ID                     types.String   `tfsdk:"id"`
	ClusterID              types.String   `tfsdk:"cluster_id"`
	Count                  types.Int64    `tfsdk:"worker_count"`
	WorkerInstanceType     types.String   `tfsdk:"worker_instance_type"`
	ENSRegionID            types.String   `tfsdk:"ens_region_id"`
	WorkerImageID          types.String   `tfsdk:"worker_image_id"`
	ENSInternetChargeType  types.String   `tfsdk:"ens_internet_charge_type"`
	WorkerPeriod           types.Int64    `tfsdk:"worker_period"`
	WorkerAutoRenew        types.Bool     `tfsdk:"worker_auto_renew"`
	WorkerAutoRenewPeriod  types.Int64    `tfsdk:"worker_auto_renew_period"`
	LoginPassword          types.String   `tfsdk:"login_password"`
	LoginPasswordWO        types.String   `tfsdk:"login_password_wo"`
	LoginPasswordWOVersion types.Int64    `tfsdk:"login_password_wo_version"`
	WorkerSystemDiskSize   types.Int64    `tfsdk:"worker_system_disk_size"`
	WorkerDataDiskSize     types.Int64    `tfsdk:"worker_data_disk_size"`
	IsEdgeWorker           types.Bool     `tfsdk:"is_edge_worker"`
	TimeoutMins            types.Int64    `tfsdk:"timeout_mins"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
	TaskID                 types.String   `tfsdk:"task_id"`
	InstanceIDs            types.List     `tfsdk:"instance_ids"`
	NodeNames              types.List     `tfsdk:"node_names"`
}

const (
	defaultEdgeCreateTimeout = 30 * time.Minute
	defaultEdgeDeleteTimeout = 30 * time.Minute
)

// edgePasswordPolicy is ACK's rule for node logon passwords (the emulator enforces the same one; the special
// set is ECS's, since neither this API's nor ENS's documents list one).
var edgePasswordPolicy = validators.PasswordPolicy{
	MinLength: 8, MaxLength: 30, MinClasses: 3, Specials: "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/",
}

func (r *edgeScaleOutResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ack_edge_scale_out"
}

func (r *edgeScaleOutResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := "Changing it replaces the resource: the bought nodes are removed and new ones are bought."
	autoRenew := path.MatchRoot("worker_auto_renew")
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds ENS (Edge Node Service) worker nodes to an ACK managed edge cluster with `ScaleOutCluster` " +
			"(CS API 2015-12-15). **Creating this resource buys machines** on subscription; destroying it removes them " +
			"from the cluster. Every argument is create-only.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<cluster_id>:<task_id>` of the scale-out (or `<cluster_id>:<instance_id>,…` when imported by instance ids).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the ACK managed edge cluster (cluster type `ManagedKubernetes`, profile `Edge`). " + replace,
				Validators: []validator.String{
					stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z0-9-]+$`), "must be an ACK cluster id (letters, digits and hyphens)"),
				},
				PlanModifiers: []planmodifier.String{replaceString()},
			},
			// The API's field is "count", but count is a Terraform meta-argument that no resource may define.
			"worker_count": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Number of worker nodes to buy and add (the API's `count`); at least 1. Read back as the number of this resource's nodes still in the cluster, so nodes removed outside Terraform show as a change. " + replace,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{replaceInt64()},
			},
			"worker_instance_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ENS instance type of the workers, e.g. `ens.sn1.tiny`. " + replace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{replaceString()},
			},
			"ens_region_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ENS region of the instances, e.g. `cn-beijing-telecom`. " + replace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{replaceString()},
			},
			"worker_image_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Operating system image of the workers. " + replace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{replaceString()},
			},
			"ens_internet_charge_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Bandwidth billing of the ENS instances: `BandwidthByDay` (daily peak) or `95BandwidthByMonth` " +
					"(monthly 95th percentile). If the account already has ENS instances, ENS keeps their billing method. " + replace,
				Validators:    []validator.String{stringvalidator.OneOf("BandwidthByDay", "95BandwidthByMonth")},
				PlanModifiers: []planmodifier.String{replaceString()},
			},
			"worker_period": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Subscription length of the instances in months: 1–9 or 12. The instances are paid for this long even if the resource is destroyed earlier. " + replace,
				Validators:          []validator.Int64{int64validator.OneOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 12)},
				PlanModifiers:       []planmodifier.Int64{replaceInt64()},
			},
			"worker_auto_renew": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Renew the subscription automatically. Default `false`. " + replace,
				PlanModifiers:       []planmodifier.Bool{replaceBool()},
			},
			"worker_auto_renew_period": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Auto-renewal period in months, 1–12. Required when `worker_auto_renew` is `true`, not allowed otherwise. " + replace,
				Validators: []validator.Int64{
					int64validator.Between(1, 12),
					validators.RequiredWhen(autoRenew, "true"),
					validators.OnlyWhen(autoRenew, "true"),
				},
				PlanModifiers: []planmodifier.Int64{replaceInt64()},
			},
			"login_password": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Logon password of the new workers: 8–30 characters with at least three of upper-case letters, " +
					"lower-case letters, digits and special characters (`` " + edgePasswordPolicy.Specials + " ``). Stored in state " +
					"(sensitive); prefer `login_password_wo`. Exactly one of the two is required. Never read back. " + replace,
				Validators:    []validator.String{validators.Password(edgePasswordPolicy)},
				PlanModifiers: []planmodifier.String{replaceString()},
			},
			"login_password_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				MarkdownDescription: "Write-only form of `login_password` (Terraform 1.11 or later): sent once at creation, never " +
					"stored in plan or state. Same rules. To replace the nodes with a new password, change `login_password_wo_version`.",
				Validators: []validator.String{validators.Password(edgePasswordPolicy)},
			},
			"login_password_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Any number that you change to make a new `login_password_wo` take effect. Only with `login_password_wo`. " + replace,
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("login_password_wo"))},
				PlanModifiers:       []planmodifier.Int64{replaceInt64()},
			},
			"worker_system_disk_size": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "System disk size in GiB: a multiple of 10 from 20 to 100, and larger than the image. " + replace,
				Validators:          []validator.Int64{int64validator.Between(20, 100), validators.MultipleOf(10)},
				PlanModifiers:       []planmodifier.Int64{replaceInt64()},
			},
			"worker_data_disk_size": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(0),
				MarkdownDescription: "Data disk size in GiB: `0` (no data disk, the default) or a multiple of 10 from 20 to 200. " + replace,
				Validators: []validator.Int64{int64validator.Any(
					int64validator.OneOf(0),
					int64validator.All(int64validator.Between(20, 200), validators.MultipleOf(10)),
				)},
				PlanModifiers: []planmodifier.Int64{replaceInt64()},
			},
			"is_edge_worker": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Add the workers as edge nodes. The API requires `true`, which is the default.",
				Validators:          []validator.Bool{boolvalidator.Equals(true)},
				PlanModifiers:       []planmodifier.Bool{replaceBool()},
			},
			"timeout_mins": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Server-side timeout of the scale-out in minutes, passed to the API as is. The provider's own wait is bounded by `timeouts.create`. " + replace,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{replaceInt64()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Delete: true,
				CreateDescription: "How long to wait for the scale-out (a duration such as `45m`). Default `30m`.",
				DeleteDescription: "How long to wait for the nodes to leave the cluster. Default `30m`.",
			}),
			"task_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ID of the `ScaleOutCluster` task (`T-…`); empty when imported by instance ids.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"instance_ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "ENS instance ids bought by the scale-out (from the task result) that are still nodes of the cluster.",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"node_names": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Kubernetes node names of `instance_ids`, in the same order (`<region>.<private ip>`).",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
		},
	}
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
	timeout, d := plan.Timeouts.Create(ctx, defaultEdgeCreateTimeout)
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

	taskID, err := r.scaleOut(ctx, clusterID, body)
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

	task, waitErr := r.waitTask(ctx, taskID, "scale-out of cluster "+clusterID)
	if task != nil {
		// Record the instances even when the task failed, so destroying the tainted resource removes them.
		ids := task.instanceIDs()
		nodes, err := r.findNodes(ctx, clusterID, ids)
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

	ids := listStrings(state.InstanceIDs)
	if len(ids) == 0 && taskID != "" {
		// Right after an import (or a create that failed before its task reported): the task knows what was bought.
		task, err := r.describeTask(ctx, taskID)
		switch {
		case client.IsNotFound(err):
			resp.Diagnostics.AddWarning("ACK edge cluster no longer exists",
				fmt.Sprintf("Cluster %s is gone; removing %s from the state.", clusterID, state.ID.ValueString()))
			resp.State.RemoveResource(ctx)
			return
		case err != nil:
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

	nodes, err := r.findNodes(ctx, clusterID, ids)
	if client.IsNotFound(err) {
		resp.Diagnostics.AddWarning("ACK edge cluster no longer exists",
			fmt.Sprintf("Cluster %s is gone; removing %s from the state.", clusterID, state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
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
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateUnread, nil)...)
}

func (r *edgeScaleOutResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state edgeScaleOutModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultEdgeDeleteTimeout)
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
	ids := listStrings(state.InstanceIDs)
	if len(ids) == 0 {
		ids = idInstances
	}
	removed, err := r.removeNodes(ctx, clusterID, ids)
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
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateUnread, []byte("true"))...)
}

// ---- helpers ----

// privateUnread marks an imported resource: arguments still null in its state were not readable, so
// setting them in the configuration records them (Update) instead of replacing the nodes.
const privateUnread = "unread_arguments"

func unreadAfterImport(ctx context.Context, p interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}, stateNull bool) bool {
	if !stateNull || p == nil {
		return false
	}
	v, _ := p.GetKey(ctx, privateUnread)
	return string(v) == "true"
}

const replaceDescription = "Requires replacement, except to record a value that an import could not read back."

func replaceString() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !unreadAfterImport(ctx, req.Private, req.StateValue.IsNull())
	}, replaceDescription, replaceDescription)
}

func replaceInt64() planmodifier.Int64 {
	return int64planmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !unreadAfterImport(ctx, req.Private, req.StateValue.IsNull())
	}, replaceDescription, replaceDescription)
}

func replaceBool() planmodifier.Bool {
	return boolplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !unreadAfterImport(ctx, req.Private, req.StateValue.IsNull())
	}, replaceDescription, replaceDescription)
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

// scaleOutBody is the edge ScaleOutCluster request (document 004).
type scaleOutBody struct {
	Count                 int64  `json:"count"`
	WorkerInstanceType    string `json:"worker_instance_type"`
	ENSRegionID           string `json:"ens_region_id"`
	WorkerImageID         string `json:"worker_image_id"`
	ENSInternetChargeType string `json:"ens_internet_charge_type"`
	WorkerPeriod          int64  `json:"worker_period"`
	WorkerAutoRenew       bool   `json:"worker_auto_renew"`
	WorkerAutoRenewPeriod *int64 `json:"worker_auto_renew_period,omitempty"`
	LoginPassword         string `json:"login_password"`
	WorkerSystemDiskSize  int64  `json:"worker_system_disk_size"`
	WorkerDataDiskSize    int64  `json:"worker_data_disk_size"`
	IsEdgeWorker          bool   `json:"is_edge_worker"`
	TimeoutMins           *int64 `json:"timeout_mins,omitempty"`
}

func expandScaleOut(m *edgeScaleOutModel, password string) *scaleOutBody {
	return &scaleOutBody{
		Count:                 m.Count.ValueInt64(),
		WorkerInstanceType:    m.WorkerInstanceType.ValueString(),
		ENSRegionID:           m.ENSRegionID.ValueString(),
		WorkerImageID:         m.WorkerImageID.ValueString(),
		ENSInternetChargeType: m.ENSInternetChargeType.ValueString(),
		WorkerPeriod:          m.WorkerPeriod.ValueInt64(),
		WorkerAutoRenew:       m.WorkerAutoRenew.ValueBool(),
		WorkerAutoRenewPeriod: m.WorkerAutoRenewPeriod.ValueInt64Pointer(),
		LoginPassword:         password,
		WorkerSystemDiskSize:  m.WorkerSystemDiskSize.ValueInt64(),
		WorkerDataDiskSize:    m.WorkerDataDiskSize.ValueInt64(),
		IsEdgeWorker:          m.IsEdgeWorker.ValueBool(),
		TimeoutMins:           m.TimeoutMins.ValueInt64Pointer(),
	}
}

// scaleOut sends ScaleOutCluster. The call buys machines and carries no idempotency token, so it is never
// repeated blindly: after an ambiguous failure (dropped connection, timeout, 5xx) the cluster's task list
// is compared with a snapshot taken before the first attempt, and a new scale-out task with our parameters
// is adopted. Only when none appears is the request sent again. Rejections before acceptance (throttling,
// 503) are retried by the client itself.
//
// Scale-outs of one cluster by this provider process are serialised from the snapshot until the task id is
// known (not during the wait), so that identical resources of one configuration never mistake each other's
// tasks for their own.
func (r *edgeScaleOutResource) scaleOut(ctx context.Context, clusterID string, body *scaleOutBody) (string, error) {
	lock, _ := scaleOutLocks.LoadOrStore(clusterID, &sync.Mutex{})
	mu := lock.(*sync.Mutex) //nolint:forcetypeassert // scaleOutLocks only ever holds *sync.Mutex
	mu.Lock()
	defer mu.Unlock()

	before, err := r.clusterTaskIDs(ctx, clusterID)
	if err != nil {
		return "", err
	}
	const maxAttempts = 3
	for attempt := 1; ; attempt++ {
		var out struct {
			TaskID string `json:"task_id"`
		}
		_, err := r.client.ROA(ctx, client.ROACall{
			Product: client.ProductCS, Version: client.VersionCS, Action: "ScaleOutCluster",
			Method: "POST", Path: "/api/v2/clusters/" + url.PathEscape(clusterID), Body: body,
			Retry: client.RetryPolicy{NotIdempotent: true},
		}, &out)
		if err == nil {
			if out.TaskID == "" {
				return "", fmt.Errorf("ScaleOutCluster answered without a task_id")
			}
			return out.TaskID, nil
		}
		if !client.IsAmbiguous(err) {
			return "", err
		}
		tflog.Warn(ctx, "ScaleOutCluster outcome unknown; looking for its task before any retry", map[string]any{"error": err.Error(), "attempt": attempt})
		taskID, ferr := r.findOwnScaleOut(ctx, clusterID, before, body)
		switch {
		case ferr != nil:
			return "", fmt.Errorf("%w; looking for its task failed too: %v. Check the tasks of cluster %s before applying again, so the nodes are not bought twice", err, ferr, clusterID)
		case taskID != "":
			tflog.Info(ctx, "ScaleOutCluster had been applied; adopting its task", map[string]any{"task_id": taskID})
			return taskID, nil
		case attempt >= maxAttempts:
			// The last attempt may still be applied after the looks: say so, or the nodes could be bought twice.
			return "", fmt.Errorf("%w; after %d attempts no new scale-out task was found, but the last request may still "+
				"have been applied: check the tasks of cluster %s (and import a task with <cluster_id>:<task_id>) before applying again",
				err, attempt, clusterID)
		}
		tflog.Info(ctx, "ScaleOutCluster had not been applied; sending it again", map[string]any{"attempt": attempt + 1})
	}
}

// scaleOutLocks holds one mutex per cluster id.
var scaleOutLocks sync.Map

// findOwnScaleOut looks a few times (the task list may lag) for a scale-out task that is not in before and
// whose parameters match body. It returns "" when there is none, and an error when it cannot tell.
func (r *edgeScaleOutResource) findOwnScaleOut(ctx context.Context, clusterID string, before map[string]bool, body *scaleOutBody) (string, error) {
	want := comparableParams(body)
	checked := map[string]string{} // task id → "match", "other" or "unknown"
	// Three looks over about seven first-poll delays (about 7 s with the default first poll of 1 s) let a lagging task list
	// catch up before the request is considered lost.
	delay := 2 * r.client.PollConfig().InitialDelay
	for look := 0; look < 3; look++ {
		if look > 0 {
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return "", ctx.Err()
			case <-t.C:
			}
			delay *= 2
		}
		tasks, err := r.listClusterTasks(ctx, clusterID)
		if err != nil {
			return "", err
		}
		var match, unknown []string
		for _, t := range tasks {
			if before[t.TaskID] || t.TaskType != "cluster_scaleout" {
				continue
			}
			if _, ok := checked[t.TaskID]; !ok {
				info, err := r.describeTask(ctx, t.TaskID)
				if err != nil {
					return "", err
				}
				checked[t.TaskID] = paramsVerdict(want, info.Parameters)
			}
			switch checked[t.TaskID] {
			case "match":
				match = append(match, t.TaskID)
			case "unknown":
				unknown = append(unknown, t.TaskID)
			}
		}
		switch {
		case len(match) == 1 && len(unknown) == 0:
			return match[0], nil
		case len(match) == 0 && len(unknown) == 1:
			// The API did not report the task's parameters; a single new scale-out is taken to be ours.
			return unknown[0], nil
		case len(match)+len(unknown) > 1:
			return "", fmt.Errorf("several new scale-out tasks could be this one (%s); import the right one with <cluster_id>:<task_id>",
				strings.Join(append(match, unknown...), ", "))
		}
	}
	return "", nil
}

// comparableParams renders the request as DescribeTaskInfo reports parameters, without the password.
func comparableParams(body *scaleOutBody) map[string]string {
	raw, _ := json.Marshal(body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	delete(m, "login_password")
	out := map[string]string{}
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

func paramsVerdict(want map[string]string, got map[string]any) string {
	if len(got) == 0 {
		return "unknown"
	}
	for k, v := range want {
		g, ok := got[k]
		if !ok {
			continue // the API may leave out optional parameters
		}
		if fmt.Sprint(g) != v {
			return "other"
		}
	}
	return "match"
}

type clusterTask struct {
	TaskID   string `json:"task_id"`
	TaskType string `json:"task_type"`
	State    string `json:"state"`
}

// listClusterTasks pages through DescribeClusterTasks (GET /clusters/{id}/tasks).
func (r *edgeScaleOutResource) listClusterTasks(ctx context.Context, clusterID string) ([]clusterTask, error) {
	const size = 100
	var all []clusterTask
	for page := 1; ; page++ {
		var out struct {
			Tasks    []clusterTask `json:"tasks"`
			PageInfo struct {
				TotalCount int `json:"total_count"`
			} `json:"page_info"`
		}
		_, err := r.client.ROA(ctx, client.ROACall{
			Product: client.ProductCS, Version: client.VersionCS, Action: "DescribeClusterTasks", Method: "GET",
			Path:  "/clusters/" + url.PathEscape(clusterID) + "/tasks",
			Query: map[string]string{"page_number": strconv.Itoa(page), "page_size": strconv.Itoa(size)},
		}, &out)
		if err != nil {
			return nil, err
		}
		all = append(all, out.Tasks...)
		if len(out.Tasks) < size || len(all) >= out.PageInfo.TotalCount {
			return all, nil
		}
	}
}

func (r *edgeScaleOutResource) clusterTaskIDs(ctx context.Context, clusterID string) (map[string]bool, error) {
	tasks, err := r.listClusterTasks(ctx, clusterID)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(tasks))
	for _, t := range tasks {
		ids[t.TaskID] = true
	}
	return ids, nil
}

// taskInfo is DescribeTaskInfo's answer (the fields used here).
type taskInfo struct {
	TaskID     string         `json:"task_id"`
	ClusterID  string         `json:"cluster_id"`
	TaskType   string         `json:"task_type"`
	State      string         `json:"state"`
	Parameters map[string]any `json:"parameters"`
	Error      *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	TaskResult json.RawMessage `json:"task_result"`
}

type taskResultItem struct {
	Data   string `json:"data"`
	Status string `json:"status"`
}

// instanceIDs reads task_result in both documented shapes: the current array [{data, status}] and the
// older object {"task": [{data, status}]} (REFERENCE §8.1 CONFLICT).
func (t *taskInfo) instanceIDs() []string {
	var items []taskResultItem
	if err := json.Unmarshal(t.TaskResult, &items); err != nil {
		var wrapped struct {
			Task []taskResultItem `json:"task"`
		}
		if json.Unmarshal(t.TaskResult, &wrapped) == nil {
			items = wrapped.Task
		}
	}
	var ids []string
	for _, it := range items {
		if it.Data != "" && !slices.Contains(ids, it.Data) {
			ids = append(ids, it.Data)
		}
	}
	return ids
}

func (t *taskInfo) failure() string {
	if t.Error == nil {
		return ""
	}
	if t.Error.Code == "" {
		return t.Error.Message
	}
	return t.Error.Code + ": " + t.Error.Message
}

func (r *edgeScaleOutResource) describeTask(ctx context.Context, taskID string) (*taskInfo, error) {
	var t taskInfo
	_, err := r.client.ROA(ctx, client.ROACall{
		Product: client.ProductCS, Version: client.VersionCS, Action: "DescribeTaskInfo", Method: "GET",
		Path: "/tasks/" + url.PathEscape(taskID),
	}, &t)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// waitTask polls DescribeTaskInfo until success; failed (or the older "fail") ends it with the task's error.
// It returns the last task read, also on failure.
func (r *edgeScaleOutResource) waitTask(ctx context.Context, taskID, what string) (*taskInfo, error) {
	var last *taskInfo
	_, err := r.client.Wait(ctx, client.WaitSpec{
		Description: fmt.Sprintf("ACK task %s (%s) to succeed", taskID, what),
		Target:      []string{"success"},
		Failure:     []string{"failed", "fail"},
		Refresh: func(ctx context.Context) (any, string, error) {
			t, err := r.describeTask(ctx, taskID)
			if client.IsCode(err, "ErrorTaskNotFound") {
				return nil, "", nil // just created: tolerated for a few polls
			}
			if err != nil {
				return nil, "", err
			}
			last = t
			return t, t.State, nil
		},
		FailureMessage: func(obj any) string {
			if t, ok := obj.(*taskInfo); ok {
				return t.failure()
			}
			return ""
		},
	})
	return last, err
}

// clusterNode is a DescribeClusterNodes item (the fields used here).
type clusterNode struct {
	InstanceID         string `json:"instance_id"`
	NodeName           string `json:"node_name"`
	State              string `json:"state"`
	InstanceType       string `json:"instance_type"`
	ImageID            string `json:"image_id"`
	InstanceChargeType string `json:"instance_charge_type"`
	ExpiredTime        string `json:"expired_time"`
}

// findNodes returns the cluster's nodes among ids, by instance id, through DescribeClusterNodes' instanceIds
// filter (in chunks, and every page of each). A missing cluster is an ErrorClusterNotFound error, never
// "no nodes".
func (r *edgeScaleOutResource) findNodes(ctx context.Context, clusterID string, ids []string) (map[string]*clusterNode, error) {
	const chunk, size = 50, 100
	found := map[string]*clusterNode{}
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		for page := 1; ; page++ {
			var out struct {
				Nodes []*clusterNode `json:"nodes"`
				Page  struct {
					TotalCount int `json:"total_count"`
				} `json:"page"`
			}
			_, err := r.client.ROA(ctx, client.ROACall{
				Product: client.ProductCS, Version: client.VersionCS, Action: "DescribeClusterNodes", Method: "GET",
				Path: "/clusters/" + url.PathEscape(clusterID) + "/nodes",
				Query: map[string]string{
					"instanceIds": strings.Join(part, ","), "pageNumber": strconv.Itoa(page), "pageSize": strconv.Itoa(size),
				},
			}, &out)
			if err != nil {
				return nil, err
			}
			for _, n := range out.Nodes {
				if slices.Contains(part, n.InstanceID) {
					found[n.InstanceID] = n
				}
			}
			if len(out.Nodes) < size || page*size >= out.Page.TotalCount {
				break
			}
		}
	}
	return found, nil
}

// setNodes records the instances that are nodes of the cluster (all of ids when keepMissing) and their
// node names; when reading (not keepMissing) count follows the nodes still present.
func setNodes(m *edgeScaleOutModel, ids []string, nodes map[string]*clusterNode, dropMissing bool) {
	var instances, names []attr.Value
	for _, id := range ids {
		n := nodes[id]
		if n == nil && dropMissing {
			continue
		}
		instances = append(instances, types.StringValue(id))
		name := ""
		if n != nil {
			name = n.NodeName
			if m.WorkerInstanceType.IsNull() && n.InstanceType != "" {
				m.WorkerInstanceType = types.StringValue(n.InstanceType)
			}
			if m.WorkerImageID.IsNull() && n.ImageID != "" {
				m.WorkerImageID = types.StringValue(n.ImageID)
			}
		}
		names = append(names, types.StringValue(name))
	}
	m.InstanceIDs = types.ListValueMust(types.StringType, instances)
	m.NodeNames = types.ListValueMust(types.StringType, names)
	if dropMissing {
		m.Count = types.Int64Value(int64(len(instances)))
	}
}

// fillFromParameters sets arguments that are still null (after an import) from the task's parameters.
func fillFromParameters(m *edgeScaleOutModel, p map[string]any) {
	str := func(dst *types.String, key string) {
		if s, ok := p[key].(string); ok && dst.IsNull() {
			*dst = types.StringValue(s)
		}
	}
	num := func(dst *types.Int64, key string) {
		if dst.IsNull() {
			if v, ok := asInt64(p[key]); ok {
				*dst = types.Int64Value(v)
			}
		}
	}
	boolean := func(dst *types.Bool, key string) {
		if dst.IsNull() {
			switch v := p[key].(type) {
			case bool:
				*dst = types.BoolValue(v)
			case string:
				if b, err := strconv.ParseBool(v); err == nil {
					*dst = types.BoolValue(b)
				}
			}
		}
	}
	str(&m.WorkerInstanceType, "worker_instance_type")
	str(&m.ENSRegionID, "ens_region_id")
	str(&m.WorkerImageID, "worker_image_id")
	str(&m.ENSInternetChargeType, "ens_internet_charge_type")
	num(&m.WorkerPeriod, "worker_period")
	num(&m.WorkerAutoRenewPeriod, "worker_auto_renew_period")
	num(&m.WorkerSystemDiskSize, "worker_system_disk_size")
	num(&m.WorkerDataDiskSize, "worker_data_disk_size")
	num(&m.TimeoutMins, "timeout_mins")
	boolean(&m.WorkerAutoRenew, "worker_auto_renew")
	boolean(&m.IsEdgeWorker, "is_edge_worker")
}

func asInt64(v any) (int64, bool) {
	switch t := v.(type) {
	case float64:
		return int64(t), t == float64(int64(t))
	case string:
		n, err := strconv.ParseInt(t, 10, 64)
		return n, err == nil
	}
	return 0, false
}

func listStrings(l types.List) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	for _, v := range l.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// removeNodes removes the nodes among ids that are still in the cluster, with release_node (this resource
// bought them) and drain_node, waits for the task and then until the nodes are gone. It returns the nodes
// it removed. A cluster that no longer exists has nothing left to remove.
func (r *edgeScaleOutResource) removeNodes(ctx context.Context, clusterID string, ids []string) ([]*clusterNode, error) {
	var taskID string
	var removed []*clusterNode
	for attempt := 1; ; attempt++ {
		nodes, err := r.findNodes(ctx, clusterID, ids)
		if client.IsNotFound(err) {
			return removed, nil
		}
		if err != nil {
			return nil, err
		}
		if len(nodes) == 0 {
			return removed, nil
		}
		var names []string
		removed = removed[:0]
		for _, id := range ids {
			if n := nodes[id]; n != nil {
				names = append(names, n.NodeName)
				removed = append(removed, n)
			}
		}
		var out struct {
			TaskID string `json:"task_id"`
		}
		_, err = r.client.ROA(ctx, client.ROACall{
			Product: client.ProductCS, Version: client.VersionCS, Action: "DeleteClusterNodes", Method: "POST",
			Path: "/clusters/" + url.PathEscape(clusterID) + "/nodes",
			Body: map[string]any{"nodes": names, "release_node": true, "drain_node": true},
		}, &out)
		// A node that vanished between the listing and the call: list again (at most twice more).
		if client.IsCode(err, "ErrorNodeNotFound") && attempt < 3 {
			continue
		}
		if client.IsNotFound(err) {
			return removed, nil
		}
		if err != nil {
			return nil, err
		}
		taskID = out.TaskID
		break
	}
	if taskID != "" {
		if _, err := r.waitTask(ctx, taskID, "removal of nodes from cluster "+clusterID); err != nil {
			return nil, err
		}
	}
	// The task is done; the nodes must be gone too (they may linger briefly in "removing").
	_, err := r.client.Wait(ctx, client.WaitSpec{
		Description:    fmt.Sprintf("nodes %s to leave ACK cluster %s", strings.Join(ids, ","), clusterID),
		TargetNotFound: true,
		Pending:        []string{"removing"},
		Poll:           client.PollConfig{InitialDelay: time.Millisecond},
		Refresh: func(ctx context.Context) (any, string, error) {
			nodes, err := r.findNodes(ctx, clusterID, ids)
			if client.IsNotFound(err) || (err == nil && len(nodes) == 0) {
				return nil, "", nil
			}
			if err != nil {
				return nil, "", err
			}
			for _, n := range nodes {
				if n.State != "removing" {
					return n, n.State, nil
				}
			}
			return nodes, "removing", nil
		},
	})
	return removed, err
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
// the others are the emulator's choices for conditions the documents describe without a code.
func init() {
	client.RegisterHints(client.ProductCS, map[string]string{
		"ErrorClusterNotFound":     "the cluster does not exist in this region: check cluster_id and the provider's region.",
		"ErrorClusterState":        "the cluster is not running (it may be upgrading, failed or stopped): wait until it is running, then apply again.",
		"ErrorClusterNotSupported": "ScaleOutCluster with ENS workers works only on ACK managed edge clusters (cluster type ManagedKubernetes, profile Edge).",
		"ErrorTaskNotFound":        "the task does not exist: check the task id (T-…) in the import id.",
		"ErrorNodeNotFound":        "a node named in the request is no longer in the cluster: refresh and apply again.",
		"InvalidParameter":         "the API rejected an argument: the message names it; fix the configuration.",
		"QPS Limit Exceeded":       "CS throttled the requests: the provider retried; lower -parallelism or max_requests_per_second.",
	})
}
