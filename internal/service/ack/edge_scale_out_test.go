package ack_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/cs"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ack"
)

const edgeAddr = "aliyun_ack_edge_scale_out.test"

// edgeClusterEnv names the managed edge cluster the tests scale out when they target the real cloud.
const edgeClusterEnv = "ALICLOUD_ACK_EDGE_CLUSTER_ID"

const edgePassword = "Hello1234!"

// testEdgeCluster returns a managed edge cluster for one test: a fresh emulator cluster (so tests never see
// each other's nodes), or the cluster named by ALICLOUD_ACK_EDGE_CLUSTER_ID on the real cloud.
func testEdgeCluster(t *testing.T) string {
	t.Helper()
	acctest.PreCheck(t)
	if acctest.IsCloud() {
		id := os.Getenv(edgeClusterEnv)
		if id == "" {
			t.Skipf("set %s to a managed edge cluster to run this test against the cloud", edgeClusterEnv)
		}
		return id
	}
	return adminNewCluster(t, map[string]string{"name": acctest.RandomName("edge")})
}

func adminNewCluster(t *testing.T, in map[string]string) string {
	t.Helper()
	var out struct {
		ClusterID string `json:"cluster_id"`
	}
	if err := acctest.Admin(t).Do(context.Background(), http.MethodPost, "/_emulator/cs/clusters", in, &out); err != nil {
		t.Fatal(err)
	}
	return out.ClusterID
}

func adminCluster(t *testing.T, id string) cs.AdminCluster {
	t.Helper()
	var out cs.AdminCluster
	if err := acctest.Admin(t).Do(context.Background(), http.MethodGet, "/_emulator/cs/clusters/"+id, nil, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// edgeConfig is a complete configuration; extra holds the password lines and any optional argument.
func edgeConfig(clusterID string, count int, extra ...string) string {
	return fmt.Sprintf(`
resource "aliyun_ack_edge_scale_out" "test" {
  cluster_id               = %[1]q
  worker_count             = %[2]d
  worker_instance_type     = "ens.sn1.tiny"
  ens_region_id            = "cn-beijing-telecom"
  worker_image_id          = "m-2QVLO2T8NYgm8CNQVg15gF"
  ens_internet_charge_type = "BandwidthByDay"
  worker_period            = 1
  worker_system_disk_size  = 20
%[3]s
}
`, clusterID, count, indent(extra))
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

func withPassword(extra ...string) []string {
	return append([]string{fmt.Sprintf("login_password = %q", edgePassword)}, extra...)
}

// checkNodes asserts, through the admin API, how many nodes the cluster has and how many instances were
// ever bought for it.
func checkNodes(t *testing.T, clusterID string, nodes, bought int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if acctest.IsCloud() {
			return nil
		}
		c := adminCluster(t, clusterID)
		if len(c.Nodes) != nodes || len(c.Instances) != bought {
			return fmt.Errorf("cluster %s has %d nodes and %d bought instances, want %d and %d", clusterID, len(c.Nodes), len(c.Instances), nodes, bought)
		}
		return nil
	}
}

func checkNoNodes(t *testing.T, clusterID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if acctest.IsCloud() {
			return nil
		}
		if c := adminCluster(t, clusterID); len(c.Nodes) != 0 {
			return fmt.Errorf("cluster %s still has %d nodes after destroy", clusterID, len(c.Nodes))
		}
		return nil
	}
}

// checkRecordedNodesGone fails while any node a resource recorded in instance_ids (of every task, not only
// the one in its id) is still a node of its cluster; it works against both targets.
func checkRecordedNodesGone(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "aliyun_ack_edge_scale_out" {
				continue
			}
			n, _ := strconv.Atoi(rs.Primary.Attributes["instance_ids.#"])
			ids := make([]string, 0, n)
			for i := range n {
				ids = append(ids, rs.Primary.Attributes["instance_ids."+strconv.Itoa(i)])
			}
			if len(ids) == 0 {
				continue
			}
			left, err := ack.CountEdgeNodes(context.Background(), acctest.Client(t), rs.Primary.Attributes["cluster_id"], ids)
			if err != nil {
				return fmt.Errorf("checking that the nodes of %s are gone: %w", rs.Primary.ID, err)
			}
			if left != 0 {
				return fmt.Errorf("%d of the %d nodes %s recorded are still in cluster %s after destroy", left, len(ids), rs.Primary.ID,
					rs.Primary.Attributes["cluster_id"])
			}
		}
		return nil
	}
}

