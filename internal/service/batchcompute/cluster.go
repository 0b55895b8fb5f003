package batchcompute

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

var (
	_ resource.Resource                   = (*clusterResource)(nil)
	_ resource.ResourceWithConfigure      = (*clusterResource)(nil)
	_ resource.ResourceWithImportState    = (*clusterResource)(nil)
	_ resource.ResourceWithValidateConfig = (*clusterResource)(nil)
)

// Default operation timeouts.
const (
	defaultCreateTimeout = 30 * time.Minute
	defaultUpdateTimeout = 30 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

// Documented values (API document of CreateCluster; REFERENCE §9.3).
var (
	resourceTypes  = []string{"OnDemand", "Spot"}
	spotStrategies = []string{"SpotWithPriceLimit", "SpotAsPriceGo"}
	topicEvents    = []string{"OnClusterDeleted", "OnInstanceCreated", "OnInstanceActive"}
	// diskTypes: the documents disagree (REFERENCE §12.8). The current Chinese documents list cloud_efficiency
	// and cloud_ssd; the older English ones ephemeral and cloud, and the CreateCluster example itself uses
	// cloud. All four are accepted so that no configuration valid for the service fails at plan time.
	diskTypes = []string{"cloud_efficiency", "cloud_ssd", "cloud", "ephemeral"}

	clusterNamePattern = regexp.MustCompile(`^[a-zA-Z_-][a-zA-Z0-9_-]*$`)
	// instanceTypePattern is the shape of every Batch Compute (bcs.a2.large) and ECS (ecs.sn1ne.large)
	// instance type; whether a well-formed type exists is only known to the service (InvalidInstanceType).
	instanceTypePattern = regexp.MustCompile(`^(bcs|ecs)\.[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+$`)
)

// NewClusterResource is the constructor of aliyun_batchcompute_cluster.
func NewClusterResource() resource.Resource { return &clusterResource{} }

type clusterResource struct {
	client *client.Client
}

type clusterModel struct {
	ID              types.String          `tfsdk:"id"`
	Name            types.String          `tfsdk:"name"`
	Description     types.String          `tfsdk:"description"`
	ImageID         types.String          `tfsdk:"image_id"`
	InstanceType    types.String          `tfsdk:"instance_type"`
	UserData        types.Map             `tfsdk:"user_data"`
	Notification    *notificationModel    `tfsdk:"notification"`
	Configs         *configsModel         `tfsdk:"configs"`
	Groups          map[string]groupModel `tfsdk:"groups"`
	State           types.String          `tfsdk:"state"`
	CreationTime    types.String          `tfsdk:"creation_time"`
	IdempotentToken types.String          `tfsdk:"idempotent_token"`
	Timeouts        timeouts.Value        `tfsdk:"timeouts"`
}

type notificationModel struct {
	Topic *topicModel `tfsdk:"topic"`
}

type topicModel struct {
	Name     types.String `tfsdk:"name"`
	Endpoint types.String `tfsdk:"endpoint"`
	Events   types.Set    `tfsdk:"events"`
}

type configsModel struct {
	Disks    *disksModel    `tfsdk:"disks"`
	Mounts   *mountsModel   `tfsdk:"mounts"`
	Networks *networksModel `tfsdk:"networks"`
}

type disksModel struct {
	SystemDisk *systemDiskModel `tfsdk:"system_disk"`
	DataDisk   *dataDiskModel   `tfsdk:"data_disk"`
}

type systemDiskModel struct {
	Type types.String `tfsdk:"type"`
	Size types.Int64  `tfsdk:"size"`
}

type dataDiskModel struct {
	Type       types.String `tfsdk:"type"`
	Size       types.Int64  `tfsdk:"size"`
	MountPoint types.String `tfsdk:"mount_point"`
}

type mountsModel struct {
	Entries      []mountEntryModel `tfsdk:"entries"`
	Locale       types.String      `tfsdk:"locale"`
	Lock         types.Bool        `tfsdk:"lock"`
	CacheSupport types.Bool        `tfsdk:"cache_support"`
	NAS          *nasModel         `tfsdk:"nas"`
	OSS          *ossModel         `tfsdk:"oss"`
}

type mountEntryModel struct {
	Source       types.String `tfsdk:"source"`
	Destination  types.String `tfsdk:"destination"`
	WriteSupport types.Bool   `tfsdk:"write_support"`
}

type nasModel struct {
	AccessGroup types.List `tfsdk:"access_group"`
	FileSystem  types.List `tfsdk:"file_system"`
}

type ossModel struct {
	AccessKeyID         types.String `tfsdk:"access_key_id"`
	AccessKeySecret     types.String `tfsdk:"access_key_secret"`
	AccessSecurityToken types.String `tfsdk:"access_security_token"`
}

type networksModel struct {
	Classic *classicModel `tfsdk:"classic"`
	VPC     *vpcModel     `tfsdk:"vpc"`
}

type classicModel struct {
	AllowIPAddress           types.List `tfsdk:"allow_ip_address"`
	AllowIPAddressEgress     types.List `tfsdk:"allow_ip_address_egress"`
	AllowSecurityGroup       types.List `tfsdk:"allow_security_group"`
	AllowSecurityGroupEgress types.List `tfsdk:"allow_security_group_egress"`
}

type vpcModel struct {
	CidrBlock types.String `tfsdk:"cidr_block"`
}

type groupModel struct {
	DesiredVMCount types.Int64   `tfsdk:"desired_vm_count"`
	InstanceType   types.String  `tfsdk:"instance_type"`
	ResourceType   types.String  `tfsdk:"resource_type"`
	SpotStrategy   types.String  `tfsdk:"spot_strategy"`
	SpotPriceLimit types.Float64 `tfsdk:"spot_price_limit"`
	ActualVMCount  types.Int64   `tfsdk:"actual_vm_count"`
}

func (r *clusterResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_batchcompute_cluster"
}

func (r *clusterResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	stringList := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{
			ElementType:         types.StringType,
			Optional:            true,
			MarkdownDescription: desc + " At least one element when set (leave it out for none).",
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
			},
		}
	}
	resp.Schema = schema.Schema{
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
				PlanModifiers: replace,
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Description, 0–1024 characters. Changing it replaces the cluster.",
				Validators:          []validator.String{stringvalidator.LengthBetween(0, 1024)},
				PlanModifiers:       replace,
			},
			"image_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Image the instances boot: a Batch Compute image id (`img-ubuntu`) or an ECS image id (`m-…`), " +
					"1–256 characters. Changing it replaces the cluster.",
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 256)},
				PlanModifiers: replace,
			},
			"instance_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Default instance type of the groups, a Batch Compute type (`bcs.a2.large`) or an ECS type " +
					"(`ecs.sn1ne.large`). The plan checks the shape only; the service tells whether the type exists " +
					"(`InvalidInstanceType`). Changing it replaces the cluster.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(instanceTypePattern, "must be an instance type such as bcs.a2.large or ecs.sn1ne.large"),
				},
				PlanModifiers: replace,
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
			"notification": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Cluster events sent to a Message Service (MNS) topic. Changing it replaces the cluster.",
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.RequiresReplace()},
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
			},
			"configs": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Instance configuration: disks, mounts and networks. Changing it replaces the cluster, except " +
					"that after an import, setting the OSS secrets (which the service never returns) only records them.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplaceIf(configsRequireReplace,
					"Replaces the cluster when the configuration changes (after an import, setting the OSS secrets only records them).",
					"Replaces the cluster when the configuration changes (after an import, setting the OSS secrets only records them).")},
				Attributes: map[string]schema.Attribute{
					"disks": schema.SingleNestedAttribute{
						Optional:            true,
						MarkdownDescription: "Disks of every instance.",
						Attributes: map[string]schema.Attribute{
							"system_disk": schema.SingleNestedAttribute{
								Optional:            true,
								MarkdownDescription: "System disk.",
								Attributes: map[string]schema.Attribute{
									"type": schema.StringAttribute{
										Optional:            true,
										MarkdownDescription: diskTypeDescription,
										Validators:          []validator.String{stringvalidator.OneOf(diskTypes...)},
									},
									"size": schema.Int64Attribute{
										Optional:            true,
										MarkdownDescription: "Size in GB, 40–500, and at least the image's size.",
										Validators:          []validator.Int64{int64validator.Between(40, 500)},
									},
								},
							},
							"data_disk": schema.SingleNestedAttribute{
								Optional:            true,
								MarkdownDescription: "Data disk.",
								Attributes: map[string]schema.Attribute{
									"type": schema.StringAttribute{
										Optional:            true,
										MarkdownDescription: diskTypeDescription + " Must equal `system_disk.type` when both are set.",
										Validators:          []validator.String{stringvalidator.OneOf(diskTypes...)},
									},
									"size": schema.Int64Attribute{
										Optional:            true,
										MarkdownDescription: "Size in GB: 5–1024 for `ephemeral`, 20–32768 for the cloud disk types.",
										Validators:          []validator.Int64{int64validator.Between(5, 32768)},
									},
									"mount_point": schema.StringAttribute{
										Optional:            true,
										MarkdownDescription: "Where the disk is mounted: a path on Linux (`/path/to/mount`), a drive letter on Windows (`D:`; not `C:`).",
										Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
									},
								},
							},
						},
					},
					"mounts": schema.SingleNestedAttribute{
						Optional:            true,
						MarkdownDescription: "Storage mounted on every instance.",
						Attributes: map[string]schema.Attribute{
							"entries": schema.ListNestedAttribute{
								Optional:            true,
								MarkdownDescription: "Mount entries. At least one when set.",
								Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
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
										"write_support": schema.BoolAttribute{
											Optional:            true,
											Computed:            true,
											Default:             booldefault.StaticBool(false),
											MarkdownDescription: "Whether the mount is writable. Default `false`.",
										},
									},
								},
							},
							"locale": schema.StringAttribute{
								Optional:            true,
								MarkdownDescription: "Character set of the mounted file names, e.g. `GBK` or `UTF-8`.",
								Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
							},
							"lock": schema.BoolAttribute{
								Optional:            true,
								Computed:            true,
								Default:             booldefault.StaticBool(false),
								MarkdownDescription: "Whether file locking is enabled on the mounts. Default `false`.",
							},
							"cache_support": schema.BoolAttribute{
								Optional:            true,
								Computed:            true,
								Default:             booldefault.StaticBool(false),
								MarkdownDescription: "Whether mounts are cached on the instance. Default `false`.",
							},
							"nas": schema.SingleNestedAttribute{
								Optional:            true,
								MarkdownDescription: "NAS access.",
								Attributes: map[string]schema.Attribute{
									"access_group": stringList("NAS access groups."),
									"file_system":  stringList("NAS file systems."),
								},
							},
							"oss": schema.SingleNestedAttribute{
								Optional: true,
								MarkdownDescription: "Credentials for OSS mounts. The service never returns the secret and the token: " +
									"they are kept from the configuration, and after an import they are unknown to the state.",
								Attributes: map[string]schema.Attribute{
									"access_key_id": schema.StringAttribute{
										Optional:            true,
										MarkdownDescription: "AccessKey id for OSS.",
										Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
									},
									"access_key_secret": schema.StringAttribute{
										Optional:            true,
										Sensitive:           true,
										MarkdownDescription: "AccessKey secret for OSS. Not read back.",
										Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
									},
									"access_security_token": schema.StringAttribute{
										Optional:            true,
										Sensitive:           true,
										MarkdownDescription: "STS security token for OSS. Not read back.",
										Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
									},
								},
							},
						},
					},
					"networks": schema.SingleNestedAttribute{
						Optional:            true,
						MarkdownDescription: "Network of the instances: a VPC (recommended) or classic network rules.",
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
					},
				},
			},
			"groups": schema.MapNestedAttribute{
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
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"desired_vm_count": schema.Int64Attribute{
							Required: true,
							MarkdownDescription: "Number of instances the group should run, 1–65536 (and at most the account quota " +
								"MaxClusterGroupDesiredVMCount). Changes in place; apply waits until the group runs that many.",
							Validators: []validator.Int64{int64validator.Between(1, 65536)},
						},
						"instance_type": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "Instance type of this group; the cluster's `instance_type` when not set. Changing it replaces the cluster.",
							Validators: []validator.String{
								stringvalidator.RegexMatches(instanceTypePattern, "must be an instance type such as bcs.a2.large or ecs.sn1ne.large"),
							},
							PlanModifiers: replace,
						},
						"resource_type": schema.StringAttribute{
							Optional:            true,
							Computed:            true,
							Default:             stringdefault.StaticString("OnDemand"),
							MarkdownDescription: "`OnDemand` (default) or `Spot` (preemptible). Changing it replaces the cluster.",
							Validators:          []validator.String{stringvalidator.OneOf(resourceTypes...)},
							PlanModifiers:       replace,
						},
						"spot_strategy": schema.StringAttribute{
							Optional: true,
							MarkdownDescription: "Bidding of a `Spot` group: `SpotWithPriceLimit` (with `spot_price_limit`) or " +
								"`SpotAsPriceGo` (pay the market price). Only with `resource_type = \"Spot\"`. Changes in place.",
							Validators: []validator.String{
								stringvalidator.OneOf(spotStrategies...),
								validators.OnlyWhen(path.MatchRelative().AtParent().AtName("resource_type"), "Spot"),
							},
						},
						"spot_price_limit": schema.Float64Attribute{
							Optional: true,
							MarkdownDescription: "Highest hourly price per instance of a `SpotWithPriceLimit` group: at least 0, at " +
								"most 3 decimal places. Only with `spot_strategy = \"SpotWithPriceLimit\"`. Changes in place.",
							Validators: []validator.Float64{
								float64validator.AtLeast(0),
								validators.MaxDecimals(3),
								validators.OnlyWhen(path.MatchRelative().AtParent().AtName("spot_strategy"), "SpotWithPriceLimit"),
							},
						},
						"actual_vm_count": schema.Int64Attribute{
							Computed:            true,
							MarkdownDescription: "Number of instances running, as the service reports it.",
							PlanModifiers:       []planmodifier.Int64{actualFollowsDesired{}},
						},
					},
				},
			},
			"state": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Cluster state: `Active`, or `Deleting` while a deletion runs.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"creation_time": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the cluster was created (ISO 8601, UTC, microseconds).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"idempotent_token": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The `IdempotentToken` the cluster was created with (generated once per create, 43 characters " +
					"of `[A-Za-z0-9_]`). Every retry of the create sends it, so the service never creates a second cluster; " +
					"if a create's outcome stays unknown, it is kept in the state to find the cluster later. " +
					"The service does not return it: after an import it is null.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

const diskTypeDescription = "Disk type: `cloud_efficiency`, `cloud_ssd` (current documents), `cloud` or `ephemeral` " +
	"(older documents and the API example). The documents disagree on the set; all four are accepted and the " +
	"service decides what the region offers."

// ValidateConfig checks the rules that span attributes; single-value rules are attribute validators.
func (r *clusterResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var sysType, dataType types.String
	var dataSize types.Int64
	base := path.Root("configs").AtName("disks")
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, base.AtName("system_disk").AtName("type"), &sysType)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, base.AtName("data_disk").AtName("type"), &dataType)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, base.AtName("data_disk").AtName("size"), &dataSize)...)
	if resp.Diagnostics.HasError() {
		return
	}
	known := func(s types.String) bool { return !s.IsNull() && !s.IsUnknown() }
	if known(sysType) && known(dataType) && sysType.ValueString() != dataType.ValueString() {
		resp.Diagnostics.AddAttributeError(base.AtName("data_disk").AtName("type"), "Invalid data disk type",
			fmt.Sprintf("configs.disks.data_disk.type must equal configs.disks.system_disk.type (%q), got %q.",
				sysType.ValueString(), dataType.ValueString()))
	}
	if !dataSize.IsNull() && !dataSize.IsUnknown() && !dataType.IsUnknown() {
		t := dataType.ValueString()
		if t == "" && known(sysType) {
			t = sysType.ValueString()
		}
		lo, hi := int64(20), int64(32768)
		if t == "ephemeral" {
			lo, hi = 5, 1024
		}
		if s := dataSize.ValueInt64(); s < lo || s > hi {
			name := "cloud disk"
			if t == "ephemeral" {
				name = "ephemeral disk"
			}
			resp.Diagnostics.AddAttributeError(base.AtName("data_disk").AtName("size"), "Invalid data disk size",
				fmt.Sprintf("configs.disks.data_disk.size of a %s must be between %d and %d GB, got %d.", name, lo, hi, s))
		}
	}
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
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r.maskSecrets(&plan)

	// One token for the whole create: the client repeats the call after any transient failure, including
	// ambiguous ones (dropped connection, 5xx), and the service answers every repeat with the same cluster.
	plan.IdempotentToken = types.StringValue(newIdempotentToken())
	id, err := r.createCluster(ctx, &plan)
	if err != nil {
		if createOutcomeUnknown(err) {
			// Keep the token: the next apply replaces this tainted object, and Delete finds the cluster the
			// token may have created (see Delete) before a new one is made.
			plan.ID = types.StringValue("")
			clearComputed(&plan)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			resp.Diagnostics.AddError("Creating Batch Compute cluster: outcome unknown",
				client.Describe(err)+"\n\nThe cluster may have been created. Its idempotent token "+plan.IdempotentToken.ValueString()+
					" is saved in the state; the next apply finds and deletes such a cluster before creating a new one.")
			return
		}
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
	obj, err := r.waitReady(ctx, id)
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Waiting for Batch Compute cluster "+id+" to run its instances", err))
		return
	}
	flattenCluster(obj, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *clusterResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.ID.ValueString() == "" {
		// A create whose outcome is unknown (see Create): nothing to read; the tainted object is replaced.
		tflog.Warn(ctx, "Batch Compute cluster has no id yet (a create's outcome was unknown); it will be replaced")
		return
	}
	obj, err := r.getCluster(ctx, state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Reading Batch Compute cluster "+state.ID.ValueString(), err))
		return
	}
	if obj == nil {
		tflog.Warn(ctx, "Batch Compute cluster not found, removing it from the state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if obj.State == stateDeleting {
		tflog.Warn(ctx, "Batch Compute cluster is being deleted, removing it from the state", map[string]any{"id": obj.ID})
		resp.State.RemoveResource(ctx)
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
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r.maskSecrets(&plan)
	id := state.ID.ValueString()

	if body := expandModify(plan.Groups, state.Groups); body != nil {
		_, err := r.client.ROA(ctx, client.ROACall{
			Product: client.ProductBatchCompute, Version: client.VersionBatchCompute, Action: "ModifyCluster",
			Method: http.MethodPut, Path: "/clusters/" + url.PathEscape(id), Body: body,
		}, nil)
		if err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic("Modifying Batch Compute cluster "+id, err))
			return
		}
	}
	obj, err := r.waitReady(ctx, id)
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Waiting for Batch Compute cluster "+id+" to run its instances", err))
		return
	}
	flattenCluster(obj, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// From now on the state holds the configured secrets: changing them replaces the cluster.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateSecretsUnknown, nil)...)
}

