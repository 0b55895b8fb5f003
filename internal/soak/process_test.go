package soak_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/batchcompute"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/ehpc"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// The process-level tests run what a user runs: the emulator command, the provider binary installed
// through a CLI configuration's dev_overrides, and terraform from PATH, each as its own process, so that
// one can be killed or interrupted while the others carry on.

var (
	binOnce sync.Once
	binDir  string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// processTest skips unless acceptance tests are on (TF_ACC, as resource.Test requires). The process-level
// tests take 5-25 s each (emulator latency, not CPU), so they run in every `make test`.
func processTest(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run tests that apply configurations")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform is not on PATH")
	}
}

// binaries builds the provider and the emulator command once per test binary.
func binaries(t *testing.T) (providerDir, emulatorBin string) {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "soak-bin-") //nolint:usetesting // shared by the tests of this binary; TestMain removes it
		if binErr != nil {
			return
		}
		for pkg, out := range map[string]string{
			"../..":                    "terraform-provider-aliyun",
			"../emulator/cmd/emulator": "emulator",
		} {
			cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, out), pkg)
			if b, err := cmd.CombinedOutput(); err != nil {
				binErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
				return
			}
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binDir, filepath.Join(binDir, "emulator")
}

// emulatorProc is the emulator command running as a process.
type emulatorProc struct {
	cmd  *exec.Cmd
	URL  string
	Addr string // host:port
	done chan struct{}
}

// startEmulatorProc runs the emulator on listen ("127.0.0.1:0" picks a port) with the state file; its request
// log goes to logFile.
func startEmulatorProc(t *testing.T, bin, listen, statePath string, latency time.Duration, logFile string) *emulatorProc {
	t.Helper()
	lf, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-listen", listen, "-state", statePath, "-latency", latency.String())
	cmd.Stderr = lf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &emulatorProc{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		lf.Close()
		close(p.done)
	}()
	t.Cleanup(p.kill)
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case first <- sc.Text():
			default:
			}
		}
	}()
	select {
	case line := <-first:
		if !strings.HasPrefix(line, "http://") {
			t.Fatalf("the emulator's first line is not its URL: %q", line)
		}
		p.URL = line
		p.Addr = strings.TrimPrefix(line, "http://")
	case <-p.done:
		t.Fatalf("the emulator exited before printing its URL (log in %s)", logFile)
	case <-time.After(15 * time.Second):
		t.Fatal("the emulator printed no URL within 15s")
	}
	// The URL is printed before serving starts; wait until it answers.
	admin := p.admin()
	deadline := time.Now().Add(10 * time.Second)
	for admin.Health(context.Background()) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the emulator does not answer its health route")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return p
}

func (p *emulatorProc) admin() *emulator.Admin { return &emulator.Admin{BaseURL: p.URL} }

// kill ends the process with SIGKILL: no graceful shutdown, no last state write.
func (p *emulatorProc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// workspace is a terraform working directory wired to the emulator at url through the environment a user
// would set, with the provider binary installed through dev_overrides.
type workspace struct {
	dir string
	env []string
}

func newWorkspace(t *testing.T, providerDir, url, config string) *workspace {
	t.Helper()
	dir := t.TempDir()
	cliConfig := filepath.Join(dir, "dev.tfrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", "aliyun-hpc/aliyun", providerDir)
	if err := os.WriteFile(cliConfig, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	main := "terraform {\n  required_providers {\n    aliyun = {\n      source = \"aliyun-hpc/aliyun\"\n    }\n  }\n}\n" + config
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "ALICLOUD_") || strings.HasPrefix(k, "ALIBABA_CLOUD_") || strings.HasPrefix(k, "TF_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"ALICLOUD_ACCESS_KEY="+emulator.DefaultAccessKeyID,
		"ALICLOUD_SECRET_KEY="+emulator.DefaultAccessKeySecret,
		"ALICLOUD_REGION="+emulator.DefaultRegion,
		provider.PollInitialDelayEnv+"=200ms",
	)
	env = append(env, provider.EndpointEnv(url)...)
	return &workspace{dir: dir, env: env}
}

// command prepares terraform with args in the workspace; output collects stdout and stderr.
func (w *workspace) command(output *bytes.Buffer, args ...string) *exec.Cmd {
	cmd := exec.Command("terraform", args...)
	cmd.Dir, cmd.Env = w.dir, w.env
	cmd.Stdout, cmd.Stderr = output, output
	return cmd
}

// run runs terraform to the end and returns its output and error.
func (w *workspace) run(args ...string) (string, error) {
	var out bytes.Buffer
	err := w.command(&out, args...).Run()
	return out.String(), err
}

func (w *workspace) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := w.run(args...)
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// stateInstance is one resource instance in terraform.tfstate.
type stateInstance struct {
	Address string
	ID      string
	Status  string // "" or "tainted"
}

func (w *workspace) state(t *testing.T) []stateInstance {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				IndexKey   any            `json:"index_key"`
				Status     string         `json:"status"`
				Attributes map[string]any `json:"attributes"`
			}
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("terraform.tfstate: %v", err)
	}
	var out []stateInstance
	for _, r := range doc.Resources {
		for _, in := range r.Instances {
			id, _ := in.Attributes["id"].(string)
			out = append(out, stateInstance{Address: fmt.Sprintf("%s.%s[%v]", r.Type, r.Name, in.IndexKey), ID: id, Status: in.Status})
		}
	}
	return out
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s (last error: %v)", timeout, what, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// anyCreateAccepted reports whether the emulator holds the create of at least one resource.
func (f fixtures) anyCreateAccepted(admin *emulator.Admin) (bool, error) {
	s, err := readStore(admin)
	if err != nil {
		return false, err
	}
	if len(ownNames(s.EHPC.Clusters, f.prefix, func(c *ehpc.Cluster) string { return c.Name }))+
		len(ownNames(s.Batch.Clusters, f.prefix, func(c *batchcompute.Cluster) string { return c.Name })) > 0 {
		return true, nil
	}
	for _, cid := range f.nodesClusters {
		if c := s.EHPC.Clusters[cid]; c != nil && len(c.Nodes) > 0 {
			return true, nil
		}
	}
	for _, cid := range f.edgeClusters {
		if c := s.CS.Clusters[cid]; c != nil && len(c.TaskIDs) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// allCreatesAccepted reports whether the emulator holds the creates of every resource of a one-of-each
// configuration (the waits are then under way).
func (f fixtures) allCreatesAccepted(admin *emulator.Admin) (bool, error) {
	s, err := readStore(admin)
	if err != nil {
		return false, err
	}
	ok := len(ownNames(s.EHPC.Clusters, f.prefix, func(c *ehpc.Cluster) string { return c.Name })) > 0 &&
		len(ownNames(s.Batch.Clusters, f.prefix, func(c *batchcompute.Cluster) string { return c.Name })) > 0
	for _, cid := range f.nodesClusters {
		ok = ok && s.EHPC.Clusters[cid] != nil && len(s.EHPC.Clusters[cid].Nodes) > 0
	}
	for _, cid := range f.edgeClusters {
		ok = ok && s.CS.Clusters[cid] != nil && len(s.CS.Clusters[cid].TaskIDs) > 0
	}
	return ok, nil
}
