package ack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// The subscription warning must reach the user in `terraform plan`, before anything is given up. The
// in-process test framework does not expose plan warnings, so this test runs the real terraform binary
// against the built provider and reads its output: after a scale-in edit, after an edit that replaces the
// nodes, and in a destroy plan.
func TestAccEdgeScaleOut_planWarnsBeforeGivingUpSubscriptionNodes(t *testing.T) {
	cluster := testEdgeCluster(t)
	cli := acctest.NewCLI(t)
	cli.WriteConfig(edgeConfig(cluster, 2, withPassword()...))
	cli.MustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		cli.WriteConfig(edgeConfig(cluster, 2, withPassword()...))
		if _, err := cli.Run("destroy", "-auto-approve"); err != nil {
			t.Error(err)
		}
	})

	cli.WriteConfig(edgeConfig(cluster, 1, withPassword()...))
	out := cli.MustRun("plan")
	wantWarning(t, out, "Warning: Scaling in subscription nodes", "Scaling in from 2 to 1", "removes 1 node(s) from ACK cluster "+cluster,
		"keep running and billing until", "1 to change")

	cli.WriteConfig(edgeConfig(cluster, 2, withPassword(`worker_data_disk_size = 40`)...))
	out = cli.MustRun("plan")
	wantWarning(t, out, "Warning: Replacing subscription nodes", "worker_data_disk_size", "removes 2 node(s)", "1 to add, 0 to change, 1 to destroy")

	cli.WriteConfig(edgeConfig(cluster, 2, withPassword()...))
	out = cli.MustRun("plan", "-destroy")
	wantWarning(t, out, "Warning: Destroying subscription nodes", "removes 2 node(s) from ACK cluster "+cluster, "keep running and billing until 20")

	out = cli.MustRun("plan")
	if strings.Contains(out, "subscription nodes") {
		t.Fatalf("a plan with no change warns:\n%s", out)
	}

	if acctest.IsCloud() {
		return
	}
	// A node lost outside Terraform: the refresh warns how many are missing, and the plan buys them back in place.
	c := adminCluster(t, cluster)
	if err := acctest.Admin(t).Do(context.Background(), http.MethodDelete, "/_emulator/cs/clusters/"+cluster+"/nodes/"+c.Nodes[0].InstanceID, nil, nil); err != nil {
		t.Fatal(err)
	}
	out = cli.MustRun("plan")
	wantWarning(t, out, "Warning: Nodes removed outside Terraform", "1 of the 2 nodes of", "worker_count now reads 1",
		"buys the 1 missing node(s) alone; the 1 remaining node(s) stay", "0 to add, 1 to change, 0 to destroy")
}

// wantWarning fails the test unless the CLI output holds every fragment (whitespace folded, as the CLI wraps
// long lines).
func wantWarning(t *testing.T, out string, fragments ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	for _, f := range fragments {
		if !strings.Contains(flat, f) {
			t.Fatalf("output lacks %q:\n%s", f, out)
		}
	}
}

// TestAccEdgeScaleOut_pendingTaskForgotten: a scale-out in place (1 → 3) whose wait failed leaves its task as
// the pending one (private state). When the service no longer knows that task, the refresh warns that the
// instances it may have bought are not recorded, naming the task and the cluster, and keeps the resource with
// the node it did record; once that refresh is saved, the warning is not repeated.
func TestAccEdgeScaleOut_pendingTaskForgotten(t *testing.T) {
	acctest.SkipOnCloud(t, "fails a wait and forgets a task through the emulator")
	cluster := testEdgeCluster(t)
	admin := acctest.Admin(t)
	cli := acctest.NewCLI(t)
	cli.WriteConfig(edgeConfig(cluster, 1, withPassword()...))
	cli.MustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		if _, err := cli.Run("destroy", "-auto-approve"); err != nil {
			t.Error(err)
		}
	})

	acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{
		{Action: "cs:DescribeTaskInfo", Status: http.StatusForbidden, Code: "Forbidden.RAM", Message: "not allowed to read tasks", Count: 1},
	}})
	cli.WriteConfig(edgeConfig(cluster, 3, withPassword()...))
	if out, err := cli.Run("apply", "-auto-approve"); err == nil || !strings.Contains(out, "Forbidden.RAM") {
		t.Fatalf("the scale-out's wait was to fail on Forbidden.RAM: %v\n%s", err, out)
	}
	if err := admin.ClearFaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	state := showState(t, cli)
	tasks := state["task_ids"].([]any)
	if len(tasks) != 2 || len(state["instance_ids"].([]any)) != 1 {
		t.Fatalf("after the failed wait: task_ids %v, instance_ids %v; want 2 tasks and the first node", tasks, state["instance_ids"])
	}
	pending := fmt.Sprint(tasks[1])
	if err := admin.Do(context.Background(), http.MethodDelete, "/_emulator/cs/clusters/"+cluster+"/tasks/"+pending, nil, nil); err != nil {
		t.Fatal(err)
	}

	warning := []string{"Warning: Scale-out task not found", "The scale-out task " + pending + " of " + fmt.Sprint(state["id"]),
		"is not found, so the instances it may have bought are not recorded", "Check the nodes of cluster " + cluster}
	out := cli.MustRun("plan")
	// The resource keeps its one recorded node, so the plan buys the other two in place (the warning says why
	// the user should look first).
	wantWarning(t, out, append(warning, "0 to add, 1 to change, 0 to destroy")...)
	wantWarning(t, cli.MustRun("apply", "-refresh-only", "-auto-approve"), warning...)
	if out := cli.MustRun("plan"); strings.Contains(out, "Scale-out task not found") {
		t.Fatalf("the warning is repeated after the refresh was saved:\n%s", out)
	}
	if ids := showState(t, cli)["instance_ids"].([]any); len(ids) != 1 {
		t.Fatalf("instance_ids after the refresh: %v, want the one recorded node", ids)
	}
}

