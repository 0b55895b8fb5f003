package ack

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
	TaskIDs                types.List     `tfsdk:"task_ids"`
	Nodes                  types.List     `tfsdk:"nodes"`
}

// edgeNodeModel is an element of nodes.
type edgeNodeModel struct {
	InstanceID  types.String `tfsdk:"instance_id"`
	NodeName    types.String `tfsdk:"node_name"`
	IPAddress   types.String `tfsdk:"ip_address"`
	State       types.String `tfsdk:"state"`
	TaskID      types.String `tfsdk:"task_id"`
	ExpiredTime types.String `tfsdk:"expired_time"`
}

// edgeNodeAttrTypes are the attribute types of an element of nodes.
var edgeNodeAttrTypes = map[string]attr.Type{
	"instance_id": types.StringType, "node_name": types.StringType, "ip_address": types.StringType,
	"state": types.StringType, "task_id": types.StringType, "expired_time": types.StringType,
}

var edgeNodeObjectType = types.ObjectType{AttrTypes: edgeNodeAttrTypes}
