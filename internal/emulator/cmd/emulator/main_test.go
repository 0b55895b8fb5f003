package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startCommand runs the command with args and returns the lines it printed before serving, and a stop
// function returning run's error.
func startCommand(t *testing.T, args ...string) ([]string, *strings.Builder, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &strings.Builder{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append(args, "-quiet"), pw, stderr)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var out []string
	timeout := time.After(10 * time.Second)
	for len(out) < 5 {
		select {
		case l, ok := <-lines:
			if !ok {
				cancel()
				t.Fatalf("command ended early: %v (stderr %s)", <-done, stderr)
			}
			out = append(out, l)
		case <-timeout:
			cancel()
			t.Fatalf("command printed only %q", out)
		}
	}
	go func() {
		for range lines {
		}
	}()
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			t.Fatal("command did not stop")
			return nil
		}
	}
	return out, stderr, stop
}

func TestCommandLoopbackPortZeroAndShutdown(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	out, _, stop := startCommand(t, "-listen", "127.0.0.1:0", "-latency", "20ms", "-state", state, "-seed", "5")
	url := out[0]
	if !strings.HasPrefix(url, "http://127.0.0.1:") || strings.HasSuffix(url, ":0") {
		t.Fatalf("first line must be the real URL, got %q", url)
	}
	if !strings.Contains(out[1], "loopback only") {
		t.Fatalf("second line must say loopback only: %q", out[1])
	}
	if !strings.Contains(strings.Join(out, "\n"), "LTAI5tEmulatorAccessKey") {
		t.Fatalf("credentials not printed: %q", out)
	}
	resp, err := http.Get(url + "/_emulator/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("health: %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("state not written on shutdown: %v", err)
	}
}

func TestCommandWarnsOnNonLoopback(t *testing.T) {
	out, stderr, stop := startCommand(t, "-listen", "0.0.0.0:0")
	defer func() { _ = stop() }()
	if !strings.Contains(out[1], "WARNING") || !strings.Contains(stderr.String(), "NOT loopback") {
		t.Fatalf("no loud warning: %q / %q", out[1], stderr.String())
	}
}

func TestCommandRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-fault-rate", "2"}, {"-latency", "soon"}, {"extra"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
