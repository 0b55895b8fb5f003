package emulator_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/batchcompute"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/cs"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/emutest"

	// The provider's service packages register their products (not-found codes) with the client.
	_ "github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// The provider's own client reads from every product through transient faults: they are the retryable kind
// the client is built for, so each call succeeds in the end. (Throttling is left out only to keep the test
// fast: the client honors the one-second TimeLeft hint; core tests cover the throttling answer.)
func TestProviderClientThroughFaults(t *testing.T) {
	_, ts, admin := emutest.Start(t, emulator.Config{Latency: 10 * time.Millisecond, Seed: 11})
	ctx := context.Background()
	if err := admin.SetFaults(ctx, core.FaultConfig{Rate: 0.3, Kinds: []string{core.FaultUnavailable, core.FaultDrop, core.FaultSlow}, SlowDelayMS: 20}); err != nil {
		t.Fatal(err)
	}
	c := emutest.Client(t, ts.URL, func(cfg *client.Config) {
		cfg.MaxRetries = 20
		cfg.Backoff = client.Backoff{Base: time.Millisecond, Max: 20 * time.Millisecond}
	})
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for i := 0; i < 10; i++ {
		if _, err := c.RPC(cctx, client.RPCCall{Product: client.ProductEHPC, Version: "2024-07-30", Action: "ListClusters"}, nil); err != nil {
			t.Fatalf("E-HPC ListClusters: %v", err)
		}
		if _, err := c.RPC(cctx, client.RPCCall{Product: client.ProductEHPC, Version: "2018-04-12", Action: "ListTasks", Method: http.MethodGet}, nil); err != nil && !client.IsCode(err, "InvalidParams", "MissingParameter", "MissingClusterId") {
			t.Fatalf("E-HPC ListTasks: %v", err)
		}
		if _, err := c.ROA(cctx, client.ROACall{Product: client.ProductBatchCompute, Version: batchcompute.Version, Action: "ListClusters", Method: http.MethodGet, Path: "/clusters"}, nil); err != nil {
			t.Fatalf("Batch Compute ListClusters: %v", err)
		}
		if _, err := c.ROA(cctx, client.ROACall{Product: client.ProductCS, Version: cs.Version, Action: "DescribeClusterDetail", Method: http.MethodGet, Path: "/clusters/nosuchcluster"}, nil); !client.IsNotFound(err) {
			t.Fatalf("CS DescribeClusterDetail of a missing cluster: %v", err)
		}
	}
	stats, _ := admin.Stats(ctx)
	total := 0
	for _, n := range stats {
		total += n
	}
	if total <= 40 {
		t.Fatalf("no request was faulted and retried: %v", stats)
	}
}

