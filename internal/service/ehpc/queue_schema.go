package ehpc

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

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
