package validators

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestMultipleOf(t *testing.T) {
	for name, tc := range map[string]struct {
		n        int64
		value    types.Int64
		wantErr  bool
		contains []string
	}{
		"null":              {n: 10, value: types.Int64Null()},
		"unknown":           {n: 10, value: types.Int64Unknown()},
		"zero":              {n: 10, value: types.Int64Value(0)},
		"multiple":          {n: 10, value: types.Int64Value(40)},
		"negative multiple": {n: 10, value: types.Int64Value(-20)},
		"not multiple": {n: 10, value: types.Int64Value(25), wantErr: true,
			contains: []string{"must be a multiple of 10", "got 25", "20 and 30"}},
		"negative not multiple": {n: 10, value: types.Int64Value(-5), wantErr: true,
			contains: []string{"got -5", "-10 and 0"}},
		"bad divisor": {n: 0, value: types.Int64Value(5), wantErr: true,
			contains: []string{"MultipleOf(0)", "bug in the provider"}},
	} {
		t.Run(name, func(t *testing.T) {
			resp := &validator.Int64Response{}
			MultipleOf(tc.n).ValidateInt64(t.Context(), validator.Int64Request{Path: testPath, PathExpression: testPath.Expression(), ConfigValue: tc.value}, resp)
			checkDiags(t, resp.Diagnostics, tc.wantErr, tc.contains, nil)
		})
	}
}

func TestMaxDecimals(t *testing.T) {
	for name, tc := range map[string]struct {
		n        int
		value    types.Float64
		wantErr  bool
		contains []string
	}{
		"null":           {n: 3, value: types.Float64Null()},
		"unknown":        {n: 3, value: types.Float64Unknown()},
		"integer":        {n: 3, value: types.Float64Value(2)},
		"one decimal":    {n: 3, value: types.Float64Value(0.1)},
		"three decimals": {n: 3, value: types.Float64Value(0.123)},
		"negative":       {n: 3, value: types.Float64Value(-1.5)},
		"large":          {n: 3, value: types.Float64Value(123456.789)},
		"four decimals": {n: 3, value: types.Float64Value(0.1234), wantErr: true,
			contains: []string{"at most 3 decimal places", "got 0.1234 (4 decimal places)"}},
		"whole number rule": {n: 0, value: types.Float64Value(1.5), wantErr: true,
			contains: []string{"whole number", "got 1.5"}},
		"whole number ok": {n: 0, value: types.Float64Value(7)},
	} {
		t.Run(name, func(t *testing.T) {
			resp := &validator.Float64Response{}
			MaxDecimals(tc.n).ValidateFloat64(t.Context(), validator.Float64Request{Path: testPath, PathExpression: testPath.Expression(), ConfigValue: tc.value}, resp)
			checkDiags(t, resp.Diagnostics, tc.wantErr, tc.contains, nil)
		})
	}
}
