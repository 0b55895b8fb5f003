package ehpc_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	emuehpc "github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/ehpc"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ehpc"
)

const (
	nodesResource = "aliyun_ehpc_existing_nodes.test"
	// nodesImage is a CentOS 7 public image: it matches the emulator's default cluster image family.
	nodesImage = "centos_7_06_64_20G_alibase_20190711.vhd"
)

// Fixtures are created through the emulator's admin API, so every test owns its cluster and instances and
// tests can run in parallel on one emulator.

func nodesCluster(t *testing.T, body map[string]any) string {
	t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	if _, ok := body["image_id"]; !ok {
		body["image_id"] = nodesImage
	}
	body["name"] = acctest.RandomName("nodes")
	var out struct{ ClusterId string }
	if err := acctest.Admin(t).Do(context.Background(), http.MethodPost, "/_emulator/ehpc/clusters", body, &out); err != nil {
		t.Fatalf("creating a cluster through the admin API: %v", err)
	}
	return out.ClusterId
}

func nodesInstances(t *testing.T, count int, extra map[string]any) []string {
	t.Helper()
	body := map[string]any{"count": count}
	for k, v := range extra {
		body[k] = v
	}
	var out struct{ InstanceIds []string }
	if err := acctest.Admin(t).Do(context.Background(), http.MethodPost, "/_emulator/ecs/instances", body, &out); err != nil {
		t.Fatalf("creating instances through the admin API: %v", err)
	}
	sort.Strings(out.InstanceIds)
	return out.InstanceIds
}

// nodesInstance returns an ECS instance as the emulator holds it; ok is false once it was released.
func nodesInstance(t *testing.T, id string) (emuehpc.Instance, bool, error) {
	var in emuehpc.Instance
	err := acctest.Admin(t).Do(context.Background(), http.MethodGet, "/_emulator/ecs/instances/"+id, nil, &in)
	if err != nil && strings.Contains(err.Error(), "NotFound") {
		return in, false, nil
	}
	return in, err == nil, err
}

// checkNodesDestroyed is the tests' CheckDestroy: through the resource's own finder (so it holds against a
// real account too) none of the resources' instances is a node any more, and, on the emulator, the instances
// survived and are back in the stopped pool.
func checkNodesDestroyed(t *testing.T, ids ...string) resource.TestCheckFunc {
	return resource.ComposeTestCheckFunc(
		acctest.CheckDestroyed(t, "aliyun_ehpc_existing_nodes", ehpc.FindExistingNodesByID),
		checkInstancesFree(t, ids...),
	)
}

// checkInstancesFree asserts that the instances survived and are back in the stopped pool (emulator only: it
// reads the emulator's ECS inventory).
func checkInstancesFree(t *testing.T, ids ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if acctest.IsCloud() {
			return nil
		}
		for _, id := range ids {
			in, ok, err := nodesInstance(t, id)
			switch {
			case err != nil:
				return err
			case !ok:
				return fmt.Errorf("instance %s was released; it must survive the removal of its node", id)
			case in.Status != emuehpc.InstanceStopped || in.ClusterID != "":
				return fmt.Errorf("instance %s is %s in cluster %q; want Stopped in no cluster", id, in.Status, in.ClusterID)
			}
		}
		return nil
	}
}

func checkInstancesInCluster(t *testing.T, cluster string, ids ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, id := range ids {
			in, ok, err := nodesInstance(t, id)
			if err != nil || !ok || in.ClusterID != cluster {
				return fmt.Errorf("instance %s: cluster %q, exists %v, err %v; want cluster %s", id, in.ClusterID, ok, err, cluster)
			}
		}
		return nil
	}
}

func removeNodeOutOfBand(t *testing.T, cluster, id string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		return acctest.Admin(t).Do(context.Background(), http.MethodDelete,
			"/_emulator/ehpc/clusters/"+cluster+"/nodes/"+id, nil, nil)
	}
}

