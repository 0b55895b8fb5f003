package ehpc

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

var (
	_ resource.Resource                     = (*clusterResource)(nil)
	_ resource.ResourceWithConfigure        = (*clusterResource)(nil)
	_ resource.ResourceWithConfigValidators = (*clusterResource)(nil)
	_ resource.ResourceWithImportState      = (*clusterResource)(nil)
)

// NewClusterResource is the aliyun_ehpc_cluster resource: an E-HPC cluster created with the 2024-07-30 API.
func NewClusterResource() resource.Resource { return &clusterResource{} }

type clusterResource struct {
	client *client.Client
}

// Default timeouts of the operations.
const (
	clusterCreateTimeout = 60 * time.Minute
	clusterUpdateTimeout = 30 * time.Minute
	clusterDeleteTimeout = 30 * time.Minute
)

// clusterPasswordPolicy is CreateCluster's root password rule (ClusterCredentials.Password).
var clusterPasswordPolicy = validators.PasswordPolicy{
	MinLength: 8, MaxLength: 20, MinClasses: 3, Specials: "()~!@#$%^&*-=+{}[]:;'<>,.?/",
}

// Patterns of identifiers and names documented by the API.
var (
	keyPairNamePattern    = regexp.MustCompile(`^\p{L}[\p{L}\p{N}:_-]{1,127}$`)
	hostnamePrefixPattern = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)
	instanceTypePattern   = regexp.MustCompile(`^ecs\.`)
)

func (r *clusterResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ehpc_cluster"
}

func (r *clusterResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = clusterSchema(ctx)
}

