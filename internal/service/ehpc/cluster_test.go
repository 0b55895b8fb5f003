package ehpc_test

import (
	"context"
	"encoding/json"
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
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	emulatorehpc "github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/ehpc"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ehpc"
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

func TestAccEHPCCluster_basic(t *testing.T) {
	name := acctest.RandomName("tf-basic")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
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

// emuCluster is the part of the emulator's stored cluster the tests look at.
type emuCluster struct {
	Status             string `json:"status"`
	Name               string `json:"name"`
	DeletionProtection bool   `json:"deletion_protection"`
	GrowInterval       int    `json:"grow_interval"`
	CredentialType     string `json:"credential_type"`
}

// clusterEmulatorClusters reads the clusters of the emulator's state document.
func clusterEmulatorClusters() map[string]emuCluster {
	var doc struct {
		EHPC struct {
			Clusters map[string]emuCluster `json:"clusters"`
		} `json:"ehpc"`
	}
	admin := &emulator.Admin{BaseURL: acctest.URL()}
	if err := admin.State(context.Background(), &doc); err != nil {
		panic(err)
	}
	return doc.EHPC.Clusters
}

func clusterEmulatorState(id string) (emuCluster, bool) {
	c, ok := clusterEmulatorClusters()[id]
	return c, ok
}

// clusterFullConfig sets every attribute of the resource.
func clusterFullConfig(name, description string, extra ...string) string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "test" {
  cluster_name                 = %[1]q
  cluster_description          = %[2]q
  cluster_category             = "Standard"
  cluster_mode                 = "Integrated"
  cluster_vpc_id               = "vpc-fulltest0001"
  cluster_vswitch_id           = "vsw-fulltest0001"
  security_group_id            = "sg-fulltest0001"
  is_enterprise_security_group = false
  client_version               = "2.1.0"
  resource_group_id            = "rg-fulltest0001"
  max_count                    = 100
  max_core_count               = 2000
  deletion_protection          = false
  grow_interval                = 2
  idle_interval                = 4

  cluster_custom_configuration = {
    script = "https://example.com/post-install.sh"
    args   = "E-HPC cn-hangzhou"
  }

  cluster_credentials = {
    password_wo         = %[3]q
    password_wo_version = 1
  }

  tags = {
    team = "hpc"
    env  = "test"
  }

  manager = {
    scheduler = {
      type    = "SLURM"
      version = "22.05.8"
    }
    directory_service = {
      type    = "NIS"
      version = "1.0"
    }
    dns = {
      type    = "NIS"
      version = "1.0"
    }
    manager_node = {
      instance_type        = "ecs.c7.xlarge"
      image_id             = "aliyun_3_x64_20G_alibase_20240528.vhd"
      instance_charge_type = "PrePaid"
      period               = 1
      period_unit          = "Month"
      auto_renew           = true
      auto_renew_period    = 1
      enable_ht            = true
      system_disk = {
        category = "cloud_essd"
        level    = "PL0"
        size     = 40
      }
      data_disks = [
        {
          category             = "cloud_essd"
          delete_with_instance = true
          device               = "/dev/xvdb"
          level                = "PL1"
          mount_dir            = "/data1"
          size                 = 100
          snapshot_id          = "s-fulltest0001"
        },
      ]
    }
  }

  queues = [
    {
      queue_name          = "comp.1"
      vswitch_ids         = ["vsw-fulltest0001", "vsw-fulltest0002"]
      inter_connect       = "eRDMA"
      enable_scale_in     = true
      enable_scale_out    = true
      min_count           = 0
      max_count           = 10
      initial_count       = 1
      max_count_per_cycle = 5
      allocation_strategy = "PriorityInstanceType"
      hostname_prefix     = "compute-"
      hostname_suffix     = "hpc"
      keep_alive_nodes    = ["compute-001"]
      ram_role            = "AliyunECSInstanceForEHPCRole"
      compute_nodes = [
        {
          instance_type        = "ecs.c7.4xlarge"
          image_id             = "aliyun_3_x64_20G_alibase_20240528.vhd"
          instance_charge_type = "PostPaid"
          spot_strategy        = "SpotWithPriceLimit"
          spot_price_limit     = 0.975
          duration             = 1
          enable_ht            = false
          system_disk = {
            category = "cloud_efficiency"
            size     = 40
          }
          data_disks = [
            {
              category  = "cloud_ssd"
              size      = 200
              mount_dir = "/scratch"
            },
          ]
        },
      ]
    },
    {
      queue_name            = "reserved"
      reserved_node_pool_id = "rnp-756vlp7a"
    },
  ]

  shared_storages = [
    {
      file_system_id      = "008b63full"
      mount_target_domain = "008b63full-sihc.cn-hangzhou.extreme.nas.aliyuncs.com"
      nas_directory       = "/"
      mount_directory     = "/home"
      mount_options       = "-t nfs -o vers=3,nolock,proto=tcp,noresvport"
      protocol_type       = "NFS"
    },
  ]

  additional_packages = [
    {
      name    = "mpich"
      version = "4.0.3"
    },
  ]

  addons = [
    {
      name           = "Login"
      version        = "1.0"
      services_spec  = jsonencode([{ ServiceName = "SSH" }])
      resources_spec = jsonencode({ EipResource = { AutoCreate = true } })
    },
  ]

  timeouts = {
    create = "20m"
    update = "10m"
    delete = "10m"
  }
%[4]s
}
`, name, description, clusterPassword, strings.Join(extra, "\n"))
}

func TestAccEHPCCluster_full(t *testing.T) {
	name := acctest.RandomName("tf-full")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterFullConfig(name, "full-cluster_描述"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_description"), knownvalue.StringExact("full-cluster_描述")),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("max_count"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("grow_interval"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("idle_interval"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("security_group_id"), knownvalue.StringExact("sg-fulltest0001")),
					statecheck.ExpectKnownValue(clusterResource,
						tfjsonpath.New("manager").AtMapKey("manager_node").AtMapKey("system_disk").AtMapKey("level"), knownvalue.StringExact("PL0")),
					statecheck.ExpectKnownValue(clusterResource,
						tfjsonpath.New("manager").AtMapKey("manager_node").AtMapKey("spot_strategy"), knownvalue.StringExact("NoSpot")),
					statecheck.ExpectKnownValue(clusterResource,
						tfjsonpath.New("additional_packages").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("mpich")),
					// The write-only password never reaches the state.
					statecheck.ExpectKnownValue(clusterResource,
						tfjsonpath.New("cluster_credentials").AtMapKey("password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(clusterResource,
						tfjsonpath.New("cluster_credentials").AtMapKey("password"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						rs := s.RootModule().Resources[clusterResource]
						id = rs.Primary.ID
						for k, v := range rs.Primary.Attributes {
							if strings.Contains(v, clusterPassword) {
								return fmt.Errorf("the password is in the state, at %s", k)
							}
						}
						if acctest.IsCloud() {
							return nil
						}
						c, ok := clusterEmulatorState(id)
						switch {
						case !ok:
							return fmt.Errorf("cluster %s is not in the emulator", id)
						case c.CredentialType != "password":
							return fmt.Errorf("the write-only password was not sent (credential type %q)", c.CredentialType)
						case c.GrowInterval != 2:
							return fmt.Errorf("grow_interval was not applied after creation: %d", c.GrowInterval)
						}
						return nil
					},
				),
			},
			{
				ResourceName:            clusterResource,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: clusterUnreadable,
			},
			{
				// Same configuration, nothing to do: every read-back value matches the configuration.
				Config: clusterFullConfig(name, "full-cluster_描述"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A new write-only password can only be set by a new cluster.
				Config: strings.Replace(clusterFullConfig(name, "full-cluster_描述"), "password_wo_version = 1", "password_wo_version = 2", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

func TestAccEHPCCluster_update(t *testing.T) {
	name := acctest.RandomName("tf-upd")
	renamed := name + "-2"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterConfig(name,
					`cluster_description = "first"`,
					`max_count = 100`,
					`cluster_custom_configuration = {`,
					`  script = "https://example.com/a.sh"`,
					`}`),
			},
			{
				Config: clusterConfig(renamed,
					`cluster_description = "second"`,
					`client_version = "2.2.0"`,
					`max_count = 200`,
					`max_core_count = 4000`,
					`grow_interval = 3`,
					`idle_interval = 5`,
					`deletion_protection = false`,
					`cluster_custom_configuration = {`,
					`  script = "https://example.com/b.sh"`,
					`  args   = "-v"`,
					`}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_name"), knownvalue.StringExact(renamed)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_description"), knownvalue.StringExact("second")),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("client_version"), knownvalue.StringExact("2.2.0")),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("max_count"), knownvalue.Int64Exact(200)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("max_core_count"), knownvalue.Int64Exact(4000)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("grow_interval"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("idle_interval"), knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownValue(clusterResource,
						tfjsonpath.New("cluster_custom_configuration").AtMapKey("args"), knownvalue.StringExact("-v")),
				},
			},
			{
				// Removing the description and the script clears them in place.
				Config: clusterConfig(renamed, `max_count = 200`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_custom_configuration"), knownvalue.Null()),
					// Not configured any more: the last value is kept.
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("client_version"), knownvalue.StringExact("2.2.0")),
				},
			},
		},
	})
}

