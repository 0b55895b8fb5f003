package core

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The real SDK must be accepted for every request style it produces.

func TestSDK_RPCGetFlatList(t *testing.T) {
	_, ts := newTestServer(t)
	c := sdkClient(t, testKeyID, testKeySecret, "")
	resp, err := c.ProcessCommonRequest(rpcRequest(ts, "GET", map[string]string{
		"ClusterId": "cls-hz-abc", "Instance.1.Id": "i-1", "Instance.2.Id": "i-2", "Empty": "",
	}))
	if err != nil {
		t.Fatal(err)
	}
	e := decodeEcho(t, resp)
	if e.Action != "Echo" || e.KeyID != testKeyID || e.Params["Instance.2.Id"] != "i-2" || e.Params["ClusterId"] != "cls-hz-abc" {
		t.Fatalf("unexpected echo %+v", e)
	}
	if _, ok := e.Params["Empty"]; !ok {
		t.Fatal("empty parameter lost")
	}
	if e.RequestID == "" || e.RequestID != resp.GetHttpHeaders()["X-Acs-Request-Id"][0] {
		t.Fatalf("RequestId %q not added or not the header's %v", e.RequestID, resp.GetHttpHeaders()["X-Acs-Request-Id"])
	}
}

func TestSDK_RPCPostAwkwardValues(t *testing.T) {
	_, ts := newTestServer(t)
	c := sdkClient(t, testKeyID, testKeySecret, "")
	queues := `[{"QueueName":"comp","ComputeNodes":[{"InstanceType":"ecs.c7.large"}]}]`
	awkward := "a b+c*d~e/é 中文 %20 &x=y"
	req := rpcRequest(ts, "POST", map[string]string{"Queues": queues, "ClusterName": awkward})
	req.FormParams["ClusterDescription"] = "form value + plus * star ~ tilde"
	resp, err := c.ProcessCommonRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	e := decodeEcho(t, resp)
	if e.Params["Queues"] != queues || e.Params["ClusterName"] != awkward || e.Params["ClusterDescription"] != "form value + plus * star ~ tilde" {
		t.Fatalf("parameters changed on the way: %+v", e.Params)
	}
}