func hclList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// configNodes renders the resource "test"; extra holds more arguments, one per line.
func configNodes(cluster, image string, ids []string, extra ...string) string {
	return configNodesNamed("test", cluster, image, ids, extra...)
}

func configNodesNamed(name, cluster, image string, ids []string, extra ...string) string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_existing_nodes" %[1]q {
  cluster_id   = %[2]q
  image_id     = %[3]q
  instance_ids = %[4]s
  %[5]s
}
`, name, cluster, image, hclList(ids), strings.Join(extra, "\n  "))
}

func nodesID(cluster string, ids []string) string {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	return cluster + ":" + strings.Join(s, ",")
}

func TestAccEHPCExistingNodes_basic(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 1, nil)
	id := nodesID(cluster, ids)
	config := configNodes(cluster, nodesImage, ids)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("image_owner_alias"), knownvalue.StringExact("system")),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("release_instances_on_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("task_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F-]{36}$`))),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":         knownvalue.StringExact(ids[0]),
							"status":     knownvalue.StringExact("running"),
							"host_name":  knownvalue.StringRegexp(regexp.MustCompile(`^iZ`)),
							"ip_address": knownvalue.StringRegexp(regexp.MustCompile(`^172\.`)),
						}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					acctest.CheckExists(t, nodesResource, ehpc.FindExistingNodesByID),
					checkInstancesInCluster(t, cluster, ids...),
				),
			},
			{
				ResourceName:            nodesResource,
				ImportState:             true,
				ImportStateId:           id,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"task_id"},
			},
			{
				// An import block plans no change: everything the configuration sets is read back.
				Config:          config,
				ResourceName:    nodesResource,
				ImportState:     true,
				ImportStateId:   id,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// Every argument set: the configured values are recorded, the plan after the apply is empty, and an import
// reads back all but the arguments the API never reports.
func TestAccEHPCExistingNodes_full(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, map[string]any{"queues": []string{"workq", "gpuq"}})
	ids := nodesInstances(t, 2, nil)
	config := configNodes(cluster, nodesImage, ids,
		`image_owner_alias = "system"`,
		`job_queue = "gpuq"`,
		`release_instances_on_destroy = false`,
		`timeouts = { create = "10m", update = "10m", delete = "10m" }`,
	)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("id"), knownvalue.StringExact(nodesID(cluster, ids))),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("cluster_id"), knownvalue.StringExact(cluster)),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("image_id"), knownvalue.StringExact(nodesImage)),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("image_owner_alias"), knownvalue.StringExact("system")),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("job_queue"), knownvalue.StringExact("gpuq")),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("release_instances_on_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("instance_ids"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(ids[0]), knownvalue.StringExact(ids[1]),
					})),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes").AtSliceIndex(1).AtMapKey("id"), knownvalue.StringExact(ids[1])),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("timeouts").AtMapKey("create"), knownvalue.StringExact("10m")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					acctest.CheckExists(t, nodesResource, ehpc.FindExistingNodesByID),
					checkInstancesInCluster(t, cluster, ids...),
				),
			},
			{
				ResourceName:            nodesResource,
				ImportState:             true,
				ImportStateId:           nodesID(cluster, ids),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"task_id", "job_queue", "timeouts"},
			},
		},
	})
}

// An id listed twice is one instance: instance_ids is a set, and the instance joins once.
func TestAccEHPCExistingNodes_duplicateIDs(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 1, nil)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{{
			Config: configNodes(cluster, nodesImage, []string{ids[0], ids[0]}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("instance_ids"), knownvalue.SetSizeExact(1)),
				statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(1)),
			},
			Check: checkAddTasks(t, cluster, 1),
		}},
	})
}

func TestAccEHPCExistingNodes_hundred(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 100, nil)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{{
			Config: configNodes(cluster, nodesImage, ids),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("instance_ids"), knownvalue.SetSizeExact(100)),
				statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(100)),
				// Sorted by id, past the first ListNodes page.
				statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes").AtSliceIndex(99).AtMapKey("id"), knownvalue.StringExact(ids[99])),
				statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes").AtSliceIndex(99).AtMapKey("status"), knownvalue.StringExact("running")),
			},
			Check: checkInstancesInCluster(t, cluster, ids...),
		}},
	})
}