func (r *clusterResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
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
		found, err := r.createCluster(ctx, &state)
		if err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic("Finding the Batch Compute cluster of an unfinished create", err))
			return
		}
		tflog.Info(ctx, "found the cluster of an unfinished create by its idempotent token", map[string]any{"id": found})
		id = found
	}
	outcome, err := r.requestDeletion(ctx, id)
	if err == nil && outcome == deletionBusy {
		// The cluster refuses deletion in its current state: ask again until it accepts, within the timeout.
		_, err = r.client.Wait(ctx, client.WaitSpec{
			Description: "Batch Compute cluster " + id + " to accept its deletion",
			Target:      []string{deletionAccepted, deletionGone},
			Refresh: func(ctx context.Context) (any, string, error) {
				outcome, err := r.requestDeletion(ctx, id)
				return outcome, outcome, err
			},
		})
		if err == nil {
			outcome = deletionAccepted
		}
	}
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Deleting Batch Compute cluster "+id, err))
		return
	}
	if outcome == deletionGone {
		return
	}
	_, err = r.client.Wait(ctx, client.WaitSpec{
		Description:    "Batch Compute cluster " + id + " to be deleted",
		TargetNotFound: true,
		Refresh: func(ctx context.Context) (any, string, error) {
			obj, err := r.getCluster(ctx, id)
			if obj == nil || err != nil {
				return nil, "", err
			}
			return obj, obj.State, nil
		},
	})
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic("Waiting for Batch Compute cluster "+id+" to be deleted", err))
	}
}

