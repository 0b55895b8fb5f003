package validators

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// RequiredWhen makes an attribute required when a sibling attribute's value is one of values, for example
// `auto_renew_period` when `auto_renew` is "true". The sibling's value is compared as a string: "true"/"false"
// for bools, decimal for numbers, "" when null. Unknown values on either side skip the check until they are known.
func RequiredWhen(expr path.Expression, values ...string) ConditionalValidator {
	return ConditionalValidator{expr: expr, values: values, required: true}
}

// OnlyWhen allows an attribute to be set only when a sibling attribute's value is one of values, for example
// `spot_strategy` only when `resource_type` is "Spot". Include "" in values when a null sibling (its default)
// allows the attribute. Values compare as in RequiredWhen; a null or unknown own value is never an error.
func OnlyWhen(expr path.Expression, values ...string) ConditionalValidator {
	return ConditionalValidator{expr: expr, values: values, required: false}
}

// ConditionalValidator implements RequiredWhen and OnlyWhen for every attribute type a schema here uses.
type ConditionalValidator struct {
	expr     path.Expression
	values   []string
	required bool
	// neutral own values (written as siblingString writes them) that are never an error: see Neutral.
	neutral []string
}

var (
	_ validator.String  = ConditionalValidator{}
	_ validator.Int64   = ConditionalValidator{}
	_ validator.Float64 = ConditionalValidator{}
	_ validator.Bool    = ConditionalValidator{}
	_ validator.List    = ConditionalValidator{}
	_ validator.Set     = ConditionalValidator{}
	_ validator.Map     = ConditionalValidator{}
	_ validator.Object  = ConditionalValidator{}
)

func (v ConditionalValidator) Description(context.Context) string {
	return v.rule(expressionName(v.expr), false)
}

func (v ConditionalValidator) MarkdownDescription(context.Context) string {
	return v.rule(expressionName(v.expr), true)
}

// rule states the condition in words, naming the sibling as given.
func (v ConditionalValidator) rule(sibling string, markdown bool) string {
	if markdown {
		sibling = "`" + sibling + "`"
	}
	if v.required {
		return fmt.Sprintf("required when %s is %s", sibling, describeValues(v.values, markdown))
	}
	return fmt.Sprintf("may only be set when %s is %s", sibling, describeValues(v.values, markdown))
}

type conditionalRequest struct {
	config         tfsdk.Config
	value          attr.Value
	path           path.Path
	pathExpression path.Expression
}

func (v ConditionalValidator) validate(ctx context.Context, req conditionalRequest, diags *diag.Diagnostics) {
	if req.value.IsUnknown() {
		return
	}
	if !v.required && req.value.IsNull() {
		return
	}
	if !v.required && len(v.neutral) > 0 && slices.Contains(v.neutral, siblingString(ctx, req.value)) {
		return
	}

	matched, d := req.config.PathMatches(ctx, req.pathExpression.Merge(v.expr))
	if d.HasError() {
		diags.Append(d...)
		return
	}
	for _, mp := range matched {
		var sibling attr.Value
		if d := req.config.GetAttribute(ctx, mp, &sibling); d.HasError() {
			diags.Append(d...)
			continue
		}
		if sibling == nil || sibling.IsUnknown() {
			continue
		}
		sv := siblingString(ctx, sibling)
		in := slices.Contains(v.values, sv)
		switch {
		case v.required && in && req.value.IsNull():
			diags.AddAttributeError(req.path, "Missing required attribute",
				fmt.Sprintf("Attribute %s is %s: %s is %s but %s is not set.",
					req.path, v.rule(mp.String(), false), mp, showValue(sv), req.path))
		case v.required && in && slices.Contains(v.neutral, siblingString(ctx, req.value)):
			diags.AddAttributeError(req.path, "Missing required attribute",
				fmt.Sprintf("Attribute %s is %s: %s is %s but %s is %s, which means not set.",
					req.path, v.rule(mp.String(), false), mp, showValue(sv), req.path, siblingString(ctx, req.value)))
		case !v.required && !in:
			diags.AddAttributeError(req.path, "Attribute not allowed",
				fmt.Sprintf("Attribute %s %s: %s is %s but %s is set%s.",
					req.path, v.rule(mp.String(), false), mp, showValue(sv), req.path, ownValue(ctx, req.value)))
		}
	}
}

func (v ConditionalValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	v.validate(ctx, conditionalRequest{config: req.Config, value: req.ConfigValue, path: req.Path, pathExpression: req.PathExpression}, &resp.Diagnostics)
}

