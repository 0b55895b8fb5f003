package cs

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

type harness struct {
	t     *testing.T
	p     *Product
	env   *core.Env
	clock *core.ManualClock
}

func newHarness(t *testing.T) *harness {
	clock := core.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	h := &harness{t: t, p: New(), clock: clock, env: core.NewEnv(clock, time.Minute, "cn-hangzhou", 1)}
	h.p.Seed(h.env)
	return h
}

// call runs a handler and returns its JSON body decoded into a map, or the API error.
func (h *harness) call(handler core.Handler, path map[string]string, query url.Values, body string) (map[string]any, *core.Error) {
	h.t.Helper()
	resp, err := handler(&core.Request{PathParams: path, Params: query, Body: []byte(body), Now: h.clock.Now(), Env: h.env, RequestID: "RID"})
	if err != nil {
		var e *core.Error
		if !errors.As(err, &e) {
			h.t.Fatalf("handler error is not an API error: %v", err)
		}
		return nil, e
	}
	raw, _ := json.Marshal(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m, nil
}

const goodBody = `{"count":2,"worker_instance_type":"ens.sn1.tiny","ens_region_id":"cn-beijing-telecom",
"worker_image_id":"m-1","ens_internet_charge_type":"BandwidthByDay","worker_period":1,"login_password":"Hello1234!",
"worker_system_disk_size":20,"worker_data_disk_size":0,"is_edge_worker":true}`

// goodBodyWith is goodBody with one field set to a JSON value (or removed, when value is empty).
func goodBodyWith(field, value string) string {
	var m map[string]any
	_ = json.Unmarshal([]byte(goodBody), &m)
	if value == "" {
		delete(m, field)
	} else {
		var v any
		_ = json.Unmarshal([]byte(value), &v)
		m[field] = v
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func TestScaleOutLifecycle(t *testing.T) {
	h := newHarness(t)
	cluster := map[string]string{"cluster_id": SeedClusterID}
	out, e := h.call(h.p.scaleOutCluster, cluster, nil, goodBody)
	if e != nil {
		t.Fatal(e)
	}
	taskID := out["task_id"].(string)
	if !strings.HasPrefix(taskID, "T-") || len(taskID) != 26 || out["cluster_id"] != SeedClusterID || out["request_id"] != "RID" {
		t.Fatalf("answer %v", out)
	}

	detail, _ := h.call(h.p.describeClusterDetail, cluster, nil, "")
	if detail["state"] != StateScaling || detail["profile"] != ProfileEdge {
		t.Fatalf("detail during scale-out: %v", detail)
	}
	task, _ := h.call(h.p.describeTaskInfo, map[string]string{"task_id": taskID}, nil, "")
	if task["state"] != TaskRunning || task["task_type"] != "cluster_scaleout" {
		t.Fatalf("task: %v", task)
	}
	if _, ok := task["parameters"].(map[string]any)["login_password"]; ok {
		t.Fatal("the task's parameters must not show the password")
	}
	nodes, _ := h.call(h.p.describeClusterNodes, cluster, url.Values{"state": {"initial"}}, "")
	if len(nodes["nodes"].([]any)) != 2 {
		t.Fatalf("initial nodes: %v", nodes)
	}

	h.clock.Advance(time.Minute)
	task, _ = h.call(h.p.describeTaskInfo, map[string]string{"task_id": taskID}, nil, "")
	results := task["task_result"].([]any)
	if task["state"] != TaskSuccess || len(results) != 2 {
		t.Fatalf("task after latency: %v", task)
	}
	id0 := results[0].(map[string]any)["data"].(string)
	nodes, _ = h.call(h.p.describeClusterNodes, cluster, url.Values{"instanceIds": {id0}}, "")
	list := nodes["nodes"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["state"] != NodeRunning || list[0].(map[string]any)["instance_charge_type"] != "PrePaid" {
		t.Fatalf("filtered nodes: %v", nodes)
	}
	name := list[0].(map[string]any)["node_name"].(string)
	if !strings.HasPrefix(name, "cn-beijing-telecom.192.168.") {
		t.Fatalf("node name %q", name)
	}

	// Paging: one node per page.
	page2, _ := h.call(h.p.describeClusterNodes, cluster, url.Values{"pageSize": {"1"}, "pageNumber": {"2"}}, "")
	if len(page2["nodes"].([]any)) != 1 || page2["page"].(map[string]any)["total_count"].(float64) != 2 {
		t.Fatalf("page 2: %v", page2)
	}

	// Removal through the legacy path takes the same body; the instance outlives the node.
	del, e := h.call(h.p.deleteClusterNodes, cluster, nil, `{"nodes":["`+name+`"],"release_node":true,"drain_node":true}`)
	if e != nil {
		t.Fatal(e)
	}
	// A repeated request for a node already being removed is accepted.
	if _, e := h.call(h.p.deleteClusterNodes, cluster, nil, `{"nodes":["`+name+`"],"release_node":true}`); e != nil {
		t.Fatalf("repeated removal: %v", e)
	}
	nodes, _ = h.call(h.p.describeClusterNodes, cluster, url.Values{"state": {"removing"}}, "")
	if len(nodes["nodes"].([]any)) != 1 {
		t.Fatalf("removing nodes: %v", nodes)
	}
	h.clock.Advance(time.Minute)
	rt, _ := h.call(h.p.describeTaskInfo, map[string]string{"task_id": del["task_id"].(string)}, nil, "")
	nodes, _ = h.call(h.p.describeClusterNodes, cluster, nil, "")
	if rt["state"] != TaskSuccess || len(nodes["nodes"].([]any)) != 1 {
		t.Fatalf("after removal: task %v nodes %v", rt, nodes)
	}
	if inst := h.p.state.Instances[id0]; inst == nil || inst.Status != instRunning || inst.InCluster {
		t.Fatalf("the subscription instance must stay, out of the cluster: %+v", inst)
	}
	if _, e := h.call(h.p.deleteClusterNodes, cluster, nil, `{"nodes":["`+name+`"]}`); e == nil || e.Code != "ErrorNodeNotFound" {
		t.Fatalf("removing a gone node: %v", e)
	}
	tasks, _ := h.call(h.p.describeClusterTasks, cluster, url.Values{"page_size": {"10"}}, "")
	if tl := tasks["tasks"].([]any); len(tl) != 3 || tl[2].(map[string]any)["task_id"] != taskID {
		t.Fatalf("tasks newest first: %v", tasks)
	}
}

func TestScaleOutValidation(t *testing.T) {
	h := newHarness(t)
	cluster := map[string]string{"cluster_id": SeedClusterID}
	cases := []struct{ field, value, want string }{
		{"count", "", "count is required"},
		{"count", "0", "count must be between"},
		{"worker_instance_type", "", "worker_instance_type is required"},
		{"ens_internet_charge_type", `"PayByTraffic"`, "ens_internet_charge_type must be"},
		{"worker_period", "10", "worker_period must be"},
		{"worker_auto_renew", "true", "worker_auto_renew_period is required"},
		{"worker_auto_renew_period", "13", "worker_auto_renew_period must be between"},
		{"worker_system_disk_size", "25", "worker_system_disk_size must be a multiple of 10"},
		{"worker_system_disk_size", "110", "worker_system_disk_size must be a multiple of 10"},
		{"worker_data_disk_size", "10", "worker_data_disk_size must be 0 or"},
		{"worker_data_disk_size", "205", "worker_data_disk_size must be 0 or"},
		{"is_edge_worker", "false", "is_edge_worker must be true"},
		{"login_password", `"Ab1!"`, "login_password must be 8 to 30"},
		{"login_password", `"abcdefgh12"`, "at least three"},
		{"login_password", `"Abcdefgh12é"`, "not a letter"},
		{"unexpected", `1`, "not a valid ScaleOutCluster body"},
	}
	for _, c := range cases {
		_, e := h.call(h.p.scaleOutCluster, cluster, nil, goodBodyWith(c.field, c.value))
		if e == nil || e.Code != "InvalidParameter" || e.Status != 400 || !strings.Contains(e.Message, c.want) {
			t.Errorf("%s=%s: got %v, want InvalidParameter %q", c.field, c.value, e, c.want)
		}
	}
	if len(h.p.state.Instances) != 0 {
		t.Fatal("a rejected request must buy nothing")
	}
	if _, e := h.call(h.p.scaleOutCluster, cluster, nil, goodBodyWith("worker_data_disk_size", "200")); e != nil {
		t.Fatalf("data disk 200: %v", e)
	}
}

func TestScaleOutClusterChecks(t *testing.T) {
	h := newHarness(t)
	mk := func(in string) string {
		out, e := h.call(h.p.adminCreateCluster, nil, nil, in)
		if e != nil {
			t.Fatal(e)
		}
		return out["cluster_id"].(string)
	}
	for _, c := range []struct{ cluster, code string }{
		{"c123", "ErrorClusterNotFound"},
		{mk(`{"profile":"Default"}`), "ErrorClusterNotSupported"},
		{mk(`{"state":"failed"}`), "ErrorClusterState"},
	} {
		if _, e := h.call(h.p.scaleOutCluster, map[string]string{"cluster_id": c.cluster}, nil, goodBody); e == nil || e.Code != c.code {
			t.Errorf("%s: got %v, want %s", c.cluster, e, c.code)
		}
	}
	if _, e := h.call(h.p.describeClusterNodes, map[string]string{"cluster_id": SeedClusterID}, url.Values{"pageSize": {"101"}}, ""); e == nil || e.Code != "InvalidParameter" {
		t.Errorf("pageSize 101: %v", e)
	}
}

func TestScaleOutFailedTask(t *testing.T) {
	h := newHarness(t)
	cluster := map[string]string{"cluster_id": SeedClusterID}
	if _, e := h.call(h.p.adminNextTaskFails, cluster, nil, `{"code":"ErrorX","message":"sold out"}`); e != nil {
		t.Fatal(e)
	}
	out, _ := h.call(h.p.scaleOutCluster, cluster, nil, goodBody)
	h.clock.Advance(time.Minute)
	task, _ := h.call(h.p.describeTaskInfo, map[string]string{"task_id": out["task_id"].(string)}, nil, "")
	if task["state"] != TaskFailed || task["error"].(map[string]any)["message"] != "sold out" {
		t.Fatalf("failed task: %v", task)
	}
	nodes, _ := h.call(h.p.describeClusterNodes, cluster, url.Values{"state": {"failed"}}, "")
	if len(nodes["nodes"].([]any)) != 2 {
		t.Fatalf("failed nodes: %v", nodes)
	}
	// Only the next task fails.
	out, _ = h.call(h.p.scaleOutCluster, cluster, nil, goodBody)
	h.clock.Advance(time.Minute)
	task, _ = h.call(h.p.describeTaskInfo, map[string]string{"task_id": out["task_id"].(string)}, nil, "")
	if task["state"] != TaskSuccess {
		t.Fatalf("second task: %v", task)
	}
}

func TestStateRoundTrip(t *testing.T) {
	h := newHarness(t)
	if _, e := h.call(h.p.scaleOutCluster, map[string]string{"cluster_id": SeedClusterID}, nil, goodBody); e != nil {
		t.Fatal(e)
	}
	raw, err := json.Marshal(h.p.State())
	if err != nil {
		t.Fatal(err)
	}
	q := New()
	if err := json.Unmarshal(raw, q.State()); err != nil {
		t.Fatal(err)
	}
	if len(q.state.Clusters[SeedClusterID].Nodes) != 2 || len(q.state.Instances) != 2 {
		t.Fatalf("restored state lost nodes: %s", raw)
	}
}
