package validators

import (
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var condSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"switch":  schema.StringAttribute{Optional: true},
	"flag":    schema.BoolAttribute{Optional: true},
	"count":   schema.Int64Attribute{Optional: true},
	"ratio":   schema.Float64Attribute{Optional: true},
	"target":  schema.StringAttribute{Optional: true},
	"number":  schema.Int64Attribute{Optional: true},
	"price":   schema.Float64Attribute{Optional: true},
	"enabled": schema.BoolAttribute{Optional: true},
	"list":    schema.ListAttribute{Optional: true, ElementType: types.StringType},
	"set":     schema.SetAttribute{Optional: true, ElementType: types.StringType},
	"map":     schema.MapAttribute{Optional: true, ElementType: types.StringType},
	"object":  schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"a": schema.StringAttribute{Optional: true}}},
	"groups": schema.MapNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"resource_type": schema.StringAttribute{Optional: true},
		"spot_strategy": schema.StringAttribute{Optional: true},
	}}},
}}

var (
	objectType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String}}
	groupType  = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"resource_type": tftypes.String, "spot_strategy": tftypes.String}}
	rootType   = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"switch": tftypes.String, "flag": tftypes.Bool, "count": tftypes.Number, "ratio": tftypes.Number,
		"target": tftypes.String, "number": tftypes.Number, "price": tftypes.Number, "enabled": tftypes.Bool,
		"list": tftypes.List{ElementType: tftypes.String}, "set": tftypes.Set{ElementType: tftypes.String},
		"map": tftypes.Map{ElementType: tftypes.String}, "object": objectType, "groups": tftypes.Map{ElementType: groupType},
	}}
)

// condConfig builds a configuration where every attribute not in set is null.
func condConfig(set map[string]tftypes.Value) tfsdk.Config {
	vals := map[string]tftypes.Value{}
	for name, typ := range rootType.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(typ, nil)
		}
	}
	return tfsdk.Config{Schema: condSchema, Raw: tftypes.NewValue(rootType, vals)}
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
func num(f float64) tftypes.Value {
	return tftypes.NewValue(tftypes.Number, big.NewFloat(f))
}
func boolean(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }

var unknownString = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)

// runConditional applies v to the root attribute name of config, reading its value from the config itself,
// through the typed Validate method that matches the attribute's type.
func runConditional(t *testing.T, v ConditionalValidator, config tfsdk.Config, p path.Path) diag.Diagnostics {
	t.Helper()
	ctx := t.Context()
	var value attr.Value
	if d := config.GetAttribute(ctx, p, &value); d.HasError() {
		t.Fatalf("reading %s: %v", p, d)
	}
	pe := p.Expression()
	switch x := value.(type) {
	case types.String:
		resp := &validator.StringResponse{}
		v.ValidateString(ctx, validator.StringRequest{Config: config, Path: p, PathExpression: pe, ConfigValue: x}, resp)
		return resp.Diagnostics
	case types.Int64:
		resp := &validator.Int64Response{}
		v.ValidateInt64(ctx, validator.Int64Request{Config: config, Path: p, PathExpression: pe, ConfigValue: x}, resp)
		return resp.Diagnostics
	case types.Float64:
		resp := &validator.Float64Response{}
		v.ValidateFloat64(ctx, validator.Float64Request{Config: config, Path: p, PathExpression: pe, ConfigValue: x}, resp)
		return resp.Diagnostics
	case types.Bool:
		resp := &validator.BoolResponse{}
		v.ValidateBool(ctx, validator.BoolRequest{Config: config, Path: p, PathExpression: pe, ConfigValue: x}, resp)
		return resp.Diagnostics
	case types.List:
		resp := &validator.ListResponse{}
		v.ValidateList(ctx, validator.ListRequest{Config: config, Path: p, PathExpression: pe, ConfigValue: x}, resp)
		return resp.Diagnostics
	case types.Set:
		resp := &validator.SetResponse{}
		v.ValidateSet(ctx, validator.SetRequest{Config: config, Path: p, PathExpression: pe, ConfigValue: x}, resp)
		return resp.Diagnostics
	case types.Map:
		resp := &validator.MapResponse{}
		v.ValidateMap(ctx, validator.MapRequest{Config: config, Path: p, PathExpression: pe, ConfigValue: x}, resp)
		return resp.Diagnostics
	case types.Object:
		resp := &validator.ObjectResponse{}
		v.ValidateObject(ctx, validator.ObjectRequest{Config: config, Path: p, PathExpression: pe, ConfigValue: x}, resp)
		return resp.Diagnostics
	}
	t.Fatalf("unexpected value type %T at %s", value, p)
	return nil
}

