// Package ehpc emulates E-HPC: the 2024-07-30 cluster API (cluster.go) and the 2018-04-12 node API
// (nodes_2018.go), both over one cluster store, plus the ECS instance inventory that AddExistedNodes draws from.
package ehpc

import (
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Versions served.
const (
	Version2024 = "2024-07-30"
	Version2018 = "2018-04-12"
)

// Product is the E-HPC emulator.
type Product struct {
	state State
}

// init registers the product with the emulator; importing this package is what adds it.
func init() { core.RegisterProduct(func() core.Product { return New() }) }

// New returns the E-HPC emulator with an empty state.
func New() *Product {
	return &Product{state: State{Clusters: map[string]*Cluster{}, Instances: map[string]*Instance{}, Tasks: map[string]*Task{}}}
}

// Name implements core.Product.
func (p *Product) Name() string { return "ehpc" }

// State implements core.Product.
func (p *Product) State() any { return &p.state }

// APIs are the two RPC versions served; their errors are the RPC form.
var APIs = []core.API{{Style: core.StyleRPC, Version: Version2024}, {Style: core.StyleRPC, Version: Version2018}}

// Register implements core.Product.
func (p *Product) Register(r *core.Router) {
	for _, a := range APIs {
		r.API(a)
	}
	p.registerClusterAPI(r)
	p.registerDay2API(r)
	p.registerNodeAPI(r)
}

// Seed implements core.Product.
func (p *Product) Seed(env *core.Env) []string {
	return p.seedInstances(env)
}
