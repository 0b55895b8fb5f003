package validators

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// CIDR checks that a string is an IPv4 network in CIDR notation whose address is the network address
// (10.0.0.0/8, not 10.0.0.1/8): the VPC APIs reject host bits, and a plan-time error is cheaper than a failed apply.
func CIDR() validator.String { return cidrValidator{} }

var _ validator.String = cidrValidator{}

type cidrValidator struct{}

func (cidrValidator) Description(context.Context) string {
	return "value must be an IPv4 network in CIDR notation, such as 10.0.0.0/8 or 192.168.0.0/16, with no host bits set"
}

func (v cidrValidator) MarkdownDescription(context.Context) string {
	return "value must be an IPv4 network in CIDR notation, such as `10.0.0.0/8` or `192.168.0.0/16`, with no host bits set"
}

func (v cidrValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	var problem string
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil:
		problem = err.Error()
	case !p.Addr().Is4():
		problem = "not an IPv4 network"
	case p.Masked() != p:
		problem = fmt.Sprintf("host bits are set; the network address is %s", p.Masked())
	}
	if problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CIDR block",
			fmt.Sprintf("Attribute %s %s, got %q: %s.", req.Path, v.Description(ctx), s, problem))
	}
}
