package ehpc

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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

// ownedListRule is the ownership rule of the cluster's lists (queues, shared storages, add-ons, packages).
const ownedListRule = "When the attribute is omitted, the resource neither reads nor changes the cluster's list; when it is set " +
	"(even to `[]`), the resource owns the whole list: it is read back on every refresh and anything not in it is removed."

// clusterTimeouts are the default timeouts of the operations.
var clusterTimeouts = framework.Timeouts{Create: 60 * time.Minute, Update: 30 * time.Minute, Delete: 30 * time.Minute}

// Period ranges by unit (see README.md, "Node template"); a null period_unit means the default, Month.
var (
	periodsByUnit          = map[string][]int64{"Week": {1, 2, 3, 4}, "Month": {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60}}
	autoRenewPeriodsByUnit = map[string][]int64{"Week": {1, 2, 3}, "Month": {1, 2, 3, 6, 12, 24, 36, 48, 60}}
	diskLevels             = []string{"PL0", "PL1", "PL2", "PL3"}
)

// Disk sizes (see README.md, "Disk sizes", a decision on conflicting sources). System disks: the official
// provider's documented table, which is the ECS system-disk limit (at most 2048 GiB). Data disks: the SDK
// model's table (ECS data-disk limits). An ESSD without a level is PL1, the service default.
var (
	essdDefaultLevel = map[string]string{"cloud_essd": "PL1"}
	systemDiskTable  = validators.DiskSizeTable{DefaultLevels: essdDefaultLevel, Rules: []validators.DiskSizeRule{
		{Category: "cloud", Min: 20, Max: 500}, {Category: "cloud_efficiency", Min: 20, Max: 2048}, {Category: "cloud_ssd", Min: 20, Max: 2048},
		{Category: "cloud_essd", Level: "PL0", Min: 1, Max: 2048}, {Category: "cloud_essd", Level: "PL1", Min: 20, Max: 2048},
		{Category: "cloud_essd", Level: "PL2", Min: 461, Max: 2048}, {Category: "cloud_essd", Level: "PL3", Min: 1261, Max: 2048},
	}}
	dataDiskTable = validators.DiskSizeTable{DefaultLevels: essdDefaultLevel, Rules: []validators.DiskSizeRule{
		{Category: "cloud_efficiency", Min: 40, Max: 32768}, {Category: "cloud_ssd", Min: 40, Max: 32768},
		{Category: "cloud_essd", Level: "PL0", Min: 40, Max: 65536}, {Category: "cloud_essd", Level: "PL1", Min: 40, Max: 65536},
		{Category: "cloud_essd", Level: "PL2", Min: 461, Max: 65536}, {Category: "cloud_essd", Level: "PL3", Min: 1261, Max: 65536},
	}}
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

// clusterSchema is the resource's schema. Read-back rules: attributes that GetCluster or ListClusters return are
// Optional+Computed (the service fills defaults) and refreshed on every read; the four day-2 lists (queues,
// shared storages, add-ons, additional packages) are read with their own calls when the configuration sets
// them (README.md, "Ownership of the lists"); attributes the API never returns (credentials, tags, the enterprise security
// group flag, the manager node's data disks) keep their configured value and are marked "not read back" in
// their description.
func clusterSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An E-HPC cluster, created with the E-HPC 2024-07-30 API (`CreateCluster`). " +
			"Creation waits until the cluster is `running`; a cluster that ends in `exception` fails the apply and is left tainted. " +
			"Changed in place: the name, description, client version, deletion protection, node and core quotas, scaling " +
			"intervals, the post-install script, and the `queues`, `shared_storages`, `addons` and `additional_packages` lists " +
			"(each with its own calls); any other change replaces the cluster.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The cluster id (`ClusterId`, e.g. `ehpc-hz-FYUr32****`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Cluster name: 2 to 128 characters of English letters, Chinese characters, digits, `-` and `_`. " +
					"The service generates one when omitted. Read back; updated in place.",
				Validators:    []validator.String{validators.EnglishChineseName(2, 128, "-_")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_description": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Cluster description: 2 to 128 characters of English letters, Chinese characters, digits, `-` and `_`. " +
					"Read back (from `ListClusters`); updated in place.",
				Validators: []validator.String{validators.EnglishChineseName(2, 128, "-_")},
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
				PlanModifiers: []planmodifier.Bool{framework.ReplaceUnlessUnread()},
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
				PlanModifiers: []planmodifier.Object{framework.ReplaceUnlessUnread()},
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
				PlanModifiers: []planmodifier.Map{framework.ReplaceUnlessUnread()},
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
							"versioned name such as `slurm22`, which is read back as `SLURM`.", false,
						"SLURM", "PBS", "OPENGRIDSCHEDULER", "LSF_PLUGIN", "PBS_PLUGIN"),
					"directory_service": serviceAttribute("Domain account service",
						"Directory service type: `NIS`, the only documented value, in any letter case (`nis` is kept as written; the "+
							"service reports `nis`, read back as the configured spelling, or `NIS` when none is configured).", true, "NIS"),
					"dns": serviceAttribute("Domain name resolution service",
						"DNS type: `NIS`, the only documented value, in any letter case (`nis` is kept as written; the service "+
							"reports `nis`, read back as the configured spelling, or `NIS` when none is configured).", true, "NIS"),
					"manager_node": schema.SingleNestedAttribute{
						Optional: true, Computed: true,
						MarkdownDescription: "Hardware of the manager node. Read back, except `data_disks`; changing it replaces the cluster.",
						PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
						Attributes:          nodeAttributes(true),
					},
				},
			},
			"queues": schema.SetNestedAttribute{
				Optional: true,
				MarkdownDescription: "Queues of the cluster, 0 to 8, identified by `queue_name`. " + ownedListRule +
					" Changes are made in place, queue by queue: a new queue is created (`CreateQueue`), a removed one deleted " +
					"(`DeleteQueues`, which releases its nodes), a changed one updated with its whole template (`UpdateQueue`); " +
					"a renamed queue (`queue_name` is the only attribute the service cannot change in place) is deleted and created " +
					"again; the plan warns, naming every queue that will be deleted with its nodes. The cluster is never replaced for a " +
					"queue change. A set: the order in the configuration does not matter. " +
					"Manage a cluster's queues here or with `aliyun_ehpc_queue`, never both.",
				Validators:   []validator.Set{setvalidator.SizeAtMost(8), validators.UniqueAttribute("queue_name")},
				NestedObject: schema.NestedAttributeObject{Attributes: queueAttributes()},
			},
			"shared_storages": schema.SetNestedAttribute{
				Optional: true,
				MarkdownDescription: "File systems mounted on every node, identified by `mount_directory`. " + ownedListRule +
					" Changed in place: a new mount is attached (`AttachSharedStorages`), a removed one detached " +
					"(`DetachSharedStorages`), a changed one detached and attached again. A set: the order does not matter. " +
					"Read back with `ListSharedStorages` (for `/home` and `/opt` the service appends an `/ehpc…` suffix to the " +
					"NAS directory, which is cut off).",
				Validators: []validator.Set{validators.UniqueAttribute("mount_directory")},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"file_system_id":      schema.StringAttribute{Optional: true, MarkdownDescription: "NAS file system id, e.g. `008b63****`. Required to attach a storage to a running cluster."},
					"mount_target_domain": schema.StringAttribute{Optional: true, MarkdownDescription: "Mount target address of the file system. Required to attach a storage to a running cluster."},
					"nas_directory":       schema.StringAttribute{Optional: true, MarkdownDescription: "Remote directory, e.g. `/`. Required to attach a storage to a running cluster."},
					"mount_directory":     schema.StringAttribute{Optional: true, MarkdownDescription: "Local mount point, e.g. `/home`, `/opt`, `/ehpcdata`; it identifies the mount. Required to attach a storage to a running cluster."},
					"mount_options":       schema.StringAttribute{Optional: true, MarkdownDescription: "Mount options, e.g. `-t nfs -o vers=3,nolock,proto=tcp,noresvport`."},
					"protocol_type": schema.StringAttribute{
						Optional: true, MarkdownDescription: "Protocol: `NFS` or `SMB`. Required to attach a storage to a running cluster.",
						Validators: []validator.String{stringvalidator.OneOf("NFS", "SMB")},
					},
				}},
			},
			"additional_packages": schema.SetNestedAttribute{
				Optional: true,
				MarkdownDescription: "Software installed on the cluster, 0 to 10 packages. " + ownedListRule +
					" Changed in place: a new package is installed (`InstallSoftwares`), a removed one uninstalled " +
					"(`UninstallSoftwares`); packages are matched by name, and a new configured version is an uninstall and an install. A set: the order does not matter. " +
					"Read back with `ListInstalledSoftwares`.",
				Validators:    []validator.Set{setvalidator.SizeAtMost(10), validators.UniqueAttribute("name")},
				PlanModifiers: []planmodifier.Set{packageVersionsFromState{}},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						Required: true, MarkdownDescription: "Package name, e.g. `mpich`.",
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"version": schema.StringAttribute{
						Optional: true, Computed: true,
						MarkdownDescription: "Package version, e.g. `4.0.3`. Optional: without it the service installs its default " +
							"version, which is recorded here and is no change; a configured version that differs from the " +
							"installed one is an uninstall and an install.",
					},
				}},
			},
			"addons": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "Custom service component (at most one, e.g. `Login`). " + ownedListRule +
					" Changed in place: a new add-on is installed (`InstallAddon`), a removed one uninstalled (`UnInstallAddon`), " +
					"a changed one (version or specs) uninstalled and installed again. Read back with `ListAddons` and `GetAddon`; " +
					"the specs are compared as JSON values, so a reformatted document is no change.",
				Validators: []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"addon_id": schema.StringAttribute{
						Computed: true, MarkdownDescription: "Id of the installed add-on (`AddonId`); a new one after a change.",
					},
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
				Computed: true,
				MarkdownDescription: "Status reported by the service (`running` once created; every create and update waits " +
					"for `running`, so a plan keeps the last value read).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"create_time": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Creation time (ISO 8601, UTC).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"ehpc_version": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Version of the E-HPC product running the cluster.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// serviceAttribute is a Manager component (Scheduler, DirectoryService, DNS): a type from an enum and a version.
