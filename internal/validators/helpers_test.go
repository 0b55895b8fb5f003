package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stringCase is one row of a table test for a validator.String: a nil value means unknown.
type stringCase struct {
	value    types.String
	wantErr  bool
	contains []string // substrings the error detail must contain
	absent   []string // substrings the error detail must not contain
}

var testPath = path.Root("attr")

func runString(t *testing.T, v validator.String, cases map[string]stringCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resp := &validator.StringResponse{}
			v.ValidateString(t.Context(), validator.StringRequest{Path: testPath, PathExpression: testPath.Expression(), ConfigValue: tc.value}, resp)
			checkDiags(t, resp.Diagnostics, tc.wantErr, tc.contains, tc.absent)
		})
	}
}

func checkDiags(t *testing.T, diags diag.Diagnostics, wantErr bool, contains, absent []string) {
	t.Helper()
	if got := diags.HasError(); got != wantErr {
		t.Fatalf("HasError() = %v, want %v; diagnostics: %v", got, wantErr, diags)
	}
	if !wantErr {
		return
	}
	if len(diags) != 1 {
		t.Errorf("got %d diagnostics, want exactly 1: %v", len(diags), diags)
	}
	d := diags[0]
	if pd, ok := d.(diag.DiagnosticWithPath); !ok || !pd.Path().Equal(testPath) {
		t.Errorf("diagnostic is not attached to %s: %v", testPath, d)
	}
	detail := d.Detail()
	if !strings.Contains(detail, testPath.String()) {
		t.Errorf("detail does not name the attribute %s: %s", testPath, detail)
	}
	for _, s := range contains {
		if !strings.Contains(detail, s) {
			t.Errorf("detail does not contain %q: %s", s, detail)
		}
	}
	for _, s := range absent {
		if strings.Contains(detail, s) {
			t.Errorf("detail contains %q, which it must not: %s", s, detail)
		}
	}
}

func TestDescriptions(t *testing.T) {
	ctx := t.Context()
	type described interface {
		Description(context.Context) string
		MarkdownDescription(context.Context) string
	}
	for name, tc := range map[string]struct {
		v    described
		want string
	}{
		"Password":     {Password(PasswordPolicy{MinLength: 8, MaxLength: 30, MinClasses: 3, Specials: "()!"}), "8 to 30 characters long, contain at least 3 of"},
		"MultipleOf":   {MultipleOf(10), "multiple of 10"},
		"MaxDecimals":  {MaxDecimals(3), "at most 3 decimal places"},
		"CIDR":         {CIDR(), "CIDR notation"},
		"TagKey":       {TagKey(), "1 to 128 characters"},
		"TagValue":     {TagValue(), "at most 128 characters"},
		"UnicodeName":  {UnicodeName(2, 64, "_-"), "2 to 64 characters"},
		"RequiredWhen": {RequiredWhen(path.MatchRelative().AtParent().AtName("auto_renew"), "true"), `required when auto_renew is "true"`},
		"OnlyWhen":     {OnlyWhen(path.MatchRoot("resource_type"), "", "Spot"), `may only be set when resource_type is one of not set or "Spot"`},
	} {
		t.Run(name, func(t *testing.T) {
			if d := tc.v.Description(ctx); !strings.Contains(d, tc.want) {
				t.Errorf("Description() = %q, want it to contain %q", d, tc.want)
			}
			if tc.v.MarkdownDescription(ctx) == "" {
				t.Error("MarkdownDescription() is empty")
			}
		})
	}
}
