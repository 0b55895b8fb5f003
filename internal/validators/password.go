package validators

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// PasswordPolicy is a vendor password rule: a length range, a minimum number of character classes out of
// upper-case letters, lower-case letters, digits and the specials listed in Specials, and no other characters.
type PasswordPolicy struct {
	MinLength, MaxLength int
	// MinClasses is how many of the four classes (upper, lower, digit, special) must appear.
	MinClasses int
	// Specials lists every special character the API accepts; any character outside the four classes is rejected.
	Specials string
}

// Password checks a string against a PasswordPolicy. Diagnostics never repeat the value or any of its characters:
// they state its length and which classes it lacks, so a mistyped secret does not end up in a CI log.
func Password(p PasswordPolicy) validator.String { return passwordValidator{policy: p} }

var _ validator.String = passwordValidator{}

type passwordValidator struct{ policy PasswordPolicy }

const (
	classUpper = iota
	classLower
	classDigit
	classSpecial
	classCount
)

var classNames = [classCount]string{"upper-case letters", "lower-case letters", "digits", "special characters"}

func (v passwordValidator) Description(context.Context) string {
	p := v.policy
	return fmt.Sprintf("value must be %d to %d characters long, contain at least %d of: upper-case letters, lower-case letters, digits, special characters (%s), and no other characters",
		p.MinLength, p.MaxLength, p.MinClasses, p.Specials)
}

func (v passwordValidator) MarkdownDescription(context.Context) string {
	p := v.policy
	return fmt.Sprintf("value must be %d to %d characters long, contain at least %d of: upper-case letters, lower-case letters, digits, special characters (%#q), and no other characters",
		p.MinLength, p.MaxLength, p.MinClasses, p.Specials)
}

func (v passwordValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	p := v.policy

	var problems []string
	n := utf8.RuneCountInString(s)
	if n < p.MinLength || n > p.MaxLength {
		problems = append(problems, fmt.Sprintf("the value is %d characters long (allowed: %d to %d)", n, p.MinLength, p.MaxLength))
	}

	var seen [classCount]bool
	others := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			seen[classUpper] = true
		case r >= 'a' && r <= 'z':
			seen[classLower] = true
		case r >= '0' && r <= '9':
			seen[classDigit] = true
		case strings.ContainsRune(p.Specials, r):
			seen[classSpecial] = true
		default:
			others++
		}
	}
	if others > 0 {
		problems = append(problems, fmt.Sprintf("the value contains %d character(s) that are not ASCII letters, digits or one of the specials %s", others, p.Specials))
	}

	var have, missing []string
	for c := range classCount {
		if seen[c] {
			have = append(have, classNames[c])
		} else {
			missing = append(missing, classNames[c])
		}
	}
	if len(have) < p.MinClasses {
		problems = append(problems, fmt.Sprintf("the value contains %d character class(es) (%s) where at least %d are required; add %s",
			len(have), orNone(have), p.MinClasses, strings.Join(missing, " or ")))
	}

	if len(problems) > 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid password",
			fmt.Sprintf("Attribute %s %s: %s.", req.Path, v.Description(ctx), strings.Join(problems, "; ")))
	}
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
