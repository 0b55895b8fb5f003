package cs

import (
	"net/url"
	"testing"
	"time"
)

// Several scale-outs of one cluster, a scale-in by node list, an out-of-band removal through the admin API,
// and the bought instances' expiry; bodies in the SDK's shape (no request id where the SDK body has none).
func TestSeveralTasksScaleInAndAdminRemoval(t *testing.T) {
	h := newHarness(t)
	cluster := map[string]string{"cluster_id": SeedClusterID}
	first, e := h.call(h.p.scaleOutCluster, cluster, nil, goodBody)
	if e != nil {
		t.Fatal(e)
	}
	second, e := h.call(h.p.scaleOutCluster, cluster, nil, goodBodyWith("count", "1"))
	if e != nil {
		t.Fatal(e)
	}
	h.clock.Advance(time.Minute)
	nodes, _ := h.call(h.p.describeClusterNodes, cluster, nil, "")
	list := nodes["nodes"].([]any)
	if len(list) != 3 {
		t.Fatalf("nodes after two scale-outs: %v", nodes)
	}
	if _, ok := nodes["requestId"]; ok {
		t.Error("DescribeClusterNodes' body must not carry a request id (the SDK's body has none)")
	}
	want := h.clock.Now().Add(-time.Minute).AddDate(0, 1, 0).UTC().Format(time.RFC3339)
	for _, n := range list {
		if got := n.(map[string]any)["expired_time"]; got != want {
			t.Errorf("expired_time %v, want %s (worker_period 1 month after purchase)", got, want)
		}
	}
	task, _ := h.call(h.p.describeTaskInfo, map[string]string{"task_id": second["task_id"].(string)}, nil, "")
	if _, ok := task["requestId"]; ok {
		t.Error("DescribeTaskInfo's body must not carry a request id")
	}
	if r := task["task_result"].([]any); len(r) != 1 {
		t.Fatalf("second task's result: %v", task)
	}
	tasks, _ := h.call(h.p.describeClusterTasks, cluster, nil, "")
	if tasks["requestId"] != "RID" || len(tasks["tasks"].([]any)) != 2 {
		t.Fatalf("DescribeClusterTasks keeps its request id and lists both tasks: %v", tasks)
	}

	// Scale in by node list: the two nodes of the first task.
	firstTask, _ := h.call(h.p.describeTaskInfo, map[string]string{"task_id": first["task_id"].(string)}, nil, "")
	var names []string
	for _, r := range firstTask["task_result"].([]any) {
		id := r.(map[string]any)["data"].(string)
		one, _ := h.call(h.p.describeClusterNodes, cluster, url.Values{"instanceIds": {id}}, "")
		names = append(names, one["nodes"].([]any)[0].(map[string]any)["node_name"].(string))
	}
	if _, e := h.call(h.p.deleteClusterNodes, cluster, nil, `{"nodes":["`+names[0]+`","`+names[1]+`"],"release_node":true,"drain_node":true}`); e != nil {
		t.Fatal(e)
	}
	h.clock.Advance(time.Minute)
	nodes, _ = h.call(h.p.describeClusterNodes, cluster, nil, "")
	left := nodes["nodes"].([]any)
	if len(left) != 1 {
		t.Fatalf("after the scale-in: %v", nodes)
	}
	admin, _ := h.call(h.p.adminGetCluster, cluster, nil, "")
	counts := []float64{}
	for _, at := range admin["tasks"].([]any) {
		counts = append(counts, at.(map[string]any)["count"].(float64))
	}
	if len(counts) != 3 || counts[0] != 2 || counts[1] != 1 || counts[2] != 2 {
		t.Fatalf("admin task counts %v, want [2 1 2]", counts)
	}

	// Out-of-band removal of the last node; its subscription instance stays bought.
	last := left[0].(map[string]any)["instance_id"].(string)
	if _, e := h.call(h.p.adminRemoveNode, map[string]string{"cluster_id": SeedClusterID, "instance_id": last}, nil, ""); e != nil {
		t.Fatal(e)
	}
	nodes, _ = h.call(h.p.describeClusterNodes, cluster, nil, "")
	if len(nodes["nodes"].([]any)) != 0 || h.p.state.Instances[last] == nil || h.p.state.Instances[last].InCluster {
		t.Fatalf("after the admin removal: nodes %v, instance %+v", nodes, h.p.state.Instances[last])
	}
}

