package validators

import (
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// nodeConfig is a configuration of one object "node" with the given string and number attributes (nil: null,
// tftypes.UnknownValue: unknown).
func nodeConfig(strs map[string]any, nums map[string]any) tfsdk.Config {
	attrs := map[string]schema.Attribute{}
	types := map[string]tftypes.Type{}
	vals := map[string]tftypes.Value{}
	for k, v := range strs {
		attrs[k] = schema.StringAttribute{Optional: true}
		types[k] = tftypes.String
		vals[k] = tftypes.NewValue(tftypes.String, v)
	}
	for k, v := range nums {
		attrs[k] = schema.Int64Attribute{Optional: true}
		types[k] = tftypes.Number
		if n, ok := v.(int); ok {
			v = big.NewFloat(float64(n))
		}
		vals[k] = tftypes.NewValue(tftypes.Number, v)
	}
	obj := tftypes.Object{AttributeTypes: types}
	root := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"node": obj}}
	s := schema.Schema{Attributes: map[string]schema.Attribute{"node": schema.SingleNestedAttribute{Optional: true, Attributes: attrs}}}
	return tfsdk.Config{Schema: s, Raw: tftypes.NewValue(root, map[string]tftypes.Value{"node": tftypes.NewValue(obj, vals)})}
}

func runInt64InNode(t *testing.T, v validator.Int64, config tfsdk.Config, attr string, value types.Int64, wantErr bool, contains ...string) {
	t.Helper()
	p := path.Root("node").AtName(attr)
	resp := &validator.Int64Response{}
	v.ValidateInt64(t.Context(), validator.Int64Request{Config: config, Path: p, PathExpression: p.Expression(), ConfigValue: value}, resp)
	if got := resp.Diagnostics.HasError(); got != wantErr {
		t.Fatalf("HasError() = %v, want %v: %v", got, wantErr, resp.Diagnostics)
	}
	if wantErr {
		detail := resp.Diagnostics[0].Detail()
		for _, c := range append(contains, p.String()) {
			if !strings.Contains(detail, c) {
				t.Errorf("detail %q does not contain %q", detail, c)
			}
		}
	}
}

func TestPeriodForUnit(t *testing.T) {
	v := PeriodForUnit("period_unit", "Month", map[string][]int64{"Week": {1, 2, 3, 4}, "Month": {1, 2, 12}})
	for name, tc := range map[string]struct {
		unit     any
		period   types.Int64
		wantErr  bool
		contains []string
	}{
		"week ok":               {"Week", types.Int64Value(4), false, nil},
		"week too long":         {"Week", types.Int64Value(5), true, []string{"1, 2, 3, 4", `"Week"`, "got 5"}},
		"default unit is Month": {nil, types.Int64Value(12), false, nil},
		"month refuses 5":       {nil, types.Int64Value(5), true, []string{"1, 2, 12", `"Month"`}},
		"zero is no period":     {"Week", types.Int64Value(0), false, nil},
		"null":                  {"Week", types.Int64Null(), false, nil},
		"unknown value":         {"Week", types.Int64Unknown(), false, nil},
		"unknown unit":          {tftypes.UnknownValue, types.Int64Value(99), false, nil},
		"unit not in table":     {"Year", types.Int64Value(99), false, nil},
	} {
		t.Run(name, func(t *testing.T) {
			runInt64InNode(t, v, nodeConfig(map[string]any{"period_unit": tc.unit}, nil), "period", tc.period, tc.wantErr, tc.contains...)
		})
	}
	if d := v.Description(t.Context()); !strings.Contains(d, "0 (no period)") || !strings.Contains(d, "Month or not set") {
		t.Errorf("description: %s", d)
	}
}

