package ehpc_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ehpc"
)

// clusterAdoptConfig sets every attribute the service reads back: the queues with compute nodes and data
// disks, a shared storage, a package and an add-on. (Tags, is_enterprise_security_group, the manager node's
// data disks and the day-2 data disks' device, mount_dir and snapshot_id are never returned, so no import can
// adopt them; they are left out.)
func clusterAdoptConfig(name string) string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "test" {
  cluster_name        = %[1]q
  cluster_description = "adopted-cluster"
  cluster_category    = "Standard"
  cluster_mode        = "Integrated"
  cluster_vpc_id      = "vpc-adopt0001"
  cluster_vswitch_id  = "vsw-adopt0001"
  security_group_id   = "sg-adopt0001"
  client_version      = "2.1.0"
  resource_group_id   = "rg-adopt0001"
  max_count           = 100
  max_core_count      = 2000
  grow_interval       = 2
  idle_interval       = 4

  cluster_custom_configuration = {
    script = "https://example.com/post-install.sh"
    args   = "-v"
  }

  cluster_credentials = {
    password = %[2]q
  }

  manager = {
    scheduler         = { type = "SLURM", version = "22.05.8" }
    directory_service = { type = "NIS", version = "1.0" }
    dns               = { type = "NIS", version = "1.0" }
    manager_node = {
      instance_type        = "ecs.c7.xlarge"
      image_id             = "aliyun_3_x64_20G_alibase_20240528.vhd"
      instance_charge_type = "PostPaid"
      enable_ht            = true
      system_disk          = { category = "cloud_essd", level = "PL1", size = 40 }
    }
  }

  queues = [
    {
      queue_name          = "comp"
      vswitch_ids         = ["vsw-adopt0001"]
      inter_connect       = "eRDMA"
      enable_scale_in     = true
      enable_scale_out    = true
      min_count           = 1
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
          enable_ht            = true
          system_disk          = { category = "cloud_efficiency", size = 40 }
          data_disks           = [{ category = "cloud_ssd", size = 200, delete_with_instance = true }]
        },
      ]
    },
    { queue_name = "small", max_count = 2 },
  ]

  shared_storages = [
    {
      file_system_id      = "008b63adopt"
      mount_target_domain = "008b63adopt-sihc.cn-hangzhou.extreme.nas.aliyuncs.com"
      nas_directory       = "/"
      mount_directory     = "/home"
      mount_options       = "-t nfs -o vers=3,nolock,proto=tcp,noresvport"
      protocol_type       = "NFS"
    },
  ]

  additional_packages = [{ name = "mpich", version = "4.0.3" }]

  addons = [
    {
      name           = "Login"
      version        = "1.0"
      services_spec  = jsonencode([{ ServiceName = "SSH", ServiceAccessType = "URL" }])
      resources_spec = jsonencode({ EcsResources = [{ InstanceType = "ecs.c7.large", ImageId = "img" }] })
    },
  ]
}
`, name, clusterPassword)
}

// TestAccEHPCCluster_adopt imports a cluster built with every attribute. ImportStateVerify finds the same
// state as the configuration's (only the credentials, which no API returns, ignored); and through the real
// terraform CLI, `terraform plan -generate-config-out` writes a file that, with only cluster_credentials
// filled in, validates and plans an in-place update that records the credentials and changes nothing else:
// no replacement, no other attribute, cluster_status and ehpc_version known.
func TestAccEHPCCluster_adopt(t *testing.T) {
	acctest.SkipOnCloud(t, "it drives a separately built provider binary against the emulator")
	name := acctest.RandomName("tf-adopt")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, "aliyun_ehpc_cluster", ehpc.FindClusterByID),
		Steps: []resource.TestStep{
			{
				Config: clusterAdoptConfig(name),
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[clusterResource].Primary.ID
					return nil
				},
			},
			{
				ResourceName:            clusterResource,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"cluster_credentials"},
			},
			{
				// Forget the cluster, then adopt it with a generated configuration.
				Config: `
