package core

import (
	"fmt"
	"strings"
)

// PasswordRule is the shape of the instance logon passwords the emulated APIs check: a length in characters
// and at least three of the four classes upper-case letters, lower-case letters, digits and the listed
// special characters, nothing else. Each product supplies its documented bounds and special set.
type PasswordRule struct {
	MinLength, MaxLength int
	Specials             string
}

// Problem returns what is wrong with pw, or "" when the rule accepts it. It never repeats the password.
func (p PasswordRule) Problem(pw string) string {
	n := len([]rune(pw))
	if n < p.MinLength || n > p.MaxLength {
		return fmt.Sprintf("must be %d to %d characters long (got %d)", p.MinLength, p.MaxLength, n)
	}
	var upper, lower, digit, special bool
	for _, r := range pw {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(p.Specials, r):
			special = true
		default:
			return "contains a character that is not a letter, a digit or one of " + p.Specials
		}
	}
	classes := 0
	for _, ok := range []bool{upper, lower, digit, special} {
		if ok {
			classes++
		}
	}
	if classes < 3 {
		return "must contain at least three of: upper-case letters, lower-case letters, digits, special characters"
	}
	return ""
}
