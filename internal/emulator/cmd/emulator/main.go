// Command emulator serves a local stand-in for the E-HPC, ACK (CS) and Batch Compute APIs.
//
// The first line it prints is the URL it listens on; point the provider's endpoints at it. See README.md
// ("The emulator") for the flags and the admin API.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
)

func main() {
	if err := runWithSignals(); err != nil {
		fmt.Fprintln(os.Stderr, "emulator:", err)
		os.Exit(1)
	}
}

func runWithSignals() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

// run serves until ctx ends (SIGINT or SIGTERM), then stops accepting requests, lets those in flight finish
// and writes the state file.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", emulator.DefaultListen, "address to listen on (loopback by default; the admin API is unauthenticated)")
	akID := fs.String("access-key-id", emulator.DefaultAccessKeyID, "access key id the emulator accepts")
	akSecret := fs.String("access-key-secret", emulator.DefaultAccessKeySecret, "access key secret the emulator accepts")
	region := fs.String("region", emulator.DefaultRegion, "region the emulator pretends to be in")
	statePath := fs.String("state", "", "JSON `file` to keep state in across restarts (restored at start, written after every change)")
	latency := fs.Duration("latency", emulator.DefaultLatency, "how long asynchronous work (provisioning, tasks, deletion) takes")
	faultRate := fs.Float64("fault-rate", 0, "share (0..1) of API requests answered with a transient fault (503, throttling, dropped connection, slow answer)")
	seed := fs.Int64("seed", 0, "seed of ids and faults")
	quiet := fs.Bool("quiet", false, "do not log one line per request on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	if *faultRate < 0 || *faultRate > 1 {
		return fmt.Errorf("-fault-rate must be between 0 and 1, got %v", *faultRate)
	}
	lat := *latency
	if lat == 0 {
		lat = -1 // Config treats 0 as "default"; the flag's 0 means instant.
	}
	var reqLog io.Writer
	if !*quiet {
		reqLog = stderr
	}
	emu, err := emulator.New(emulator.Config{
		Listen: *listen, AccessKeyID: *akID, AccessKeySecret: *akSecret, Region: *region,
		StatePath: *statePath, Latency: lat, FaultRate: *faultRate, Seed: *seed, Log: reqLog,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		emu.Close()
		return err
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintln(stdout, url)
	if isLoopback(ln.Addr()) {
		fmt.Fprintf(stdout, "Listening on loopback only (%s); other machines cannot reach it.\n", ln.Addr())
	} else {
		warning := fmt.Sprintf("WARNING: listening on %s, which is NOT loopback only: anyone who can reach this address can use "+
			"the unauthenticated admin API (/_emulator/) and knows the documented default credentials unless you changed them.", ln.Addr())
		fmt.Fprintln(stdout, warning)
		fmt.Fprintln(stderr, warning)
	}
	fmt.Fprintf(stdout, "Credentials: export ALIBABA_CLOUD_ACCESS_KEY_ID=%s ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s ALIBABA_CLOUD_REGION_ID=%s\n", *akID, *akSecret, *region)
	fmt.Fprintf(stdout, "Endpoints: export %s\n", strings.Join(emulator.EndpointEnv(url), " "))
	fmt.Fprintf(stdout, "Asynchronous work takes %s; state %s; fault rate %v.\n", max(lat, 0), describeState(*statePath), *faultRate)
	for _, line := range emu.Seeded() {
		fmt.Fprintln(stdout, line)
	}

	srv := &http.Server{Handler: emu.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		emu.Close()
		return err
	case <-ctx.Done():
		fmt.Fprintln(stderr, "emulator: shutting down")
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shutdownErr := srv.Shutdown(sctx)
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		shutdownErr = errors.Join(shutdownErr, err)
	}
	if err := emu.Close(); err != nil {
		return fmt.Errorf("saving state: %w", err)
	}
	if shutdownErr != nil && !errors.Is(shutdownErr, context.DeadlineExceeded) {
		return shutdownErr
	}
	return nil
}

func describeState(path string) string {
	if path == "" {
		return "in memory only (-state FILE keeps it across restarts)"
	}
	return "kept in " + path
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