// clusterSchema is the resource's schema. Read-back rules: attributes that GetCluster or ListClusters return are
// Optional+Computed (the service fills defaults) and refreshed on every read; attributes the API never returns
// (credentials, tags, queues, shared storages, add-ons, the enterprise security group flag, the manager node's
// data disks) keep their configured value and are marked "not read back" in their description.
func clusterSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An E-HPC cluster, created with the E-HPC 2024-07-30 API (`CreateCluster`). " +
			"Creation waits until the cluster is `running`; a cluster that ends in `exception` fails the apply and is left tainted. " +
			"Only the name, description, client version, deletion protection, node and core quotas, scaling intervals and the " +
			"post-install script can be changed in place; any other change replaces the cluster.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The cluster id (`ClusterId`, e.g. `ehpc-hz-FYUr32****`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Cluster name: 2 to 128 characters of letters (Chinese included), digits, `-` and `_`. " +
					"The service generates one when omitted. Read back; updated in place.",
				Validators:    []validator.String{validators.UnicodeName(2, 128, "-_")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_description": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Cluster description: 2 to 128 characters of letters (Chinese included), digits, `-` and `_`. " +
					"Read back (from `ListClusters`); updated in place.",
				Validators: []validator.String{validators.UnicodeName(2, 128, "-_")},
			},
			"cluster_category": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Cluster series: `Standard` or `Serverless` (service default `Standard`). Read back; changing it replaces the cluster.",
				Validators:          []validator.String{stringvalidator.OneOf("Standard", "Serverless")},
				PlanModifiers:       createOnlyComputedString(),
			},
			"cluster_mode": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Deployment mode: `Integrated` (public cloud), `Hybrid` or `Custom` (service default `Integrated`). " +
					"Read back; changing it replaces the cluster.",
				Validators:    []validator.String{stringvalidator.OneOf("Integrated", "Hybrid", "Custom")},
				PlanModifiers: createOnlyComputedString(),
			},
			"cluster_vpc_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "VPC of the cluster (`vpc-…`). Read back; changing it replaces the cluster.",
				Validators:          []validator.String{idPrefix("vpc-")},
				PlanModifiers:       createOnlyComputedString(),
			},
			"cluster_vswitch_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "vSwitch of the cluster (`vsw-…`), in `cluster_vpc_id`. Read back; changing it replaces the cluster.",
				Validators:          []validator.String{idPrefix("vsw-")},
				PlanModifiers:       createOnlyComputedString(),
			},
			"security_group_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Security group of the cluster (`sg-…`); the service creates one when omitted. Read back; changing it replaces the cluster.",
				Validators:          []validator.String{idPrefix("sg-")},
				PlanModifiers:       createOnlyComputedString(),
			},
			"is_enterprise_security_group": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether the security group the service creates is an enterprise security group (`true`) or a basic one (`false`). " +
					"Not read back (the configured value is kept); changing it replaces the cluster.",
				PlanModifiers: []planmodifier.Bool{replaceUnlessImported()},
			},
			"client_version": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Version of the cluster client, e.g. `2.1.0` (service default: the latest). Read back; updated in place.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"resource_group_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Resource group (`rg-…`; service default: the account's default group). Read back; changing it replaces the cluster.",
				Validators:          []validator.String{idPrefix("rg-")},
				PlanModifiers:       createOnlyComputedString(),
			},
			"max_count": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Maximum number of compute nodes the cluster manages, 0 to 5000. Read back; updated in place.",
				Validators:          []validator.Int64{int64validator.Between(0, 5000)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"max_core_count": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Maximum total number of vCPUs of the compute nodes, 0 to 100000. Read back; updated in place.",
				Validators:          []validator.Int64{int64validator.Between(0, 100000)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"deletion_protection": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether the cluster is protected from deletion (default `false`). While `true`, destroying the resource " +
					"fails before any API call: set it to `false` and apply first. Read back; updated in place.",
			},
			"grow_interval": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Interval of automatic scale-out checks, not negative (the API documents neither its unit nor " +
					"a range). No default: the service's value is read back when omitted. `CreateCluster` ignores it, so the provider applies it with " +
					"`UpdateCluster` once the cluster is running. Read back; updated in place.",
				Validators:    []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"idle_interval": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Idle time after which automatic scale-in releases a node, not negative (unit and range not " +
					"documented by the API). Like `grow_interval`, applied with " +
					"`UpdateCluster` after creation. Read back; updated in place.",
				Validators:    []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"cluster_custom_configuration": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Post-install script run on the cluster. Read back; updated in place (the whole object is sent; " +
					"removing it clears the script).",
				Attributes: map[string]schema.Attribute{
					"script": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "Download URL of the script.",
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"args": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Arguments of the script.",
					},
				},
			},
			"cluster_credentials": schema.SingleNestedAttribute{
				Required: true,
				MarkdownDescription: "Login credentials of the cluster's root user: exactly one of `password`, `password_wo` or " +
					"`key_pair_name`. Never returned by the API (not read back); the service cannot change them, so any change " +
					"(including `password_wo_version`) replaces the cluster.",
				PlanModifiers: []planmodifier.Object{replaceUnlessImported()},
				Attributes: map[string]schema.Attribute{
					"key_pair_name": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "ECS key pair: 2 to 128 characters, starting with a letter (Chinese included), then letters, " +
							"digits, `:`, `_` and `-` (so never `http://` or `https://`).",
						Validators: []validator.String{stringvalidator.RegexMatches(keyPairNamePattern,
							"must be 2 to 128 characters, start with a letter (Chinese included) and contain only letters, digits, ':', '_' and '-'")},
					},
					"password": schema.StringAttribute{
						Optional: true, Sensitive: true,
						MarkdownDescription: "Root password: 8 to 20 characters with at least 3 of upper-case letters, lower-case letters, digits " +
							"and the specials ``()~!@#$%^&*-=+{}[]:;'<>,.?/``. Stored in the state (sensitive); prefer `password_wo`.",
						Validators: []validator.String{validators.Password(clusterPasswordPolicy)},
					},
					"password_wo": schema.StringAttribute{
						Optional: true, Sensitive: true, WriteOnly: true,
						MarkdownDescription: "Write-only root password (Terraform 1.11 or later): same rule as `password`, never stored in " +
							"the plan or the state. Change `password_wo_version` to apply a new value.",
						Validators: []validator.String{validators.Password(clusterPasswordPolicy)},
					},
					"password_wo_version": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Any number; changing it sends `password_wo` again, which replaces the cluster. Only with `password_wo`.",
						Validators: []validator.Int64{int64validator.AlsoRequires(
							path.MatchRelative().AtParent().AtName("password_wo"))},
					},
				},
			},
			"tags": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Tags: at most 20; keys 1 to 128 characters, not starting with `aliyun` or `acs:`, without `http://` " +
					"or `https://`; values at most 128 characters without `http://` or `https://`. Sent as `[{\"key\":…,\"value\":…}]` " +
					"(lower-case item keys: the SDK model says `Key`/`Value`, the service is reported to reject them). " +
					"Not read back; changing them replaces the cluster.",
				Validators: []validator.Map{
					mapvalidator.SizeAtMost(20),
					mapvalidator.KeysAre(validators.TagKey()),
					mapvalidator.ValueStringsAre(validators.TagValue()),
				},
				PlanModifiers: []planmodifier.Map{replaceUnlessImported()},
			},
			"manager": schema.SingleNestedAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Manager of the cluster: scheduler, directory service, DNS and the manager node's hardware. " +
					"The service fills what is omitted (e.g. SLURM, NIS). Read back, except the manager node's `data_disks`; " +
					"changing anything replaces the cluster.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"scheduler": serviceAttribute("Scheduler",
						"Scheduler type: `SLURM`, `PBS`, `OPENGRIDSCHEDULER`, `LSF_PLUGIN` or `PBS_PLUGIN`. The service may report a "+
							"versioned name such as `slurm22`, which is read back as `SLURM`.",
						"SLURM", "PBS", "OPENGRIDSCHEDULER", "LSF_PLUGIN", "PBS_PLUGIN"),
					"directory_service": serviceAttribute("Domain account service",
						"Directory service type: `NIS` (the only documented value; the service reports it as `nis`, read back as `NIS`).", "NIS"),
					"dns": serviceAttribute("Domain name resolution service",
						"DNS type: `NIS` (the only documented value; the service reports it as `nis`, read back as `NIS`).", "NIS"),
					"manager_node": schema.SingleNestedAttribute{
						Optional: true, Computed: true,
						MarkdownDescription: "Hardware of the manager node. Read back, except `data_disks`; changing it replaces the cluster.",
						PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
						Attributes:          nodeAttributes(true),
					},
				},
			},
			"queues": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Queues of the cluster, 0 to 8. Not read back; changing them replaces the cluster.",
				Validators:          []validator.List{listvalidator.SizeAtMost(8)},
				PlanModifiers:       []planmodifier.List{replaceUnlessImported()},
				NestedObject:        schema.NestedAttributeObject{Attributes: queueAttributes()},
			},
			"shared_storages": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "File systems mounted on every node. Not read back; changing them replaces the cluster.",
				PlanModifiers:       []planmodifier.List{replaceUnlessImported()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"file_system_id":      schema.StringAttribute{Optional: true, MarkdownDescription: "NAS file system id, e.g. `008b63****`."},
					"mount_target_domain": schema.StringAttribute{Optional: true, MarkdownDescription: "Mount target address of the file system."},
					"nas_directory":       schema.StringAttribute{Optional: true, MarkdownDescription: "Remote directory, e.g. `/`."},
					"mount_directory":     schema.StringAttribute{Optional: true, MarkdownDescription: "Local mount point, e.g. `/home`, `/opt`, `/ehpcdata`."},
					"mount_options":       schema.StringAttribute{Optional: true, MarkdownDescription: "Mount options, e.g. `-t nfs -o vers=3,nolock,proto=tcp,noresvport`."},
					"protocol_type": schema.StringAttribute{
						Optional: true, MarkdownDescription: "Protocol: `NFS` or `SMB`.",
						Validators: []validator.String{stringvalidator.OneOf("NFS", "SMB")},
					},
				}},
			},
			"additional_packages": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "Software installed on the cluster, 0 to 10 packages. Read back (from `ListClusters`); " +
					"changing them replaces the cluster.",
				Validators:    []validator.List{listvalidator.SizeAtMost(10)},
				PlanModifiers: []planmodifier.List{replaceUnlessImported()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						Required: true, MarkdownDescription: "Package name, e.g. `mpich`.",
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"version": schema.StringAttribute{Optional: true, MarkdownDescription: "Package version, e.g. `4.0.3`."},
				}},
			},
			"addons": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Custom service component (at most one, e.g. `Login`). Not read back; changing it replaces the cluster.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				PlanModifiers:       []planmodifier.List{replaceUnlessImported()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						Required: true, MarkdownDescription: "Component name, e.g. `Login`.",
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"version": schema.StringAttribute{
						Required: true, MarkdownDescription: "Component version, e.g. `1.0`.",
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"services_spec": schema.StringAttribute{
						Optional: true, MarkdownDescription: "Service configuration, a JSON document (use `jsonencode`).",
						Validators: []validator.String{validators.JSON()},
					},
					"resources_spec": schema.StringAttribute{
						Optional: true, MarkdownDescription: "Resource configuration, a JSON document (use `jsonencode`).",
						Validators: []validator.String{validators.JSON()},
					},
				}},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
			"cluster_status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Status reported by the service (`running` once created).",
			},
			"create_time": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Creation time (ISO 8601, UTC).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"ehpc_version": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Version of the E-HPC product running the cluster.",
			},
		},
	}
}

