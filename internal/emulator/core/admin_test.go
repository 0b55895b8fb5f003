package core

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"
)

func adminDo(t *testing.T, ts *httptest.Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	req := mustRequest(method, ts.URL+path, []byte(body), map[string]string{"Content-Type": "application/json"})
	status, _, m := do(t, req)
	return status, m
}

func TestAdminRoutes(t *testing.T) {
	s, ts := newTestServer(t, func(o *Options) { o.StatePath = filepath.Join(t.TempDir(), "s.json") })
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}

	status, m := adminDo(t, ts, "GET", "/_emulator/health", "")
	if status != 200 || m["status"] != "ok" || m["region"] != "cn-hangzhou" || m["latency_ms"] != 50.0 {
		t.Fatalf("health: %d %v", status, m)
	}

	do(t, sg.rpc("GET", "Echo", nil, time.Now()))
	do(t, sg.rpc("GET", "NoSuchAction", nil, time.Now()))
	do(t, mustRequest("GET", ts.URL+"/?Action=Echo&Version="+testVersion, nil, nil)) // unsigned: counted too
	if _, m = adminDo(t, ts, "GET", "/_emulator/stats", ""); m["test:Echo"] != 2.0 || m["test:NoSuchAction"] != 1.0 || len(m) != 2 {
		t.Fatalf("stats: %v", m)
	}
	if status, _ = adminDo(t, ts, "POST", "/_emulator/stats/reset", ""); status != 200 || len(s.Stats()) != 0 {
		t.Fatalf("reset: %d %v", status, s.Stats())
	}

	status, m = adminDo(t, ts, "PUT", "/_emulator/faults", `{"rate":0.25,"kinds":["throttle"],"actions":["test:Echo"],"lose_create_responses":2,"slow_delay_ms":10,"inject":[{"action":"test:Echo","status":503,"code":"ServiceUnavailable","count":1}]}`)
	if status != 200 || m["rate"] != 0.25 || m["lose_create_responses"] != 2.0 {
		t.Fatalf("put faults: %d %v", status, m)
	}
	if f := s.faults.get(); f.SlowDelayMS != 10 || len(f.Inject) != 1 || f.Kinds[0] != FaultThrottle {
		t.Fatalf("faults not applied: %+v", f)
	}
	if status, m = adminDo(t, ts, "PUT", "/_emulator/faults", `{"rate":0.25,"kind":["throttle"]}`); status != 400 || m["Code"] != "InvalidJSON" {
		t.Fatalf("a typo in a fault config must be refused: %d %v", status, m)
	}
	if status, m = adminDo(t, ts, "PUT", "/_emulator/faults", `{"kinds":["meteor"]}`); status != 400 || m["Code"] != "InvalidFaultConfig" {
		t.Fatalf("unknown kind: %d %v", status, m)
	}
	if status, m = adminDo(t, ts, "GET", "/_emulator/faults", ""); status != 200 || m["rate"] != 0.25 {
		t.Fatalf("get faults: %d %v", status, m)
	}
	if status, m = adminDo(t, ts, "DELETE", "/_emulator/faults", ""); status != 200 || m["rate"] != 0.0 || s.faults.get().LoseCreateResponses != 0 {
		t.Fatalf("delete faults: %d %v", status, m)
	}

	if status, m = adminDo(t, ts, "PUT", "/_emulator/latency", `{"latency_ms":1234}`); status != 200 || m["latency_ms"] != 1234.0 {
		t.Fatalf("latency: %d %v", status, m)
	}
	s.Do(func() {
		if s.env.Latency != 1234*time.Millisecond {
			t.Fatalf("latency not applied: %s", s.env.Latency)
		}
	})
	if status, _ = adminDo(t, ts, "PUT", "/_emulator/latency", `{"latency_ms":-1}`); status != 400 {
		t.Fatalf("negative latency: %d", status)
	}

	// Product admin routes; a mutating one is persisted like an API change.
	if status, _ = adminDo(t, ts, "POST", "/_emulator/test/items/extra", `"value"`); status != 200 {
		t.Fatalf("product admin route: %d", status)
	}
	status, m = adminDo(t, ts, "GET", "/_emulator/state", "")
	if status != 200 || field(m, "test", "items", "extra") != `"value"` {
		t.Fatalf("state: %d %v", status, m)
	}

	if status, m = adminDo(t, ts, "GET", "/_emulator/nothing", ""); status != 404 || m["Code"] != "NotFound" {
		t.Fatalf("unknown admin route: %d %v", status, m)
	}
	if status, _ = adminDo(t, ts, "POST", "/_emulator/health", ""); status != 405 {
		t.Fatalf("wrong admin method: %d", status)
	}
	if len(s.Stats()) != 0 {
		t.Fatalf("admin requests are not counted: %v", s.Stats())
	}
}

