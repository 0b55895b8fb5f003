package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"
)

// recordingTransport answers every request with 200 {} and keeps the requests, so a test can see the URL the
// SDK built without any network.
type recordingTransport struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.reqs = append(rt.reqs, r)
	rt.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader([]byte(`{"RequestId":"R"}`))), Request: r}, nil
}

// The regional defaults must reach the cloud over HTTPS at the product's host: the SDK's own defaults are plain
// HTTP and an endpoint table that does not know E-HPC's product code (README.md §2), and its ROA URL builder
// writes "host:port" even without a port.
func TestDefaultEndpointsAreHTTPSAtTheRegionalHost(t *testing.T) {
	rt := &recordingTransport{}
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId("ak").WithAccessKeySecret("sk-secret-value").Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Region: "cn-shanghai", Credentials: creds, Transport: rt})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.RPC(ctx, RPCCall{Product: ProductEHPC, Version: VersionEHPC2024, Action: "ListClusters"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ROA(ctx, ROACall{Product: ProductCS, Version: VersionCS, Action: "DescribeClusterDetail", Method: "GET", Path: "/clusters/c1"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ROA(ctx, ROACall{Product: ProductBatchCompute, Version: VersionBatchCompute, Action: "GetCluster", Method: "GET", Path: "/clusters/cls-1"}, nil); err != nil {
		t.Fatal(err)
	}
	want := []struct{ host, path string }{
		{"ehpc.cn-shanghai.aliyuncs.com", "/"},
		{"cs.cn-shanghai.aliyuncs.com", "/clusters/c1"},
		{"batchcompute.cn-shanghai.aliyuncs.com", "/clusters/cls-1"},
	}
	if len(rt.reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(rt.reqs), len(want))
	}
	for i, w := range want {
		r := rt.reqs[i]
		if r.URL.Scheme != "https" || r.URL.Hostname() != w.host || r.URL.Port() != "" || r.Host != w.host || r.URL.Path != w.path {
			t.Errorf("request %d went to %s (Host %q), want https://%s%s", i, r.URL, r.Host, w.host, w.path)
		}
	}
	if got := rt.reqs[0].URL.Query().Get("Version"); got != VersionEHPC2024 {
		t.Errorf("RPC Version = %q", got)
	}
	// The SDK sets its headers in lower case, outside http.Header's canonical form, so look them up as sent.
	var version []string
	for k, v := range rt.reqs[2].Header {
		if k == "x-acs-version" {
			version = v
		}
	}
	if len(version) != 1 || version[0] != VersionBatchCompute {
		t.Errorf("Batch Compute x-acs-version = %q", version)
	}
}

// A request already sent is not abandoned when the operation's context ends: the answer to a create carries
// the id of what was created, and dropping it would leave an orphan.
func TestInFlightRequestOutlivesItsContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	// The answer comes only after the operation's context has ended (no sleep racing the deadline).
	slowOK := func(w http.ResponseWriter, r *http.Request) {
		<-ctx.Done()
		answer(200, `{"RequestId":"R","ClusterId":"ehpc-hz-made"}`)(w, r)
	}
	c, fs := newTestClient(t, slowOK)
	var out struct{ ClusterId string }
	if _, err := c.RPC(ctx, RPCCall{Product: ProductEHPC, Version: VersionEHPC2024, Action: "CreateCluster",
		Retry: RetryPolicy{NotIdempotent: true}}, &out); err != nil {
		t.Fatalf("the create's answer was dropped when the context ended: %v", err)
	}
	if out.ClusterId != "ehpc-hz-made" || fs.calls.Load() != 1 {
		t.Fatalf("out=%+v calls=%d", out, fs.calls.Load())
	}
}

// An operation whose context has ended (Terraform interrupted, timeout) starts no new request, with or
// without a rate limit.
func TestEndedContextSendsNothing(t *testing.T) {
	for _, rps := range []float64{0, 20} {
		c, fs := newTestClient(t, answer(200, `{}`))
		c.limiter = nil
		if rps > 0 {
			c.limiter = newLimiter(rps)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.RPC(ctx, rpcCall(RetryPolicy{NotIdempotent: true}), nil)
		if !errors.Is(err, context.Canceled) || fs.calls.Load() != 0 {
			t.Fatalf("rate %v: err=%v calls=%d; want context.Canceled and no request", rps, err, fs.calls.Load())
		}
	}
}

// scriptedTransport fails the first len(errs) requests with those errors, then answers 200 {}.
type scriptedTransport struct {
	mu    sync.Mutex
	errs  []error
	calls int
}

func (st *scriptedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.calls++
	if st.calls <= len(st.errs) {
		return nil, st.errs[st.calls-1]
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader([]byte(`{"RequestId":"R"}`))), Request: r}, nil
}

// A create that is not idempotent may be sent again after a connection that could not be made (nothing
// reached the server: an emulator or endpoint restarting refuses connections for a moment), but never after
// a failure once the request may have been written.
func TestNotIdempotentCallRetriesOnlyWhatWasNeverSent(t *testing.T) {
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId("ak").WithAccessKeySecret("sk").Build()
	if err != nil {
		t.Fatal(err)
	}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	call := RPCCall{Product: ProductEHPC, Version: VersionEHPC2024, Action: "CreateCluster", Retry: RetryPolicy{NotIdempotent: true}}

	st := &scriptedTransport{errs: []error{refused, refused}}
	c, err := New(Config{Region: "cn-hangzhou", Credentials: creds, Transport: st, MaxRetries: 4, Backoff: Backoff{Base: time.Millisecond, Max: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RPC(context.Background(), call, nil); err != nil || st.calls != 3 {
		t.Fatalf("refused connections: %v after %d requests, want success after 3", err, st.calls)
	}

	st = &scriptedTransport{errs: []error{refused, reset}}
	c, err = New(Config{Region: "cn-hangzhou", Credentials: creds, Transport: st, MaxRetries: 4, Backoff: Backoff{Base: time.Millisecond, Max: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RPC(context.Background(), call, nil); !IsAmbiguous(err) || st.calls != 2 {
		t.Fatalf("a reset after the request was written: %v after %d requests, want an ambiguous error after 2", err, st.calls)
	}
}