func (v ConditionalValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	v.validate(ctx, conditionalRequest{config: req.Config, value: req.ConfigValue, path: req.Path, pathExpression: req.PathExpression}, &resp.Diagnostics)
}

func (v ConditionalValidator) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	v.validate(ctx, conditionalRequest{config: req.Config, value: req.ConfigValue, path: req.Path, pathExpression: req.PathExpression}, &resp.Diagnostics)
}

func (v ConditionalValidator) ValidateBool(ctx context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	v.validate(ctx, conditionalRequest{config: req.Config, value: req.ConfigValue, path: req.Path, pathExpression: req.PathExpression}, &resp.Diagnostics)
}

func (v ConditionalValidator) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	v.validate(ctx, conditionalRequest{config: req.Config, value: req.ConfigValue, path: req.Path, pathExpression: req.PathExpression}, &resp.Diagnostics)
}

func (v ConditionalValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	v.validate(ctx, conditionalRequest{config: req.Config, value: req.ConfigValue, path: req.Path, pathExpression: req.PathExpression}, &resp.Diagnostics)
}

func (v ConditionalValidator) ValidateMap(ctx context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	v.validate(ctx, conditionalRequest{config: req.Config, value: req.ConfigValue, path: req.Path, pathExpression: req.PathExpression}, &resp.Diagnostics)
}

func (v ConditionalValidator) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	v.validate(ctx, conditionalRequest{config: req.Config, value: req.ConfigValue, path: req.Path, pathExpression: req.PathExpression}, &resp.Diagnostics)
}

// siblingString renders a sibling value the way RequiredWhen/OnlyWhen values are written.
func siblingString(ctx context.Context, v attr.Value) string {
	if v.IsNull() {
		return ""
	}
	switch x := v.(type) {
	case basetypes.StringValuable:
		if s, d := x.ToStringValue(ctx); !d.HasError() {
			return s.ValueString()
		}
	case basetypes.BoolValuable:
		if b, d := x.ToBoolValue(ctx); !d.HasError() {
			return strconv.FormatBool(b.ValueBool())
		}
	case basetypes.Int64Valuable:
		if i, d := x.ToInt64Value(ctx); !d.HasError() {
			return strconv.FormatInt(i.ValueInt64(), 10)
		}
	case basetypes.Int32Valuable:
		if i, d := x.ToInt32Value(ctx); !d.HasError() {
			return strconv.FormatInt(int64(i.ValueInt32()), 10)
		}
	case basetypes.Float64Valuable:
		if f, d := x.ToFloat64Value(ctx); !d.HasError() {
			return strconv.FormatFloat(f.ValueFloat64(), 'f', -1, 64)
		}
	case basetypes.Float32Valuable:
		if f, d := x.ToFloat32Value(ctx); !d.HasError() {
			return strconv.FormatFloat(float64(f.ValueFloat32()), 'f', -1, 32)
		}
	case basetypes.NumberValuable:
		if n, d := x.ToNumberValue(ctx); !d.HasError() {
			return n.ValueBigFloat().Text('f', -1)
		}
	}
	return v.String()
}

// ownValue shows the attribute's own value, except for strings: a conditional rule may sit on a secret
// (a password only allowed in one mode), and the presence is what matters, not the content.
func ownValue(ctx context.Context, v attr.Value) string {
	if _, isString := v.(basetypes.StringValuable); isString {
		return ""
	}
	return " (to " + siblingString(ctx, v) + ")"
}

func showValue(s string) string {
	if s == "" {
		return "not set"
	}
	return strconv.Quote(s)
}

func describeValues(values []string, markdown bool) string {
	parts := make([]string, 0, len(values))
	for _, s := range values {
		switch {
		case s == "":
			parts = append(parts, "not set")
		case markdown:
			parts = append(parts, "`"+s+"`")
		default:
			parts = append(parts, strconv.Quote(s))
		}
	}
	switch len(parts) {
	case 0:
		return "one of (nothing)"
	case 1:
		return parts[0]
	}
	return "one of " + strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// expressionName names the sibling in Description, where no request path is available to resolve the expression
// against: the last attribute name of a relative expression is what a reader of the docs knows it by.
func expressionName(e path.Expression) string {
	steps := e.Steps()
	for i := len(steps) - 1; i >= 0; i-- {
		if name, ok := steps[i].(path.ExpressionStepAttributeNameExact); ok {
			return string(name)
		}
	}
	return e.String()
}
