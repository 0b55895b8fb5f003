package validators

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// EnglishChineseName checks a display name made only of English letters (a–z, A–Z), Chinese characters, the
// digits 0–9 and the runes listed in extra, between min and max characters long (a Chinese character counts
// as one). Unlike UnicodeName it refuses the letters of other scripts (Cyrillic, Greek, …), for APIs that
// document "English, Chinese and digits".
func EnglishChineseName(minLen, maxLen int, extra string) validator.String {
	return englishChineseNameValidator{min: minLen, max: maxLen, extra: extra}
}

type englishChineseNameValidator struct {
	min, max int
	extra    string
}

func (v englishChineseNameValidator) describe(quote string) string {
	s := fmt.Sprintf("value must be %d to %d characters long and contain only English letters, Chinese characters, digits", v.min, v.max)
	if v.extra != "" {
		runes := make([]string, 0, len(v.extra))
		for _, r := range v.extra {
			runes = append(runes, quote+string(r)+quote)
		}
		s += " and " + strings.Join(runes, ", ")
	}
	return s
}

func (v englishChineseNameValidator) Description(context.Context) string { return v.describe("'") }

func (v englishChineseNameValidator) MarkdownDescription(context.Context) string {
	return v.describe("`")
}

func (v englishChineseNameValidator) allowed(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
		unicode.Is(unicode.Han, r) || strings.ContainsRune(v.extra, r)
}

func (v englishChineseNameValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	validateName(req, resp, v.Description(ctx), v.min, v.max, v.allowed)
}