func TestSDK_ROA(t *testing.T) {
	_, ts := newTestServer(t)
	c := sdkClient(t, testKeyID, testKeySecret, "")

	body := []byte(`{"count":2,"worker_instance_type":"ens.sn1.small","login_password":"Pa ss+w*rd~"}`)
	req := roaRequest(ts, testROAVersion, "POST", "/api/v2/clusters/c0123456789abcdef", map[string]string{"a": "", "b": "x y/é+*~"}, body)
	req.ApiName = "ScaleOutCluster" // adds a signed x-acs-action header
	resp, err := c.ProcessCommonRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetHttpStatus() != http.StatusAccepted {
		t.Fatalf("status %d", resp.GetHttpStatus())
	}
	e := decodeEcho(t, resp)
	if e.Action != "ScaleOutCluster" || e.PathParams["cluster_id"] != "c0123456789abcdef" || e.Body != string(body) || e.Params["b"] != "x y/é+*~" {
		t.Fatalf("unexpected echo %+v", e)
	}
	if e.RequestID != "" || resp.GetHttpHeaders()["X-Acs-Request-Id"] == nil {
		t.Fatal("ROA bodies are left alone; the request id travels in x-acs-request-id")
	}

	resp, err = c.ProcessCommonRequest(roaRequest(ts, testROAVersion, "GET", "/clusters/c1/nodes", map[string]string{"instanceIds": "i-1,i-2", "pageSize": "100"}, nil))
	if err != nil {
		t.Fatal(err)
	}
	if e := decodeEcho(t, resp); e.Action != "DescribeClusterNodes" || e.Params["instanceIds"] != "i-1,i-2" {
		t.Fatalf("unexpected echo %+v", e)
	}

	// Batch Compute shares /clusters/{id} with CS; x-acs-version decides.
	resp, err = c.ProcessCommonRequest(roaRequest(ts, testHostIDVersion, "GET", "/clusters/cls-1", nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if e := decodeEcho(t, resp); e.Action != "GetCluster" || e.PathParams["id"] != "cls-1" {
		t.Fatalf("unexpected echo %+v", e)
	}
	resp, err = c.ProcessCommonRequest(roaRequest(ts, testHostIDVersion, "POST", "/clusters", map[string]string{"IdempotentToken": "tok_1"}, []byte(`{"Name":"x"}`)))
	if err != nil || resp.GetHttpStatus() != http.StatusCreated {
		t.Fatalf("batch create: %v %v", err, resp)
	}
}

func TestSDK_STS(t *testing.T) {
	s, ts := newTestServer(t)
	s.AddKey(AccessKey{ID: "STS.tmp", Secret: "tmpSecret", SecurityToken: "tok/with+odd=chars"})
	c := sdkClient(t, "STS.tmp", "tmpSecret", "tok/with+odd=chars")
	if _, err := c.ProcessCommonRequest(rpcRequest(ts, "GET", nil)); err != nil {
		t.Fatalf("RPC with STS: %v", err)
	}
	if _, err := c.ProcessCommonRequest(roaRequest(ts, testROAVersion, "GET", "/clusters/c1", nil, nil)); err != nil {
		t.Fatalf("ROA with STS: %v", err)
	}

	bad := sdkClient(t, "STS.tmp", "tmpSecret", "another-token")
	_, err := bad.ProcessCommonRequest(rpcRequest(ts, "GET", nil))
	serverError(t, err, 400, "InvalidSecurityToken.Malformed")
	_, err = bad.ProcessCommonRequest(roaRequest(ts, testROAVersion, "GET", "/clusters/c1", nil, nil))
	serverError(t, err, 400, "InvalidSecurityToken.Malformed")

	noToken := sdkClient(t, "STS.tmp", "tmpSecret", "")
	_, err = noToken.ProcessCommonRequest(rpcRequest(ts, "GET", nil))
	serverError(t, err, 400, "InvalidSecurityToken.Malformed")

	s.AddKey(AccessKey{ID: "STS.old", Secret: "oldSecret", SecurityToken: "old", Expiration: time.Now().Add(-time.Minute)})
	_, err = sdkClient(t, "STS.old", "oldSecret", "old").ProcessCommonRequest(rpcRequest(ts, "GET", nil))
	serverError(t, err, 400, "InvalidSecurityToken.Expired")

	// A token sent with a permanent key is refused too.
	_, err = sdkClient(t, testKeyID, testKeySecret, "stray").ProcessCommonRequest(rpcRequest(ts, "GET", nil))
	serverError(t, err, 400, "InvalidSecurityToken.Malformed")
}

func TestSDK_Refusals(t *testing.T) {
	s, ts := newTestServer(t)
	wrong := sdkClient(t, testKeyID, "not-the-secret", "")

	_, err := wrong.ProcessCommonRequest(rpcRequest(ts, "GET", map[string]string{"X": "1"}))
	msg, recommend := serverErrorText(t, err, 400, "SignatureDoesNotMatch")
	if !strings.Contains(msg, "server string to sign is:GET&%2F&AccessKeyId%3D"+testKeyID) {
		t.Fatalf("message does not show the string to sign: %s", msg)
	}
	// The SDK compares the server's string to sign with its own; equal here, so it blames the secret.
	if !strings.Contains(recommend, "AccessKeySecret") {
		t.Fatalf("SDK did not recognize the mismatch message: %q", recommend)
	}
	_, err = wrong.ProcessCommonRequest(roaRequest(ts, testROAVersion, "GET", "/clusters/c1", nil, nil))
	serverError(t, err, 400, "SignatureDoesNotMatch")
	_, err = wrong.ProcessCommonRequest(roaRequest(ts, testHostIDVersion, "GET", "/clusters/cls-1", nil, nil))
	serverError(t, err, 400, "SignatureDoesNotMatch")

	unknown := sdkClient(t, "LTAInobody", testKeySecret, "")
	_, err = unknown.ProcessCommonRequest(rpcRequest(ts, "GET", nil))
	serverError(t, err, 404, "InvalidAccessKeyId.NotFound")
	_, err = unknown.ProcessCommonRequest(roaRequest(ts, testROAVersion, "GET", "/clusters/c1", nil, nil))
	serverError(t, err, 404, "InvalidAccessKeyId.NotFound")

	// The client's clock is 20 minutes behind the server's.
	s.auth.now = func() time.Time { return time.Now().Add(20 * time.Minute) }
	c := sdkClient(t, testKeyID, testKeySecret, "")
	_, err = c.ProcessCommonRequest(rpcRequest(ts, "GET", nil))
	serverError(t, err, 400, "InvalidTimeStamp.Expired")
	_, err = c.ProcessCommonRequest(roaRequest(ts, testHostIDVersion, "GET", "/clusters/cls-1", nil, nil))
	serverError(t, err, 400, "InvalidTimeStamp.Expired")
	s.auth.now = time.Now
}

// replayer records the requests an SDK sends so a test can send them again byte for byte.
type replayer struct {
	next http.Handler
	reqs []*http.Request
	body [][]byte
}

func (rp *replayer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rp.reqs = append(rp.reqs, r.Clone(r.Context()))
	rp.body = append(rp.body, b)
	r.Body = io.NopCloser(bytes.NewReader(b))
	rp.next.ServeHTTP(w, r)
}

func (rp *replayer) replay(t *testing.T, base string, i int, body []byte) (int, map[string]any) {
	t.Helper()
	orig := rp.reqs[i]
	if body == nil {
		body = rp.body[i]
	}
	req, _ := http.NewRequest(orig.Method, base+orig.URL.RequestURI(), bytes.NewReader(body))
	req.Header = orig.Header.Clone()
	status, _, m := do(t, req)
	return status, m
}

func TestSDK_ReplayRefused(t *testing.T) {
	_, ts := newTestServer(t)
	rp := &replayer{next: ts.Config.Handler}
	ts.Config.Handler = rp
	c := sdkClient(t, testKeyID, testKeySecret, "")

	if _, err := c.ProcessCommonRequest(rpcRequest(ts, "POST", map[string]string{"A": "1"})); err != nil {
		t.Fatal(err)
	}
	if status, m := rp.replay(t, ts.URL, len(rp.reqs)-1, nil); status != 400 || m["Code"] != "SignatureNonceUsed" {
		t.Fatalf("RPC replay: %d %v", status, m)
	}

	// ROA requests are replay-checked when they carry x-acs-signature-nonce (signed like every x-acs-* header).
	req := roaRequest(ts, testROAVersion, "POST", "/api/v2/clusters/c1", nil, []byte(`{"count":1}`))
	req.Headers["x-acs-signature-nonce"] = "0123456789abcdef0123456789abcdef"
	if _, err := c.ProcessCommonRequest(req); err != nil {
		t.Fatal(err)
	}
	if status, m := rp.replay(t, ts.URL, len(rp.reqs)-1, nil); status != 400 || m["code"] != "SignatureNonceUsed" {
		t.Fatalf("ROA replay: %d %v", status, m)
	}

	// The body is covered through Content-MD5: a tampered body is refused.
	if _, err := c.ProcessCommonRequest(roaRequest(ts, testROAVersion, "POST", "/api/v2/clusters/c1", nil, []byte(`{"count":1}`))); err != nil {
		t.Fatal(err)
	}
	if status, m := rp.replay(t, ts.URL, len(rp.reqs)-1, []byte(`{"count":9}`)); status != 400 || m["code"] != "InvalidContentMD5" {
		t.Fatalf("tampered body: %d %v", status, m)
	}
}

func TestUnsignedRequestsRefused(t *testing.T) {
	_, ts := newTestServer(t)
	status, _, m := do(t, mustRequest("GET", ts.URL+"/?Action=Echo&Version="+testVersion, nil, nil))
	if status != 400 || m["Code"] != "MissingParameter" || !strings.Contains(fmt.Sprint(m["Message"]), "AccessKeyId") {
		t.Fatalf("unsigned RPC: %d %v", status, m)
	}
	status, _, m = do(t, mustRequest("GET", ts.URL+"/clusters/c1", nil, map[string]string{"x-acs-version": testROAVersion}))
	if status != 400 || m["code"] != "IncompleteSignature" {
		t.Fatalf("unsigned CS: %d %v", status, m)
	}
	status, h, m := do(t, mustRequest("GET", ts.URL+"/clusters/c1", nil, map[string]string{"x-acs-version": testHostIDVersion, "Authorization": "acs nonsense"}))
	if status != 400 || m["Code"] != "IncompleteSignature" || h.Get("x-acs-request-id") == "" {
		t.Fatalf("malformed batch Authorization: %d %v %v", status, h, m)
	}
}

func mustRequest(method, u string, body []byte, header map[string]string) *http.Request {
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return req
}

func TestRouting(t *testing.T) {
	_, ts := newTestServer(t)
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	now := time.Now()

	status, _, m := do(t, sg.rpc("GET", "NoSuchAction", nil, now))
	if status != 404 || m["Code"] != "InvalidAction.NotFound" {
		t.Fatalf("unknown action: %d %v", status, m)
	}
	req := sg.rpc("GET", "Echo", nil, now)
	q := req.URL.Query()
	q.Set("Version", "1999-01-01")
	req.URL.RawQuery = q.Encode()
	if status, _, m = do(t, req); status != 400 || m["Code"] != "InvalidVersion" {
		t.Fatalf("unknown version: %d %v", status, m)
	}
	if status, _, m = do(t, sg.roa("GET", testROAVersion, "/no/such/path", nil, nil, now, nil)); status != 404 || m["code"] != "InvalidAction.NotFound" {
		t.Fatalf("unknown lower-camel path: %d %v", status, m)
	}
	if status, _, m = do(t, sg.roa("GET", testHostIDVersion, "/no/such/path", nil, nil, now, nil)); status != 400 || m["Code"] != "InvalidUrlPattern" {
		t.Fatalf("unknown Batch path: %d %v", status, m)
	}
	if status, _, m = do(t, sg.roa("PUT", testHostIDVersion, "/clusters/cls-1", nil, nil, now, nil)); status != 400 || m["Code"] != "MethodNotAllowed" {
		t.Fatalf("wrong Batch method: %d %v", status, m)
	}
	breq := sg.roa("GET", "2015-11-12", "/clusters/cls-1", nil, nil, now, nil)
	breq.Host = testHostPrefix + ".cn-hangzhou.aliyuncs.com"
	status, h, m := do(t, breq)
	if status != 403 || m["Code"] != "InvalidVersion.NotFound" || h.Get("x-acs-request-id") == "" {
		t.Fatalf("bad Batch version: %d %v", status, m)
	}
	if status, _, m = do(t, sg.roa("GET", "2015-12-16", "/clusters/c1", nil, nil, now, nil)); status != 400 || m["code"] != "InvalidVersion" {
		t.Fatalf("bad lower-camel version: %d %v", status, m)
	}

	// Handler errors in each shape, with request ids.
	status, h, m = do(t, sg.rpc("GET", "Fail", nil, now))
	if status != 406 || m["Code"] != "AgentError" || m["Message"] != "the agent is down" || m["RequestId"] != h.Get("x-acs-request-id") || m["HostId"] == "" {
		t.Fatalf("RPC error shape: %d %v", status, m)
	}
	if status, _, m = do(t, sg.rpc("GET", "Panic", nil, now)); status != 500 || m["Code"] != "InternalError" {
		t.Fatalf("panicking handler: %d %v", status, m)
	}
	if _, _, m = do(t, sg.rpc("GET", "WithRequestId", nil, now)); m["RequestId"] != "handler-id" {
		t.Fatalf("a handler's RequestId must be kept: %v", m)
	}
	status, h, m = do(t, sg.roa("POST", testHostIDVersion, "/clusters", nil, []byte("not json"), now, nil))
	if status != 400 || m["Code"] != "InvalidJsonFormat" || h.Get("x-acs-request-id") == "" {
		t.Fatalf("Batch error shape: %d %v %v", status, h, m)
	}
	resp, err := http.DefaultClient.Do(sg.roa("DELETE", testHostIDVersion, "/clusters/cls-1", nil, nil, now, nil))
	if err != nil || resp.StatusCode != 204 || resp.Header.Get("x-acs-request-id") == "" {
		t.Fatalf("Batch 204: %v %v", err, resp)
	}
	resp.Body.Close()
}

// Batch Compute's JavaScript SDK dates its requests with x-acs-date and documents hex Content-MD5.
func TestROADateFallbackAndHexMD5(t *testing.T) {
	_, ts := newTestServer(t)
	sg := &rawSigner{base: ts.URL, keyID: testKeyID, secret: testKeySecret}
	req := sg.roa("GET", testHostIDVersion, "/clusters/cls-1", nil, nil, time.Now(), nil)
	req.Header.Set("x-acs-date", req.Header.Get("Date"))
	req.Header.Del("Date")
	req.Header.Set("Content-MD5", "D41D8CD98F00B204E9800998ECF8427E") // MD5 of nothing, upper-case hex
	req.Header.Set("Authorization", "acs "+testKeyID+":"+Sign(ROAStringToSign("GET", req.Header, "/clusters/cls-1", nil), testKeySecret))
	if status, _, m := do(t, req); status != 200 {
		t.Fatalf("x-acs-date request: %d %v", status, m)
	}
	stale := sg.roa("GET", testHostIDVersion, "/clusters/cls-1", nil, nil, time.Now().Add(-16*time.Minute), nil)
	if status, _, m := do(t, stale); status != 400 || m["Code"] != "InvalidTimeStamp.Expired" {
		t.Fatalf("stale Date: %d %v", status, m)
	}
}

func TestNonceWindow(t *testing.T) {
	c := nonceCache{seen: map[string]time.Time{}}
	t0 := time.Now()
	if !c.use("k", t0) || c.use("k", t0.Add(time.Minute)) {
		t.Fatal("a nonce is single-use within the window")
	}
	if !c.use("k", t0.Add(SignatureWindow+time.Second)) {
		t.Fatal("a nonce older than the window is forgotten")
	}
	for i := 0; i < 5000; i++ {
		c.use(string(rune(i)), t0.Add(2*SignatureWindow+time.Duration(i)))
	}
	if len(c.seen) != 5000 || len(c.order)-c.head != 5000 {
		t.Fatalf("expired nonces are not dropped: %d seen, %d queued", len(c.seen), len(c.order)-c.head)
	}
}

func TestPercentEncode(t *testing.T) {
	for in, want := range map[string]string{"a b": "a%20b", "a+b": "a%2Bb", "a*b": "a%2Ab", "a~b": "a~b", "é": "%C3%A9", "/": "%2F"} {
		if got := percentEncode(in); got != want {
			t.Errorf("percentEncode(%q) = %q, want %q", in, got, want)
		}
	}
}
