package ack

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

// edgeScaleOutTimeouts are the defaults of the timeouts block.
var edgeScaleOutTimeouts = framework.Timeouts{Create: 30 * time.Minute, Update: 30 * time.Minute, Delete: 30 * time.Minute}

// edgePasswordPolicy is ACK's rule for node logon passwords (the emulator enforces the same one; the special
// set is ECS's, since neither this API's nor ENS's documents list one).
var edgePasswordPolicy = validators.PasswordPolicy{
	MinLength: 8, MaxLength: 30, MinClasses: 3, Specials: "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/",
}

func edgeScaleOutSchema(ctx context.Context) schema.Schema {
	replace := "Changing it replaces the resource: the bought nodes are removed and new ones are bought."
	autoRenew := path.MatchRoot("worker_auto_renew")
	return schema.Schema{
		MarkdownDescription: "Adds ENS (Edge Node Service) worker nodes to an ACK managed edge cluster with `ScaleOutCluster` " +
			"(CS API 2015-12-15). **Creating this resource buys machines** on subscription; destroying it removes them " +
			"from the cluster. `worker_count` changes in place (a scale-out buys the difference, a scale-in removes the " +
			"newest nodes); every other argument replaces the nodes.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<cluster_id>:<task_id>` of the scale-out (or `<cluster_id>:<instance_id>,…` when imported by instance ids).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the ACK managed edge cluster (cluster type `ManagedKubernetes`, profile `Edge`). " + replace,
				Validators: []validator.String{
					stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z0-9-]+$`), "must be an ACK cluster id (letters, digits and hyphens)"),
				},
				PlanModifiers: []planmodifier.String{framework.ReplaceUnlessUnread()},
			},
			// The API's field is "count", but count is a Terraform meta-argument that no resource may define.
			"worker_count": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "Number of worker nodes this resource keeps in the cluster (the API's `count`); at least 1. Changes in place: " +
					"raising it buys the difference with one `ScaleOutCluster` (the other arguments as configured); lowering it removes that many " +
					"of this resource's nodes with `DeleteClusterNodes` (drained first), **newest first** (the last scale-out's last instance " +
					"goes first), and their subscription keeps billing until it expires. Read back as the number of this resource's nodes still " +
					"in the cluster, so nodes removed outside Terraform show as an in-place update that buys only the missing ones.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"worker_instance_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ENS instance type of the workers, e.g. `ens.sn1.tiny`. " + replace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{framework.ReplaceUnlessUnread()},
			},
			"ens_region_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ENS region of the instances, e.g. `cn-beijing-telecom`. " + replace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{framework.ReplaceUnlessUnread()},
			},
			"worker_image_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Operating system image of the workers. " + replace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{framework.ReplaceUnlessUnread()},
			},
			"ens_internet_charge_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Bandwidth billing of the ENS instances: `BandwidthByDay` (daily peak) or `95BandwidthByMonth` " +
					"(monthly 95th percentile). If the account already has ENS instances, ENS keeps their billing method. " + replace,
				Validators:    []validator.String{stringvalidator.OneOf("BandwidthByDay", "95BandwidthByMonth")},
				PlanModifiers: []planmodifier.String{framework.ReplaceUnlessUnread()},
			},
			"worker_period": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Subscription length of the instances in months: 1–9 or 12. The instances are paid for this long even if the resource is destroyed earlier. " + replace,
				Validators:          []validator.Int64{int64validator.OneOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 12)},
				PlanModifiers:       []planmodifier.Int64{framework.ReplaceUnlessUnread()},
			},
			"worker_auto_renew": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Renew the subscription automatically. Default `false`. " + replace,
				PlanModifiers:       []planmodifier.Bool{framework.ReplaceUnlessUnread()},
			},
			"worker_auto_renew_period": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Auto-renewal period in months, 1–12. Required when `worker_auto_renew` is `true`, not allowed otherwise. " + replace,
				Validators: []validator.Int64{
					int64validator.Between(1, 12),
					validators.RequiredWhen(autoRenew, "true"),
					validators.OnlyWhen(autoRenew, "true"),
				},
				PlanModifiers: []planmodifier.Int64{framework.ReplaceUnlessUnread()},
			},
			"login_password": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Logon password of the new workers: 8–30 characters with at least three of upper-case letters, " +
					"lower-case letters, digits and special characters (`` " + edgePasswordPolicy.Specials + " ``). Stored in state " +
					"(sensitive); prefer `login_password_wo`. Exactly one of the two is required. Never read back. " + replace,
				Validators:    []validator.String{validators.Password(edgePasswordPolicy)},
				PlanModifiers: []planmodifier.String{framework.ReplaceUnlessUnread()},
			},
			"login_password_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				MarkdownDescription: "Write-only form of `login_password` (Terraform 1.11 or later): sent with every scale-out (the create and " +
					"each in-place increase of `worker_count`), never stored in plan or state. Same rules. Changing it alone changes " +
					"nothing until the next scale-out, whose new nodes get the new password; to replace every node with a new " +
					"password, change `login_password_wo_version`.",
				Validators: []validator.String{validators.Password(edgePasswordPolicy)},
			},
			"login_password_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Any number that you change to make a new `login_password_wo` take effect. Only with `login_password_wo`. " + replace,
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("login_password_wo"))},
				PlanModifiers:       []planmodifier.Int64{framework.ReplaceUnlessUnread()},
			},
			"worker_system_disk_size": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "System disk size in GiB: a multiple of 10 from 20 to 100, and larger than the image. " + replace,
				Validators:          []validator.Int64{validators.SteppedRange(20, 100, 10)},
				PlanModifiers:       []planmodifier.Int64{framework.ReplaceUnlessUnread()},
			},
			"worker_data_disk_size": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(0),
				MarkdownDescription: "Data disk size in GiB: `0` (no data disk, the default) or a multiple of 10 from 20 to 200. " + replace,
				Validators:          []validator.Int64{validators.SteppedRange(20, 200, 10, 0)},
				PlanModifiers:       []planmodifier.Int64{framework.ReplaceUnlessUnread()},
			},
			"is_edge_worker": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Add the workers as edge nodes. The API requires `true`, which is the default.",
				Validators:          []validator.Bool{boolvalidator.Equals(true)},
				PlanModifiers:       []planmodifier.Bool{framework.ReplaceUnlessUnread()},
			},
			"timeout_mins": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Server-side timeout of the scale-out in minutes, passed to the API as is. The provider's own wait is bounded by `timeouts.create` (by `timeouts.update` for a scale-out in place). " + replace,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{framework.ReplaceUnlessUnread()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: "How long to wait for the scale-out (a duration such as `45m`). Default `" + minutes(edgeScaleOutTimeouts.Create) + "`.",
				UpdateDescription: "How long to wait for a change of `worker_count`: the scale-out task, or the removal task and the nodes leaving. Default `" +
					minutes(edgeScaleOutTimeouts.Update) + "`.",
				DeleteDescription: "How long to wait for the nodes to leave the cluster. Default `" + minutes(edgeScaleOutTimeouts.Delete) + "`.",
			}),
			"task_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ID of the first `ScaleOutCluster` task (`T-…`), the one in `id`; empty when imported by instance ids.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"instance_ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "ENS instance ids of this resource's nodes still in the cluster, in creation order (by scale-out task, then as the task listed them).",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"node_names": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Kubernetes node names of `instance_ids`, in the same order (`<region>.<private ip>`).",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"task_ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "IDs of every `ScaleOutCluster` task of this resource, oldest first (`task_id` is the first). Empty when imported by instance ids.",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"nodes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "This resource's nodes, in the order of `instance_ids`, read on every refresh.",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"instance_id": schema.StringAttribute{Computed: true, MarkdownDescription: "ENS instance id."},
					"node_name":   schema.StringAttribute{Computed: true, MarkdownDescription: "Kubernetes node name (`<region>.<private ip>`)."},
					"ip_address":  schema.StringAttribute{Computed: true, MarkdownDescription: "First IP address the API reports for the node."},
					"state": schema.StringAttribute{Computed: true,
						MarkdownDescription: "Node state as `DescribeClusterNodes` reports it (e.g. `initial`, `running`, `failed`, `removing`)."},
					"task_id": schema.StringAttribute{Computed: true,
						MarkdownDescription: "The `ScaleOutCluster` task that bought the node; empty when imported by instance ids."},
					"expired_time": schema.StringAttribute{Computed: true,
						MarkdownDescription: "End of the node's subscription (RFC 3339) where the API reports it: it keeps billing until then, even after removal."},
				}},
			},
		},
	}
}

