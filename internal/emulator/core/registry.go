package core

import (
	"sort"
	"sync"
)

var (
	registryMu sync.Mutex
	registry   = map[string]func() Product{}
)

// RegisterProduct is called by each product package's init with its constructor: importing the package
// (internal/emulator/products.go, one line each) is what adds the product to the emulator. A second
// registration under the same name replaces the first.
func RegisterProduct(newProduct func() Product) {
	name := newProduct().Name()
	registryMu.Lock()
	defer registryMu.Unlock()
	registry[name] = newProduct
}

// RegisteredProducts returns the constructors of every registered product, ordered by product name so that
// routes, seeds and start-up output are stable.
func RegisteredProducts() []func() Product {
	registryMu.Lock()
	defer registryMu.Unlock()
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]func() Product, 0, len(names))
	for _, name := range names {
		out = append(out, registry[name])
	}
	return out
}
