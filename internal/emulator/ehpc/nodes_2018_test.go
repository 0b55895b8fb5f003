package ehpc_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/ehpc"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/emutest"
)

const testLatency = 10 * time.Second

type nodesEnv struct {
	t     *testing.T
	clock *core.ManualClock
	api   *client.Client
	admin *emulator.Admin
}

func newNodesEnv(t *testing.T) *nodesEnv {
	t.Helper()
	return newNodesEnvAt(t, core.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)), "")
}

func newNodesEnvAt(t *testing.T, clock *core.ManualClock, statePath string) *nodesEnv {
	t.Helper()
	_, srv, admin := emutest.Start(t, emulator.Config{Region: "cn-hangzhou", Latency: testLatency, Seed: 7, Clock: clock, StatePath: statePath})
	api := emutest.Client(t, srv.URL, func(cfg *client.Config) { cfg.MaxRetries = 0 })
	return &nodesEnv{t: t, clock: clock, api: api, admin: admin}
}

func (e *nodesEnv) call(action string, params map[string]string, out any) error {
	e.t.Helper()
	_, err := e.api.RPC(context.Background(), client.RPCCall{Product: client.ProductEHPC, Version: ehpc.Version2018,
		Action: action, Method: http.MethodGet, Params: params}, out)
	return err
}

func (e *nodesEnv) mustCall(action string, params map[string]string, out any) {
	e.t.Helper()
	if err := e.call(action, params, out); err != nil {
		e.t.Fatalf("%s: %v", action, err)
	}
}

