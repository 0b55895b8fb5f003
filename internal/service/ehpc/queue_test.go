package ehpc_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ehpc"
)

const queueResource = "aliyun_ehpc_queue.test"

// queueConfig is a cluster that does not own its queues (no `queues`) and one aliyun_ehpc_queue in it.
func queueConfig(name string, queue ...string) string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "test" {
  cluster_name = %[1]q

  cluster_credentials = {
    password = %[2]q
  }
}

resource "aliyun_ehpc_queue" "test" {
  cluster_id = aliyun_ehpc_cluster.test.id
  queue_name = "extra"
%[3]s
}
`, name, clusterPassword, strings.Join(queue, "\n"))
}

// clusterOnly is a queueConfig without its aliyun_ehpc_queue.
func clusterOnly(cfg string) string {
	before, _, _ := strings.Cut(cfg, `resource "aliyun_ehpc_queue"`)
	return before
}

func queueCheckDestroyed(t *testing.T) resource.TestCheckFunc {
	return resource.ComposeTestCheckFunc(
		acctest.CheckDestroyed(t, "aliyun_ehpc_queue", ehpc.FindQueueByID),
		acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
	)
}

const queueNodes = `compute_nodes = [{ instance_type = "ecs.c7.large", data_disks = [{ category = "cloud_ssd", size = 100, device = "/dev/xvdb" }] }]`

// TestAccEHPCQueue_basic creates a queue and checks the ownership rule: the cluster, which does not set
// `queues`, neither reads the queue into its state nor plans to remove it.
func TestAccEHPCQueue_basic(t *testing.T) {
	name := acctest.RandomName("tf-queue")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             queueCheckDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: queueConfig(name, `max_count = 2`, `enable_scale_out = true`, `hostname_prefix = "ex"`, queueNodes),
				Check:  acctest.CheckExists(t, queueResource, ehpc.FindQueueByID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^ehpc-hz-[A-Za-z0-9]+:extra$`))),
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("max_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("hostname_prefix"), knownvalue.StringExact("ex")),
					// Not configured, so not read as the service's zero values.
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("min_count"), knownvalue.Null()),
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("enable_scale_in"), knownvalue.Null()),
					// The cluster does not own its queues: none in its state.
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("queues"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccEHPCQueue_update changes the queue in place with exactly one UpdateQueue (the cluster untouched),
// and renames it, which replaces the queue (and only it). Not parallel: it counts the emulator's calls.
func TestAccEHPCQueue_update(t *testing.T) {
	name := acctest.RandomName("tf-qupd")
	calls := &emulatorCalls{t: t}
	var id string
	sameQueue := func(s *terraform.State) error {
		got := s.RootModule().Resources[queueResource].Primary.ID
		if id == "" {
			id = got
		} else if got != id {
			return fmt.Errorf("queue id changed from %s to %s", id, got)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             queueCheckDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: queueConfig(name, `max_count = 2`, `enable_scale_out = true`, `hostname_prefix = "ex"`, queueNodes),
				Check:  sameQueue,
			},
			{
				PreConfig: calls.start,
				Config:    queueConfig(name, `max_count = 5`, `enable_scale_out = true`, `hostname_prefix = "ex2"`, `ram_role = "AliyunECSInstanceForEHPCRole"`, queueNodes),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(queueResource, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("max_count"), knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("hostname_prefix"), knownvalue.StringExact("ex2")),
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("ram_role"), knownvalue.StringExact("AliyunECSInstanceForEHPCRole")),
				},
				Check: resource.ComposeTestCheckFunc(sameQueue, calls.expect(map[string]int{
					"UpdateQueue": 1, "CreateQueue": 0, "DeleteQueues": 0, "UpdateCluster": 0, "CreateCluster": 0,
				})),
			},
			{
				// Renaming the queue replaces it (and only it).
				PreConfig: calls.start,
				Config:    strings.Replace(queueConfig(name, `max_count = 5`), `"extra"`, `"extra2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(queueResource, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`:extra2$`))),
				},
				Check: calls.expect(map[string]int{"DeleteQueues": 1, "CreateQueue": 1, "UpdateQueue": 0, "CreateCluster": 0}),
			},
		},
	})
}

// TestAccEHPCQueue_import imports a queue by <cluster_id>:<queue_name>: the state equals the configuration's
// but for what the day-2 API never returns.
func TestAccEHPCQueue_import(t *testing.T) {
	name := acctest.RandomName("tf-qimp")
	full := queueConfig(name, `max_count = 5`, `min_count = 1`, `enable_scale_out = true`, `enable_scale_in = false`,
		`hostname_prefix = "ex2"`, `inter_connect = "eRDMA"`, `keep_alive_nodes = ["ex2-001"]`, queueNodes)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             queueCheckDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: full,
			},
			{
				ResourceName:      queueResource,
				ImportState:       true,
				ImportStateVerify: true,
				// The day-2 API does not return a data disk's device (see the resource page). A false or zero the
				// service reports reads as null when nothing was configured (README.md, "Zero values read as
				// null"): the imported enable_scale_in is null, and the configured false is recorded by the
				// first apply, in place.
				ImportStateVerifyIgnore: []string{"timeouts", "compute_nodes.0.data_disks.0.device", "enable_scale_in"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("%d imported states, want 1", len(states))
					}
					if v, ok := states[0].Attributes["enable_scale_in"]; ok && v != "" {
						return fmt.Errorf("an imported enable_scale_in = false reads as %q, want null", v)
					}
					return nil
				},
			},
			{
				// Forget the queue (it stays in the cluster), then import it into the state.
				Config: clusterOnly(queueConfig(name)) +
					"removed {\n  from = aliyun_ehpc_queue.test\n  lifecycle {\n    destroy = false\n  }\n}\n",
			},
			{
				Config: full,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[clusterResource].Primary.ID + ":extra", nil
				},
				ResourceName:       queueResource,
				ImportState:        true,
				ImportStatePersist: true,
			},
			{
				// The configured false is recorded in place, not by replacing the queue.
				Config: full,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(queueResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccEHPCQueue_disappears deletes the queue, then its cluster, out of band: each time the refresh removes
// what is gone from the state (with a warning) and the next apply creates it again.
func TestAccEHPCQueue_disappears(t *testing.T) {
	admin := acctest.Admin(t)
	name := acctest.RandomName("tf-qgone")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             queueCheckDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: queueConfig(name, `max_count = 2`),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[clusterResource].Primary.ID
					return admin.Do(context.Background(), http.MethodDelete, "/_emulator/ehpc/clusters/"+id+"/queues/extra", nil, nil)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: queueConfig(name, `max_count = 2`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(queueResource, plancheck.ResourceActionCreate)},
				},
				Check: acctest.CheckExists(t, queueResource, ehpc.FindQueueByID),
			},
			{
				// The cluster gone (ClusterNotFound): the queue leaves the state too, and the next apply creates both.
				Config: queueConfig(name, `max_count = 2`),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[clusterResource].Primary.ID
					return admin.Do(context.Background(), http.MethodDelete, "/_emulator/ehpc/clusters/"+id, nil, nil)
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(queueResource, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionCreate),
					},
				},
			},
			{
				Config: queueConfig(name, `max_count = 2`),
				Check:  acctest.CheckExists(t, queueResource, ehpc.FindQueueByID),
			},
		},
	})
}

// TestAccEHPCQueue_validation refuses at plan time, naming the attribute, what the inline queue refuses (the
// same validators), and a cluster id that is not one.
func TestAccEHPCQueue_validation(t *testing.T) {
	standalone := func(lines ...string) string {
		return "resource \"aliyun_ehpc_queue\" \"test\" {\n  cluster_id = \"ehpc-hz-abc\"\n" + strings.Join(lines, "\n") + "\n}\n"
	}
	var steps []resource.TestStep
	for _, tc := range []struct {
		config string
		want   []string
	}{
		{standalone(`queue_name = "q_1"`), []string{"queue_name", "contains"}},
		{standalone(`queue_name = "abcdefghijklmnop"`), []string{"queue_name", "16 characters long"}},
		{standalone(`queue_name = "очередь"`), []string{"queue_name"}},
		{standalone(`queue_name = "q"`, `max_count = -1`), []string{"max_count", "at least 0"}},
		{standalone(`queue_name = "q"`, `hostname_prefix = "Upper"`), []string{"hostname_prefix", "lower-case"}},
		{standalone(`queue_name = "q"`, `inter_connect = "ib"`), []string{"inter_connect", "must be one of"}},
		{standalone(`queue_name = "q"`, `vswitch_ids = ["subnet-1"]`), []string{"vswitch_ids", "starting with vsw-"}},
		{standalone(`queue_name = "q"`, `compute_nodes = [{ instance_type = "ecs.c7.large", period = 1 }]`),
			[]string{"compute_nodes[0].period", "only be set when", "PrePaid"}},
		{`resource "aliyun_ehpc_queue" "test" {` + "\n" + `cluster_id = "c-123"` + "\n" + `queue_name = "q"` + "\n}", []string{"cluster_id", "E-HPC cluster id"}},
	} {
		steps = append(steps, resource.TestStep{Config: tc.config, PlanOnly: true, ExpectError: acctest.ErrorMatching(tc.want...)})
	}
	// Accepted: the neutral values of PrePaid-only fields on a PostPaid node.
	steps = append(steps, resource.TestStep{
		Config:   standalone(`queue_name = "q.1"`, `compute_nodes = [{ instance_type = "ecs.c7.large", instance_charge_type = "PostPaid", period = 0, auto_renew = false }]`),
		PlanOnly: true, ExpectNonEmptyPlan: true,
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccEHPCQueue_importInvalid refuses an import id that is not <cluster_id>:<queue_name>.
func TestAccEHPCQueue_importInvalid(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        `resource "aliyun_ehpc_queue" "test" {` + "\n" + `cluster_id = "ehpc-hz-abc"` + "\n" + `queue_name = "q"` + "\n}",
				ResourceName:  queueResource,
				ImportState:   true,
				ImportStateId: "ehpc-hz-abc",
				ExpectError:   acctest.ErrorMatching("Invalid import id", "<cluster_id>:<queue_name>"),
			},
		},
	})
}

// TestAccEHPCQueue_example applies the documentation's example.
func TestAccEHPCQueue_example(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             queueCheckDestroyed(t),
		Steps: []resource.TestStep{
			{
				ConfigFile:      config.StaticFile("../../../examples/resources/aliyun_ehpc_queue/resource.tf"),
				ConfigVariables: config.Variables{"root_password": config.StringVariable(clusterPassword)},
				Check:           acctest.CheckExists(t, "aliyun_ehpc_queue.gpu", ehpc.FindQueueByID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// transientNotLost are the random faults of the lost-answer tests: answers that say the call was not applied
// (503, throttling), which the client retries. A dropped connection on a create is a lost answer too, and the
// resends are bounded (client.MaxCreateAttempts): random drops on top of the planned lost answer
// (LoseCreateResponses) would exhaust them by chance and fail the test one run in tens.
var transientNotLost = []string{core.FaultUnavailable, core.FaultThrottle}

// TestAccEHPCQueue_faults loses the answer of the first CreateQueue (the service made the queue) and adds
// transient faults to every queue call: the apply adopts the queue the lost call made instead of failing on
// "already exists" and orphaning it, and changes and deletion go through the faults. Not parallel: faults.
func TestAccEHPCQueue_faults(t *testing.T) {
	acctest.PreCheck(t)
	name := acctest.RandomName("tf-qflt")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             queueCheckDestroyed(t),
		Steps: []resource.TestStep{
			{
				// The cluster first, without faults.
				Config: clusterOnly(queueConfig(name)),
			},
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{
						Rate:                acctest.FaultRate,
						Kinds:               transientNotLost,
						Actions:             []string{"ehpc:CreateQueue", "ehpc:GetQueue", "ehpc:UpdateQueue", "ehpc:DeleteQueues"},
						LoseCreateResponses: 1,
					})
				},
				Config: queueConfig(name, `max_count = 2`),
				Check:  acctest.CheckExists(t, queueResource, ehpc.FindQueueByID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("max_count"), knownvalue.Int64Exact(2)),
				},
			},
			{
				Config: queueConfig(name, `max_count = 6`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("max_count"), knownvalue.Int64Exact(6)),
				},
			},
		},
	})
}