func TestAccEHPCCluster_replace(t *testing.T) {
	name := acctest.RandomName("tf-repl")
	var first string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterConfig(name),
				Check: func(s *terraform.State) error {
					first = s.RootModule().Resources[clusterResource].Primary.ID
					return nil
				},
			},
			{
				// A create-only attribute that is read back.
				Config: strings.Replace(clusterConfig(name), `"ecs.c7.xlarge"`, `"ecs.c7.2xlarge"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[clusterResource].Primary.ID; id == first {
						return fmt.Errorf("cluster %s was not replaced", id)
					}
					return nil
				},
			},
			{
				// A create-only attribute that is not read back (queues are changed in place: TestAccEHPCCluster_queues).
				Config: strings.Replace(clusterConfig(name, `tags = { team = "hpc" }`), `"ecs.c7.xlarge"`, `"ecs.c7.2xlarge"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

// TestAccEHPCCluster_importAdopt imports a cluster that Terraform forgot and checks that the first plan
// records the unreadable attributes in place (no replacement), after which the plan is empty and a change of
// an unreadable attribute replaces the cluster again.
func TestAccEHPCCluster_importAdopt(t *testing.T) {
	name := acctest.RandomName("tf-imp")
	var id string
	seed := strings.Replace(clusterConfig(name), `"test"`, `"seed"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: seed,
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources["aliyun_ehpc_cluster.seed"].Primary.ID
					return nil
				},
			},
			{
				Config: `
removed {
  from = aliyun_ehpc_cluster.seed

  lifecycle {
    destroy = false
  }
}
`,
			},
			{
				Config:             clusterConfig(name),
				ResourceName:       clusterResource,
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
			},
			{
				Config: clusterConfig(name),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("id %s, want the imported %s", v, id)
						}
						return nil
					})),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("queues").AtSliceIndex(0).AtMapKey("queue_name"), knownvalue.StringExact("comp")),
				},
			},
			{
				Config: clusterConfig(name, `tags = { team = "hpc" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

func TestAccEHPCCluster_disappears(t *testing.T) {
	admin := acctest.Admin(t) // skips against the real cloud before anything is created
	name := acctest.RandomName("tf-gone")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterConfig(name),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[clusterResource].Primary.ID
					return admin.Do(context.Background(), http.MethodDelete, "/_emulator/ehpc/clusters/"+id, nil, nil)
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionCreate)},
				},
			},
			{
				// The next apply creates it again.
				Config: clusterConfig(name),
			},
		},
	})
}

func TestAccEHPCCluster_deletionProtection(t *testing.T) {
	name := acctest.RandomName("tf-prot")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterConfig(name, `deletion_protection = true`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      clusterConfig(name, `deletion_protection = true`),
				Destroy:     true,
				ExpectError: acctest.ErrorMatching("protected from deletion", "deletion_protection = false", "apply"),
			},
			{
				Config: clusterConfig(name, `deletion_protection = false`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

// Serial tests: they steer the shared emulator (next create fails, faults, quota).

func TestAccEHPCCluster_exception(t *testing.T) {
	admin := acctest.Admin(t)
	name := acctest.RandomName("tf-exc")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := admin.Do(context.Background(), http.MethodPost, "/_emulator/ehpc/next-create-fails",
						map[string]string{"message": "manager node deployment failed"}, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config:      clusterConfig(name),
				ExpectError: acctest.ErrorMatching("to be running", `reached state "exception"`, "scheduler exception", "tainted"),
			},
			{
				// The cluster was kept, tainted: the next apply replaces it.
				Config: clusterConfig(name),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_status"), knownvalue.StringExact("running")),
				},
			},
		},
	})
}

func TestAccEHPCCluster_faults(t *testing.T) {
	acctest.PreCheck(t)
	name := acctest.RandomName("tf-flt")
	acctest.SetFaults(t, core.FaultConfig{
		Rate:  acctest.FaultRate,
		Kinds: []string{core.FaultUnavailable, core.FaultThrottle, core.FaultDrop},
		Actions: []string{"ehpc:CreateCluster", "ehpc:GetCluster", "ehpc:ListClusters", "ehpc:UpdateCluster",
			"ehpc:DeleteCluster"},
		// The first CreateCluster is applied but its answer is lost: the provider must find the cluster by name
		// instead of creating a second one.
		LoseCreateResponses: 1,
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterConfig(name),
				Check: func(s *terraform.State) error {
					if n := clusterCountNamed(name); n != 1 {
						return fmt.Errorf("%d clusters named %s exist, want 1", n, name)
					}
					return nil
				},
			},
			{
				Config: clusterConfig(name, `max_count = 300`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("max_count"), knownvalue.Int64Exact(300)),
				},
			},
		},
	})
}

func TestAccEHPCCluster_quota(t *testing.T) {
	admin := acctest.Admin(t)
	setQuota := func(n *int) {
		if err := admin.Do(context.Background(), http.MethodPut, "/_emulator/ehpc/quota", map[string]*int{"max_clusters": n}, nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { setQuota(nil) })
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					n := clusterLiveCount()
					setQuota(&n)
				},
				Config:      clusterConfig(acctest.RandomName("tf-quota")),
				ExpectError: acctest.ErrorMatching("TooManyClusters", "quota"),
			},
		},
	})
}

