package validators

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// int64Case is one row of a table test for a validator.Int64.
type int64Case struct {
	value    types.Int64
	wantErr  bool
	contains []string
	absent   []string
}

func runInt64(t *testing.T, v validator.Int64, cases map[string]int64Case) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resp := &validator.Int64Response{}
			v.ValidateInt64(t.Context(), validator.Int64Request{Path: testPath, PathExpression: testPath.Expression(), ConfigValue: tc.value}, resp)
			checkDiags(t, resp.Diagnostics, tc.wantErr, tc.contains, tc.absent)
		})
	}
}

func TestSteppedRange(t *testing.T) {
	dataDisk := SteppedRange(20, 200, 10, 0)
	const dataRule = "must be 0 or a multiple of 10 between 20 and 200"
	runInt64(t, dataDisk, map[string]int64Case{
		"zero":           {value: types.Int64Value(0)},
		"low end":        {value: types.Int64Value(20)},
		"high end":       {value: types.Int64Value(200)},
		"inside":         {value: types.Int64Value(150)},
		"null":           {value: types.Int64Null()},
		"unknown":        {value: types.Int64Unknown()},
		"not a multiple": {value: types.Int64Value(21), wantErr: true, contains: []string{dataRule, "got 21"}, absent: []string{"one of"}},
		"below":          {value: types.Int64Value(10), wantErr: true, contains: []string{dataRule, "got 10"}},
		"above":          {value: types.Int64Value(210), wantErr: true, contains: []string{dataRule, "got 210"}},
		"negative":       {value: types.Int64Value(-10), wantErr: true, contains: []string{dataRule, "got -10"}},
	})
	const sysRule = "must be a multiple of 10 between 20 and 100"
	runInt64(t, SteppedRange(20, 100, 10), map[string]int64Case{
		"inside":   {value: types.Int64Value(40)},
		"zero":     {value: types.Int64Value(0), wantErr: true, contains: []string{sysRule, "got 0"}},
		"odd":      {value: types.Int64Value(25), wantErr: true, contains: []string{sysRule, "got 25"}},
		"too high": {value: types.Int64Value(110), wantErr: true, contains: []string{sysRule, "got 110"}},
	})
	runInt64(t, SteppedRange(1, 12, 1), map[string]int64Case{
		"inside":  {value: types.Int64Value(12)},
		"outside": {value: types.Int64Value(13), wantErr: true, contains: []string{"must be between 1 and 12, got 13"}, absent: []string{"multiple"}},
	})
}

func TestSteppedRangeMisuse(t *testing.T) {
	for name, v := range map[string]validator.Int64{"zero step": SteppedRange(0, 10, 0), "empty range": SteppedRange(10, 0, 1)} {
		t.Run(name, func(t *testing.T) {
			resp := &validator.Int64Response{}
			v.ValidateInt64(t.Context(), validator.Int64Request{Path: testPath, ConfigValue: types.Int64Value(5)}, resp)
			if !resp.Diagnostics.HasError() {
				t.Fatal("a misused validator must report a provider bug")
			}
		})
	}
}
