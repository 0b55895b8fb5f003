// Package acctest is the acceptance-test harness: provider factories for in-process testing, and the target
// the tests run against — by default an emulator started inside the test binary, or the real cloud when
// ALICLOUD_ACC_TARGET=cloud (then the usual credential and region environment variables apply and the very
// same tests create real, billed resources).
package acctest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

const (
	// TargetEnv selects the target: unset or "emulator" for the in-process emulator, "cloud" for a real account.
	TargetEnv = "ALICLOUD_ACC_TARGET"
	// EmulatorLatencyEnv overrides how long the emulator's asynchronous work takes in tests (Go duration).
	EmulatorLatencyEnv = "ALICLOUD_ACC_EMULATOR_LATENCY"
	// DefaultEmulatorLatency keeps waits real (several polls) but the suite fast.
	DefaultEmulatorLatency = 150 * time.Millisecond
	// Region is the region tests use against the emulator.
	Region = "cn-hangzhou"
)

// ProviderName is the provider's type name in configurations.
const ProviderName = "aliyun"

// ProtoV6ProviderFactories serves the provider in-process, so tests use the terraform binary on PATH
// (TF_ACC_TERRAFORM_PATH is honoured by terraform-plugin-testing) and download nothing.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	ProviderName: providerserver.NewProtocol6WithError(provider.New("acctest")()),
}

var (
	startOnce sync.Once
	startErr  error
	emu       *emulator.Emulator
	server    *httptest.Server
)

// IsCloud reports whether the tests target a real account.
func IsCloud() bool { return os.Getenv(TargetEnv) == "cloud" }

// PreCheck prepares the target. Against the emulator it starts one emulator per test binary and points the
// provider at it through the same environment variables a user would set.
func PreCheck(t *testing.T) {
	t.Helper()
	if IsCloud() {
		for _, pair := range [][]string{
			{"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
			{"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		} {
			if os.Getenv(pair[0]) == "" && os.Getenv(pair[1]) == "" {
				t.Fatalf("%s=cloud needs credentials: set %s (or %s)", TargetEnv, pair[0], pair[1])
			}
		}
		return
	}
	startOnce.Do(startEmulator)
	if startErr != nil {
		t.Fatalf("starting the emulator: %v", startErr)
	}
}

func startEmulator() {
	latency := DefaultEmulatorLatency
	if v := os.Getenv(EmulatorLatencyEnv); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			startErr = fmt.Errorf("%s=%q: %w", EmulatorLatencyEnv, v, err)
			return
		}
		latency = d
	}
	emu, startErr = emulator.New(emulator.Config{
		AccessKeyID:     emulator.DefaultAccessKeyID,
		AccessKeySecret: emulator.DefaultAccessKeySecret,
		Region:          Region,
		Latency:         latency,
		Seed:            rand.Int64(),
	})
	if startErr != nil {
		return
	}
	server = httptest.NewServer(emu.Handler())
	env := map[string]string{
		"ALICLOUD_ACCESS_KEY": emulator.DefaultAccessKeyID,
		"ALICLOUD_SECRET_KEY": emulator.DefaultAccessKeySecret,
		"ALICLOUD_REGION":     Region,
		// Emulator work takes milliseconds; poll accordingly.
		provider.PollInitialDelayEnv: (latency / 6).String(),
	}
	for _, kv := range provider.EndpointEnv(server.URL) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	// Credentials of a real account present in the environment must not leak into emulator runs.
	for _, k := range []string{"ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_ACCESS_KEY_ID",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_ASSUME_ROLE_ARN"} {
		if err := os.Unsetenv(k); err != nil {
			startErr = err
			return
		}
	}
	for k, v := range env {
		if err := os.Setenv(k, v); err != nil {
			startErr = err
			return
		}
	}
}

// URL is the in-process emulator's base URL ("" against the cloud). Call PreCheck first.
func URL() string {
	if server == nil {
		return ""
	}
	return server.URL
}

// Admin returns the emulator's admin API client; tests that need it are skipped against the real cloud.
func Admin(t *testing.T) *emulator.Admin {
	t.Helper()
	if IsCloud() {
		t.Skip("this test observes or steers the emulator and cannot run against the real cloud")
	}
	PreCheck(t)
	return &emulator.Admin{BaseURL: server.URL}
}

// FaultRate is the share of requests the acceptance tests' random faults hit. The provider retries a call 8
// times (max_retries' default), so a call fails only after 9 faults in a row: at 0.2 that is one call in two
// million; at 0.3, which the tests used before, one in 50,000, and one of ten make test runs failed so (a
// GetQueue that met nine faults).
const FaultRate = 0.2

// SetFaults switches emulator faults on for the rest of the test and off again when it ends. Tests that use
// it must not be parallel (resource.Test, not resource.ParallelTest).
func SetFaults(t *testing.T, f core.FaultConfig) {
	t.Helper()
	a := Admin(t)
	ctx := context.Background()
	if err := a.SetFaults(ctx, f); err != nil {
		t.Fatalf("setting emulator faults: %v", err)
	}
	t.Cleanup(func() {
		if err := a.ClearFaults(context.Background()); err != nil {
			t.Errorf("clearing emulator faults: %v", err)
		}
	})
}

// RandomName returns prefix plus a random suffix of letters and digits, valid for every product's names.
func RandomName(prefix string) string {
	const set = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 8)
	for i := range b {
		b[i] = set[rand.IntN(len(set))]
	}
	return prefix + "-" + string(b)
}
