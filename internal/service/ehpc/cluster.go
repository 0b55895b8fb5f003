package ehpc

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

var (
	_ resource.Resource                     = (*clusterResource)(nil)
	_ resource.ResourceWithConfigure        = (*clusterResource)(nil)
	_ resource.ResourceWithConfigValidators = (*clusterResource)(nil)
	_ resource.ResourceWithImportState      = (*clusterResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*clusterResource)(nil)
)

// NewClusterResource is the aliyun_ehpc_cluster resource: an E-HPC cluster created with the 2024-07-30 API.
func NewClusterResource() resource.Resource { return &clusterResource{} }

type clusterResource struct {
	client *client.Client
}

func (r *clusterResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ehpc_cluster"
}

func (r *clusterResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = clusterSchema(ctx)
}

func (r *clusterResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	creds := path.MatchRoot("cluster_credentials")
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(creds.AtName("password"), creds.AtName("password_wo"), creds.AtName("key_pair_name")),
	}
}

// ModifyPlan warns about the queue changes the service cannot make in place: a queue that leaves the list
// (removed, or renamed, which deletes it and creates the new name) is deleted with its nodes; and it refuses a
// shared storage added to the existing cluster without what AttachSharedStorages needs.
func (r *clusterResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	planAddonIDs(ctx, req, resp)
	warnQueueDeletions(ctx, req, resp)
	r.warnQueueTakeover(ctx, req, resp)
	checkStorageAttach(ctx, req, resp)
}

// warnQueueTakeover warns when the configuration sets `queues` for the first time (the state does not own the
// list): from this apply on the resource owns the whole list, so queues the cluster has that the list does not
// name (made by an aliyun_ehpc_queue, or in the console) are deleted with their nodes. The state knows nothing
// of them, so the plan reads them (ListQueues) to say which.
func (r *clusterResource) warnQueueTakeover(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var planned, current types.Set
	var id types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("queues"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("queues"), &current)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() || !current.IsNull() || !known(planned) || !known(id) || r.client == nil {
		return
	}
	live, err := findQueues(ctx, r.client, id.ValueString(), func(string) bool { return false })
	if err != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("queues"), "E-HPC queues may be deleted",
			"queues is set for the first time, so this apply makes the resource own every queue of the cluster and deletes the "+
				"ones the list does not name; listing them to say which failed: "+client.Describe(err))
		return
	}
	items, d := queueList(ctx, planned)
	resp.Diagnostics.Append(d...)
	named := map[string]bool{}
	for _, q := range items {
		named[q.QueueName.ValueString()] = true
	}
	var gone []string
	for _, q := range live {
		if !named[q.QueueName] {
			gone = append(gone, q.QueueName)
		}
	}
	if len(gone) == 0 {
		return
	}
	slices.Sort(gone)
	resp.Diagnostics.AddAttributeWarning(path.Root("queues"), "E-HPC queues will be deleted", fmt.Sprintf(
		"queues is set for the first time, so the resource now owns every queue of cluster %s: queues %s, which the list "+
			"does not name (made by an aliyun_ehpc_queue or in the console), will be deleted (DeleteQueues), which releases "+
			"their nodes. Add them to queues to keep them. The cluster itself is kept.", id.ValueString(), strings.Join(gone, ", ")))
}

// planAddonIDs keeps the id of every planned add-on that stays as it is installed (same name, version and
// specs as JSON): only a reinstalled add-on gets a new id.
func planAddonIDs(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var planned, current types.List
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("addons"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("addons"), &current)...)
	if resp.Diagnostics.HasError() || !known(planned) || !known(current) {
		return
	}
	plannedItems, d := framework.ElementsOf[addonModel](ctx, planned)
	resp.Diagnostics.Append(d...)
	currentItems, d := framework.ElementsOf[addonModel](ctx, current)
	resp.Diagnostics.Append(d...)
	changed := false
	for i, a := range plannedItems {
		for _, old := range currentItems {
			if a.AddonID.IsUnknown() && addonSame(a, old) {
				plannedItems[i].AddonID = old.AddonID
				changed = true
			}
		}
	}
	if !changed {
		return
	}
	l, d := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: addonTypes()}, plannedItems)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("addons"), l)...)
}

// warnQueueDeletions warns about the queues the plan deletes (removed, or renamed).
func warnQueueDeletions(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var planned, current types.Set
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("queues"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("queues"), &current)...)
	if resp.Diagnostics.HasError() || !known(planned) || !known(current) {
		return
	}
	ch, d := expandQueueChanges(ctx, planned, current)
	resp.Diagnostics.Append(d...)
	if len(ch.Delete) == 0 {
		return
	}
	created := make([]string, 0, len(ch.Create))
	for _, q := range ch.Create {
		created = append(created, q.QueueName)
	}
	// Sorted: the sets' order is not the configuration's, and the warning must read the same on every plan.
	slices.Sort(created)
	deleted := slices.Sorted(slices.Values(ch.Delete))
	detail := fmt.Sprintf("Queues %s will be deleted (DeleteQueues), which releases their nodes.", strings.Join(deleted, ", "))
	if len(created) > 0 {
		detail += fmt.Sprintf(" Queues %s will be created. A renamed queue is a deletion and a creation: the service "+
			"cannot rename a queue in place.", strings.Join(created, ", "))
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("queues"), "E-HPC queues will be deleted", detail+" The cluster itself is kept.")
}

