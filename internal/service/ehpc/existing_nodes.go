package ehpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
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

const (
	existingNodesDefaultCreateTimeout = 30 * time.Minute
	existingNodesDefaultUpdateTimeout = 30 * time.Minute
	existingNodesDefaultDeleteTimeout = 30 * time.Minute
	// existingNodesPageSize is ListNodes' largest page.
	existingNodesPageSize = 100
	// existingNodesMaxIDs is AddExistedNodes' limit on Instance.N.Id.
	existingNodesMaxIDs = 100
)

// existingNodesBusyCodes mean "the cluster is busy with something else": another node operation is running
// (ConflictOpt) or the cluster is not in a state that accepts node changes yet (InvalidClusterStatus, e.g.
// while it is still being created in the same apply). Both are retried until the resource's timeout.
var existingNodesBusyCodes = []string{"ConflictOpt", "InvalidClusterStatus"}

// instanceIDPattern is the shape of an ECS instance id (i-bp16mxn6mt3t7ftk****): "i-" and lower-case letters
// and digits.
var instanceIDPattern = regexp.MustCompile(`^i-[a-z0-9]+$`)

type existingNodesModel struct {
	ID                        types.String   `tfsdk:"id"`
	ClusterID                 types.String   `tfsdk:"cluster_id"`
	ImageID                   types.String   `tfsdk:"image_id"`
	ImageOwnerAlias           types.String   `tfsdk:"image_owner_alias"`
	InstanceIDs               types.Set      `tfsdk:"instance_ids"`
	JobQueue                  types.String   `tfsdk:"job_queue"`
	ReleaseInstancesOnDestroy types.Bool     `tfsdk:"release_instances_on_destroy"`
	TaskID                    types.String   `tfsdk:"task_id"`
	Nodes                     types.List     `tfsdk:"nodes"`
	Timeouts                  timeouts.Value `tfsdk:"timeouts"`
}

// existingNodeModel is one element of nodes.
type existingNodeModel struct {
	ID        types.String `tfsdk:"id"`
	HostName  types.String `tfsdk:"host_name"`
	Status    types.String `tfsdk:"status"`
	IPAddress types.String `tfsdk:"ip_address"`
}

var existingNodeAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"host_name":  types.StringType,
	"status":     types.StringType,
	"ip_address": types.StringType,
}

func (r *existingNodesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ehpc_existing_nodes"
}