type condCase struct {
	validator ConditionalValidator
	config    map[string]tftypes.Value
	attr      path.Path
	wantErr   bool
	contains  []string
}

func runConditionalCases(t *testing.T, cases map[string]condCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			diags := runConditional(t, tc.validator, condConfig(tc.config), tc.attr)
			if got := diags.HasError(); got != tc.wantErr {
				t.Fatalf("HasError() = %v, want %v; diagnostics: %v", got, tc.wantErr, diags)
			}
			if !tc.wantErr {
				return
			}
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(diags), diags)
			}
			if pd, ok := diags[0].(diag.DiagnosticWithPath); !ok || !pd.Path().Equal(tc.attr) {
				t.Errorf("diagnostic not attached to %s: %v", tc.attr, diags[0])
			}
			for _, s := range append([]string{tc.attr.String()}, tc.contains...) {
				if !strings.Contains(diags[0].Detail(), s) {
					t.Errorf("detail does not contain %q: %s", s, diags[0].Detail())
				}
			}
		})
	}
}

func TestRequiredWhen(t *testing.T) {
	onFlag := RequiredWhen(path.MatchRelative().AtParent().AtName("flag"), "true")
	onSwitch := RequiredWhen(path.MatchRoot("switch"), "PrePaid")
	onNull := RequiredWhen(path.MatchRoot("switch"), "")
	onNumber := RequiredWhen(path.MatchRoot("number"), "3")
	onPrice := RequiredWhen(path.MatchRoot("price"), "0.5")
	spot := RequiredWhen(path.MatchRelative().AtParent().AtName("resource_type"), "Spot")
	group := func(rt, ss tftypes.Value) tftypes.Value {
		return tftypes.NewValue(tftypes.Map{ElementType: groupType}, map[string]tftypes.Value{
			"g1": tftypes.NewValue(groupType, map[string]tftypes.Value{"resource_type": rt, "spot_strategy": ss}),
		})
	}
	spotPath := path.Root("groups").AtMapKey("g1").AtName("spot_strategy")

	runConditionalCases(t, map[string]condCase{
		"bool sibling true, set":     {validator: onFlag, config: map[string]tftypes.Value{"flag": boolean(true), "count": num(3)}, attr: path.Root("count")},
		"bool sibling false, null":   {validator: onFlag, config: map[string]tftypes.Value{"flag": boolean(false)}, attr: path.Root("count")},
		"bool sibling null, null":    {validator: onFlag, attr: path.Root("count")},
		"bool sibling unknown, null": {validator: onFlag, config: map[string]tftypes.Value{"flag": tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)}, attr: path.Root("count")},
		"own unknown": {validator: onFlag, config: map[string]tftypes.Value{"flag": boolean(true), "count": tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)},
			attr: path.Root("count")},
		"bool sibling true, null": {validator: onFlag, config: map[string]tftypes.Value{"flag": boolean(true)}, attr: path.Root("count"), wantErr: true,
			contains: []string{`required when flag is "true"`, `flag is "true"`, "count is not set"}},
		"string sibling matches, float null": {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid")}, attr: path.Root("ratio"), wantErr: true,
			contains: []string{`switch is "PrePaid"`}},
		"string sibling other, float null": {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PostPaid")}, attr: path.Root("ratio")},
		"null sibling matches empty":       {validator: onNull, attr: path.Root("target"), wantErr: true, contains: []string{"required when switch is not set", "switch is not set"}},
		"int sibling matches":              {validator: onNumber, config: map[string]tftypes.Value{"number": num(3)}, attr: path.Root("enabled"), wantErr: true, contains: []string{`number is "3"`}},
		"int sibling differs":              {validator: onNumber, config: map[string]tftypes.Value{"number": num(4)}, attr: path.Root("enabled")},
		"float sibling matches":            {validator: onPrice, config: map[string]tftypes.Value{"price": num(0.5)}, attr: path.Root("list"), wantErr: true, contains: []string{`price is "0.5"`}},
		"set null":                         {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid")}, attr: path.Root("set"), wantErr: true},
		"map null":                         {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid")}, attr: path.Root("map"), wantErr: true},
		"object null":                      {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid")}, attr: path.Root("object"), wantErr: true},
		"object set": {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid"),
			"object": tftypes.NewValue(objectType, map[string]tftypes.Value{"a": str("x")})}, attr: path.Root("object")},
		"nested sibling matches, null": {validator: spot, config: map[string]tftypes.Value{"groups": group(str("Spot"), tftypes.NewValue(tftypes.String, nil))},
			attr: spotPath, wantErr: true, contains: []string{`groups["g1"].resource_type is "Spot"`}},
		"nested sibling matches, set": {validator: spot, config: map[string]tftypes.Value{"groups": group(str("Spot"), str("SpotAsPriceGo"))}, attr: spotPath},
		"nested sibling other, null":  {validator: spot, config: map[string]tftypes.Value{"groups": group(str("OnDemand"), tftypes.NewValue(tftypes.String, nil))}, attr: spotPath},
		"nested sibling unknown":      {validator: spot, config: map[string]tftypes.Value{"groups": group(unknownString, tftypes.NewValue(tftypes.String, nil))}, attr: spotPath},
	})
}

// TestRequiredWhenNeutral: a neutral own value counts as not set when the condition holds, and is accepted
// when it does not.
func TestRequiredWhenNeutral(t *testing.T) {
	period := RequiredWhen(path.MatchRoot("switch"), "PrePaid").Neutral("0")
	renew := RequiredWhen(path.MatchRoot("flag"), "true").Neutral("0")
	runConditionalCases(t, map[string]condCase{
		"condition, zero": {validator: period, config: map[string]tftypes.Value{"switch": str("PrePaid"), "count": num(0)}, attr: path.Root("count"), wantErr: true,
			contains: []string{`required when switch is "PrePaid"`, `switch is "PrePaid"`, "count is 0, which means not set"}},
		"condition, null": {validator: period, config: map[string]tftypes.Value{"switch": str("PrePaid")}, attr: path.Root("count"), wantErr: true,
			contains: []string{"count is not set"}},
		"condition, positive":     {validator: period, config: map[string]tftypes.Value{"switch": str("PrePaid"), "count": num(1)}, attr: path.Root("count")},
		"no condition, zero":      {validator: period, config: map[string]tftypes.Value{"switch": str("PostPaid"), "count": num(0)}, attr: path.Root("count")},
		"sibling null, zero":      {validator: period, config: map[string]tftypes.Value{"count": num(0)}, attr: path.Root("count")},
		"sibling unknown, zero":   {validator: period, config: map[string]tftypes.Value{"switch": unknownString, "count": num(0)}, attr: path.Root("count")},
		"own unknown":             {validator: period, config: map[string]tftypes.Value{"switch": str("PrePaid"), "count": tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)}, attr: path.Root("count")},
		"bool condition, zero":    {validator: renew, config: map[string]tftypes.Value{"flag": boolean(true), "count": num(0)}, attr: path.Root("count"), wantErr: true, contains: []string{`flag is "true"`, "count is 0"}},
		"plain required, zero ok": {validator: RequiredWhen(path.MatchRoot("switch"), "PrePaid"), config: map[string]tftypes.Value{"switch": str("PrePaid"), "count": num(0)}, attr: path.Root("count")},
	})
}

