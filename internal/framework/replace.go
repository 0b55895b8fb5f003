package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// PrivateUnreadKey is the private-state key every resource shares (ACK keeps one more of its own, see its
// README): set by ImportState, it says that the arguments still null in the state were never read (the API does
// not return them), so the first apply after the import records their configured values instead of replacing
// the object. Create and Update clear it.
const PrivateUnreadKey = "unread_arguments"

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// MarkUnread is called by ImportState.
func MarkUnread(ctx context.Context, p privateSetter) diag.Diagnostics {
	return p.SetKey(ctx, PrivateUnreadKey, []byte("true"))
}

// ClearUnread is called by Create and Update: once applied, every argument in the state is the one applied.
func ClearUnread(ctx context.Context, p privateSetter) diag.Diagnostics {
	return p.SetKey(ctx, PrivateUnreadKey, nil)
}

// IsUnread reports whether the resource was imported and not applied since.
func IsUnread(ctx context.Context, p privateGetter) bool {
	if p == nil {
		return false
	}
	v, d := p.GetKey(ctx, PrivateUnreadKey)
	return !d.HasError() && string(v) == "true"
}

// ReplaceUnlessUnread is RequiresReplace with one exception, the same for every attribute type: a value that
// is null in the state of a resource imported and not applied since (IsUnread) was never read, so setting it
// is recorded in place. Any other change replaces, as RequiresReplace does.
func ReplaceUnlessUnread() ReplaceUnlessUnreadModifier { return ReplaceUnlessUnreadModifier{} }

// ReplaceUnlessUnreadModifier implements the plan modifier interface of every attribute type.
type ReplaceUnlessUnreadModifier struct{}

var (
	_ planmodifier.String  = ReplaceUnlessUnreadModifier{}
	_ planmodifier.Int64   = ReplaceUnlessUnreadModifier{}
	_ planmodifier.Float64 = ReplaceUnlessUnreadModifier{}
	_ planmodifier.Bool    = ReplaceUnlessUnreadModifier{}
	_ planmodifier.List    = ReplaceUnlessUnreadModifier{}
	_ planmodifier.Set     = ReplaceUnlessUnreadModifier{}
	_ planmodifier.Map     = ReplaceUnlessUnreadModifier{}
	_ planmodifier.Object  = ReplaceUnlessUnreadModifier{}
)

const replaceUnlessUnreadDescription = "Changing this value replaces the resource, except in the first apply after an import, " +
	"which records a value the import could not read back."

func (ReplaceUnlessUnreadModifier) Description(context.Context) string {
	return replaceUnlessUnreadDescription
}

func (ReplaceUnlessUnreadModifier) MarkdownDescription(context.Context) string {
	return replaceUnlessUnreadDescription
}

// decide is the one rule.
func (ReplaceUnlessUnreadModifier) decide(ctx context.Context, state tfsdk.State, planned tfsdk.Plan,
	stateValue, planValue attr.Value, private privateGetter) bool {
	if state.Raw.IsNull() || planned.Raw.IsNull() || planValue.Equal(stateValue) {
		return false
	}
	if stateValue.IsNull() && IsUnread(ctx, private) {
		return false
	}
	return true
}

func (m ReplaceUnlessUnreadModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State, req.Plan, req.StateValue, req.PlanValue, req.Private)
}

func (m ReplaceUnlessUnreadModifier) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	resp.RequiresReplace = m.decide(ctx, req.State, req.Plan, req.StateValue, req.PlanValue, req.Private)
}

func (m ReplaceUnlessUnreadModifier) PlanModifyFloat64(ctx context.Context, req planmodifier.Float64Request, resp *planmodifier.Float64Response) {
	resp.RequiresReplace = m.decide(ctx, req.State, req.Plan, req.StateValue, req.PlanValue, req.Private)
}

func (m ReplaceUnlessUnreadModifier) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State, req.Plan, req.StateValue, req.PlanValue, req.Private)
}

func (m ReplaceUnlessUnreadModifier) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State, req.Plan, req.StateValue, req.PlanValue, req.Private)
}

func (m ReplaceUnlessUnreadModifier) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State, req.Plan, req.StateValue, req.PlanValue, req.Private)
}

func (m ReplaceUnlessUnreadModifier) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State, req.Plan, req.StateValue, req.PlanValue, req.Private)
}

func (m ReplaceUnlessUnreadModifier) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State, req.Plan, req.StateValue, req.PlanValue, req.Private)
}
