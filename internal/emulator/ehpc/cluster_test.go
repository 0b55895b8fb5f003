package ehpc

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// clusterHarness calls the cluster handlers directly, with a clock the test moves.
type clusterHarness struct {
	t     *testing.T
	p     *Product
	clock *core.ManualClock
	env   *core.Env
}

const testLatency = 10 * time.Second

func newClusterHarness(t *testing.T) *clusterHarness {
	clock := core.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	return &clusterHarness{t: t, p: New(), clock: clock, env: core.NewEnv(clock, testLatency, "cn-hangzhou", 1)}
}

func (h *clusterHarness) call(handler core.Handler, params map[string]string) (map[string]any, error) {
	h.t.Helper()
	v := url.Values{}
	for k, s := range params {
		v.Set(k, s)
	}
	resp, err := handler(&core.Request{Params: v, Now: h.clock.Now(), Env: h.env, RequestID: "REQ"})
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		h.t.Fatal(err)
	}
	return m, nil
}

func (h *clusterHarness) mustCall(handler core.Handler, params map[string]string) map[string]any {
	h.t.Helper()
	m, err := h.call(handler, params)
	if err != nil {
		h.t.Fatalf("unexpected error: %v", err)
	}
	return m
}

func (h *clusterHarness) wantError(handler core.Handler, params map[string]string, code, message string) {
	h.t.Helper()
	_, err := h.call(handler, params)
	var ce *core.Error
	if !errors.As(err, &ce) || ce.Code != code || (message != "" && ce.Message != message) {
		h.t.Fatalf("want %s %q, got %v", code, message, err)
	}
}

func (h *clusterHarness) advance(d time.Duration) { h.clock.Advance(d) }

func (h *clusterHarness) status(id string) string {
	h.t.Helper()
	m, err := h.call(h.p.getCluster, map[string]string{"ClusterId": id})
	if err != nil {
		return err.(*core.Error).Code
	}
	return m["ClusterStatus"].(string)
}

const testPassword = `{"Password":"Ehpc-Test-2024"}`