func clusterCountNamed(name string) int {
	n := 0
	for _, c := range clusterEmulatorClusters() {
		if c.Name == name {
			n++
		}
	}
	return n
}

func clusterLiveCount() int {
	n := 0
	for _, c := range clusterEmulatorClusters() {
		if c.Status != "releasing" {
			n++
		}
	}
	return n
}

// Validation: every documented rule fails at plan time with a diagnostic naming the attribute.

func clusterWith(lines ...string) string {
	return "resource \"aliyun_ehpc_cluster\" \"test\" {\n" + strings.Join(lines, "\n") + "\n}\n"
}

// clusterV is a configuration with valid credentials plus lines.
func clusterV(lines ...string) string {
	return clusterWith(append([]string{clusterBlock("cluster_credentials", `password = "`+clusterPassword+`"`)}, lines...)...)
}

func clusterBlock(name string, lines ...string) string {
	return name + " = {\n" + strings.Join(lines, "\n") + "\n}"
}

func clusterManagerNode(lines ...string) string {
	return clusterV(clusterBlock("manager", clusterBlock("manager_node", lines...)))
}

func clusterQueue(lines ...string) string {
	return clusterV("queues = [\n" + clusterBlock("", append([]string{`queue_name = "q"`}, lines...)...)[3:] + ",\n]")
}

func clusterComputeNode(lines ...string) string {
	return clusterQueue("compute_nodes = [\n" + clusterBlock("", lines...)[3:] + ",\n]")
}

func clusterDataDisk(lines ...string) string {
	return clusterManagerNode("data_disks = [\n" + clusterBlock("", lines...)[3:] + ",\n]")
}

func clusterRepeat(n int, item string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = item + ","
	}
	return strings.Join(items, "\n")
}

// clusterNumbered is n copies of item (a format with one %d, numbered from 1), separated by commas.
func clusterNumbered(n int, item string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(item, i+1)
	}
	return strings.Join(items, ", ")
}

func clusterValidationSteps(cases [][]string) []resource.TestStep {
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c[0], PlanOnly: true, ExpectError: acctest.ErrorMatching(c[1:]...)})
	}
	return steps
}

func clusterValidationTest(t *testing.T, cases [][]string) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    clusterValidationSteps(cases),
	})
}

func TestAccEHPCCluster_validationTopLevel(t *testing.T) {
	tags := make([]string, 21)
	for i := range tags {
		tags[i] = fmt.Sprintf("k%d = \"v\"", i)
	}
	clusterValidationTest(t, [][]string{
		{clusterV(`cluster_name = "a"`), "cluster_name", "2 to 128 characters", `"a"`},
		{clusterV(`cluster_name = "bad name!"`), "cluster_name", "letters", `"bad name!"`},
		{clusterV(fmt.Sprintf("cluster_name = %q", strings.Repeat("名", 129))), "cluster_name", "2 to 128 characters"},
		{clusterV(`cluster_description = "x"`), "cluster_description", "2 to 128 characters"},
		{clusterV(`cluster_description = "no spaces allowed"`), "cluster_description", "contains"},
		{clusterV(`cluster_category = "Large"`), "cluster_category", "must be one of", `"Large"`},
		{clusterV(`cluster_mode = "Cloud"`), "cluster_mode", "must be one of", `"Cloud"`},
		{clusterV(`cluster_vpc_id = "net-1"`), "cluster_vpc_id", "starting with vpc-"},
		{clusterV(`cluster_vswitch_id = "subnet-1"`), "cluster_vswitch_id", "starting with vsw-"},
		{clusterV(`security_group_id = "group-1"`), "security_group_id", "starting with sg-"},
		{clusterV(`resource_group_id = "group-1"`), "resource_group_id", "starting with rg-"},
		{clusterV(`client_version = ""`), "client_version", "at least 1"},
		{clusterV(`max_count = 5001`), "max_count", "between 0 and 5000", "5001"},
		{clusterV(`max_count = -1`), "max_count", "between 0 and 5000", "-1"},
		{clusterV(`max_core_count = 100001`), "max_core_count", "between 0 and 100000", "100001"},
		{clusterV(`max_core_count = -1`), "max_core_count", "between 0 and 100000", "-1"},
		{clusterV(`grow_interval = -1`), "grow_interval", "at least 0"},
		{clusterV(`idle_interval = -1`), "idle_interval", "at least 0"},
		{clusterV(clusterBlock("cluster_custom_configuration", `script = ""`)), "cluster_custom_configuration.script", "at least 1"},
		{clusterWith(`cluster_name = "no-credentials"`), "cluster_credentials", "required"},
		{clusterWith(clusterBlock("cluster_credentials", `key_pair_name = "kp1"`, `password = "`+clusterPassword+`"`)),
			"Exactly one of these attributes", "cluster_credentials.password", "cluster_credentials.key_pair_name"},
		{clusterWith(clusterBlock("cluster_credentials", `password_wo_version = 1`)), "Exactly one of these attributes"},
		{clusterWith(clusterBlock("cluster_credentials", `password = "Ab1!"`)), "cluster_credentials.password", "8 to 20", "4 characters long"},
		{clusterWith(clusterBlock("cluster_credentials", `password = "abcdefgh1"`)), "cluster_credentials.password", "at least 3"},
		{clusterWith(clusterBlock("cluster_credentials", `password = "Abcdefg1 x"`)), "cluster_credentials.password", "not ASCII letters"},
		{clusterWith(clusterBlock("cluster_credentials", `password_wo = "short"`)), "cluster_credentials.password_wo", "8 to 20"},
		{clusterWith(clusterBlock("cluster_credentials", `password = "`+clusterPassword+`"`, `password_wo_version = 2`)),
			"cluster_credentials.password_wo", "must be specified", "cluster_credentials.password_wo_version"},
		{clusterWith(clusterBlock("cluster_credentials", `key_pair_name = "1abc"`)), "cluster_credentials.key_pair_name", "start with a letter"},
		{clusterWith(clusterBlock("cluster_credentials", `key_pair_name = "http://kp"`)), "cluster_credentials.key_pair_name", "must be 2 to 128"},
		{clusterWith(clusterBlock("cluster_credentials", `key_pair_name = "k"`)), "cluster_credentials.key_pair_name", "must be 2 to 128"},
		{clusterV(clusterBlock("tags", tags...)), "tags", "at most 20"},
		{clusterV(clusterBlock("tags", `"aliyun-x" = "v"`)), "tags", "aliyun"},
		{clusterV(clusterBlock("tags", `"acs:x" = "v"`)), "tags", "acs:"},
		{clusterV(clusterBlock("tags", `k = "see http://example.com"`)), "tags", "http://"},
		{clusterV(clusterBlock("tags", `"https://k" = "v"`)), "tags", "https://"},
		{clusterV(clusterBlock("tags", fmt.Sprintf("%q = \"v\"", strings.Repeat("k", 129)))), "tags", "128"},
		{clusterV(clusterBlock("tags", fmt.Sprintf("k = %q", strings.Repeat("v", 129)))), "tags", "at most 128"},
		{clusterV(clusterBlock("manager", clusterBlock("scheduler", `type = "SGE"`))), "manager.scheduler.type", "must be one of", `"SGE"`},
		{clusterV(clusterBlock("manager", clusterBlock("directory_service", `type = "LDAP"`))), "manager.directory_service.type", "must be one of"},
		{clusterV(clusterBlock("manager", clusterBlock("dns", `type = "BIND"`))), "manager.dns.type", "must be one of"},
		{clusterV(clusterBlock("manager", clusterBlock("scheduler", `version = ""`))), "manager.scheduler.version", "at least 1"},
	})
}

