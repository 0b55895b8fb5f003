package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// StartupSample is one start of a provider binary the way terraform starts it.
type StartupSample struct {
	Handshake   time.Duration // exec until the plugin handshake line: process start-up
	Schema      time.Duration // the first GetProviderSchema call, as terraform makes it right after the handshake
	SchemaAgain time.Duration // a second call (what a cached schema would cost)
	SchemaBytes int           // size of the answer on the wire
	MaxRSS      int64         // peak resident set size in bytes (getrusage of the exited process)
}

// Total is start-up plus the first schema answer.
func (s StartupSample) Total() time.Duration { return s.Handshake + s.Schema }

// The handshake terraform-plugin-go expects (tf6server).
const (
	magicCookieKey   = "TF_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
)

// ProbeStartup starts the provider binary through the go-plugin handshake (without mTLS, as a client that
// sends no certificate gets), calls GetProviderSchema twice over gRPC and stops it. The schema is taken as
// opaque protobuf bytes: the timing is what matters here.
func ProbeStartup(ctx context.Context, binary string) (StartupSample, error) {
	var s StartupSample
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), magicCookieKey+"="+magicCookieValue, "PLUGIN_PROTOCOL_VERSIONS=6")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return s, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return s, err
	}
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return s, fmt.Errorf("reading the plugin handshake: %w", err)
	}
	s.Handshake = time.Since(start)
	// core-version|app-protocol|network|address|protocol|server-cert
	parts := strings.Split(strings.TrimSpace(line), "|")
	if len(parts) < 5 || parts[1] != "6" || parts[4] != "grpc" {
		return s, fmt.Errorf("unexpected plugin handshake %q", line)
	}
	target := parts[3]
	if parts[2] == "unix" {
		target = "unix:" + target
	}
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return s, err
	}
	defer conn.Close()
	call := func() (time.Duration, int, error) {
		var out rawMessage
		t := time.Now()
		err := conn.Invoke(ctx, "/tfplugin6.Provider/GetProviderSchema", &rawMessage{}, &out, grpc.ForceCodec(rawCodec{}))
		return time.Since(t), len(out), err
	}
	if s.Schema, s.SchemaBytes, err = call(); err != nil {
		return s, fmt.Errorf("GetProviderSchema: %w", err)
	}
	if s.SchemaAgain, _, err = call(); err != nil {
		return s, fmt.Errorf("GetProviderSchema (again): %w", err)
	}
	// Plugins ignore SIGINT (terraform stops them over gRPC); the peak RSS survives a kill.
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return s, nil
}

// rawMessage is a protobuf message kept as bytes: the empty GetProviderSchema request, and its answer.
type rawMessage []byte

type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	m, ok := v.(*rawMessage)
	if !ok {
		return nil, fmt.Errorf("raw codec: cannot marshal %T", v)
	}
	return *m, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	m, ok := v.(*rawMessage)
	if !ok {
		return fmt.Errorf("raw codec: cannot unmarshal into %T", v)
	}
	*m = append((*m)[:0], data...)
	return nil
}

// Name is "proto" so that the server decodes the request with its protobuf codec.
func (rawCodec) Name() string { return "proto" }
