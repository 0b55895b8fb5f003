package ack_test

import (
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
	wantWarning(t, out, "Warning: Destroying subscription nodes", "removes 2 node(s) from ACK cluster "+cluster, "keep running and billing")

	out = cli.MustRun("plan")
	if strings.Contains(out, "subscription nodes") {
		t.Fatalf("a plan with no change warns:\n%s", out)
	}
}