func (e *nodesEnv) cluster(body map[string]any) string {
	e.t.Helper()
	var out struct{ ClusterId string }
	if err := e.admin.Do(context.Background(), http.MethodPost, "/_emulator/ehpc/clusters", body, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.ClusterId
}

func (e *nodesEnv) instances(body map[string]any) []string {
	e.t.Helper()
	var out struct{ InstanceIds []string }
	if err := e.admin.Do(context.Background(), http.MethodPost, "/_emulator/ecs/instances", body, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.InstanceIds
}

func (e *nodesEnv) instance(id string) (ehpc.Instance, error) {
	var in ehpc.Instance
	err := e.admin.Do(context.Background(), http.MethodGet, "/_emulator/ecs/instances/"+id, nil, &in)
	return in, err
}

func addParams(cluster, image string, ids ...string) map[string]string {
	p := map[string]string{"ClusterId": cluster, "ImageId": image, "ImageOwnerAlias": "system"}
	for i, id := range ids {
		p[fmt.Sprintf("Instance.%d.Id", i+1)] = id
	}
	return p
}

type taskOut struct {
	Tasks []struct {
		TaskId, Status, Errors, TaskType, Result string
	}
}

func (e *nodesEnv) task(cluster, id string) (status, errs string) {
	e.t.Helper()
	var out taskOut
	e.mustCall("ListTasks", map[string]string{"ClusterId": cluster, "TaskId": id}, &out)
	if len(out.Tasks) != 1 {
		e.t.Fatalf("ListTasks(%s) returned %d tasks", id, len(out.Tasks))
	}
	return out.Tasks[0].Status, out.Tasks[0].Errors
}

type nodesOut struct {
	TotalCount int
	PageSize   int
	Nodes      struct {
		NodeInfo []struct {
			Id, Status, HostName, IpAddress, ImageId string
			CreatedByEhpc                            bool
		}
	}
}

func (e *nodesEnv) nodes(cluster string) map[string]string {
	e.t.Helper()
	var out nodesOut
	e.mustCall("ListNodes", map[string]string{"ClusterId": cluster, "PageSize": "100"}, &out)
	m := map[string]string{}
	for _, n := range out.Nodes.NodeInfo {
		m[n.Id] = n.Status
	}
	return m
}

func wantCode(t *testing.T, err error, code, fragment string) {
	t.Helper()
	if !client.IsCode(err, code) {
		t.Fatalf("want %s, got %v", code, err)
	}
	if fragment != "" && !strings.Contains(err.Error(), fragment) {
		t.Fatalf("want %q in the message, got %v", fragment, err)
	}
}

const centos7 = "centos_7_06_64_20G_alibase_20190711.vhd"

func TestSeededInstances(t *testing.T) {
	e := newNodesEnv(t)
	for _, n := range []int{1, ehpc.SeededInstanceCount} {
		in, err := e.instance(ehpc.SeededInstanceID(n))
		if err != nil {
			t.Fatal(err)
		}
		if in.Status != ehpc.InstanceStopped || in.OS != "centos" || in.ClusterID != "" || in.HostID == "" {
			t.Fatalf("seeded instance %d: %+v", n, in)
		}
	}
	if ehpc.SeededInstanceID(1) != "i-emu000000000000001" {
		t.Fatalf("documented seeded id changed: %s", ehpc.SeededInstanceID(1))
	}
	if _, err := e.instance(ehpc.SeededInstanceID(ehpc.SeededInstanceCount + 1)); err == nil {
		t.Fatal("instance beyond the seeded count exists")
	}
}

func TestAddExistedNodesLifecycle(t *testing.T) {
	e := newNodesEnv(t)
	c := e.cluster(map[string]any{"name": "c1", "image_id": centos7, "queues": []string{"workq"}})
	ids := []string{ehpc.SeededInstanceID(1), ehpc.SeededInstanceID(2)}
	params := addParams(c, "centos_7_9_x64_20G_alibase_20240628.vhd", ids...)
	params["JobQueue"] = "workq"
	var out struct{ TaskId string }
	e.mustCall("AddExistedNodes", params, &out)

	if st, _ := e.task(c, out.TaskId); st != ehpc.TaskProcessing {
		t.Fatalf("task status %s, want Processing", st)
	}
	if got := e.nodes(c); got[ids[0]] != ehpc.NodeIniting || len(got) != 2 {
		t.Fatalf("nodes while joining: %v", got)
	}
	// One operation at a time.
	err := e.call("AddExistedNodes", addParams(c, centos7, ehpc.SeededInstanceID(3)), nil)
	wantCode(t, err, "ConflictOpt", "")
	// Current tasks only by default.
	var current taskOut
	e.mustCall("ListTasks", map[string]string{"ClusterId": c}, &current)
	if len(current.Tasks) != 1 {
		t.Fatalf("current tasks: %+v", current.Tasks)
	}

	e.clock.Advance(testLatency)
	if st, errs := e.task(c, out.TaskId); st != ehpc.TaskSuccess || errs != "" {
		t.Fatalf("task %s %q, want Success", st, errs)
	}
	if got := e.nodes(c); got[ids[0]] != ehpc.NodeRunning || got[ids[1]] != ehpc.NodeRunning {
		t.Fatalf("nodes after the task: %v", got)
	}
	in, _ := e.instance(ids[0])
	if in.ClusterID != c || in.Status != ehpc.InstanceRunning {
		t.Fatalf("instance in the cluster: %+v", in)
	}
	e.mustCall("ListTasks", map[string]string{"ClusterId": c}, &current)
	if len(current.Tasks) != 0 {
		t.Fatalf("finished task still current: %+v", current.Tasks)
	}
	var archived taskOut
	e.mustCall("ListTasks", map[string]string{"ClusterId": c, "Archived": "true"}, &archived)
	if len(archived.Tasks) != 1 {
		t.Fatalf("archived tasks: %+v", archived.Tasks)
	}

	// Already in a cluster.
	err = e.call("AddExistedNodes", addParams(c, centos7, ids[0]), nil)
	wantCode(t, err, "InvalidParams", "Instance.1.Id")

	var dc struct {
		ClusterInfo struct {
			Id, Status, ImageId string
		}
	}
	e.mustCall("DescribeCluster", map[string]string{"ClusterId": c}, &dc)
	if dc.ClusterInfo.Id != c || dc.ClusterInfo.Status != "running" || dc.ClusterInfo.ImageId != centos7 {
		t.Fatalf("DescribeCluster: %+v", dc)
	}

	// Remove without release: the instances go back to the stopped pool.
	e.mustCall("DeleteNodes", map[string]string{"ClusterId": c, "Instance.1.Id": ids[0], "ReleaseInstance": "false"}, &out)
	if got := e.nodes(c); got[ids[0]] != ehpc.NodeReleasing {
		t.Fatalf("node being removed: %v", got)
	}
	e.clock.Advance(testLatency)
	if got := e.nodes(c); len(got) != 1 {
		t.Fatalf("nodes after removal: %v", got)
	}
	in, err = e.instance(ids[0])
	if err != nil || in.Status != ehpc.InstanceStopped || in.ClusterID != "" {
		t.Fatalf("removed instance: %+v, %v", in, err)
	}

	// The API's default releases the instance.
	e.mustCall("DeleteNodes", map[string]string{"ClusterId": c, "Instance.1.Id": ids[1], "Sync": "true"}, nil)
	if got := e.nodes(c); len(got) != 0 {
		t.Fatalf("nodes after a synchronous removal: %v", got)
	}
	if _, err := e.instance(ids[1]); err == nil {
		t.Fatal("released instance still exists")
	}
}

func TestAddExistedNodesRules(t *testing.T) {
	e := newNodesEnv(t)
	c := e.cluster(map[string]any{"image_id": centos7, "max_count": 2, "queues": []string{"workq"}})
	one := ehpc.SeededInstanceID(10)
	cases := []struct {
		name     string
		params   map[string]string
		code     string
		fragment string
	}{
		{"unknown cluster", addParams("ehpc-hz-nothere", centos7, one), "ClusterNotFound", ""},
		{"no cluster id", addParams("", centos7, one), "InvalidParams", "ClusterId"},
		{"no image", addParams(c, "", one), "InvalidParams", "ImageId"},
		{"unknown image", addParams(c, "m-notanimage", one), "ImageNotFound", ""},
		{"other family", addParams(c, "ubuntu_22_04_x64_20G_alibase_20240508.vhd", one), "ImageNotSupported", ""},
		{"other major version", addParams(c, "centos_8_5_x64_20G_alibase_20220428.vhd", one), "ImageNotSupported", ""},
		{"no instance", addParams(c, centos7), "InvalidParams", "Instance.1.Id"},
		{"unknown instance", addParams(c, centos7, one, "i-nothere"), "InvalidParams", "Instance.2.Id"},
		{"duplicate", addParams(c, centos7, one, one), "InvalidParams", "Instance.2.Id"},
		{"gap", map[string]string{"ClusterId": c, "ImageId": centos7, "Instance.1.Id": one, "Instance.3.Id": ehpc.SeededInstanceID(11)}, "InvalidParams", "Instance.3.Id"},
		{"quota", addParams(c, centos7, one, ehpc.SeededInstanceID(11), ehpc.SeededInstanceID(12)), "TooManyComputes", ""},
		{"bad alias", func() map[string]string { p := addParams(c, centos7, one); p["ImageOwnerAlias"] = "mine"; return p }(), "InvalidParams", "ImageOwnerAlias"},
		{"unknown queue", func() map[string]string { p := addParams(c, centos7, one); p["JobQueue"] = "nope"; return p }(), "InvalidParams", "JobQueue"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, e.call("AddExistedNodes", tc.params, nil), tc.code, tc.fragment)
		})
	}
	t.Run("the cluster's own image", func(t *testing.T) {
		own := "centos_7_8_x64_20G_alibase_20200914.vhd"
		c2 := e.cluster(map[string]any{"image_id": own})
		e.mustCall("AddExistedNodes", addParams(c2, own, ehpc.SeededInstanceID(40)), nil)
		e.clock.Advance(testLatency)
		wantCode(t, e.call("AddExistedNodes", addParams(c2, "aliyun_3_x64_20G_alibase_20240528.vhd", ehpc.SeededInstanceID(41)), nil), "ImageNotSupported", "")
	})
	t.Run("too many ids", func(t *testing.T) {
		ids := make([]string, 101)
		for i := range ids {
			ids[i] = ehpc.SeededInstanceID(i + 1)
		}
		wantCode(t, e.call("AddExistedNodes", addParams(c, centos7, ids...), nil), "InvalidParams", "Instance.101.Id")
	})
	t.Run("running instance", func(t *testing.T) {
		other := e.cluster(map[string]any{"image_id": centos7})
		e.mustCall("AddExistedNodes", addParams(other, centos7, ehpc.SeededInstanceID(20)), nil)
		e.clock.Advance(testLatency)
		wantCode(t, e.call("AddExistedNodes", addParams(c, centos7, ehpc.SeededInstanceID(20)), nil), "InvalidParams", "already belongs")
	})
	t.Run("cluster not running", func(t *testing.T) {
		var out struct{ ClusterId string }
		// A cluster being deleted (2024 DeleteCluster) is releasing.
		releasing := e.cluster(map[string]any{"image_id": centos7})
		e.mustCall("AddExistedNodes", addParams(releasing, centos7, ehpc.SeededInstanceID(30)), &out)
		e.clock.Advance(testLatency)
		_, err := e.api.RPC(context.Background(), client.RPCCall{Product: client.ProductEHPC, Version: ehpc.Version2024,
			Action: "DeleteCluster", Params: map[string]string{"ClusterId": releasing}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, e.call("AddExistedNodes", addParams(releasing, centos7, ehpc.SeededInstanceID(31)), nil), "InvalidClusterStatus", "")
		e.clock.Advance(testLatency)
		wantCode(t, e.call("ListNodes", map[string]string{"ClusterId": releasing}, nil), "ClusterNotFound", "")
		// The deleted cluster's node instance is the user's again.
		in, err := e.instance(ehpc.SeededInstanceID(30))
		if err != nil || in.ClusterID != "" || in.Status != ehpc.InstanceStopped {
			t.Fatalf("instance of a deleted cluster: %+v, %v", in, err)
		}
	})
}

func TestAddExistedNodesPartialFailure(t *testing.T) {
	e := newNodesEnv(t)
	c := e.cluster(map[string]any{"image_id": centos7})
	good := e.instances(map[string]any{"count": 1})
	bad := e.instances(map[string]any{"count": 1, "join_failure": ehpc.JoinFail})
	shared := e.instances(map[string]any{"count": 2, "host_id": "host-shared"})
	var out struct{ TaskId string }
	e.mustCall("AddExistedNodes", addParams(c, centos7, good[0], bad[0], shared[0], shared[1]), &out)
	e.clock.Advance(testLatency)
	st, errs := e.task(c, out.TaskId)
	if st != ehpc.TaskPartialFail || !strings.Contains(errs, bad[0]) || !strings.Contains(errs, shared[1]) || !strings.Contains(errs, "HostConflict") {
		t.Fatalf("task %s %q", st, errs)
	}
	got := e.nodes(c)
	if len(got) != 2 || got[good[0]] != ehpc.NodeRunning || got[shared[0]] != ehpc.NodeRunning {
		t.Fatalf("nodes after a partial failure: %v", got)
	}
	in, _ := e.instance(bad[0])
	if in.ClusterID != "" || in.Status != ehpc.InstanceStopped {
		t.Fatalf("failed instance: %+v", in)
	}

	// All failing: Fail. An exception instance: the task succeeds, the node is in exception.
	e.mustCall("AddExistedNodes", addParams(c, centos7, bad[0]), &out)
	e.clock.Advance(testLatency)
	if st, _ := e.task(c, out.TaskId); st != ehpc.TaskFail {
		t.Fatalf("task %s, want Fail", st)
	}
	exc := e.instances(map[string]any{"count": 1})
	if err := e.admin.Do(context.Background(), http.MethodPost, "/_emulator/ecs/instances/"+exc[0],
		map[string]any{"join_failure": ehpc.JoinException}, nil); err != nil {
		t.Fatal(err)
	}
	e.mustCall("AddExistedNodes", addParams(c, centos7, exc[0]), &out)
	e.clock.Advance(testLatency)
	if st, _ := e.task(c, out.TaskId); st != ehpc.TaskSuccess {
		t.Fatalf("task %s, want Success", st)
	}
	if got := e.nodes(c); got[exc[0]] != ehpc.NodeException {
		t.Fatalf("exception node: %v", got)
	}
}

func TestListNodesPaging(t *testing.T) {
	e := newNodesEnv(t)
	c := e.cluster(map[string]any{"image_id": centos7})
	ids := e.instances(map[string]any{"count": 25})
	e.mustCall("AddExistedNodes", addParams(c, centos7, ids...), nil)
	e.clock.Advance(testLatency)
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		var out nodesOut
		e.mustCall("ListNodes", map[string]string{"ClusterId": c, "PageNumber": fmt.Sprint(page), "PageSize": "10"}, &out)
		if out.TotalCount != 25 || (page < 3 && len(out.Nodes.NodeInfo) != 10) || (page == 3 && len(out.Nodes.NodeInfo) != 5) {
			t.Fatalf("page %d: total %d, %d nodes", page, out.TotalCount, len(out.Nodes.NodeInfo))
		}
		for _, n := range out.Nodes.NodeInfo {
			if seen[n.Id] || n.CreatedByEhpc || n.HostName == "" || n.IpAddress == "" || n.ImageId != centos7 {
				t.Fatalf("node %+v", n)
			}
			seen[n.Id] = true
		}
	}
	wantCode(t, e.call("ListNodes", map[string]string{"ClusterId": c, "PageSize": "101"}, nil), "InvalidParams", "PageSize")
	wantCode(t, e.call("DeleteNodes", map[string]string{"ClusterId": c, "Instance.1.Id": "i-notanode"}, nil), "InvalidParams", "Instance.1.Id")
}

