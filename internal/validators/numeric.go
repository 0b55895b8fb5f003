package validators

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// MultipleOf checks that an integer is a multiple of n (n > 0), such as disk sizes the API takes in steps of 10 GiB.
// It says nothing about range: combine it with int64validator.Between.
func MultipleOf(n int64) validator.Int64 { return multipleOfValidator{n: n} }

var _ validator.Int64 = multipleOfValidator{}

type multipleOfValidator struct{ n int64 }

func (v multipleOfValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be a multiple of %d", v.n)
}

func (v multipleOfValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v multipleOfValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if v.n <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid validator usage",
			fmt.Sprintf("MultipleOf(%d) on attribute %s: the divisor must be positive. This is a bug in the provider.", v.n, req.Path))
		return
	}
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	x := req.ConfigValue.ValueInt64()
	if x%v.n != 0 {
		lo := x - ((x%v.n)+v.n)%v.n
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
			fmt.Sprintf("Attribute %s %s, got %d (nearest allowed values: %d and %d).", req.Path, v.Description(ctx), x, lo, lo+v.n))
	}
}

// MaxDecimals checks that a number has at most n digits after the decimal point, such as prices the API takes
// with 3 decimals. The value is read in its shortest decimal form, so 0.1 has one decimal even though the float
// is not exactly 0.1.
func MaxDecimals(n int) validator.Float64 { return maxDecimalsValidator{n: n} }

var _ validator.Float64 = maxDecimalsValidator{}

type maxDecimalsValidator struct{ n int }

func (v maxDecimalsValidator) Description(context.Context) string {
	if v.n == 0 {
		return "value must be a whole number (no decimal places)"
	}
	return fmt.Sprintf("value must have at most %d decimal places", v.n)
}

func (v maxDecimalsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v maxDecimalsValidator) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	x := req.ConfigValue.ValueFloat64()
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if d := decimals(s); d > v.n {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value",
			fmt.Sprintf("Attribute %s %s, got %s (%d decimal places).", req.Path, v.Description(ctx), s, d))
	}
}

func decimals(s string) int {
	i := strings.IndexByte(s, '.')
	if i < 0 {
		return 0
	}
	return len(s) - i - 1
}
