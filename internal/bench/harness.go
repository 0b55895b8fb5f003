// Package bench holds the benchmark harness: it builds the provider and a do-nothing floor provider, installs
// both with dev_overrides in a CLI configuration it writes itself, and times terraform commands on generated
// configurations. The Go benchmarks (plan_test.go) and the table printer (cmd/bench, `make bench`) both use it.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Kinds of plan measured side by side.
const (
	KindTerraformData = "terraform_data"                // terraform alone: a built-in resource
	KindFloor         = "framework_floor"               // a do-nothing framework provider
	KindFloorQuiet    = "framework_floor, SDK logs off" // the same with the SDK's log lines off, as this provider does when nothing would keep them
	KindMirror        = "schema_floor, SDK logs off"    // this provider's schemas without behaviour, on a do-nothing provider
	KindAliyun        = "aliyun"                        // this provider, 25 resources of each type
)

// Kinds lists them in the order they alternate.
var Kinds = []string{KindTerraformData, KindFloor, KindFloorQuiet, KindMirror, KindAliyun}

// SDKLogsOff is what this provider sets in its own process when no TF_LOG variable is set
// (provider.QuietDiscardedLogs).
var SDKLogsOff = []string{"TF_LOG_SDK=OFF", "TF_LOG_SDK_FRAMEWORK=OFF", "TF_LOG_SDK_PROTO=OFF"}

// Harness owns a scratch directory with the built providers and a CLI configuration.
type Harness struct {
	Root      string // repository root
	Dir       string // scratch directory
	BinDir    string
	CLIConfig string
	Terraform string
}

// NewHarness builds both providers into a scratch directory.
func NewHarness(ctx context.Context, repoRoot, scratch string) (*Harness, error) {
	h := &Harness{Root: repoRoot, Dir: scratch, BinDir: filepath.Join(scratch, "bin"), CLIConfig: filepath.Join(scratch, "terraformrc")}
	tf, err := exec.LookPath("terraform")
	if v := os.Getenv("TF_ACC_TERRAFORM_PATH"); v != "" {
		tf, err = v, nil
	}
	if err != nil {
		return nil, fmt.Errorf("terraform must be on PATH: %w", err)
	}
	h.Terraform = tf
	if err := os.MkdirAll(h.BinDir, 0o755); err != nil {
		return nil, err
	}
	builds := [][]string{
		{"build", "-o", filepath.Join(h.BinDir, "terraform-provider-aliyun"), "."},
		{"build", "-o", filepath.Join(h.BinDir, "terraform-provider-floor"), "./internal/bench/cmd/floorprovider"},
		{"build", "-o", filepath.Join(h.BinDir, "terraform-provider-mirror"), "./internal/bench/cmd/mirrorprovider"},
	}
	for _, args := range builds {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "aliyun-hpc/aliyun" = %q
    "bench/floor"       = %q
    "bench/mirror"      = %q
  }
  direct {}
}
`, h.BinDir, h.BinDir, h.BinDir)
	return h, os.WriteFile(h.CLIConfig, []byte(rc), 0o644)
}

// PlanCredentials let the provider pass configuration; plans make no API call.
var PlanCredentials = []string{"ALICLOUD_ACCESS_KEY=bench", "ALICLOUD_SECRET_KEY=bench", "ALICLOUD_REGION=cn-hangzhou"}

// Workspace is one Terraform working directory.
type Workspace struct {
	h   *Harness
	Dir string
	Env []string
}

// Workspace writes a configuration of the given kind with n resources.
func (h *Harness) Workspace(kind string, n int, extraEnv ...string) (*Workspace, error) {
	var hcl string
	switch kind {
	case KindTerraformData:
		hcl = TerraformDataConfig(n)
	case KindFloor:
		hcl = FloorConfig(n)
	case KindFloorQuiet:
		return h.WorkspaceHCL(fmt.Sprintf("framework_floor_quiet-%d", n), FloorConfig(n), append(SDKLogsOff, extraEnv...)...)
	case KindMirror:
		return h.WorkspaceHCL(fmt.Sprintf("schema_floor-%d", n), MirrorConfig(n), append(SDKLogsOff, extraEnv...)...)
	case KindAliyun:
		hcl = AliyunConfig(n)
	default:
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	return h.WorkspaceHCL(fmt.Sprintf("%s-%d", kind, n), hcl, extraEnv...)
}

// WorkspaceHCL writes hcl as main.tf of a fresh working directory called name (an existing one is emptied).
func (h *Harness) WorkspaceHCL(name, hcl string, extraEnv ...string) (*Workspace, error) {
	dir := filepath.Join(h.Dir, name)
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(hcl), 0o644); err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+h.CLIConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
	)
	env = append(env, PlanCredentials...)
	return &Workspace{h: h, Dir: dir, Env: append(env, extraEnv...)}, nil
}

// Sample is one timed terraform command: wall time, and the CPU time of terraform and the plugins it
// started and waited for (less sensitive than wall time to other load on the machine).
type Sample struct {
	Wall, CPU time.Duration
	Output    []byte
}

// Run runs terraform with args in the workspace.
func (w *Workspace) Run(ctx context.Context, args ...string) (Sample, error) {
	cmd := exec.CommandContext(ctx, w.h.Terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.Env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	s := Sample{Wall: time.Since(start), Output: out.Bytes()}
	if cmd.ProcessState != nil {
		// wait4's usage of terraform includes the plugin processes it waited for.
		s.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		return s, fmt.Errorf("terraform %s in %s: %v\n%s", strings.Join(args, " "), w.Dir, err, out.String())
	}
	return s, nil
}

// Plan times `terraform plan -refresh=false` (no state: every resource is planned for creation).
func (w *Workspace) Plan(ctx context.Context) (Sample, error) {
	return w.Run(ctx, "plan", "-refresh=false", "-input=false", "-lock=false", "-no-color")
}

// TerraformDataConfig is n built-in terraform_data resources.
func TerraformDataConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "r" {
  count = %d
  input = "thing-${count.index}"
}
`, n)
}

// FloorConfig is n resources of the do-nothing framework provider.
func FloorConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    floor = {
      source = "bench/floor"
    }
  }
}

resource "floor_thing" "r" {
  count = %d
  name  = "thing-${count.index}"
}
`, n)
}

// Median of durations.
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
