package ehpc

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
	Queues                     types.Set      `tfsdk:"queues"`
	SharedStorages             types.Set      `tfsdk:"shared_storages"`
	AdditionalPackages         types.Set      `tfsdk:"additional_packages"`
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
	AddonID       types.String `tfsdk:"addon_id"`
	Name          types.String `tfsdk:"name"`
	Version       types.String `tfsdk:"version"`
	ServicesSpec  types.String `tfsdk:"services_spec"`
	ResourcesSpec types.String `tfsdk:"resources_spec"`
}

// Attribute types, derived once from the schema so that they cannot drift from it. The type assertions
// below hold by construction of clusterSchema; the schema parity test fails first if they ever do not.

var clusterAttrTypes = sync.OnceValue(func() map[string]attr.Type {
	return clusterSchema(context.Background()).Type().(types.ObjectType).AttrTypes //nolint:forcetypeassert // see above
})

func objectTypes(t attr.Type) map[string]attr.Type { return t.(types.ObjectType).AttrTypes } //nolint:forcetypeassert // see above
func setElementTypes(t attr.Type) map[string]attr.Type {
	return t.(types.SetType).ElemType.(types.ObjectType).AttrTypes //nolint:forcetypeassert // see above
}

func elementTypes(t attr.Type) map[string]attr.Type {
	return t.(types.ListType).ElemType.(types.ObjectType).AttrTypes //nolint:forcetypeassert // see above
}

var (
	customConfigurationTypes = sync.OnceValue(func() map[string]attr.Type { return objectTypes(clusterAttrTypes()["cluster_custom_configuration"]) })
	managerTypes             = sync.OnceValue(func() map[string]attr.Type { return objectTypes(clusterAttrTypes()["manager"]) })
	serviceTypes             = sync.OnceValue(func() map[string]attr.Type { return objectTypes(managerTypes()["scheduler"]) })
	nodeTypes                = sync.OnceValue(func() map[string]attr.Type { return objectTypes(managerTypes()["manager_node"]) })
	systemDiskTypes          = sync.OnceValue(func() map[string]attr.Type { return objectTypes(nodeTypes()["system_disk"]) })
	dataDiskTypes            = sync.OnceValue(func() map[string]attr.Type { return elementTypes(nodeTypes()["data_disks"]) })
	queueTypes               = sync.OnceValue(func() map[string]attr.Type { return setElementTypes(clusterAttrTypes()["queues"]) })
	packageTypes             = sync.OnceValue(func() map[string]attr.Type { return setElementTypes(clusterAttrTypes()["additional_packages"]) })
	storageTypes             = sync.OnceValue(func() map[string]attr.Type { return setElementTypes(clusterAttrTypes()["shared_storages"]) })
	addonTypes               = sync.OnceValue(func() map[string]attr.Type { return elementTypes(clusterAttrTypes()["addons"]) })
)