removed {
  from = aliyun_ehpc_cluster.test

  lifecycle {
    destroy = false
  }
}
`,
				Check: func(*terraform.State) error { return clusterAdoptThroughCLI(t, id) },
			},
			{
				// Take it back so that the test destroys it.
				Config:             clusterAdoptConfig(name),
				ResourceName:       clusterResource,
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
			},
		},
	})
}

// clusterAdoptThroughCLI runs the adoption through the terraform CLI (acctest.CLI) in a directory of its own.
func clusterAdoptThroughCLI(t *testing.T, id string) error {
	cli := acctest.NewCLI(t)
	dir := cli.Dir
	run := cli.Run
	cli.WriteConfig(fmt.Sprintf("import {\n  to = aliyun_ehpc_cluster.adopted\n  id = %q\n}\n", id))
	// The generated configuration lacks the credentials, so this plan fails (after writing the file).
	planOut, _ := run("plan", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		return fmt.Errorf("no generated configuration: %w\n%s", err, planOut)
	}
	generated := string(gen)
	for _, want := range []string{`queue_name`, `"comp"`, `"small"`, `mount_directory`, `"mpich"`, `"Login"`, `compute_nodes`, `data_disks`} {
		if !strings.Contains(generated, want) {
			return fmt.Errorf("the generated configuration lacks %s:\n%s", want, generated)
		}
	}
	// Fill in the credentials, and nothing else.
	credentials := regexp.MustCompile(`(?m)^  cluster_credentials\s*=\s*null.*$`)
	if !credentials.MatchString(generated) {
		return fmt.Errorf("the generated configuration has no null cluster_credentials to fill in:\n%s", generated)
	}
	filled := credentials.ReplaceAllString(generated, fmt.Sprintf("  cluster_credentials = { password = %q }", clusterPassword))
	if err := os.WriteFile(filepath.Join(dir, "generated.tf"), []byte(filled), 0o600); err != nil {
		return err
	}
	if out, err := run("validate"); err != nil {
		return fmt.Errorf("the generated configuration does not validate: %w\n%s\n%s", err, out, filled)
	}
	if out, err := run("plan", "-out=adopt.tfplan"); err != nil {
		return fmt.Errorf("the generated configuration does not plan: %w\n%s\n%s", err, out, filled)
	}
	out, err := run("show", "-json", "adopt.tfplan")
	if err != nil {
		return err
	}
	return checkAdoptPlan(out)
}

// checkAdoptPlan checks that the only change of the adoption plan is recording the credentials.
func checkAdoptPlan(planJSON string) error {
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions      []string       `json:"actions"`
				Before       map[string]any `json:"before"`
				After        map[string]any `json:"after"`
				AfterUnknown map[string]any `json:"after_unknown"`
				Importing    any            `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		return err
	}
	if len(plan.ResourceChanges) != 1 {
		return fmt.Errorf("%d resource changes, want the one import", len(plan.ResourceChanges))
	}
	ch := plan.ResourceChanges[0].Change
	if ch.Importing == nil || strings.Join(ch.Actions, ",") != "update" {
		return fmt.Errorf("actions %v (importing %v), want an import with an in-place update", ch.Actions, ch.Importing)
	}
	var changed []string
	for k, after := range ch.After {
		if k == "cluster_credentials" {
			continue
		}
		b1, _ := json.Marshal(ch.Before[k])
		b2, _ := json.Marshal(after)
		if string(b1) != string(b2) {
			changed = append(changed, fmt.Sprintf("%s: %s -> %s", k, b1, b2))
		}
	}
	for k, v := range ch.AfterUnknown {
		if anyUnknown(v) {
			changed = append(changed, fmt.Sprintf("%s: known after apply", k))
		}
	}
	if len(changed) > 0 {
		return fmt.Errorf("the adoption plan changes more than the credentials: %s", strings.Join(changed, "; "))
	}
	if creds, _ := ch.After["cluster_credentials"].(map[string]any); creds == nil {
		return fmt.Errorf("the adoption plan does not record the credentials")
	}
	return nil
}

// anyUnknown reports whether a plan's after_unknown value marks anything unknown (a true anywhere in it).
func anyUnknown(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case []any:
		for _, e := range t {
			if anyUnknown(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range t {
			if anyUnknown(e) {
				return true
			}
		}
	}
	return false
}
