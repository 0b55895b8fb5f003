package core

import "testing"

type namedProduct struct {
	Product
	name string
}

func (p namedProduct) Name() string { return p.name }

func TestRegisteredProductsAreOrderedByName(t *testing.T) {
	registryMu.Lock()
	saved := registry
	registry = map[string]func() Product{}
	registryMu.Unlock()
	t.Cleanup(func() {
		registryMu.Lock()
		registry = saved
		registryMu.Unlock()
	})
	for _, n := range []string{"zeta", "alpha", "mid", "alpha"} {
		RegisterProduct(func() Product { return namedProduct{name: n} })
	}
	got := RegisteredProducts()
	var names []string
	for _, f := range got {
		names = append(names, f().Name())
	}
	if len(names) != 3 || names[0] != "alpha" || names[1] != "mid" || names[2] != "zeta" {
		t.Fatalf("registered products = %v, want [alpha mid zeta] (one per name, sorted)", names)
	}
}
