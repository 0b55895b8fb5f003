package validators

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// UniqueAttribute refuses a list of objects in which two items have the same known, non-null string value of
// attribute key: the key identifies an item (a queue by its name, a mount by its directory).
func UniqueAttribute(key string) validator.List { return uniqueAttributeValidator{key: key} }

type uniqueAttributeValidator struct{ key string }

func (v uniqueAttributeValidator) Description(context.Context) string {
	return fmt.Sprintf("no two items may have the same %s", v.key)
}

func (v uniqueAttributeValidator) MarkdownDescription(context.Context) string {
	return fmt.Sprintf("no two items may have the same `%s`", v.key)
}

func (v uniqueAttributeValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]int{}
	for i, e := range req.ConfigValue.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		s, ok := obj.Attributes()[v.key].(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if first, dup := seen[s.ValueString()]; dup {
			resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(i).AtName(v.key), "Duplicate "+v.key,
				fmt.Sprintf("Attribute %s: items %d and %d of %s have the same %s %s; each must be unique.",
					req.Path.AtListIndex(i).AtName(v.key), first, i, req.Path, v.key, strconv.Quote(truncate(s.ValueString(), 64))))
			continue
		}
		seen[s.ValueString()] = i
	}
}