func TestDiskSize(t *testing.T) {
	table := DiskSizeTable{DefaultLevels: map[string]string{"cloud_essd": "PL1"}, Rules: []DiskSizeRule{
		{Category: "cloud", Min: 20, Max: 500},
		{Category: "cloud_essd", Level: "PL0", Min: 1, Max: 2048}, {Category: "cloud_essd", Level: "PL1", Min: 20, Max: 2048},
	}}
	v := DiskSize(table)
	for name, tc := range map[string]struct {
		category, level any
		size            types.Int64
		wantErr         bool
		contains        []string
	}{
		"cloud ok":              {"cloud", nil, types.Int64Value(500), false, nil},
		"cloud too big":         {"cloud", nil, types.Int64Value(501), true, []string{"between 20 and 500", "cloud disk", "got 501"}},
		"cloud any level":       {"cloud", "PL2", types.Int64Value(10), true, []string{"cloud (any level)"}},
		"essd default PL1":      {"cloud_essd", nil, types.Int64Value(10), true, []string{"cloud_essd PL1", "between 20 and 2048"}},
		"essd PL0 small":        {"cloud_essd", "PL0", types.Int64Value(10), false, nil},
		"no category":           {nil, nil, types.Int64Value(1), false, nil},
		"unknown category":      {tftypes.UnknownValue, nil, types.Int64Value(1), false, nil},
		"unknown level":         {"cloud_essd", tftypes.UnknownValue, types.Int64Value(1), false, nil},
		"category not in table": {"cloud_ssd", nil, types.Int64Value(1), false, nil},
		"null size":             {"cloud", nil, types.Int64Null(), false, nil},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := nodeConfig(map[string]any{"category": tc.category, "level": tc.level}, nil)
			runInt64InNode(t, v, cfg, "size", tc.size, tc.wantErr, tc.contains...)
		})
	}
	if got := table.Markdown(); got != "`cloud` 20–500, `cloud_essd` PL0 1–2048, `cloud_essd` PL1 20–2048" {
		t.Errorf("Markdown() = %s", got)
	}
}

func TestNeutral(t *testing.T) {
	onPrePaid := OnlyWhen(path.MatchRoot("switch"), "PrePaid").Neutral("false", "0")
	spotOnly := OnlyWhen(path.MatchRoot("switch"), "PostPaid", "").Neutral("NoSpot")
	runConditionalCases(t, map[string]condCase{
		"false allowed without PrePaid":   {onPrePaid, map[string]tftypes.Value{"switch": str("PostPaid"), "flag": boolean(false)}, path.Root("flag"), false, nil},
		"true refused without PrePaid":    {onPrePaid, map[string]tftypes.Value{"switch": str("PostPaid"), "flag": boolean(true)}, path.Root("flag"), true, []string{`"PostPaid"`, "(to true)"}},
		"zero allowed without PrePaid":    {onPrePaid, map[string]tftypes.Value{"count": num(0)}, path.Root("count"), false, nil},
		"zero price allowed":              {onPrePaid, map[string]tftypes.Value{"ratio": num(0)}, path.Root("ratio"), false, nil},
		"positive price refused":          {onPrePaid, map[string]tftypes.Value{"ratio": num(0.5)}, path.Root("ratio"), true, []string{"(to 0.5)"}},
		"positive count refused":          {onPrePaid, map[string]tftypes.Value{"switch": str("PostPaid"), "count": num(3)}, path.Root("count"), true, nil},
		"positive count with PrePaid":     {onPrePaid, map[string]tftypes.Value{"switch": str("PrePaid"), "count": num(3)}, path.Root("count"), false, nil},
		"NoSpot allowed with PrePaid":     {spotOnly, map[string]tftypes.Value{"switch": str("PrePaid"), "target": str("NoSpot")}, path.Root("target"), false, nil},
		"a spot refused with PrePaid":     {spotOnly, map[string]tftypes.Value{"switch": str("PrePaid"), "target": str("SpotAsPriceGo")}, path.Root("target"), true, nil},
		"Neutral does not alias its base": {OnlyWhen(path.MatchRoot("switch"), "PrePaid"), map[string]tftypes.Value{"flag": boolean(false)}, path.Root("flag"), true, nil},
	})
}