func (r *clusterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !clusterIDPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Import a Batch Compute cluster by its id, such as cls-6ki3sg6sqlno7nt8fu0007 (letters, digits, - and _); got %q.", req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	// The service never returns the OSS secrets: remember that the state does not know them, so that the
	// configured ones are recorded instead of replacing the cluster (configsRequireReplace).
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateSecretsUnknown, []byte("true"))...)
}

// privateSecretsUnknown marks, in the private state, an imported cluster whose OSS secrets are not known.
const privateSecretsUnknown = "oss_secrets_unknown"

// clusterIDPattern accepts any id of the documented alphabet: ids look like cls-6ki3sg6sqlno7nt8fu0007, but
// the API document's own example answers usr-cluster-1, so the prefix is not enforced.
var clusterIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// ---- API shapes ----

const (
	stateActive   = "Active"
	stateDeleting = "Deleting"
	// stateReady is the waiter's name for "Active, and every group runs its desired number of instances".
	stateReady = "Ready"
)

type apiCluster struct {
	ID           string              `json:"Id,omitempty"`
	Name         string              `json:"Name"`
	Description  string              `json:"Description,omitempty"`
	ImageID      string              `json:"ImageId"`
	InstanceType string              `json:"InstanceType"`
	UserData     map[string]string   `json:"UserData,omitempty"`
	Notification *apiNotification    `json:"Notification,omitempty"`
	Configs      *apiConfigs         `json:"Configs,omitempty"`
	Groups       map[string]apiGroup `json:"Groups"`
	// Read only.
	State        string `json:"State,omitempty"`
	CreationTime string `json:"CreationTime,omitempty"`
}

