package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// stateMetaKey holds the emulator's own bookkeeping in the state document, next to the products' states.
const stateMetaKey = "_emulator"

// stateMeta is the emulator's part of the state document.
type stateMeta struct {
	// Generation counts restores. It is mixed into the id randomness after a restore: with the same -seed, a
	// restarted emulator would otherwise hand out the ids it handed out before the restart.
	Generation int64 `json:"generation"`
}

// store persists the state document: a JSON object {product name: product.State(), "_emulator": meta}.
type store struct {
	path string
	meta stateMeta
}

// stateDocument builds the document under the server mutex.
func (s *Server) stateDocumentLocked() map[string]any {
	doc := make(map[string]any, len(s.products)+1)
	for _, p := range s.products {
		doc[p.Name()] = p.State()
	}
	doc[stateMetaKey] = s.store.meta
	return doc
}

// restoreOrSeed loads the state file into the products' states, seeding any product the file does not know
// (all of them when there is no file).
func (s *Server) restoreOrSeed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw := map[string]json.RawMessage{}
	if s.store.path != "" {
		data, err := os.ReadFile(s.store.path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("reading emulator state %s: %w", s.store.path, err)
		default:
			if err := json.Unmarshal(data, &raw); err != nil {
				return fmt.Errorf("emulator state %s is not a JSON object: %w", s.store.path, err)
			}
		}
	}
	if m, ok := raw[stateMetaKey]; ok {
		if err := json.Unmarshal(m, &s.store.meta); err != nil {
			return fmt.Errorf("emulator state %s: %s: %w", s.store.path, stateMetaKey, err)
		}
	}
	if len(raw) > 0 {
		s.store.meta.Generation++
		g := uint64(s.store.meta.Generation)
		s.env.rnd = rand.New(rand.NewPCG(uint64(s.seed)^(g*0x9e3779b97f4a7c15), g))
		s.seeded = append(s.seeded, fmt.Sprintf("State restored from %s (restart %d).", s.store.path, s.store.meta.Generation))
	}
	for _, p := range s.products {
		if m, ok := raw[p.Name()]; ok {
			if err := json.Unmarshal(m, p.State()); err != nil {
				return fmt.Errorf("emulator state %s: product %s: %w", s.store.path, p.Name(), err)
			}
			continue
		}
		s.seeded = append(s.seeded, p.Seed(s.env)...)
	}
	return s.persistLocked()
}

// persistLocked writes the state file (when there is one); the caller holds s.mu.
func (s *Server) persistLocked() error {
	if s.store.path == "" {
		return nil
	}
	data, err := json.Marshal(s.stateDocumentLocked())
	if err != nil {
		return fmt.Errorf("encoding emulator state: %w", err)
	}
	return writeFileAtomic(s.store.path, data)
}

// writeFileAtomic replaces path with data so that a crash leaves either the old or the new file: write a
// temporary file in the same directory, fsync it, rename it over path, fsync the directory.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	cleanup := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		return cleanup(err)
	}
	if _, err := f.Write(data); err != nil {
		return cleanup(err)
	}
	if err := f.Sync(); err != nil {
		return cleanup(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