func TestAccEHPCCluster_validationNode(t *testing.T) {
	clusterValidationTest(t, [][]string{
		{clusterManagerNode(`instance_type = "c7.large"`), "manager.manager_node.instance_type", "ECS instance type"},
		{clusterManagerNode(`image_id = ""`), "manager.manager_node.image_id", "at least 1"},
		{clusterManagerNode(`instance_charge_type = "Free"`), "manager.manager_node.instance_charge_type", "must be one of"},
		{clusterManagerNode(`period_unit = "Year"`), "manager.manager_node.period_unit", "must be one of"},
		{clusterManagerNode(`instance_charge_type = "PrePaid"`), "manager.manager_node.period", "required when", "instance_charge_type", "PrePaid"},
		{clusterManagerNode(`instance_charge_type = "PrePaid"`, `period = 0`), "manager.manager_node.period", "required when",
			`instance_charge_type is "PrePaid"`, "period is 0"},
		{clusterManagerNode(`instance_charge_type = "PrePaid"`, `period = 10`), "manager.manager_node.period", "one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 12", "Month", "got 10"},
		{clusterManagerNode(`instance_charge_type = "PrePaid"`, `period_unit = "Week"`, `period = 5`), "manager.manager_node.period", "one of 1, 2, 3, 4", "Week", "got 5"},
		{clusterManagerNode(`auto_renew = true`), "manager.manager_node.auto_renew", "only be set when", "PrePaid"},
		{clusterManagerNode(`auto_renew_period = 1`), "manager.manager_node.auto_renew_period", "only be set when", "PrePaid"},
		{clusterManagerNode(`instance_charge_type = "PrePaid"`, `period = 1`, `period_unit = "Week"`, `auto_renew_period = 4`),
			"manager.manager_node.auto_renew_period", "one of 1, 2, 3", "got 4"},
		{clusterManagerNode(`instance_charge_type = "PrePaid"`, `period = 1`, `auto_renew_period = 5`),
			"manager.manager_node.auto_renew_period", "one of 1, 2, 3, 6, 12", "got 5"},
		{clusterManagerNode(`instance_charge_type = "PrePaid"`, `period = 1`, `spot_strategy = "SpotAsPriceGo"`),
			"manager.manager_node.spot_strategy", "only be set when", "PostPaid"},
		{clusterManagerNode(`spot_strategy = "Cheap"`), "manager.manager_node.spot_strategy", "must be one of"},
		{clusterManagerNode(`spot_price_limit = 0.5`), "manager.manager_node.spot_price_limit", "only be set when", "SpotWithPriceLimit"},
		{clusterManagerNode(`spot_strategy = "SpotWithPriceLimit"`, `spot_price_limit = 0.1234`), "manager.manager_node.spot_price_limit", "decimal"},
		{clusterManagerNode(`spot_strategy = "SpotWithPriceLimit"`, `spot_price_limit = -1`), "manager.manager_node.spot_price_limit", "at least 0"},
		{clusterManagerNode(`duration = 2`), "manager.manager_node.duration", "must be one of"},
		{clusterManagerNode(clusterBlock("system_disk", `category = "local"`)), "manager.manager_node.system_disk.category", "must be one of"},
		{clusterManagerNode(clusterBlock("system_disk", `level = "PL4"`)), "manager.manager_node.system_disk.level", "must be one of"},
		{clusterManagerNode(clusterBlock("system_disk", `category = "cloud"`, `size = 600`)), "manager.manager_node.system_disk.size", "between 20 and 500", "got 600"},
		{clusterManagerNode(clusterBlock("system_disk", `category = "cloud_essd"`, `level = "PL2"`, `size = 100`)),
			"manager.manager_node.system_disk.size", "between 461 and 2048", "PL2", "got 100"},
		{clusterManagerNode(clusterBlock("system_disk", `category = "cloud_essd"`, `size = 4096`)),
			"manager.manager_node.system_disk.size", "between 20 and 2048", "PL1", "got 4096"},
		{clusterManagerNode("data_disks = [\n" + clusterRepeat(17, "{\nsize = 100\n}") + "\n]"), "manager.manager_node.data_disks", "at most 16"},
		{clusterDataDisk(`category = "cloud"`), "manager.manager_node.data_disks[0].category", "must be one of"},
		{clusterDataDisk(`level = "PL9"`), "manager.manager_node.data_disks[0].level", "must be one of"},
		{clusterDataDisk(`category = "cloud_efficiency"`, `size = 20`), "manager.manager_node.data_disks[0].size", "between 40 and 32768", "got 20"},
		{clusterDataDisk(`category = "cloud_essd"`, `level = "PL3"`, `size = 1000`), "manager.manager_node.data_disks[0].size", "between 1261 and 65536"},
		{clusterComputeNode(`period_unit = "Year"`), "queues[", "].compute_nodes[0].period_unit", "must be one of"},
		{clusterComputeNode(`instance_charge_type = "PrePaid"`), "queues[", "].compute_nodes[0].period", "required when"},
		{clusterComputeNode(`instance_charge_type = "PrePaid"`, `period = 0`), "queues[", "].compute_nodes[0].period", "required when", "period is 0"},
		{clusterComputeNode(clusterBlock("system_disk", `category = "cloud_ssd"`, `size = 10`)),
			"queues[", "].compute_nodes[0].system_disk.size", "between 20 and 2048"},
	})
}

