package validators

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// JSON checks that a string is a valid JSON document.
func JSON() validator.String { return jsonValidator{} }

type jsonValidator struct{}

func (jsonValidator) Description(context.Context) string { return "value must be valid JSON" }

func (v jsonValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v jsonValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if !json.Valid([]byte(s)) {
		var probe any
		err := json.Unmarshal([]byte(s), &probe)
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON",
			fmt.Sprintf("Attribute %s %s, got %q: %v", req.Path, v.Description(ctx), truncate(s), err))
	}
}

// quotedValueLimit is how many bytes of a value an error quotes.
const quotedValueLimit = 200

// truncate shortens s to at most quotedValueLimit bytes for quoting in an error.
func truncate(s string) string { return truncateTo(s, quotedValueLimit) }

// truncateTo shortens s to at most n bytes, cutting on a character boundary (never inside a UTF-8 sequence,
// which would print as raw bytes) and marking the cut with an ellipsis.
func truncateTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
