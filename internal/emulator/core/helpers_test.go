package core

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
)

const (
	testKeyID     = "LTAI5tTestKey"
	testKeySecret = "TestSecret0123456789"
	testVersion   = "2024-07-30"
	// testROAVersion is an ROA API with lower-camel errors, the fallback for unplaced ROA requests.
	testROAVersion = "2015-12-15"
	// testHostIDVersion is an ROA API with HostId errors, its own unknown-version and unknown-route answers,
	// and a host prefix that places requests without a version.
	testHostIDVersion = "2015-11-11"
	testHostPrefix    = "hostid"
)

// testProduct is a small product that echoes what the server handed it and keeps a map of items, so the
// protocol layer can be tested without the real products.
type testProduct struct {
	state testState
}

type testState struct {
	Items map[string]string `json:"items"`
}

func newTestProduct() *testProduct { return &testProduct{state: testState{Items: map[string]string{}}} }

func (p *testProduct) Name() string { return "test" }
func (p *testProduct) State() any   { return &p.state }
func (p *testProduct) Seed(env *Env) []string {
	p.state.Items["seeded"] = env.Region
	return []string{"one seeded item"}
}

func (p *testProduct) Register(r *Router) {
	r.API(API{Style: StyleRPC, Version: testVersion})
	r.API(API{Style: StyleROA, Version: testROAVersion, Errors: ErrorShapeLowerCamel, Title: "The lower-camel test API", Fallback: true})
	r.API(API{Style: StyleROA, Version: testHostIDVersion, Errors: ErrorShapeHostID, Title: "The HostId test API", HostPrefix: testHostPrefix,
		UnknownVersion: func(v string) *Error {
			return Errorf(http.StatusForbidden, "InvalidVersion.NotFound", "Specified x-acs-version %q is not found.", v)
		},
		UnknownRoute: func(method, path string, pathKnown bool) *Error {
			if pathKnown {
				return Errorf(http.StatusBadRequest, "MethodNotAllowed", "The method %s is not allowed on %s.", method, path)
			}
			return Errorf(http.StatusBadRequest, "InvalidUrlPattern", "The URL pattern %s is not valid.", path)
		}})
	r.RPC(testVersion, "Echo", p.echo)
	r.RPC(testVersion, "Fail", func(*Request) (*Response, error) {
		return nil, Errorf(406, "AgentError", "the agent is %s", "down")
	})
	r.RPC(testVersion, "WithRequestId", func(*Request) (*Response, error) {
		return OK(map[string]string{"RequestId": "handler-id"}), nil
	})
	r.RPC(testVersion, "Panic", func(*Request) (*Response, error) { panic("boom") })
	r.RPC(testVersion, "CreateItem", p.create, Creating())
	r.ROA(testROAVersion, http.MethodPost, "/api/v2/clusters/{cluster_id}", "ScaleOutCluster", p.echoROA(http.StatusAccepted), Creating())
	r.ROA(testROAVersion, http.MethodGet, "/clusters/{cluster_id}/nodes", "DescribeClusterNodes", p.echoROA(http.StatusOK))
	r.ROA(testROAVersion, http.MethodGet, "/clusters/{cluster_id}", "DescribeClusterDetail", p.echoROA(http.StatusOK))
	r.ROA(testHostIDVersion, http.MethodGet, "/clusters/{id}", "GetCluster", p.echoROA(http.StatusOK))
	r.ROA(testHostIDVersion, http.MethodPost, "/clusters", "CreateCluster", p.createROA, Creating())
	r.ROA(testHostIDVersion, http.MethodDelete, "/clusters/{id}", "DeleteCluster", func(*Request) (*Response, error) {
		return WithStatus(http.StatusNoContent, nil), nil
	}, Mutating())
	r.Admin(http.MethodGet, "/_emulator/test/items", func(*Request) (*Response, error) { return OK(p.state.Items), nil })
	r.Admin(http.MethodPost, "/_emulator/test/items/{name}", func(req *Request) (*Response, error) {
		p.state.Items[req.PathParams["name"]] = string(req.Body)
		return OK(nil), nil
	}, Mutating())
}

