// Package emutest starts in-process emulators for tests and points the provider's API client at them: the
// set-up every test of the emulator against the real client (and every harness that measures the client
// against the emulator) used to write out. Only tests and test harnesses import it.
package emutest

import (
	"net/http/httptest"
	"testing"

	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
)

// Start serves a new emulator built from cfg on an httptest server until the test ends (the server is
// closed, then the emulator, which writes its state file when cfg has one). It returns the emulator, the
// server (its URL is every product's endpoint) and an admin client of that server.
func Start(t testing.TB, cfg emulator.Config) (*emulator.Emulator, *httptest.Server, *emulator.Admin) {
	t.Helper()
	e, err := emulator.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(e.Handler())
	t.Cleanup(func() {
		ts.Close()
		_ = e.Close()
	})
	return e, ts, &emulator.Admin{BaseURL: ts.URL}
}

// Config is the provider's client configuration for an emulator at url: the emulator's default key pair and
// region, and every emulated product's endpoint at url. Tests adjust the rest (MaxRetries, Backoff,
// RequestTimeout, …) before calling client.New, or use Client.
func Config(t testing.TB, url string) client.Config {
	t.Helper()
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().
		WithAccessKeyId(emulator.DefaultAccessKeyID).WithAccessKeySecret(emulator.DefaultAccessKeySecret).Build()
	if err != nil {
		t.Fatal(err)
	}
	endpoints := map[client.Product]string{}
	for _, name := range emulator.ProductNames() {
		endpoints[client.Product(name)] = url
	}
	return client.Config{Region: emulator.DefaultRegion, Credentials: creds, Endpoints: endpoints}
}

// Client is client.New(Config(t, url)) after configure (when not nil) has adjusted the configuration.
func Client(t testing.TB, url string, configure func(*client.Config)) *client.Client {
	t.Helper()
	cfg := Config(t, url)
	if configure != nil {
		configure(&cfg)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
