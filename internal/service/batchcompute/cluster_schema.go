package batchcompute

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

// clusterTimeouts are the default operation timeouts; the schema description quotes them.
var clusterTimeouts = framework.Timeouts{Create: 30 * time.Minute, Update: 30 * time.Minute, Delete: 20 * time.Minute}

// Documented values (see README.md, "CreateCluster").
var (
	resourceTypes  = []string{"OnDemand", "Spot"}
	spotStrategies = []string{"SpotWithPriceLimit", "SpotAsPriceGo"}
	topicEvents    = []string{"OnClusterDeleted", "OnInstanceCreated", "OnInstanceActive"}

	clusterNamePattern = regexp.MustCompile(`^[a-zA-Z_-][a-zA-Z0-9_-]*$`)
	// instanceTypePattern is the shape of every Batch Compute (bcs.a2.large) and ECS (ecs.sn1ne.large)
	// instance type; whether a well-formed type exists is only known to the service (InvalidInstanceType).
	instanceTypePattern = regexp.MustCompile(`^(bcs|ecs)\.[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+$`)
	// groupInstanceTypePattern also accepts "": an empty group type means the cluster's instance_type, as in
	// the CreateCluster example (see README.md, "Empty values").
	groupInstanceTypePattern = regexp.MustCompile(`^$|^(bcs|ecs)\.[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+$`)
	// clusterIDPattern accepts any id of the documented alphabet: ids look like cls-6ki3sg6sqlno7nt8fu0007, but
	// the API document's own example answers usr-cluster-1, so the prefix is not enforced.
	clusterIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

const diskTypeDescription = "Disk type: `cloud_efficiency`, `cloud_ssd` (current documents), `cloud` or `ephemeral` " +
	"(older documents and the API example). The documents disagree on the set; all four are accepted and the " +
	"service decides what the region offers."

var (
	replaceString = []planmodifier.String{stringplanmodifier.RequiresReplace()}
	replaceBool   = []planmodifier.Bool{boolplanmodifier.RequiresReplace()}
	replaceObject = []planmodifier.Object{objectplanmodifier.RequiresReplace()}
	replaceList   = []planmodifier.List{listplanmodifier.RequiresReplace()}
)

func clusterSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A Batch Compute cluster (API 2015-11-11, `CreateCluster`): a pool of instances in named groups " +
			"that Batch Compute jobs run on. The cluster is ready when every group runs its desired number of instances.\n\n" +
			"Only the groups' `desired_vm_count`, `spot_strategy` and `spot_price_limit` change in place (`ModifyCluster`); " +
			"every other change replaces the cluster. Every argument is read back from `GetCluster` (changes made outside " +
			"Terraform show as drift), except `configs.mounts.oss.access_key_secret`, `configs.mounts.oss.access_security_token` " +
			"and `idempotent_token`, which the service never returns. Default timeouts: create 30m, update 30m, delete 20m. " +
			"The vendor has announced the service's discontinuation (2026-05-15).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Cluster id (`cls-…`), assigned by the service.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Cluster name: 1–64 characters of `[a-zA-Z0-9_-]`, not starting with a digit. " +
					"Names need not be unique. Changing it replaces the cluster.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 64),
					stringvalidator.RegexMatches(clusterNamePattern, "must only contain characters within [a-zA-Z0-9_-] and must not start with a digit"),
				},
				PlanModifiers: replaceString,
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Description, 0–1024 characters. Changing it replaces the cluster.",
				Validators:          []validator.String{stringvalidator.LengthBetween(0, 1024)},
				PlanModifiers:       replaceString,
			},
			"image_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Image the instances boot: a Batch Compute image id (`img-ubuntu`) or an ECS image id (`m-…`), " +
					"1–256 characters. Changing it replaces the cluster.",
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 256)},
				PlanModifiers: replaceString,
			},
			"instance_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Default instance type of the groups, a Batch Compute type (`bcs.a2.large`) or an ECS type " +
					"(`ecs.sn1ne.large`). The plan checks the shape only; the service tells whether the type exists " +
					"(`InvalidInstanceType`). Changing it replaces the cluster.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(instanceTypePattern, "must be an instance type such as bcs.a2.large or ecs.sn1ne.large"),
				},
				PlanModifiers: replaceString,
			},
			"user_data": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Key-value pairs the instances read from the ECS metaserver: at most 64 entries, keys 1–128 " +
					"characters, values 0–1024 characters. Changing it replaces the cluster.",
				Validators: []validator.Map{
					mapvalidator.SizeAtMost(64),
					mapvalidator.KeysAre(stringvalidator.LengthBetween(1, 128)),
					mapvalidator.ValueStringsAre(stringvalidator.LengthBetween(0, 1024)),
				},
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"notification":     notificationAttribute(),
			"configs":          configsAttribute(),
			"groups":           groupsAttribute(),
			"state":            stateAttribute(),
			"creation_time":    creationTimeAttribute(),
			"idempotent_token": idempotentTokenAttribute(),
			"timeouts":         timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func stateAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "Cluster state: `Active`, or `Deleting` while a deletion runs.",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func creationTimeAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "When the cluster was created (ISO 8601, UTC, microseconds).",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func idempotentTokenAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "The `IdempotentToken` the cluster was created with (generated once per create, 43 characters " +
			"of `[A-Za-z0-9_]`). Every retry of the create sends it, so the service never creates a second cluster; " +
			"if a create's outcome stays unknown, it is kept in the state to find the cluster later. " +
			"The service does not return it: after an import it is null.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func notificationAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: "Cluster events sent to a Message Service (MNS) topic. Changing it replaces the cluster.",
		PlanModifiers:       replaceObject,
		Attributes: map[string]schema.Attribute{
			"topic": schema.SingleNestedAttribute{
				Required:            true,
				MarkdownDescription: "The MNS topic.",
				Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "Topic name.",
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"endpoint": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "MNS endpoint, `http://<UserId>.mns.<Region>.aliyuncs.com/`.",
						Validators: []validator.String{
							stringvalidator.RegexMatches(regexp.MustCompile(`^https?://\S+$`), "must be an http:// or https:// URL"),
						},
					},
					"events": schema.SetAttribute{
						ElementType: types.StringType,
						Optional:    true,
						MarkdownDescription: "Events to send, from `OnClusterDeleted`, `OnInstanceCreated`, `OnInstanceActive`. " +
							"At least one when set.",
						Validators: []validator.Set{
							setvalidator.SizeAtLeast(1),
							setvalidator.ValueStringsAre(stringvalidator.OneOf(topicEvents...)),
						},
					},
				},
			},
		},
	}
}

