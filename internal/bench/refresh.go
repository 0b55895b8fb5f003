package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Baseline is h with the provider built from another source tree (for instance `git archive main`), installed
// with a CLI configuration of its own, so that a benchmark can run the same configuration on both builds.
func (h *Harness) Baseline(ctx context.Context, srcRoot string) (*Harness, error) {
	b := *h
	b.Root = srcRoot
	b.BinDir = filepath.Join(h.Dir, "baseline-bin")
	b.CLIConfig = filepath.Join(h.Dir, "baseline-terraformrc")
	if err := os.MkdirAll(b.BinDir, 0o755); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(b.BinDir, "terraform-provider-aliyun"), ".")
	cmd.Dir = srcRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the baseline provider in %s: %v\n%s", srcRoot, err, out)
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"aliyun-hpc/aliyun\" = %q\n  }\n  direct {}\n}\n", b.BinDir)
	return &b, os.WriteFile(b.CLIConfig, []byte(rc), 0o644)
}

// RefreshConfig is n E-HPC clusters; with queues >= 0 each owns that many queues (queues = […]), with
// queues < 0 none sets `queues` (the cluster's lists are not owned, so the refresh reads only the cluster).
// detailed queues set a hostname prefix, which ListQueues does not return: each is read with GetQueue too.
// unlimited switches the provider's client-side rate limit off (max_requests_per_second = 0).
func RefreshConfig(n, queues int, detailed, unlimited bool) string {
	var q string
	if queues >= 0 {
		items := make([]string, queues)
		for i := range items {
			extra := ""
			if detailed {
				extra = fmt.Sprintf(", hostname_prefix = \"q%d-\"", i+1)
			}
			items[i] = fmt.Sprintf("{ queue_name = \"q%d\", max_count = %d%s }", i+1, i+1, extra)
		}
		q = "\n  queues = [" + strings.Join(items, ", ") + "]\n"
	}
	provider := ""
	if unlimited {
		provider = "\nprovider \"aliyun\" {\n  max_requests_per_second = 0\n}\n"
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    aliyun = { source = "aliyun-hpc/aliyun" }
  }
}
%s
resource "aliyun_ehpc_cluster" "r" {
  count        = %d
  cluster_name = "bench-refresh-${count.index}"

  cluster_credentials = {
    password = "Bench-Passw0rd"
  }
%s}
`, provider, n, q)
}

// RefreshSample is one `terraform plan` (with its refresh) of a RefreshConfig.
type RefreshSample struct {
	Wall  time.Duration
	Calls []string
}

// RefreshPlans applies a RefreshConfig, then times rounds of `terraform plan` (each refreshes every cluster)
// with every API request delayed by delay (the emulator's slow fault at rate 1), and destroys it again.
func (h *Harness) RefreshPlans(ctx context.Context, e *Emulator, name string, n, queues int, detailed, unlimited bool, rounds int, delay time.Duration) ([]RefreshSample, error) {
	if err := e.Admin.Do(ctx, http.MethodPut, "/_emulator/ehpc/quota", map[string]int{"max_clusters": 4*n + 50}, nil); err != nil {
		return nil, err
	}
	w, err := h.WorkspaceHCL("refresh-"+name, RefreshConfig(n, queues, detailed, unlimited), e.ProviderEnv(100*time.Millisecond)...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Run(ctx, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	defer func() {
		_, _ = w.Run(context.WithoutCancel(ctx), "destroy", "-auto-approve", "-refresh=false", "-input=false", "-no-color")
	}()
	if err := e.Admin.SetFaults(ctx, core.FaultConfig{Rate: 1, Kinds: []string{core.FaultSlow}, SlowDelayMS: int(delay / time.Millisecond)}); err != nil {
		return nil, err
	}
	defer func() { _ = e.Admin.ClearFaults(context.WithoutCancel(ctx)) }()
	samples := make([]RefreshSample, 0, rounds)
	for range rounds {
		if err := e.ResetCalls(ctx); err != nil {
			return nil, err
		}
		s, err := w.Run(ctx, "plan", "-input=false", "-lock=false", "-no-color", "-detailed-exitcode")
		if err != nil {
			return nil, fmt.Errorf("the plan after apply must be empty (and succeed): %w", err)
		}
		samples = append(samples, RefreshSample{Wall: s.Wall, Calls: e.Calls()})
	}
	return samples, nil
}
