package core

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func items(s *Server) map[string]string {
	out := map[string]string{}
	s.Do(func() {
		for k, v := range testStateOf(s).Items {
			out[k] = v
		}
	})
	return out
}

func TestFaultKinds(t *testing.T) {
	s, ts := newTestServer(t)
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	only := func(kind string) {
		t.Helper()
		if err := s.SetFaults(FaultConfig{Rate: 1, Kinds: []string{kind}, SlowDelayMS: 150}); err != nil {
			t.Fatal(err)
		}
	}

	only(FaultUnavailable)
	status, _, m := do(t, sg.rpc("POST", "CreateItem", map[string]string{"Name": "a"}, time.Now()))
	if status != 503 || m["Code"] != "ServiceUnavailable" {
		t.Fatalf("unavailable: %d %v", status, m)
	}

	only(FaultThrottle)
	status, h, m := do(t, sg.rpc("POST", "CreateItem", map[string]string{"Name": "a"}, time.Now()))
	if status != 400 || m["Code"] != "Throttling.User" ||
		!regexp.MustCompile(`^Limit:10,Remain:0,TimeLeft:\d+,Reset:\d+$`).MatchString(h.Get("x-ratelimit-user")) {
		t.Fatalf("throttle: %d %v %v", status, h, m)
	}

	only(FaultDrop)
	if resp, err := http.DefaultClient.Do(sg.rpc("POST", "CreateItem", map[string]string{"Name": "a"}, time.Now())); err == nil {
		resp.Body.Close()
		t.Fatalf("drop: got an answer %d", resp.StatusCode)
	}
	if n := len(items(s)); n != 1 {
		t.Fatalf("faults before the handler must not apply the request; items: %v", items(s))
	}

	only(FaultSlow)
	start := time.Now()
	status, _, m = do(t, sg.rpc("POST", "CreateItem", map[string]string{"Name": "slow"}, time.Now()))
	if status != 200 || time.Since(start) < 150*time.Millisecond || m["ItemId"] == nil {
		t.Fatalf("slow: %d after %s: %v", status, time.Since(start), m)
	}

	// Admin routes are never faulted.
	only(FaultDrop)
	if status, _, _ := do(t, mustRequest("GET", ts.URL+"/_emulator/health", nil, nil)); status != 200 {
		t.Fatalf("admin faulted: %d", status)
	}
	if got := s.Stats()["test:CreateItem"]; got != 4 {
		t.Fatalf("stats count every request, faulted ones too: %d", got)
	}
}

func TestFaultLoseCreateResponses(t *testing.T) {
	s, ts := newTestServer(t, func(o *Options) { o.StatePath = t.TempDir() + "/state.json" })
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	if err := s.SetFaults(FaultConfig{LoseCreateResponses: 1}); err != nil {
		t.Fatal(err)
	}
	// Non-creating routes are not affected.
	if status, _, _ := do(t, sg.rpc("GET", "Echo", nil, time.Now())); status != 200 {
		t.Fatalf("echo: %d", status)
	}
	if resp, err := http.DefaultClient.Do(sg.rpc("POST", "CreateItem", map[string]string{"Name": "lost"}, time.Now())); err == nil {
		resp.Body.Close()
		t.Fatalf("lost create answered %d", resp.StatusCode)
	}
	found := false
	for _, v := range items(s) {
		found = found || v == "lost"
	}
	if !found {
		t.Fatalf("the create whose answer was lost must be applied: %v", items(s))
	}
	if s.faults.get().LoseCreateResponses != 0 {
		t.Fatal("counter not decremented")
	}
	if status, _, _ := do(t, sg.rpc("POST", "CreateItem", map[string]string{"Name": "next"}, time.Now())); status != 200 {
		t.Fatalf("the next create must be answered: %d", status)
	}
	// ROA creates too; and the change was persisted before the connection dropped.
	setFaults(t, s, FaultConfig{LoseCreateResponses: 1})
	if resp, err := http.DefaultClient.Do(sg.roa("POST", testHostIDVersion, "/clusters", nil, []byte(`{"Name":"roa-lost"}`), time.Now(), nil)); err == nil {
		resp.Body.Close()
		t.Fatal("lost ROA create answered")
	}
	s2, err := NewServer(Options{Products: []Product{newTestProduct()}, Env: NewEnv(nil, 0, "cn-hangzhou", 1), StatePath: s.store.path})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(valuesOf(items(s2)), ","), "roa-lost") {
		t.Fatalf("lost create not persisted: %v", items(s2))
	}
}

