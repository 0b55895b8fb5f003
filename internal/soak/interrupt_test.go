package soak_test

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
)

// TestSoak_interrupt interrupts terraform (SIGINT, as Ctrl-C does) while one resource of each type waits for
// a provisioning that takes several seconds. Terraform stops the provider and saves what it returned: every
// resource must be in the state with its id (tainted, since its create did not finish), so nothing is
// orphaned, and the next apply must converge with exactly one of each in the store.
func TestSoak_interrupt(t *testing.T) {
	processTest(t)
	start := time.Now()
	providerDir, emuBin := binaries(t)
	dir := t.TempDir()
	const latency = 3 * time.Second
	emu := startEmulatorProc(t, emuBin, "127.0.0.1:0", filepath.Join(dir, "emulator.json"), latency, filepath.Join(dir, "emulator.log"))
	admin := emu.admin()
	f := newFixtures(t, admin, acctest.RandomName("sigint"), 1)
	ws := newWorkspace(t, providerDir, emu.URL, f.config())

	var out bytes.Buffer
	apply := ws.command(&out, "apply", "-input=false", "-auto-approve", "-no-color")
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
	waitFor(t, "every create to be accepted", 30*time.Second, func() (bool, error) { return f.allCreatesAccepted(admin) })
	time.Sleep(time.Second)
	if err := interrupt(apply); err != nil {
		t.Fatal(err)
	}
	interruptedAt := time.Now()
	select {
	case err := <-applyDone:
		if err == nil {
			t.Fatalf("the interrupted apply succeeded; it should have stopped before provisioning ended:\n%s", out.String())
		}
		t.Logf("interrupted apply ended after %s: %v", time.Since(interruptedAt).Round(time.Millisecond), err)
	case <-time.After(2 * time.Minute):
		t.Fatalf("terraform did not stop within 2 minutes of SIGINT:\n%s", out.String())
	}

	// Every resource whose create was accepted is in the state with its id.
	st := ws.state(t)
	byType := map[string]int{}
	for _, in := range st {
		if in.ID == "" {
			t.Errorf("%s is in the state without an id", in.Address)
		}
		byType[in.Address[:len(in.Address)-len(".soak[0]")]]++
		t.Logf("after SIGINT: %s id=%s status=%q", in.Address, in.ID, in.Status)
	}
	for _, typ := range []string{"aliyun_ehpc_cluster", "aliyun_ehpc_existing_nodes", "aliyun_ack_edge_scale_out", "aliyun_batchcompute_cluster"} {
		if byType[typ] != 1 {
			t.Errorf("the state holds %d %s after SIGINT, want 1 (its create was accepted)\n%s", byType[typ], typ, out.String())
		}
	}
	if t.Failed() {
		return
	}
	// And the store holds exactly those: the interrupt neither orphaned nor repeated a create.
	if err := f.checkApplied(admin, 1); err != nil {
		t.Fatalf("after SIGINT: %v", err)
	}

	ws.mustRun(t, "apply", "-input=false", "-auto-approve", "-no-color")
	if err := f.checkApplied(admin, 2); err != nil {
		t.Fatal(err)
	}
	checkEmptyPlan(t, ws)
	ws.mustRun(t, "destroy", "-input=false", "-auto-approve", "-no-color")
	if err := f.checkDestroyed(admin, 2); err != nil {
		t.Fatal(err)
	}
	t.Logf("wall time %s", time.Since(start).Round(time.Millisecond))
}
