package ehpc

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// queueModel is a QueueTemplate: an item of aliyun_ehpc_cluster.queues, and the body of aliyun_ehpc_queue.
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

// queueResourceModel is aliyun_ehpc_queue: the queue of the inline `queues` (the same attributes, decoded
// by the same expand and flatten) plus the cluster and the id.
type queueResourceModel struct {
	ID        types.String   `tfsdk:"id"`
	ClusterID types.String   `tfsdk:"cluster_id"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
	queueModel
}
