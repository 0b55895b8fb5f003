package ack

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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
}
