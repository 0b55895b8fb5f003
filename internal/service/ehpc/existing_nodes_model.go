package ehpc

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// existingNodesModel is the state of aliyun_ehpc_existing_nodes.
type existingNodesModel struct {
	ID                        types.String   `tfsdk:"id"`
	ClusterID                 types.String   `tfsdk:"cluster_id"`
	ImageID                   types.String   `tfsdk:"image_id"`
	ImageOwnerAlias           types.String   `tfsdk:"image_owner_alias"`
	InstanceIDs               types.Set      `tfsdk:"instance_ids"`
	JobQueue                  types.String   `tfsdk:"job_queue"`
	ReleaseInstancesOnDestroy types.Bool     `tfsdk:"release_instances_on_destroy"`
	TaskID                    types.String   `tfsdk:"task_id"`
	Nodes                     types.List     `tfsdk:"nodes"`
	Timeouts                  timeouts.Value `tfsdk:"timeouts"`
}

// existingNodesNodeModel is one element of nodes.
type existingNodesNodeModel struct {
	ID        types.String `tfsdk:"id"`
	HostName  types.String `tfsdk:"host_name"`
	Status    types.String `tfsdk:"status"`
	IPAddress types.String `tfsdk:"ip_address"`
}

// existingNodesNodeAttrTypes are the attribute types of an element of nodes.
var existingNodesNodeAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"host_name":  types.StringType,
	"status":     types.StringType,
	"ip_address": types.StringType,
}

// existingNodesNodeType is the element type of nodes.
var existingNodesNodeType = types.ObjectType{AttrTypes: existingNodesNodeAttrTypes}