// showState is the resource's attribute values as the state file holds them (terraform show -json reads the
// state without refreshing it).
func showState(t *testing.T, cli *acctest.CLI) map[string]any {
	t.Helper()
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(cli.MustRun("show", "-json")), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range doc.Values.RootModule.Resources {
		if r.Address == edgeAddr {
			return r.Values
		}
	}
	t.Fatalf("%s is not in the state", edgeAddr)
	return nil
}

// TestAccEdgeScaleOut_failedScaleIn: a scale-in from 3 to 1 whose removal task fails after the first of its
// two nodes (the newest) left. The apply fails naming what left and what stayed, the billing warning names the
// node that left, and the state — read from the file, without a refresh — holds exactly the two nodes still in
// the cluster with worker_count 2; the next apply removes the one still to go. Then a destroy of three nodes
// that stops after the first keeps the resource with the other two.
func TestAccEdgeScaleOut_failedScaleIn(t *testing.T) {
	acctest.SkipOnCloud(t, "makes a removal fail through the emulator's admin API")
	cluster := testEdgeCluster(t)
	cli := acctest.NewCLI(t)
	cli.WriteConfig(edgeConfig(cluster, 3, withPassword()...))
	cli.MustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		if _, err := cli.Run("destroy", "-auto-approve"); err != nil {
			t.Error(err)
		}
	})
	before := showState(t, cli)["instance_ids"].([]any)
	if len(before) != 3 {
		t.Fatalf("instance_ids after create: %v", before)
	}
	err := acctest.Admin(t).Do(context.Background(), http.MethodPost, "/_emulator/cs/clusters/"+cluster+"/next-removal-fails",
		map[string]any{"code": "ErrorDrainFailed", "message": "a pod disruption budget forbids the eviction", "removed": 1}, nil)
	if err != nil {
		t.Fatal(err)
	}

	cli.WriteConfig(edgeConfig(cluster, 1, withPassword()...))
	out, err := cli.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the failed scale-in applied:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, f := range []string{
		"Error: Removing nodes from ACK edge cluster " + cluster, "ErrorDrainFailed", "a pod disruption budget forbids the eviction",
		fmt.Sprintf("The removal stopped midway: 1 of the 2 node(s) to remove left cluster %s (%s) and are gone from the state; 1 are still in it (%s)",
			cluster, before[2], before[1]),
		"Warning: Subscription ENS instances keep billing", fmt.Sprint(before[2]),
	} {
		if !strings.Contains(flat, f) {
			t.Fatalf("apply output lacks %q:\n%s", f, out)
		}
	}
	after := showState(t, cli)
	if ids := after["instance_ids"].([]any); fmt.Sprint(ids) != fmt.Sprint(before[:2]) || after["worker_count"] != 2.0 {
		t.Fatalf("state after the failed scale-in: instance_ids %v worker_count %v, want %v and 2", ids, after["worker_count"], before[:2])
	}
	if nodes := after["nodes"].([]any); len(nodes) != 2 || nodes[1].(map[string]any)["node_name"] == "" {
		t.Fatalf("state nodes after the failed scale-in: %v", nodes)
	}
	if c := adminCluster(t, cluster); len(c.Nodes) != 2 {
		t.Fatalf("cluster has %d nodes, want 2", len(c.Nodes))
	}

	cli.MustRun("apply", "-auto-approve")
	if ids := showState(t, cli)["instance_ids"].([]any); fmt.Sprint(ids) != fmt.Sprint(before[:1]) {
		t.Fatalf("instance_ids after the second apply %v, want %v", ids, before[:1])
	}
	if c := adminCluster(t, cluster); len(c.Nodes) != 1 {
		t.Fatalf("cluster has %d nodes, want 1", len(c.Nodes))
	}

	// A destroy that stops midway keeps the resource, with only the nodes still in the cluster.
	cli.WriteConfig(edgeConfig(cluster, 3, withPassword()...))
	cli.MustRun("apply", "-auto-approve")
	all := showState(t, cli)["instance_ids"].([]any)
	err = acctest.Admin(t).Do(context.Background(), http.MethodPost, "/_emulator/cs/clusters/"+cluster+"/next-removal-fails",
		map[string]any{"code": "ErrorDrainFailed", "message": "a pod disruption budget forbids the eviction", "removed": 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err = cli.Run("destroy", "-auto-approve")
	if err == nil {
		t.Fatalf("the failed destroy succeeded:\n%s", out)
	}
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, fmt.Sprintf("The removal stopped midway: 1 of the 3 node(s) to remove left cluster %s (%s)", cluster, all[0])) {
		t.Fatalf("destroy output lacks what left:\n%s", out)
	}
	after = showState(t, cli)
	if ids := after["instance_ids"].([]any); fmt.Sprint(ids) != fmt.Sprint(all[1:]) || after["worker_count"] != 2.0 {
		t.Fatalf("state after the failed destroy: instance_ids %v worker_count %v, want %v and 2", ids, after["worker_count"], all[1:])
	}
}