// serviceAttribute is a Manager component (Scheduler, DirectoryService, DNS): a type from an enum and a version.
func serviceAttribute(what, typeDescription string, allowed ...string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: what + " of the cluster. Read back; changing it replaces the cluster.",
		PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: typeDescription,
				Validators:          []validator.String{stringvalidator.OneOf(allowed...)},
				PlanModifiers:       createOnlyComputedString(),
			},
			"version": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Version, e.g. `22.05.8` for SLURM, `1.0` for NIS.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       createOnlyComputedString(),
			},
		},
	}
}

// nodeAttributes is the NodeTemplate schema, shared by manager.manager_node and queues[*].compute_nodes[*].
// readBack marks the copy whose values GetCluster returns (the manager node): those attributes become
// Optional+Computed and keep their state when not configured; data disks are never returned.
func nodeAttributes(readBack bool) map[string]schema.Attribute {
	chargeType := path.MatchRelative().AtParent().AtName("instance_charge_type")
	str := func(a schema.StringAttribute) schema.StringAttribute {
		if readBack {
			a.Computed = true
			a.PlanModifiers = createOnlyComputedString()
		}
		return a
	}
	i64 := func(a schema.Int64Attribute) schema.Int64Attribute {
		if readBack {
			a.Computed = true
			a.PlanModifiers = []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()}
		}
		return a
	}
	boolean := func(a schema.BoolAttribute) schema.BoolAttribute {
		if readBack {
			a.Computed = true
			a.PlanModifiers = []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()}
		}
		return a
	}
	systemDisk := schema.SingleNestedAttribute{
		Optional: true, Computed: readBack,
		MarkdownDescription: "System disk.",
		Attributes: map[string]schema.Attribute{
			"category": str(schema.StringAttribute{
				Optional: true, MarkdownDescription: "Category: `cloud_efficiency`, `cloud_ssd`, `cloud_essd` or `cloud`.",
				Validators: []validator.String{stringvalidator.OneOf("cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud")},
			}),
			"level": str(schema.StringAttribute{
				Optional: true, MarkdownDescription: "Performance level of an ESSD: `PL0`, `PL1` (default), `PL2` or `PL3`.",
				Validators: []validator.String{stringvalidator.OneOf(diskLevels...)},
			}),
			"size": i64(schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Size in GiB. Checked at plan time against the category and level (when `category` is set) " +
					"with the ECS system-disk table that the official provider documents: " + systemDiskTable.markdown() + ". " +
					"(The SDK model documents data-disk-like ranges of up to 65536 GiB instead; the ECS limit for system disks is 2048 GiB.)",
				Validators: []validator.Int64{diskSizeValidator{table: systemDiskTable}},
			}),
		},
	}
	if readBack {
		systemDisk.PlanModifiers = []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
	}
	dataDisksDescription := "Data disks, at most 16."
	if readBack {
		dataDisksDescription += " Not read back (GetCluster does not return them)."
	}
	dataDisks := schema.ListNestedAttribute{
		Optional:            true,
		MarkdownDescription: dataDisksDescription,
		Validators:          []validator.List{listvalidator.SizeAtMost(16)},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"category": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Category: `cloud_efficiency`, `cloud_ssd` or `cloud_essd`.",
				Validators: []validator.String{stringvalidator.OneOf("cloud_efficiency", "cloud_ssd", "cloud_essd")},
			},
			"delete_with_instance": schema.BoolAttribute{Optional: true, MarkdownDescription: "Release the disk with the node (service default `true`)."},
			"device":               schema.StringAttribute{Optional: true, MarkdownDescription: "Device name, e.g. `/dev/xvdb`."},
			"level": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Performance level of an ESSD: `PL0`, `PL1` (default), `PL2` or `PL3`.",
				Validators: []validator.String{stringvalidator.OneOf(diskLevels...)},
			},
			"mount_dir": schema.StringAttribute{Optional: true, MarkdownDescription: "Mount directory, e.g. `/data1`."},
			"size": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Size in GiB, checked against the category and level (when `category` is set) with the SDK " +
					"model's table: " + dataDiskTable.markdown() + ".",
				Validators: []validator.Int64{diskSizeValidator{table: dataDiskTable}},
			},
			"snapshot_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Snapshot to create the disk from."},
		}},
	}
	if readBack {
		dataDisks.PlanModifiers = []planmodifier.List{replaceUnlessImported()}
	}
	return map[string]schema.Attribute{
		"instance_type": str(schema.StringAttribute{
			Optional: true, MarkdownDescription: "ECS instance type, e.g. `ecs.c7.4xlarge`.",
			Validators: []validator.String{stringvalidator.RegexMatches(instanceTypePattern, "must be an ECS instance type (ecs.…)")},
		}),
		"image_id": str(schema.StringAttribute{
			Optional: true, MarkdownDescription: "Image, e.g. `aliyun_3_x64_20G_alibase_20240528.vhd`.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		}),
		"instance_charge_type": str(schema.StringAttribute{
			Optional: true, MarkdownDescription: "Billing: `PrePaid` (subscription) or `PostPaid` (pay-as-you-go, the service default).",
			Validators: []validator.String{stringvalidator.OneOf("PrePaid", "PostPaid")},
		}),
		"period": i64(schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Subscription length in `period_unit`s; required with `PrePaid`. `Week`: 1 to 4; " +
				"`Month`: 1 to 9, 12, 24, 36, 48 or 60.",
			Validators: []validator.Int64{
				validators.RequiredWhen(chargeType, "PrePaid"),
				periodValidator{allowed: periodsByUnit},
			},
		}),
		"period_unit": str(schema.StringAttribute{
			Optional: true, MarkdownDescription: "Unit of `period` and `auto_renew_period`: `Week` or `Month` (default).",
			Validators: []validator.String{stringvalidator.OneOf("Week", "Month")},
		}),
		"auto_renew": boolean(schema.BoolAttribute{
			Optional: true, MarkdownDescription: "Renew the subscription automatically (default `false`). Only with `PrePaid`.",
			Validators: []validator.Bool{validators.OnlyWhen(chargeType, "PrePaid")},
		}),
		"auto_renew_period": i64(schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Length of each automatic renewal. Only with `PrePaid`. `Week`: 1, 2 or 3; " +
				"`Month`: 1, 2, 3, 6, 12, 24, 36, 48 or 60 (default 1).",
			Validators: []validator.Int64{
				validators.OnlyWhen(chargeType, "PrePaid"),
				periodValidator{allowed: autoRenewPeriodsByUnit},
			},
		}),
		"spot_strategy": str(schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Preemptible policy: `NoSpot` (default), `SpotWithPriceLimit` or `SpotAsPriceGo`. Only with `PostPaid` " +
				"(the default charge type).",
			Validators: []validator.String{
				stringvalidator.OneOf("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"),
				validators.OnlyWhen(chargeType, "PostPaid", ""),
			},
		}),
		"spot_price_limit": func() schema.Float64Attribute {
			a := schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Highest hourly price for a preemptible node, at most 3 decimals. Only with " +
					"`spot_strategy = \"SpotWithPriceLimit\"`.",
				Validators: []validator.Float64{
					validators.OnlyWhen(path.MatchRelative().AtParent().AtName("spot_strategy"), "SpotWithPriceLimit"),
					validators.MaxDecimals(3),
					float64validator.AtLeast(0),
				},
			}
			if readBack {
				a.Computed = true
				a.PlanModifiers = []planmodifier.Float64{float64planmodifier.UseStateForUnknown(), float64planmodifier.RequiresReplace()}
			}
			return a
		}(),
		"duration": i64(schema.Int64Attribute{
			Optional: true, MarkdownDescription: "Protection period of a preemptible node in hours: 0 or 1 (default 1).",
			Validators: []validator.Int64{int64validator.OneOf(0, 1)},
		}),
		"enable_ht": boolean(schema.BoolAttribute{
			Optional: true, MarkdownDescription: "Enable hyper-threading.",
		}),
		"system_disk": systemDisk,
		"data_disks":  dataDisks,
	}
}