func TestOnlyWhen(t *testing.T) {
	onFlag := OnlyWhen(path.MatchRelative().AtParent().AtName("flag"), "true")
	onSwitch := OnlyWhen(path.MatchRoot("switch"), "", "PostPaid")
	spot := OnlyWhen(path.MatchRelative().AtParent().AtName("resource_type"), "Spot")
	group := func(rt, ss tftypes.Value) tftypes.Value {
		return tftypes.NewValue(tftypes.Map{ElementType: groupType}, map[string]tftypes.Value{
			"g1": tftypes.NewValue(groupType, map[string]tftypes.Value{"resource_type": rt, "spot_strategy": ss}),
		})
	}
	spotPath := path.Root("groups").AtMapKey("g1").AtName("spot_strategy")
	list := tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("a")})

	runConditionalCases(t, map[string]condCase{
		"allowed, set":    {validator: onFlag, config: map[string]tftypes.Value{"flag": boolean(true), "count": num(3)}, attr: path.Root("count")},
		"own null":        {validator: onFlag, config: map[string]tftypes.Value{"flag": boolean(false)}, attr: path.Root("count")},
		"own unknown":     {validator: onFlag, config: map[string]tftypes.Value{"flag": boolean(false), "count": tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)}, attr: path.Root("count")},
		"sibling unknown": {validator: onFlag, config: map[string]tftypes.Value{"flag": tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue), "count": num(3)}, attr: path.Root("count")},
		"sibling null, not allowed": {validator: onFlag, config: map[string]tftypes.Value{"count": num(3)}, attr: path.Root("count"), wantErr: true,
			contains: []string{`may only be set when flag is "true"`, "flag is not set", "count is set (to 3)"}},
		"sibling false": {validator: onFlag, config: map[string]tftypes.Value{"flag": boolean(false), "count": num(12)}, attr: path.Root("count"), wantErr: true,
			contains: []string{`flag is "false"`, "(to 12)"}},
		"null sibling allowed by empty": {validator: onSwitch, config: map[string]tftypes.Value{"target": str("secret-value")}, attr: path.Root("target")},
		"sibling allowed value":         {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PostPaid"), "ratio": num(1.5)}, attr: path.Root("ratio")},
		"string own value never echoed": {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid"), "target": str("secret-value")}, attr: path.Root("target"), wantErr: true,
			contains: []string{`may only be set when switch is one of not set or "PostPaid"`, `switch is "PrePaid"`, "target is set."}},
		"float": {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid"), "ratio": num(1.5)}, attr: path.Root("ratio"), wantErr: true, contains: []string{"(to 1.5)"}},
		"bool":  {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid"), "enabled": boolean(false)}, attr: path.Root("enabled"), wantErr: true, contains: []string{"(to false)"}},
		"list":  {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid"), "list": list}, attr: path.Root("list"), wantErr: true},
		"set": {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid"),
			"set": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str("a")})}, attr: path.Root("set"), wantErr: true},
		"map": {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid"),
			"map": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"k": str("v")})}, attr: path.Root("map"), wantErr: true},
		"object": {validator: onSwitch, config: map[string]tftypes.Value{"switch": str("PrePaid"),
			"object": tftypes.NewValue(objectType, map[string]tftypes.Value{"a": str("x")})}, attr: path.Root("object"), wantErr: true},
		"nested allowed":  {validator: spot, config: map[string]tftypes.Value{"groups": group(str("Spot"), str("SpotAsPriceGo"))}, attr: spotPath},
		"nested own null": {validator: spot, config: map[string]tftypes.Value{"groups": group(str("OnDemand"), tftypes.NewValue(tftypes.String, nil))}, attr: spotPath},
		"nested not allowed": {validator: spot, config: map[string]tftypes.Value{"groups": group(str("OnDemand"), str("SpotAsPriceGo"))}, attr: spotPath, wantErr: true,
			contains: []string{`groups["g1"].resource_type is "OnDemand"`, `may only be set when groups["g1"].resource_type is "Spot"`}},
	})
}

func TestConditionalBadExpression(t *testing.T) {
	diags := runConditional(t, OnlyWhen(path.MatchRoot("no_such_attribute"), "x"),
		condConfig(map[string]tftypes.Value{"target": str("v")}), path.Root("target"))
	if !diags.HasError() {
		t.Fatal("an expression outside the schema must be reported as a provider bug")
	}
}