func TestUniqueAttribute(t *testing.T) {
	elem := types.ObjectType{AttrTypes: map[string]attr.Type{"name": types.StringType}}
	item := func(v types.String) attr.Value {
		return types.ObjectValueMust(elem.AttrTypes, map[string]attr.Value{"name": v})
	}
	v := UniqueAttribute("name")
	for name, tc := range map[string]struct {
		list    types.List
		wantErr bool
	}{
		"distinct":       {types.ListValueMust(elem, []attr.Value{item(types.StringValue("a")), item(types.StringValue("b"))}), false},
		"duplicate":      {types.ListValueMust(elem, []attr.Value{item(types.StringValue("a")), item(types.StringValue("a"))}), true},
		"unknown names":  {types.ListValueMust(elem, []attr.Value{item(types.StringUnknown()), item(types.StringUnknown())}), false},
		"null list":      {types.ListNull(elem), false},
		"empty list":     {types.ListValueMust(elem, nil), false},
		"null and value": {types.ListValueMust(elem, []attr.Value{item(types.StringNull()), item(types.StringNull())}), false},
	} {
		t.Run(name, func(t *testing.T) {
			resp := &validator.ListResponse{}
			v.ValidateList(t.Context(), validator.ListRequest{Path: path.Root("queues"), ConfigValue: tc.list}, resp)
			if resp.Diagnostics.HasError() != tc.wantErr {
				t.Fatalf("HasError() = %v, want %v: %v", resp.Diagnostics.HasError(), tc.wantErr, resp.Diagnostics)
			}
			if tc.wantErr && !strings.Contains(resp.Diagnostics[0].Detail(), `items 0 and 1 of queues have the same name "a"`) {
				t.Errorf("detail: %s", resp.Diagnostics[0].Detail())
			}
		})
	}
}

// The validator's set form, the one the schemas use (queues, shared storages and packages are sets): two items
// that differ elsewhere but share the key are refused.
func TestUniqueAttributeSet(t *testing.T) {
	elem := types.ObjectType{AttrTypes: map[string]attr.Type{"name": types.StringType, "max": types.Int64Type}}
	item := func(name string, maxCount int64) attr.Value {
		return types.ObjectValueMust(elem.AttrTypes, map[string]attr.Value{"name": types.StringValue(name), "max": types.Int64Value(maxCount)})
	}
	v := UniqueAttribute("name")
	for name, tc := range map[string]struct {
		set     types.Set
		wantErr bool
	}{
		"distinct":    {types.SetValueMust(elem, []attr.Value{item("a", 1), item("b", 1)}), false},
		"same name":   {types.SetValueMust(elem, []attr.Value{item("a", 1), item("a", 2)}), true},
		"null set":    {types.SetNull(elem), false},
		"unknown set": {types.SetUnknown(elem), false},
		"empty set":   {types.SetValueMust(elem, nil), false},
	} {
		t.Run(name, func(t *testing.T) {
			resp := &validator.SetResponse{}
			v.ValidateSet(t.Context(), validator.SetRequest{Path: path.Root("queues"), ConfigValue: tc.set}, resp)
			if resp.Diagnostics.HasError() != tc.wantErr {
				t.Fatalf("HasError() = %v, want %v: %v", resp.Diagnostics.HasError(), tc.wantErr, resp.Diagnostics)
			}
			if tc.wantErr && !strings.Contains(resp.Diagnostics[0].Detail(), `of queues have the same name "a"`) {
				t.Errorf("detail: %s", resp.Diagnostics[0].Detail())
			}
		})
	}
}

func TestEnglishChineseName(t *testing.T) {
	runString(t, EnglishChineseName(2, 128, "-_"), map[string]stringCase{
		"english":          {value: types.StringValue("hpc-Cluster_01")},
		"chinese":          {value: types.StringValue("高性能集群")},
		"cyrillic refused": {value: types.StringValue("кластер"), wantErr: true, contains: []string{"English letters, Chinese characters", `'к' at position 1`}},
		"greek refused":    {value: types.StringValue("hpcλ"), wantErr: true, contains: []string{`'λ' at position 4`}},
		"space refused":    {value: types.StringValue("a b"), wantErr: true, contains: []string{`' ' at position 2`}},
		"too short":        {value: types.StringValue("a"), wantErr: true, contains: []string{"1 characters long"}},
		"chinese counts 1": {value: types.StringValue(strings.Repeat("集", 128))},
		"too long":         {value: types.StringValue(strings.Repeat("集", 129)), wantErr: true, contains: []string{"129 characters long"}},
		"null":             {value: types.StringNull()},
		"unknown":          {value: types.StringUnknown()},
	})
}
