package acctest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ProviderSource is the provider's registry address, as configurations name it in required_providers.
const ProviderSource = "aliyun-hpc/aliyun"

// CLI runs the real terraform binary against a provider binary built from this module, for what the
// in-process test framework cannot observe: warnings in plan output, and `terraform plan
// -generate-config-out`. The provider is installed with dev_overrides in a CLI configuration written for the
// test, so nothing is downloaded. The environment is the test's, so the provider reaches the same target
// (the in-process emulator after PreCheck, or a real account).
type CLI struct {
	t      testing.TB
	Dir    string // the working directory, holding the configuration
	config string // the CLI configuration file
}

// NewCLI builds the provider and returns a runner with a fresh working directory.
func NewCLI(t *testing.T) *CLI {
	t.Helper()
	SkipUnlessAcceptance(t)
	PreCheck(t)
	// Built per test into its own temporary directory, so nothing outlives the test; the build cache makes
	// every build after the first a link of a few seconds.
	buildDir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(buildDir, "terraform-provider-aliyun"), "github.com/aliyun-hpc/terraform-provider-aliyun")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, ".terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", "registry.terraform.io/"+ProviderSource, buildDir)
	if err := os.WriteFile(cfg, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return &CLI{t: t, Dir: dir, config: cfg}
}

// WriteConfig writes main.tf, with the required_providers block that selects the built provider prepended.
func (c *CLI) WriteConfig(hcl string) {
	c.t.Helper()
	full := fmt.Sprintf("terraform {\n  required_providers {\n    aliyun = {\n      source = %q\n    }\n  }\n}\n\n%s", ProviderSource, hcl)
	if err := os.WriteFile(filepath.Join(c.Dir, "main.tf"), []byte(full), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Run runs terraform with args in the working directory and returns its combined output; a non-zero exit
// is returned as an error together with the output.
func (c *CLI) Run(args ...string) (string, error) {
	c.t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		tf = "terraform"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if len(args) > 0 && args[0] != "version" {
		args = append([]string{args[0], "-no-color"}, args[1:]...)
	}
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+c.config, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String(), nil
}

// MustRun is Run that fails the test on a non-zero exit.
func (c *CLI) MustRun(args ...string) string {
	c.t.Helper()
	out, err := c.Run(args...)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}
