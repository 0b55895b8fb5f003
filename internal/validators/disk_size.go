package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// DiskSizeRule is the size range in GiB of a disk category, for one performance level or for any level ("").
type DiskSizeRule struct {
	Category, Level string
	Min, Max        int64
}

// DiskSizeTable is the rules of a kind of disk. DefaultLevels gives, per category, the level that a null
// level means (for an ESSD the service default is PL1).
type DiskSizeTable struct {
	Rules         []DiskSizeRule
	DefaultLevels map[string]string
}

// Lookup finds the rule of a category and level.
func (t DiskSizeTable) Lookup(category, level string) (DiskSizeRule, bool) {
	if level == "" {
		level = t.DefaultLevels[category]
	}
	for _, r := range t.Rules {
		if r.Category == category && (r.Level == "" || r.Level == level) {
			return r, true
		}
	}
	return DiskSizeRule{}, false
}

// Markdown lists the table for a description: "`cloud` 20–500, `cloud_essd` PL0 1–2048, …".
func (t DiskSizeTable) Markdown() string {
	parts := make([]string, 0, len(t.Rules))
	for _, r := range t.Rules {
		name := "`" + r.Category + "`"
		if r.Level != "" {
			name += " " + r.Level
		}
		parts = append(parts, fmt.Sprintf("%s %d–%d", name, r.Min, r.Max))
	}
	return strings.Join(parts, ", ")
}

// DiskSize checks a disk size against the range of the sibling attributes `category` and `level`. Without a
// known category (or with one the table does not list) nothing is checked: the category's own validator speaks.
func DiskSize(t DiskSizeTable) validator.Int64 { return diskSizeValidator{table: t} }

type diskSizeValidator struct{ table DiskSizeTable }

func (v diskSizeValidator) Description(context.Context) string {
	return "size in GiB must be within the range of the disk's category and level: " + strings.ReplaceAll(v.table.Markdown(), "`", "")
}

func (v diskSizeValidator) MarkdownDescription(context.Context) string {
	return "size in GiB must be within the range of the disk's category and level: " + v.table.Markdown()
}

func (v diskSizeValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var category, level types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("category"), &category)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("level"), &level)...)
	if resp.Diagnostics.HasError() || category.IsNull() || category.IsUnknown() || level.IsUnknown() {
		return
	}
	rule, ok := v.table.Lookup(category.ValueString(), level.ValueString())
	if !ok {
		return
	}
	if size := req.ConfigValue.ValueInt64(); size < rule.Min || size > rule.Max {
		what := rule.Category
		if rule.Level != "" {
			what += " " + rule.Level
		} else if level.ValueString() != "" {
			what += " (any level)"
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid disk size",
			fmt.Sprintf("Attribute %s must be between %d and %d GiB for a %s disk, got %d.", req.Path, rule.Min, rule.Max, what, size))
	}
}
