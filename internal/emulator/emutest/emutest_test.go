package emutest_test

import (
	"context"
	"testing"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/emutest"
)

func TestClientReachesEveryProduct(t *testing.T) {
	_, ts, admin := emutest.Start(t, emulator.Config{})
	cfg := emutest.Config(t, ts.URL)
	for _, name := range emulator.ProductNames() {
		if cfg.Endpoints[client.Product(name)] != ts.URL {
			t.Errorf("endpoint of %s = %q, want %s", name, cfg.Endpoints[client.Product(name)], ts.URL)
		}
	}
	var retries int
	c := emutest.Client(t, ts.URL, func(cfg *client.Config) { cfg.MaxRetries = 0; retries = cfg.MaxRetries + 1 })
	if retries != 1 {
		t.Fatal("configure was not called")
	}
	// A signed call the emulator accepts: the key pair and the endpoint are right.
	if _, err := c.RPC(context.Background(), client.RPCCall{Product: client.ProductEHPC, Version: "2024-07-30", Action: "ListClusters"}, nil); err != nil {
		t.Fatal(err)
	}
	stats, err := admin.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats["ehpc:ListClusters"] != 1 {
		t.Errorf("stats = %v, want one ehpc:ListClusters", stats)
	}
}
