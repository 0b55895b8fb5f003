package ehpc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

// packageVersionsFromState is the set-level form of UseStateForUnknown for additional_packages[*].version
// (see README.md, "Packages"): a package configured without a version is planned with the version the state
// has for a package of the same name, or unknown (the service picks it) for a new one. Set elements are
// identified by value, so the attribute-level UseStateForUnknown cannot find the prior element.
type packageVersionsFromState struct{}

func (packageVersionsFromState) Description(context.Context) string {
	return "An unconfigured package version keeps the version in the state for a package of the same name."
}

func (m packageVersionsFromState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (packageVersionsFromState) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if !known(req.PlanValue) || !known(req.ConfigValue) {
		return
	}
	config, diags := framework.ElementsOf[packageModel](ctx, req.ConfigValue)
	planned, d := framework.ElementsOf[packageModel](ctx, req.PlanValue)
	diags.Append(d...)
	state, d := framework.ElementsOf[packageModel](ctx, req.StateValue)
	diags.Append(d...)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	unconfigured := map[string]bool{}
	for _, c := range config {
		if known(c.Name) && c.Version.IsNull() {
			unconfigured[c.Name.ValueString()] = true
		}
	}
	stateVersion := map[string]types.String{}
	for _, s := range state {
		stateVersion[s.Name.ValueString()] = s.Version
	}
	changed := false
	for i, p := range planned {
		if !known(p.Name) || !unconfigured[p.Name.ValueString()] {
			continue
		}
		want := types.StringUnknown()
		if v, ok := stateVersion[p.Name.ValueString()]; ok {
			want = v
		}
		if !p.Version.Equal(want) {
			planned[i].Version, changed = want, true
		}
	}
	if !changed {
		return
	}
	out, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: packageTypes()}, planned)
	if resp.Diagnostics.Append(d...); !d.HasError() {
		resp.PlanValue = out
	}
}

// samePackage is whether installed satisfies want: the same name, and the same version unless want has none.
func samePackage(installed, want wirePackage) bool {
	return installed.Name == want.Name && (want.Version == "" || installed.Version == want.Version)
}

// packageVersionsUnknown is whether a planned package has an unknown version: one installed without a
// version, whose version only the service knows, so Create and Update read the packages back.
func packageVersionsUnknown(ctx context.Context, plan types.Set) bool {
	planned, _ := framework.ElementsOf[packageModel](ctx, plan)
	for _, p := range planned {
		if p.Version.IsUnknown() {
			return true
		}
	}
	return false
}
