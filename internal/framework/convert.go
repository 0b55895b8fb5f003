package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The one set of conversions between framework collections of strings and Go values. A null or unknown
// collection converts to nil; unknown or null elements are skipped (plan-time code sees unknowns, apply-time
// code never does).

// ListToStrings returns the known elements of a list of strings.
func ListToStrings(l types.List) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	return elemsToStrings(l.Elements())
}

// SetToStrings returns the known elements of a set of strings.
func SetToStrings(s types.Set) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	return elemsToStrings(s.Elements())
}

// MapToStrings returns the known entries of a map of strings.
func MapToStrings(m types.Map) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := make(map[string]string, len(m.Elements()))
	for k, v := range m.Elements() {
		if s, ok := v.(basetypes.StringValue); ok && !s.IsNull() && !s.IsUnknown() {
			out[k] = s.ValueString()
		}
	}
	return out
}

// StringsToList is a list of strings, empty (not null) for no elements.
func StringsToList(ss []string) types.List {
	return types.ListValueMust(types.StringType, stringValues(ss))
}

// StringsToSet is a set of strings, empty (not null) for no elements.
func StringsToSet(ss []string) types.Set {
	return types.SetValueMust(types.StringType, stringValues(ss))
}

// StringsToMap is a map of strings, empty (not null) for no entries.
func StringsToMap(m map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

func elemsToStrings(elems []attr.Value) []string {
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		if s, ok := e.(basetypes.StringValue); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

func stringValues(ss []string) []attr.Value {
	out := make([]attr.Value, len(ss))
	for i, s := range ss {
		out[i] = types.StringValue(s)
	}
	return out
}

// collection is a list or a set value.
type collection interface {
	attr.Value
	ElementsAs(ctx context.Context, target any, allowUnhandled bool) diag.Diagnostics
}

// ElementsOf decodes the elements of a list or set of objects into models; a null or unknown collection
// has none.
func ElementsOf[T any](ctx context.Context, c collection) ([]T, diag.Diagnostics) {
	if c == nil || c.IsNull() || c.IsUnknown() {
		return nil, nil
	}
	var out []T
	d := c.ElementsAs(ctx, &out, false)
	return out, d
}