// configsAttribute: every change replaces the cluster. The rule sits on the leaves (and on the objects that
// hold no secret), so that the OSS secrets, which the service never returns, can carry the one exception:
// after an import, configuring them only records them (framework.ReplaceUnlessUnread). The objects on the
// way to them replace when they appear or disappear.
func configsAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "Instance configuration: disks, mounts and networks. Changing it replaces the cluster, except " +
			"that after an import, setting the OSS secrets (which the service never returns) only records them.",
		PlanModifiers: replaceOnPresence,
		Attributes: map[string]schema.Attribute{
			"disks": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Disks of every instance. Changing them replaces the cluster.",
				PlanModifiers:       replaceObject,
				Attributes: map[string]schema.Attribute{
					"system_disk": systemDiskAttribute(),
					"data_disk":   dataDiskAttribute(),
				},
			},
			"mounts":   mountsAttribute(),
			"networks": networksAttribute(),
		},
	}
}

func systemDiskAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: "System disk.",
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: diskTypeDescription,
				Validators:          []validator.String{stringvalidator.OneOf(validators.BatchComputeDiskTypes...)},
			},
			"size": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Size in GB, 40–500, and at least the image's size.",
				Validators:          []validator.Int64{int64validator.Between(40, 500)},
			},
		},
	}
}

func dataDiskAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: "Data disk.",
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: diskTypeDescription + " Must equal `system_disk.type` when both are set.",
				Validators: []validator.String{
					stringvalidator.OneOf(validators.BatchComputeDiskTypes...),
					validators.BatchComputeDataDiskType(path.MatchRelative().AtParent().AtParent().AtName("system_disk").AtName("type")),
				},
			},
			"size": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Size in GB: 5–1024 for `ephemeral`, 20–32768 for the cloud disk types. The type is " +
					"`type`, else `system_disk.type`; with neither set, the service's default type decides and 5–32768 is accepted.",
				Validators: []validator.Int64{validators.BatchComputeDataDiskSize(
					path.MatchRelative().AtParent().AtName("type"),
					path.MatchRelative().AtParent().AtParent().AtName("system_disk").AtName("type"),
				)},
			},
			"mount_point": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Where the disk is mounted: a path on Linux (`/path/to/mount`), a drive letter on Windows (`D:`; not `C:`).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func mountsAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: "Storage mounted on every instance. Changing it replaces the cluster (see `oss` for the exception).",
		PlanModifiers:       replaceOnPresence,
		Attributes: map[string]schema.Attribute{
			"entries": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Mount entries. At least one when set.",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				PlanModifiers:       replaceList,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"source": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "What to mount, e.g. `oss://bucket/path/` or a NAS path.",
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"destination": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "Where to mount it on the instance.",
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"write_support": boolDefaultFalse("Whether the mount is writable. Default `false`."),
					},
				},
			},
			"locale": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Character set of the mounted file names, e.g. `GBK` or `UTF-8`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       replaceString,
			},
			"lock":          withReplace(boolDefaultFalse("Whether file locking is enabled on the mounts. Default `false`.")),
			"cache_support": withReplace(boolDefaultFalse("Whether mounts are cached on the instance. Default `false`.")),
			"nas": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "NAS access.",
				PlanModifiers:       replaceObject,
				Attributes: map[string]schema.Attribute{
					"access_group": stringList("NAS access groups."),
					"file_system":  stringList("NAS file systems."),
				},
			},
			"oss": ossAttribute(),
		},
	}
}

func ossAttribute() schema.SingleNestedAttribute {
	secret := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: desc + " Not read back. An empty string means not set. Changing it replaces the cluster, " +
				"except in the first apply after an import, which records it.",
			PlanModifiers: []planmodifier.String{framework.ReplaceUnlessUnread()},
		}
	}
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "Credentials for OSS mounts. The service never returns the secret and the token: " +
			"they are kept from the configuration, and after an import they are unknown to the state.",
		PlanModifiers: replaceOnPresence,
		Attributes: map[string]schema.Attribute{
			"access_key_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "AccessKey id for OSS. An empty string means not set. Changing it replaces the cluster.",
				PlanModifiers:       replaceString,
			},
			"access_key_secret":     secret("AccessKey secret for OSS."),
			"access_security_token": secret("STS security token for OSS."),
		},
	}
}

func networksAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "Network of the instances: a VPC (recommended) or classic network rules; empty classic lists " +
			"may stand beside a VPC. Changing it replaces the cluster.",
		PlanModifiers: replaceObject,
		Attributes: map[string]schema.Attribute{
			"classic": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Classic network access rules.",
				Attributes: map[string]schema.Attribute{
					"allow_ip_address":            stringList("IP addresses allowed in."),
					"allow_ip_address_egress":     stringList("IP addresses allowed out."),
					"allow_security_group":        stringList("Security groups allowed in."),
					"allow_security_group_egress": stringList("Security groups allowed out."),
				},
			},
			"vpc": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "VPC the service creates for the cluster.",
				Attributes: map[string]schema.Attribute{
					"cidr_block": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "IPv4 CIDR block of the VPC, e.g. `192.168.0.0/16`.",
						Validators:          []validator.String{validators.CIDR()},
					},
				},
			},
		},
	}
}

func groupsAttribute() schema.MapNestedAttribute {
	return schema.MapNestedAttribute{
		Required: true,
		MarkdownDescription: "Instance groups by name (names 1–64 characters; at least one group). Adding or removing a " +
			"group replaces the cluster; `desired_vm_count`, `spot_strategy` and `spot_price_limit` change in place. " +
			"The account quota MaxClusterGroupCount bounds the number of groups.",
		Validators: []validator.Map{
			mapvalidator.SizeAtLeast(1),
			mapvalidator.KeysAre(stringvalidator.LengthBetween(1, 64)),
		},
		PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplaceIf(groupNamesChanged,
			"Replaces the cluster when a group is added or removed.", "Replaces the cluster when a group is added or removed.")},
		NestedObject: schema.NestedAttributeObject{Attributes: groupAttributes()},
	}
}

func groupAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"desired_vm_count": schema.Int64Attribute{
			Required: true,
			MarkdownDescription: "Number of instances the group should run, 1–65536 (and at most the account quota " +
				"MaxClusterGroupDesiredVMCount). Changes in place; apply waits until the group runs that many.",
			Validators: []validator.Int64{int64validator.Between(1, 65536)},
		},
		"instance_type": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Instance type of this group; the cluster's `instance_type` when not set or empty. " +
				"Changing it replaces the cluster.",
			Validators: []validator.String{
				stringvalidator.RegexMatches(groupInstanceTypePattern, "must be an instance type such as bcs.a2.large or ecs.sn1ne.large"),
			},
			PlanModifiers: replaceString,
		},
		"resource_type": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString("OnDemand"),
			MarkdownDescription: "`OnDemand` (default) or `Spot` (preemptible). Changing it replaces the cluster.",
			Validators:          []validator.String{stringvalidator.OneOf(resourceTypes...)},
			PlanModifiers:       replaceString,
		},
		"spot_strategy": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Bidding of a `Spot` group: `SpotWithPriceLimit` (with `spot_price_limit`) or " +
				"`SpotAsPriceGo` (pay the market price). Accepted on an `OnDemand` group too, as the service accepts it " +
				"there (the API document's own request does so), where it has no effect. Changes in place.",
			Validators: []validator.String{stringvalidator.OneOf(spotStrategies...)},
		},
		"spot_price_limit": schema.Float64Attribute{
			Optional: true,
			MarkdownDescription: "Highest hourly price per instance of a `SpotWithPriceLimit` group: at least 0, at " +
				"most 3 decimal places. A price other than `0` only with `spot_strategy = \"SpotWithPriceLimit\"` (with any " +
				"other strategy the service would ignore the limit); `0` means no limit and is accepted with any strategy. " +
				"Changes in place.",
			Validators: []validator.Float64{
				float64validator.AtLeast(0),
				validators.MaxDecimals(3),
				validators.OnlyWhen(path.MatchRelative().AtParent().AtName("spot_strategy"), "SpotWithPriceLimit").Neutral("0"),
			},
		},
		"actual_vm_count": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "Number of instances running, as the service reports it.",
			PlanModifiers:       []planmodifier.Int64{actualFollowsDesired{}},
		},
	}
}

// stringList is an optional list of strings; an empty list is accepted and means none, as in the
// CreateCluster example (see README.md, "Empty values").
func stringList(desc string) schema.ListAttribute {
	return schema.ListAttribute{
		ElementType:         types.StringType,
		Optional:            true,
		MarkdownDescription: desc + " An empty list means none.",
		Validators:          []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
	}
}

func boolDefaultFalse(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false), MarkdownDescription: desc}
}

func withReplace(a schema.BoolAttribute) schema.BoolAttribute {
	a.PlanModifiers = replaceBool
	return a
}

// ---- plan modifiers ----

// replaceOnPresence replaces the cluster when an object that holds the OSS secrets appears or disappears;
// changes inside it are decided by its attributes' own modifiers (which the framework does not visit once
// the object is null in the plan).
var replaceOnPresence = []planmodifier.Object{objectplanmodifier.RequiresReplaceIf(
	func(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = req.StateValue.IsNull() != req.PlanValue.IsNull()
	},
	"Replaces the cluster when this block is added or removed.", "Replaces the cluster when this block is added or removed.")}

// groupNamesChanged requires replacement when the set of group names changes: ModifyCluster only changes
// existing groups.
func groupNamesChanged(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
	if req.PlanValue.IsUnknown() || req.StateValue.IsNull() {
		return
	}
	planned, known := req.PlanValue.Elements(), req.StateValue.Elements()
	if len(planned) != len(known) {
		resp.RequiresReplace = true
		return
	}
	for k := range planned {
		if _, ok := known[k]; !ok {
			resp.RequiresReplace = true
			return
		}
	}
}

// actualFollowsDesired plans a group's actual_vm_count: apply waits until it equals desired_vm_count, so the
// planned value is known — the desired count when that changes, the last read value otherwise.
type actualFollowsDesired struct{}

func (actualFollowsDesired) Description(context.Context) string {
	return "equals desired_vm_count after apply; unchanged when desired_vm_count is unchanged"
}

func (m actualFollowsDesired) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (actualFollowsDesired) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if !req.PlanValue.IsUnknown() || req.Plan.Raw.IsNull() {
		return
	}
	desiredPath := req.Path.ParentPath().AtName("desired_vm_count")
	var planned, prior types.Int64
	if d := req.Plan.GetAttribute(ctx, desiredPath, &planned); d.HasError() || planned.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		if d := req.State.GetAttribute(ctx, desiredPath, &prior); !d.HasError() && prior.Equal(planned) && !req.StateValue.IsNull() {
			resp.PlanValue = req.StateValue
			return
		}
	}
	resp.PlanValue = planned
}