// checkDestroyed is the CheckDestroy of every test: the resource's finder finds none of its nodes, none of the
// nodes it recorded is left, and (on the emulator) the cluster has no node left at all.
func checkDestroyed(t *testing.T, clusterID string) resource.TestCheckFunc {
	return resource.ComposeTestCheckFunc(acctest.CheckDestroyed(t, "aliyun_ack_edge_scale_out", ack.FindEdgeScaleOutByID),
		checkRecordedNodesGone(t), checkNoNodes(t, clusterID))
}

func TestAccEdgeScaleOut_basic(t *testing.T) {
	clusterID := testEdgeCluster(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			// The subscription instances outlive their nodes (the emulator, like ACK, does not release them).
			return resource.ComposeTestCheckFunc(checkDestroyed(t, clusterID), checkNodes(t, clusterID, 0, 1))(s)
		},
		Steps: []resource.TestStep{
			{
				Config: edgeConfig(clusterID, 1, withPassword()...),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile("^"+clusterID+":T-[0-9a-f]{24}$"))),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("task_id"), knownvalue.StringRegexp(regexp.MustCompile(`^T-[0-9a-f]{24}$`))),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("worker_count"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("instance_ids"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringRegexp(regexp.MustCompile(`^i-[a-z0-9]+$`)),
					})),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("node_names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringRegexp(regexp.MustCompile(`^cn-beijing-telecom\.\d+\.\d+\.\d+\.\d+$`)),
					})),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("worker_auto_renew"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("worker_data_disk_size"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("is_edge_worker"), knownvalue.Bool(true)),
					statecheck.ExpectSensitiveValue(edgeAddr, tfjsonpath.New("login_password")),
				},
				Check: checkNodes(t, clusterID, 1, 1),
			},
			{
				ResourceName:      edgeAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// The password is never returned by the API.
				ImportStateVerifyIgnore: []string{"login_password"},
			},
		},
	})
}

// TestAccEdgeScaleOut_writeOnlyImport scales out several nodes with every optional argument and a write-only
// password, imports by task id with an empty plan afterwards, and imports by instance ids.
func TestAccEdgeScaleOut_writeOnlyImport(t *testing.T) {
	clusterID := testEdgeCluster(t)
	config := edgeConfig(clusterID, 3,
		fmt.Sprintf("login_password_wo = %q", edgePassword),
		"worker_auto_renew = true",
		"worker_auto_renew_period = 2",
		"worker_data_disk_size = 40",
		"timeout_mins = 60",
	)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("worker_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("instance_ids"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("node_names"), knownvalue.ListSizeExact(3)),
					// The write-only password never reaches the state, and the sensitive one is unset.
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("login_password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("login_password"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					checkNodes(t, clusterID, 3, 3),
					func(s *terraform.State) error {
						for k, v := range s.RootModule().Resources[edgeAddr].Primary.Attributes {
							if strings.Contains(v, edgePassword) {
								return fmt.Errorf("the password is in the state, in %s", k)
							}
						}
						return nil
					},
				),
			},
			{
				ResourceName:      edgeAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// An import block with the same configuration must plan a pure import: nothing to change.
				Config:          config,
				ResourceName:    edgeAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName: edgeAddr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					a := s.RootModule().Resources[edgeAddr].Primary.Attributes
					return clusterID + ":" + a["instance_ids.0"] + "," + a["instance_ids.1"] + "," + a["instance_ids.2"], nil
				},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					if a["worker_count"] != "3" || a["instance_ids.#"] != "3" || a["worker_instance_type"] != "ens.sn1.tiny" {
						return fmt.Errorf("import by instance ids read worker_count=%s instance_ids=%s worker_instance_type=%s",
							a["worker_count"], a["instance_ids.#"], a["worker_instance_type"])
					}
					return nil
				},
			},
		},
	})
}

