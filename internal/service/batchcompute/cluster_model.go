package batchcompute

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The tfsdk models of aliyun_batchcompute_cluster, one struct per nested object of the schema
// (cluster_schema.go). The parity unit test checks that the two agree at every level.

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
