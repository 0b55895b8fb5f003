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

// secretForms lists how a secret can appear in text that reaches a log: verbatim or JSON-escaped (raw response
// bodies, and JSON-valued RPC parameters such as ClusterCredentials, where Go also escapes <, > and &), each
// of those form- or percent-encoded once or twice (URLs, an RPC canonical query, and the RPC string to sign,
// which SignatureDoesNotMatch messages echo back, parameters and security token included).
func secretForms(s string) []string {
	pe := func(v string) string {
		return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(v))
	}
	js := s
	if b, err := json.Marshal(s); err == nil {
		js = string(b[1 : len(b)-1])
	}
	var forms []string
	for _, v := range []string{s, js} {
		forms = append(forms, v, url.QueryEscape(v), pe(v), url.QueryEscape(pe(v)), pe(pe(v)))
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