// A removal that fails midway: the first nodes it names leave, the others stay, and the task fails with the
// error given through the admin API.
func TestRemovalFailsMidway(t *testing.T) {
	h := newHarness(t)
	cluster := map[string]string{"cluster_id": SeedClusterID}
	if _, e := h.call(h.p.scaleOutCluster, cluster, nil, goodBodyWith("count", "3")); e != nil {
		t.Fatal(e)
	}
	h.clock.Advance(time.Minute)
	nodes, _ := h.call(h.p.describeClusterNodes, cluster, nil, "")
	var names []string
	for _, n := range nodes["nodes"].([]any) {
		names = append(names, n.(map[string]any)["node_name"].(string))
	}
	if len(names) != 3 {
		t.Fatalf("nodes: %v", nodes)
	}
	if _, e := h.call(h.p.adminNextRemovalFails, cluster, nil, `{"code":"ErrorDrainFailed","message":"eviction refused","removed":1}`); e != nil {
		t.Fatal(e)
	}
	out, e := h.call(h.p.deleteClusterNodes, cluster, nil, `{"nodes":["`+names[2]+`","`+names[1]+`"],"release_node":true,"drain_node":true}`)
	if e != nil {
		t.Fatal(e)
	}
	h.clock.Advance(time.Minute)
	task, _ := h.call(h.p.describeTaskInfo, map[string]string{"task_id": out["task_id"].(string)}, nil, "")
	if task["state"] != TaskFailed || task["error"].(map[string]any)["code"] != "ErrorDrainFailed" {
		t.Fatalf("task %v, want failed with ErrorDrainFailed", task)
	}
	nodes, _ = h.call(h.p.describeClusterNodes, cluster, nil, "")
	var left []string
	for _, n := range nodes["nodes"].([]any) {
		left = append(left, n.(map[string]any)["node_name"].(string))
	}
	if len(left) != 2 || left[0] != names[0] || left[1] != names[1] {
		t.Fatalf("nodes left %v, want %v (only the first named, %s, leaves)", left, names[:2], names[2])
	}
	// The failure is used once: the next removal succeeds.
	out, _ = h.call(h.p.deleteClusterNodes, cluster, nil, `{"nodes":["`+names[1]+`"]}`)
	h.clock.Advance(time.Minute)
	if task, _ = h.call(h.p.describeTaskInfo, map[string]string{"task_id": out["task_id"].(string)}, nil, ""); task["state"] != TaskSuccess {
		t.Fatalf("second removal %v", task)
	}
}

// A task forgotten through the admin API is gone from DescribeTaskInfo and the cluster's task list; the nodes
// it bought stay in the cluster.
func TestAdminForgetTask(t *testing.T) {
	h := newHarness(t)
	cluster := map[string]string{"cluster_id": SeedClusterID}
	out, e := h.call(h.p.scaleOutCluster, cluster, nil, goodBody)
	if e != nil {
		t.Fatal(e)
	}
	task := map[string]string{"cluster_id": SeedClusterID, "task_id": out["task_id"].(string)}
	if _, e := h.call(h.p.adminForgetTask, task, nil, ""); e != nil {
		t.Fatal(e)
	}
	if _, e := h.call(h.p.describeTaskInfo, task, nil, ""); e == nil || e.Code != "ErrorTaskNotFound" || e.Status != 404 {
		t.Fatalf("DescribeTaskInfo of a forgotten task: %v, want 404 ErrorTaskNotFound", e)
	}
	if tasks, _ := h.call(h.p.describeClusterTasks, cluster, nil, ""); len(tasks["tasks"].([]any)) != 0 {
		t.Fatalf("the cluster still lists the forgotten task: %v", tasks)
	}
	h.clock.Advance(time.Minute)
	if nodes, _ := h.call(h.p.describeClusterNodes, cluster, nil, ""); len(nodes["nodes"].([]any)) != 2 {
		t.Fatalf("the forgotten task's nodes must stay: %v", nodes)
	}
	if _, e := h.call(h.p.adminForgetTask, task, nil, ""); e == nil || e.Code != "ErrorTaskNotFound" {
		t.Fatalf("forgetting it again: %v, want ErrorTaskNotFound", e)
	}
}
