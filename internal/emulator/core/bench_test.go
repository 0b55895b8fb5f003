package core

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The benchmarks measure the server's throughput with signature checking: each iteration signs a fresh
// request (new nonce) and serves it through the real handler (routing, signature, nonce cache, stats, fault
// decision, handler under the mutex, JSON answer). Run with
//
//	go test ./internal/emulator/core -run '^$' -bench Signed -cpu 1
//
// and read the req/s metric.

func BenchmarkSignedRPC(b *testing.B) {
	s, _ := newTestServer(b)
	sg := &rawSigner{base: "http://emulator", keyID: testKeyID, secret: testKeySecret}
	params := map[string]string{"ClusterId": "cls-hz-0123456789", "Instance.1.Id": "i-1", "Instance.2.Id": "i-2"}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, sg.rpc("GET", "Echo", params, now))
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func BenchmarkSignedROA(b *testing.B) {
	s, _ := newTestServer(b)
	sg := &rawSigner{base: "http://emulator", keyID: testKeyID, secret: testKeySecret}
	query := url.Values{"instanceIds": {"i-1,i-2"}, "pageSize": {"100"}}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, sg.roa("GET", testROAVersion, "/clusters/c0123/nodes", query, nil, now, map[string]string{"x-acs-signature-nonce": sg.nonce()}))
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkPersist10k measures one state write (marshal, temp file, fsync, rename, fsync dir) with 10,000
// stored objects of about 1 KiB: the cost added to every mutating request when -state is set.
func BenchmarkPersist10k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "state.json")
	s, _ := newTestServer(b, func(o *Options) { o.StatePath = path })
	filler := strings.Repeat("x", 1000)
	s.Do(func() {
		st := testStateOf(s)
		for i := 0; i < 10000; i++ {
			st.Items[fmt.Sprintf("cls-%06d", i)] = filler
		}
	})
	for b.Loop() {
		s.Do(func() {
			if err := s.persistLocked(); err != nil {
				b.Fatal(err)
			}
		})
	}
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
	}
}
