package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// clearEnv unsets every variable the provider reads, for the duration of the test.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{
		"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID",
		"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_SHARED_CREDENTIALS_FILE", "ALICLOUD_ECS_ROLE_NAME",
		"ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN", "ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION",
		"ALIBABA_CLOUD_ENDPOINT_EHPC", "ALIBABA_CLOUD_ENDPOINT_CS", "ALIBABA_CLOUD_ENDPOINT_BATCHCOMPUTE", PollInitialDelayEnv,
		"ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_CREDENTIALS_URI",
	} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	// Keep the default chain away from this machine's files and metadata service.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
}

// endpointsBlock is the endpoints block with the given attributes set and the others null.
func endpointsBlock(set map[string]types.String) types.Object {
	attrTypes, values := map[string]attr.Type{}, map[string]attr.Value{}
	for _, d := range Services {
		attrTypes[d.Name()], values[d.Name()] = types.StringType, types.StringNull()
		if v, ok := set[d.Name()]; ok {
			values[d.Name()] = v
		}
	}
	return types.ObjectValueMust(attrTypes, values)
}

func nullModel() providerModel {
	return providerModel{
		Region: types.StringNull(), AccessKey: types.StringNull(), SecretKey: types.StringNull(),
		SecurityToken: types.StringNull(), Profile: types.StringNull(), SharedCredentialsFile: types.StringNull(),
		EcsRoleName: types.StringNull(), MaxRetries: types.Int64Null(), MaxRequestsPerSecond: types.Float64Null(),
	}
}

func credsOf(t *testing.T, s settings) (string, string, string) {
	t.Helper()
	cc, err := s.credentials.GetCredentials()
	if err != nil {
		t.Fatal(err)
	}
	return cc.AccessKeyId, cc.AccessKeySecret, cc.SecurityToken
}