// TestAccEdgeScaleOut_drift removes nodes behind Terraform's back: one missing node is bought back alone in
// place (the remaining node stays); all missing plans a create.
func TestAccEdgeScaleOut_drift(t *testing.T) {
	clusterID := testEdgeCluster(t)
	admin := acctest.Admin(t)
	config := edgeConfig(clusterID, 2, withPassword()...)
	var kept string
	removeNodes := func(n int) func() {
		return func() {
			c := adminCluster(t, clusterID)
			for _, node := range c.Nodes[:n] {
				if err := admin.Do(context.Background(), http.MethodDelete, "/_emulator/cs/clusters/"+clusterID+"/nodes/"+node.InstanceID, nil, nil); err != nil {
					t.Fatal(err)
				}
			}
			if n < len(c.Nodes) {
				kept = c.Nodes[n].InstanceID
			}
			if err := admin.ResetStats(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{Config: config, Check: checkNodes(t, clusterID, 2, 2)},
			{
				PreConfig: removeNodes(1),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(edgeAddr, plancheck.ResourceActionUpdate)},
				},
				// The missing node is bought back alone: one more instance, and the remaining node is kept.
				Check: resource.ComposeTestCheckFunc(
					checkNodes(t, clusterID, 2, 3),
					checkCalls(t, "cs:ScaleOutCluster", 1),
					checkCalls(t, "cs:DeleteClusterNodes", 0),
					func(s *terraform.State) error {
						if got := s.RootModule().Resources[edgeAddr].Primary.Attributes["instance_ids.0"]; got != kept {
							return fmt.Errorf("instance_ids.0 = %s, want the node that stayed, %s", got, kept)
						}
						return nil
					},
				),
			},
			{
				PreConfig: removeNodes(2),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(edgeAddr, plancheck.ResourceActionCreate)},
				},
				Check: checkNodes(t, clusterID, 2, 5),
			},
		},
	})
}

// TestAccEdgeScaleOut_scaleInPlace: 2 → 3 → 1 → 2 nodes, each an in-place update with one call for the
// difference, the first node kept throughout, and the id unchanged.
func TestAccEdgeScaleOut_scaleInPlace(t *testing.T) {
	clusterID := testEdgeCluster(t)
	admin := acctest.Admin(t)
	var firstID, firstInstance string
	var previous []string // the instance ids after the previous step
	reset := func() {
		if err := admin.ResetStats(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	same := func(s *terraform.State) error {
		a := s.RootModule().Resources[edgeAddr].Primary.Attributes
		var ids []string
		for i := 0; a[fmt.Sprintf("instance_ids.%d", i)] != ""; i++ {
			ids = append(ids, a[fmt.Sprintf("instance_ids.%d", i)])
		}
		// Every node kept by a step is one of the first nodes of the step before, in the same place.
		if n := min(len(ids), len(previous)); strings.Join(ids[:n], ",") != strings.Join(previous[:n], ",") {
			return fmt.Errorf("instance_ids %v do not start with the kept nodes of the step before, %v", ids, previous[:n])
		}
		previous = ids
		if firstID == "" {
			firstID, firstInstance = a["id"], a["instance_ids.0"]
			return nil
		}
		if a["id"] != firstID || a["instance_ids.0"] != firstInstance || a["task_id"] != strings.TrimPrefix(firstID, clusterID+":") {
			return fmt.Errorf("id %s / first instance %s / task_id %s changed (want %s / %s)", a["id"], a["instance_ids.0"], a["task_id"], firstID, firstInstance)
		}
		return nil
	}
	calls := func(scaleOuts, deletes int) resource.TestCheckFunc {
		return resource.ComposeTestCheckFunc(checkCalls(t, "cs:ScaleOutCluster", scaleOuts), checkCalls(t, "cs:DeleteClusterNodes", deletes))
	}
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(edgeAddr, plancheck.ResourceActionUpdate)}}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				PreConfig: reset, Config: edgeConfig(clusterID, 2, withPassword()...),
				Check: resource.ComposeTestCheckFunc(checkNodes(t, clusterID, 2, 2), calls(1, 0), same),
			},
			{
				PreConfig: reset, Config: edgeConfig(clusterID, 3, withPassword()...), ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("task_ids"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("nodes").AtSliceIndex(2).AtMapKey("expired_time"),
						knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				},
				Check: resource.ComposeTestCheckFunc(checkNodes(t, clusterID, 3, 3), calls(1, 0), checkTaskCounts(t, clusterID, 2, 1), same),
			},
			{
				PreConfig: reset, Config: edgeConfig(clusterID, 1, withPassword()...), ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("instance_ids"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("task_ids"), knownvalue.ListSizeExact(2)),
				},
				Check: resource.ComposeTestCheckFunc(checkNodes(t, clusterID, 1, 3), calls(0, 1), checkTaskCounts(t, clusterID, 2, 1, 2), same),
			},
			{
				PreConfig: reset, Config: edgeConfig(clusterID, 2, withPassword()...), ConfigPlanChecks: update,
				Check: resource.ComposeTestCheckFunc(checkNodes(t, clusterID, 2, 4), calls(1, 0), checkTaskCounts(t, clusterID, 2, 1, 2, 1), same),
			},
		},
	})
}

