package core

import (
	"strings"
	"testing"
)

func TestPasswordRule(t *testing.T) {
	rule := PasswordRule{MinLength: 8, MaxLength: 12, Specials: "!@"}
	cases := map[string]string{
		"Abcdefg1":      "",
		"abcdefg1!":     "",               // lower, digit, special
		"ABCDEFGH!":     "at least three", // two classes
		"Abc1!":         "8 to 12 characters long (got 5)",
		"Abcdefgh1!xyz": "got 13",
		"Abcdefg1#":     "one of !@",
		"Abcdefg1é":     "one of !@",
		"密码密码密码密码Ab1":   "one of !@", // counted in characters: 11, within the bounds
	}
	for pw, want := range cases {
		got := rule.Problem(pw)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("Problem(%q) = %q, want %q", pw, got, want)
		}
		if got != "" && strings.Contains(got, pw) {
			t.Errorf("Problem(%q) repeats the password: %q", pw, got)
		}
	}
}
