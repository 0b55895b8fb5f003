package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// Emulator is an in-process emulator on a loopback listener, with its request log kept in memory so a
// benchmark can see which calls a terraform command made, in order.
type Emulator struct {
	URL   string
	Admin *emulator.Admin
	emu   *emulator.Emulator
	srv   *httptest.Server
	log   *lineLog
}

// StartEmulator starts an emulator whose asynchronous work takes latency.
func StartEmulator(latency time.Duration) (*Emulator, error) {
	log := &lineLog{}
	emu, err := emulator.New(emulator.Config{Latency: latency, Seed: 1, Log: log})
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(emu.Handler())
	return &Emulator{URL: srv.URL, Admin: &emulator.Admin{BaseURL: srv.URL}, emu: emu, srv: srv, log: log}, nil
}

// Close stops the emulator.
func (e *Emulator) Close() {
	e.srv.Close()
	_ = e.emu.Close()
}

// ProviderEnv points the provider at the emulator, with the given first-poll delay (0 = the provider's default).
func (e *Emulator) ProviderEnv(pollInitialDelay time.Duration) []string {
	env := []string{
		"ALICLOUD_ACCESS_KEY=" + emulator.DefaultAccessKeyID,
		"ALICLOUD_SECRET_KEY=" + emulator.DefaultAccessKeySecret,
		"ALICLOUD_REGION=" + emulator.DefaultRegion,
	}
	env = append(env, provider.EndpointEnv(e.URL)...)
	if pollInitialDelay > 0 {
		env = append(env, provider.PollInitialDelayEnv+"="+pollInitialDelay.String())
	}
	return env
}

// Calls returns the API calls ("product:Action") logged since the last ResetCalls, in order.
func (e *Emulator) Calls() []string { return e.log.calls() }

// ResetCalls forgets the logged calls and zeroes the emulator's request counts.
func (e *Emulator) ResetCalls(ctx context.Context) error {
	err := e.Admin.ResetStats(ctx)
	e.log.reset()
	return err
}

// NewFixture creates, through the admin API, what n resources of each type need to be applied side by side
// without waiting on each other: one running E-HPC cluster per existing-nodes resource, one managed edge
// cluster per scale-out (both products serialise operations per cluster), and the seeded stopped instances.
func (e *Emulator) NewFixture(ctx context.Context, n int) (Fixture, error) {
	var f Fixture
	if err := e.Admin.Do(ctx, http.MethodPut, "/_emulator/ehpc/quota", map[string]int{"max_clusters": 4*n + 50}, nil); err != nil {
		return f, err
	}
	for i := 0; i < n; i++ {
		var c struct{ ClusterId string }
		if err := e.Admin.Do(ctx, http.MethodPost, "/_emulator/ehpc/clusters", map[string]any{"name": fmt.Sprintf("bench-nodes-%d", i)}, &c); err != nil {
			return f, err
		}
		f.EHPCClusterIDs = append(f.EHPCClusterIDs, c.ClusterId)
		var ec struct {
			ClusterID string `json:"cluster_id"`
		}
		if err := e.Admin.Do(ctx, http.MethodPost, "/_emulator/cs/clusters", map[string]any{"name": fmt.Sprintf("bench-edge-%d", i)}, &ec); err != nil {
			return f, err
		}
		f.EdgeClusterIDs = append(f.EdgeClusterIDs, ec.ClusterID)
	}
	var inst struct {
		InstanceIDs []string `json:"InstanceIds"`
	}
	if err := e.Admin.Do(ctx, http.MethodPost, "/_emulator/ecs/instances", map[string]any{"count": n}, &inst); err != nil {
		return f, err
	}
	f.InstanceIDs = inst.InstanceIDs
	if len(f.InstanceIDs) != n {
		return f, fmt.Errorf("emulator created %d instances, want %d", len(f.InstanceIDs), n)
	}
	return f, nil
}

// lineLog keeps the emulator's request log: "15:04:05.000 <request id> <method> <product:Action> <status> <duration>".
type lineLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lineLog) reset() {
	l.mu.Lock()
	l.buf.Reset()
	l.mu.Unlock()
}

func (l *lineLog) calls() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range strings.Split(l.buf.String(), "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && strings.Contains(f[3], ":") && !strings.Contains(f[3], "/_emulator") {
			out = append(out, f[3])
		}
	}
	return out
}