type apiNotification struct {
	Topic *apiTopic `json:"Topic,omitempty"`
}

type apiTopic struct {
	Name     string   `json:"Name"`
	Endpoint string   `json:"Endpoint"`
	Events   []string `json:"Events,omitempty"`
}

type apiConfigs struct {
	Disks    *apiDisks    `json:"Disks,omitempty"`
	Mounts   *apiMounts   `json:"Mounts,omitempty"`
	Networks *apiNetworks `json:"Networks,omitempty"`
}

type apiDisks struct {
	SystemDisk *apiDisk `json:"SystemDisk,omitempty"`
	DataDisk   *apiDisk `json:"DataDisk,omitempty"`
}

type apiDisk struct {
	Type       string `json:"Type,omitempty"`
	Size       int64  `json:"Size,omitempty"`
	MountPoint string `json:"MountPoint,omitempty"`
}

type apiMounts struct {
	Entries      []apiMountEntry `json:"Entries,omitempty"`
	Locale       string          `json:"Locale,omitempty"`
	Lock         bool            `json:"Lock"`
	CacheSupport bool            `json:"CacheSupport"`
	NAS          *apiNAS         `json:"NAS,omitempty"`
	OSS          *apiOSS         `json:"OSS,omitempty"`
}

type apiMountEntry struct {
	Source       string `json:"Source"`
	Destination  string `json:"Destination"`
	WriteSupport bool   `json:"WriteSupport"`
}

type apiNAS struct {
	AccessGroup []string `json:"AccessGroup,omitempty"`
	FileSystem  []string `json:"FileSystem,omitempty"`
}

type apiOSS struct {
	AccessKeyID         string `json:"AccessKeyId,omitempty"`
	AccessKeySecret     string `json:"AccessKeySecret,omitempty"`
	AccessSecurityToken string `json:"AccessSecurityToken,omitempty"`
}

type apiNetworks struct {
	Classic *apiClassic `json:"Classic,omitempty"`
	VPC     *apiVPC     `json:"VPC,omitempty"`
}

type apiClassic struct {
	AllowIPAddress           []string `json:"AllowIpAddress,omitempty"`
	AllowIPAddressEgress     []string `json:"AllowIpAddressEgress,omitempty"`
	AllowSecurityGroup       []string `json:"AllowSecurityGroup,omitempty"`
	AllowSecurityGroupEgress []string `json:"AllowSecurityGroupEgress,omitempty"`
}

type apiVPC struct {
	CidrBlock string `json:"CidrBlock,omitempty"`
}

type apiGroup struct {
	DesiredVMCount *int64   `json:"DesiredVMCount,omitempty"`
	InstanceType   string   `json:"InstanceType,omitempty"`
	ResourceType   string   `json:"ResourceType,omitempty"`
	SpotStrategy   *string  `json:"SpotStrategy,omitempty"`
	SpotPriceLimit *float64 `json:"SpotPriceLimit,omitempty"`
	// Read only.
	ActualVMCount int64 `json:"ActualVMCount,omitempty"`
}