// A create whose answer is lost over a reused connection: Go's transport replays a GET by itself, the
// emulator refuses the replayed nonce, and the client reports the outcome as unknown rather than failed.
func TestProviderClientLostGetCreateIsAmbiguous(t *testing.T) {
	e, ts, admin := emutest.Start(t, emulator.Config{Latency: 10 * time.Millisecond})
	var create *core.RouteInfo
	for _, rt := range e.Server().Routes() {
		if rt.Style == "rpc" && rt.Creates && rt.Version == "2018-04-12" {
			create = &rt
			break
		}
	}
	if create == nil {
		t.Skip("no 2018-04-12 (GET) creating route registered")
	}
	ctx := context.Background()
	c := emutest.Client(t, ts.URL, func(cfg *client.Config) { cfg.MaxRetries = 3 })
	// Warm a keep-alive connection, so the lost answer happens on a reused one.
	_, _ = c.RPC(ctx, client.RPCCall{Product: client.ProductEHPC, Version: "2018-04-12", Action: "ListTasks", Method: http.MethodGet}, nil)
	if err := admin.SetFaults(ctx, core.FaultConfig{LoseCreateResponses: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := c.RPC(ctx, client.RPCCall{Product: client.ProductEHPC, Version: create.Version, Action: create.Action,
		Method: http.MethodGet, Retry: client.RetryPolicy{NotIdempotent: true}, Params: map[string]string{"ClusterId": "ehpc-hz-none"}}, nil)
	if !client.IsAmbiguous(err) {
		t.Fatalf("a lost create must be reported as ambiguous, got %v", err)
	}
}

// A wrong secret makes the emulator echo the string to sign, as the real gateway does; it holds every RPC
// parameter percent-encoded twice. The client must mask registered secrets in every encoded form.
func TestProviderClientMasksEchoedSecrets(t *testing.T) {
	_, ts, _ := emutest.Start(t, emulator.Config{Latency: 10 * time.Millisecond})
	creds, _ := providers.NewStaticSTSCredentialsProviderBuilder().WithAccessKeyId(emulator.DefaultAccessKeyID).
		WithAccessKeySecret("wrong-secret").WithSecurityToken("STS/token+with=specials").Build()
	c, err := client.New(client.Config{
		Region: emulator.DefaultRegion, Credentials: creds,
		Endpoints: map[client.Product]string{client.ProductEHPC: ts.URL, client.ProductCS: ts.URL, client.ProductBatchCompute: ts.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	password := "Pa ss+w0rd!*~é"
	c.MaskSecret(password)
	c.MaskSecret("STS/token+with=specials")
	_, err = c.RPC(context.Background(), client.RPCCall{Product: client.ProductEHPC, Version: "2024-07-30", Action: "ListClusters",
		Params: map[string]string{"Password": password}}, nil)
	if err == nil || !strings.Contains(err.Error(), "server string to sign is:") {
		t.Fatalf("want SignatureDoesNotMatch with the string to sign, got %v", err)
	}
	for _, secret := range []string{password, "STS/token+with=specials"} {
		pe := strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(secret))
		for _, form := range []string{secret, url.QueryEscape(secret), pe, url.QueryEscape(pe)} {
			if strings.Contains(err.Error(), form) {
				t.Errorf("error shows %q (a form of a secret): %v", form, err)
			}
		}
	}
}

// Each transient class, switched on alone with the emulator's fault switch, is retried by the provider's client
// until the calls succeed: 503 ServiceUnavailable, Throttling.User (after the TimeLeft hint), a dropped
// connection, and an answer slower than the client's request timeout. The fault draws are seeded, so every run
// sees the same faults.
func TestProviderClientRetriesEachFaultKind(t *testing.T) {
	cases := []struct {
		kind  string
		calls int
	}{
		{core.FaultUnavailable, 6},
		{core.FaultThrottle, 3}, // each throttled answer asks for up to a second's pause
		{core.FaultDrop, 6},
		{core.FaultSlow, 6},
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			_, ts, admin := emutest.Start(t, emulator.Config{Latency: 10 * time.Millisecond, Seed: 5})
			ctx := context.Background()
			// A slow answer takes 400ms, four times the client's request timeout: the client gives up on it.
			if err := admin.SetFaults(ctx, core.FaultConfig{Rate: 0.5, Kinds: []string{tc.kind}, SlowDelayMS: 400}); err != nil {
				t.Fatal(err)
			}
			c := emutest.Client(t, ts.URL, func(cfg *client.Config) {
				cfg.MaxRetries, cfg.RequestTimeout = 10, 100*time.Millisecond
				cfg.Backoff = client.Backoff{Base: time.Millisecond, Max: 10 * time.Millisecond}
			})
			cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			for i := 0; i < tc.calls; i++ {
				if _, err := c.RPC(cctx, client.RPCCall{Product: client.ProductEHPC, Version: "2024-07-30", Action: "ListClusters"}, nil); err != nil {
					t.Fatalf("E-HPC ListClusters (RPC): %v", err)
				}
				if _, err := c.ROA(cctx, client.ROACall{Product: client.ProductBatchCompute, Version: batchcompute.Version, Action: "ListClusters", Method: http.MethodGet, Path: "/clusters"}, nil); err != nil {
					t.Fatalf("Batch Compute ListClusters (ROA): %v", err)
				}
			}
			stats, err := admin.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := stats["ehpc:ListClusters"] + stats["batchcompute:ListClusters"]; got <= 2*tc.calls {
				t.Fatalf("%d requests for %d calls: no %s fault was met and retried", got, 2*tc.calls, tc.kind)
			}
		})
	}
}
