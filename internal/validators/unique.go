package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// UniqueAttribute refuses a list or set of objects in which two items have the same known, non-null string
// value of attribute key: the key identifies an item (a queue by its name, a mount by its directory).
func UniqueAttribute(key string) UniqueAttributeValidator { return UniqueAttributeValidator{key: key} }

// UniqueAttributeValidator implements UniqueAttribute for lists and sets.
type UniqueAttributeValidator struct{ key string }

var (
	_ validator.List = UniqueAttributeValidator{}
	_ validator.Set  = UniqueAttributeValidator{}
)

func (v UniqueAttributeValidator) Description(context.Context) string {
	return fmt.Sprintf("no two items may have the same %s", v.key)
}

func (v UniqueAttributeValidator) MarkdownDescription(context.Context) string {
	return "no two items may have the same `" + v.key + "`"
}

func (v UniqueAttributeValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v.check(req.Path, req.ConfigValue.Elements(), &resp.Diagnostics)
}

func (v UniqueAttributeValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v.check(req.Path, req.ConfigValue.Elements(), &resp.Diagnostics)
}

func (v UniqueAttributeValidator) check(p path.Path, elems []attr.Value, diags *diag.Diagnostics) {
	seen := map[string]int{}
	for i, e := range elems {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		s, ok := obj.Attributes()[v.key].(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if first, dup := seen[s.ValueString()]; dup {
			diags.AddAttributeError(p, "Duplicate "+v.key,
				fmt.Sprintf("Attribute %s: items %d and %d of %s have the same %s %s; each must be unique.",
					p, first, i, p, v.key, QuoteCut(s.ValueString(), 64)))
			continue
		}
		seen[s.ValueString()] = i
	}
}