// ---- calls ----

// createCluster sends CreateCluster with m's idempotent token and returns the new (or remembered) id.
func (r *clusterResource) createCluster(ctx context.Context, m *clusterModel) (string, error) {
	var out struct {
		ID string `json:"Id"`
	}
	_, err := r.client.ROA(ctx, client.ROACall{
		Product: client.ProductBatchCompute, Version: client.VersionBatchCompute, Action: "CreateCluster",
		Method: http.MethodPost, Path: "/clusters", Query: map[string]string{"IdempotentToken": m.IdempotentToken.ValueString()},
		Body: expandCluster(m),
	}, &out)
	if err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", errors.New("BatchCompute CreateCluster answered without a cluster id")
	}
	return out.ID, nil
}

// getCluster returns the cluster, or nil when the service says it does not exist.
func (r *clusterResource) getCluster(ctx context.Context, id string) (*apiCluster, error) {
	var out apiCluster
	_, err := r.client.ROA(ctx, client.ROACall{
		Product: client.ProductBatchCompute, Version: client.VersionBatchCompute, Action: "GetCluster",
		Method: http.MethodGet, Path: "/clusters/" + url.PathEscape(id),
	}, &out)
	if client.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Outcomes of a DeleteCluster request.
const (
	deletionAccepted = "accepted" // the cluster is Deleting (by this request or an earlier one)
	deletionGone     = "gone"
	deletionBusy     = "busy" // StateConflict while the cluster is not Deleting: try again later
)

// requestDeletion sends DeleteCluster once. StateConflict means the cluster's state refuses deletion: when it
// is already Deleting (an earlier request whose answer was lost, or someone else) that is success; otherwise
// the cluster is busy and the caller asks again (REFERENCE §10).
func (r *clusterResource) requestDeletion(ctx context.Context, id string) (string, error) {
	_, err := r.client.ROA(ctx, client.ROACall{
		Product: client.ProductBatchCompute, Version: client.VersionBatchCompute, Action: "DeleteCluster",
		Method: http.MethodDelete, Path: "/clusters/" + url.PathEscape(id),
	}, nil)
	switch {
	case err == nil:
		return deletionAccepted, nil
	case client.IsNotFound(err):
		return deletionGone, nil
	case !client.IsCode(err, "StateConflict"):
		return "", err
	}
	obj, gerr := r.getCluster(ctx, id)
	switch {
	case gerr != nil:
		return "", gerr
	case obj == nil:
		return deletionGone, nil
	case obj.State == stateDeleting:
		return deletionAccepted, nil
	}
	tflog.Debug(ctx, "Batch Compute cluster refuses deletion for now", map[string]any{"id": id, "state": obj.State, "error": err.Error()})
	return deletionBusy, nil
}

// waitReady waits until every group runs its desired number of instances.
func (r *clusterResource) waitReady(ctx context.Context, id string) (*apiCluster, error) {
	obj, err := r.client.Wait(ctx, client.WaitSpec{
		Description: "Batch Compute cluster " + id + " to run every group's desired instances",
		Target:      []string{stateReady},
		Failure:     []string{stateDeleting},
		FailureMessage: func(any) string {
			return "the cluster is being deleted (by someone else?)"
		},
		Refresh: func(ctx context.Context) (any, string, error) {
			obj, err := r.getCluster(ctx, id)
			if obj == nil || err != nil {
				return nil, "", err
			}
			return obj, readiness(obj), nil
		},
	})
	if err != nil {
		return nil, err
	}
	cluster, ok := obj.(*apiCluster)
	if !ok {
		return nil, fmt.Errorf("waiting for Batch Compute cluster %s: unexpected %T", id, obj)
	}
	return cluster, nil
}

// readiness turns a cluster into the waiter's state: Ready once every group's actual count reached the
// desired count, otherwise the cluster's own state.
func readiness(c *apiCluster) string {
	if c.State != stateActive {
		return c.State
	}
	for _, g := range c.Groups {
		if g.DesiredVMCount == nil || g.ActualVMCount != *g.DesiredVMCount {
			return "Scaling"
		}
	}
	return stateReady
}

// createOutcomeUnknown says whether a failed create may still have created the cluster: anything but an
// answer of the service that rejects the request (4xx other than throttling).
func createOutcomeUnknown(err error) bool {
	var ae *client.APIError
	if errors.As(err, &ae) && !client.IsRetryable(err) {
		return false
	}
	var ce *client.CredentialsError
	return !errors.As(err, &ce)
}

// newIdempotentToken returns "tf_" and 40 hex digits: 43 characters of [A-Za-z0-9_], within the API's 64.
func newIdempotentToken() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	return "tf_" + hex.EncodeToString(b)
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

// ---- plan modifiers ----

// groupNamesChanged requires replacement when the set of group names changes: ModifyCluster only changes
// existing groups.
func groupNamesChanged(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
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

// configsRequireReplace requires replacement for any change of configs, except OSS secrets appearing in the
// configuration of an imported cluster whose state never knew them (the service does not return them): the
// cluster already has its secrets, and the update only records the configured ones.
func configsRequireReplace(ctx context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = true
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() || req.Private == nil {
		return
	}
	if marker, d := req.Private.GetKey(ctx, privateSecretsUnknown); d.HasError() || len(marker) == 0 {
		return
	}
	var prior, planned configsModel
	if d := req.StateValue.As(ctx, &prior, basetypes.ObjectAsOptions{}); d.HasError() {
		return
	}
	if d := req.PlanValue.As(ctx, &planned, basetypes.ObjectAsOptions{}); d.HasError() {
		return
	}
	if prior.Mounts == nil || prior.Mounts.OSS == nil || planned.Mounts == nil || planned.Mounts.OSS == nil {
		return
	}
	if prior.Mounts.OSS.AccessKeySecret.IsNull() {
		prior.Mounts.OSS.AccessKeySecret = planned.Mounts.OSS.AccessKeySecret
	}
	if prior.Mounts.OSS.AccessSecurityToken.IsNull() {
		prior.Mounts.OSS.AccessSecurityToken = planned.Mounts.OSS.AccessSecurityToken
	}
	patched, d := types.ObjectValueFrom(ctx, req.PlanValue.AttributeTypes(ctx), prior)
	if d.HasError() {
		return
	}
	resp.RequiresReplace = !patched.Equal(req.PlanValue)
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

// ---- expand: model → API ----

func expandCluster(m *clusterModel) *apiCluster {
	c := &apiCluster{
		Name:         m.Name.ValueString(),
		Description:  m.Description.ValueString(),
		ImageID:      m.ImageID.ValueString(),
		InstanceType: m.InstanceType.ValueString(),
		UserData:     stringMap(m.UserData),
		Groups:       map[string]apiGroup{},
	}
	if n := m.Notification; n != nil && n.Topic != nil {
		c.Notification = &apiNotification{Topic: &apiTopic{
			Name: n.Topic.Name.ValueString(), Endpoint: n.Topic.Endpoint.ValueString(), Events: stringSet(n.Topic.Events),
		}}
	}
	if cf := m.Configs; cf != nil {
		c.Configs = &apiConfigs{}
		if d := cf.Disks; d != nil {
			c.Configs.Disks = &apiDisks{}
			if s := d.SystemDisk; s != nil {
				c.Configs.Disks.SystemDisk = &apiDisk{Type: s.Type.ValueString(), Size: s.Size.ValueInt64()}
			}
			if s := d.DataDisk; s != nil {
				c.Configs.Disks.DataDisk = &apiDisk{Type: s.Type.ValueString(), Size: s.Size.ValueInt64(), MountPoint: s.MountPoint.ValueString()}
			}
		}
		if mo := cf.Mounts; mo != nil {
			am := &apiMounts{Locale: mo.Locale.ValueString(), Lock: mo.Lock.ValueBool(), CacheSupport: mo.CacheSupport.ValueBool()}
			for _, e := range mo.Entries {
				am.Entries = append(am.Entries, apiMountEntry{
					Source: e.Source.ValueString(), Destination: e.Destination.ValueString(), WriteSupport: e.WriteSupport.ValueBool(),
				})
			}
			if n := mo.NAS; n != nil {
				am.NAS = &apiNAS{AccessGroup: stringList(n.AccessGroup), FileSystem: stringList(n.FileSystem)}
			}
			if o := mo.OSS; o != nil {
				am.OSS = &apiOSS{
					AccessKeyID: o.AccessKeyID.ValueString(), AccessKeySecret: o.AccessKeySecret.ValueString(),
					AccessSecurityToken: o.AccessSecurityToken.ValueString(),
				}
			}
			c.Configs.Mounts = am
		}
		if n := cf.Networks; n != nil {
			c.Configs.Networks = &apiNetworks{}
			if k := n.Classic; k != nil {
				c.Configs.Networks.Classic = &apiClassic{
					AllowIPAddress: stringList(k.AllowIPAddress), AllowIPAddressEgress: stringList(k.AllowIPAddressEgress),
					AllowSecurityGroup: stringList(k.AllowSecurityGroup), AllowSecurityGroupEgress: stringList(k.AllowSecurityGroupEgress),
				}
			}
			if v := n.VPC; v != nil {
				c.Configs.Networks.VPC = &apiVPC{CidrBlock: v.CidrBlock.ValueString()}
			}
		}
	}
	for name, g := range m.Groups {
		desired := g.DesiredVMCount.ValueInt64()
		c.Groups[name] = apiGroup{
			DesiredVMCount: &desired,
			InstanceType:   g.InstanceType.ValueString(),
			ResourceType:   g.ResourceType.ValueString(),
			SpotStrategy:   g.SpotStrategy.ValueStringPointer(),
			SpotPriceLimit: g.SpotPriceLimit.ValueFloat64Pointer(),
		}
	}
	return c
}

// expandModify builds the ModifyCluster body for the groups whose in-place attributes changed, or nil.
// A spot attribute removed from the configuration is sent as its empty value ("" or 0), which clears it.
func expandModify(plan, state map[string]groupModel) map[string]any {
	groups := map[string]apiGroup{}
	for name, p := range plan {
		s := state[name]
		if p.DesiredVMCount.Equal(s.DesiredVMCount) && p.SpotStrategy.Equal(s.SpotStrategy) && p.SpotPriceLimit.Equal(s.SpotPriceLimit) {
			continue
		}
		// Only what changed is sent: spot fields mean nothing to an OnDemand group.
		var g apiGroup
		if !p.DesiredVMCount.Equal(s.DesiredVMCount) {
			desired := p.DesiredVMCount.ValueInt64()
			g.DesiredVMCount = &desired
		}
		if !p.SpotStrategy.Equal(s.SpotStrategy) {
			strategy := p.SpotStrategy.ValueString()
			g.SpotStrategy = &strategy
		}
		if !p.SpotPriceLimit.Equal(s.SpotPriceLimit) {
			limit := p.SpotPriceLimit.ValueFloat64()
			g.SpotPriceLimit = &limit
		}
		groups[name] = g
	}
	if len(groups) == 0 {
		return nil
	}
	return map[string]any{"Groups": groups}
}

func stringMap(m types.Map) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := make(map[string]string, len(m.Elements()))
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok {
			out[k] = s.ValueString()
		}
	}
	return out
}

func stringList(l types.List) []string { return stringElems(l.Elements()) }

func stringSet(s types.Set) []string { return stringElems(s.Elements()) }

func stringElems(elems []attr.Value) []string {
	var out []string
	for _, v := range elems {
		if s, ok := v.(types.String); ok {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// ---- flatten: API → model ----
//
// Each optional value is read back as the service returns it. The service answers empty values ("", 0, [],
// {}) for what was never set, so an empty answer keeps the prior null (or the prior empty value); any other
// answer replaces the prior value, which is how drift shows.

func flattenCluster(c *apiCluster, m *clusterModel) {
	m.ID = types.StringValue(c.ID)
	m.Name = types.StringValue(c.Name)
	m.Description = optString(c.Description, m.Description)
	m.ImageID = types.StringValue(c.ImageID)
	m.InstanceType = types.StringValue(c.InstanceType)
	m.UserData = optStringMap(c.UserData, m.UserData)
	m.Notification = flattenNotification(c.Notification, m.Notification)
	m.Configs = flattenConfigs(c.Configs, m.Configs)
	m.State = types.StringValue(c.State)
	m.CreationTime = types.StringValue(c.CreationTime)
	groups := make(map[string]groupModel, len(c.Groups))
	for name, g := range c.Groups {
		prior := m.Groups[name]
		resourceType := g.ResourceType
		if resourceType == "" {
			resourceType = "OnDemand"
		}
		var desired int64
		if g.DesiredVMCount != nil {
			desired = *g.DesiredVMCount
		}
		groups[name] = groupModel{
			DesiredVMCount: types.Int64Value(desired),
			InstanceType:   optString(g.InstanceType, prior.InstanceType),
			ResourceType:   types.StringValue(resourceType),
			SpotStrategy:   optString(deref(g.SpotStrategy), prior.SpotStrategy),
			SpotPriceLimit: optFloat(deref(g.SpotPriceLimit), prior.SpotPriceLimit),
			ActualVMCount:  types.Int64Value(g.ActualVMCount),
		}
	}
	m.Groups = groups
}

func flattenNotification(n *apiNotification, prior *notificationModel) *notificationModel {
	if n == nil || n.Topic == nil || (n.Topic.Name == "" && n.Topic.Endpoint == "" && len(n.Topic.Events) == 0) {
		return nil
	}
	var pt topicModel
	if prior != nil && prior.Topic != nil {
		pt = *prior.Topic
	}
	return &notificationModel{Topic: &topicModel{
		Name:     types.StringValue(n.Topic.Name),
		Endpoint: types.StringValue(n.Topic.Endpoint),
		Events:   optStringSet(n.Topic.Events, pt.Events),
	}}
}

func flattenConfigs(c *apiConfigs, prior *configsModel) *configsModel {
	wasNull := prior == nil
	if wasNull {
		prior = &configsModel{}
	}
	out := &configsModel{}
	if c != nil {
		out.Disks = flattenDisks(c.Disks, prior.Disks)
		out.Mounts = flattenMounts(c.Mounts, prior.Mounts)
		out.Networks = flattenNetworks(c.Networks, prior.Networks)
	}
	if out.Disks == nil && out.Mounts == nil && out.Networks == nil && wasNull {
		return nil
	}
	return out
}

func flattenDisks(d *apiDisks, prior *disksModel) *disksModel {
	wasNull := prior == nil
	if wasNull {
		prior = &disksModel{}
	}
	out := &disksModel{}
	if d != nil {
		if s := d.SystemDisk; s != nil && (s.Type != "" || s.Size != 0) || prior.SystemDisk != nil {
			p := prior.SystemDisk
			if p == nil {
				p = &systemDiskModel{}
			}
			s := deref(d.SystemDisk)
			out.SystemDisk = &systemDiskModel{Type: optString(s.Type, p.Type), Size: optInt(s.Size, p.Size)}
		}
		if s := d.DataDisk; s != nil && (s.Type != "" || s.Size != 0 || s.MountPoint != "") || prior.DataDisk != nil {
			p := prior.DataDisk
			if p == nil {
				p = &dataDiskModel{}
			}
			s := deref(d.DataDisk)
			out.DataDisk = &dataDiskModel{Type: optString(s.Type, p.Type), Size: optInt(s.Size, p.Size), MountPoint: optString(s.MountPoint, p.MountPoint)}
		}
	}
	if out.SystemDisk == nil && out.DataDisk == nil && wasNull {
		return nil
	}
	return out
}

func flattenMounts(mo *apiMounts, prior *mountsModel) *mountsModel {
	empty := mo == nil || (len(mo.Entries) == 0 && mo.Locale == "" && !mo.Lock && !mo.CacheSupport &&
		len(deref(mo.NAS).AccessGroup)+len(deref(mo.NAS).FileSystem) == 0 && deref(mo.OSS).AccessKeyID == "")
	if empty && prior == nil {
		return nil
	}
	if prior == nil {
		prior = &mountsModel{}
	}
	if mo == nil {
		mo = &apiMounts{}
	}
	out := &mountsModel{
		Locale:       optString(mo.Locale, prior.Locale),
		Lock:         types.BoolValue(mo.Lock),
		CacheSupport: types.BoolValue(mo.CacheSupport),
	}
	for _, e := range mo.Entries {
		out.Entries = append(out.Entries, mountEntryModel{
			Source: types.StringValue(e.Source), Destination: types.StringValue(e.Destination), WriteSupport: types.BoolValue(e.WriteSupport),
		})
	}
	if n := deref(mo.NAS); len(n.AccessGroup) > 0 || len(n.FileSystem) > 0 || prior.NAS != nil {
		p := prior.NAS
		if p == nil {
			p = &nasModel{AccessGroup: types.ListNull(types.StringType), FileSystem: types.ListNull(types.StringType)}
		}
		out.NAS = &nasModel{AccessGroup: optStringList(n.AccessGroup, p.AccessGroup), FileSystem: optStringList(n.FileSystem, p.FileSystem)}
	}
	if o := deref(mo.OSS); o.AccessKeyID != "" || prior.OSS != nil {
		p := prior.OSS
		if p == nil {
			p = &ossModel{}
		}
		// The service never returns the secret and the token: they stay as configured (null after an import).
		out.OSS = &ossModel{
			AccessKeyID: optString(o.AccessKeyID, p.AccessKeyID), AccessKeySecret: p.AccessKeySecret, AccessSecurityToken: p.AccessSecurityToken,
		}
	}
	return out
}

func flattenNetworks(n *apiNetworks, prior *networksModel) *networksModel {
	wasNull := prior == nil
	if wasNull {
		prior = &networksModel{}
	}
	out := &networksModel{}
	if n != nil {
		k := deref(n.Classic)
		if len(k.AllowIPAddress)+len(k.AllowIPAddressEgress)+len(k.AllowSecurityGroup)+len(k.AllowSecurityGroupEgress) > 0 || prior.Classic != nil {
			p := prior.Classic
			if p == nil {
				null := types.ListNull(types.StringType)
				p = &classicModel{AllowIPAddress: null, AllowIPAddressEgress: null, AllowSecurityGroup: null, AllowSecurityGroupEgress: null}
			}
			out.Classic = &classicModel{
				AllowIPAddress:           optStringList(k.AllowIPAddress, p.AllowIPAddress),
				AllowIPAddressEgress:     optStringList(k.AllowIPAddressEgress, p.AllowIPAddressEgress),
				AllowSecurityGroup:       optStringList(k.AllowSecurityGroup, p.AllowSecurityGroup),
				AllowSecurityGroupEgress: optStringList(k.AllowSecurityGroupEgress, p.AllowSecurityGroupEgress),
			}
		}
		if v := deref(n.VPC); v.CidrBlock != "" || prior.VPC != nil {
			out.VPC = &vpcModel{CidrBlock: types.StringValue(v.CidrBlock)}
		}
	}
	if out.Classic == nil && out.VPC == nil && wasNull {
		return nil
	}
	return out
}

func optString(api string, prior types.String) types.String {
	if api == "" && (prior.IsNull() || prior.IsUnknown() || prior.ValueString() != "") {
		return types.StringNull()
	}
	return types.StringValue(api)
}

func optInt(api int64, prior types.Int64) types.Int64 {
	if api == 0 && (prior.IsNull() || prior.IsUnknown() || prior.ValueInt64() != 0) {
		return types.Int64Null()
	}
	return types.Int64Value(api)
}

func optFloat(api float64, prior types.Float64) types.Float64 {
	if api == 0 && (prior.IsNull() || prior.IsUnknown() || prior.ValueFloat64() != 0) {
		return types.Float64Null()
	}
	return types.Float64Value(api)
}

func optStringList(api []string, prior types.List) types.List {
	if len(api) == 0 && (prior.IsNull() || prior.IsUnknown() || len(prior.Elements()) > 0) {
		return types.ListNull(types.StringType)
	}
	return types.ListValueMust(types.StringType, stringValues(api))
}

func optStringSet(api []string, prior types.Set) types.Set {
	if len(api) == 0 && (prior.IsNull() || prior.IsUnknown() || len(prior.Elements()) > 0) {
		return types.SetNull(types.StringType)
	}
	return types.SetValueMust(types.StringType, stringValues(api))
}

func optStringMap(api map[string]string, prior types.Map) types.Map {
	if len(api) == 0 && (prior.IsNull() || prior.IsUnknown() || len(prior.Elements()) > 0) {
		return types.MapNull(types.StringType)
	}
	elems := make(map[string]attr.Value, len(api))
	for k, v := range api {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

func stringValues(ss []string) []attr.Value {
	out := make([]attr.Value, 0, len(ss))
	for _, s := range ss {
		out = append(out, types.StringValue(s))
	}
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// ---- error hints ----

// Hints for the codes of the CreateCluster error table and the common Batch Compute codes (REFERENCE §9.5).
// Codes with a parameter in them (InvalidUserData.{key}, InvalidGroups.{key}, Missing*, Invalid*,
// QuotaExhausted.*) fall back to the client's family hints, which name the parameter or the quota.
func init() {
	client.RegisterHints(client.ProductBatchCompute, map[string]string{
		"IdempotentTokenMismatch": "the idempotent token was already used by a create with a different body: the configuration changed " +
			"between attempts of one create; run apply again (a new create gets a new token).",
		"InvalidIdempotentToken": "the idempotent token must be 1–64 characters of [A-Za-z0-9_].",
		"InvalidJsonFormat":      "the request body is not valid JSON: report this as a provider bug with the request id.",
		"InvalidHttpBody":        "the request body must be a JSON object: report this as a provider bug with the request id.",
		"MissingName":            "name is required.",
		"InvalidName":            "name must be 1–64 characters of [a-zA-Z0-9_-] and must not start with a digit.",
		"InvalidDescription":     "description must be a string of at most 1024 characters.",
		"MissingImageId":         "image_id is required.",
		"InvalidImageId":         "image_id must be 1–256 characters and name an image that exists in this region (img-… or m-…).",
		"InvalidUserData":        "user_data must be a map of at most 64 entries.",
		"InvalidGroups":          "groups must hold at least one group, each named with 1–64 characters.",
		"MissingGroups":          "groups is required: declare at least one group.",
		"MissingDesiredVMCount":  "every group needs desired_vm_count.",
		"InvalidDesiredVMCount":  "desired_vm_count must be an integer between 1 and 65536.",
		"InvalidCidrBlock":       "configs.networks.vpc.cidr_block must be an IPv4 CIDR block such as 192.168.0.0/16.",
		"MissingInstanceType":    "instance_type is required.",
		"InvalidInstanceType":    "the instance type does not exist or is not offered by Batch Compute in this region: check instance_type and groups[*].instance_type.",
		"MissingResourceType":    "groups[*].resource_type must not be empty: use OnDemand or Spot.",
		"InvalidResourceType":    "groups[*].resource_type must be OnDemand or Spot.",
		"InvalidSpotStrategy":    "groups[*].spot_strategy must be SpotWithPriceLimit or SpotAsPriceGo.",
		"InvalidSpotPriceLimit":  "groups[*].spot_price_limit must be at least 0 with at most 3 decimal places.",
		"QuotaExhausted.MaxClusterCount": "the account's quota of clusters (MaxClusterCount) is used up: delete clusters you no longer " +
			"need or ask Alibaba Cloud support for a higher quota.",
		"QuotaExhausted.MaxClusterGroupCount": "the quota of groups per cluster (MaxClusterGroupCount) is exceeded: declare fewer " +
			"groups or ask Alibaba Cloud support for a higher quota.",
		"QuotaExhausted.MaxClusterGroupDesiredVMCount": "the quota of instances per group (MaxClusterGroupDesiredVMCount) is exceeded: " +
			"lower desired_vm_count, split the instances over more groups, or ask Alibaba Cloud support for a higher quota.",
		"QuotaExhausted.Configs.Networks.VPC.OppositeRouterType": "the VPC peering router type is not allowed for this account.",
		"QuotaExhausted":                  "an account quota is used up: delete unused clusters or ask Alibaba Cloud support for a higher quota.",
		"InvalidResource.NotFound":        "the cluster does not exist (any more): it was deleted outside Terraform, or the id is wrong.",
		"InvalidResource.AlreadyExisting": "a resource with this identity already exists.",
		"StateConflict":                   "the cluster is in a state that does not allow this operation (it is being deleted).",
		"InvalidVersion.NotFound":         "the service does not know API version 2015-11-11 at this endpoint: check endpoints.batchcompute.",
		"Forbidden":                       "the account may not do this: check RAM permissions for Batch Compute and that the service is still available to the account.",
		"MethodNotAllowed":                "the endpoint does not serve this method: check endpoints.batchcompute.",
		"InvalidUrlPattern":               "the endpoint does not serve this path: check endpoints.batchcompute.",
		"InvalidQueryString":              "a query parameter was rejected: report this as a provider bug with the request id.",
		"InvalidMaxItemCount":             "MaxItemCount must be between 1 and 100.",
	})
}