// checkTaskCounts asserts the cluster's tasks in order with their sizes (instances bought, nodes removed).
func checkTaskCounts(t *testing.T, clusterID string, want ...int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []int
		for _, task := range adminCluster(t, clusterID).Tasks {
			got = append(got, task.Count)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("cluster %s tasks of sizes %v, want %v", clusterID, got, want)
		}
		return nil
	}
}

// TestAccEdgeScaleOut_scaleOutLostResponse: the answer to the ScaleOutCluster of a scale-out in place is lost;
// the provider adopts the task it made instead of buying twice.
func TestAccEdgeScaleOut_scaleOutLostResponse(t *testing.T) {
	clusterID := testEdgeCluster(t)
	admin := acctest.Admin(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{Config: edgeConfig(clusterID, 1, withPassword()...), Check: checkNodes(t, clusterID, 1, 1)},
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{LoseCreateResponses: 1, Actions: []string{"cs:ScaleOutCluster"}})
					if err := admin.ResetStats(context.Background()); err != nil {
						t.Fatal(err)
					}
				},
				Config: edgeConfig(clusterID, 3, withPassword()...),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(edgeAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("instance_ids"), knownvalue.ListSizeExact(3)),
				},
				Check: resource.ComposeTestCheckFunc(checkNodes(t, clusterID, 3, 3), checkCalls(t, "cs:ScaleOutCluster", 1), checkTaskCounts(t, clusterID, 1, 2)),
			},
		},
	})
}

// TestAccEdgeScaleOut_importThenScale: nodes bought outside Terraform are imported, in both import forms (by
// task id, and by instance ids), with an import block in the same plan that scales them in place (3 → 2, the
// newest first), then out again (2 → 3); the import's unread arguments are recorded on the way, the first
// nodes stay, and nothing is replaced.
func TestAccEdgeScaleOut_importThenScale(t *testing.T) {
	for _, form := range []string{"task", "instances"} {
		t.Run(form, func(t *testing.T) {
			clusterID := testEdgeCluster(t)
			acctest.SkipOnCloud(t, "buys nodes with a direct API call")
			taskID := buyNodesDirectly(t, clusterID, 3)
			var bought []string
			for _, n := range adminCluster(t, clusterID).Nodes {
				bought = append(bought, n.InstanceID)
			}
			id := clusterID + ":" + taskID
			if form == "instances" {
				id = clusterID + ":" + strings.Join(bought, ",")
			}
			importBlock := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", edgeAddr, id)
			update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(edgeAddr, plancheck.ResourceActionUpdate)}}
			first := func(n int) statecheck.StateCheck {
				elems := []knownvalue.Check{}
				for _, b := range bought[:n] {
					elems = append(elems, knownvalue.StringExact(b))
				}
				return statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("instance_ids"), knownvalue.ListPartial(map[int]knownvalue.Check{0: elems[0], n - 1: elems[n-1]}))
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             checkDestroyed(t, clusterID),
				Steps: []resource.TestStep{
					{
						Config: importBlock + edgeConfig(clusterID, 2, withPassword()...), ConfigPlanChecks: update,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
							statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("instance_ids"), knownvalue.ListSizeExact(2)),
							statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("worker_period"), knownvalue.Int64Exact(1)),
							first(2),
						},
						Check: checkNodes(t, clusterID, 2, 3),
					},
					{
						Config: importBlock + edgeConfig(clusterID, 3, withPassword()...), ConfigPlanChecks: update,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
							statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("instance_ids"), knownvalue.ListSizeExact(3)),
							statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("task_ids"), knownvalue.ListSizeExact(map[string]int{"task": 2, "instances": 1}[form])),
							first(2),
						},
						Check: checkNodes(t, clusterID, 3, 4),
					},
				},
			})
		})
	}
}