// minutes renders a default timeout as the timeouts block takes it ("30m").
func minutes(d time.Duration) string { return fmt.Sprintf("%dm", int(d.Minutes())) }

// replacedAttributes names the arguments whose planned change replaces the resource, by the rule of
// framework.ReplaceUnlessUnread (the resource-level ModifyPlan does not see the attribute modifiers' verdict).
func replacedAttributes(s schema.Schema, state, plan tftypes.Value, unread bool) []string {
	var out []string
	for name, a := range s.Attributes {
		if !replacesOnChange(a) {
			continue
		}
		sv, err1 := state.ApplyTerraform5AttributePathStep(tftypes.AttributeName(name))
		pv, err2 := plan.ApplyTerraform5AttributePathStep(tftypes.AttributeName(name))
		if err1 != nil || err2 != nil {
			continue
		}
		svv, _ := sv.(tftypes.Value)
		pvv, _ := pv.(tftypes.Value)
		if svv.Equal(pvv) || (svv.IsNull() && unread) {
			continue
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func replacesOnChange(a schema.Attribute) bool {
	is := func(ms []any) bool {
		for _, m := range ms {
			if _, ok := m.(framework.ReplaceUnlessUnreadModifier); ok {
				return true
			}
		}
		return false
	}
	switch a := a.(type) {
	case schema.StringAttribute:
		return is(anySlice(a.PlanModifiers))
	case schema.Int64Attribute:
		return is(anySlice(a.PlanModifiers))
	case schema.BoolAttribute:
		return is(anySlice(a.PlanModifiers))
	}
	return false
}

func anySlice[T any](in []T) []any {
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = v
	}
	return out
}
