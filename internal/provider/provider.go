// Package provider defines the aliyun provider: its configuration (credentials, region, endpoints, retry
// budget, rate limit) and the resources it serves.
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

// DefaultRegion matches the official alicloud provider's default, so modules written for it behave the same.
const DefaultRegion = "cn-beijing"

// PollInitialDelayEnv overrides the first status-poll delay (a Go duration). Meant for fast local emulators
// and tests; the default suits the real cloud.
const PollInitialDelayEnv = "ALIYUN_POLL_INITIAL_DELAY"

// Services are the products the provider serves: the service packages imported in services.go, each of
// which registers its descriptor. The endpoints block and its environment variables, the resources and the
// test harnesses' environment all derive from it.
var Services = service.Registered()

// EndpointEnv returns the environment variables that point every product at one base URL
// ("ALIBABA_CLOUD_ENDPOINT_EHPC=<url>", …), for harnesses that run the provider against an emulator.
func EndpointEnv(url string) []string {
	out := make([]string, 0, len(Services))
	for _, d := range Services {
		out = append(out, d.EndpointEnv()+"="+url)
	}
	return out
}

var _ provider.Provider = (*aliyunProvider)(nil)

// New returns a provider factory for providerserver.Serve and the acceptance tests.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &aliyunProvider{version: version} }
}

type aliyunProvider struct {
	version string
}

type providerModel struct {
	Region                types.String     `tfsdk:"region"`
	AccessKey             types.String     `tfsdk:"access_key"`
	SecretKey             types.String     `tfsdk:"secret_key"`
	SecurityToken         types.String     `tfsdk:"security_token"`
	Profile               types.String     `tfsdk:"profile"`
	SharedCredentialsFile types.String     `tfsdk:"shared_credentials_file"`
	EcsRoleName           types.String     `tfsdk:"ecs_role_name"`
	AssumeRole            *assumeRoleModel `tfsdk:"assume_role"`
	// Endpoints is the endpoints block: one string attribute per entry of Services, null when absent.
	Endpoints            types.Object  `tfsdk:"endpoints"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
}

type assumeRoleModel struct {
	RoleArn           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
	Policy            types.String `tfsdk:"policy"`
	ExternalID        types.String `tfsdk:"external_id"`
}

func (p *aliyunProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "aliyun"
	resp.Version = p.version
}

func (p *aliyunProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The aliyun provider manages Alibaba Cloud's HPC, batch and edge compute: E-HPC clusters and " +
			"their nodes, ACK managed edge cluster workers, and Batch Compute clusters.\n\n" +
			"Credentials are looked up in this order: `access_key`/`secret_key` (and `security_token`); `profile` or " +
			"`shared_credentials_file` (the aliyun CLI's `~/.aliyun/config.json`); `ecs_role_name`; otherwise the " +
			"SDK's default chain (environment, CLI profile, `~/.alibabacloud/credentials`, ECS instance role). " +
			"`assume_role` then exchanges those credentials for a role's.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Region of every resource, e.g. `cn-hangzhou`. Env: `ALICLOUD_REGION`, " +
					"`ALIBABA_CLOUD_REGION_ID`. Default `" + DefaultRegion + "`.",
				Validators: []validator.String{stringvalidator.RegexMatches(regionPattern, "must be a region id such as cn-hangzhou")},
			},
			"access_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Access key id. Env: `ALICLOUD_ACCESS_KEY`, `ALIBABA_CLOUD_ACCESS_KEY_ID`.",
			},
			"secret_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Access key secret. Env: `ALICLOUD_SECRET_KEY`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`.",
			},
			"security_token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "STS security token for temporary credentials. Env: `ALICLOUD_SECURITY_TOKEN`, " +
					"`ALIBABA_CLOUD_SECURITY_TOKEN`.",
			},
			"profile": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Profile of the aliyun CLI configuration file to use. Env: `ALICLOUD_PROFILE`, " +
					"`ALIBABA_CLOUD_PROFILE`. Default: the file's current profile.",
			},
			"shared_credentials_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of the aliyun CLI configuration file. Env: `ALICLOUD_SHARED_CREDENTIALS_FILE`. " +
					"Default `~/.aliyun/config.json`.",
			},
			"ecs_role_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "RAM role attached to the ECS instance Terraform runs on; credentials come from " +
					"the instance metadata service. Env: `ALICLOUD_ECS_ROLE_NAME`.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Retries of a throttled or transiently failed API call, with exponential "+
					"backoff and jitter, within the resource's timeout. Default %d.", client.DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, 100)},
			},
			"max_requests_per_second": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Client-side rate limit shared by all resources of this provider "+
					"instance, in requests per second; 0 disables it. Default %g.", client.DefaultRateLimit),
				Validators: []validator.Float64{float64validator.Between(0, 10000)},
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				MarkdownDescription: "Assume a RAM role with STS AssumeRole, using the credentials found as above.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "ARN of the role, `acs:ram::<account>:role/<name>`. Env: `ALICLOUD_ASSUME_ROLE_ARN`. Required in the block.",
						Validators:          []validator.String{stringvalidator.RegexMatches(roleArnPattern, "must be a RAM role ARN (acs:ram::<account id>:role/<role name>)")},
					},
					"session_name": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Role session name, 2–64 characters of letters, digits, `.`, `@`, `-`, `_`. Env: `ALICLOUD_ASSUME_ROLE_SESSION_NAME`. Default `terraform`.",
						Validators:          []validator.String{stringvalidator.RegexMatches(sessionNamePattern, "must be 2-64 characters of letters, digits, '.', '@', '-', '_'")},
					},
					"session_expiration": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Session duration in seconds, 900–3600. Env: `ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION`. Default 3600.",
						Validators:          []validator.Int64{int64validator.Between(900, 3600)},
					},
					"policy": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "A RAM policy (JSON) that further restricts the assumed role's permissions.",
						Validators:          []validator.String{validators.JSON()},
					},
					"external_id": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "External id the role's trust policy requires.",
					},
				},
			},
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "Full endpoint URLs overriding the regional defaults, e.g. a VPC endpoint or the local emulator (`http://127.0.0.1:8099`).",
				Attributes:          endpointAttributes(),
			},
		},
	}
}