func TestAccEHPCCluster_validationLists(t *testing.T) {
	node := "{\ninstance_type = \"ecs.c7.large\"\n}"
	clusterValidationTest(t, [][]string{
		{clusterV("queues = [" + clusterNumbered(9, "{ queue_name = \"q%d\" }") + "]"), "queues", "at most 8"},
		{clusterV(`queues = [{ queue_name = "q", min_count = 1 }, { queue_name = "q", min_count = 2 }]`), "queue_name", "have the same queue_name", `"q"`},
		{clusterV("queues = [\n{\nqueue_name = \"\"\n},\n]"), "queues[", "].queue_name", "1 to 15 characters"},
		{clusterV("queues = [\n{\nqueue_name = \"q_1\"\n},\n]"), "queues[", "].queue_name", "contains"},
		{clusterV("queues = [\n{\nqueue_name = \"abcdefghijklmnop\"\n},\n]"), "queues[", "].queue_name", "16 characters long"},
		{clusterV("queues = [\n{\nmin_count = 1\n},\n]"), "queue_name", "required"},
		{clusterQueue("compute_nodes = [\n" + clusterRepeat(11, node) + "\n]"), "queues[", "].compute_nodes", "at most 10"},
		{clusterQueue(`vswitch_ids = []`), "queues[", "].vswitch_ids", "at least 1", "at most 5", "got: 0"},
		{clusterQueue(`vswitch_ids = ["vsw-1", "vsw-2", "vsw-3", "vsw-4", "vsw-5", "vsw-6"]`), "queues[", "].vswitch_ids", "at least 1", "at most 5", "got: 6"},
		{clusterQueue(`vswitch_ids = ["subnet-1"]`), "queues[", "].vswitch_ids", "starting with vsw-"},
		{clusterQueue(`inter_connect = "ib"`), "queues[", "].inter_connect", "must be one of"},
		{clusterQueue(`hostname_prefix = "Upper"`), "queues[", "].hostname_prefix", "lower-case"},
		{clusterQueue(fmt.Sprintf("hostname_prefix = %q", strings.Repeat("a", 33))), "queues[", "].hostname_prefix", "1 to 32"},
		{clusterQueue(`min_count = -1`), "queues[", "].min_count", "at least 0"},
		{clusterQueue(`max_count_per_cycle = -1`), "queues[", "].max_count_per_cycle", "at least 0"},
		{clusterV("shared_storages = [\n{\nprotocol_type = \"CIFS\"\n},\n]"), "shared_storages[", "].protocol_type", "must be one of"},
		{clusterV("additional_packages = [" + clusterNumbered(11, "{ name = \"p%d\" }") + "]"), "additional_packages", "at most 10"},
		{clusterV(`additional_packages = [{ name = "p", version = "1" }, { name = "p", version = "2" }]`), "additional_packages", "have the same name", `"p"`},
		{clusterV(`shared_storages = [{ mount_directory = "/data", nas_directory = "/a" }, { mount_directory = "/data", nas_directory = "/b" }]`),
			"shared_storages", "have the same mount_directory", `"/data"`},
		{clusterV("additional_packages = [\n{\nname = \"\"\n},\n]"), "additional_packages[", "].name", "at least 1"},
		{clusterV("addons = [\n" + clusterRepeat(2, "{\nname = \"Login\"\nversion = \"1.0\"\n}") + "\n]"), "addons", "at most 1"},
		{clusterV("addons = [\n{\nname = \"Login\"\n},\n]"), "version", "required"},
		{clusterV("addons = [\n{\nname = \"Login\"\nversion = \"1.0\"\nservices_spec = \"{\"\n},\n]"), "addons[0].services_spec", "JSON"},
		{clusterV("addons = [\n{\nname = \"Login\"\nversion = \"1.0\"\nresources_spec = \"[1,\"\n},\n]"), "addons[0].resources_spec", "JSON"},
	})
}

// TestAccEHPCCluster_validationUnknown checks that values unknown at plan time (from other resources) pass.
func TestAccEHPCCluster_validationUnknown(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "terraform_data" "later" {
  input = "PrePaid"
}
` + clusterManagerNode(
					`instance_charge_type = terraform_data.later.output`,
					`period = 1`,
					`auto_renew = true`,
					clusterBlock("system_disk", `category = terraform_data.later.output == "x" ? "cloud" : "cloud_essd"`, `size = 100`),
				),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// TestAccEHPCCluster_example plans the documentation's example, so that it stays valid.
func TestAccEHPCCluster_example(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				ConfigFile:         config.StaticFile("../../../examples/resources/aliyun_ehpc_cluster/resource.tf"),
				ConfigVariables:    config.Variables{"root_password": config.StringVariable(clusterPassword)},
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// clusterQueuesConfig is a cluster with the given queues (HCL objects) and nothing else owned.
func clusterQueuesConfig(name string, queues ...string) string {
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

  queues = [%[3]s]
}
`, name, clusterPassword, strings.Join(queues, ", "))
}

// emulatorCalls counts the emulator's E-HPC calls between a step's PreConfig (start) and its Check (delta).
type emulatorCalls struct {
	t      *testing.T
	before map[string]int
}

func (c *emulatorCalls) start() {
	stats, err := acctest.Admin(c.t).Stats(context.Background())
	if err != nil {
		c.t.Fatal(err)
	}
	c.before = stats
}

// expect checks the number of calls of each named action since start; actions not named are not checked.
func (c *emulatorCalls) expect(want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats, err := acctest.Admin(c.t).Stats(context.Background())
		if err != nil {
			return err
		}
		var bad []string
		for action, n := range want {
			if got := stats["ehpc:"+action] - c.before["ehpc:"+action]; got != n {
				bad = append(bad, fmt.Sprintf("%s: %d calls, want %d", action, got, n))
			}
		}
		if len(bad) > 0 {
			return fmt.Errorf("emulator calls: %s", strings.Join(bad, "; "))
		}
		return nil
	}
}

// expectDrift is a plan check that the refresh before the plan found a change made outside Terraform: the
// plan's resource_drift entry of the cluster must have, after the refresh, items (attribute list) for which
// found reports true, and (with want false) none.
func expectDrift(list string, want bool, found func(item map[string]any) bool) plancheck.PlanCheck {
	return driftCheck{address: clusterResource, list: list, want: want, found: found}
}

type driftCheck struct {
	address, list string
	want          bool
	found         func(map[string]any) bool
}

func (c driftCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceDrift {
		if rc.Address != c.address || rc.Change == nil {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		items, _ := after[c.list].([]any)
		hit := false
		for _, it := range items {
			if m, ok := it.(map[string]any); ok && c.found(m) {
				hit = true
			}
		}
		if hit != c.want {
			resp.Error = fmt.Errorf("%s: the refreshed %s %v does not show the change made outside Terraform", c.address, c.list, items)
		}
		return
	}
	resp.Error = fmt.Errorf("the plan reports no drift of %s (a change made outside Terraform went unseen)", c.address)
}

// clusterSameID checks that the cluster kept the id recorded in *id (set by the first step).
func clusterSameID(id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got := s.RootModule().Resources[clusterResource].Primary.ID
		if *id == "" {
			*id = got
		} else if got != *id {
			return fmt.Errorf("cluster id changed from %s to %s: it was replaced", *id, got)
		}
		return nil
	}
}

