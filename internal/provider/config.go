package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

var (
	regionPattern      = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+)+$`)
	roleArnPattern     = regexp.MustCompile(`^acs:ram::\d+:role/[A-Za-z0-9._@/-]+$`)
	sessionNamePattern = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)
)

// settings is the provider configuration after environment variables and defaults are applied.
type settings struct {
	region           string
	credentials      providers.CredentialsProvider
	credentialSource string
	endpoints        map[client.Product]string
	maxRetries       int
	rateLimit        float64
	pollInitialDelay time.Duration // 0 = the client's default
}

func (s settings) clientConfig(version string) client.Config {
	cfg := client.Config{
		Region:      s.region,
		Credentials: s.credentials,
		Endpoints:   s.endpoints,
		MaxRetries:  s.maxRetries,
		RateLimit:   s.rateLimit,
		UserAgent:   "terraform-provider-aliyun/" + version,
	}
	cfg.Poll.InitialDelay = s.pollInitialDelay
	return cfg
}

// stringSetting returns the configured value, else the first non-empty environment variable.
func stringSetting(v types.String, envs ...string) string {
	if !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" {
		return v.ValueString()
	}
	for _, e := range envs {
		if s := os.Getenv(e); s != "" {
			return s
		}
	}
	return ""
}

// resolveSettings applies environment variables and defaults, and checks what can be checked without a
// network call, naming the attribute and its environment variables in every error.
func resolveSettings(cfg providerModel) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	// An unknown value would otherwise read as "not set" and silently select another credential source or the
	// public endpoint.
	known := map[string]types.String{
		"region": cfg.Region, "access_key": cfg.AccessKey, "secret_key": cfg.SecretKey,
		"security_token": cfg.SecurityToken, "profile": cfg.Profile, "shared_credentials_file": cfg.SharedCredentialsFile,
		"ecs_role_name": cfg.EcsRoleName,
	}
	for name, v := range endpointValues(cfg.Endpoints) {
		known["endpoints."+name] = v
	}
	if a := cfg.AssumeRole; a != nil {
		known["assume_role.role_arn"] = a.RoleArn
	}
	for name, v := range known {
		if v.IsUnknown() {
			p := path.Empty()
			for _, step := range strings.Split(name, ".") {
				p = p.AtName(step)
			}
			diags.AddAttributeError(p, "Provider attribute not yet known",
				fmt.Sprintf("%s depends on a value known only after apply; the provider must be configured before resources are planned. "+
					"Use a value known at plan time or the environment variable.", name))
		}
	}
	if diags.HasError() {
		return settings{}, diags
	}

	s := settings{
		region:     stringSetting(cfg.Region, "ALICLOUD_REGION", "ALIBABA_CLOUD_REGION_ID"),
		maxRetries: client.DefaultMaxRetries,
		rateLimit:  client.DefaultRateLimit,
		endpoints:  map[client.Product]string{},
	}
	if s.region == "" {
		s.region = DefaultRegion
	}
	if !regionPattern.MatchString(s.region) {
		diags.AddAttributeError(path.Root("region"), "Invalid region",
			fmt.Sprintf("region (or ALICLOUD_REGION / ALIBABA_CLOUD_REGION_ID) must be a region id such as cn-hangzhou, got %q.", s.region))
	}
	if !cfg.MaxRetries.IsNull() && !cfg.MaxRetries.IsUnknown() {
		s.maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.MaxRequestsPerSecond.IsNull() && !cfg.MaxRequestsPerSecond.IsUnknown() {
		s.rateLimit = cfg.MaxRequestsPerSecond.ValueFloat64()
	}
	diags.Append(resolveEndpoints(cfg.Endpoints, &s)...)
	d, err := pollInitialDelay()
	if err != nil {
		diags.AddError("Invalid "+PollInitialDelayEnv, err.Error())
	}
	s.pollInitialDelay = d

	creds, source, cdiags := resolveCredentials(cfg)
	diags.Append(cdiags...)
	s.credentials, s.credentialSource = creds, source
	return s, diags
}

// endpointValues reads the endpoints block's attributes by name (none when the block is absent).
func endpointValues(o types.Object) map[string]types.String {
	out := map[string]types.String{}
	if o.IsNull() || o.IsUnknown() {
		return out
	}
	for name, v := range o.Attributes() {
		if sv, ok := v.(types.String); ok {
			out[name] = sv
		}
	}
	return out
}

func resolveEndpoints(o types.Object, s *settings) diag.Diagnostics {
	var diags diag.Diagnostics
	configured := endpointValues(o)
	for _, d := range Services {
		name, env := d.Name(), d.EndpointEnv()
		v, ok := configured[name]
		if !ok {
			v = types.StringNull()
		}
		raw := stringSetting(v, env)
		if raw == "" {
			raw = client.DefaultEndpoint(d.Client.Product, s.region)
		}
		if _, err := client.ParseEndpoint(raw); err != nil {
			diags.AddAttributeError(path.Root("endpoints").AtName(name), "Invalid endpoint URL",
				fmt.Sprintf("endpoints.%s (or %s): %v", name, env, err))
			continue
		}
		s.endpoints[d.Client.Product] = raw
	}
	return diags
}

// resolveCredentials picks the credential source (see the provider's description for the order) using the
// SDK's credential providers; it re-implements none of them.
func resolveCredentials(cfg providerModel) (providers.CredentialsProvider, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	ak := stringSetting(cfg.AccessKey, "ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID")
	sk := stringSetting(cfg.SecretKey, "ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")
	token := stringSetting(cfg.SecurityToken, "ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN")
	profile := stringSetting(cfg.Profile, "ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE")
	file := stringSetting(cfg.SharedCredentialsFile, "ALICLOUD_SHARED_CREDENTIALS_FILE")
	ecsRole := stringSetting(cfg.EcsRoleName, "ALICLOUD_ECS_ROLE_NAME")

	var base providers.CredentialsProvider
	var source string
	var err error
	switch {
	case ak != "" || sk != "":
		if ak == "" {
			diags.AddAttributeError(path.Root("access_key"), "Missing access key",
				"secret_key is set but access_key is not: set access_key or ALICLOUD_ACCESS_KEY / ALIBABA_CLOUD_ACCESS_KEY_ID.")
			return nil, "", diags
		}
		if sk == "" {
			diags.AddAttributeError(path.Root("secret_key"), "Missing secret key",
				"access_key is set but secret_key is not: set secret_key or ALICLOUD_SECRET_KEY / ALIBABA_CLOUD_ACCESS_KEY_SECRET.")
			return nil, "", diags
		}
		if token != "" {
			source = "static_sts"
			base, err = providers.NewStaticSTSCredentialsProviderBuilder().
				WithAccessKeyId(ak).WithAccessKeySecret(sk).WithSecurityToken(token).Build()
		} else {
			source = "static_ak"
			base, err = providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId(ak).WithAccessKeySecret(sk).Build()
		}
	case profile != "" || file != "":
		source = "cli_profile"
		b := providers.NewCLIProfileCredentialsProviderBuilder()
		if profile != "" {
			b = b.WithProfileName(profile)
		}
		if file != "" {
			if _, statErr := os.Stat(file); statErr != nil {
				diags.AddAttributeError(path.Root("shared_credentials_file"), "Cannot read the shared credentials file",
					fmt.Sprintf("shared_credentials_file (or ALICLOUD_SHARED_CREDENTIALS_FILE) %q: %v", file, statErr))
				return nil, "", diags
			}
			b = b.WithProfileFile(file)
		}
		base, err = b.Build()
	case ecsRole != "":
		source = "ecs_ram_role"
		base, err = providers.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(ecsRole).Build()
	default:
		source = "default_chain"
		base = providers.NewDefaultCredentialsProvider()
	}
	if err != nil {
		diags.AddError("Invalid credentials configuration", err.Error())
		return nil, "", diags
	}
	// Static and profile credentials are checked now, so a typo fails at plan with a clear message instead
	// of at the first API call. Sources that need the network (instance role) are checked at first use.
	if source != "ecs_ram_role" {
		if _, err := base.GetCredentials(); err != nil {
			diags.AddError("No usable Alibaba Cloud credentials",
				fmt.Sprintf("Looking up credentials (%s) failed: %v\n\nSet access_key and secret_key (or ALICLOUD_ACCESS_KEY and "+
					"ALICLOUD_SECRET_KEY), a profile of the aliyun CLI (profile / ALICLOUD_PROFILE, shared_credentials_file), or "+
					"ecs_role_name on an ECS instance.", source, err))
			return nil, "", diags
		}
	}
	if cfg.AssumeRole != nil {
		return assumeRole(cfg.AssumeRole, base, source)
	}
	return base, source, diags
}

func assumeRole(m *assumeRoleModel, base providers.CredentialsProvider, source string) (providers.CredentialsProvider, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	arn := stringSetting(m.RoleArn, "ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN")
	if arn == "" {
		diags.AddAttributeError(path.Root("assume_role").AtName("role_arn"), "Missing role ARN",
			"assume_role needs role_arn (or ALICLOUD_ASSUME_ROLE_ARN).")
		return nil, "", diags
	}
	session := stringSetting(m.SessionName, "ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME")
	if session == "" {
		session = "terraform"
	}
	duration := 3600
	if !m.SessionExpiration.IsNull() && !m.SessionExpiration.IsUnknown() {
		duration = int(m.SessionExpiration.ValueInt64())
	} else if v := os.Getenv("ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"); v != "" {
		if _, err := fmt.Sscanf(v, "%d", &duration); err != nil || duration < 900 || duration > 3600 {
			diags.AddAttributeError(path.Root("assume_role").AtName("session_expiration"), "Invalid session expiration",
				fmt.Sprintf("ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION must be a number of seconds in [900, 3600], got %q.", v))
			return nil, "", diags
		}
	}
	b := providers.NewRAMRoleARNCredentialsProviderBuilder().
		WithCredentialsProvider(base).WithRoleArn(arn).WithRoleSessionName(session).WithDurationSeconds(duration)
	if p := m.Policy.ValueString(); p != "" {
		b = b.WithPolicy(p)
	}
	if e := m.ExternalID.ValueString(); e != "" {
		b = b.WithExternalId(e)
	}
	prov, err := b.Build()
	if err != nil {
		diags.AddAttributeError(path.Root("assume_role"), "Invalid assume_role configuration", err.Error())
		return nil, "", diags
	}
	return prov, source + "+assume_role", diags
}
