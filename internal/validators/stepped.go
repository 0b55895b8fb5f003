package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// SteppedRange checks that an integer is a multiple of step between lo and hi (inclusive), or one of the extra
// values, such as disk sizes in steps of 10 GiB where 0 means "no disk". It is one rule with one error naming
// the whole rule and the value ("must be 0 or a multiple of 10 between 20 and 200, got 21"), where a
// combination of OneOf, Between and MultipleOf would report two or three partial ones.
func SteppedRange(lo, hi, step int64, extra ...int64) validator.Int64 {
	return steppedRangeValidator{lo: lo, hi: hi, step: step, extra: extra}
}

var _ validator.Int64 = steppedRangeValidator{}

type steppedRangeValidator struct {
	lo, hi, step int64
	extra        []int64
}

func (v steppedRangeValidator) rule() string {
	var b strings.Builder
	for _, x := range v.extra {
		fmt.Fprintf(&b, "%d or ", x)
	}
	if v.step == 1 {
		fmt.Fprintf(&b, "between %d and %d", v.lo, v.hi)
	} else {
		fmt.Fprintf(&b, "a multiple of %d between %d and %d", v.step, v.lo, v.hi)
	}
	return b.String()
}

func (v steppedRangeValidator) Description(context.Context) string {
	return "value must be " + v.rule()
}

func (v steppedRangeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v steppedRangeValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if v.step <= 0 || v.lo > v.hi {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid validator usage",
			fmt.Sprintf("SteppedRange(%d, %d, %d) on attribute %s: the step must be positive and the range not empty. This is a bug in the provider.",
				v.lo, v.hi, v.step, req.Path))
		return
	}
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	x := req.ConfigValue.ValueInt64()
	for _, e := range v.extra {
		if x == e {
			return
		}
	}
	if x >= v.lo && x <= v.hi && x%v.step == 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
		fmt.Sprintf("Attribute %s must be %s, got %d.", req.Path, v.rule(), x))
}
