// Package batchcompute emulates Batch Compute 2015-11-11: clusters (create, get, list, modify, delete) with idempotency tokens.
package batchcompute

import "github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"

// State is everything the product keeps; it is persisted as JSON.
type State struct{}

// Product is the emulator of this service.
type Product struct {
	state State
}

// New returns the emulator with an empty state.
func New() *Product { return &Product{} }

// Name implements core.Product.
func (p *Product) Name() string { return "batchcompute" }

// State implements core.Product.
func (p *Product) State() any { return &p.state }

// Register implements core.Product.
func (p *Product) Register(r *core.Router) {}

// Seed implements core.Product.
func (p *Product) Seed(env *core.Env) []string { return nil }
