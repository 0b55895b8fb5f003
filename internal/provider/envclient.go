package provider

import (
	"errors"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// ClientFromEnvironment builds the client an empty provider block would configure: credentials, region and
// endpoints from the environment variables only. The acceptance tests' CheckDestroy and "exists" checks use
// it, so that they ask the same API through the same finders as the resources, against the emulator and a
// real account alike.
func ClientFromEnvironment(version string) (*client.Client, error) {
	s, diags := resolveSettings(providerModel{})
	if diags.HasError() {
		msg := ""
		for _, d := range diags.Errors() {
			msg += d.Summary() + ": " + d.Detail() + "\n"
		}
		return nil, errors.New(msg)
	}
	return client.New(s.clientConfig(version))
}
