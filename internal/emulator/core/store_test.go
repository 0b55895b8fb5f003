package core

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPersistenceAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	open := func() (*Server, *rawSigner) {
		s, err := NewServer(Options{
			Products:  []Product{newTestProduct()},
			Env:       NewEnv(nil, 0, "cn-shanghai", 7),
			Keys:      []AccessKey{{ID: testKeyID, Secret: testKeySecret}},
			StatePath: path,
			Seed:      7,
		})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(s)
		t.Cleanup(ts.Close)
		return s, &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	}

	s1, sg := open()
	if got := s1.Seeded(); len(got) != 1 || got[0] != "one seeded item" {
		t.Fatalf("fresh start seeds: %v", got)
	}
	_, _, m := do(t, sg.rpc("POST", "CreateItem", map[string]string{"Name": "kept"}, time.Now()))
	id1, _ := m["ItemId"].(string)
	if id1 == "" {
		t.Fatalf("create: %v", m)
	}
	// Written after the mutating request already, not only on Close.
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), id1) {
		t.Fatalf("state file after a create: %v %s", err, data)
	}
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	s2, sg2 := open()
	if got := items(s2); got[id1] != "kept" || got["seeded"] != "cn-shanghai" || len(got) != 2 {
		t.Fatalf("restored items: %v", got)
	}
	if got := strings.Join(s2.Seeded(), "\n"); !strings.Contains(got, "restored") || strings.Contains(got, "seeded item") {
		t.Fatalf("a restore must not seed again: %q", got)
	}
	// The same seed after a restore must not hand out the same ids again.
	_, _, m = do(t, sg2.rpc("POST", "CreateItem", map[string]string{"Name": "after"}, time.Now()))
	if id2, _ := m["ItemId"].(string); id2 == "" || id2 == id1 {
		t.Fatalf("id after restore %q repeats %q", id2, id1)
	}

	var doc map[string]json.RawMessage
	data, _ = os.ReadFile(path)
	if err := json.Unmarshal(data, &doc); err != nil || doc["test"] == nil || doc[stateMetaKey] == nil {
		t.Fatalf("state document %s: %v", data, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left next to the state file: %v", entries)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file mode %v; it can hold passwords", fi.Mode())
	}
}

func TestCorruptStateFileRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := NewServer(Options{Products: []Product{newTestProduct()}, StatePath: path})
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("a corrupt state file must stop the start, naming the file: %v", err)
	}
}

func TestNoStatePathNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s, _ := newTestServer(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files written without a state path: %v", entries)
	}
}

// A state file that cannot be replaced fails the mutating request with 500 InternalError: the change exists in
// memory only, so the client must treat the outcome as unknown rather than as done. The failed write leaves no
// temporary file behind.
func TestPersistFailureIsAnInternalError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	_, ts := newTestServer(t, func(o *Options) { o.StatePath = path })
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	// A non-empty directory where the file was: renaming the new state over it fails.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(path, "keep"), 0o700); err != nil {
		t.Fatal(err)
	}
	status, _, m := do(t, sg.rpc("POST", "CreateItem", map[string]string{"Name": "lost"}, time.Now()))
	if status != 500 || m["Code"] != "InternalError" || !strings.Contains(m["Message"].(string), "saving the emulator state") {
		t.Fatalf("a change that could not be saved must not look successful: %d %v", status, m)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "state.json" {
		t.Fatalf("a failed write left files behind: %v", entries)
	}
	// Requests that change nothing are not affected.
	if status, _, m := do(t, sg.rpc("GET", "Echo", nil, time.Now())); status != 200 {
		t.Fatalf("echo after a failed write: %d %v", status, m)
	}
}
