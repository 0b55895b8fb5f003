package main

import (
	"net"
	"strings"
	"testing"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
)

// Without -listen the command binds the loopback default and says so. The other tests pass -listen; this
// one is what a user who types just `emulator` gets.
func TestCommandDefaultListenIsLoopback(t *testing.T) {
	// The default port may be taken by an emulator a developer is running; that is not a failure of this rule.
	ln, err := net.Listen("tcp", emulator.DefaultListen)
	if err != nil {
		t.Skipf("%s is in use: %v", emulator.DefaultListen, err)
	}
	ln.Close()
	out, _, stop := startCommand(t, "-latency", "20ms")
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
	}()
	if out[0] != "http://"+emulator.DefaultListen {
		t.Fatalf("without -listen the URL is %q, want http://%s", out[0], emulator.DefaultListen)
	}
	if !strings.HasPrefix(out[1], "Listening on loopback only") {
		t.Fatalf("without -listen the command must say it listens on loopback only: %q", out[1])
	}
}
