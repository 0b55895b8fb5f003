package bench

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

func TestResourceAttributes(t *testing.T) {
	names, err := ResourceAttributes(context.Background(), EHPCClusterType)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"queues", "cluster_name", "manager"} {
		if !slices.Contains(names, want) {
			t.Errorf("%s schema lacks %q: %v", EHPCClusterType, want, names)
		}
	}
	if _, err := ResourceAttributes(context.Background(), "aliyun_nothing"); err == nil {
		t.Error("ResourceAttributes of an unknown type: no error")
	}
}

func TestRefreshAttributes(t *testing.T) {
	got, err := RefreshAttributes([]string{"addons", "cluster_name", "queues", "shared_storages"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"queues", "shared_storages", "addons"}; !slices.Equal(got, want) {
		t.Errorf("RefreshAttributes = %v, want %v", got, want)
	}
	if _, err := RefreshAttributes([]string{"cluster_name"}); err == nil {
		t.Error("RefreshAttributes without queues: no error")
	}
}

func TestEHPCRefreshConfig(t *testing.T) {
	all := EHPCRefreshConfig(25, 4, []string{"queues", attrSharedStorages, attrAdditionalPackages, attrAddons})
	if !strings.Contains(all, "count        = 25\n") {
		t.Errorf("config is not 25 clusters:\n%s", all)
	}
	if n := strings.Count(all, "queue_name = "); n != 4 {
		t.Errorf("config has %d queues, want 4:\n%s", n, all)
	}
	for _, p := range RefreshOptional {
		if !strings.Contains(all, "  "+p+" = [") {
			t.Errorf("config lacks %s:\n%s", p, all)
		}
	}
	if strings.Count(all, "{") != strings.Count(all, "}") || strings.Count(all, "[") != strings.Count(all, "]") {
		t.Errorf("unbalanced brackets:\n%s", all)
	}
	bare := EHPCRefreshConfig(3, 2, []string{"queues"})
	for _, p := range RefreshOptional {
		if strings.Contains(bare, p) {
			t.Errorf("config without %s has it:\n%s", p, bare)
		}
	}
	if n := strings.Count(bare, "queue_name = "); n != 2 {
		t.Errorf("config has %d queues, want 2", n)
	}
}

func TestStatsDeltaAndPerCluster(t *testing.T) {
	d := StatsDelta(map[string]int{"ehpc:GetCluster": 5, "ehpc:ListClusters": 2, "ehpc:CreateCluster": 3},
		map[string]int{"ehpc:GetCluster": 55, "ehpc:ListClusters": 27, "ehpc:CreateCluster": 3, "ehpc:GetQueue": 100})
	if want := map[string]int{"ehpc:GetCluster": 50, "ehpc:ListClusters": 25, "ehpc:GetQueue": 100}; len(d) != len(want) ||
		d["ehpc:GetCluster"] != 50 || d["ehpc:ListClusters"] != 25 || d["ehpc:GetQueue"] != 100 {
		t.Errorf("StatsDelta = %v, want %v", d, want)
	}
	by, per := PerCluster(d, 25)
	if want := "GetCluster 2, GetQueue 4, ListClusters 1"; by != want || per != 7 {
		t.Errorf("PerCluster = %q, %v; want %q, 7", by, per, want)
	}
	if by, _ := PerCluster(map[string]int{"ehpc:ListQueues": 10}, 4); by != "ListQueues 2.5" {
		t.Errorf("PerCluster of a fraction = %q", by)
	}
}

// TestAddedDelayOverlaps checks what the refresh benchmark relies on: the "slow" fault at rate 1 delays
// every request, and concurrent requests wait out their delays side by side (not one after another).
func TestAddedDelayOverlaps(t *testing.T) {
	ctx := context.Background()
	e, err := StartEmulator(0)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var cl struct{ ClusterId string }
	if err := e.Admin.Do(ctx, http.MethodPost, "/_emulator/ehpc/clusters", map[string]any{"name": "delay"}, &cl); err != nil {
		t.Fatal(err)
	}
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().
		WithAccessKeyId(emulator.DefaultAccessKeyID).WithAccessKeySecret(emulator.DefaultAccessKeySecret).Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{Region: emulator.DefaultRegion, Credentials: creds,
		Endpoints: map[client.Product]string{client.ProductEHPC: e.URL}})
	if err != nil {
		t.Fatal(err)
	}
	const delay, n = 200 * time.Millisecond, 10
	if err := e.Admin.SetFaults(ctx, core.FaultConfig{Rate: 1, Kinds: []string{core.FaultSlow}, SlowDelayMS: int(delay.Milliseconds())}); err != nil {
		t.Fatal(err)
	}
	before, err := e.Admin.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = c.RPC(ctx, client.RPCCall{Product: client.ProductEHPC, Version: client.VersionEHPC2024, Action: "GetCluster",
				Params: map[string]string{"ClusterId": cl.ClusterId}}, nil)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if elapsed < delay {
		t.Errorf("%d delayed requests took %s, less than the delay %s", n, elapsed, delay)
	}
	if elapsed >= n*delay/2 {
		t.Errorf("%d concurrent requests delayed %s each took %s: the delays did not overlap", n, delay, elapsed)
	}
	after, err := e.Admin.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := StatsDelta(before, after); d["ehpc:GetCluster"] != n || len(d) != 1 {
		t.Errorf("stats delta = %v, want %d ehpc:GetCluster", d, n)
	}
}

// BenchmarkEHPCClusterRefresh times `terraform plan` with refresh of 25 E-HPC clusters with 4 queues each,
// 50 ms added to every API request, at the provider's default rate limit (benchmark 6; `make bench` prints
// the table), and reports the API calls per cluster.
func BenchmarkEHPCClusterRefresh(b *testing.B) {
	h := sharedHarness(b)
	ctx := context.Background()
	schema, err := ResourceAttributes(ctx, EHPCClusterType)
	if err != nil {
		b.Fatal(err)
	}
	parts, err := RefreshAttributes(schema)
	if err != nil {
		b.Fatal(err)
	}
	const clusters = 25
	r, err := h.ApplyRefresh(ctx, "bench-refresh", RefreshSetup{Clusters: clusters, Queues: 4, Delay: 50 * time.Millisecond, RateLimit: -1, Parts: parts})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	var last RefreshSample
	for b.Loop() {
		if last, err = r.Plan(ctx); err != nil {
			b.Fatal(err)
		}
	}
	_, per := PerCluster(last.Calls, clusters)
	b.ReportMetric(per, "calls/cluster")
}
