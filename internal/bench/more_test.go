package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// BenchmarkStartup starts the provider binary through the plugin handshake and asks for its schema
// (benchmark 2; `make bench` prints the table).
func BenchmarkStartup(b *testing.B) {
	h := sharedHarness(b)
	var last StartupSample
	for b.Loop() {
		s, err := ProbeStartup(context.Background(), filepath.Join(h.BinDir, "terraform-provider-aliyun"))
		if err != nil {
			b.Fatal(err)
		}
		last = s
	}
	b.ReportMetric(float64(last.Schema)/float64(time.Millisecond), "schema-ms")
	b.ReportMetric(float64(last.MaxRSS)/1e6, "maxrss-MB")
}

// BenchmarkGetProviderSchema is the schema call alone, in process.
func BenchmarkGetProviderSchema(b *testing.B) {
	for b.Loop() {
		s := providerserver.NewProtocol6(provider.New("bench")())()
		resp, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("GetProviderSchema: %v %v", err, resp.Diagnostics)
		}
	}
}

// BenchmarkLifecycle counts the API calls of one resource's create, read and delete per type (benchmark 3).
func BenchmarkLifecycle(b *testing.B) {
	h := sharedHarness(b)
	e, err := StartEmulator(time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	for _, typ := range ResourceTypes {
		b.Run(typ, func(b *testing.B) {
			var l Lifecycle
			for b.Loop() {
				f, err := e.NewFixture(context.Background(), 1)
				if err != nil {
					b.Fatal(err)
				}
				if l, err = h.RunLifecycle(context.Background(), e, typ, f, 100*time.Millisecond); err != nil {
					b.Fatal(err)
				}
			}
			_, reads := StatusReads(l.Create)
			b.ReportMetric(float64(len(l.Create)), "create-calls")
			b.ReportMetric(float64(reads), "create-status-reads")
			b.ReportMetric(float64(len(l.Refresh)), "read-calls")
			b.ReportMetric(float64(len(l.Delete)), "delete-calls")
		})
	}
}

// BenchmarkApply100 applies and destroys 25 resources of each type at -parallelism=10 with a 2 s emulator
// latency (benchmark 4) and reports the apply phase against the ideal 10·L.
func BenchmarkApply100(b *testing.B) {
	h := sharedHarness(b)
	const latency = 2 * time.Second
	for b.Loop() {
		e, err := StartEmulator(latency)
		if err != nil {
			b.Fatal(err)
		}
		f, err := e.NewFixture(context.Background(), 25)
		if err != nil {
			b.Fatal(err)
		}
		w, err := h.WorkspaceHCL("bench-apply", AliyunConfigWith(map[string]int{"aliyun_ehpc_cluster": 25, "aliyun_ehpc_existing_nodes": 25,
			"aliyun_ack_edge_scale_out": 25, "aliyun_batchcompute_cluster": 25}, f), e.ProviderEnv(0)...)
		if err != nil {
			b.Fatal(err)
		}
		a, err := RunApply(context.Background(), w, e, "apply", "-auto-approve", "-input=false", "-json", "-parallelism=10")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := RunApply(context.Background(), w, e, "destroy", "-auto-approve", "-input=false", "-json", "-parallelism=10"); err != nil {
			b.Fatal(err)
		}
		e.Close()
		b.ReportMetric(float64(a.Phase)/float64(10*latency), "x-ideal")
		b.ReportMetric(float64(Percentile(a.Elapsed, 95)-latency)/float64(time.Millisecond), "lag-p95-ms")
	}
}

// BenchmarkDetectionLag reports the simulated p95 detection lag and poll count of the default schedule.
func BenchmarkDetectionLag(b *testing.B) {
	for _, prov := range LagHorizons {
		b.Run(fmt.Sprint(prov), func(b *testing.B) {
			var s LagStats
			for b.Loop() {
				s = SimulateLag(ClientPolicy("default", client.PollConfig{}), prov, time.Second)
			}
			b.ReportMetric(s.P95.Seconds(), "lag-p95-s")
			b.ReportMetric(float64(s.Polls), "polls")
		})
	}
}

// BenchmarkEmulatorStore10k stores 10,000 objects in an emulator and reports the heap they take (benchmark 5;
// the signed-request throughput is the emulator core's BenchmarkSignedRPC/ROA).
func BenchmarkEmulatorStore10k(b *testing.B) {
	for b.Loop() {
		r, err := MeasureStore(context.Background(), 10000)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.HeapBytes)/1e6, "heap-MB")
	}
}
