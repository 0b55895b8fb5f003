package soak_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// TestAccSoak_faults applies n resources of each type and destroys them while the emulator answers one API
// request in five with a transient fault (503, Throttling.User with its retry hint, a dropped connection or
// a slow answer) and drops the answers of the first creates after applying them. Everything must converge
// without help, and the store must hold exactly the configuration after apply and nothing of it after
// destroy.
func TestAccSoak_faults(t *testing.T) {
	n := soakN(t)
	admin := acctest.Admin(t)
	ctx := context.Background()
	// n E-HPC clusters from the configuration plus n fixture clusters for the existing nodes.
	if err := admin.Do(ctx, http.MethodPut, "/_emulator/ehpc/quota", map[string]any{"max_clusters": 2*n + 10}, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = admin.Do(context.Background(), http.MethodPut, "/_emulator/ehpc/quota", map[string]any{"max_clusters": nil}, nil)
	})
	f := newFixtures(t, admin, acctest.RandomName("soak"), n)

	// The provider's debug log tells which calls failed and were retried; the emulator counts every request.
	logPath := os.Getenv(soakLogEnv)
	if logPath == "" {
		logPath = filepath.Join(t.TempDir(), "provider.log")
	}
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_LOG_PATH", logPath)
	if err := admin.ResetStats(ctx); err != nil {
		t.Fatal(err)
	}
	lost := n // about one in four creates, so each resource type is likely to meet one
	acctest.SetFaults(t, core.FaultConfig{
		Rate:                0.2,
		Kinds:               []string{core.FaultUnavailable, core.FaultThrottle, core.FaultDrop, core.FaultSlow},
		SlowDelayMS:         int(slowDelay.Milliseconds()),
		LoseCreateResponses: lost,
	})

	start := time.Now()
	var applied time.Duration
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return f.checkDestroyed(admin, 1) },
		Steps: []resource.TestStep{
			{
				Config: f.config(),
				Check: func(*terraform.State) error {
					applied = time.Since(start)
					return f.checkApplied(admin, 1)
				},
			},
		},
	})
	if t.Failed() {
		return
	}
	report(t, admin, logPath, n, lost, applied, time.Since(start))
	// Error messages under faults (SignatureNonceUsed after a resent request, say) must not leak either.
	if b, err := os.ReadFile(logPath); err == nil {
		assertNoSecrets(t, "the soak's provider log", string(b), secretValues)
	}
}

// report logs the soak's figures: wall time, API requests by action, and what the provider saw go wrong.
func report(t *testing.T, admin *emulator.Admin, logPath string, n, lost int, applied, total time.Duration) {
	t.Helper()
	stats, err := admin.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	keys := make([]string, 0, len(stats))
	for k, v := range stats {
		calls += v
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var byAction strings.Builder
	for _, k := range keys {
		byAction.WriteString(" " + k + "=" + strconv.Itoa(stats[k]))
	}
	fc, _ := admin.Faults(context.Background())
	seen := scanLog(t, logPath)
	t.Logf("soak N=%d (%d resources): apply+refresh %s, total with destroy %s", n, 4*n, applied.Round(time.Millisecond), total.Round(time.Millisecond))
	t.Logf("API requests: %d;%s", calls, byAction.String())
	t.Logf("faults seen by the provider: %d (503 %d, throttled %d, dropped %d, slow answers %d); lost create answers %d of %d, "+
		"after which %d creates looked before resending; other failed calls %d (not-found while waiting for deletion, busy codes); retried calls %d",
		seen.unavailable+seen.throttled+seen.dropped+seen.slow, seen.unavailable, seen.throttled, seen.dropped, seen.slow,
		lost-fc.LoseCreateResponses, lost, seen.ambiguous, seen.other, seen.retried)
}

// slowDelay is how long a "slow" fault holds an answer: long enough to tell from the log, short enough to
// keep the soak fast.
const slowDelay = 300 * time.Millisecond

type logFigures struct {
	failed, retried, unavailable, throttled, dropped, slow, ambiguous, other int
}

var durationField = regexp.MustCompile(`duration_ms=(\d+)`)

func scanLog(t *testing.T, path string) logFigures {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Logf("no provider log to count retries in: %v", err)
		return logFigures{}
	}
	var f logFigures
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, "API call ") {
			continue
		}
		if m := durationField.FindStringSubmatch(line); m != nil {
			if ms, _ := strconv.Atoi(m[1]); time.Duration(ms)*time.Millisecond >= slowDelay {
				f.slow++
			}
		}
		if !strings.Contains(line, "API call failed") {
			continue
		}
		f.failed++
		if strings.Contains(line, "retryable=true") {
			f.retried++
		}
		switch {
		case strings.Contains(line, "ServiceUnavailable"):
			f.unavailable++
		case strings.Contains(line, "Throttling"):
			f.throttled++
		case strings.Contains(line, "EOF") || strings.Contains(line, "connection reset") || strings.Contains(line, "closed"):
			f.dropped++
		default:
			f.other++
		}
	}
	f.ambiguous = strings.Count(string(data), "outcome unknown")
	return f
}