func TestClusterLifecycle(t *testing.T) {
	h := newClusterHarness(t)
	out := h.mustCall(h.p.createCluster, map[string]string{
		"ClusterName": "c1", "ClusterCredentials": testPassword, "MaxCount": "100", "DeletionProtection": "true",
		"ClusterDescription": "描述-1", "Tags": `[{"key":"a","value":"1"}]`, "AdditionalPackages": `[{"Name":"mpich","Version":"4.0.3"}]`,
		"Manager": `{"DNS":{"Type":"NIS","Version":"1.0"},"ManagerNode":{"InstanceType":"ecs.c7.xlarge","EnableHT":false}}`,
		"Queues":  `[{"QueueName":"comp","ComputeNodes":[{"InstanceType":"ecs.c7.large"}]}]`,
	})
	id := out["ClusterId"].(string)
	if out["Success"] != true || len(id) != len("ehpc-hz-")+10 {
		t.Fatalf("create answer: %v", out)
	}
	if h.status(id) != StatusCreating {
		t.Fatalf("status %s", h.status(id))
	}
	// Busy while it is being created.
	h.wantError(h.p.updateCluster, map[string]string{"ClusterId": id, "MaxCount": "5"}, "ConflictOpt", "")
	h.wantError(h.p.deleteCluster, map[string]string{"ClusterId": id}, "InvalidClusterStatus", "")
	h.advance(testLatency * 6 / 10)
	if h.status(id) != StatusIniting {
		t.Fatalf("status %s", h.status(id))
	}
	h.advance(testLatency)
	if h.status(id) != StatusRunning {
		t.Fatalf("status %s", h.status(id))
	}
	c := h.p.state.Clusters[id]
	if c.Name != "c1" || c.MaxCount != 100 || c.ImageID != defaultImageID || len(c.QueueNames()) != 1 || c.StatusAt(h.env) != StatusRunning {
		t.Fatalf("contract fields: %+v", c)
	}

	// GetCluster and ListClusters report the same values with different types (see README.md, "API 2024-07-30: ListClusters").
	g := h.mustCall(h.p.getCluster, map[string]string{"ClusterId": id})
	if g["MaxCount"] != "100" || g["DeleteProtection"] != "true" || g["ClusterDescription"] != nil {
		t.Fatalf("GetCluster: %v", g)
	}
	mgr := g["Manager"].(map[string]any)
	if mgr["DNS"].(map[string]any)["Type"] != "nis" || mgr["ManagerNode"].(map[string]any)["EnableHt"] != false {
		t.Fatalf("GetCluster manager: %v", mgr)
	}
	l := h.mustCall(h.p.listClusters, map[string]string{"ClusterIds": `["` + id + `"]`})
	items := l["Clusters"].([]any)
	item := items[0].(map[string]any)
	if len(items) != 1 || item["MaxCount"] != 100.0 || item["DeletionProtection"] != true || item["ClusterDescription"] != "描述-1" ||
		fmt.Sprint(item["ClusterCredentials"]) != "[password]" || l["PageNumber"] != "1" {
		t.Fatalf("ListClusters: %v", l)
	}

	// Updates: validated before anything changes; the custom configuration is replaced as a whole.
	h.wantError(h.p.updateCluster, map[string]string{"ClusterId": id, "ClusterName": "ok-name", "MaxCount": "5001"},
		"InvalidParams", "The specified parameter MaxCount is invalid.")
	if c.Name != "c1" {
		t.Fatal("a rejected update changed the cluster")
	}
	h.mustCall(h.p.updateCluster, map[string]string{"ClusterId": id, "ClusterName": "c2", "GrowInterval": "3",
		"ClusterCustomConfiguration": `{"Script":"https://x/s.sh","Args":"-v"}`})
	h.mustCall(h.p.updateCluster, map[string]string{"ClusterId": id, "ClusterCustomConfiguration": `{"Script":"","Args":""}`})
	if c.Name != "c2" || c.GrowInterval != 3 || c.CustomConfiguration != nil {
		t.Fatalf("after updates: %+v", c)
	}

	// Deletion protection refuses DeleteCluster until it is lifted.
	h.wantError(h.p.deleteCluster, map[string]string{"ClusterId": id}, "Cluster.NotSupported", "")
	h.mustCall(h.p.updateCluster, map[string]string{"ClusterId": id, "DeletionProtection": "false"})
	h.mustCall(h.p.deleteCluster, map[string]string{"ClusterId": id})
	if h.status(id) != StatusReleasing {
		t.Fatalf("status %s", h.status(id))
	}
	h.mustCall(h.p.deleteCluster, map[string]string{"ClusterId": id}) // repeated delete accepted
	h.advance(testLatency)
	if s := h.status(id); s != "ClusterNotFound" {
		t.Fatalf("after release: %s", s)
	}
	h.wantError(h.p.updateCluster, map[string]string{"ClusterId": id}, "ClusterNotFound", "")
	if l := h.mustCall(h.p.listClusters, nil); l["TotalCount"] != 0.0 {
		t.Fatalf("released cluster still listed: %v", l)
	}
}

