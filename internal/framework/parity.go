package framework

import (
	"context"
	"fmt"
	"math/big"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// SchemaModelParity checks that model (a pointer to a resource's tfsdk model) matches schema s at every
// level: it builds a state in which every attribute, nested ones included, holds a value, reads it into the
// model and writes the model back. A tfsdk tag missing, misspelt or left over after a schema change fails
// here, in a unit test, instead of at the first apply. Each resource's unit tests call it once.
func SchemaModelParity(ctx context.Context, s schema.Schema, model any) error {
	if reflect.TypeOf(model).Kind() != reflect.Pointer {
		return fmt.Errorf("model must be a pointer, got %T", model)
	}
	full := sampleValue(s.Type().TerraformType(ctx))
	state := tfsdk.State{Schema: s, Raw: full}
	if d := state.Get(ctx, model); d.HasError() {
		return fmt.Errorf("reading a full state into %T: %v", model, d)
	}
	back := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := back.Set(ctx, model); d.HasError() {
		return fmt.Errorf("writing %T back to a state: %v", model, d)
	}
	if !back.Raw.Equal(full) {
		diffs, _ := full.Diff(back.Raw)
		return fmt.Errorf("%T does not round-trip the schema: %d values differ (first at %v)", model, len(diffs), firstPath(diffs))
	}
	return nil
}

func firstPath(diffs []tftypes.ValueDiff) any {
	if len(diffs) == 0 {
		return nil
	}
	return diffs[0].Path
}

// sampleValue is a known value of type t, with one element in every collection.
func sampleValue(t tftypes.Type) tftypes.Value {
	switch tt := t.(type) {
	case tftypes.List:
		return tftypes.NewValue(t, []tftypes.Value{sampleValue(tt.ElementType)})
	case tftypes.Set:
		return tftypes.NewValue(t, []tftypes.Value{sampleValue(tt.ElementType)})
	case tftypes.Map:
		return tftypes.NewValue(t, map[string]tftypes.Value{"k": sampleValue(tt.ElementType)})
	case tftypes.Object:
		vals := make(map[string]tftypes.Value, len(tt.AttributeTypes))
		for name, at := range tt.AttributeTypes {
			vals[name] = sampleValue(at)
		}
		return tftypes.NewValue(t, vals)
	}
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, "x")
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, big.NewFloat(1))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, true)
	default:
		return tftypes.NewValue(t, nil)
	}
}