// queueAttributes is the QueueTemplate schema.
func queueAttributes() map[string]schema.Attribute {
	count := func(what string) schema.Int64Attribute {
		return schema.Int64Attribute{
			Optional: true, MarkdownDescription: what + " (not negative).",
			Validators: []validator.Int64{int64validator.AtLeast(0)},
		}
	}
	return map[string]schema.Attribute{
		"queue_name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "Queue name: 1 to 15 characters of letters, digits and `.`.",
			Validators:          []validator.String{validators.UnicodeName(1, 15, ".")},
		},
		"compute_nodes": schema.ListNestedAttribute{
			Optional: true, MarkdownDescription: "Hardware of the queue's compute nodes, at most 10 templates.",
			Validators:   []validator.List{listvalidator.SizeAtMost(10)},
			NestedObject: schema.NestedAttributeObject{Attributes: nodeAttributes(false)},
		},
		"vswitch_ids": schema.ListAttribute{
			Optional: true, ElementType: types.StringType,
			MarkdownDescription: "vSwitches the queue's nodes use, 1 to 5.",
			Validators: []validator.List{
				listvalidator.SizeBetween(1, 5),
				listvalidator.ValueStringsAre(idPrefix("vsw-")),
			},
		},
		"inter_connect": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Network between the nodes: `vpc` or `eRDMA` (`erdma`, the spelling of the API's example, is accepted too).",
			Validators:          []validator.String{stringvalidator.OneOf("vpc", "eRDMA", "erdma")},
		},
		"enable_scale_in":     schema.BoolAttribute{Optional: true, MarkdownDescription: "Release idle nodes automatically."},
		"enable_scale_out":    schema.BoolAttribute{Optional: true, MarkdownDescription: "Add nodes automatically when jobs wait."},
		"min_count":           count("Minimum number of nodes"),
		"max_count":           count("Maximum number of nodes"),
		"initial_count":       count("Number of nodes created with the queue"),
		"max_count_per_cycle": count("Maximum number of nodes added per scale-out cycle"),
		"allocation_strategy": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Node allocation strategy, e.g. `PriorityInstanceType` (the only documented value; the full list " +
				"is not published, so any value is passed through).",
		},
		"hostname_prefix": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Hostname prefix of the nodes: 1 to 32 lower-case letters, digits and `-`.",
			Validators: []validator.String{stringvalidator.RegexMatches(hostnamePrefixPattern,
				"must be 1 to 32 characters of lower-case letters, digits and '-'")},
		},
		"hostname_suffix": schema.StringAttribute{Optional: true, MarkdownDescription: "Hostname suffix of the nodes."},
		"keep_alive_nodes": schema.ListAttribute{
			Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Hostnames of nodes protected from automatic scale-in.",
		},
		"ram_role": schema.StringAttribute{Optional: true, MarkdownDescription: "RAM role of the nodes, e.g. `AliyunECSInstanceForEHPCRole`."},
		"reserved_node_pool_id": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Reserved node pool (e.g. `rnp-756vlp7a`); when set the service ignores `vswitch_ids`, `hostname_prefix` and `hostname_suffix`.",
		},
	}
}

