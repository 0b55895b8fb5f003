package client

import (
	"encoding/json"
	"net/url"
	"slices"
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
	for _, form := range secretForms(s) {
		if !slices.Contains(m.secrets, form) {
			m.secrets = append(m.secrets, form)
		}
	}
	// Longest first, so a secret that contains another is masked whole.
	sort.Slice(m.secrets, func(i, j int) bool { return len(m.secrets[i]) > len(m.secrets[j]) })
}

// secretForms lists how a secret can appear in text that reaches a log: verbatim; form- or percent-encoded
// (URLs, an RPC canonical query); percent-encoded twice (an RPC string to sign, which SignatureDoesNotMatch
// messages echo back, parameters and security token included); JSON-escaped (raw response bodies).
func secretForms(s string) []string {
	pe := strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
	forms := []string{s, url.QueryEscape(s), pe, url.QueryEscape(pe)}
	if b, err := json.Marshal(s); err == nil {
		forms = append(forms, string(b[1:len(b)-1]))
	}
	return forms
}

func (m *secretMasker) mask(s string) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, sec := range m.secrets {
		s = strings.ReplaceAll(s, sec, "***")
	}
	return s
}