func (r *clusterResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *clusterResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config clusterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, plan.Timeouts.Create, clusterTimeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	// The write-only password exists only in the configuration.
	params, d := expandCreateParams(ctx, &plan, &config, r.client.MaskSecret)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := createCluster(ctx, r.client, params, valueOrEmpty(plan.ClusterName))
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Creating E-HPC cluster", err))
		return
	}
	// Saved before waiting: if the wait fails, Terraform records the cluster as tainted instead of losing it.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("timeouts"), plan.Timeouts)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), plan.DeletionProtection)...)
	if resp.Diagnostics.HasError() {
		return
	}
	running, err := waitClusterRunning(ctx, r.client, id, afterCreate)
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for E-HPC cluster %s to be running", id), err))
		return
	}

	// CreateCluster ignores the scaling intervals (see README.md, "Scaling intervals"): apply them now.
	if post := intervalParams(&plan); len(post) > 0 {
		post["ClusterId"] = id
		if err := updateCluster(ctx, r.client, post); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Applying the scaling intervals of E-HPC cluster %s", id), err))
			return
		}
		running = nil // the update changed the cluster: read it again
	}

	plan.ID = types.StringValue(id)
	// The lists were applied as planned: they are recorded as planned (the next refresh reads them back),
	// except the packages when one has no configured version (the service's version is read back).
	read, err := readCluster(ctx, r.client, id, running, clusterLists{Packages: packageVersionsUnknown(ctx, plan.AdditionalPackages)})
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Reading E-HPC cluster %s after its creation", id), err))
		return
	}
	resp.Diagnostics.Append(flattenCluster(ctx, &plan, read.Cluster, read.List)...)
	resp.Diagnostics.Append(flattenClusterLists(ctx, &plan, read)...)
	resp.Diagnostics.Append(r.recordAddonIDs(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
}

func (r *clusterResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	// After an import every list is read, so that the state (and a configuration generated from it) has them.
	imported := framework.IsUnread(ctx, req.Private)
	owned := ownedLists(&state, imported)
	if owned.Queues && !imported {
		var d diag.Diagnostics
		owned.QueueDetail, d = queuesNeedingDetail(ctx, state.Queues)
		resp.Diagnostics.Append(d...)
	}
	read, err := readCluster(ctx, r.client, id, nil, owned)
	if framework.RemoveNotFound(ctx, err, resp) {
		return
	}
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Reading E-HPC cluster %s", id), err))
		return
	}
	resp.Diagnostics.Append(flattenCluster(ctx, &state, read.Cluster, read.List)...)
	resp.Diagnostics.Append(flattenClusterLists(ctx, &state, read)...)
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

	id := state.ID.ValueString()
	plan.ID = state.ID
	params, d := expandUpdateParams(ctx, &plan, &state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	lists, d := r.listChanges(ctx, &plan, &state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	// UpdateCluster answers a busy code for a cluster in exception, which would be retried until the timeout.
	if (len(params) > 0 || !lists.empty()) && state.ClusterStatus.ValueString() == "exception" {
		resp.Diagnostics.AddError("E-HPC cluster is in exception",
			fmt.Sprintf("Cluster %s is in status exception and cannot be updated. Replace it (terraform apply -replace=<address>).", id))
		return
	}
	// Without a change UpdateCluster can apply (for instance when the first apply after an import records
	// attributes the API cannot read back), no call is made.
	var running *getClusterResponse
	if len(params) > 0 {
		params["ClusterId"] = id
		if err := updateCluster(ctx, r.client, params); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Updating E-HPC cluster %s", id), err))
			return
		}
		var err error
		if running, err = waitClusterRunning(ctx, r.client, id, afterUpdate); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for E-HPC cluster %s to be running after the update", id), err))
			return
		}
	}
	if err := applyListChanges(ctx, r.client, id, lists); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Updating E-HPC cluster %s", id), err))
		return
	}
	if len(lists.Addons.Install) > 0 || len(lists.Addons.Uninstall) > 0 {
		resp.Diagnostics.Append(r.recordAddonIDs(ctx, &plan)...)
	}
	read, err := readCluster(ctx, r.client, id, running, clusterLists{Packages: packageVersionsUnknown(ctx, plan.AdditionalPackages)})
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Reading E-HPC cluster %s after the update", id), err))
		return
	}
	resp.Diagnostics.Append(flattenCluster(ctx, &plan, read.Cluster, read.List)...)
	resp.Diagnostics.Append(flattenClusterLists(ctx, &plan, read)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// The configuration is now recorded: later changes of unreadable attributes replace the cluster again.
	resp.Diagnostics.Append(framework.ClearUnread(ctx, resp.Private)...)
}

