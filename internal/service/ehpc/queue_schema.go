package ehpc

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

// queueTimeouts are the default timeouts of aliyun_ehpc_queue's operations.
var queueTimeouts = framework.Timeouts{Create: 10 * time.Minute, Update: 10 * time.Minute, Delete: 10 * time.Minute}

// queueSchema is aliyun_ehpc_queue's schema: the cluster, the id, and the attributes of an inline queue
// (queueAttributes, the one builder both use).
func queueSchema(ctx context.Context) schema.Schema {
	attrs := queueAttributes()
	name, _ := attrs["queue_name"].(schema.StringAttribute)
	name.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attrs["queue_name"] = name
	attrs["id"] = schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "`<cluster_id>:<queue_name>`.",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	attrs["cluster_id"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The E-HPC cluster (2024-07-30 API) the queue belongs to, e.g. `ehpc-hz-FYUr32****`. Changing it moves the queue: it is deleted from the old cluster and created in the new one.",
		Validators:          []validator.String{stringvalidator.RegexMatches(clusterIDPattern, "must be an E-HPC cluster id such as ehpc-hz-FYUr32****")},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
	attrs["timeouts"] = timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true})
	return schema.Schema{
		MarkdownDescription: "A queue of an E-HPC cluster (E-HPC 2024-07-30 API: `CreateQueue`, `GetQueue`, `UpdateQueue`, `DeleteQueues`), " +
			"for a cluster managed elsewhere. Every attribute but `cluster_id` and `queue_name` is changed in place with `UpdateQueue` " +
			"(the whole template is sent); each change waits until `GetQueue` shows it. Manage a cluster's queues either inline " +
			"(`aliyun_ehpc_cluster.queues`) or with this resource, never both: a cluster that sets `queues` owns the whole list " +
			"and deletes the queues it does not list.",
		Attributes: attrs,
	}
}

// queueAttributes is the QueueTemplate schema, shared by aliyun_ehpc_cluster.queues and aliyun_ehpc_queue.
func queueAttributes() map[string]schema.Attribute {
	count := func(what string) schema.Int64Attribute {
		return schema.Int64Attribute{
			Optional: true, MarkdownDescription: what + " (not negative).",
			Validators: []validator.Int64{int64validator.AtLeast(0)},
		}
	}
	return map[string]schema.Attribute{
		"queue_name": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "Queue name: 1 to 15 characters of letters, digits and `.`. It identifies the queue and is the " +
				"only queue attribute the service cannot change in place: changing it deletes that queue (releasing its nodes) and " +
				"creates one with the new name (the plan says so: a warning in `aliyun_ehpc_cluster`, a replacement of `aliyun_ehpc_queue`); every other attribute is changed in place with `UpdateQueue`.",
			Validators: []validator.String{validators.UnicodeName(1, 15, ".")},
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