// A task in flight survives a restart: its progress is derived from timestamps, not from timers.
func TestNodesSurviveRestart(t *testing.T) {
	clock := core.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	path := t.TempDir() + "/state.json"
	e := newNodesEnvAt(t, clock, path)
	c := e.cluster(map[string]any{"image_id": centos7})
	id := ehpc.SeededInstanceID(5)
	var out struct{ TaskId string }
	e.mustCall("AddExistedNodes", addParams(c, centos7, id), &out)

	clock.Advance(testLatency)
	e2 := newNodesEnvAt(t, clock, path)
	if st, _ := e2.task(c, out.TaskId); st != ehpc.TaskSuccess {
		t.Fatalf("task after restart: %s", st)
	}
	if got := e2.nodes(c); got[id] != ehpc.NodeRunning {
		t.Fatalf("nodes after restart: %v", got)
	}
	if in, err := e2.instance(id); err != nil || in.ClusterID != c {
		t.Fatalf("instance after restart: %+v %v", in, err)
	}
}

// Each error answers with the HTTP status the AddExistedNodes page documents for its code.
func TestAddExistedNodesErrorStatuses(t *testing.T) {
	e := newNodesEnv(t)
	c := e.cluster(map[string]any{"image_id": centos7, "max_count": 1})
	one := ehpc.SeededInstanceID(50)
	cases := []struct {
		name   string
		params map[string]string
		code   string
		status int
	}{
		{"bad parameter", addParams(c, centos7), "InvalidParams", http.StatusBadRequest},
		{"quota", addParams(c, centos7, one, ehpc.SeededInstanceID(51)), "TooManyComputes", http.StatusForbidden},
		{"image family", addParams(c, "ubuntu_22_04_x64_20G_alibase_20240508.vhd", one), "ImageNotSupported", http.StatusForbidden},
		{"image", addParams(c, "m-notanimage", one), "ImageNotFound", http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := e.call("AddExistedNodes", tc.params, nil)
			var ae *client.APIError
			if !errors.As(err, &ae) || ae.Code != tc.code || ae.HTTPStatus != tc.status {
				t.Fatalf("want %d %s, got %v", tc.status, tc.code, err)
			}
		})
	}
	for _, alias := range ehpc.ImageOwnerAliases {
		p := addParams(c, "m-notanimage", one)
		p["ImageOwnerAlias"] = alias
		// Every documented alias passes the alias check: the image is what is refused.
		wantCode(t, e.call("AddExistedNodes", p, nil), "ImageNotFound", "")
	}
}
