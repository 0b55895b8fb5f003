package ehpc_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

const clusterResource = "aliyun_ehpc_cluster.test"

// clusterPassword satisfies the root password rule (3 of 4 classes).
const clusterPassword = "Ehpc-Test-2024"

// clusterConfig is a small cluster: a PostPaid manager node and one queue. extra goes inside the resource.
func clusterConfig(name string, extra ...string) string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "test" {
  cluster_name = %[1]q

  cluster_credentials = {
    password = %[2]q
  }

  manager = {
    manager_node = {
      instance_type = "ecs.c7.xlarge"
      image_id      = "aliyun_3_x64_20G_alibase_20240528.vhd"
    }
  }

  queues = [
    {
      queue_name = "comp"
    },
  ]
%[3]s
}
`, name, clusterPassword, strings.Join(extra, "\n"))
}

func clusterProtoCheck(t *testing.T) {
	t.Helper()
	acctest.PreCheck(t)
}

func TestAccEHPCCluster_basic(t *testing.T) {
	name := acctest.RandomName("tf-basic")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { clusterProtoCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             clusterCheckDestroyed,
		Steps: []resource.TestStep{
			{
				Config: clusterConfig(name),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^ehpc-hz-`))),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_status"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_category"), knownvalue.StringExact("Standard")),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("deletion_protection"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("manager").AtMapKey("scheduler").AtMapKey("type"), knownvalue.StringExact("SLURM")),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("manager").AtMapKey("dns").AtMapKey("type"), knownvalue.StringExact("NIS")),
				},
			},
			{
				ResourceName:            clusterResource,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: clusterUnreadable,
			},
		},
	})
}

// clusterUnreadable are the attributes the API never returns (documented on the resource page).
var clusterUnreadable = []string{
	"cluster_credentials", "tags", "queues", "shared_storages", "addons", "is_enterprise_security_group",
	"manager.manager_node.data_disks", "timeouts",
}

// clusterCheckDestroyed verifies, against the emulator, that no cluster of the state is left.
func clusterCheckDestroyed(s *terraform.State) error {
	if acctest.IsCloud() {
		return nil
	}
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "aliyun_ehpc_cluster" {
			continue
		}
		if _, ok := clusterEmulatorState(rs.Primary.ID); ok {
			return fmt.Errorf("cluster %s still exists", rs.Primary.ID)
		}
	}
	return nil
}

// emuCluster is the part of the emulator's stored cluster the tests look at.
type emuCluster struct {
	Status             string `json:"status"`
	Name               string `json:"name"`
	DeletionProtection bool   `json:"deletion_protection"`
	GrowInterval       int    `json:"grow_interval"`
	CredentialType     string `json:"credential_type"`
}

// clusterEmulatorState reads a cluster from the emulator's state document.
func clusterEmulatorState(id string) (emuCluster, bool) {
	var doc struct {
		EHPC struct {
			Clusters map[string]emuCluster `json:"clusters"`
		} `json:"ehpc"`
	}
	admin := &emulator.Admin{BaseURL: acctest.URL()}
	if err := admin.State(context.Background(), &doc); err != nil {
		panic(err)
	}
	c, ok := doc.EHPC.Clusters[id]
	return c, ok
}

var _ = http.MethodGet
var _ = os.Getenv
var _ = core.FaultConfig{}
var _ = plancheck.ExpectEmptyPlan
