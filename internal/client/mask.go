package client

import (
	"sort"
	"strings"
	"sync"
)

// secretMasker replaces registered secrets in log text. Secrets shorter than 4 characters are not
// registered: masking them would shred ordinary words and they are not real secrets anyway.
type secretMasker struct {
	mu      sync.RWMutex
	secrets []string
}

func newSecretMasker() *secretMasker { return &secretMasker{} }

func (m *secretMasker) add(s string) {
	if len(s) < 4 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, have := range m.secrets {
		if have == s {
			return
		}
	}
	m.secrets = append(m.secrets, s)
	// Longest first, so a secret that contains another is masked whole.
	sort.Slice(m.secrets, func(i, j int) bool { return len(m.secrets[i]) > len(m.secrets[j]) })
}

func (m *secretMasker) mask(s string) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, sec := range m.secrets {
		s = strings.ReplaceAll(s, sec, "***")
	}
	return s
}