func (r *existingNodesResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds ECS instances that you already own to an E-HPC cluster as compute nodes " +
			"(E-HPC API 2018-04-12 `AddExistedNodes`). The instances must be **Stopped** and in no cluster; joining " +
			"**replaces their operating system** with `image_id`. On destroy the nodes leave the cluster and the " +
			"instances stay in your account, stopped — unless `release_instances_on_destroy` is set.\n\n" +
			"Adding ids to `instance_ids` or removing ids from it changes the cluster **in place**: removed instances " +
			"leave the cluster, added ones join (and are re-imaged), the others are not touched. Changing " +
			"`cluster_id`, `image_id`, `image_owner_alias` or `job_queue` replaces the resource: every node leaves and " +
			"the instances join again. Timeouts (`timeouts`): create, update and delete 30 minutes each by default.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<cluster_id>:<instance ids, sorted, comma-separated>`; also the import id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the E-HPC cluster (e.g. `ehpc-hz-FYUr32****`). The cluster must be running. Changing it replaces the resource.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       replace,
			},
			"image_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Image the instances are re-installed with when they join. Its OS family and major " +
					"version must match the cluster's image (a CentOS 7 cluster takes only CentOS 7 images), otherwise the " +
					"API answers `ImageNotSupported`. Read back only on import. Changing it replaces the resource.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: replace,
			},
			"image_owner_alias": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("system"),
				MarkdownDescription: "Kind of `image_id`: `system` (public image, the default), `self` (custom image), " +
					"`others` (shared image) or `marketplace`. Read back only on import. Changing it replaces the resource.",
				Validators:    []validator.String{stringvalidator.OneOf("system", "self", "others", "marketplace")},
				PlanModifiers: replace,
			},
			"instance_ids": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: fmt.Sprintf("IDs of the ECS instances to add (1 to %d, each `i-` followed by lower-case "+
					"letters and digits; a set, so an id listed twice counts once). They must be Stopped and not in any cluster, and run on hosts different from the "+
					"cluster's other compute nodes. Updated in place: removed instances leave the cluster (and are released "+
					"only with `release_instances_on_destroy`), added instances join. Read back: an instance that left the "+
					"cluster outside Terraform drops out of this set, and the next apply adds it again.", existingNodesMaxIDs),
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, existingNodesMaxIDs),
					setvalidator.ValueStringsAre(
						stringvalidator.LengthAtLeast(1),
						stringvalidator.RegexMatches(instanceIDPattern, "must be an ECS instance id: \"i-\" followed by lower-case letters and digits"),
					),
				},
			},
			"job_queue": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Queue of the cluster the nodes join (e.g. `workq`); the scheduler's default queue when " +
					"unset. Not read back (the API does not report a node's queue): after an import the first apply only " +
					"records the configured value, in place and without any API call. Changing it replaces the resource.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(jobQueueRequiresReplace,
					"Replaces the resource, except to record the configured queue after an import.",
					"Replaces the resource, except to record the configured queue after an import.")},
			},
			"release_instances_on_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "**Danger: `true` DELETES ECS instances and their disks: all of them when this " +
					"resource is destroyed or replaced, and each one removed from `instance_ids`.** The instances were yours " +
					"before they joined the cluster, so the default `false` only removes them from the cluster and leaves them in " +
					"your account, stopped. Can be changed in place; it only matters when nodes are removed.",
			},
			"task_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ID of the E-HPC task that added the nodes (see the `ListTasks` API). Empty after an import.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"nodes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The nodes as the cluster reports them (`ListNodes`), sorted by `id`; refreshed on every read.",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "ECS instance id."},
						"host_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "Host name of the node in the cluster."},
						"status":     schema.StringAttribute{Computed: true, MarkdownDescription: "Node status: `running` once joined; also `initing`, `exception`, `releasing`, `stopped`, …"},
						"ip_address": schema.StringAttribute{Computed: true, MarkdownDescription: "Private IP address."},
					},
				},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
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
	plan.Nodes = types.ListUnknown(types.ObjectType{AttrTypes: existingNodeAttrTypes})
	if isFullyKnown(plan.InstanceIDs) && !plan.ClusterID.IsUnknown() {
		want, diags := setStrings(ctx, plan.InstanceIDs)
		had, d := setStrings(ctx, state.InstanceIDs)
		resp.Diagnostics.Append(append(diags, d...)...)
		plan.ID = types.StringValue(existingNodesID(plan.ClusterID.ValueString(), want))
		if len(difference(want, had)) == 0 {
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
	timeout, diags := plan.Timeouts.Create(ctx, existingNodesDefaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	ids, diags := setStrings(ctx, plan.InstanceIDs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	plan.Nodes = types.ListValueMust(types.ObjectType{AttrTypes: existingNodeAttrTypes}, nil)
	kept, diags := r.join(ctx, &plan, nil, ids, &resp.State)
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
	ids, diags := setStrings(ctx, state.InstanceIDs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID := state.ClusterID.ValueString()
	found, err := r.findNodes(ctx, clusterID, ids)
	switch {
	case client.IsNotFound(err):
		resp.Diagnostics.AddWarning("E-HPC cluster no longer exists",
			fmt.Sprintf("Cluster %s was not found (ClusterNotFound), so its nodes are gone; removing %s from the state. "+
				"The next plan adds the instances again if the cluster exists.", clusterID, state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(client.ErrorDiagnostic("Reading E-HPC existing nodes", err))
		return
	case len(found) == 0:
		resp.Diagnostics.AddWarning("E-HPC nodes removed outside Terraform",
			fmt.Sprintf("None of the instances %s is a node of cluster %s any more; removing the resource from the state. "+
				"The next plan adds them again.", strings.Join(ids, ", "), clusterID))
		resp.State.RemoveResource(ctx)
		return
	}
	present := make([]string, 0, len(found))
	for _, id := range ids {
		if _, ok := found[id]; ok {
			present = append(present, id)
		}
	}
	if len(present) < len(ids) {
		tflog.Warn(ctx, "some nodes left the cluster outside Terraform", map[string]any{
			"cluster_id": clusterID, "missing": len(ids) - len(present)})
	}
	state.InstanceIDs, diags = types.SetValueFrom(ctx, types.StringType, present)
	resp.Diagnostics.Append(diags...)
	state.ID = types.StringValue(existingNodesID(clusterID, present))
	// The image is read back only when unknown (import): whether ListNodes reports the image the node was
	// added with or the cluster's is not documented, and a wrong guess would replace the nodes on every plan.
	first := found[present[0]]
	if state.ImageID.IsNull() || state.ImageID.ValueString() == "" {
		state.ImageID = types.StringValue(first.ImageID)
	}
	if state.ImageOwnerAlias.IsNull() || state.ImageOwnerAlias.ValueString() == "" {
		alias := first.ImageOwnerAlias
		if alias == "" {
			alias = "system"
		}
		state.ImageOwnerAlias = types.StringValue(alias)
	}
	if state.TaskID.IsNull() {
		state.TaskID = types.StringValue("")
	}
	state.Nodes, diags = nodesValue(ctx, found, present)
	resp.Diagnostics.Append(diags...)
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
	timeout, diags := plan.Timeouts.Update(ctx, existingNodesDefaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	want, diags := setStrings(ctx, plan.InstanceIDs)
	resp.Diagnostics.Append(diags...)
	had, diags := setStrings(ctx, state.InstanceIDs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	clusterID := state.ClusterID.ValueString()
	removed, added := difference(had, want), difference(want, had)
	kept := difference(had, removed)

	cur := state
	cur.ReleaseInstancesOnDestroy = plan.ReleaseInstancesOnDestroy
	cur.Timeouts = plan.Timeouts
	// Any other change of job_queue replaces the resource: here it is the first apply after an import, which
	// records the configured queue (jobQueueRequiresReplace).
	cur.JobQueue = plan.JobQueue
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, existingNodesImportedKey, nil)...)
	if len(removed) > 0 {
		if err := r.leave(ctx, clusterID, removed, plan.ReleaseInstancesOnDestroy.ValueBool()); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic("Removing nodes from an E-HPC cluster", err))
			// Some may have left: keep the prior membership; the next refresh shows what is still there.
			resp.Diagnostics.Append(resp.State.Set(ctx, &cur)...)
			return
		}
		resp.Diagnostics.Append(cur.setMembers(ctx, kept)...)
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
	found, err := r.findNodes(ctx, clusterID, kept)
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Reading E-HPC nodes", err))
	} else {
		cur.Nodes, diags = nodesValue(ctx, found, kept)
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
	timeout, diags := state.Timeouts.Delete(ctx, existingNodesDefaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	ids, diags := setStrings(ctx, state.InstanceIDs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := r.leave(ctx, state.ClusterID.ValueString(), ids, state.ReleaseInstancesOnDestroy.ValueBool()); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Removing existing nodes from an E-HPC cluster", err))
	}
}

// ImportState takes "<cluster_id>:<instance_id>,<instance_id>…"; Read fills in the rest.
func (r *existingNodesResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	clusterID, ids, err := parseExistingNodesID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	set, diags := types.SetValueFrom(ctx, types.StringType, ids)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), existingNodesID(clusterID, ids))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_id"), clusterID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("instance_ids"), set)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("release_instances_on_destroy"), false)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, existingNodesImportedKey, []byte("true"))...)
}

// existingNodesImportedKey marks, in the private state, a resource imported and not yet applied: the API
// never reports job_queue, so the first plan records the configured queue instead of re-adding (and so
// re-imaging) every instance.
const existingNodesImportedKey = "imported"

func jobQueueRequiresReplace(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = true
	if !req.StateValue.IsNull() || req.Private == nil {
		return
	}
	if marker, d := req.Private.GetKey(ctx, existingNodesImportedKey); !d.HasError() && string(marker) == "true" {
		resp.RequiresReplace = false
	}
}

// Helpers.

// The node API's hints are registered for its actions only: the cluster resource registers its own advice for
// codes both APIs answer (InvalidParams, ImageNotFound, ClusterNotFound, …).
func init() {
	client.RegisterActionHints(client.ProductEHPC, []string{"AddExistedNodes", "ListNodes", "DeleteNodes", "ListTasks"}, map[string]string{
		"InvalidParams": "a parameter was rejected (the message names it): for AddExistedNodes check that every instance exists, is Stopped, and is in no cluster.",
		"NotEnabled":    "E-HPC is not activated for this account: activate it in the E-HPC console first.",
		"InDebt":        "the account has overdue payments: settle them in the billing console, then retry.",
		"TooManyComputes": "the cluster's compute node quota (its maximum node count) would be exceeded: add fewer instances, " +
			"remove nodes, or raise the cluster's maximum count.",
		"InvalidClusterStatus": "the cluster is not in a state that allows this operation (it must be running): wait for it or check it in the console.",
		"InvalidOpt":           "the service refused the operation for now: try again later; if it persists, open a ticket with the request id.",
		"ConflictOpt":          "another operation on this cluster is still running: the provider waited until the timeout; raise timeouts or retry later.",
		"ImageNotSupported":    "image_id must have the same OS family and major version as the cluster's image (e.g. CentOS 7 for a CentOS 7 cluster).",
		"ImageNotFound":        "image_id does not exist in this region, or image_owner_alias does not match its kind (system, self, others, marketplace).",
		"ClusterNotFound":      "the E-HPC cluster does not exist in this region: check cluster_id and the provider's region.",
		"VolumeNotFound":       "a shared storage volume of the cluster is missing: check the cluster's storage in the console.",
		"ManagerNotFound":      "the cluster's manager nodes are missing or unhealthy: repair the cluster before adding nodes.",
		"ObjectNotFound":       "an object named in the request does not exist: check cluster_id and instance_ids.",
		"EcsError":             "the underlying ECS call failed (the message has ECS's reason): check the instances in the ECS console.",
		"DbError":              "E-HPC's database failed: retry later; if it persists, open a ticket with the request id.",
		"AliyunError":          "another Alibaba Cloud product failed (the message says which): retry later or open a ticket.",
		"NotAuthorized":        "the RAM user or role lacks permission for this E-HPC action: grant it (e.g. AliyunEHPCFullAccess) in the RAM console.",
		"PartFailure":          "part of the batch failed: the error lists which instances; fix them and apply again.",
		"UnknownError":         "E-HPC failed with an unknown error: retry; if it persists, open a ticket with the request id.",
		"ServiceUnavailable":   "E-HPC is temporarily unavailable: the provider retried; try again later.",
	})
}

// existingNodesID is "<cluster_id>:<sorted, comma-joined instance ids>".
func existingNodesID(clusterID string, ids []string) string {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	return clusterID + ":" + strings.Join(s, ",")
}

func parseExistingNodesID(id string) (string, []string, error) {
	clusterID, list, ok := strings.Cut(id, ":")
	if !ok || strings.TrimSpace(clusterID) == "" || strings.TrimSpace(list) == "" {
		return "", nil, fmt.Errorf("expected <cluster_id>:<instance_id>[,<instance_id>…], got %q", id)
	}
	seen := map[string]bool{}
	var ids []string
	for _, raw := range strings.Split(list, ",") {
		s := strings.TrimSpace(raw)
		if !instanceIDPattern.MatchString(s) {
			return "", nil, fmt.Errorf("%q in import id %q is not an ECS instance id (i-…)", s, id)
		}
		if !seen[s] {
			seen[s] = true
			ids = append(ids, s)
		}
	}
	if len(ids) > existingNodesMaxIDs {
		return "", nil, fmt.Errorf("import id %q lists %d instances; at most %d are allowed", id, len(ids), existingNodesMaxIDs)
	}
	sort.Strings(ids)
	return strings.TrimSpace(clusterID), ids, nil
}

func setStrings(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	var ids []string
	diags := s.ElementsAs(ctx, &ids, false)
	sort.Strings(ids)
	return ids, diags
}

// ehpcNode is the part of a 2018 ListNodes NodeInfo the resource uses.
type ehpcNode struct {
	ID              string `json:"Id"`
	HostName        string `json:"HostName"`
	Status          string `json:"Status"`
	IPAddress       string `json:"IpAddress"`
	ImageID         string `json:"ImageId"`
	ImageOwnerAlias string `json:"ImageOwnerAlias"`
}

// ehpcTask is a 2018 ListTasks TaskInfo.
type ehpcTask struct {
	TaskID string `json:"TaskId"`
	Status string `json:"Status"`
	Errors string `json:"Errors"`
	// Request is the JSON of the task's request (used to recognise our task after a lost response).
	Request string `json:"Request"`
}

func instanceParams(params map[string]string, ids []string) map[string]string {
	for i, id := range ids {
		params[fmt.Sprintf("Instance.%d.Id", i+1)] = id
	}
	return params
}

// addExistedNodes calls AddExistedNodes and returns the task id. The call is not idempotent, so after an
// ambiguous failure (the answer was lost) it looks at the cluster before trying again: instances that already
// show up as nodes mean the call was applied. A repeat could not add a node twice anyway (the API refuses
// instances that are already in a cluster), but it would fail instead of adopting the running task.
func (r *existingNodesResource) addExistedNodes(ctx context.Context, plan *existingNodesModel, ids []string) (string, error) {
	clusterID := plan.ClusterID.ValueString()
	params := map[string]string{
		"ClusterId":       clusterID,
		"ImageId":         plan.ImageID.ValueString(),
		"ImageOwnerAlias": plan.ImageOwnerAlias.ValueString(),
	}
	if q := plan.JobQueue.ValueString(); q != "" {
		params["JobQueue"] = q
	}
	instanceParams(params, ids)
	const attempts = 3
	var lastErr error
	for attempt := 0; attempt < attempts; attempt++ {
		var out struct {
			TaskID string `json:"TaskId"`
		}
		_, err := r.client.RPC(ctx, rpc2018("AddExistedNodes", params,
			client.RetryPolicy{NotIdempotent: true, BusyCodes: existingNodesBusyCodes}), &out)
		if err == nil {
			return out.TaskID, nil
		}
		if !client.IsAmbiguous(err) {
			return "", err
		}
		lastErr = err
		tflog.Warn(ctx, "AddExistedNodes outcome unknown; looking at the cluster before trying again", map[string]any{"error": err.Error()})
		found, lerr := r.findNodes(ctx, clusterID, ids)
		if lerr != nil {
			return "", fmt.Errorf("%w; and the cluster could not be checked: %v", err, lerr)
		}
		if len(found) > 0 {
			taskID, terr := r.findAddTask(ctx, clusterID, ids)
			if terr != nil {
				tflog.Warn(ctx, "the AddExistedNodes task could not be identified; waiting on the nodes instead", map[string]any{"error": terr.Error()})
			}
			return taskID, nil
		}
	}
	return "", lastErr
}

// findAddTask looks among the cluster's recent tasks for the one adding ids ("" when none matches).
func (r *existingNodesResource) findAddTask(ctx context.Context, clusterID string, ids []string) (string, error) {
	var out struct {
		Tasks json.RawMessage `json:"Tasks"`
	}
	_, err := r.client.RPC(ctx, rpc2018("ListTasks", map[string]string{
		"ClusterId": clusterID, "Archived": "true", "PageSize": "50",
	}, client.RetryPolicy{}), &out)
	if err != nil {
		return "", err
	}
	tasks, err := decodeTasks(out.Tasks)
	if err != nil {
		return "", err
	}
	for _, t := range tasks {
		all := true
		for _, id := range ids {
			if !strings.Contains(t.Request, id) {
				all = false
				break
			}
		}
		if all {
			return t.TaskID, nil
		}
	}
	return "", nil
}

// decodeTasks accepts ListTasks' Tasks both as an array (as the SDK declares it) and wrapped in
// {"TaskInfo": […]} (as other 2018 list fields are).
func decodeTasks(raw json.RawMessage) ([]ehpcTask, error) {
	var tasks []ehpcTask
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '[' {
		if err := json.Unmarshal(raw, &tasks); err != nil {
			return nil, fmt.Errorf("decoding ListTasks: %w", err)
		}
		return tasks, nil
	}
	var wrapped struct {
		TaskInfo []ehpcTask `json:"TaskInfo"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return nil, fmt.Errorf("decoding ListTasks: %w", err)
	}
	return wrapped.TaskInfo, nil
}

// getTask reads one task (nil when the service does not know it).
func (r *existingNodesResource) getTask(ctx context.Context, clusterID, taskID string) (*ehpcTask, error) {
	var out struct {
		Tasks json.RawMessage `json:"Tasks"`
	}
	// Archived=true: with the default, a finished task may no longer be listed (REFERENCE §7.4).
	_, err := r.client.RPC(ctx, rpc2018("ListTasks", map[string]string{
		"ClusterId": clusterID, "TaskId": taskID, "Archived": "true",
	}, client.RetryPolicy{}), &out)
	if err != nil {
		return nil, err
	}
	tasks, err := decodeTasks(out.Tasks)
	if err != nil {
		return nil, err
	}
	for i := range tasks {
		if tasks[i].TaskID == taskID {
			return &tasks[i], nil
		}
	}
	return nil, nil
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
	taskID, err := r.addExistedNodes(ctx, m, add)
	if err != nil {
		diags.Append(client.ErrorDiagnostic(summary, err))
		return len(members) > 0, diags
	}
	tflog.Info(ctx, "AddExistedNodes accepted", map[string]any{"cluster_id": clusterID, "task_id": taskID, "instances": len(add)})
	all := append(append([]string(nil), members...), add...)
	sort.Strings(all)
	diags.Append(m.setMembers(ctx, all)...)
	m.TaskID = types.StringValue(taskID)
	if m.Nodes.IsUnknown() {
		m.Nodes = types.ListValueMust(types.ObjectType{AttrTypes: existingNodeAttrTypes}, nil)
	}
	diags.Append(st.Set(ctx, m)...)
	if diags.HasError() {
		return true, diags
	}

	if taskID != "" {
		failed, err := r.waitAddTask(ctx, clusterID, add, taskID)
		if err != nil {
			diags.Append(client.ErrorDiagnostic(summary, err))
			return true, diags
		}
		if failed != nil {
			return r.recordPartialJoin(ctx, m, all, add, taskID, failed, st)
		}
	}
	found, err := r.waitNodesRunning(ctx, clusterID, add)
	if err != nil {
		diags.Append(client.ErrorDiagnostic(summary, err))
	}
	var lerr error
	if len(members) > 0 || found == nil {
		// The wait looked at the added instances only.
		found, lerr = r.findNodes(ctx, clusterID, all)
	}
	if lerr != nil {
		diags.Append(client.ErrorDiagnostic("Reading E-HPC nodes", lerr))
	} else {
		var d diag.Diagnostics
		m.Nodes, d = nodesValue(ctx, found, all)
		diags.Append(d...)
	}
	diags.Append(st.Set(ctx, m)...)
	return true, diags
}

// waitAddTask waits for the AddExistedNodes task to end. failed is set when it ended Fail or PartialFail.
func (r *existingNodesResource) waitAddTask(ctx context.Context, clusterID string, add []string, taskID string) (*client.UnexpectedStateError, error) {
	_, err := r.client.Wait(ctx, client.WaitSpec{
		Description: fmt.Sprintf("E-HPC task %s (adding %d nodes to cluster %s)", taskID, len(add), clusterID),
		Target:      []string{"Success"},
		Failure:     []string{"Fail", "PartialFail"},
		Pending:     []string{"Processing"},
		FailureMessage: func(obj any) string {
			if t, ok := obj.(*ehpcTask); ok {
				return t.Errors
			}
			return ""
		},
		Refresh: func(ctx context.Context) (any, string, error) {
			t, err := r.getTask(ctx, clusterID, taskID)
			if t == nil || err != nil {
				return nil, "", err
			}
			return t, t.Status, nil
		},
	})
	var nf *client.VanishedError
	var failed *client.UnexpectedStateError
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &nf):
		// The task is not visible (the 2018 task API's retention is not documented): the nodes are the truth.
		tflog.Warn(ctx, "AddExistedNodes task not found; checking the nodes instead", map[string]any{"task_id": taskID})
		return nil, nil
	case errors.As(err, &failed) && (failed.State == "Fail" || failed.State == "PartialFail"):
		return failed, nil
	}
	return nil, err
}

// recordPartialJoin records the instances that are in the cluster after a failed task and reports the failure.
func (r *existingNodesResource) recordPartialJoin(ctx context.Context, m *existingNodesModel, all, add []string, taskID string,
	failed *client.UnexpectedStateError, st *tfsdk.State) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	clusterID := m.ClusterID.ValueString()
	found, err := r.findNodes(ctx, clusterID, all)
	if err != nil {
		diags.Append(client.ErrorDiagnostic("Reading E-HPC nodes after a failed task", err))
		diags.AddError("E-HPC could not add all the instances",
			fmt.Sprintf("Task %s ended %s: %s\nWhich instances joined is unknown; the resource keeps all of them and is tainted.",
				taskID, failed.State, orNone(failed.Message)))
		return true, diags
	}
	var joined, joinedNow, missing []string
	for _, id := range all {
		if _, ok := found[id]; ok {
			joined = append(joined, id)
		}
	}
	for _, id := range add {
		if _, ok := found[id]; ok {
			joinedNow = append(joinedNow, id)
		} else {
			missing = append(missing, id)
		}
	}
	diags.Append(m.setMembers(ctx, joined)...)
	var d diag.Diagnostics
	m.Nodes, d = nodesValue(ctx, found, joined)
	diags.Append(d...)
	kept := "None of them joined."
	if len(joinedNow) > 0 {
		kept = fmt.Sprintf("Joined and kept in the state (the next apply adds the others again): %s.", strings.Join(joinedNow, ", "))
	}
	diags.AddError("E-HPC could not add all the instances",
		fmt.Sprintf("Task %s ended %s.\nErrors: %s\nNot added: %s.\n%s",
			taskID, failed.State, orNone(failed.Message), strings.Join(missing, ", "), kept))
	if len(joined) == 0 {
		return false, diags
	}
	diags.Append(st.Set(ctx, m)...)
	return true, diags
}

// leave removes the instances' nodes from the cluster and waits until they are gone. A cluster that no longer
// exists has no nodes to remove.
func (r *existingNodesResource) leave(ctx context.Context, clusterID string, ids []string, release bool) error {
	if err := r.deleteNodes(ctx, clusterID, ids, release); err != nil {
		if client.IsNotFound(err) {
			return nil
		}
		return err
	}
	_, err := r.client.Wait(ctx, client.WaitSpec{
		Description:    fmt.Sprintf("%d nodes to leave E-HPC cluster %s", len(ids), clusterID),
		TargetNotFound: true,
		Refresh: func(ctx context.Context) (any, string, error) {
			found, err := r.findNodes(ctx, clusterID, ids)
			switch {
			case client.IsNotFound(err):
				return nil, "", nil
			case err != nil:
				return nil, "", err
			case len(found) == 0:
				return nil, "", nil
			}
			return found, summarizeStatuses(found), nil
		},
	})
	if err == nil && release {
		tflog.Warn(ctx, "released the ECS instances of the removed nodes (release_instances_on_destroy = true)",
			map[string]any{"cluster_id": clusterID, "instances": len(ids)})
	}
	return err
}

// setMembers records the instances that are nodes: instance_ids and the id derived from them.
func (m *existingNodesModel) setMembers(ctx context.Context, ids []string) diag.Diagnostics {
	set, diags := types.SetValueFrom(ctx, types.StringType, ids)
	m.InstanceIDs = set
	m.ID = types.StringValue(existingNodesID(m.ClusterID.ValueString(), ids))
	return diags
}

func isFullyKnown(s types.Set) bool {
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

// difference is a minus b, sorted.
func difference(a, b []string) []string {
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

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(none reported)"
	}
	return s
}

// waitNodesRunning waits until every instance is a running node; exception fails at once.
func (r *existingNodesResource) waitNodesRunning(ctx context.Context, clusterID string, ids []string) (map[string]ehpcNode, error) {
	var last map[string]ehpcNode
	missingPolls := 0
	_, err := r.client.Wait(ctx, client.WaitSpec{
		Description: fmt.Sprintf("%d nodes of E-HPC cluster %s to be running", len(ids), clusterID),
		Target:      []string{"running"},
		Failure:     []string{"exception"},
		// The add task has ended, so the nodes are normally running already: look at once rather than after a
		// full first-poll delay (which added that delay to every create).
		Poll: client.PollConfig{InitialDelay: time.Millisecond},
		FailureMessage: func(any) string {
			var bad []string
			for _, id := range ids {
				if n, ok := last[id]; ok && n.Status == "exception" {
					bad = append(bad, id)
				}
			}
			return "nodes in exception: " + strings.Join(bad, ", ")
		},
		Refresh: func(ctx context.Context) (any, string, error) {
			found, err := r.findNodes(ctx, clusterID, ids)
			if err != nil {
				return nil, "", err
			}
			last = found
			if len(found) < len(ids) {
				// After the task succeeded every instance should be listed; allow the listing to catch up.
				if missingPolls++; missingPolls > 3 {
					var missing []string
					for _, id := range ids {
						if _, ok := found[id]; !ok {
							missing = append(missing, id)
						}
					}
					return nil, "", fmt.Errorf("instances %s are not nodes of cluster %s although the add task succeeded",
						strings.Join(missing, ", "), clusterID)
				}
				return found, "joining", nil
			}
			return found, summarizeStatuses(found), nil
		},
	})
	return last, err
}

// summarizeStatuses is the state of a group of nodes: exception if any is, running if all are, else the
// status of one that is not running yet.
func summarizeStatuses(nodes map[string]ehpcNode) string {
	pending := ""
	for _, n := range nodes {
		switch n.Status {
		case "exception":
			return "exception"
		case "running":
		default:
			pending = n.Status
		}
	}
	if pending != "" {
		return pending
	}
	return "running"
}

// findNodes pages through ListNodes (there is no instance-id filter) and returns the nodes among ids. It
// stops as soon as all of them are found.
func (r *existingNodesResource) findNodes(ctx context.Context, clusterID string, ids []string) (map[string]ehpcNode, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	found := map[string]ehpcNode{}
	for page := 1; ; page++ {
		var out struct {
			TotalCount int `json:"TotalCount"`
			Nodes      struct {
				NodeInfo []ehpcNode `json:"NodeInfo"`
			} `json:"Nodes"`
		}
		_, err := r.client.RPC(ctx, rpc2018("ListNodes", map[string]string{
			"ClusterId": clusterID, "PageNumber": strconv.Itoa(page), "PageSize": strconv.Itoa(existingNodesPageSize),
		}, client.RetryPolicy{}), &out)
		if err != nil {
			return nil, err
		}
		for _, n := range out.Nodes.NodeInfo {
			if want[n.ID] {
				found[n.ID] = n
			}
		}
		if len(found) == len(want) || len(out.Nodes.NodeInfo) < existingNodesPageSize || page*existingNodesPageSize >= out.TotalCount {
			return found, nil
		}
	}
}

// deleteNodes removes the nodes still in the cluster. ReleaseInstance is always sent: the API's default is to
// release (delete) the instances, and these were the user's before they joined.
func (r *existingNodesResource) deleteNodes(ctx context.Context, clusterID string, ids []string, release bool) error {
	const attempts = 3
	var lastErr error
	for attempt := 0; attempt < attempts; attempt++ {
		found, err := r.findNodes(ctx, clusterID, ids)
		if err != nil {
			return err
		}
		var remove []string
		for _, id := range ids {
			// Nodes already releasing are leaving; asking again would conflict with that task.
			if n, ok := found[id]; ok && n.Status != "releasing" {
				remove = append(remove, id)
			}
		}
		if len(remove) == 0 {
			return nil
		}
		params := instanceParams(map[string]string{
			"ClusterId": clusterID, "ReleaseInstance": strconv.FormatBool(release),
		}, remove)
		_, err = r.client.RPC(ctx, rpc2018("DeleteNodes", params,
			client.RetryPolicy{NotIdempotent: true, BusyCodes: existingNodesBusyCodes}), nil)
		if err == nil {
			return nil
		}
		if !client.IsAmbiguous(err) {
			return err
		}
		// The outcome is unknown: look at the cluster again and ask only for the nodes still there.
		lastErr = err
	}
	return lastErr
}

func nodesValue(ctx context.Context, found map[string]ehpcNode, ids []string) (types.List, diag.Diagnostics) {
	sorted := append([]string(nil), ids...)
	sort.Strings(sorted)
	nodes := make([]existingNodeModel, 0, len(sorted))
	for _, id := range sorted {
		n, ok := found[id]
		if !ok {
			continue
		}
		nodes = append(nodes, existingNodeModel{
			ID:        types.StringValue(n.ID),
			HostName:  types.StringValue(n.HostName),
			Status:    types.StringValue(n.Status),
			IPAddress: types.StringValue(n.IPAddress),
		})
	}
	return types.ListValueFrom(ctx, types.ObjectType{AttrTypes: existingNodeAttrTypes}, nodes)
}
