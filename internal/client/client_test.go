package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aliyun/credentials-go/credentials/providers"
)

// fakeServer answers with scripted responses in order, then repeats the last one.
type fakeServer struct {
	t       *testing.T
	calls   atomic.Int32
	answers []func(w http.ResponseWriter, r *http.Request)
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.calls.Add(1)) - 1
	if n >= len(f.answers) {
		n = len(f.answers) - 1
	}
	f.answers[n](w, r)
}

func answer(status int, body string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func dropConnection(w http.ResponseWriter, _ *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("no hijacker")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func newTestClient(t *testing.T, answers ...func(http.ResponseWriter, *http.Request)) (*Client, *fakeServer) {
	t.Helper()
	return newTestClientRetrying(t, 3, answers...)
}

// newTestClientRetrying is newTestClient with maxRetries retries instead of 3.
func newTestClientRetrying(t *testing.T, maxRetries int, answers ...func(http.ResponseWriter, *http.Request)) (*Client, *fakeServer) {
	t.Helper()
	fs := &fakeServer{t: t, answers: answers}
	srv := httptest.NewServer(fs)
	t.Cleanup(srv.Close)
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId("ak").WithAccessKeySecret("sk-secret-value").Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{
		Region:      "cn-hangzhou",
		Credentials: creds,
		Endpoints: map[Product]string{
			ProductEHPC: srv.URL, ProductCS: srv.URL, ProductBatchCompute: srv.URL,
		},
		MaxRetries:     maxRetries,
		Backoff:        Backoff{Base: time.Millisecond, Max: 5 * time.Millisecond},
		Poll:           PollConfig{InitialDelay: time.Millisecond, MaxInterval: 5 * time.Millisecond},
		RequestTimeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, fs
}

func rpcCall(policy RetryPolicy) RPCCall {
	return RPCCall{Product: ProductEHPC, Version: VersionEHPC2024, Action: "GetCluster", Params: map[string]string{"ClusterId": "ehpc-hz-1"}, Retry: policy}
}

func TestErrorShapes(t *testing.T) {
	cases := []struct {
		name     string
		product  Product
		status   int
		body     string
		headers  []string
		wantCode string
		wantMsg  string
		wantID   string
	}{
		{"rpc", ProductEHPC, 404, `{"RequestId":"R1","HostId":"ehpc","Code":"ClusterNotFound","Message":"The specified cluster does not exist."}`, nil,
			"ClusterNotFound", "The specified cluster does not exist.", "R1"},
		{"cs lower-case", ProductCS, 404, `{"code":"ErrorClusterNotFound","message":"cluster not found","requestId":"R2","data":{}}`, nil,
			"ErrorClusterNotFound", "cluster not found", "R2"},
		{"batch compute header id", ProductBatchCompute, 404, `{"Code":"InvalidResource.NotFound","Message":"gone"}`, []string{"x-acs-request-id", "R3"},
			"InvalidResource.NotFound", "gone", "R3"},
		{"not json", ProductCS, 502, `<html>bad gateway</html>`, nil, "BadGateway", "<html>bad gateway</html>", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestClient(t, answer(tc.status, tc.body, tc.headers...))
			c.maxRetries = 0
			var err error
			if tc.product == ProductEHPC {
				_, err = c.RPC(context.Background(), rpcCall(RetryPolicy{}), nil)
			} else {
				_, err = c.ROA(context.Background(), ROACall{Product: tc.product, Version: VersionCS, Action: "X", Method: "GET", Path: "/clusters/x"}, nil)
			}
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("want APIError, got %T %v", err, err)
			}
			if ae.Code != tc.wantCode || ae.Message != tc.wantMsg || ae.RequestID != tc.wantID || ae.HTTPStatus != tc.status {
				t.Fatalf("got %+v", ae)
			}
		})
	}
}

func TestNotFoundIsPerProductCode(t *testing.T) {
	if !IsNotFound(&APIError{Product: ProductEHPC, Code: "ClusterNotFound", HTTPStatus: 400}) {
		t.Error("E-HPC ClusterNotFound must be not-found whatever the status")
	}
	if IsNotFound(&APIError{Product: ProductEHPC, Code: "InvalidAccessKeyId.NotFound", HTTPStatus: 404}) {
		t.Error("an unknown access key must never look like a deleted resource")
	}
	if IsNotFound(&APIError{Product: ProductCS, Code: "ClusterNotFound"}) {
		t.Error("codes are per product")
	}
}

func TestRetriesEachTransientClass(t *testing.T) {
	ok := answer(200, `{"RequestId":"OK","ClusterId":"ehpc-hz-1"}`)
	cases := map[string]func(http.ResponseWriter, *http.Request){
		"503 ServiceUnavailable": answer(503, `{"Code":"ServiceUnavailable","Message":"try later"}`),
		"Throttling.User":        answer(400, `{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}`),
		"CS QPS limit message":   answer(400, `{"code":"ServerBusy","message":"QPS Limit Exceeded"}`),
		"CS QPS limit code":      answer(400, `{"code":"QPS Limit Exceeded","message":"too many requests"}`),
		"HTTP 429":               answer(429, `{"Code":"TooManyRequests"}`),
		"502 no body":            answer(502, ``),
		"500 InternalError":      answer(500, `{"Code":"InternalError","Message":"oops"}`),
		"dropped connection":     dropConnection,
	}
	for name, fault := range cases {
		t.Run(name, func(t *testing.T) {
			answers := append(slices.Repeat([]func(http.ResponseWriter, *http.Request){fault}, 2), ok)
			c, fs := newTestClient(t, answers...)
			var out struct{ ClusterId string }
			if _, err := c.RPC(context.Background(), rpcCall(RetryPolicy{}), &out); err != nil {
				t.Fatalf("want success after retries, got %v", err)
			}
			if out.ClusterId != "ehpc-hz-1" || fs.calls.Load() != 3 {
				t.Fatalf("out=%+v calls=%d", out, fs.calls.Load())
			}
		})
	}
}

func TestNoRetryOnFinalErrors(t *testing.T) {
	for _, body := range []string{
		`{"Code":"InvalidParams","Message":"The specified parameter ClusterName is invalid."}`,
		`{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched"}`,
		`{"Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."}`,
	} {
		c, fs := newTestClient(t, answer(400, body))
		if _, err := c.RPC(context.Background(), rpcCall(RetryPolicy{}), nil); err == nil {
			t.Fatal("want error")
		}
		if fs.calls.Load() != 1 {
			t.Fatalf("%s: final error retried %d times", body, fs.calls.Load()-1)
		}
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	c, fs := newTestClient(t, answer(503, `{"Code":"ServiceUnavailable"}`))
	_, err := c.RPC(context.Background(), rpcCall(RetryPolicy{}), nil)
	if err == nil || !strings.Contains(err.Error(), "giving up after 4 attempts") {
		t.Fatalf("got %v", err)
	}
	if fs.calls.Load() != 4 {
		t.Fatalf("calls = %d, want 1 + 3 retries", fs.calls.Load())
	}
}

func TestNotIdempotentCallsDoNotRepeatAmbiguousFailures(t *testing.T) {
	ok := answer(202, `{"task_id":"T-1"}`)
	c, fs := newTestClient(t, dropConnection, ok)
	_, err := c.ROA(context.Background(), ROACall{Product: ProductCS, Version: VersionCS, Action: "ScaleOutCluster", Method: "POST",
		Path: "/api/v2/clusters/c1", Body: map[string]any{"count": 1}, Retry: RetryPolicy{NotIdempotent: true}}, nil)
	if !IsAmbiguous(err) {
		t.Fatalf("want AmbiguousError, got %v", err)
	}
	if fs.calls.Load() != 1 {
		t.Fatalf("ambiguous failure of a non-idempotent call was repeated")
	}
	// A rejection before acceptance (throttling) is still retried.
	c, fs = newTestClient(t, answer(400, `{"code":"Throttling.User","message":"slow down"}`), ok)
	if _, err := c.ROA(context.Background(), ROACall{Product: ProductCS, Version: VersionCS, Action: "ScaleOutCluster", Method: "POST",
		Path: "/api/v2/clusters/c1", Retry: RetryPolicy{NotIdempotent: true}}, nil); err != nil {
		t.Fatalf("throttled non-idempotent call: %v", err)
	}
	if fs.calls.Load() != 2 {
		t.Fatalf("calls = %d", fs.calls.Load())
	}
}

func TestBusyCodesRetriedUntilDeadlineNotBudget(t *testing.T) {
	busy := answer(403, `{"Code":"ConflictOpt","Message":"A conflicting operation is running."}`)
	answers := append(slices.Repeat([]func(http.ResponseWriter, *http.Request){busy}, 6), answer(200, `{}`))
	c, fs := newTestClient(t, answers...)
	long, cancelLong := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelLong()
	if _, err := c.RPC(long, rpcCall(RetryPolicy{BusyCodes: []string{"ConflictOpt"}}), nil); err != nil {
		t.Fatalf("got %v", err)
	}
	if fs.calls.Load() != 7 {
		t.Fatalf("calls = %d, want 7 (busy retries are not limited by MaxRetries=3)", fs.calls.Load())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	c, _ = newTestClient(t, busy)
	if _, err := c.RPC(ctx, rpcCall(RetryPolicy{BusyCodes: []string{"ConflictOpt"}}), nil); !IsCode(err, "ConflictOpt") {
		t.Fatalf("want the busy error once the deadline is near, got %v", err)
	}
	// Without a deadline nothing would end the loop: busy retries then count against MaxRetries.
	c, fs = newTestClient(t, busy)
	if _, err := c.RPC(context.Background(), rpcCall(RetryPolicy{BusyCodes: []string{"ConflictOpt"}}), nil); !IsCode(err, "ConflictOpt") {
		t.Fatalf("want the busy error after MaxRetries without a deadline, got %v", err)
	}
	if fs.calls.Load() != 4 {
		t.Fatalf("calls = %d, want 1 + MaxRetries=3 without a deadline", fs.calls.Load())
	}
}

func TestRetryAfterHintHonoured(t *testing.T) {
	throttled := answer(400, `{"Code":"Throttling.User"}`, "x-ratelimit-user", "Limit:10,Remain:0,TimeLeft:120,Reset:1")
	c, _ := newTestClient(t, throttled, answer(200, `{}`))
	start := time.Now()
	if _, err := c.RPC(context.Background(), rpcCall(RetryPolicy{}), nil); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 120*time.Millisecond {
		t.Fatalf("retried after %s, before the server's TimeLeft of 120ms", el)
	}
}

func TestSuccessFalseBodyIsAnError(t *testing.T) {
	c, _ := newTestClient(t, answer(200, `{"Success":false,"Code":"InvalidParams","Message":"bad","RequestId":"R9"}`))
	_, err := c.RPC(context.Background(), rpcCall(RetryPolicy{}), nil)
	if !IsCode(err, "InvalidParams") {
		t.Fatalf("got %v", err)
	}
}

func TestDescribeCarriesCodeMessageRequestIDAndHint(t *testing.T) {
	RegisterHints(ProductEHPC, map[string]string{"TooManyClusters": "raise the quota"})
	s := Describe(&APIError{Product: ProductEHPC, Action: "CreateCluster", HTTPStatus: 403, Code: "TooManyClusters", Message: "quota", RequestID: "R7"})
	for _, want := range []string{"TooManyClusters", "quota", "R7", "raise the quota", "403"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
	if h := Hint(ProductBatchCompute, "QuotaExhausted.MaxClusterCount"); !strings.Contains(h, "MaxClusterCount") {
		t.Errorf("quota hint must name the quota: %q", h)
	}
}

// Context wrapped around an API error, before it and after it, reaches the user: after an unknown outcome the
// text after the error says what the provider found out and what to check before applying again.
func TestDescribeKeepsWrappingContext(t *testing.T) {
	api := &APIError{Product: ProductCS, Action: "ScaleOutCluster", HTTPStatus: 500, Code: "InternalError", Message: "boom"}
	amb := &AmbiguousError{Product: ProductCS, Action: "ScaleOutCluster", Err: api}
	s := Describe(fmt.Errorf("%w; check the tasks of cluster c1 before applying again", amb))
	for _, want := range []string{"InternalError", "the outcome is unknown", "may have been applied", "check the tasks of cluster c1"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
	if s := Describe(fmt.Errorf("gave up after 3 retries: %w", api)); !strings.Contains(s, "note:       gave up after 3 retries") {
		t.Errorf("prefix context lost: %q", s)
	}
}

func TestWait(t *testing.T) {
	c, _ := newTestClient(t, answer(200, `{}`))
	states := []string{"creating", "initing", "running"}
	i := 0
	refresh := func(context.Context) (any, string, error) {
		s := states[min(i, len(states)-1)]
		i++
		return s, s, nil
	}
	if _, err := c.wait(context.Background(), waitSpec{Description: "cluster", Target: []string{"running"}, Failure: []string{"exception"}, Refresh: refresh}); err != nil {
		t.Fatal(err)
	}

	failing := func(context.Context) (any, string, error) { return "boom", "exception", nil }
	_, err := c.wait(context.Background(), waitSpec{Description: "cluster", Target: []string{"running"}, Failure: []string{"exception"},
		FailureMessage: func(obj any) string { return fmt.Sprintf("disk quota: %v", obj) }, Refresh: failing})
	var use *UnexpectedStateError
	if !errors.As(err, &use) || use.State != "exception" || !strings.Contains(err.Error(), "disk quota: boom") {
		t.Fatalf("terminal state: got %v", err)
	}

	forever := func(context.Context) (any, string, error) { return "x", "creating", nil }
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err = c.wait(ctx, waitSpec{Description: "cluster", Target: []string{"running"}, Refresh: forever})
	var wte *WaitTimeoutError
	if !errors.As(err, &wte) || wte.LastState != "creating" {
		t.Fatalf("timeout: got %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a wait timeout must be a context.DeadlineExceeded: %v", err)
	}

	gone := func(context.Context) (any, string, error) { return nil, "", nil }
	if _, err := c.wait(context.Background(), waitSpec{Description: "deletion", TargetNotFound: true, Refresh: gone}); err != nil {
		t.Fatalf("deletion wait: %v", err)
	}
}

func TestMaskSecrets(t *testing.T) {
	c, _ := newTestClient(t, answer(200, `{}`))
	c.MaskSecret("Hunter2Password!")
	if got := c.Mask(`{"Password":"Hunter2Password!"}`); strings.Contains(got, "Hunter2") {
		t.Fatalf("secret leaked: %s", got)
	}
	// The secret key is registered when credentials are first used.
	if _, err := c.RPC(context.Background(), rpcCall(RetryPolicy{}), nil); err != nil {
		t.Fatal(err)
	}
	if got := c.Mask("key sk-secret-value here"); strings.Contains(got, "sk-secret-value") {
		t.Fatalf("secret key leaked: %s", got)
	}
}

func TestParseEndpoint(t *testing.T) {
	good := []string{"https://ehpc.cn-hangzhou.aliyuncs.com", "http://127.0.0.1:8099", "https://cs.example.com/"}
	bad := []string{"ehpc.cn-hangzhou.aliyuncs.com", "ftp://x", "https://", "https://x/path", "https://x?q=1", "https://u:p@x"}
	for _, s := range good {
		if _, err := ParseEndpoint(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	for _, s := range bad {
		if _, err := ParseEndpoint(s); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
	if _, err := ParseEndpoint("https://user:hunter2pass@ehpc.example.com"); err == nil || strings.Contains(err.Error(), "hunter2pass") {
		t.Errorf("a password in an endpoint URL must not reach the error message: %v", err)
	}
}

// One Client serves every resource of a provider instance; calls made concurrently (as parallel resources
// make them) share its one budget of requests per second.
func TestRateLimitIsShared(t *testing.T) {
	c, fs := newTestClient(t, answer(200, `{}`))
	c.limiter = newLimiter(50) // 50 rps, burst 50
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 75)
	for r := 0; r < 5; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				if _, err := c.RPC(context.Background(), rpcCall(RetryPolicy{}), nil); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 400*time.Millisecond {
		t.Fatalf("75 calls from 5 goroutines at 50 rps (burst 50) took %s, want >= ~500ms", el)
	}
	if fs.calls.Load() != 75 {
		t.Fatalf("calls = %d", fs.calls.Load())
	}
}

func TestClientTokenCallsRepeatAmbiguousFailures(t *testing.T) {
	call := ROACall{Product: ProductBatchCompute, Version: VersionBatchCompute, Action: "CreateCluster", Method: "POST",
		Path: "/clusters", Query: map[string]string{"IdempotentToken": "tok"}, Retry: RetryPolicy{ClientToken: true}}
	ok := answer(201, `{"Id":"cls-1"}`)
	lostTwice := []func(http.ResponseWriter, *http.Request){dropConnection, dropConnection, ok}
	c, fs := newTestClient(t, lostTwice...)
	if _, err := c.ROA(context.Background(), call, nil); err != nil {
		t.Fatalf("a token-protected call whose answers were lost is resent: %v", err)
	}
	if fs.calls.Load() != 3 {
		t.Fatalf("calls = %d, want 3", fs.calls.Load())
	}

	// A lost answer, then only rejections: the first copy may have been applied, so the outcome is unknown
	// even though the last failure was a rejection.
	throttled := answer(400, `{"Code":"Throttling.User","Message":"slow down"}`)
	c, fs = newTestClient(t, dropConnection, throttled) // the last answer repeats
	_, err := c.ROA(context.Background(), call, nil)
	if !IsAmbiguous(err) || !strings.Contains(err.Error(), "giving up after 4 attempts") {
		t.Fatalf("want AmbiguousError after the retries, got %v", err)
	}
	if fs.calls.Load() != 4 {
		t.Fatalf("calls = %d, want 1 + 3 retries", fs.calls.Load())
	}

	// Rejections only: nothing was applied, and the error says so.
	c, _ = newTestClient(t, throttled)
	if _, err := c.ROA(context.Background(), call, nil); err == nil || IsAmbiguous(err) {
		t.Fatalf("want a plain error after rejections only, got %v", err)
	}

	// max_retries = 0 does not take the token's protection away: lost answers are still resent, as often as a
	// create without a token is (MaxCreateAttempts in all); rejections get no retry.
	lost := make([]func(http.ResponseWriter, *http.Request), MaxCreateAttempts-1, MaxCreateAttempts)
	for i := range lost {
		lost[i] = dropConnection
	}
	c, fs = newTestClientRetrying(t, 0, append(lost, ok)...)
	if _, err := c.ROA(context.Background(), call, nil); err != nil {
		t.Fatalf("with max_retries = 0, %d lost answers are resent: %v", MaxCreateAttempts-1, err)
	}
	if fs.calls.Load() != MaxCreateAttempts {
		t.Fatalf("calls = %d, want %d", fs.calls.Load(), MaxCreateAttempts)
	}
	c, fs = newTestClientRetrying(t, 0, throttled)
	if _, err := c.ROA(context.Background(), call, nil); err == nil || fs.calls.Load() != 1 {
		t.Fatalf("with max_retries = 0 a rejection is not retried: %v after %d calls", err, fs.calls.Load())
	}
}

// A long non-JSON error body is cut to 512 bytes on a character boundary, never inside a UTF-8 sequence.
func TestErrorBodyCutOnCharacterBoundary(t *testing.T) {
	body := "a" + strings.Repeat("错", 300) // 1 + 900 bytes: byte 512 falls inside a character
	e := parseErrorBody(ProductEHPC, "GetCluster", 502, http.Header{}, []byte(body))
	if !utf8.ValidString(e.Message) || !strings.HasSuffix(e.Message, "…") || len(e.Message) > 512+len("…") {
		t.Fatalf("message %q (%d bytes): want valid UTF-8 of at most 512 bytes and an ellipsis", e.Message, len(e.Message))
	}
}
