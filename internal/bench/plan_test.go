package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var (
	harnessOnce sync.Once
	harness     *Harness
	harnessErr  error
)

func sharedHarness(b *testing.B) *Harness {
	b.Helper()
	harnessOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		// Shared by every benchmark of the binary, so not b.TempDir (removed when the first one ends).
		scratch, err := os.MkdirTemp("", "aliyun-bench-") //nolint:usetesting
		if err != nil {
			harnessErr = err
			return
		}
		harness, harnessErr = NewHarness(context.Background(), root, scratch)
	})
	if harnessErr != nil {
		b.Fatal(harnessErr)
	}
	return harness
}

// BenchmarkPlan100 times `terraform plan -refresh=false` of 100 resources: terraform's built-in
// terraform_data, a do-nothing framework provider, and this provider (25 resources of each type).
func BenchmarkPlan100(b *testing.B) {
	h := sharedHarness(b)
	for _, kind := range Kinds {
		b.Run(kind, func(b *testing.B) {
			w, err := h.Workspace(kind, 100)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := w.Plan(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlan100InProcess is BenchmarkPlan100 with the provider served inside the test process (terraform
// reattaches to it), so that
//
//	go test ./internal/bench -run '^$' -bench Plan100InProcess/aliyun -cpuprofile cpu.out
//
// profiles the provider's side of a plan. Plugin start-up is not included.
func BenchmarkPlan100InProcess(b *testing.B) {
	h := sharedHarness(b)
	for _, kind := range []string{KindFloor, KindMirror, KindAliyun} {
		b.Run(kind, func(b *testing.B) {
			// The provider reads its configuration from this process's environment now.
			// As the provider binary does when no TF_LOG variable is set (provider.QuietDiscardedLogs).
			for _, kv := range append(SDKLogsOff, PlanCredentials...) {
				k, v, _ := strings.Cut(kv, "=")
				b.Setenv(k, v)
			}
			p, err := ServeInProcess(kind)
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			w, err := h.Workspace(kind, 100, p.Env)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := w.Plan(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