// buyNodesDirectly buys n nodes with a ScaleOutCluster call of its own (outside Terraform) and returns the task.
func buyNodesDirectly(t *testing.T, clusterID string, n int) string {
	t.Helper()
	var out struct {
		TaskID string `json:"task_id"`
	}
	_, err := acctest.Client(t).ROA(context.Background(), client.ROACall{
		Product: client.ProductCS, Version: client.VersionCS, Action: "ScaleOutCluster", Method: http.MethodPost,
		Path: "/api/v2/clusters/" + clusterID,
		Body: map[string]any{
			"count": n, "worker_instance_type": "ens.sn1.tiny", "ens_region_id": "cn-beijing-telecom",
			"worker_image_id": "m-2QVLO2T8NYgm8CNQVg15gF", "ens_internet_charge_type": "BandwidthByDay", "worker_period": 1,
			"worker_auto_renew": false, "login_password": edgePassword, "worker_system_disk_size": 20, "worker_data_disk_size": 0,
			"is_edge_worker": true,
		},
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	return out.TaskID
}

// TestAccEdgeScaleOut_scaleOutWaitFails: the wait of a scale-out in place (1 → 3) fails at its first poll,
// before the task said which instances it bought. The task is recorded in task_ids and as the pending task
// (private state); the next refresh adopts its two instances, so the same configuration then plans nothing —
// the nodes are not bought a second time.
func TestAccEdgeScaleOut_scaleOutWaitFails(t *testing.T) {
	clusterID := testEdgeCluster(t)
	acctest.SkipOnCloud(t, "injects an error into the wait")
	admin := acctest.Admin(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{Config: edgeConfig(clusterID, 1, withPassword()...), Check: checkNodes(t, clusterID, 1, 1)},
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{
						{Action: "cs:DescribeTaskInfo", Status: http.StatusForbidden, Code: "Forbidden.RAM", Message: "not allowed to read tasks", Count: 1},
					}})
				},
				Config:      edgeConfig(clusterID, 3, withPassword()...),
				ExpectError: regexp.MustCompile(`(?s)Waiting for the scale-out task T-\S+ of ACK edge cluster.*Forbidden\.RAM`),
			},
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{})
					if err := admin.ResetStats(context.Background()); err != nil {
						t.Fatal(err)
					}
				},
				Config: edgeConfig(clusterID, 3, withPassword()...),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("instance_ids"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("task_ids"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("worker_count"), knownvalue.Int64Exact(3)),
				},
				Check: resource.ComposeTestCheckFunc(checkNodes(t, clusterID, 3, 3), checkCalls(t, "cs:ScaleOutCluster", 0)),
			},
		},
	})
}