// createOnlyComputedString keeps a read-back value when it is not configured and replaces the cluster when a
// configured value changes. UseStateForUnknown must come first: RequiresReplace would otherwise compare the
// state with an unknown plan value.
func createOnlyComputedString() []planmodifier.String {
	return []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}
}

func idPrefix(prefix string) validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^`+regexp.QuoteMeta(prefix)+`\S+$`), "must be an id starting with "+prefix)
}

func (r *clusterResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	creds := path.MatchRoot("cluster_credentials")
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(creds.AtName("password"), creds.AtName("password_wo"), creds.AtName("key_pair_name")),
	}
}

// Model. Nested attributes are kept as framework values (types.Object, types.List) because Optional+Computed
// objects are unknown in plans; the *Model structs below are their decoded forms.

type clusterModel struct {
	ID                         types.String   `tfsdk:"id"`
	ClusterName                types.String   `tfsdk:"cluster_name"`
	ClusterDescription         types.String   `tfsdk:"cluster_description"`
	ClusterCategory            types.String   `tfsdk:"cluster_category"`
	ClusterMode                types.String   `tfsdk:"cluster_mode"`
	ClusterVpcID               types.String   `tfsdk:"cluster_vpc_id"`
	ClusterVSwitchID           types.String   `tfsdk:"cluster_vswitch_id"`
	SecurityGroupID            types.String   `tfsdk:"security_group_id"`
	IsEnterpriseSecurityGroup  types.Bool     `tfsdk:"is_enterprise_security_group"`
	ClientVersion              types.String   `tfsdk:"client_version"`
	ResourceGroupID            types.String   `tfsdk:"resource_group_id"`
	MaxCount                   types.Int64    `tfsdk:"max_count"`
	MaxCoreCount               types.Int64    `tfsdk:"max_core_count"`
	DeletionProtection         types.Bool     `tfsdk:"deletion_protection"`
	GrowInterval               types.Int64    `tfsdk:"grow_interval"`
	IdleInterval               types.Int64    `tfsdk:"idle_interval"`
	ClusterCustomConfiguration types.Object   `tfsdk:"cluster_custom_configuration"`
	ClusterCredentials         types.Object   `tfsdk:"cluster_credentials"`
	Tags                       types.Map      `tfsdk:"tags"`
	Manager                    types.Object   `tfsdk:"manager"`
	Queues                     types.List     `tfsdk:"queues"`
	SharedStorages             types.List     `tfsdk:"shared_storages"`
	AdditionalPackages         types.List     `tfsdk:"additional_packages"`
	Addons                     types.List     `tfsdk:"addons"`
	Timeouts                   timeouts.Value `tfsdk:"timeouts"`
	ClusterStatus              types.String   `tfsdk:"cluster_status"`
	CreateTime                 types.String   `tfsdk:"create_time"`
	EhpcVersion                types.String   `tfsdk:"ehpc_version"`
}

type customConfigurationModel struct {
	Script types.String `tfsdk:"script"`
	Args   types.String `tfsdk:"args"`
}

type credentialsModel struct {
	KeyPairName       types.String `tfsdk:"key_pair_name"`
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

type managerModel struct {
	Scheduler        types.Object `tfsdk:"scheduler"`
	DirectoryService types.Object `tfsdk:"directory_service"`
	DNS              types.Object `tfsdk:"dns"`
	ManagerNode      types.Object `tfsdk:"manager_node"`
}

type serviceModel struct {
	Type    types.String `tfsdk:"type"`
	Version types.String `tfsdk:"version"`
}

type nodeModel struct {
	InstanceType       types.String  `tfsdk:"instance_type"`
	ImageID            types.String  `tfsdk:"image_id"`
	InstanceChargeType types.String  `tfsdk:"instance_charge_type"`
	Period             types.Int64   `tfsdk:"period"`
	PeriodUnit         types.String  `tfsdk:"period_unit"`
	AutoRenew          types.Bool    `tfsdk:"auto_renew"`
	AutoRenewPeriod    types.Int64   `tfsdk:"auto_renew_period"`
	SpotStrategy       types.String  `tfsdk:"spot_strategy"`
	SpotPriceLimit     types.Float64 `tfsdk:"spot_price_limit"`
	Duration           types.Int64   `tfsdk:"duration"`
	EnableHT           types.Bool    `tfsdk:"enable_ht"`
	SystemDisk         types.Object  `tfsdk:"system_disk"`
	DataDisks          types.List    `tfsdk:"data_disks"`
}

type systemDiskModel struct {
	Category types.String `tfsdk:"category"`
	Level    types.String `tfsdk:"level"`
	Size     types.Int64  `tfsdk:"size"`
}

type dataDiskModel struct {
	Category           types.String `tfsdk:"category"`
	DeleteWithInstance types.Bool   `tfsdk:"delete_with_instance"`
	Device             types.String `tfsdk:"device"`
	Level              types.String `tfsdk:"level"`
	MountDir           types.String `tfsdk:"mount_dir"`
	Size               types.Int64  `tfsdk:"size"`
	SnapshotID         types.String `tfsdk:"snapshot_id"`
}

type queueModel struct {
	QueueName          types.String `tfsdk:"queue_name"`
	ComputeNodes       types.List   `tfsdk:"compute_nodes"`
	VSwitchIDs         types.List   `tfsdk:"vswitch_ids"`
	InterConnect       types.String `tfsdk:"inter_connect"`
	EnableScaleIn      types.Bool   `tfsdk:"enable_scale_in"`
	EnableScaleOut     types.Bool   `tfsdk:"enable_scale_out"`
	MinCount           types.Int64  `tfsdk:"min_count"`
	MaxCount           types.Int64  `tfsdk:"max_count"`
	InitialCount       types.Int64  `tfsdk:"initial_count"`
	MaxCountPerCycle   types.Int64  `tfsdk:"max_count_per_cycle"`
	AllocationStrategy types.String `tfsdk:"allocation_strategy"`
	HostnamePrefix     types.String `tfsdk:"hostname_prefix"`
	HostnameSuffix     types.String `tfsdk:"hostname_suffix"`
	KeepAliveNodes     types.List   `tfsdk:"keep_alive_nodes"`
	RamRole            types.String `tfsdk:"ram_role"`
	ReservedNodePoolID types.String `tfsdk:"reserved_node_pool_id"`
}

type sharedStorageModel struct {
	FileSystemID      types.String `tfsdk:"file_system_id"`
	MountTargetDomain types.String `tfsdk:"mount_target_domain"`
	NASDirectory      types.String `tfsdk:"nas_directory"`
	MountDirectory    types.String `tfsdk:"mount_directory"`
	MountOptions      types.String `tfsdk:"mount_options"`
	ProtocolType      types.String `tfsdk:"protocol_type"`
}

type packageModel struct {
	Name    types.String `tfsdk:"name"`
	Version types.String `tfsdk:"version"`
}

type addonModel struct {
	Name          types.String `tfsdk:"name"`
	Version       types.String `tfsdk:"version"`
	ServicesSpec  types.String `tfsdk:"services_spec"`
	ResourcesSpec types.String `tfsdk:"resources_spec"`
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
	timeout, d := plan.Timeouts.Create(ctx, clusterCreateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// The write-only password exists only in the configuration.
	params, d := expandCreateParams(ctx, &plan, &config, r.client.MaskSecret)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.createCluster(ctx, params, plan.ClusterName)
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
	running, err := r.waitRunning(ctx, id, afterCreate)
	if err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for E-HPC cluster %s to be running", id), err))
		return
	}

	// CreateCluster ignores the scaling intervals (REFERENCE §12.3): apply them now.
	if post := intervalParams(&plan); len(post) > 0 {
		post["ClusterId"] = id
		if err := r.updateCluster(ctx, post); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Applying the scaling intervals of E-HPC cluster %s", id), err))
			return
		}
		running = nil // the update changed the cluster: read it again
	}

	plan.ID = types.StringValue(id)
	found, d := r.refreshWith(ctx, &plan, running)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("E-HPC cluster disappeared", fmt.Sprintf("Cluster %s was running but could not be read back.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *clusterResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, d := r.refresh(ctx, &state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddWarning("E-HPC cluster not found",
			fmt.Sprintf("Cluster %s no longer exists (ClusterNotFound); removing it from the state so that the next apply creates it again.",
				state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *clusterResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state clusterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, clusterUpdateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	plan.ID = state.ID
	params, d := expandUpdateParams(ctx, &plan, &state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	// UpdateCluster answers a busy code for a cluster in exception, which would be retried until the timeout.
	if len(params) > 0 && state.ClusterStatus.ValueString() == "exception" {
		resp.Diagnostics.AddError("E-HPC cluster is in exception",
			fmt.Sprintf("Cluster %s is in status exception and cannot be updated. Replace it (terraform apply -replace=<address>).", id))
		return
	}
	// Without a change UpdateCluster can apply (for instance when the first apply after an import records
	// attributes the API cannot read back), no call is made.
	var running *getClusterResponse
	if len(params) > 0 {
		params["ClusterId"] = id
		if err := r.updateCluster(ctx, params); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Updating E-HPC cluster %s", id), err))
			return
		}
		var err error
		if running, err = r.waitRunning(ctx, id, afterUpdate); err != nil {
			resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Waiting for E-HPC cluster %s to be running after the update", id), err))
			return
		}
	}
	found, d := r.refreshWith(ctx, &plan, running)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("E-HPC cluster not found", fmt.Sprintf("Cluster %s disappeared during the update.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// The configuration is now recorded: later changes of unreadable attributes replace the cluster again.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
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
	timeout, d := state.Timeouts.Delete(ctx, clusterDeleteTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := r.deleteCluster(ctx, id); err != nil {
		resp.Diagnostics.Append(client.ErrorDiagnostic(fmt.Sprintf("Deleting E-HPC cluster %s", id), err))
	}
}

// importedKey marks, in the resource's private state, a cluster imported and not yet applied: its first plan
// records the configured values of attributes the API never returns instead of replacing the cluster.
const importedKey = "imported"

func (r *clusterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !clusterIDPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Expected an E-HPC cluster id such as ehpc-hz-FYUr32****, got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
}

var clusterIDPattern = regexp.MustCompile(`^ehpc-[a-z0-9]+-[A-Za-z0-9]+$`)

func init() {
	client.RegisterHints(client.ProductEHPC, map[string]string{
		"OrderError.Arrearage":                "the account balance is below CNY 100: add funds, then apply again.",
		"OrderError.InstHasUnpaidOrder":       "the account has an unpaid order: pay or cancel it in the billing console, then apply again.",
		"OrderError.InsufficientBalance":      "the account balance is insufficient for PrePaid nodes: add funds, or use PostPaid.",
		"OrderError.InvalidPayMethod":         "no valid default payment method: set one in the billing console.",
		"OrderError.NoCard":                   "no credit card is bound to the account: bind one in the billing console.",
		"OrderError.NoRealNameAuthentication": "real-name authentication is not complete: complete it in the account center.",
		"OrderError.NoRealNameRegistration":   "real-name registration is required for resources in mainland China: complete it in the account center.",
		"OrderError.UserProfileIncomplete":    "the account profile is incomplete: complete it in the account center.",
		"OrderError":                          "the order for the cluster's resources failed: retry; if it persists, open a ticket with the request id.",
		"TooManyClusters":                     "the account's E-HPC cluster quota is used up: delete unused clusters or ask for a higher quota.",
		"KeyPairNotFound":                     "cluster_credentials.key_pair_name does not exist in this region: create the key pair first.",
		"InvalidParams":                       "the service rejected the parameter its message names: compare it with the attribute's documented rule.",
		"ImageNotFound":                       "the image does not exist in this region: check manager.manager_node.image_id and the compute nodes' image_id.",
		"ConflictOpt":                         "another operation on the cluster is still running: the provider retried until the timeout; retry later.",
		"InvalidClusterStatus":                "the cluster is busy (creating, updating or releasing): the provider retried until the timeout; retry later.",
		"ClusterNotFound":                     "the E-HPC cluster does not exist in this region: check the id and the provider's region.",
		"DbError":                             "E-HPC's database failed: retry later; if it persists, open a ticket with the request id.",
		"Cluster.NotSupported":                "the cluster does not support this operation now (for DeleteCluster: deletion protection may be on; set deletion_protection = false first).",
	})
}
