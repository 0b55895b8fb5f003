package validators

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// UnicodeName checks a display name made of letters of any script (Chinese included), decimal digits and the
// runes listed in extra, between min and max characters long. Length counts characters, not bytes, because the
// APIs count a Chinese character as one. Combining marks are letters' companions in scripts such as Devanagari,
// so they are accepted too.
func UnicodeName(minLen, maxLen int, extra string) validator.String {
	return unicodeNameValidator{min: minLen, max: maxLen, extra: extra}
}

var _ validator.String = unicodeNameValidator{}

type unicodeNameValidator struct {
	min, max int
	extra    string
}

func (v unicodeNameValidator) Description(context.Context) string {
	s := fmt.Sprintf("value must be %d to %d characters long and contain only letters (any script, Chinese included), digits", v.min, v.max)
	if v.extra != "" {
		s += fmt.Sprintf(" and the characters %q", v.extra)
	}
	return s
}

func (v unicodeNameValidator) MarkdownDescription(context.Context) string {
	s := fmt.Sprintf("value must be %d to %d characters long and contain only letters (any script, Chinese included), digits", v.min, v.max)
	if v.extra != "" {
		s += fmt.Sprintf(" and the characters %#q", v.extra)
	}
	return s
}

func (v unicodeNameValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	validateName(req, resp, v.Description(ctx), v.min, v.max, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || strings.ContainsRune(v.extra, r)
	})
}

// validateName is the check both name validators make: the length in characters, then the characters
// allowed refuses (the first five, with their positions). desc is the validator's Description.
func validateName(req validator.StringRequest, resp *validator.StringResponse, desc string, minLen, maxLen int, allowed func(rune) bool) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()

	var problems []string
	if !utf8.ValidString(s) {
		problems = append(problems, "it is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n < minLen || n > maxLen {
		problems = append(problems, fmt.Sprintf("it is %d characters long", n))
	}
	var bad []string
	pos := 0
	for _, r := range s {
		pos++
		if allowed(r) {
			continue
		}
		if len(bad) == 5 {
			bad = append(bad, "…")
			break
		}
		bad = append(bad, fmt.Sprintf("%q at position %d", r, pos))
	}
	if len(bad) > 0 {
		problems = append(problems, "it contains "+strings.Join(bad, ", "))
	}
	if len(problems) > 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid name",
			fmt.Sprintf("Attribute %s %s, got %q: %s.", req.Path, desc, truncate(s), strings.Join(problems, "; ")))
	}
}
