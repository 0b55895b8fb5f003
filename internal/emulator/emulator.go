// Package emulator is a local stand-in for the Alibaba Cloud APIs this provider uses: E-HPC (RPC 2018-04-12
// and 2024-07-30), Container Service for ACK edge clusters (ROA 2015-12-15) and Batch Compute (ROA
// 2015-11-11), on one HTTP listener, with signature checks, state, asynchronous progress, faults and an admin
// API. The protocol layer is in core; each product in its own package.
//
// Run it with `go run ./internal/emulator/cmd/emulator`, or in-process with New and Handler (acceptance tests).
package emulator

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Defaults, used for the zero values of Config.
const (
	// DefaultAccessKeyID and DefaultAccessKeySecret are the key pair the emulator accepts unless told
	// otherwise. They are not secrets: they only open a local emulator.
	DefaultAccessKeyID     = "LTAI5tEmulatorAccessKey"
	DefaultAccessKeySecret = "EmulatorSecretKey0123456789abcd"
	// DefaultRegion is the region the emulator pretends to be in (ids and endpoints derive from it).
	DefaultRegion = "cn-hangzhou"
	// DefaultLatency is how long asynchronous work (provisioning, tasks, node joins, deletion) takes.
	DefaultLatency = 3 * time.Second
	// DefaultListen is the command's listen address: loopback only, since the admin API is not signed.
	DefaultListen = "127.0.0.1:8099"
)

// Config configures an emulator. Zero values take the defaults above.
type Config struct {
	// Listen is the address the command listens on (DefaultListen); New itself does not listen.
	Listen string
	// AccessKeyID and AccessKeySecret are the accepted key pair (DefaultAccessKeyID, DefaultAccessKeySecret);
	// more pairs, STS ones included, are added through the admin API (POST /_emulator/keys).
	AccessKeyID     string
	AccessKeySecret string
	Region          string
	// StatePath, when set, is a JSON file restored at start and rewritten atomically after every change.
	StatePath string
	// Latency is how long asynchronous work takes (DefaultLatency); negative means instant.
	Latency time.Duration
	// FaultRate is the share (0..1) of API requests answered with a transient fault of any kind
	// (503, throttling, dropped connection, slow answer).
	FaultRate float64
	// Seed makes ids and faults reproducible.
	Seed int64
	// Clock is the emulator's time (the system clock when nil). Signature freshness always uses the wall clock.
	Clock core.Clock
	// Log receives one line per request; nil discards.
	Log io.Writer
}

// Products are the emulated products: the product packages imported in products.go, each of which
// registers its constructor. New, the command, the acceptance harness and the benchmarks all serve these.
var Products = core.RegisteredProducts()

// ProductNames are the names of the emulated products, in the order of Products ("ehpc", "cs", …).
func ProductNames() []string {
	out := make([]string, 0, len(Products))
	for _, newProduct := range Products {
		out = append(out, newProduct().Name())
	}
	return out
}

// EndpointEnv returns the provider's endpoint environment variables pointing every emulated product at url
// ("ALIBABA_CLOUD_ENDPOINT_EHPC=<url>", …): each product's name is the provider's product name.
func EndpointEnv(url string) []string {
	var out []string
	for _, name := range ProductNames() {
		out = append(out, "ALIBABA_CLOUD_ENDPOINT_"+strings.ToUpper(name)+"="+url)
	}
	return out
}

// Emulator serves every product.
type Emulator struct {
	server *core.Server
}

// New registers all products and restores Config.StatePath, or seeds a fresh inventory.
func New(cfg Config) (*Emulator, error) {
	if cfg.AccessKeyID == "" {
		cfg.AccessKeyID = DefaultAccessKeyID
	}
	if cfg.AccessKeySecret == "" {
		cfg.AccessKeySecret = DefaultAccessKeySecret
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	switch {
	case cfg.Latency == 0:
		cfg.Latency = DefaultLatency
	case cfg.Latency < 0:
		cfg.Latency = 0
	}
	var faults core.FaultConfig
	if cfg.FaultRate > 0 {
		faults = core.FaultConfig{Rate: cfg.FaultRate, Kinds: core.AllFaultKinds}
	}
	products := make([]core.Product, 0, len(Products))
	for _, newProduct := range Products {
		products = append(products, newProduct())
	}
	s, err := core.NewServer(core.Options{
		Products:  products,
		Env:       core.NewEnv(cfg.Clock, cfg.Latency, cfg.Region, cfg.Seed),
		Keys:      []core.AccessKey{{ID: cfg.AccessKeyID, Secret: cfg.AccessKeySecret}},
		StatePath: cfg.StatePath,
		Seed:      cfg.Seed,
		Faults:    faults,
		Log:       cfg.Log,
	})
	if err != nil {
		return nil, err
	}
	return &Emulator{server: s}, nil
}

// Handler is the HTTP handler serving the APIs and the admin API.
func (e *Emulator) Handler() http.Handler { return e.server }

// Server exposes the protocol layer (keys, faults, state access under the server lock) to Go callers.
func (e *Emulator) Server() *core.Server { return e.server }

// Seeded describes the inventory a fresh emulator starts with, or says that the state was restored.
func (e *Emulator) Seeded() []string { return e.server.Seeded() }

// Close writes the state file one last time.
func (e *Emulator) Close() error { return e.server.Close() }