func TestAdminAddKey(t *testing.T) {
	_, ts := newTestServer(t)
	if status, m := adminDo(t, ts, "POST", "/_emulator/keys", `{"access_key_id":"STS.new","access_key_secret":"s3cret","security_token":"tok"}`); status != 200 || m["access_key_secret"] != nil {
		t.Fatalf("add key: %d %v (the secret must not be echoed)", status, m)
	}
	if _, err := sdkClient(t, "STS.new", "s3cret", "tok").ProcessCommonRequest(rpcRequest(ts, "GET", nil)); err != nil {
		t.Fatalf("added STS key refused: %v", err)
	}
	if status, _ := adminDo(t, ts, "POST", "/_emulator/keys", `{"access_key_id":"x"}`); status != 400 {
		t.Fatalf("a key without secret must be refused: %d", status)
	}
}

// Handlers run under one mutex: concurrent creates never lose an update (run with -race).
func TestConcurrentHandlers(t *testing.T) {
	s, ts := newTestServer(t)
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			for j := 0; j < 10; j++ {
				resp, err := http.DefaultClient.Do(sg.rpc("POST", "CreateItem", map[string]string{"Name": "c"}, time.Now()))
				if err == nil {
					resp.Body.Close()
				}
			}
			done <- true
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
	if n := len(items(s)); n != 81 {
		t.Fatalf("items after 80 concurrent creates: %d", n)
	}
}

func TestRPCFormBody(t *testing.T) {
	_, ts := newTestServer(t)
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	// A client that sends everything but the Action in a form body: the signature covers both.
	req := sg.rpc("POST", "Echo", map[string]string{"InBody": "a b+c"}, time.Now())
	q := req.URL.Query()
	form := url.Values{"InBody": q["InBody"]}
	q.Del("InBody")
	req.URL.RawQuery = q.Encode()
	req.Body = nopBody(form.Encode())
	req.ContentLength = int64(len(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	status, _, m := do(t, req)
	if status != 200 || field(m, "Params", "InBody") != "a b+c" {
		t.Fatalf("form body: %d %v", status, m)
	}
}

func nopBody(s string) *readCloser { return &readCloser{bytes.NewReader([]byte(s))} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func TestEncodeBody(t *testing.T) {
	for _, tc := range []struct {
		in   any
		rpc  bool
		want string
	}{
		{nil, true, `{"RequestId":"R"}`},
		{nil, false, ``},
		{map[string]int{}, true, `{"RequestId":"R"}`},
		{struct{ A int }{1}, true, `{"RequestId":"R","A":1}`},
		{map[string]string{"RequestId": "mine"}, true, `{"RequestId":"mine"}`},
		{[]int{1}, true, `[1]`},
		{struct{ A int }{1}, false, `{"A":1}`},
		{json.RawMessage(`{"x":1}`), true, `{"RequestId":"R","x":1}`},
	} {
		got, err := encodeBody(tc.in, tc.rpc, "R")
		if err != nil || string(got) != tc.want {
			t.Errorf("encodeBody(%#v, %v) = %s, %v; want %s", tc.in, tc.rpc, got, err, tc.want)
		}
	}
}