func TestClusterCreateValidation(t *testing.T) {
	h := newClusterHarness(t)
	node := func(js string) map[string]string { return map[string]string{"Manager": `{"ManagerNode":` + js + `}`} }
	for _, c := range []struct {
		params map[string]string
		param  string
	}{
		{map[string]string{"ClusterName": "x"}, "ClusterName"},
		{map[string]string{"ClusterName": "bad name"}, "ClusterName"},
		{map[string]string{"ClusterCategory": "Large"}, "ClusterCategory"},
		{map[string]string{"MaxCount": "5001"}, "MaxCount"},
		{map[string]string{"MaxCoreCount": "-1"}, "MaxCoreCount"},
		{map[string]string{"DeletionProtection": "maybe"}, "DeletionProtection"},
		{map[string]string{"ClusterCredentials": `{"Password":"short"}`}, "ClusterCredentials.Password"},
		{map[string]string{"ClusterCredentials": `{"KeyPairName":"1kp"}`}, "ClusterCredentials.KeyPairName"},
		{map[string]string{"Tags": `[{"key":"aliyun-x","value":"v"}]`}, "Tags.0.key"},
		{map[string]string{"Tags": `[{"Key":"ok","Value":"http://x"}]`}, "Tags.0.value"},
		{map[string]string{"Queues": `[{"QueueName":"ok"},{"QueueName":"bad_name"}]`}, "Queues.1.QueueName"},
		{map[string]string{"Queues": `[{"QueueName":"q","VSwitchIds":[]}]`}, "Queues.0.VSwitchIds"},
		{map[string]string{"Queues": `[{"QueueName":"q","HostnamePrefix":"Upper"}]`}, "Queues.0.HostnamePrefix"},
		{map[string]string{"Queues": `[{"QueueName":"q","ComputeNodes":[{"SpotStrategy":"SpotAsPriceGo","InstanceChargeType":"PrePaid","Period":1}]}]`}, "Queues.0.ComputeNodes.0.SpotStrategy"},
		{map[string]string{"Queues": `not json`}, "Queues"},
		{map[string]string{"Manager": `{"Scheduler":{"Type":"SGE"}}`}, "Manager.Scheduler.Type"},
		{node(`{"InstanceChargeType":"PrePaid"}`), "Manager.ManagerNode.Period"},
		{node(`{"InstanceChargeType":"PrePaid","PeriodUnit":"Week","Period":5}`), "Manager.ManagerNode.Period"},
		{node(`{"AutoRenew":true}`), "Manager.ManagerNode.AutoRenew"},
		{node(`{"SpotStrategy":"SpotWithPriceLimit","SpotPriceLimit":0.1234}`), "Manager.ManagerNode.SpotPriceLimit"},
		{node(`{"SystemDisk":{"Category":"cloud","Size":600}}`), "Manager.ManagerNode.SystemDisk.Size"},
		{node(`{"DataDisks":[{"Category":"cloud_essd","Level":"PL2","Size":100}]}`), "Manager.ManagerNode.DataDisks.0.Size"},
		{map[string]string{"SharedStorages": `[{"ProtocolType":"CIFS"}]`}, "SharedStorages.0.ProtocolType"},
		{map[string]string{"Addons": `[{"Name":"Login"}]`}, "Addons.0.Version"},
		{map[string]string{"Addons": `[{"Name":"Login","Version":"1.0","ServicesSpec":"{"}]`}, "Addons.0.ServicesSpec"},
	} {
		h.wantError(h.p.createCluster, c.params, "InvalidParams", "The specified parameter "+c.param+" is invalid.")
	}
	if len(h.p.state.Clusters) != 0 {
		t.Fatal("a rejected create left a cluster")
	}
}

func TestClusterQuotaAndFailure(t *testing.T) {
	h := newClusterHarness(t)
	one := 1
	h.p.state.ClusterSettings.MaxClusters = &one
	h.mustCall(h.p.createCluster, nil)
	h.wantError(h.p.createCluster, nil, "TooManyClusters", "")
	h.p.state.ClusterSettings.MaxClusters = nil

	h.p.state.ClusterSettings.NextCreateFailure = "boom"
	id := h.mustCall(h.p.createCluster, nil)["ClusterId"].(string)
	second := h.mustCall(h.p.createCluster, nil)["ClusterId"].(string)
	h.advance(testLatency)
	if h.status(id) != StatusException || h.status(second) != StatusRunning {
		t.Fatalf("statuses %s %s: only the next create fails", h.status(id), h.status(second))
	}
	h.wantError(h.p.updateCluster, map[string]string{"ClusterId": id}, "ConflictOpt", "")
	// A cluster in exception can be deleted (a tainted resource is destroyed).
	h.mustCall(h.p.deleteCluster, map[string]string{"ClusterId": id})
}

func TestClusterCreatedByAdminIsRunning(t *testing.T) {
	h := newClusterHarness(t)
	c := newRunningCluster(&core.Request{Now: h.clock.Now(), Env: h.env}, "n", "centos_7_06_64_20G_alibase_20190711.vhd", 10, []string{"a", "b"})
	h.p.state.Clusters[c.ID] = c
	if h.status(c.ID) != StatusRunning || len(c.QueueNames()) != 2 || c.Manager.ManagerNode.ImageID != c.ImageID {
		t.Fatalf("admin cluster: %+v", c)
	}
}
