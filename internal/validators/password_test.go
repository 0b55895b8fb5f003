package validators

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestPassword(t *testing.T) {
	v := Password(PasswordPolicy{MinLength: 8, MaxLength: 30, MinClasses: 3, Specials: "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/"})
	runString(t, v, map[string]stringCase{
		"null":                {value: types.StringNull()},
		"unknown":             {value: types.StringUnknown()},
		"three classes":       {value: types.StringValue("Abcdefg1")},
		"four classes":        {value: types.StringValue("Abc123!@#xyz")},
		"upper lower special": {value: types.StringValue("Abcdefg!")},
		"max length":          {value: types.StringValue("Aa1" + strings.Repeat("x", 27))},
		"too short": {value: types.StringValue("Ab1!"), wantErr: true,
			contains: []string{"4 characters long (allowed: 8 to 30)"}, absent: []string{"Ab1!"}},
		"too long": {value: types.StringValue("Aa1" + strings.Repeat("x", 28)), wantErr: true,
			contains: []string{"31 characters long"}},
		"two classes": {value: types.StringValue("abcdefgh1"), wantErr: true,
			contains: []string{"2 character class(es) (lower-case letters, digits)", "at least 3", "add upper-case letters or special characters"},
			absent:   []string{"abcdefgh1"}},
		"one class": {value: types.StringValue("secretpassword"), wantErr: true,
			contains: []string{"1 character class(es)"}, absent: []string{"secretpassword"}},
		"disallowed space": {value: types.StringValue("Abc def12"), wantErr: true,
			contains: []string{"1 character(s) that are not"}, absent: []string{"Abc def12"}},
		"disallowed unicode": {value: types.StringValue("Abcdef12密码"), wantErr: true,
			contains: []string{"2 character(s) that are not"}, absent: []string{"密码"}},
		"empty": {value: types.StringValue(""), wantErr: true,
			contains: []string{"0 characters long", "0 character class(es) (none)"}},
	})
}