func serviceAttribute(what, typeDescription string, anyCase bool, allowed ...string) schema.SingleNestedAttribute {
	var typeValidator validator.String = stringvalidator.OneOf(allowed...)
	if anyCase {
		typeValidator = stringvalidator.OneOfCaseInsensitive(allowed...)
	}
	return schema.SingleNestedAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: what + " of the cluster. Read back; changing it replaces the cluster.",
		PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: typeDescription,
				Validators:          []validator.String{typeValidator},
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
					"with the ECS system-disk table that the official provider documents: " + systemDiskTable.Markdown() + ". " +
					"(The SDK model documents data-disk-like ranges of up to 65536 GiB instead; the ECS limit for system disks is 2048 GiB.)",
				Validators: []validator.Int64{validators.DiskSize(systemDiskTable)},
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
					"model's table: " + dataDiskTable.Markdown() + ".",
				Validators: []validator.Int64{validators.DiskSize(dataDiskTable)},
			},
			"snapshot_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Snapshot to create the disk from."},
		}},
	}
	if readBack {
		dataDisks.PlanModifiers = []planmodifier.List{framework.ReplaceUnlessUnread()}
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
			MarkdownDescription: "Subscription length in `period_unit`s; required with `PrePaid`, and only meaningful with it " +
				"(0, no period, is accepted with any charge type). `Week`: 1 to 4; `Month`: 1 to 9, 12, 24, 36, 48 or 60.",
			Validators: []validator.Int64{
				validators.RequiredWhen(chargeType, "PrePaid").Neutral("0"),
				validators.OnlyWhen(chargeType, "PrePaid").Neutral("0"),
				validators.PeriodForUnit("period_unit", "Month", periodsByUnit),
			},
		}),
		"period_unit": str(schema.StringAttribute{
			Optional: true, MarkdownDescription: "Unit of `period` and `auto_renew_period`: `Week` or `Month` (default).",
			Validators: []validator.String{stringvalidator.OneOf("Week", "Month")},
		}),
		"auto_renew": boolean(schema.BoolAttribute{
			Optional: true, MarkdownDescription: "Renew the subscription automatically (default `false`). `true` only with `PrePaid` " +
				"(`false` is accepted with any charge type, as the service does).",
			Validators: []validator.Bool{validators.OnlyWhen(chargeType, "PrePaid").Neutral("false")},
		}),
		"auto_renew_period": i64(schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Length of each automatic renewal. A positive value only with `PrePaid` (0, no renewal, is " +
				"accepted with any charge type). `Week`: 1, 2 or 3; `Month`: 1, 2, 3, 6, 12, 24, 36, 48 or 60 (default 1).",
			Validators: []validator.Int64{
				validators.OnlyWhen(chargeType, "PrePaid").Neutral("0"),
				validators.PeriodForUnit("period_unit", "Month", autoRenewPeriodsByUnit),
			},
		}),
		"spot_strategy": str(schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Preemptible policy: `NoSpot` (default), `SpotWithPriceLimit` or `SpotAsPriceGo`. A spot policy only " +
				"with `PostPaid` (the default charge type); `NoSpot` is accepted with any charge type.",
			Validators: []validator.String{
				stringvalidator.OneOf("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"),
				validators.OnlyWhen(chargeType, "PostPaid", "").Neutral("NoSpot"),
			},
		}),
		"spot_price_limit": func() schema.Float64Attribute {
			a := schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Highest hourly price for a preemptible node, at most 3 decimals. A positive price only with " +
					"`spot_strategy = \"SpotWithPriceLimit\"` (0 is accepted with any strategy).",
				Validators: []validator.Float64{
					validators.OnlyWhen(path.MatchRelative().AtParent().AtName("spot_strategy"), "SpotWithPriceLimit").Neutral("0"),
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

// createOnlyComputedString keeps a read-back value when it is not configured and replaces the cluster when a
// configured value changes. UseStateForUnknown must come first: RequiresReplace would otherwise compare the
// state with an unknown plan value.
func createOnlyComputedString() []planmodifier.String {
	return []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}
}

func idPrefix(prefix string) validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^`+regexp.QuoteMeta(prefix)+`\S+$`), "must be an id starting with "+prefix)
}
