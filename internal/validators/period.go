package validators

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// PeriodForUnit checks a subscription length against the values allowed for the unit a sibling attribute
// (unitAttribute, in the same object) names; a null unit means defaultUnit. Zero is accepted whatever the
// unit: services report it for nodes that are not subscriptions, and it means "no period" (whether a period
// is required is RequiredWhen's business). A unit outside allowed is left to the unit's own validator.
func PeriodForUnit(unitAttribute, defaultUnit string, allowed map[string][]int64) validator.Int64 {
	return periodValidator{unitAttribute: unitAttribute, defaultUnit: defaultUnit, allowed: allowed}
}

type periodValidator struct {
	unitAttribute, defaultUnit string
	allowed                    map[string][]int64
}

func (v periodValidator) units() []string {
	units := make([]string, 0, len(v.allowed))
	for u := range v.allowed {
		units = append(units, u)
	}
	slices.Sort(units)
	return units
}

func (v periodValidator) describe(quote func(string) string) string {
	parts := make([]string, 0, len(v.allowed))
	for _, u := range v.units() {
		when := fmt.Sprintf("when %s is %s", quote(v.unitAttribute), quote(u))
		if u == v.defaultUnit {
			when += " or not set"
		}
		parts = append(parts, fmt.Sprintf("one of %s %s", joinInt64s(v.allowed[u]), when))
	}
	return "value must be 0 (no period) or " + strings.Join(parts, ", ")
}

func (v periodValidator) Description(context.Context) string {
	return v.describe(func(s string) string { return s })
}

func (v periodValidator) MarkdownDescription(context.Context) string {
	return v.describe(func(s string) string { return "`" + s + "`" })
}

func (v periodValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueInt64() == 0 {
		return
	}
	unitPath := req.Path.ParentPath().AtName(v.unitAttribute)
	var unit types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, unitPath, &unit)...)
	if resp.Diagnostics.HasError() || unit.IsUnknown() {
		return
	}
	u := v.defaultUnit
	if !unit.IsNull() {
		u = unit.ValueString()
	}
	allowed, ok := v.allowed[u]
	if !ok || slices.Contains(allowed, req.ConfigValue.ValueInt64()) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid period",
		fmt.Sprintf("Attribute %s must be 0 or one of %s when %s is %s, got %d.",
			req.Path, joinInt64s(allowed), unitPath, QuoteCut(u, 64), req.ConfigValue.ValueInt64()))
}

func joinInt64s(v []int64) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(s, ", ")
}