// TestAccEdgeScaleOut_failedTask: the task fails; the error carries the task's message and the state keeps
// the resource (tainted), so destroy removes the nodes the failed task left behind.
func TestAccEdgeScaleOut_failedTask(t *testing.T) {
	clusterID := testEdgeCluster(t)
	err := acctest.Admin(t).Do(context.Background(), http.MethodPost, "/_emulator/cs/clusters/"+clusterID+"/next-task-fails",
		map[string]string{"code": "ErrorScaleOutFailed", "message": "ENS instance type sold out in cn-beijing-telecom"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				Config:      edgeConfig(clusterID, 2, withPassword()...),
				ExpectError: regexp.MustCompile(`(?s)reached state "failed".*ErrorScaleOutFailed: ENS instance type sold out`),
			},
		},
	})
}

// TestAccEdgeScaleOut_clusterErrors: a missing cluster, a cluster that is not a managed edge cluster and a
// cluster that is not running are refused before anything is bought.
func TestAccEdgeScaleOut_clusterErrors(t *testing.T) {
	acctest.PreCheck(t)
	notEdge := adminNewCluster(t, map[string]string{"profile": "Default"})
	failed := adminNewCluster(t, map[string]string{"state": "failed"})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: edgeConfig("c0000000000000000000000000000000", 1, withPassword()...), ExpectError: regexp.MustCompile(`ErrorClusterNotFound`)},
			{Config: edgeConfig(notEdge, 1, withPassword()...), ExpectError: regexp.MustCompile(`ErrorClusterNotSupported`)},
			{Config: edgeConfig(failed, 1, withPassword()...), ExpectError: regexp.MustCompile(`(?s)ErrorClusterState.*state failed`)},
		},
	})
}

// TestAccEdgeScaleOut_lostResponse: the emulator applies the ScaleOutCluster request and drops the connection.
// The provider must find and adopt the task instead of buying the nodes twice.
func TestAccEdgeScaleOut_lostResponse(t *testing.T) {
	clusterID := testEdgeCluster(t)
	admin := acctest.Admin(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{LoseCreateResponses: 1, Actions: []string{"cs:ScaleOutCluster"}})
					if err := admin.ResetStats(context.Background()); err != nil {
						t.Fatal(err)
					}
				},
				Config: edgeConfig(clusterID, 2, withPassword()...),
				Check: resource.ComposeTestCheckFunc(
					checkNodes(t, clusterID, 2, 2),
					checkCalls(t, "cs:ScaleOutCluster", 1),
				),
			},
		},
	})
}

// TestAccEdgeScaleOut_lostResponseIdentical: two identical resources scale out one cluster at the same time
// and both answers are lost; each must adopt its own task (no double purchase, no shared task).
func TestAccEdgeScaleOut_lostResponseIdentical(t *testing.T) {
	clusterID := testEdgeCluster(t)
	admin := acctest.Admin(t)
	config := strings.Replace(edgeConfig(clusterID, 2, withPassword()...),
		`resource "aliyun_ack_edge_scale_out" "test" {`, `resource "aliyun_ack_edge_scale_out" "test" {
  count = 2`, 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{LoseCreateResponses: 2, Actions: []string{"cs:ScaleOutCluster"}})
					if err := admin.ResetStats(context.Background()); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					checkNodes(t, clusterID, 4, 4),
					checkCalls(t, "cs:ScaleOutCluster", 2),
					func(s *terraform.State) error {
						a := s.RootModule().Resources[edgeAddr+".0"].Primary.Attributes["task_id"]
						b := s.RootModule().Resources[edgeAddr+".1"].Primary.Attributes["task_id"]
						if a == "" || a == b {
							return fmt.Errorf("the two resources adopted tasks %q and %q", a, b)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccEdgeScaleOut_ambiguousNotApplied: a 500 answer leaves the outcome unknown, but the request was not
// applied; the provider looks, finds no task, and sends it once more.
func TestAccEdgeScaleOut_ambiguousNotApplied(t *testing.T) {
	clusterID := testEdgeCluster(t)
	admin := acctest.Admin(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{
						{Action: "cs:ScaleOutCluster", Status: 500, Code: "InternalError", Count: 1},
					}})
					if err := admin.ResetStats(context.Background()); err != nil {
						t.Fatal(err)
					}
				},
				Config: edgeConfig(clusterID, 2, withPassword()...),
				Check: resource.ComposeTestCheckFunc(
					checkNodes(t, clusterID, 2, 2),
					checkCalls(t, "cs:ScaleOutCluster", 2),
				),
			},
		},
	})
}

