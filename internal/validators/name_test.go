package validators

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestUnicodeName(t *testing.T) {
	runString(t, UnicodeName(2, 10, "_-."), map[string]stringCase{
		"null":           {value: types.StringNull()},
		"unknown":        {value: types.StringUnknown()},
		"ascii":          {value: types.StringValue("hpc-01")},
		"chinese":        {value: types.StringValue("高性能计算集群")},
		"mixed scripts":  {value: types.StringValue("集群_Ωmega")},
		"devanagari":     {value: types.StringValue("क्लस्टर")},
		"extra runes":    {value: types.StringValue("a.b_c-d")},
		"chinese counts": {value: types.StringValue(strings.Repeat("群", 10))},
		"too short":      {value: types.StringValue("a"), wantErr: true, contains: []string{"2 to 10 characters", "1 characters long", `got "a"`}},
		"too long chinese": {value: types.StringValue(strings.Repeat("群", 11)), wantErr: true,
			contains: []string{"11 characters long"}},
		"space": {value: types.StringValue("my cluster"), wantErr: true,
			contains: []string{`' ' at position 3`, `got "my cluster"`}},
		"slash and at": {value: types.StringValue("a/b@c"), wantErr: true,
			contains: []string{`'/' at position 2`, `'@' at position 4`}},
		"many bad":     {value: types.StringValue("a!!!!!!!"), wantErr: true, contains: []string{"…"}},
		"invalid utf8": {value: types.StringValue("ab\xff"), wantErr: true, contains: []string{"not valid UTF-8"}},
	})
	runString(t, UnicodeName(1, 5, ""), map[string]stringCase{
		"no extras allowed": {value: types.StringValue("a_b"), wantErr: true, contains: []string{`'_' at position 2`}},
	})
}
