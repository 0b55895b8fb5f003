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

func queueCheckDestroyed(t *testing.T) resource.TestCheckFunc {
	return resource.ComposeTestCheckFunc(
		acctest.CheckDestroyed(t, "aliyun_ehpc_queue", ehpc.FindQueueByID),
		acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
	)
}

// TestAccEHPCQueue_basic creates a queue, changes it in place, imports it, and checks the ownership rule: the
// cluster, which does not set `queues`, neither shows the queue nor plans to remove it.
func TestAccEHPCQueue_basic(t *testing.T) {
	name := acctest.RandomName("tf-queue")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             queueCheckDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: queueConfig(name, `max_count = 2`, `enable_scale_out = true`, `hostname_prefix = "ex"`,
					`compute_nodes = [{ instance_type = "ecs.c7.large", data_disks = [{ category = "cloud_ssd", size = 100, device = "/dev/xvdb" }] }]`),
				Check: acctest.CheckExists(t, queueResource, ehpc.FindQueueByID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^ehpc-hz-[A-Za-z0-9]+:extra$`))),
					statecheck.ExpectKnownValue(queueResource, tfjsonpath.New("max_count"), knownvalue.Int64Exact(2)),
					// The cluster does not own its queues: none in its state.
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("queues"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: queueConfig(name, `max_count = 5`, `enable_scale_out = true`, `hostname_prefix = "ex2"`,
					`compute_nodes = [{ instance_type = "ecs.c7.large", data_disks = [{ category = "cloud_ssd", size = 100, device = "/dev/xvdb" }] }]`),
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
				},
			},
			{
				ResourceName:      queueResource,
				ImportState:       true,
				ImportStateVerify: true,
				// The day-2 API does not return a data disk's device (see the resource page).
				ImportStateVerifyIgnore: []string{"timeouts", "compute_nodes.0.data_disks.0.device"},
			},
			{
				// Renaming the queue replaces it (and only it).
				Config: strings.Replace(queueConfig(name, `max_count = 5`), `"extra"`, `"extra2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(queueResource, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionNoop),
					},
				},
			},
		},
	})
}

// TestAccEHPCQueue_disappears deletes the queue out of band: the refresh removes it from the state with a
// warning and the next apply creates it again.
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
		},
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