// TestAccEdgeScaleOut_ambiguousGiveUp: every attempt's outcome is unknown; after the last one the provider
// stops and tells the user to look at the cluster's tasks, since that request may yet be applied.
func TestAccEdgeScaleOut_ambiguousGiveUp(t *testing.T) {
	clusterID := testEdgeCluster(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{
						{Action: "cs:ScaleOutCluster", Status: 500, Code: "InternalError", Count: client.MaxCreateAttempts},
					}})
				},
				Config:      edgeConfig(clusterID, 1, withPassword()...),
				ExpectError: regexp.MustCompile(`(?s)InternalError.*after\s+` + strconv.Itoa(client.MaxCreateAttempts) + `\s+attempts.*check\s+the\s+tasks\s+of\s+cluster\s+` + clusterID),
				Check:       checkNodes(t, clusterID, 0, 0),
			},
		},
	})
}

// TestAccEdgeScaleOut_nodesUnreadableAfterCreate: the scale-out succeeds but listing its nodes fails once.
// The purchase must not be tainted (the next apply would remove and re-buy the nodes): the apply succeeds
// with a warning and the refresh fills in the node names.
func TestAccEdgeScaleOut_nodesUnreadableAfterCreate(t *testing.T) {
	clusterID := testEdgeCluster(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{
						{Action: "cs:DescribeClusterNodes", Status: 400, Code: "InvalidParameter", Count: 1},
					}})
				},
				Config: edgeConfig(clusterID, 1, withPassword()...),
				Check:  checkNodes(t, clusterID, 1, 1),
			},
			{
				// Nothing to change, and the refresh has read the node names.
				Config: edgeConfig(clusterID, 1, withPassword()...),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edgeAddr, tfjsonpath.New("node_names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringRegexp(regexp.MustCompile(`^cn-beijing-telecom\.`)),
					})),
				},
			},
		},
	})
}

// TestAccEdgeScaleOut_faults: transient failures while waiting, reading and deleting are retried.
func TestAccEdgeScaleOut_faults(t *testing.T) {
	clusterID := testEdgeCluster(t)
	inject := func(actions ...string) func() {
		return func() {
			var in []core.InjectedError
			for _, a := range actions {
				in = append(in,
					core.InjectedError{Action: a, Status: 503, Code: "ServiceUnavailable", Count: 1},
					core.InjectedError{Action: a, Status: 400, Code: "Throttling.User", Count: 1},
				)
			}
			acctest.SetFaults(t, core.FaultConfig{Inject: in})
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t, clusterID),
		Steps: []resource.TestStep{
			{
				PreConfig: inject("cs:ScaleOutCluster", "cs:DescribeTaskInfo", "cs:DescribeClusterNodes"),
				Config:    edgeConfig(clusterID, 1, withPassword()...),
				Check:     checkNodes(t, clusterID, 1, 1),
			},
			{
				PreConfig: inject("cs:DeleteClusterNodes", "cs:DescribeClusterNodes", "cs:DescribeTaskInfo"),
				Config:    edgeConfig(clusterID, 1, withPassword()...),
				Destroy:   true,
			},
		},
	})
}

func checkCalls(t *testing.T, action string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats, err := acctest.Admin(t).Stats(context.Background())
		if err != nil {
			return err
		}
		if stats[action] != want {
			return fmt.Errorf("%s was called %d times, want %d", action, stats[action], want)
		}
		return nil
	}
}