// One node removed outside Terraform: it drops out of instance_ids and the next apply adds it again, in
// place, without touching the other node.
func TestAccEHPCExistingNodes_disappearsOne(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 2, nil)
	config := configNodes(cluster, nodesImage, ids)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					removeNodeOutOfBand(t, cluster, ids[0]),
					checkInstancesFree(t, ids[0]),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(nodesResource, tfjsonpath.New("id"), knownvalue.StringExact(nodesID(cluster, ids))),
					},
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("id"), knownvalue.StringExact(nodesID(cluster, ids))),
				},
				Check: resource.ComposeTestCheckFunc(
					checkInstancesInCluster(t, cluster, ids...),
					checkNeverLeft(t, cluster, ids[1]),
				),
			},
		},
	})
}

// Membership changes in place: the removed instance leaves (and is not released), the added one joins, the
// kept one is never touched; the new id imports.
func TestAccEHPCExistingNodes_update(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 3, nil)
	before, after := ids[:2], ids[1:]
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{
			{
				Config: configNodes(cluster, nodesImage, before),
			},
			{
				Config: configNodes(cluster, nodesImage, after),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(nodesResource, tfjsonpath.New("id"), knownvalue.StringExact(nodesID(cluster, after))),
						plancheck.ExpectUnknownValue(nodesResource, tfjsonpath.New("nodes")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("id"), knownvalue.StringExact(nodesID(cluster, after))),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(after[0])),
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes").AtSliceIndex(1).AtMapKey("status"), knownvalue.StringExact("running")),
				},
				Check: resource.ComposeTestCheckFunc(
					checkInstancesFree(t, ids[0]),
					checkInstancesInCluster(t, cluster, after...),
					checkNeverLeft(t, cluster, ids[1]),
				),
			},
			{
				// Removing only: no task is started, task_id stays.
				Config: configNodes(cluster, nodesImage, ids[2:]),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(nodesResource, tfjsonpath.New("task_id"), knownvalue.NotNull()),
					},
				},
				Check: checkInstancesFree(t, ids[0], ids[1]),
			},
			{
				ResourceName:            nodesResource,
				ImportState:             true,
				ImportStateId:           nodesID(cluster, ids[2:]),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"task_id"},
			},
		},
	})
}