type echo struct {
	Action     string            `json:"Action"`
	Params     map[string]string `json:"Params"`
	PathParams map[string]string `json:"PathParams"`
	Body       string            `json:"Body"`
	KeyID      string            `json:"KeyID"`
	RequestID  string            `json:"RequestId"`
}

func (p *testProduct) echo(req *Request) (*Response, error) {
	out := map[string]any{"Action": req.Action, "KeyID": req.AccessKeyID}
	params := map[string]string{}
	for k := range req.Params {
		params[k] = req.Params.Get(k)
	}
	out["Params"] = params
	return OK(out), nil
}

func (p *testProduct) echoROA(status int) Handler {
	return func(req *Request) (*Response, error) {
		params := map[string]string{}
		for k := range req.Params {
			params[k] = req.Params.Get(k)
		}
		return WithStatus(status, echo{Action: req.Action, Params: params, PathParams: req.PathParams, Body: string(req.Body), KeyID: req.AccessKeyID}), nil
	}
}

func (p *testProduct) create(req *Request) (*Response, error) {
	id := "item-" + req.Env.RandomAlnum(8)
	p.state.Items[id] = req.Param("Name")
	return OK(map[string]string{"ItemId": id}), nil
}

func (p *testProduct) createROA(req *Request) (*Response, error) {
	var in struct{ Name string }
	if err := req.DecodeJSON(&in); err != nil {
		return nil, Errorf(400, "InvalidJsonFormat", "body: %v", err)
	}
	id := "cls-" + req.Env.RandomAlnum(8)
	p.state.Items[id] = in.Name
	return WithStatus(http.StatusCreated, map[string]string{"Id": id}), nil
}

// newTestServer starts a server with the test product behind httptest.
func newTestServer(t testing.TB, mutate ...func(*Options)) (*Server, *httptest.Server) {
	t.Helper()
	o := Options{
		Products: []Product{newTestProduct()},
		Env:      NewEnv(nil, 50*time.Millisecond, "cn-hangzhou", 1),
		Keys:     []AccessKey{{ID: testKeyID, Secret: testKeySecret}},
		Seed:     1,
	}
	for _, m := range mutate {
		m(&o)
	}
	s, err := NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func sdkClient(t testing.TB, keyID, secret, token string) *sdk.Client {
	t.Helper()
	var cred auth.Credential = credentials.NewAccessKeyCredential(keyID, secret)
	if token != "" {
		cred = credentials.NewStsTokenCredential(keyID, secret, token)
	}
	c, err := sdk.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), cred)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func hostOf(ts *httptest.Server) string { return strings.TrimPrefix(ts.URL, "http://") }

// rpcRequest calls the test product's Echo action.
func rpcRequest(ts *httptest.Server, method string, params map[string]string) *requests.CommonRequest {
	r := requests.NewCommonRequest()
	r.Product = "EHPC"
	r.Version = testVersion
	r.ApiName = "Echo"
	r.Method = method
	r.Domain = hostOf(ts)
	r.Scheme = "http"
	for k, v := range params {
		r.QueryParams[k] = v
	}
	return r
}

func roaRequest(ts *httptest.Server, version, method, path string, query map[string]string, body []byte) *requests.CommonRequest {
	r := requests.NewCommonRequest()
	r.Product = "CS"
	r.Version = version
	r.Method = method
	r.PathPattern = path
	// ROA URLs are built as scheme://Domain:Port/path: the port must go separately.
	r.Domain, r.Port, _ = net.SplitHostPort(hostOf(ts))
	r.Scheme = "http"
	for k, v := range query {
		r.QueryParams[k] = v
	}
	r.Headers["Content-Type"] = "application/json"
	if body != nil {
		r.Content = body
	}
	return r
}

