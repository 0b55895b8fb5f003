package ehpc

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

// existingNodesTimeouts are the default operation timeouts; the resource description quotes them.
var existingNodesTimeouts = framework.Timeouts{
	Create: 30 * time.Minute,
	Update: 30 * time.Minute,
	Delete: 30 * time.Minute,
}

// existingNodesInstanceIDPattern is the shape of an ECS instance id (i-bp16mxn6mt3t7ftk****): "i-" and
// lower-case letters and digits.
var existingNodesInstanceIDPattern = regexp.MustCompile(`^i-[a-z0-9]+$`)

// existingNodesImageOwnerAliases are the kinds of image AddExistedNodes takes (see README.md, "API 2018-04-12:
// existing nodes").
var existingNodesImageOwnerAliases = []string{"system", "self", "others", "marketplace"}

func existingNodesSchema(ctx context.Context) schema.Schema {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	return schema.Schema{
		MarkdownDescription: "Adds ECS instances that you already own to an E-HPC cluster as compute nodes " +
			"(E-HPC API 2018-04-12 `AddExistedNodes`). The instances must be **Stopped** and in no cluster; joining " +
			"**replaces their operating system** with `image_id`. On destroy the nodes leave the cluster and the " +
			"instances stay in your account, stopped — unless `release_instances_on_destroy` is set.\n\n" +
			"Adding ids to `instance_ids` or removing ids from it changes the cluster **in place**: removed instances " +
			"leave the cluster, added ones join (and are re-imaged), the others are not touched. Changing " +
			"`cluster_id`, `image_id`, `image_owner_alias` or `job_queue` replaces the resource: every node leaves and " +
			"the instances join again. " + existingNodesTimeoutsDescription(),
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
				Validators:    []validator.String{stringvalidator.OneOf(existingNodesImageOwnerAliases...)},
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
						stringvalidator.RegexMatches(existingNodesInstanceIDPattern, "must be an ECS instance id: \"i-\" followed by lower-case letters and digits"),
					),
				},
			},
			"job_queue": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Queue of the cluster the nodes join (e.g. `workq`); the scheduler's default queue when " +
					"unset. Not read back (the API does not report a node's queue): after an import the first apply only " +
					"records the configured value, in place and without any API call. Changing it replaces the resource.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{framework.ReplaceUnlessUnread()},
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

// existingNodesTimeoutsDescription quotes existingNodesTimeouts, so the documentation cannot drift from them.
func existingNodesTimeoutsDescription() string {
	t := existingNodesTimeouts
	if t.Create == t.Update && t.Update == t.Delete {
		return fmt.Sprintf("Timeouts (`timeouts`): create, update and delete %s each by default.", existingNodesMinutes(t.Create))
	}
	return fmt.Sprintf("Timeouts (`timeouts`): create %s, update %s and delete %s by default.",
		existingNodesMinutes(t.Create), existingNodesMinutes(t.Update), existingNodesMinutes(t.Delete))
}

func existingNodesMinutes(d time.Duration) string {
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}