// TestAccEHPCCluster_queues changes queues in place: a changed max_count, a new queue, a reordered list, a
// removed queue and a renamed one, each with exactly the queue calls it needs and the cluster's id kept; an
// out-of-band change of a queue shows as drift and the next apply restores it in place. Not parallel: it
// counts the emulator's calls.
func TestAccEHPCCluster_queues(t *testing.T) {
	admin := acctest.Admin(t)
	name := acctest.RandomName("tf-q")
	var id string
	calls := &emulatorCalls{t: t}
	comp := `{ queue_name = "comp", max_count = 2 }`
	gpu := `{ queue_name = "gpu", max_count = 4, enable_scale_out = true }`
	gpu8 := `{ queue_name = "gpu", max_count = 8, enable_scale_out = true }`
	big := `{ queue_name = "big", max_count = 1, compute_nodes = [{ instance_type = "ecs.c7.8xlarge" }] }`
	update := func(actions map[string]int) resource.TestStep {
		return resource.TestStep{
			PreConfig: calls.start,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
			},
			Check: resource.ComposeTestCheckFunc(clusterSameID(&id), calls.expect(actions)),
		}
	}
	withConfig := func(s resource.TestStep, cfg string) resource.TestStep { s.Config = cfg; return s }
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterQueuesConfig(name, comp, gpu),
				Check:  clusterSameID(&id),
			},
			withConfig(update(map[string]int{"UpdateQueue": 1, "CreateQueue": 1, "DeleteQueues": 0, "UpdateCluster": 0, "CreateCluster": 0}),
				clusterQueuesConfig(name, comp, gpu8, big)),
			{
				// The order of the list is not a change.
				Config:   clusterQueuesConfig(name, big, gpu8, comp),
				PlanOnly: true,
			},
			withConfig(update(map[string]int{"DeleteQueues": 1, "UpdateQueue": 0, "CreateQueue": 0}),
				clusterQueuesConfig(name, gpu8, big)),
			// A renamed queue is a delete and a create.
			withConfig(update(map[string]int{"DeleteQueues": 1, "CreateQueue": 1, "UpdateQueue": 0}),
				clusterQueuesConfig(name, strings.Replace(gpu8, `"gpu"`, `"gpu2"`, 1), big)),
			{
				// Changed in the console: the plan shows the drift, the apply restores the queue in place.
				PreConfig: func() {
					if err := admin.Do(context.Background(), http.MethodPost,
						"/_emulator/ehpc/clusters/"+id+"/queues/big", map[string]any{"MaxCount": 9}, nil); err != nil {
						t.Fatal(err)
					}
					calls.start()
				},
				Config: clusterQueuesConfig(name, strings.Replace(gpu8, `"gpu"`, `"gpu2"`, 1), big),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PreApply: []plancheck.PlanCheck{
						expectDrift("queues", true, func(q map[string]any) bool {
							return q["queue_name"] == "big" && fmt.Sprint(q["max_count"]) == "9"
						}),
						plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(clusterResource, tfjsonpath.New("queues"), knownvalue.SetPartial([]knownvalue.Check{
							knownvalue.ObjectPartial(map[string]knownvalue.Check{"queue_name": knownvalue.StringExact("big"), "max_count": knownvalue.Int64Exact(1)}),
						})),
					},
				},
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), calls.expect(map[string]int{"UpdateQueue": 1, "CreateQueue": 0, "DeleteQueues": 0})),
			},
			{
				// A queue deleted in the console comes back.
				PreConfig: func() {
					if err := admin.Do(context.Background(), http.MethodDelete, "/_emulator/ehpc/clusters/"+id+"/queues/big", nil, nil); err != nil {
						t.Fatal(err)
					}
					calls.start()
				},
				Config: clusterQueuesConfig(name, strings.Replace(gpu8, `"gpu"`, `"gpu2"`, 1), big),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectDrift("queues", false, func(q map[string]any) bool { return q["queue_name"] == "big" }),
						plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), calls.expect(map[string]int{"CreateQueue": 1, "UpdateQueue": 0, "DeleteQueues": 0})),
			},
			{
				// A console change to what the configuration does not set is not owned: no drift, and no
				// update that could not restore it anyway (the template leaves it out), so no perpetual diff.
				PreConfig: func() {
					if err := admin.Do(context.Background(), http.MethodPost, "/_emulator/ehpc/clusters/"+id+"/queues/big",
						map[string]any{"MinCount": 1, "EnableScaleIn": true, "HostnamePrefix": "console"}, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config:   clusterQueuesConfig(name, strings.Replace(gpu8, `"gpu"`, `"gpu2"`, 1), big),
				PlanOnly: true,
			},
		},
	})
}

// TestAccEHPCCluster_day2Faults loses the answer of the CreateQueue of a queue added to a running cluster
// (the service made it) among transient faults of the queue calls: the apply adopts the queue instead of
// failing on "already exists", and the cluster keeps its id. Then the same for InstallAddon, and for
// AttachSharedStorages and InstallSoftwares, and a DeleteQueues refused because a queue is gone. Not
// parallel: faults.
func TestAccEHPCCluster_day2Faults(t *testing.T) {
	acctest.PreCheck(t)
	name := acctest.RandomName("tf-qf")
	var id string
	calls := &emulatorCalls{t: t}
	comp, gpu := `{ queue_name = "comp", max_count = 2 }`, `{ queue_name = "gpu", max_count = 4 }`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{Config: clusterQueuesConfig(name, comp), Check: clusterSameID(&id)},
			{
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{
						Rate:                acctest.FaultRate,
						Kinds:               transientNotLost,
						Actions:             []string{"ehpc:CreateQueue", "ehpc:GetQueue", "ehpc:ListQueues", "ehpc:UpdateQueue"},
						LoseCreateResponses: 1,
					})
				},
				Config: clusterQueuesConfig(name, comp, gpu),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: clusterSameID(&id),
			},
			{
				// The same for InstallAddon: the add-on the lost call installed is adopted, not installed twice.
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{
						Rate:                acctest.FaultRate,
						Kinds:               transientNotLost,
						Actions:             []string{"ehpc:InstallAddon", "ehpc:ListAddons", "ehpc:GetAddon"},
						LoseCreateResponses: 1,
					})
				},
				Config: strings.TrimSuffix(clusterQueuesConfig(name, comp, gpu), "}\n") +
					"  addons = [{ name = \"Login\", version = \"1.0\" }]\n}\n",
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id),
					resource.TestCheckResourceAttrSet(clusterResource, "addons.0.addon_id"),
					func(*terraform.State) error {
						var doc struct {
							EHPC struct {
								Clusters map[string]struct {
									InstalledAddons []json.RawMessage `json:"installed_addons"`
								} `json:"clusters"`
							} `json:"ehpc"`
						}
						if err := acctest.Admin(t).State(context.Background(), &doc); err != nil {
							return err
						}
						if n := len(doc.EHPC.Clusters[id].InstalledAddons); n != 1 {
							return fmt.Errorf("the cluster has %d add-ons, want 1", n)
						}
						return nil
					}),
			},
			{
				// And for AttachSharedStorages and InstallSoftwares: the resend is refused as a repeat (the mount
				// directory in use, the software installed), which is the lost call's effect.
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{
						Rate:                acctest.FaultRate,
						Kinds:               transientNotLost,
						Actions:             []string{"ehpc:AttachSharedStorages", "ehpc:InstallSoftwares", "ehpc:ListSharedStorages", "ehpc:ListInstalledSoftwares"},
						LoseCreateResponses: 2,
					})
				},
				Config: strings.TrimSuffix(clusterQueuesConfig(name, comp, gpu), "}\n") +
					"  addons = [{ name = \"Login\", version = \"1.0\" }]\n" +
					"  shared_storages = [" + clusterStorage("/data", "/data") + "]\n" +
					"  additional_packages = [{ name = \"mpich\", version = \"4.0.3\" }]\n}\n",
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), func(*terraform.State) error {
					f, err := acctest.Admin(t).Faults(context.Background())
					if err != nil {
						return err
					}
					if f.LoseCreateResponses != 0 {
						return fmt.Errorf("%d lost answers left: the test did not lose the attach and the install", f.LoseCreateResponses)
					}
					return nil
				}),
			},
			{
				// DeleteQueues refused as a whole because a name "does not exist" (what the retry of an applied
				// call whose answer was lost gets): the provider checks each queue and deletes those still there.
				PreConfig: func() {
					acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{{
						Action: "ehpc:DeleteQueues", Status: 400, Code: "InvalidParams", Count: 1,
						Message: `The specified parameter QueueNames.1 is invalid. The queue "gone" does not exist.`,
					}}})
					calls.start()
				},
				Config: strings.TrimSuffix(clusterQueuesConfig(name), "}\n") +
					"  addons = [{ name = \"Login\", version = \"1.0\" }]\n" +
					"  shared_storages = [" + clusterStorage("/data", "/data") + "]\n" +
					"  additional_packages = [{ name = \"mpich\", version = \"4.0.3\" }]\n}\n",
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), calls.expect(map[string]int{"DeleteQueues": 2})),
			},
		},
	})
}

