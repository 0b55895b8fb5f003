package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/cs"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/emutest"
)

func TestDefaults(t *testing.T) {
	host, _, err := net.SplitHostPort(emulator.DefaultListen)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		t.Fatalf("the default listen address %q must be loopback only", emulator.DefaultListen)
	}
	_, _, admin := emutest.Start(t, emulator.Config{})
	var h struct {
		Status    string   `json:"status"`
		Products  []string `json:"products"`
		Region    string   `json:"region"`
		LatencyMS int64    `json:"latency_ms"`
	}
	if err := admin.Do(context.Background(), "GET", "/_emulator/health", nil, &h); err != nil {
		t.Fatal(err)
	}
	if h.Status != "ok" || h.Region != emulator.DefaultRegion || h.LatencyMS != emulator.DefaultLatency.Milliseconds() ||
		strings.Join(h.Products, ",") != strings.Join(emulator.ProductNames(), ",") {
		t.Fatalf("health: %+v", h)
	}
	// The products of today are served (a product added later joins them without a change here).
	for _, want := range []string{"ehpc", "cs", "batchcompute"} {
		if !slices.Contains(h.Products, want) {
			t.Errorf("health lists products %v, without %s", h.Products, want)
		}
	}
}

// roaCode reads the code of an ROA error: the SDK only parses capitalised keys, CS answers lower-case ones.
func errorCode(t *testing.T, err error) (int, string) {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want a server error, got %v", err)
	}
	if se.ErrorCode() != "" {
		return se.HttpStatus(), se.ErrorCode()
	}
	var cs struct{ Code string }
	_ = json.Unmarshal([]byte(se.Message()), &cs)
	return se.HttpStatus(), cs.Code
}

// Every API route of every product refuses unsigned, wrongly signed and unknown-key requests before its
// handler runs.
func TestEveryRouteRefusesBadSignatures(t *testing.T) {
	e, ts, admin := emutest.Start(t, emulator.Config{Latency: 10 * time.Millisecond})
	ctx := context.Background()
	var before json.RawMessage
	if err := admin.State(ctx, &before); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://"))
	wrong := sdkClient(t, emulator.DefaultAccessKeyID, "wrong-secret", "")
	unknown := sdkClient(t, "LTAIunknown", emulator.DefaultAccessKeySecret, "")

	perProduct := map[string]int{}
	for _, rt := range e.Server().Routes() {
		if rt.Style == "admin" {
			continue
		}
		perProduct[rt.Product]++
		t.Run(rt.Product+"/"+rt.Version+"/"+rt.Action, func(t *testing.T) {
			build := func() *requests.CommonRequest {
				r := requests.NewCommonRequest()
				r.Version, r.Scheme, r.Domain = rt.Version, "http", host
				if rt.Style == "rpc" {
					r.Product, r.ApiName, r.Method, r.Domain = "EHPC", rt.Action, "POST", host+":"+port
					return r
				}
				r.Product, r.Method, r.Port = "CS", rt.Method, port
				r.PathPattern = fillPattern(rt.Pattern)
				r.Headers["Content-Type"] = "application/json"
				if rt.Method == "POST" || rt.Method == "PUT" {
					r.Content = []byte(`{}`)
				}
				return r
			}
			_, err := wrong.ProcessCommonRequest(build())
			if status, code := errorCode(t, err); status != 400 || code != "SignatureDoesNotMatch" {
				t.Errorf("wrong secret: %d %s", status, code)
			}
			_, err = unknown.ProcessCommonRequest(build())
			if status, code := errorCode(t, err); status != 404 || code != "InvalidAccessKeyId.NotFound" {
				t.Errorf("unknown key: %d %s", status, code)
			}

			var req *http.Request
			want := "IncompleteSignature"
			if rt.Style == "rpc" {
				req, _ = http.NewRequest("GET", ts.URL+"/?Action="+rt.Action+"&Version="+rt.Version, nil)
				want = "MissingParameter"
			} else {
				req, _ = http.NewRequest(rt.Method, ts.URL+fillPattern(rt.Pattern), strings.NewReader("{}"))
				req.Header.Set("x-acs-version", rt.Version)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&body)
			code := body["Code"]
			if rt.Version == cs.Version {
				code = body["code"]
			}
			if resp.StatusCode != 400 || code != want || resp.Header.Get("x-acs-request-id") == "" {
				t.Errorf("unsigned: %d %v %v", resp.StatusCode, resp.Header, body)
			}
		})
	}
	for _, p := range emulator.ProductNames() {
		if perProduct[p] == 0 {
			t.Errorf("product %s registers no API route", p)
		}
	}
	var after json.RawMessage
	if err := admin.State(ctx, &after); err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Fatal("refused requests changed the state")
	}
	stats, _ := admin.Stats(ctx)
	for _, rt := range e.Server().Routes() {
		if rt.Style != "admin" && stats[rt.Product+":"+rt.Action] < 3 {
			t.Errorf("refused requests are counted: %s:%s = %d", rt.Product, rt.Action, stats[rt.Product+":"+rt.Action])
		}
	}
}

