package validators

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// EndpointURL checks that a string is a full endpoint URL: http(s)://host[:port], nothing more.
func EndpointURL() validator.String { return endpointValidator{} }

type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "value must be a URL of the form https://host[:port] (http:// for a local emulator), without path or query"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v endpointValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := client.ParseEndpoint(req.ConfigValue.ValueString()); err != nil {
		// A password written into the URL must not reach the terminal or the logs.
		shown := req.ConfigValue.ValueString()
		if u, perr := url.Parse(shown); perr == nil {
			shown = u.Redacted()
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint URL",
			fmt.Sprintf("Attribute %s %s, got %q: %v", req.Path, v.Description(ctx), shown, err))
	}
}
