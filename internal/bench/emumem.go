package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
)

// StoreResult is the emulator's memory with many stored objects, and how fast it answers then.
type StoreResult struct {
	Objects   map[string]int // what was created, by kind
	HeapBytes uint64         // heap in use after a GC, minus the same before creating them
	StateJSON int            // size of the state document (what -state writes)
	// ReadsEmpty and ReadsFull are the mean round trips of signed reads (one object of each product, through
	// the provider's client) with almost nothing stored and with everything stored.
	ReadsEmpty, ReadsFull map[string]time.Duration
}

// MeasureStore creates total objects in a fresh in-process emulator, a quarter of each kind: Batch Compute
// clusters through the signed API (CreateCluster), E-HPC clusters, ACK edge clusters and ECS instances
// through the admin routes, and reports the heap they take.
func MeasureStore(ctx context.Context, total int) (StoreResult, error) {
	res := StoreResult{Objects: map[string]int{}}
	per := total / 4
	before := heapInUse()
	e, err := StartEmulator(-1)
	if err != nil {
		return res, err
	}
	defer e.Close()
	a := e.Admin
	if err := a.Do(ctx, http.MethodPut, "/_emulator/batchcompute/quota", map[string]int{"MaxClusterCount": total + 10}, nil); err != nil {
		return res, err
	}
	if err := a.Do(ctx, http.MethodPut, "/_emulator/ehpc/quota", map[string]int{"max_clusters": total + 10}, nil); err != nil {
		return res, err
	}
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().
		WithAccessKeyId(emulator.DefaultAccessKeyID).WithAccessKeySecret(emulator.DefaultAccessKeySecret).Build()
	if err != nil {
		return res, err
	}
	c, err := client.New(client.Config{Region: emulator.DefaultRegion, Credentials: creds,
		Endpoints: map[client.Product]string{client.ProductBatchCompute: e.URL, client.ProductEHPC: e.URL, client.ProductCS: e.URL}})
	if err != nil {
		return res, err
	}
	reads, err := newReadProbe(ctx, c, a)
	if err != nil {
		return res, err
	}
	if res.ReadsEmpty, err = reads.run(ctx, 300); err != nil {
		return res, err
	}
	// Signed creates run on a few connections at once; the emulator serialises handlers anyway.
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < per; i += 4 {
				body := map[string]any{"Name": fmt.Sprintf("bench-%d", i), "ImageId": "img-ubuntu", "InstanceType": "bcs.a2.large",
					"Groups": map[string]any{"g1": map[string]any{"DesiredVMCount": 1}}}
				_, err := c.ROA(ctx, client.ROACall{Product: client.ProductBatchCompute, Version: client.VersionBatchCompute,
					Action: "CreateCluster", Method: http.MethodPost, Path: "/clusters", Body: body}, nil)
				if err != nil {
					errs <- fmt.Errorf("batch compute CreateCluster %d: %w", i, err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return res, err
	}
	res.Objects["Batch Compute clusters (signed CreateCluster)"] = per
	for i := 0; i < per; i++ {
		if err := a.Do(ctx, http.MethodPost, "/_emulator/ehpc/clusters", map[string]any{"name": fmt.Sprintf("bench-%d", i)}, nil); err != nil {
			return res, err
		}
		if err := a.Do(ctx, http.MethodPost, "/_emulator/cs/clusters", map[string]any{"name": fmt.Sprintf("bench-%d", i)}, nil); err != nil {
			return res, err
		}
	}
	res.Objects["E-HPC clusters (admin)"] = per
	res.Objects["ACK edge clusters (admin)"] = per
	for left := per; left > 0; left -= 1000 {
		if err := a.Do(ctx, http.MethodPost, "/_emulator/ecs/instances", map[string]any{"count": min(left, 1000)}, nil); err != nil {
			return res, err
		}
	}
	res.Objects["ECS instances (admin)"] = per
	after := heapInUse()
	if after > before {
		res.HeapBytes = after - before
	}
	if res.ReadsFull, err = reads.run(ctx, 300); err != nil {
		return res, err
	}
	var state json.RawMessage
	if err := a.State(ctx, &state); err != nil {
		return res, err
	}
	res.StateJSON = len(state)
	return res, nil
}

// readProbe times one signed read of each product against objects created for it.
type readProbe struct {
	c                  *client.Client
	ehpc, cs, bcompute string
}

func newReadProbe(ctx context.Context, c *client.Client, a *emulator.Admin) (*readProbe, error) {
	p := &readProbe{c: c}
	var ec struct{ ClusterId string }
	if err := a.Do(ctx, http.MethodPost, "/_emulator/ehpc/clusters", map[string]any{"name": "probe"}, &ec); err != nil {
		return nil, err
	}
	var cc struct {
		ClusterID string `json:"cluster_id"`
	}
	if err := a.Do(ctx, http.MethodPost, "/_emulator/cs/clusters", map[string]any{"name": "probe"}, &cc); err != nil {
		return nil, err
	}
	var bc struct {
		ID string `json:"Id"`
	}
	body := map[string]any{"Name": "probe", "ImageId": "img-ubuntu", "InstanceType": "bcs.a2.large",
		"Groups": map[string]any{"g1": map[string]any{"DesiredVMCount": 1}}}
	if _, err := c.ROA(ctx, client.ROACall{Product: client.ProductBatchCompute, Version: client.VersionBatchCompute,
		Action: "CreateCluster", Method: http.MethodPost, Path: "/clusters", Body: body}, &bc); err != nil {
		return nil, err
	}
	p.ehpc, p.cs, p.bcompute = ec.ClusterId, cc.ClusterID, bc.ID
	return p, nil
}

func (p *readProbe) run(ctx context.Context, n int) (map[string]time.Duration, error) {
	calls := map[string]func() error{
		"ehpc:GetCluster": func() error {
			_, err := p.c.RPC(ctx, client.RPCCall{Product: client.ProductEHPC, Version: client.VersionEHPC2024, Action: "GetCluster",
				Params: map[string]string{"ClusterId": p.ehpc}}, nil)
			return err
		},
		"cs:DescribeClusterDetail": func() error {
			_, err := p.c.ROA(ctx, client.ROACall{Product: client.ProductCS, Version: client.VersionCS, Action: "DescribeClusterDetail",
				Method: http.MethodGet, Path: "/clusters/" + p.cs}, nil)
			return err
		},
		"batchcompute:GetCluster": func() error {
			_, err := p.c.ROA(ctx, client.ROACall{Product: client.ProductBatchCompute, Version: client.VersionBatchCompute, Action: "GetCluster",
				Method: http.MethodGet, Path: "/clusters/" + p.bcompute}, nil)
			return err
		},
	}
	out := map[string]time.Duration{}
	for name, call := range calls {
		start := time.Now()
		for i := 0; i < n; i++ {
			if err := call(); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		out[name] = time.Since(start) / time.Duration(n)
	}
	return out, nil
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// Throughput is one of the emulator core's signed-request benchmarks.
type Throughput struct {
	Name        string
	ReqPerSec   float64
	NsPerOp     float64
	AllocsPerOp float64
}

// RunThroughput runs the emulator core's BenchmarkSignedRPC and BenchmarkSignedROA on one core
// (GOMAXPROCS=1) and reads their req/s metric.
func RunThroughput(ctx context.Context, repoRoot string, count int) ([]Throughput, error) {
	cmd := exec.CommandContext(ctx, "go", "test", "./internal/emulator/core", "-run", "^$", "-bench", "^BenchmarkSigned(RPC|ROA)$",
		"-cpu", "1", "-benchtime", "2s", "-count", strconv.Itoa(count))
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench: %v\n%s", err, out)
	}
	samples := map[string][]Throughput{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "BenchmarkSigned") {
			continue
		}
		t := Throughput{Name: strings.TrimPrefix(f[0], "Benchmark")}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				t.NsPerOp = v
			case "req/s":
				t.ReqPerSec = v
			case "allocs/op":
				t.AllocsPerOp = v
			}
		}
		samples[t.Name] = append(samples[t.Name], t)
	}
	var res []Throughput
	for _, name := range []string{"SignedRPC", "SignedROA"} {
		s := samples[name]
		if len(s) == 0 {
			return nil, fmt.Errorf("no result for Benchmark%s in:\n%s", name, out)
		}
		// Median by req/s.
		for i := range s {
			for j := i + 1; j < len(s); j++ {
				if s[j].ReqPerSec < s[i].ReqPerSec {
					s[i], s[j] = s[j], s[i]
				}
			}
		}
		res = append(res, s[len(s)/2])
	}
	return res, nil
}
