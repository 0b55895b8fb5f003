package validators

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The Alibaba Cloud tag rules shared by every product's tagging API. The documents state the prefixes and
// schemes in lower case without saying whether the check ignores case; the validator matches them exactly,
// so it never rejects a key the API would accept.
const (
	tagKeyMaxLength   = 128
	tagValueMaxLength = 128
)

var (
	tagKeyReservedPrefixes = []string{"aliyun", "acs:"}
	tagForbiddenSubstrings = []string{"http://", "https://"}
)

// TagKey checks an Alibaba Cloud tag key: 1-128 characters, not starting with `aliyun` or `acs:`, and not
// containing `http://` or `https://`.
func TagKey() validator.String { return tagValidator{key: true} }

// TagValue checks an Alibaba Cloud tag value: 0-128 characters, not containing `http://` or `https://`.
func TagValue() validator.String { return tagValidator{key: false} }

var _ validator.String = tagValidator{}

type tagValidator struct{ key bool }

func (v tagValidator) Description(context.Context) string {
	if v.key {
		return fmt.Sprintf("tag key must be 1 to %d characters long, must not start with %q or %q, and must not contain %q or %q",
			tagKeyMaxLength, tagKeyReservedPrefixes[0], tagKeyReservedPrefixes[1], tagForbiddenSubstrings[0], tagForbiddenSubstrings[1])
	}
	return fmt.Sprintf("tag value must be at most %d characters long and must not contain %q or %q",
		tagValueMaxLength, tagForbiddenSubstrings[0], tagForbiddenSubstrings[1])
}

func (v tagValidator) MarkdownDescription(context.Context) string {
	if v.key {
		return fmt.Sprintf("tag key must be 1 to %d characters long, must not start with `aliyun` or `acs:`, and must not contain `http://` or `https://`", tagKeyMaxLength)
	}
	return fmt.Sprintf("tag value must be at most %d characters long and must not contain `http://` or `https://`", tagValueMaxLength)
}

func (v tagValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()

	var problems []string
	n := utf8.RuneCountInString(s)
	minLen, maxLen := 0, tagValueMaxLength
	if v.key {
		minLen, maxLen = 1, tagKeyMaxLength
	}
	if n < minLen || n > maxLen {
		problems = append(problems, fmt.Sprintf("it is %d characters long", n))
	}
	if v.key {
		for _, p := range tagKeyReservedPrefixes {
			if strings.HasPrefix(s, p) {
				problems = append(problems, fmt.Sprintf("it starts with the reserved prefix %q", p))
			}
		}
	}
	for _, sub := range tagForbiddenSubstrings {
		if strings.Contains(s, sub) {
			problems = append(problems, fmt.Sprintf("it contains %q", sub))
		}
	}
	if len(problems) > 0 {
		title := "Invalid tag value"
		if v.key {
			title = "Invalid tag key"
		}
		resp.Diagnostics.AddAttributeError(req.Path, title,
			fmt.Sprintf("Attribute %s: %s, got %q: %s.", req.Path, v.Description(ctx), truncate(s), strings.Join(problems, "; ")))
	}
}
