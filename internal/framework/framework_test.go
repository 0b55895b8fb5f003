package framework

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }

func TestReplaceUnlessUnread(t *testing.T) {
	ctx := context.Background()
	objType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String}}
	present := tfsdk.State{Raw: tftypes.NewValue(objType, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, "x")})}
	absent := tfsdk.State{Raw: tftypes.NewValue(objType, nil)}
	planPresent := tfsdk.Plan{Raw: present.Raw}
	planAbsent := tfsdk.Plan{Raw: absent.Raw}
	cases := map[string]struct {
		state        tfsdk.State
		plan         tfsdk.Plan
		stateV, plnV attr.Value
		unread       bool
		want         bool
	}{
		"create":                      {absent, planPresent, types.StringNull(), types.StringValue("a"), false, false},
		"destroy":                     {present, planAbsent, types.StringValue("a"), types.StringNull(), false, false},
		"no change":                   {present, planPresent, types.StringValue("a"), types.StringValue("a"), false, false},
		"change":                      {present, planPresent, types.StringValue("a"), types.StringValue("b"), false, true},
		"set after create":            {present, planPresent, types.StringNull(), types.StringValue("b"), false, true},
		"unknown plan":                {present, planPresent, types.StringValue("a"), types.StringUnknown(), false, true},
		"recorded after import":       {present, planPresent, types.StringNull(), types.StringValue("b"), true, false},
		"read value changed after im": {present, planPresent, types.StringValue("a"), types.StringValue("b"), true, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := fakePrivate{}
			if tc.unread {
				p[PrivateUnreadKey] = []byte("true")
			}
			got := ReplaceUnlessUnreadModifier{}.decide(ctx, tc.state, tc.plan, tc.stateV, tc.plnV, p)
			if got != tc.want {
				t.Fatalf("requires replace = %v, want %v", got, tc.want)
			}
		})
	}
	// Every attribute type takes the same modifier.
	_ = []planmodifier.Int64{ReplaceUnlessUnread()}
	_ = []planmodifier.Object{ReplaceUnlessUnread()}
}

func TestRemoveNotFound(t *testing.T) {
	ctx := context.Background()
	s := schema.Schema{Attributes: map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}}
	raw := tftypes.NewValue(s.Type().TerraformType(ctx), map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "c-1")})
	resp := &resource.ReadResponse{State: tfsdk.State{Schema: s, Raw: raw}}

	if RemoveNotFound(ctx, errors.New("boom"), resp) || resp.State.Raw.IsNull() {
		t.Fatal("another error removed the resource")
	}
	err := client.NewNotFound("E-HPC cluster", "c-1", errors.New("ClusterNotFound"))
	if !RemoveNotFound(ctx, err, resp) {
		t.Fatal("a not-found error was not handled")
	}
	if !resp.State.Raw.IsNull() {
		t.Fatal("the resource was not removed from the state")
	}
	if len(resp.Diagnostics) != 1 || resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Summary(), "E-HPC cluster c-1 no longer exists") {
		t.Fatalf("want one warning naming the object, got %v", resp.Diagnostics)
	}
}

func TestConversions(t *testing.T) {
	if got := ListToStrings(types.ListNull(types.StringType)); got != nil {
		t.Errorf("null list: %v", got)
	}
	l := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringUnknown(), types.StringValue("b")})
	if got := ListToStrings(l); strings.Join(got, ",") != "a,b" {
		t.Errorf("list: %v", got)
	}
	if got := SetToStrings(StringsToSet([]string{"x"})); len(got) != 1 || got[0] != "x" {
		t.Errorf("set round trip: %v", got)
	}
	if got := MapToStrings(StringsToMap(map[string]string{"k": "v"})); got["k"] != "v" || len(got) != 1 {
		t.Errorf("map round trip: %v", got)
	}
	if l := StringsToList(nil); l.IsNull() || len(l.Elements()) != 0 {
		t.Errorf("no strings: want an empty list, got %v", l)
	}
}

type parityNested struct {
	B types.Int64 `tfsdk:"b"`
}

type parityModel struct {
	A types.String  `tfsdk:"a"`
	N *parityNested `tfsdk:"n"`
	L types.List    `tfsdk:"l"`
}

type parityModelMissing struct {
	A types.String  `tfsdk:"a"`
	N *parityNested `tfsdk:"n"`
}

type parityModelTypo struct {
	A types.String `tfsdk:"a"`
	N *struct {
		B types.Int64 `tfsdk:"bb"`
	} `tfsdk:"n"`
	L types.List `tfsdk:"l"`
}

func TestSchemaModelParity(t *testing.T) {
	ctx := context.Background()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"a": schema.StringAttribute{Optional: true},
		"n": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"b": schema.Int64Attribute{Optional: true}}},
		"l": schema.ListAttribute{Optional: true, ElementType: types.StringType},
	}}
	if err := SchemaModelParity(ctx, s, &parityModel{}); err != nil {
		t.Fatalf("matching model: %v", err)
	}
	if err := SchemaModelParity(ctx, s, &parityModelMissing{}); err == nil {
		t.Fatal("a model without an attribute passed")
	}
	if err := SchemaModelParity(ctx, s, &parityModelTypo{}); err == nil {
		t.Fatal("a nested tag typo passed")
	}
}

func TestElementsOf(t *testing.T) {
	ctx := context.Background()
	objType := types.ObjectType{AttrTypes: map[string]attr.Type{"b": types.Int64Type}}
	l := types.ListValueMust(objType, []attr.Value{types.ObjectValueMust(objType.AttrTypes, map[string]attr.Value{"b": types.Int64Value(7)})})
	got, d := ElementsOf[parityNested](ctx, l)
	if d.HasError() || len(got) != 1 || got[0].B.ValueInt64() != 7 {
		t.Fatalf("ElementsOf = %+v, %v", got, d)
	}
	if got, d := ElementsOf[parityNested](ctx, types.SetUnknown(objType)); got != nil || d.HasError() {
		t.Fatalf("unknown set: %+v, %v", got, d)
	}
	if _, d := ElementsOf[parityModel](ctx, l); !d.HasError() {
		t.Fatal("a model that does not match the elements decoded without error")
	}
}
