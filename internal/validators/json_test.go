package validators

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestJSON(t *testing.T) {
	runString(t, JSON(), map[string]stringCase{
		"null":      {value: types.StringNull()},
		"unknown":   {value: types.StringUnknown()},
		"object":    {value: types.StringValue(`{"a":[1,2,{"b":null}]}`)},
		"array":     {value: types.StringValue(`[]`)},
		"scalar":    {value: types.StringValue(`"text"`)},
		"truncated": {value: types.StringValue(`{"a":`), wantErr: true, contains: []string{"valid JSON", `got "{\"a\":"`, "unexpected end"}},
		"empty":     {value: types.StringValue(""), wantErr: true, contains: []string{`got ""`}},
		"long value is shortened": {value: types.StringValue(strings.Repeat("x", 500)), wantErr: true,
			contains: []string{strings.Repeat("x", 200) + "…"}, absent: []string{strings.Repeat("x", 201)}},
	})
}

func TestEndpointURL(t *testing.T) {
	runString(t, EndpointURL(), map[string]stringCase{
		"null":       {value: types.StringNull()},
		"unknown":    {value: types.StringUnknown()},
		"https":      {value: types.StringValue("https://ehpc.cn-hangzhou.aliyuncs.com")},
		"emulator":   {value: types.StringValue("http://127.0.0.1:18080")},
		"slash":      {value: types.StringValue("https://cs.cn-beijing.aliyuncs.com/")},
		"no scheme":  {value: types.StringValue("ehpc.cn-hangzhou.aliyuncs.com"), wantErr: true, contains: []string{`got "ehpc.cn-hangzhou.aliyuncs.com"`}},
		"ftp":        {value: types.StringValue("ftp://example.com"), wantErr: true, contains: []string{"https://"}},
		"with path":  {value: types.StringValue("https://example.com/api"), wantErr: true, contains: []string{"without path"}},
		"with query": {value: types.StringValue("https://example.com?x=1"), wantErr: true},
		"no host":    {value: types.StringValue("https://"), wantErr: true, contains: []string{"no host"}},
		"password": {value: types.StringValue("https://user:hunter2pass@example.com"), wantErr: true,
			contains: []string{"without path, query or credentials", "user:xxxxx@"}, absent: []string{"hunter2pass"}},
	})
}

func TestTruncateCutsOnCharacterBoundaries(t *testing.T) {
	s := strings.Repeat("集", 129) // 3 bytes each
	got := truncate(s)
	if !utf8.ValidString(got) {
		t.Fatalf("truncate cut inside a UTF-8 sequence: %q", got)
	}
	if want := strings.Repeat("集", 66) + "…"; got != want {
		t.Fatalf("truncate = %q, want %q", got, want)
	}
	if got := truncate("short"); got != "short" {
		t.Fatalf("a short value changed: %q", got)
	}
}