func decodeEcho(t *testing.T, resp *responses.CommonResponse) echo {
	t.Helper()
	var e echo
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &e); err != nil {
		t.Fatalf("decoding %s: %v", resp.GetHttpContentString(), err)
	}
	return e
}

// serverError asserts err is an SDK ServerError with status and code (for lower-case CS bodies the SDK
// cannot read the code, so the raw body is decoded).
func serverError(t *testing.T, err error, status int, code string) {
	t.Helper()
	_, _ = serverErrorText(t, err, status, code)
}

// serverErrorText is serverError returning the message and the SDK's recommendation.
func serverErrorText(t *testing.T, err error, status int, code string) (message, recommend string) {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want a ServerError %d %s, got %v", status, code, err)
	}
	got := se.ErrorCode()
	if got == "" {
		var cs struct{ Code string }
		_ = json.Unmarshal([]byte(se.Message()), &cs) // not JSON: the code stays empty and the check fails
		got = cs.Code
	}
	if se.HttpStatus() != status || got != code {
		t.Fatalf("want %d %s, got %d %s: %s", status, code, se.HttpStatus(), got, se.Message())
	}
	return se.Message(), se.Recommend()
}

// rawSigner signs requests the way the SDK does, without the SDK's overhead: for benchmarks and for requests
// the SDK cannot make (replays, stale timestamps).
type rawSigner struct {
	base          string
	keyID, secret string
	mu            sync.Mutex
	n             int
}

func (s *rawSigner) nonce() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return fmt.Sprintf("%032x", s.n)
}

func (s *rawSigner) rpc(method, action string, params map[string]string, at time.Time) *http.Request {
	v := url.Values{}
	for k, x := range params {
		v.Set(k, x)
	}
	v.Set("Action", action)
	v.Set("Version", testVersion)
	v.Set("Format", "JSON")
	v.Set("AccessKeyId", s.keyID)
	v.Set("SignatureMethod", "HMAC-SHA1")
	v.Set("SignatureVersion", "1.0")
	v.Set("SignatureType", "")
	v.Set("SignatureNonce", s.nonce())
	v.Set("Timestamp", at.UTC().Format("2006-01-02T15:04:05Z"))
	v.Set("Signature", Sign(RPCStringToSign(method, v), s.secret+"&"))
	req, _ := http.NewRequest(method, s.base+"/?"+v.Encode(), nil)
	return req
}

func (s *rawSigner) roa(method, version, path string, query url.Values, body []byte, at time.Time, extra map[string]string) *http.Request {
	u := s.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, _ := http.NewRequest(method, u, bytes.NewReader(body))
	sum := md5.Sum(body)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Date", at.UTC().Format(http.TimeFormat))
	req.Header.Set("x-acs-version", version)
	req.Header.Set("x-acs-signature-method", "HMAC-SHA1")
	req.Header.Set("x-acs-signature-version", "1.0")
	for k, v := range extra {
		req.Header.Set(k, v)
	}
	sts := ROAStringToSign(method, req.Header, path, query)
	req.Header.Set("Authorization", "acs "+s.keyID+":"+Sign(sts, s.secret))
	return req
}

func do(t testing.TB, req *http.Request) (int, http.Header, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m) // empty bodies (204) leave m nil
	return resp.StatusCode, resp.Header, m
}

// field walks nested JSON objects: field(m, "a", "b") is m["a"]["b"], nil when absent.
func field(m map[string]any, path ...string) any {
	var v any = m
	for _, k := range path {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[k]
	}
	return v
}

func setFaults(t testing.TB, s *Server, f FaultConfig) {
	t.Helper()
	if err := s.SetFaults(f); err != nil {
		t.Fatal(err)
	}
}

func testStateOf(s *Server) *testState {
	st, _ := s.products[0].State().(*testState)
	return st
}