// endpointAttributes are the endpoints block's attributes, one per service.
func endpointAttributes() map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(Services))
	for _, d := range Services {
		out[d.Name()] = endpointAttribute(d.DisplayName, d.EndpointEnv(), d.DefaultEndpointDoc())
	}
	return out
}

func endpointAttribute(product, env, def string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("%s endpoint, `https://host[:port]` (or `http://` for a local emulator). Env: %#q. Default %#q.",
			product, env, def),
		Validators: []validator.String{validators.EndpointURL()},
	}
}

func (p *aliyunProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, diags := resolveSettings(cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, err := client.New(settings.clientConfig(p.version))
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the aliyun provider", err.Error())
		return
	}
	fields := map[string]any{"region": settings.region, "credentials": settings.credentialSource}
	for _, d := range Services {
		fields["endpoint_"+d.Name()] = settings.endpoints[d.Client.Product]
	}
	tflog.Info(ctx, "aliyun provider configured", fields)
	resp.ResourceData = c
	resp.DataSourceData = c
}

func (p *aliyunProvider) Resources(_ context.Context) []func() resource.Resource {
	var all []func() resource.Resource
	for _, d := range Services {
		all = append(all, d.Resources()...)
	}
	return all
}

func (p *aliyunProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return nil
}

// pollInitialDelay reads PollInitialDelayEnv; 0 means the client's default.
func pollInitialDelay() (time.Duration, error) {
	v := os.Getenv(PollInitialDelayEnv)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q is not a positive Go duration such as 200ms", PollInitialDelayEnv, v)
	}
	return d, nil
}