func sdkClient(t *testing.T, keyID, secret, token string) *sdk.Client {
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

func fillPattern(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") {
			segs[i] = "x-test"
		}
	}
	return strings.Join(segs, "/")
}

func TestAdminClient(t *testing.T) {
	_, _, admin := emutest.Start(t, emulator.Config{Latency: 10 * time.Millisecond})
	ctx := context.Background()
	if err := admin.Health(ctx); err != nil {
		t.Fatal(err)
	}
	f := core.FaultConfig{Rate: 0.2, Kinds: core.AllFaultKinds, LoseCreateResponses: 1,
		Inject: []core.InjectedError{{Action: "cs:ScaleOutCluster", Status: 400, Code: "QuotaExceeded", Count: 1}}}
	if err := admin.SetFaults(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, err := admin.Faults(ctx)
	if err != nil || got.Rate != 0.2 || got.LoseCreateResponses != 1 || len(got.Inject) != 1 {
		t.Fatalf("faults: %+v %v", got, err)
	}
	if err := admin.ClearFaults(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := admin.Faults(ctx); got.Rate != 0 || got.LoseCreateResponses != 0 || got.Inject != nil {
		t.Fatalf("faults after clear: %+v", got)
	}

	err = admin.SetFaults(ctx, core.FaultConfig{Kinds: []string{"meteor"}})
	var ae *emulator.AdminError
	if !errors.As(err, &ae) || ae.Status != 400 || !strings.Contains(ae.Body, "InvalidFaultConfig") || !strings.Contains(err.Error(), "meteor") {
		t.Fatalf("an admin error carries the body: %v", err)
	}

	if err := admin.SetLatency(ctx, 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	var lat struct {
		LatencyMS int64 `json:"latency_ms"`
	}
	if err := admin.Do(ctx, "GET", "/_emulator/latency", nil, &lat); err != nil || lat.LatencyMS != 1500 {
		t.Fatalf("latency: %+v %v", lat, err)
	}

	if err := admin.AddKey(ctx, core.AccessKey{ID: "STS.k", Secret: "s", SecurityToken: "t"}); err != nil {
		t.Fatal(err)
	}
	// A request through the real SDK with the new STS key is counted (refused or not, auth passed).
	c := sdkClient(t, "STS.k", "s", "t")
	r := requests.NewCommonRequest()
	r.Product, r.Version, r.ApiName, r.Scheme = "EHPC", "2018-04-12", "NoSuchAction", "http"
	r.Domain = strings.TrimPrefix(admin.BaseURL, "http://")
	_, _ = c.ProcessCommonRequest(r)
	stats, err := admin.Stats(ctx)
	if err != nil || stats["ehpc:NoSuchAction"] != 1 {
		t.Fatalf("stats: %v %v", stats, err)
	}
	if err := admin.ResetStats(ctx); err != nil {
		t.Fatal(err)
	}
	if stats, _ := admin.Stats(ctx); len(stats) != 0 {
		t.Fatalf("stats after reset: %v", stats)
	}
}

func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	e1, _, admin1 := emutest.Start(t, emulator.Config{StatePath: path, Seed: 3})
	if len(e1.Seeded()) == 0 {
		t.Log("no product seeds an inventory yet")
	}
	// A change after the start, not only the seeded inventory, must survive.
	var added map[string]any
	if err := admin1.Do(context.Background(), "POST", "/_emulator/ecs/instances", map[string]int{"count": 2}, &added); err != nil {
		t.Fatal(err)
	}
	var before map[string]json.RawMessage
	if err := admin1.State(context.Background(), &before); err != nil {
		t.Fatal(err)
	}
	if err := e1.Close(); err != nil {
		t.Fatal(err)
	}
	// Another seed: a state that was seeded again instead of restored would differ.
	e2, _, admin2 := emutest.Start(t, emulator.Config{StatePath: path, Seed: 4})
	if s := strings.Join(e2.Seeded(), "\n"); !strings.Contains(s, "restored") {
		t.Fatalf("restart does not say it restored: %q", s)
	}
	var after map[string]json.RawMessage
	if err := admin2.State(context.Background(), &after); err != nil {
		t.Fatal(err)
	}
	for _, p := range emulator.ProductNames() {
		if string(before[p]) != string(after[p]) {
			t.Errorf("%s state changed across a restart:\nbefore %s\nafter  %s", p, before[p], after[p])
		}
	}
	e2.Close()
}