// Importing with job_queue in the configuration (which the API never reports) records the queue in place,
// without any API call; the plan is then empty, and a later change of the queue replaces the resource again.
func TestAccEHPCExistingNodes_import(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, map[string]any{"queues": []string{"workq", "gpuq"}})
	ids := nodesInstances(t, 1, nil)
	id := nodesID(cluster, ids)
	config := configNodes(cluster, nodesImage, ids, `job_queue = "gpuq"`)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{
			{Config: configNodesNamed("seed", cluster, nodesImage, ids, `job_queue = "gpuq"`)},
			{
				// Terraform forgets the nodes; they stay in the cluster.
				Config: `
removed {
  from = aliyun_ehpc_existing_nodes.seed

  lifecycle {
    destroy = false
  }
}
`,
				Check: checkInstancesInCluster(t, cluster, ids...),
			},
			{
				Config:             config,
				ResourceName:       nodesResource,
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateId:      id,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("job_queue"), knownvalue.StringExact("gpuq")),
				},
				// Recorded only: the node never left the cluster and was not added again.
				Check: resource.ComposeTestCheckFunc(
					checkInstancesInCluster(t, cluster, ids...),
					checkNeverLeft(t, cluster, ids[0]),
					checkAddTasks(t, cluster, 1),
				),
			},
			{
				Config: configNodes(cluster, nodesImage, ids, `job_queue = "workq"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

// checkAddTasks asserts how many AddExistedNodes tasks the cluster has seen.
func checkAddTasks(t *testing.T, cluster string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var state map[string]struct {
			Tasks map[string]emuehpc.Task `json:"tasks"`
		}
		if err := acctest.Admin(t).State(context.Background(), &state); err != nil {
			return err
		}
		n := 0
		for _, task := range state["ehpc"].Tasks {
			if task.ClusterID == cluster && task.Type == emuehpc.TaskTypeAddExistedNodes {
				n++
			}
		}
		if n != want {
			return fmt.Errorf("cluster %s saw %d AddExistedNodes tasks, want %d", cluster, n, want)
		}
		return nil
	}
}

// checkNeverLeft asserts that no DeleteNodes task of the cluster ever named the instance.
func checkNeverLeft(t *testing.T, cluster, id string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var state map[string]struct {
			Tasks map[string]emuehpc.Task `json:"tasks"`
		}
		if err := acctest.Admin(t).State(context.Background(), &state); err != nil {
			return err
		}
		for _, task := range state["ehpc"].Tasks {
			if task.ClusterID == cluster && task.Type == emuehpc.TaskTypeDeleteNodes && slices.Contains(task.Instances, id) {
				return fmt.Errorf("instance %s was removed from the cluster by task %s; it should not have been touched", id, task.ID)
			}
		}
		return nil
	}
}

// Every node removed outside Terraform, or the cluster deleted: the resource is gone and the plan creates it.
func TestAccEHPCExistingNodes_disappears(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	gone := nodesCluster(t, nil)
	ids := nodesInstances(t, 1, nil)
	other := nodesInstances(t, 1, nil)
	expectCreate := resource.ConfigPlanChecks{
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionCreate)},
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, append(ids, other...)...),
		Steps: []resource.TestStep{
			{
				Config:             configNodes(cluster, nodesImage, ids),
				Check:              removeNodeOutOfBand(t, cluster, ids[0]),
				ConfigPlanChecks:   expectCreate,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: configNodes(gone, nodesImage, other),
				Check: func(*terraform.State) error {
					return acctest.Admin(t).Do(context.Background(), http.MethodDelete, "/_emulator/ehpc/clusters/"+gone, nil, nil)
				},
				ConfigPlanChecks:   expectCreate,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// release_instances_on_destroy changes in place and, once true, destroy deletes the instances.
func TestAccEHPCExistingNodes_releaseOnDestroy(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, map[string]any{"queues": []string{"workq", "gpuq"}})
	ids := nodesInstances(t, 1, nil)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			acctest.CheckDestroyed(t, "aliyun_ehpc_existing_nodes", ehpc.FindExistingNodesByID),
			func(*terraform.State) error {
				if _, ok, err := nodesInstance(t, ids[0]); err != nil || ok {
					return fmt.Errorf("instance %s should have been released (exists %v, err %v)", ids[0], ok, err)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{
				Config: configNodes(cluster, nodesImage, ids, `job_queue = "gpuq"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("job_queue"), knownvalue.StringExact("gpuq")),
				},
			},
			{
				Config: configNodes(cluster, nodesImage, ids, `job_queue = "gpuq"`, `release_instances_on_destroy = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("release_instances_on_destroy"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

// Errors the emulator produces by itself, as the cloud would.
func TestAccEHPCExistingNodes_apiErrors(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	small := nodesCluster(t, map[string]any{"max_count": 1})
	busy := nodesCluster(t, nil)
	ids := nodesInstances(t, 2, nil)
	taken := nodesInstances(t, 1, nil)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, append(ids, taken...)...),
		Steps: []resource.TestStep{
			{
				Config:      configNodes("ehpc-hz-doesnotexist", nodesImage, ids[:1]),
				ExpectError: acctest.ErrorMatching("ClusterNotFound", "check cluster_id"),
			},
			{
				Config:      configNodes(cluster, "centos_7_99_x64_20G_alibase_19990101.vhd", ids[:1]),
				ExpectError: acctest.ErrorMatching("ImageNotFound", "image_id does not exist"),
			},
			{
				Config:      configNodes(cluster, "ubuntu_22_04_x64_20G_alibase_20240508.vhd", ids[:1]),
				ExpectError: acctest.ErrorMatching("ImageNotSupported", "same OS family and major version"),
			},
			{
				Config:      configNodes(small, nodesImage, ids),
				ExpectError: acctest.ErrorMatching("TooManyComputes", "compute node quota"),
			},
			{
				Config:      configNodes(cluster, nodesImage, []string{"i-doesnotexist000001"}),
				ExpectError: acctest.ErrorMatching("InvalidParams", "Instance.1.Id", "does not exist", "hint"),
			},
			{
				Config: configNodes(busy, nodesImage, taken),
			},
			{
				// The same instance again, while it is a node of another cluster.
				Config:      configNodes(busy, nodesImage, taken) + configNodesNamed("again", cluster, nodesImage, taken),
				ExpectError: acctest.ErrorMatching("InvalidParams", "already belongs to cluster "+busy, "Stopped"),
			},
		},
	})
}

// Errors only the real service produces (or rarely): injected, each must reach the user with its hint.
func TestAccEHPCExistingNodes_injectedErrors(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 1, nil)
	fast := configNodes(cluster, nodesImage, ids, `timeouts = { create = "1s" }`)
	cases := []struct {
		status      int
		code, hint  string
		count       int
		transientOK bool
	}{
		{400, "NotEnabled", "activate it in the E-HPC console", 1, false},
		{400, "InDebt", "overdue payments", 1, false},
		{403, "InvalidOpt", "refused the operation for now", 1, false},
		{404, "VolumeNotFound", "shared storage volume", 1, false},
		{404, "ManagerNotFound", "manager nodes are missing", 1, false},
		{404, "ObjectNotFound", "check cluster_id and instance_ids", 1, false},
		{406, "EcsError", "underlying ECS call failed", 1, false},
		{406, "DbError", "database failed", 1, false},
		{406, "AliyunError", "another Alibaba Cloud product failed", 1, false},
		{407, "NotAuthorized", "lacks permission for this E-HPC action", 1, false},
		{409, "PartFailure", "part of the batch failed", 1, false},
		// Ambiguous (the request may have been applied): looked at, retried, and reported when it persists.
		{500, "UnknownError", "unknown error", 10, true},
		// Retried until the (short) timeout.
		{503, "ServiceUnavailable", "temporarily unavailable", 1000, true},
		{403, "ConflictOpt", "another operation on this cluster", 1000, true},
		{403, "InvalidClusterStatus", "must be running", 1000, true},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{{
					Action: "ehpc:AddExistedNodes", Status: tc.status, Code: tc.code, Count: tc.count,
				}}})
			},
			Config:      fast,
			ExpectError: acctest.ErrorMatching(tc.code, "hint", tc.hint),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps:                    steps,
	})
}

// ConflictOpt and InvalidClusterStatus mean "busy": retried until the cluster accepts the nodes.
func TestAccEHPCExistingNodes_busyRetry(t *testing.T) {
	acctest.PreCheck(t)
	admin := acctest.Admin(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 1, nil)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := admin.ResetStats(context.Background()); err != nil {
					t.Fatal(err)
				}
				acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{
					{Action: "ehpc:AddExistedNodes", Status: 403, Code: "ConflictOpt", Count: 2},
					{Action: "ehpc:AddExistedNodes", Status: 403, Code: "InvalidClusterStatus", Count: 2},
				}})
			},
			Config: configNodes(cluster, nodesImage, ids),
			Check: func(*terraform.State) error {
				stats, err := admin.Stats(context.Background())
				if err != nil {
					return err
				}
				if n := stats["ehpc:AddExistedNodes"]; n != 5 {
					return fmt.Errorf("AddExistedNodes was called %d times; want 4 busy answers and 1 success", n)
				}
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("running")),
			},
		}},
	})
}

// A lost AddExistedNodes answer is not repeated blindly, and transient faults on the reads, the waits and
// the delete are ridden out.
func TestAccEHPCExistingNodes_faults(t *testing.T) {
	acctest.PreCheck(t)
	admin := acctest.Admin(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 3, nil)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := admin.ResetStats(context.Background()); err != nil {
					t.Fatal(err)
				}
				acctest.SetFaults(t, core.FaultConfig{
					LoseCreateResponses: 1,
					Rate:                acctest.FaultRate,
					Kinds:               []string{core.FaultUnavailable, core.FaultThrottle, core.FaultDrop},
					Actions:             []string{"ehpc:AddExistedNodes", "ehpc:ListNodes", "ehpc:ListTasks", "ehpc:DeleteNodes"},
				})
			},
			Config: configNodes(cluster, nodesImage, ids),
			Check: func(*terraform.State) error {
				stats, err := admin.Stats(context.Background())
				if err != nil {
					return err
				}
				var tasks int
				var state map[string]struct {
					Tasks map[string]emuehpc.Task `json:"tasks"`
				}
				if err := admin.State(context.Background(), &state); err != nil {
					return err
				}
				for _, task := range state["ehpc"].Tasks {
					if task.ClusterID == cluster && task.Type == emuehpc.TaskTypeAddExistedNodes {
						tasks++
					}
				}
				if tasks != 1 {
					return fmt.Errorf("%d AddExistedNodes tasks for the cluster (calls %d); want exactly 1", tasks, stats["ehpc:AddExistedNodes"])
				}
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(3)),
			},
		}},
	})
}

// A lost AddExistedNodes answer whose recovery cannot look at the cluster leaves the outcome unknown: the
// instances stay in the state (tainted), so the nodes that did join are not orphaned; the next apply
// replaces them instead of failing on instances that already belong to the cluster.
func TestAccEHPCExistingNodes_outcomeUnknown(t *testing.T) {
	acctest.PreCheck(t)
	admin := acctest.Admin(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 1, nil)
	config := configNodes(cluster, nodesImage, ids)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{
						LoseCreateResponses: 1,
						Inject:              []core.InjectedError{{Action: "ehpc:ListNodes", Status: 403, Code: "NotAuthorized", Count: 1}},
					})
				},
				Config:      config,
				ExpectError: acctest.ErrorMatching("NotAuthorized", "looking for what it made failed", "may have been applied"),
			},
			{
				PreConfig: func() {
					if err := admin.ClearFaults(context.Background()); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// A replacement, not a create: the failed apply recorded the instance, and the refresh found it
					// a node (a create would fail with "already belongs to cluster").
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("running")),
				},
				Check: checkInstancesInCluster(t, cluster, ids...),
			},
		},
	})
}

// A task that adds only some instances fails, says which joined, and keeps those in the state; the next
// apply replaces the tainted resource and adds all of them.
func TestAccEHPCExistingNodes_partialFailure(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	good := nodesInstances(t, 1, nil)
	bad := nodesInstances(t, 1, map[string]any{"join_failure": emuehpc.JoinFail})
	all := append(append([]string(nil), good...), bad...)
	sort.Strings(all)
	config := configNodes(cluster, nodesImage, all)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, all...),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: acctest.ErrorMatching("PartialFail", bad[0], "Not added: "+bad[0], "Joined and kept in the state", good[0]),
			},
			{
				PreConfig: func() {
					if err := acctest.Admin(t).Do(context.Background(), http.MethodPost, "/_emulator/ecs/instances/"+bad[0],
						map[string]any{"join_failure": ""}, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(2)),
				},
			},
		},
	})
}

// A node that ends in exception fails the create (the resource stays, tainted, so destroy removes it).
func TestAccEHPCExistingNodes_exception(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 1, map[string]any{"join_failure": emuehpc.JoinException})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, ids...),
		Steps: []resource.TestStep{{
			Config:      configNodes(cluster, nodesImage, ids),
			ExpectError: acctest.ErrorMatching("reached state \"exception\"", "nodes in exception: "+ids[0]),
		}},
	})
}

func TestAccEHPCExistingNodes_validation(t *testing.T) {
	acctest.PreCheck(t)
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("i-v%05d", i)
	}
	step := func(config string, want ...string) resource.TestStep {
		return resource.TestStep{Config: config, PlanOnly: true, ExpectError: acctest.ErrorMatching(want...)}
	}
	one := []string{"i-abc123"}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(configNodes("ehpc-hz-x", nodesImage, one, `image_owner_alias = "mine"`),
				"image_owner_alias", "value must be one of", `"mine"`),
			step(configNodes("ehpc-hz-x", nodesImage, nil), "instance_ids", "at least 1", "got: 0"),
			step(configNodes("ehpc-hz-x", nodesImage, many), "instance_ids", "at most 100", "got: 101"),
			step(configNodes("ehpc-hz-x", nodesImage, []string{"vm-123"}), `instance_ids[Value("vm-123")]`, "must be an ECS instance id", "vm-123"),
			step(configNodes("ehpc-hz-x", nodesImage, []string{"i-ABC"}), `instance_ids[Value("i-ABC")]`, "must be an ECS instance id"),
			step(configNodes("ehpc-hz-x", nodesImage, []string{""}), `instance_ids[Value("")]`, "length must be at least 1"),
			step(configNodes("", nodesImage, one), "cluster_id", "length must be at least 1"),
			step(configNodes("ehpc-hz-x", "", one), "image_id", "length must be at least 1"),
			step(configNodes("ehpc-hz-x", nodesImage, one, `job_queue = ""`), "job_queue", "length must be at least 1"),
		},
	})
}

// An update whose task adds only some instances records those; the next apply adds the rest in place.
func TestAccEHPCExistingNodes_updatePartialFailure(t *testing.T) {
	acctest.PreCheck(t)
	cluster := nodesCluster(t, nil)
	first := nodesInstances(t, 1, nil)
	bad := nodesInstances(t, 1, map[string]any{"join_failure": emuehpc.JoinFail})
	all := append(append([]string(nil), first...), bad...)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkNodesDestroyed(t, all...),
		Steps: []resource.TestStep{
			{
				Config: configNodes(cluster, nodesImage, first),
			},
			{
				Config:      configNodes(cluster, nodesImage, all),
				ExpectError: acctest.ErrorMatching("ended Fail.", "Not added: "+bad[0], "None of them joined"),
			},
			{
				PreConfig: func() {
					if err := acctest.Admin(t).Do(context.Background(), http.MethodPost, "/_emulator/ecs/instances/"+bad[0],
						map[string]any{"join_failure": ""}, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: configNodes(cluster, nodesImage, all),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(nodesResource, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(nodesResource, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(2)),
				},
				Check: checkNeverLeft(t, cluster, first[0]),
			},
		},
	})
}

// Busy answers and transient failures during destroy are retried; the instances come back stopped.
func TestAccEHPCExistingNodes_deleteFaults(t *testing.T) {
	acctest.PreCheck(t)
	admin := acctest.Admin(t)
	cluster := nodesCluster(t, nil)
	ids := nodesInstances(t, 2, nil)
	config := configNodes(cluster, nodesImage, ids)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			checkNodesDestroyed(t, ids...),
			func(*terraform.State) error {
				stats, err := admin.Stats(context.Background())
				if err != nil {
					return err
				}
				if n := stats["ehpc:DeleteNodes"]; n != 4 {
					return fmt.Errorf("DeleteNodes was called %d times; want 3 refusals and 1 success", n)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{Config: config},
			{
				// The faults stay on for the destroy that ends the test.
				PreConfig: func() {
					if err := admin.ResetStats(context.Background()); err != nil {
						t.Fatal(err)
					}
					acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{
						{Action: "ehpc:DeleteNodes", Status: 403, Code: "ConflictOpt", Count: 2},
						{Action: "ehpc:DeleteNodes", Status: 503, Code: "ServiceUnavailable", Count: 1},
						{Action: "ehpc:ListNodes", Status: 503, Code: "ServiceUnavailable", Count: 2},
					}})
				},
				Config: config,
			},
		},
	})
}