// TestAccEdgeScaleOut_validation: every plan-time rule, each failing with the attribute's name.
func TestAccEdgeScaleOut_validation(t *testing.T) {
	acctest.PreCheck(t)
	const c = "c0ffee5eed0ed6e0a1b2c3d4e5f60718"
	cfg := func(count int, extra ...string) string { return edgeConfig(c, count, extra...) }
	override := func(attr, value string) string {
		// Replace a base argument's value in the configuration.
		base := edgeConfig(c, 1, withPassword()...)
		re := regexp.MustCompile(`(?m)^  ` + attr + ` +=.*$`)
		return re.ReplaceAllString(base, "  "+attr+" = "+value)
	}
	step := func(config, want string) resource.TestStep {
		// Terraform wraps long diagnostics at arbitrary spaces: any space in want matches any white space.
		return resource.TestStep{Config: config, PlanOnly: true, ExpectError: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`))}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(cfg(0, withPassword()...), `(?s)worker_count.*at least 1`),
			step(override("cluster_id", `"c/1"`), `(?s)cluster_id.*ACK cluster id`),
			step(override("worker_instance_type", `""`), `(?s)worker_instance_type.*at least 1`),
			step(override("ens_region_id", `""`), `(?s)ens_region_id.*at least 1`),
			step(override("worker_image_id", `""`), `(?s)worker_image_id.*at least 1`),
			step(override("ens_internet_charge_type", `"PayByTraffic"`), `(?s)ens_internet_charge_type.*BandwidthByDay`),
			step(override("worker_period", "10"), `(?s)worker_period.*one of`),
			step(override("worker_system_disk_size", "25"), `(?s)worker_system_disk_size.*multiple of 10`),
			step(override("worker_system_disk_size", "110"), `(?s)worker_system_disk_size.*between 20 and 100`),
			step(cfg(1, withPassword("worker_data_disk_size = 10")...), `(?s)worker_data_disk_size.*between 20 and 200`),
			step(cfg(1, withPassword("worker_data_disk_size = 45")...), `(?s)worker_data_disk_size.*multiple of 10`),
			step(cfg(1, withPassword("worker_data_disk_size = 210")...), `(?s)worker_data_disk_size.*between 20 and 200`),
			step(cfg(1, withPassword("worker_data_disk_size = 21")...), `(?s)worker_data_disk_size must be 0 or a multiple of 10 between 20\s+and\s+200,\s+got\s+21`),
			step(cfg(1, withPassword("worker_auto_renew = true")...), `(?s)worker_auto_renew_period.*required when`),
			step(cfg(1, withPassword("worker_auto_renew_period = 3")...), `(?s)worker_auto_renew_period.*may only be set when`),
			step(cfg(1, withPassword("worker_auto_renew = true", "worker_auto_renew_period = 13")...), `(?s)worker_auto_renew_period.*between 1 and 12`),
			step(cfg(1, withPassword("is_edge_worker = false")...), `(?s)is_edge_worker.*true`),
			step(cfg(1, withPassword("timeout_mins = 0")...), `(?s)timeout_mins.*at least 1`),
			step(cfg(1), `(?s)Missing Attribute Configuration.*Exactly one of these attributes must be configured:\s+\[login_password,login_password_wo\]`),
			step(cfg(1, withPassword(fmt.Sprintf("login_password_wo = %q", edgePassword))...),
				`(?s)Invalid Attribute Combination.*Exactly one of these attributes must be configured:\s+\[login_password,login_password_wo\]`),
			step(cfg(1, `login_password = "Ab1!"`), `(?s)login_password.*8 to 30 characters`),
			step(cfg(1, `login_password = "abcdefgh12"`), `(?s)login_password.*at\s+least\s+3`),
			step(cfg(1, `login_password_wo = "ABCDEFGH12"`), `(?s)login_password_wo.*at\s+least\s+3`),
			step(cfg(1, withPassword("login_password_wo_version = 1")...), `(?s)login_password_wo_version.*login_password_wo`),
		},
	})
}

// TestAccEdgeScaleOut_unknownAtPlan: values unknown at plan time pass validation (checked again once known).
func TestAccEdgeScaleOut_unknownAtPlan(t *testing.T) {
	acctest.PreCheck(t)
	config := `
resource "terraform_data" "renew" {
  input = true
}
` + edgeConfig(cs.SeedClusterID, 1, withPassword("worker_auto_renew = terraform_data.renew.output")...)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, PlanOnly: true, ExpectNonEmptyPlan: true}},
	})
}