func valuesOf(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestFaultInjectAndActions(t *testing.T) {
	s, ts := newTestServer(t)
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	err := s.SetFaults(FaultConfig{
		Inject: []InjectedError{{Action: "test:CreateItem", Status: 409, Code: "ConflictOpt", Message: "busy", Count: 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		status, _, m := do(t, sg.rpc("POST", "CreateItem", map[string]string{"Name": "x"}, time.Now()))
		if status != 409 || m["Code"] != "ConflictOpt" || m["Message"] != "busy" {
			t.Fatalf("inject %d: %d %v", i, status, m)
		}
	}
	if len(items(s)) != 1 {
		t.Fatal("injected errors must not run the handler")
	}
	if status, _, _ := do(t, sg.rpc("POST", "CreateItem", map[string]string{"Name": "x"}, time.Now())); status != 200 {
		t.Fatalf("after Count requests the injection ends: %d", status)
	}
	// An injected error in a ROA product's shape.
	setFaults(t, s, FaultConfig{Inject: []InjectedError{{Action: "test:DescribeClusterNodes", Status: 404, Code: "ErrorClusterNotFound", Count: 1}}})
	status, _, m := do(t, sg.roa("GET", testROAVersion, "/clusters/c1/nodes", nil, nil, time.Now(), nil))
	if status != 404 || m["code"] != "ErrorClusterNotFound" {
		t.Fatalf("lower-camel inject: %d %v", status, m)
	}

	// Actions restricts the random faults.
	setFaults(t, s, FaultConfig{Rate: 1, Kinds: []string{FaultUnavailable}, Actions: []string{"test:CreateItem"}})
	if status, _, _ := do(t, sg.rpc("GET", "Echo", nil, time.Now())); status != 200 {
		t.Fatalf("Echo is not in Actions: %d", status)
	}
	if status, _, _ := do(t, sg.rpc("POST", "CreateItem", nil, time.Now())); status != 503 {
		t.Fatalf("CreateItem is in Actions: %d", status)
	}

	if err := s.SetFaults(FaultConfig{Kinds: []string{"meteor"}}); err == nil {
		t.Fatal("unknown kinds must be refused")
	}
	if err := s.SetFaults(FaultConfig{Rate: 2}); err == nil {
		t.Fatal("rate above 1 must be refused")
	}
}

func TestFaultsSeeded(t *testing.T) {
	sequence := func() string {
		f := newFaultInjector(42)
		if err := f.set(FaultConfig{Rate: 0.5}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i := 0; i < 64; i++ {
			d := f.decide("test:GetItem", false)
			switch {
			case d.err != nil:
				b.WriteString(d.err.Code[:1])
			case d.drop:
				b.WriteByte('d')
			case d.slow > 0:
				b.WriteByte('s')
			default:
				b.WriteByte('.')
			}
		}
		return b.String()
	}
	a, b := sequence(), sequence()
	if a != b || !strings.ContainsAny(a, ".") || !strings.ContainsAny(a, "STds") {
		t.Fatalf("fault sequences differ or are degenerate:\n%s\n%s", a, b)
	}
}

// Go's transport replays a GET whose reused connection closed without an answer. A dropped request never
// arrived, so its replay is served; a create whose answer was lost did arrive, so its replay is refused.
//
// Both faults are counted (DropRequests, LoseCreateResponses: exactly one request each), so the replay meets
// a fault configuration that no longer applies to it without anything switching it off concurrently. The
// outcome is checked by request identity: the server must have seen the original and its replay (two
// requests carrying one signature nonce) and applied the create once.
func TestFaultDropAndTransportReplay(t *testing.T) {
	s, ts := newTestServer(t)
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	c := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(c.CloseIdleConnections)
	// warm leaves one idle keep-alive connection in the pool: the transport only replays on a reused one.
	warm := func() {
		t.Helper()
		resp, err := c.Do(sg.rpc("GET", "Echo", nil, time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	count := func(name string) int {
		n := 0
		for _, v := range items(s) {
			if v == name {
				n++
			}
		}
		return n
	}

	warm()
	setFaults(t, s, FaultConfig{DropRequests: 1, Actions: []string{"test:CreateItem"}})
	before := s.Stats()["test:CreateItem"]
	resp, err := c.Do(sg.rpc("GET", "CreateItem", map[string]string{"Name": "g"}, time.Now()))
	if err != nil {
		t.Fatalf("the transport must replay the dropped GET and get the answer: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("replay of a dropped GET: %d", resp.StatusCode)
	}
	if got := s.Stats()["test:CreateItem"] - before; got != 2 || count("g") != 1 {
		t.Fatalf("want the dropped request and its replay (2 requests) and one item, got %d requests, %d items", got, count("g"))
	}

	warm()
	setFaults(t, s, FaultConfig{LoseCreateResponses: 1})
	before = s.Stats()["test:CreateItem"]
	resp, err = c.Do(sg.rpc("GET", "CreateItem", map[string]string{"Name": "lost"}, time.Now()))
	if err != nil {
		t.Fatalf("the transport must replay the GET whose answer was lost and get the refusal: %v", err)
	}
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	resp.Body.Close()
	if resp.StatusCode != 400 || m["Code"] != "SignatureNonceUsed" {
		t.Fatalf("replay of a lost create: %d %v", resp.StatusCode, m)
	}
	if got := s.Stats()["test:CreateItem"] - before; got != 2 || count("lost") != 1 {
		t.Fatalf("want the create and its refused replay (2 requests) and one item, got %d requests, %d items", got, count("lost"))
	}
}
