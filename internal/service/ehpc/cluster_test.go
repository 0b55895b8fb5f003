package ehpc_test

import (
	"context"
	"fmt"
	"net/http"
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

func TestAccEHPCCluster_basic(t *testing.T) {
	name := acctest.RandomName("tf-basic")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
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

// clusterErr matches a diagnostic carrying all the fragments in order, across the line breaks Terraform
// inserts into long diagnostics.
func clusterErr(fragments ...string) *regexp.Regexp {
	parts := make([]string, len(fragments))
	for i, f := range fragments {
		words := strings.Fields(f)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
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
		CheckDestroy:             clusterCheckDestroyed,
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
		},
	})
}

func TestAccEHPCCluster_update(t *testing.T) {
	name := acctest.RandomName("tf-upd")
	renamed := name + "-2"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             clusterCheckDestroyed,
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
		CheckDestroy:             clusterCheckDestroyed,
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
				// A create-only attribute that is not read back.
				Config: strings.Replace(strings.Replace(clusterConfig(name), `"ecs.c7.xlarge"`, `"ecs.c7.2xlarge"`, 1), `"comp"`, `"comp2"`, 1),
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
		CheckDestroy:             clusterCheckDestroyed,
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
				Config: strings.Replace(clusterConfig(name), `"comp"`, `"comp2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(clusterResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

func TestAccEHPCCluster_disappears(t *testing.T) {
	name := acctest.RandomName("tf-gone")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             clusterCheckDestroyed,
		Steps: []resource.TestStep{
			{
				Config: clusterConfig(name),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[clusterResource].Primary.ID
					return acctest.Admin(t).Do(context.Background(), http.MethodDelete, "/_emulator/ehpc/clusters/"+id, nil, nil)
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
		CheckDestroy:             clusterCheckDestroyed,
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
				ExpectError: clusterErr("protected from deletion", "deletion_protection = false", "apply"),
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
		CheckDestroy:             clusterCheckDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := admin.Do(context.Background(), http.MethodPost, "/_emulator/ehpc/next-create-fails",
						map[string]string{"message": "manager node deployment failed"}, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config:      clusterConfig(name),
				ExpectError: clusterErr("to be running", `reached state "exception"`, "scheduler exception", "tainted"),
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
		Rate:  0.3,
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
		CheckDestroy:             clusterCheckDestroyed,
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
				ExpectError: clusterErr("TooManyClusters", "quota"),
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