func (r *clusterResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if state.DeletionProtection.ValueBool() {
		resp.Diagnostics.AddError("E-HPC cluster is protected from deletion",
			fmt.Sprintf("Cluster %s has deletion_protection = true. Set deletion_protection = false, run terraform apply, "+
				"and then destroy it.", id))
		return
	}
	ctx, cancel, ok := framework.WithTimeout(ctx, state.Timeouts.Delete, clusterTimeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	if err := deleteCluster(ctx, r.client, id); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Deleting E-HPC cluster %s", id), err))
	}
}

// ownedLists are the lists the resource manages: those set in the state (from a configuration that sets
// them), or all of them in the first read after an import.
func ownedLists(state *clusterModel, imported bool) clusterLists {
	return clusterLists{
		Queues: imported || known(state.Queues), SharedStorages: imported || known(state.SharedStorages),
		Addons: imported || known(state.Addons), Packages: imported || known(state.AdditionalPackages),
	}
}

// listChanges is what Update does to the four lists: nothing to a list the configuration does not set
// (it is not owned); else the changes from the current list, read from the service when the state has none
// (the list was just taken over).
func (r *clusterResource) listChanges(ctx context.Context, plan, state *clusterModel) (clusterListChanges, diag.Diagnostics) {
	var ch clusterListChanges
	id := state.ID.ValueString()
	current := *state
	missing := clusterLists{
		Queues: known(plan.Queues) && !known(state.Queues), SharedStorages: known(plan.SharedStorages) && !known(state.SharedStorages),
		Addons: known(plan.Addons) && !known(state.Addons), Packages: known(plan.AdditionalPackages) && !known(state.AdditionalPackages),
	}
	if missing.any() {
		read, err := readClusterLists(ctx, r.client, id, missing)
		if err != nil {
			return ch, diag.Diagnostics{client.ErrorDiagnostic(fmt.Sprintf("Reading E-HPC cluster %s", id), err)}
		}
		// Read over the plan, so that equal values keep the configured spelling.
		live := *plan
		if d := flattenClusterLists(ctx, &live, read); d.HasError() {
			return ch, d
		}
		if missing.Queues {
			current.Queues = live.Queues
		}
		if missing.SharedStorages {
			current.SharedStorages = live.SharedStorages
		}
		if missing.Addons {
			current.Addons = live.Addons
		}
		if missing.Packages {
			current.AdditionalPackages = live.AdditionalPackages
		}
	}
	var diags, d diag.Diagnostics
	if known(plan.Queues) {
		ch.Queues, d = expandQueueChanges(ctx, plan.Queues, current.Queues)
		diags.Append(d...)
	}
	if known(plan.SharedStorages) {
		ch.Storages, d = expandStorageChanges(ctx, plan.SharedStorages, current.SharedStorages)
		diags.Append(d...)
	}
	if known(plan.AdditionalPackages) {
		ch.Uninstall, ch.Install, d = expandPackageChanges(ctx, plan.AdditionalPackages, current.AdditionalPackages)
		diags.Append(d...)
	}
	if known(plan.Addons) {
		ch.Addons, d = expandAddonChanges(ctx, plan.Addons, current.Addons)
		diags.Append(d...)
	}
	return ch, diags
}

// recordAddonIDs fills the ids of the planned add-ons (unknown until installed) from the service.
func (r *clusterResource) recordAddonIDs(ctx context.Context, plan *clusterModel) diag.Diagnostics {
	if !known(plan.Addons) {
		return nil
	}
	read, err := readClusterLists(ctx, r.client, plan.ID.ValueString(), clusterLists{Addons: true})
	if err != nil {
		return diag.Diagnostics{client.ErrorDiagnostic(fmt.Sprintf("Reading the add-ons of E-HPC cluster %s", plan.ID.ValueString()), err)}
	}
	var d diag.Diagnostics
	plan.Addons, d = flattenAddons(ctx, read.Addons, plan.Addons)
	return d
}

// ImportState records the id and marks the state unread: its first plan records the configured values of
// attributes the API never returns instead of replacing the cluster (framework.ReplaceUnlessUnread).
func (r *clusterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !clusterIDPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Expected an E-HPC cluster id such as ehpc-hz-FYUr32****, got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(framework.MarkUnread(ctx, resp.Private)...)
}

var clusterIDPattern = regexp.MustCompile(`^ehpc-[a-z0-9]+-[A-Za-z0-9]+$`)