func TestStaticCredentialsFromConfig(t *testing.T) {
	clearEnv(t)
	m := nullModel()
	m.AccessKey, m.SecretKey = types.StringValue("AKcfg"), types.StringValue("SKcfg")
	s, diags := resolveSettings(m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if ak, sk, tok := credsOf(t, s); ak != "AKcfg" || sk != "SKcfg" || tok != "" || s.credentialSource != "static_ak" {
		t.Fatalf("got %s %s %s %s", ak, sk, tok, s.credentialSource)
	}
	if s.region != DefaultRegion {
		t.Fatalf("region %q", s.region)
	}
}

func TestCredentialsFromEnvBothNamings(t *testing.T) {
	for _, names := range [][3]string{
		{"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"},
		{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"},
	} {
		t.Run(names[0], func(t *testing.T) {
			clearEnv(t)
			t.Setenv(names[0], "AKenv")
			t.Setenv(names[1], "SKenv")
			t.Setenv(names[2], "TOKenv")
			t.Setenv("ALICLOUD_REGION", "cn-shanghai")
			s, diags := resolveSettings(nullModel())
			if diags.HasError() {
				t.Fatal(diags)
			}
			if ak, sk, tok := credsOf(t, s); ak != "AKenv" || sk != "SKenv" || tok != "TOKenv" || s.credentialSource != "static_sts" {
				t.Fatalf("got %s %s %s %s", ak, sk, tok, s.credentialSource)
			}
			if s.region != "cn-shanghai" || s.endpoints[client.ProductEHPC] != "https://ehpc.cn-shanghai.aliyuncs.com" {
				t.Fatalf("region %q endpoints %v", s.region, s.endpoints)
			}
		})
	}
}

func TestConfigOverridesEnv(t *testing.T) {
	clearEnv(t)
	t.Setenv("ALICLOUD_ACCESS_KEY", "AKenv")
	t.Setenv("ALICLOUD_SECRET_KEY", "SKenv")
	m := nullModel()
	m.AccessKey, m.SecretKey = types.StringValue("AKcfg"), types.StringValue("SKcfg")
	s, diags := resolveSettings(m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if ak, _, _ := credsOf(t, s); ak != "AKcfg" {
		t.Fatalf("configuration must win over the environment, got %s", ak)
	}
}

func TestProfileFile(t *testing.T) {
	clearEnv(t)
	file := filepath.Join(t.TempDir(), "config.json")
	body := `{"current":"default","profiles":[
	  {"name":"default","mode":"AK","access_key_id":"AKdef","access_key_secret":"SKdef"},
	  {"name":"ops","mode":"StsToken","access_key_id":"AKops","access_key_secret":"SKops","sts_token":"TOKops"}]}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	m := nullModel()
	m.SharedCredentialsFile, m.Profile = types.StringValue(file), types.StringValue("ops")
	s, diags := resolveSettings(m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if ak, sk, tok := credsOf(t, s); ak != "AKops" || sk != "SKops" || tok != "TOKops" {
		t.Fatalf("got %s %s %s", ak, sk, tok)
	}

	// The file's current profile when none is named; the env var names the file.
	clearEnv(t)
	t.Setenv("ALICLOUD_SHARED_CREDENTIALS_FILE", file)
	s, diags = resolveSettings(nullModel())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if ak, _, _ := credsOf(t, s); ak != "AKdef" {
		t.Fatalf("got %s", ak)
	}

	// A profile that is not in the file fails at configure time, naming the source.
	m.Profile = types.StringValue("nope")
	_, diags = resolveSettings(m)
	if !diags.HasError() || !strings.Contains(diagText(diags), "cli_profile") {
		t.Fatalf("want a configure-time error, got %v", diags)
	}
}

func TestConfigureErrorsNameAttributeAndEnv(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*providerModel)
		env    map[string]string
		want   []string
	}{
		{"secret without access key", func(m *providerModel) { m.SecretKey = types.StringValue("SK") }, nil,
			[]string{"access_key", "ALICLOUD_ACCESS_KEY"}},
		{"access key without secret", func(m *providerModel) { m.AccessKey = types.StringValue("AK") }, nil,
			[]string{"secret_key", "ALICLOUD_SECRET_KEY"}},
		{"no credentials at all", func(*providerModel) {}, nil,
			[]string{"No usable Alibaba Cloud credentials", "ALICLOUD_ACCESS_KEY"}},
		{"bad endpoint env", func(m *providerModel) { m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK") },
			map[string]string{"ALIBABA_CLOUD_ENDPOINT_CS": "cs.example.com"}, []string{"endpoints.cs", "ALIBABA_CLOUD_ENDPOINT_CS"}},
		{"bad endpoint config", func(m *providerModel) {
			m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
			m.Endpoints = endpointsBlock(map[string]types.String{"ehpc": types.StringValue("https://x/path")})
		}, nil, []string{"endpoints.ehpc", "ALIBABA_CLOUD_ENDPOINT_EHPC"}},
		{"bad region", func(m *providerModel) {
			m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
			m.Region = types.StringValue("Hangzhou")
		}, nil, []string{"region", "ALICLOUD_REGION"}},
		{"missing shared file", func(m *providerModel) { m.SharedCredentialsFile = types.StringValue("/nonexistent/config.json") }, nil,
			[]string{"shared_credentials_file", "ALICLOUD_SHARED_CREDENTIALS_FILE"}},
		{"assume role without arn", func(m *providerModel) {
			m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
			m.AssumeRole = &assumeRoleModel{RoleArn: types.StringNull(), SessionName: types.StringNull(), SessionExpiration: types.Int64Null(),
				Policy: types.StringNull(), ExternalID: types.StringNull()}
		}, nil, []string{"role_arn", "ALICLOUD_ASSUME_ROLE_ARN"}},
		{"unknown value", func(m *providerModel) { m.AccessKey = types.StringUnknown() }, nil, []string{"access_key", "known only after apply"}},
		{"unknown endpoint", func(m *providerModel) {
			m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
			m.Endpoints = endpointsBlock(map[string]types.String{"cs": types.StringUnknown()})
		}, nil, []string{"endpoints.cs", "known only after apply"}},
		{"bad poll delay env", func(m *providerModel) { m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK") },
			map[string]string{PollInitialDelayEnv: "soon"}, []string{PollInitialDelayEnv, `"soon"`}},
		{"bad session expiration env", func(m *providerModel) {
			m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
			m.AssumeRole = &assumeRoleModel{RoleArn: types.StringValue("acs:ram::123456789012:role/ops"), SessionName: types.StringNull(),
				SessionExpiration: types.Int64Null(), Policy: types.StringNull(), ExternalID: types.StringNull()}
		}, map[string]string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION": "7200"}, []string{"session_expiration", "ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "[900, 3600]"}},
		{"unknown ecs role", func(m *providerModel) { m.EcsRoleName = types.StringUnknown() }, nil, []string{"ecs_role_name", "known only after apply"}},
		{"unknown role arn", func(m *providerModel) {
			m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
			m.AssumeRole = &assumeRoleModel{RoleArn: types.StringUnknown(), SessionName: types.StringNull(), SessionExpiration: types.Int64Null(),
				Policy: types.StringNull(), ExternalID: types.StringNull()}
		}, nil, []string{"assume_role.role_arn", "known only after apply"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			m := nullModel()
			tc.mutate(&m)
			_, diags := resolveSettings(m)
			if !diags.HasError() {
				t.Fatal("want an error")
			}
			text := diagText(diags)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("error %q does not mention %q", text, w)
				}
			}
		})
	}
}

func TestEndpointOverride(t *testing.T) {
	clearEnv(t)
	t.Setenv("ALIBABA_CLOUD_ENDPOINT_BATCHCOMPUTE", "http://127.0.0.1:8099")
	m := nullModel()
	m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
	m.Endpoints = endpointsBlock(map[string]types.String{"ehpc": types.StringValue("https://ehpc-vpc.cn-beijing.aliyuncs.com")})
	s, diags := resolveSettings(m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := map[client.Product]string{
		client.ProductEHPC:         "https://ehpc-vpc.cn-beijing.aliyuncs.com",
		client.ProductCS:           "https://cs.cn-beijing.aliyuncs.com",
		client.ProductBatchCompute: "http://127.0.0.1:8099",
	}
	for p, w := range want {
		if s.endpoints[p] != w {
			t.Errorf("%s: got %q want %q", p, s.endpoints[p], w)
		}
	}
}

func TestAssumeRoleWrapsBaseCredentials(t *testing.T) {
	clearEnv(t)
	m := nullModel()
	m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
	m.AssumeRole = &assumeRoleModel{RoleArn: types.StringValue("acs:ram::123456789012:role/ops"), SessionName: types.StringNull(),
		SessionExpiration: types.Int64Value(900), Policy: types.StringNull(), ExternalID: types.StringValue("ext")}
	s, diags := resolveSettings(m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if s.credentialSource != "static_ak+assume_role" || s.credentials.GetProviderName() != "ram_role_arn" {
		t.Fatalf("source %q provider %q", s.credentialSource, s.credentials.GetProviderName())
	}
}

func diagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			b.WriteString("path " + wp.Path().String() + "\n")
		}
	}
	return b.String()
}
