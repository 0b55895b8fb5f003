package ack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
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

	wantWarning := func(t *testing.T, out string, fragments ...string) {
		t.Helper()
		flat := strings.Join(strings.Fields(out), " ")
		for _, f := range fragments {
			if !strings.Contains(flat, f) {
				t.Fatalf("plan output lacks %q:\n%s", f, out)
			}
		}
	}

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
