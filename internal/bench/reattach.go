package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/bench/floor"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// InProcess is a provider served inside the calling process, which terraform reaches through
// TF_REATTACH_PROVIDERS instead of starting a plugin process: `go test -cpuprofile` then sees the
// provider's own work during a plan.
type InProcess struct {
	// Env is the TF_REATTACH_PROVIDERS=… entry to add to a workspace's environment.
	Env    string
	cancel context.CancelFunc
	done   chan error
}

// ServeInProcess serves the provider of the given kind (KindFloor or KindAliyun) in this process.
func ServeInProcess(kind string) (*InProcess, error) {
	var name string
	var factory = providerserver.NewProtocol6(provider.New("bench")())
	switch kind {
	case KindAliyun:
		name = "registry.terraform.io/aliyun-hpc/aliyun"
	case KindFloor:
		name = "registry.terraform.io/bench/floor"
		factory = providerserver.NewProtocol6(floor.New())
	case KindMirror:
		name = "registry.terraform.io/bench/mirror"
		factory = providerserver.NewProtocol6(NewMirror()())
	default:
		return nil, fmt.Errorf("no in-process provider for %q", kind)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cfgCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	p := &InProcess{cancel: cancel, done: make(chan error, 1)}
	go func() {
		p.done <- tf6server.Serve(name, factory, tf6server.WithDebug(ctx, cfgCh, closeCh), tf6server.WithoutLogStderrOverride())
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-cfgCh:
	case err := <-p.done:
		cancel()
		return nil, fmt.Errorf("serving %s in process: %v", name, err)
	}
	// The shape terraform reads from TF_REATTACH_PROVIDERS.
	type addr struct{ Network, String string }
	type entry struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	b, err := json.Marshal(map[string]entry{name: {
		Protocol: string(cfg.Protocol), ProtocolVersion: cfg.ProtocolVersion, Pid: cfg.Pid, Test: true,
		Addr: addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}})
	if err != nil {
		cancel()
		return nil, err
	}
	p.Env = "TF_REATTACH_PROVIDERS=" + string(b)
	return p, nil
}

// Close stops the server.
func (p *InProcess) Close() {
	p.cancel()
	if err := <-p.done; err != nil {
		log.Printf("in-process provider server: %v", err)
	}
}
