package soak_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
)

// TestSoak_emulatorRestart kills the emulator (SIGKILL, no graceful state write) twice during an apply of one
// resource of each type, as the creates are sent and while they wait for provisioning, restarts it each time
// on the same port from the same state file, lets the apply end however it ends, and applies again: the second apply must converge (and a plan then be
// empty) with exactly one of each resource in the store.
func TestSoak_emulatorRestart(t *testing.T) {
	processTest(t)
	start := time.Now()
	providerDir, emuBin := binaries(t)
	built := time.Since(start)
	dir := t.TempDir()
	statePath, logPath := filepath.Join(dir, "emulator.json"), filepath.Join(dir, "emulator.log")
	const latency = 2 * time.Second
	emu := startEmulatorProc(t, emuBin, "127.0.0.1:0", statePath, latency, logPath)
	f := newFixtures(t, emu.admin(), acctest.RandomName("restart"), 1)
	ws := newWorkspace(t, providerDir, emu.URL, f.config())

	// The provider's log of this apply shows the calls that met the dead emulator.
	providerLog := filepath.Join(dir, "provider.log")
	var out bytes.Buffer
	apply := ws.command(&out, "apply", "-input=false", "-auto-approve", "-no-color")
	apply.Env = append(apply.Env[:len(apply.Env):len(apply.Env)], "TF_LOG_PROVIDER=DEBUG", "TF_LOG_PATH="+providerLog)
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	applyDone := make(chan error, 1)
	go func() { applyDone <- apply.Wait() }()
	t.Cleanup(func() {
		if apply.ProcessState == nil {
			_ = apply.Process.Kill()
		}
	})

	restart := func(when string) {
		emu.kill()
		killedAt := time.Now()
		// Requests now meet a refused connection, which the client retries; give it a few before the restart.
		time.Sleep(time.Second)
		emu = startEmulatorProc(t, emuBin, emu.Addr, statePath, latency, logPath)
		t.Logf("emulator killed %s and back on %s after %s", when, emu.Addr, time.Since(killedAt).Round(time.Millisecond))
	}
	// First while the creates are being sent: a create in flight is either applied and saved before its
	// answer is lost, or never applied; the resource must find out which before sending it again.
	waitFor(t, "a first create to be accepted", 30*time.Second, func() (bool, error) { return f.anyCreateAccepted(emu.admin()) })
	restart("as the first create was accepted")
	// Then in the middle of the waits: provisioning takes the latency; the resources are polling.
	waitFor(t, "every create to be accepted", 60*time.Second, func() (bool, error) { return f.allCreatesAccepted(emu.admin()) })
	time.Sleep(latency / 4)
	restart("while the resources wait for provisioning")

	select {
	case err := <-applyDone:
		t.Logf("first apply ended: %v", errOrOK(err))
		if err != nil {
			t.Logf("first apply output:\n%s", out.String())
		}
	case <-time.After(3 * time.Minute):
		t.Fatalf("the apply did not end after the restart:\n%s", out.String())
	}

	if b, err := os.ReadFile(providerLog); err == nil {
		t.Logf("calls that met the dead emulator: %d refused connections; creates whose outcome was unknown: %d",
			strings.Count(string(b), "connection refused"), strings.Count(string(b), "outcome unknown"))
	}

	// The emulator's request log names actions, never parameter values.
	assertNoSecrets(t, "the emulator's request log", readFile(t, logPath), secretValues)

	ws.mustRun(t, "apply", "-input=false", "-auto-approve", "-no-color")
	if err := f.checkApplied(emu.admin(), 1); err != nil {
		t.Fatal(err)
	}
	checkEmptyPlan(t, ws)
	ws.mustRun(t, "destroy", "-input=false", "-auto-approve", "-no-color")
	if err := f.checkDestroyed(emu.admin(), 1); err != nil {
		t.Fatal(err)
	}
	t.Logf("wall time %s (building the binaries %s)", time.Since(start).Round(time.Millisecond), built.Round(time.Millisecond))
}

// checkEmptyPlan fails unless a plan shows no change (exit code 0 with -detailed-exitcode).
func checkEmptyPlan(t *testing.T, ws *workspace) {
	t.Helper()
	out, err := ws.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 2 {
		t.Fatalf("the configuration has not converged: the plan after apply wants changes:\n%s", out)
	}
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
}

func errOrOK(err error) string {
	if err == nil {
		return "success"
	}
	return err.Error()
}

// interrupt sends SIGINT, as Ctrl-C in a terminal does.
func interrupt(cmd *exec.Cmd) error { return cmd.Process.Signal(syscall.SIGINT) }