// TestAccEHPCCluster_validationAsTheServiceAccepts plans configurations the real service accepts and a strict
// reading of the rules refused: the neutral values of PrePaid-only and spot-only attributes on a PostPaid (or
// PrePaid) node, and directory-service and DNS types in lower case. It also refuses names in other scripts.
func TestAccEHPCCluster_validationAsTheServiceAccepts(t *testing.T) {
	accepted := func(cfg string) resource.TestStep {
		return resource.TestStep{Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			accepted(clusterManagerNode(`instance_charge_type = "PostPaid"`, `auto_renew = false`, `auto_renew_period = 0`,
				`period = 0`, `spot_strategy = "NoSpot"`, `spot_price_limit = 0`)),
			accepted(clusterManagerNode(`auto_renew = false`, `period = 0`, `spot_price_limit = 0`)),
			accepted(clusterManagerNode(`instance_charge_type = "PrePaid"`, `period = 1`, `spot_strategy = "NoSpot"`, `spot_price_limit = 0`)),
			accepted(clusterComputeNode(`instance_charge_type = "PostPaid"`, `auto_renew = false`, `period = 0`, `auto_renew_period = 0`)),
			accepted(clusterV(clusterBlock("manager",
				clusterBlock("directory_service", `type = "nis"`, `version = "1.0"`), clusterBlock("dns", `type = "Nis"`, `version = "1.0"`)))),
			accepted(clusterV(`cluster_name = "高性能-hpc_01"`, `cluster_description = "集群说明-desc_1"`)),
			// Meaningful values stay refused where they do not apply.
			{Config: clusterManagerNode(`period = 1`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching("manager.manager_node.period", "only be set when", "PrePaid", "(to 1)")},
			{Config: clusterManagerNode(`spot_strategy = "NoSpot"`, `spot_price_limit = 0.2`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching("manager.manager_node.spot_price_limit", "only be set when", "SpotWithPriceLimit")},
			{Config: clusterV(clusterBlock("manager", clusterBlock("dns", `type = "ldap"`))), PlanOnly: true,
				ExpectError: acctest.ErrorMatching("manager.dns.type", "NIS")},
			// Only English letters and Chinese characters: not Cyrillic.
			{Config: clusterV(`cluster_name = "кластер"`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching("cluster_name", "English letters, Chinese characters", `'к' at position 1`)},
			{Config: clusterV(`cluster_description = "описание"`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching("cluster_description", "English letters, Chinese characters")},
		},
	})
}

// TestAccEHPCCluster_acceptedAsWritten applies what the relaxed rules accept and checks that it is kept as
// written: lower- and mixed-case directory-service and DNS types (the service answers `nis`), the neutral
// values of the PrePaid-only and spot-only fields on a PostPaid manager node, and Chinese characters in the
// name and description. The refresh after the apply plans no change.
func TestAccEHPCCluster_acceptedAsWritten(t *testing.T) {
	name := "高性能-" + acctest.RandomName("tf")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterV(fmt.Sprintf("cluster_name = %q", name), `cluster_description = "集群说明-desc_1"`,
					clusterBlock("manager",
						clusterBlock("directory_service", `type = "nis"`, `version = "1.0"`),
						clusterBlock("dns", `type = "Nis"`, `version = "1.0"`),
						clusterBlock("manager_node", `instance_type = "ecs.c7.xlarge"`, `instance_charge_type = "PostPaid"`,
							`auto_renew = false`, `auto_renew_period = 0`, `period = 0`, `spot_strategy = "NoSpot"`, `spot_price_limit = 0`))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("cluster_name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("manager").AtMapKey("directory_service").AtMapKey("type"), knownvalue.StringExact("nis")),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("manager").AtMapKey("dns").AtMapKey("type"), knownvalue.StringExact("Nis")),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("manager").AtMapKey("manager_node").AtMapKey("period"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("manager").AtMapKey("manager_node").AtMapKey("auto_renew"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("manager").AtMapKey("manager_node").AtMapKey("spot_price_limit"), knownvalue.Float64Exact(0)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// clusterPartsConfig is a cluster owning its shared storages, software and add-ons (not its queues).
func clusterPartsConfig(name string, storages, packages, addons []string) string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "test" {
  cluster_name = %[1]q

  cluster_credentials = {
    password = %[2]q
  }

  shared_storages     = [%[3]s]
  additional_packages = [%[4]s]
  addons              = [%[5]s]
}
`, name, clusterPassword, strings.Join(storages, ", "), strings.Join(packages, ", "), strings.Join(addons, ", "))
}

func clusterStorage(dir, nasDir string) string {
	return fmt.Sprintf(`{ file_system_id = "08fa1", mount_target_domain = "08fa1-abc.cn-hangzhou.nas.aliyuncs.com", `+
		`nas_directory = %q, mount_directory = %q, protocol_type = "NFS", mount_options = "-t nfs -o vers=3" }`, nasDir, dir)
}

// TestAccEHPCCluster_parts changes shared storages, software and add-ons in place, with exactly the calls
// each change needs, reads them back (the /home suffix cut, add-on specs compared as JSON, the add-on id kept
// while the add-on stays), and restores them after out-of-band changes. Not parallel: it counts calls.
func TestAccEHPCCluster_parts(t *testing.T) {
	admin := acctest.Admin(t)
	name := acctest.RandomName("tf-parts")
	var id, addonID string
	calls := &emulatorCalls{t: t}
	home, data, data2 := clusterStorage("/home", "/"), clusterStorage("/data", "/data"), clusterStorage("/data", "/data2")
	mpich, gromacs := `{ name = "mpich", version = "4.0.3" }`, `{ name = "gromacs", version = "2024.1" }`
	login := `{ name = "Login", version = "1.0", services_spec = jsonencode({ ServiceName = "SSH", ServiceAccessType = "URL" }), ` +
		`resources_spec = jsonencode({ EcsResources = [{ InstanceType = "ecs.c7.large", ImageId = "img" }] }) }`
	login2 := strings.Replace(login, `"URL"`, `"URLs"`, 1)
	addonIDIs := func(same bool) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			got := s.RootModule().Resources[clusterResource].Primary.Attributes["addons.0.addon_id"]
			switch {
			case got == "":
				return fmt.Errorf("no addon_id")
			case addonID == "":
			case same && got != addonID:
				return fmt.Errorf("addon_id changed from %s to %s without a reinstall", addonID, got)
			case !same && got == addonID:
				return fmt.Errorf("addon_id %s kept after a reinstall", got)
			}
			addonID = got
			return nil
		}
	}
	update := func(cfg string, actions map[string]int, checks ...resource.TestCheckFunc) resource.TestStep {
		return resource.TestStep{
			PreConfig: calls.start,
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeTestCheckFunc(append([]resource.TestCheckFunc{clusterSameID(&id), calls.expect(actions)}, checks...)...),
		}
	}
	none := map[string]int{"CreateCluster": 0, "UpdateCluster": 0}
	with := func(m map[string]int) map[string]int {
		for k, v := range none {
			m[k] = v
		}
		return m
	}
	step3 := clusterPartsConfig(name, []string{home, data2}, []string{gromacs}, []string{login2})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				// Read back equal to the configuration: the /home storage directory's suffix is cut, the specs
				// compare as JSON.
				Config: clusterPartsConfig(name, []string{home}, []string{mpich}, []string{login}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), addonIDIs(true)),
			},
			{
				// A storage added to the running cluster needs what AttachSharedStorages needs, at plan time.
				Config: clusterPartsConfig(name, []string{home, `{ mount_directory = "/data", nas_directory = "/data", protocol_type = "NFS" }`},
					[]string{mpich}, []string{login}),
				PlanOnly: true,
				ExpectError: acctest.ErrorMatching("shared_storages", `mount_directory = "/data"`, ".file_system_id",
					"required to attach a storage to a running cluster", "file_system_id is not set"),
			},
			{
				Config: clusterPartsConfig(name, []string{home, strings.Replace(data, `mount_directory = "/data", `, "", 1)},
					[]string{mpich}, []string{login}),
				PlanOnly: true,
				ExpectError: acctest.ErrorMatching("shared_storages", "mount_directory = not set", ".mount_directory",
					"required to attach a storage to a running cluster", "mount_directory is not set"),
			},
			update(clusterPartsConfig(name, []string{home, data}, []string{mpich, gromacs}, []string{login}),
				with(map[string]int{"AttachSharedStorages": 1, "DetachSharedStorages": 0, "InstallSoftwares": 1, "UninstallSoftwares": 0,
					"InstallAddon": 0, "UnInstallAddon": 0}), addonIDIs(true)),
			update(step3,
				with(map[string]int{"AttachSharedStorages": 1, "DetachSharedStorages": 1, "InstallSoftwares": 0, "UninstallSoftwares": 1,
					"InstallAddon": 1, "UnInstallAddon": 1}), addonIDIs(false)),
			{
				// Changed in the console: a detached storage and an uninstalled package come back in place.
				PreConfig: func() {
					ctx := context.Background()
					if err := admin.Do(ctx, http.MethodDelete, "/_emulator/ehpc/clusters/"+id+"/shared-storages?mount=/data", nil, nil); err != nil {
						t.Fatal(err)
					}
					if err := admin.Do(ctx, http.MethodDelete, "/_emulator/ehpc/clusters/"+id+"/softwares/gromacs", nil, nil); err != nil {
						t.Fatal(err)
					}
					calls.start()
				},
				Config: step3,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectDrift("shared_storages", false, func(m map[string]any) bool { return m["mount_directory"] == "/data" }),
						expectDrift("shared_storages", true, func(m map[string]any) bool { return m["mount_directory"] == "/home" }),
						expectDrift("additional_packages", false, func(p map[string]any) bool { return p["name"] == "gromacs" }),
						plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), addonIDIs(true), calls.expect(with(map[string]int{
					"AttachSharedStorages": 1, "DetachSharedStorages": 0, "InstallSoftwares": 1, "UninstallSoftwares": 0,
					"InstallAddon": 0, "UnInstallAddon": 0,
				}))),
			},
			{
				// Ownership: with the lists omitted the resource leaves them alone (the one read of each is the
				// refresh of the state from before, which still owned them).
				PreConfig: calls.start,
				Config:    clusterConfigNoLists(name),
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), calls.expect(with(map[string]int{
					"DetachSharedStorages": 0, "UninstallSoftwares": 0, "UnInstallAddon": 0,
					"ListSharedStorages": 1, "ListInstalledSoftwares": 1, "ListAddons": 1,
				}))),
			},
			{
				// Not owned any more: not even read.
				PreConfig: calls.start,
				Config:    clusterConfigNoLists(name),
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), calls.expect(map[string]int{
					"ListSharedStorages": 0, "ListInstalledSoftwares": 0, "ListAddons": 0, "ListQueues": 0, "GetCluster": 1,
				}), func(*terraform.State) error {
					// …and still there.
					mounts := clusterEmulatorMounts(t, id)
					if len(mounts) != 2 {
						return fmt.Errorf("the cluster has %d mounts, want the 2 it had", len(mounts))
					}
					return nil
				}),
			},
		},
	})
}

// clusterConfigNoLists is the cluster of clusterPartsConfig without any of the four lists.
func clusterConfigNoLists(name string) string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "test" {
  cluster_name = %[1]q

  cluster_credentials = {
    password = %[2]q
  }
}
`, name, clusterPassword)
}

// clusterEmulatorMounts lists the mount directories the emulator's ListSharedStorages shows for a cluster.
func clusterEmulatorMounts(t *testing.T, id string) []string {
	t.Helper()
	var doc struct {
		EHPC struct {
			Clusters map[string]struct {
				Mounts []struct {
					MountDirectory string `json:"mount_directory"`
					RemovedAt      string `json:"removed_at"`
				} `json:"mounts"`
			} `json:"clusters"`
		} `json:"ehpc"`
	}
	if err := acctest.Admin(t).State(context.Background(), &doc); err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, m := range doc.EHPC.Clusters[id].Mounts {
		if m.RemovedAt == "" {
			dirs = append(dirs, m.MountDirectory)
		}
	}
	return dirs
}

// TestAccEHPCCluster_optionalPackageVersion applies a package configured without a version: the service's
// default version is recorded, and a second plan of the same configuration is empty (no perpetual
// uninstall and install). A configured version that differs is an uninstall and an install; dropping it
// again is no change. Not parallel: it counts calls.
func TestAccEHPCCluster_optionalPackageVersion(t *testing.T) {
	name := acctest.RandomName("tf-pkgver")
	var id string
	calls := &emulatorCalls{t: t}
	mpich := `{ name = "mpich", version = "4.0.3" }`
	cfg := func(packages ...string) string {
		return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "test" {
  cluster_name = %[1]q

  cluster_credentials = {
    password = %[2]q
  }

  additional_packages = [%[3]s]
}
`, name, clusterPassword, strings.Join(packages, ", "))
	}
	unversioned := cfg(mpich, `{ name = "hdf5" }`)
	versioned := cfg(mpich, `{ name = "hdf5", version = "1.14" }`)
	hdf5Version := func(want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(clusterResource, tfjsonpath.New("additional_packages"), knownvalue.SetPartial([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("hdf5"), "version": knownvalue.StringExact(want)}),
		}))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config:            unversioned,
				ConfigStateChecks: []statecheck.StateCheck{hdf5Version(emulatorehpc.DefaultSoftwareVersion)},
				Check:             clusterSameID(&id),
			},
			{
				// The same configuration again: nothing to do.
				PreConfig: calls.start,
				Config:    unversioned,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(clusterSameID(&id), calls.expect(map[string]int{"InstallSoftwares": 0, "UninstallSoftwares": 0})),
			},
			{
				PreConfig: calls.start,
				Config:    versioned,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{hdf5Version("1.14")},
				Check:             resource.ComposeTestCheckFunc(clusterSameID(&id), calls.expect(map[string]int{"InstallSoftwares": 1, "UninstallSoftwares": 1})),
			},
			{
				// The version no longer configured: the installed one stays.
				Config: unversioned,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{hdf5Version("1.14")},
			},
		},
	})
}
