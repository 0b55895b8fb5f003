package batchcompute_test

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/batchcompute"
)

const resourceName = "aliyun_batchcompute_cluster.test"

var (
	idPattern    = regexp.MustCompile(`^cls-[a-z0-9]+$`)
	tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
)

func configMinimal(name string, desired int) string {
	return fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  name          = %[1]q
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"
  groups = {
    g1 = {
      desired_vm_count = %[2]d
    }
  }
}
`, name, desired)
}

func TestAccBatchComputeCluster_basic(t *testing.T) {
	name := acctest.RandomName("tf-bc")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: configMinimal(name, 2),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringRegexp(idPattern)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("state"), knownvalue.StringExact("Active")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("creation_time"),
						knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`))),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("idempotent_token"), knownvalue.StringRegexp(tokenPattern)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("g1").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("g1").AtMapKey("resource_type"), knownvalue.StringExact("OnDemand")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("configs"), knownvalue.Null()),
				},
			},
			{
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateVerify: true,
				// The service never returns the token a cluster was created with.
				ImportStateVerifyIgnore: []string{"idempotent_token"},
			},
			{
				// Importing with an import block must plan no change at all.
				ResourceName:    resourceName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

func configFull(name string, desired int, price string) string {
	return fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  name          = %[1]q
  description   = "every attribute"
  image_id      = "m-2309yqb5n"
  instance_type = "bcs.a2.large"
  user_data = {
    key1 = "value1"
    key2 = ""
  }
  notification = {
    topic = {
      name     = "test-topic"
      endpoint = "http://1234.mns.cn-hangzhou.aliyuncs.com/"
      events   = ["OnClusterDeleted", "OnInstanceCreated", "OnInstanceActive"]
    }
  }
  configs = {
    disks = {
      system_disk = {
        type = "cloud_efficiency"
        size = 60
      }
      data_disk = {
        type        = "cloud_efficiency"
        size        = 500
        mount_point = "/data"
      }
    }
    mounts = {
      entries = [
        {
          source        = "oss://bucket/input/"
          destination   = "/home/admin/input"
          write_support = true
        },
        {
          source      = "oss://bucket/lib/"
          destination = "/home/admin/lib"
        },
      ]
      locale        = "GBK"
      lock          = true
      cache_support = true
      nas = {
        access_group = ["group1", "group2"]
        file_system  = ["filesystem1"]
      }
      oss = {
        access_key_id         = "LTAI5tOssKeyForMounts"
        access_key_secret     = "oss-secret-value"
        access_security_token = "oss-sts-token"
      }
    }
    networks = {
      classic = {
        allow_ip_address            = ["10.1.0.0/16"]
        allow_ip_address_egress     = ["0.0.0.0/0"]
        allow_security_group        = ["sg-1"]
        allow_security_group_egress = ["sg-2"]
      }
      vpc = {
        cidr_block = "192.168.0.0/16"
      }
    }
  }
  groups = {
    ondemand = {
      desired_vm_count = %[2]d
      instance_type    = "ecs.sn1ne.large"
    }
    spot = {
      desired_vm_count = 1
      resource_type    = "Spot"
      spot_strategy    = "SpotWithPriceLimit"
      spot_price_limit = %[3]s
    }
  }
}
`, name, desired, price)
}

func TestAccBatchComputeCluster_full(t *testing.T) {
	name := acctest.RandomName("tf-bc")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: configFull(name, 2, "0.125"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("user_data"),
						knownvalue.MapExact(map[string]knownvalue.Check{"key1": knownvalue.StringExact("value1"), "key2": knownvalue.StringExact("")})),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("notification").AtMapKey("topic").AtMapKey("events"), knownvalue.SetSizeExact(3)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("configs").AtMapKey("mounts").AtMapKey("entries").AtSliceIndex(1).AtMapKey("write_support"),
						knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("configs").AtMapKey("mounts").AtMapKey("oss").AtMapKey("access_key_secret"),
						knownvalue.StringExact("oss-secret-value")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("configs").AtMapKey("networks").AtMapKey("vpc").AtMapKey("cidr_block"),
						knownvalue.StringExact("192.168.0.0/16")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("ondemand").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("spot").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("spot").AtMapKey("spot_price_limit"), knownvalue.Float64Exact(0.125)),
				},
			},
			{
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateVerify: true,
				// Not returned by the service: the creation token and the OSS credentials.
				ImportStateVerifyIgnore: []string{
					"idempotent_token",
					"configs.mounts.oss.access_key_secret",
					"configs.mounts.oss.access_security_token",
				},
			},
		},
	})
}

// The documentation's example applies as written.
func TestAccBatchComputeCluster_example(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{{
			ConfigFile: config.StaticFile("../../../examples/resources/aliyun_batchcompute_cluster/resource.tf"),
			ConfigVariables: config.Variables{
				"oss_access_key_id":     config.StringVariable("LTAI5tExampleOssKey"),
				"oss_access_key_secret": config.StringVariable("example-oss-secret"),
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("aliyun_batchcompute_cluster.example", tfjsonpath.New("groups").AtMapKey("spot").AtMapKey("actual_vm_count"),
					knownvalue.Int64Exact(4)),
			},
		}},
	})
}

func TestAccBatchComputeCluster_scaleInPlace(t *testing.T) {
	name := acctest.RandomName("tf-bc")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: configFull(name, 1, "0.5"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
				},
			},
			{
				Config: configFull(name, 3, "0.75"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
						// Apply waits for the new instances, so the count is known at plan time.
						plancheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("ondemand").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(3)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("ondemand").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("spot").AtMapKey("spot_price_limit"), knownvalue.Float64Exact(0.75)),
				},
			},
			{
				// Scale down.
				Config: configFull(name, 1, "0.75"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("ondemand").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(1)),
				},
			},
		},
	})
}

func TestAccBatchComputeCluster_replace(t *testing.T) {
	name := acctest.RandomName("tf-bc")
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            configMinimal(name, 1),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(resourceName, tfjsonpath.New("id"))},
			},
			{
				Config: configMinimal(name+"-b", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate),
						// A replacement is a new create: it gets a new token.
						plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("idempotent_token")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(resourceName, tfjsonpath.New("id"))},
			},
			{
				// Adding a group replaces too: ModifyCluster only changes existing groups.
				Config: fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  name          = %[1]q
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"
  groups = {
    g1 = {
      desired_vm_count = 1
    }
    g2 = {
      desired_vm_count = 1
    }
  }
}
`, name+"-b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(resourceName, tfjsonpath.New("id"))},
			},
		},
	})
}

func TestAccBatchComputeCluster_disappears(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	name := acctest.RandomName("tf-bc")
	admin := acctest.Admin(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: configMinimal(name, 1),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[resourceName].Primary.ID
					return admin.Do(context.Background(), http.MethodDelete, "/_emulator/batchcompute/clusters/"+id, nil, nil)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: configMinimal(name, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// A group scaled outside Terraform shows as drift, and apply scales it back in place.
func TestAccBatchComputeCluster_drift(t *testing.T) {
	name := acctest.RandomName("tf-bc")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: configMinimal(name, 2),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[resourceName].Primary.ID
					_, err := acctest.Client(t).ROA(context.Background(), client.ROACall{
						Product: client.ProductBatchCompute, Version: client.VersionBatchCompute, Action: "ModifyCluster",
						Method: http.MethodPut, Path: "/clusters/" + id,
						Body: map[string]any{"Groups": map[string]any{"g1": map[string]any{"DesiredVMCount": 5}}},
					}, nil)
					return err
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: configMinimal(name, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("g1").AtMapKey("desired_vm_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("g1").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(2)),
				},
			},
		},
	})
}

// After an import the OSS secrets are unknown (the service never returns them): configuring them updates the
// state in place; changing them afterwards replaces the cluster.
func TestAccBatchComputeCluster_importOSSSecrets(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	acctest.PreCheck(t)
	name := acctest.RandomName("tf-bc")
	var out struct {
		ID string `json:"Id"`
	}
	_, err := acctest.Client(t).ROA(context.Background(), client.ROACall{
		Product: client.ProductBatchCompute, Version: client.VersionBatchCompute, Action: "CreateCluster",
		Method: http.MethodPost, Path: "/clusters",
		Body: map[string]any{
			"Name": name, "ImageId": "img-ubuntu", "InstanceType": "bcs.a2.large",
			"Configs": map[string]any{"Mounts": map[string]any{"OSS": map[string]any{"AccessKeyId": "oss-key-id", "AccessKeySecret": "oss-secret-1"}}},
			"Groups":  map[string]any{"g1": map[string]any{"DesiredVMCount": 1, "ResourceType": "OnDemand"}},
		},
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	config := func(secret string) string {
		return fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  name          = %[1]q
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"
  configs = {
    mounts = {
      oss = {
        access_key_id     = "oss-key-id"
        access_key_secret = %[2]q
      }
    }
  }
  groups = {
    g1 = {
      desired_vm_count = 1
    }
  }
}
`, name, secret)
	}
	secretPath := tfjsonpath.New("configs").AtMapKey("mounts").AtMapKey("oss").AtMapKey("access_key_secret")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:             config("oss-secret-1"),
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStateId:      out.ID,
				ImportStatePersist: true,
			},
			{
				Config: config("oss-secret-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(out.ID)),
					statecheck.ExpectKnownValue(resourceName, secretPath, knownvalue.StringExact("oss-secret-1")),
				},
			},
			{
				Config: config("oss-secret-2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, secretPath, knownvalue.StringExact("oss-secret-2")),
				},
			},
		},
	})
}

// A create whose answer is lost is repeated with the same token: exactly one cluster exists afterwards.
func TestAccBatchComputeCluster_lostCreateResponse(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	name := acctest.RandomName("tf-bc")
	acctest.SetFaults(t, core.FaultConfig{LoseCreateResponses: 1, Actions: []string{"batchcompute:CreateCluster"}})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: configMinimal(name, 1),
				Check:  checkClusterCount(t, name, 1),
			},
		},
	})
}

// When every answer of a create is lost until the create times out, the state keeps the token; the next
// apply finds the cluster with it, deletes it, and creates one: exactly one cluster exists afterwards.
func TestAccBatchComputeCluster_unknownCreateOutcome(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	name := acctest.RandomName("tf-bc")
	admin := acctest.Admin(t)
	acctest.SetFaults(t, core.FaultConfig{LoseCreateResponses: 1000, Actions: []string{"batchcompute:CreateCluster"}})
	var orphans []string
	withTimeout := fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  name          = %[1]q
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"
  groups = {
    g1 = {
      desired_vm_count = 1
    }
  }
  timeouts = {
    create = "2s"
  }
}
`, name)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:      withTimeout,
				ExpectError: regexp.MustCompile(`outcome\s+unknown`),
			},
			{
				PreConfig: func() {
					if err := admin.ClearFaults(context.Background()); err != nil {
						t.Fatal(err)
					}
					// The lost creates made exactly one cluster, whatever the number of attempts.
					for _, c := range listClusters(context.Background(), t) {
						if c.Name == name {
							orphans = append(orphans, c.ID)
						}
					}
					if len(orphans) != 1 {
						t.Fatalf("lost creates left %d clusters named %s, want 1", len(orphans), name)
					}
				},
				Config: configMinimal(name, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// The failed create left a tainted object (no id, the token): it is replaced.
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkClusterCount(t, name, 1),
					func(s *terraform.State) error {
						for _, c := range listClusters(context.Background(), t) {
							if c.ID == orphans[0] {
								return fmt.Errorf("the cluster of the lost creates, %s, was not deleted", c.ID)
							}
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccBatchComputeCluster_validation(t *testing.T) {
	// Each case replaces one line of a valid configuration; the error must name the attribute.
	cases := []struct{ name, extra, group, want string }{
		{"name too long", `name = "` + strings.Repeat("a", 65) + `"`, "", `Attribute\s+name\s+string\s+length\s+must\s+be\s+between\s+1\s+and\s+64`},
		{"name leading digit", `name = "1abc"`, "", `Attribute\s+name\s+must\s+only\s+contain\s+characters`},
		{"name bad character", `name = "a.b"`, "", `Attribute\s+name\s+must\s+only\s+contain`},
		{"description too long", `description = "` + strings.Repeat("d", 1025) + `"`, "", `Attribute\s+description\s+string\s+length\s+must\s+be\s+between\s+0\s+and\s+1024`},
		{"image empty", `image_id = ""`, "", `Attribute\s+image_id\s+string\s+length\s+must\s+be\s+between\s+1\s+and\s+256`},
		{"instance type shape", `instance_type = "large"`, "", `Attribute\s+instance_type\s+must\s+be\s+an\s+instance\s+type`},
		{"user data too many", `user_data = {` + manyEntries(65) + `}`, "", `Attribute\s+user_data\s+map\s+must\s+contain\s+at\s+most\s+64`},
		{"user data key too long", `user_data = { "` + strings.Repeat("k", 129) + `" = "v" }`, "", `user_data.*\s*string\s+length\s+must\s+be\s+between\s+1\s+and\s+128`},
		{"user data value too long", `user_data = { k = "` + strings.Repeat("v", 1025) + `" }`, "", `user_data\["k"\]\s+string\s+length\s+must\s+be\s+between\s+0\s+and\s+1024`},
		{"cidr", `configs = { networks = { vpc = { cidr_block = "10.0.0.0/33" } } }`, "", `configs\.networks\.vpc\.cidr_block`},
		{"system disk type", `configs = { disks = { system_disk = { type = "nvme" } } }`, "", `configs\.disks\.system_disk\.type\s+value\s+must\s+be\s+one\s+of`},
		{"system disk size", `configs = { disks = { system_disk = { size = 39 } } }`, "", `configs\.disks\.system_disk\.size\s+value\s+must\s+be\s+between\s+40\s+and\s+500`},
		{"system disk too big", `configs = { disks = { system_disk = { size = 501 } } }`, "", `configs\.disks\.system_disk\.size\s+value\s+must\s+be\s+between\s+40\s+and\s+500`},
		{"data disk type", `configs = { disks = { data_disk = { type = "nvme" } } }`, "", `configs\.disks\.data_disk\.type\s+value\s+must\s+be\s+one\s+of`},
		{"cloud data disk size", `configs = { disks = { data_disk = { type = "cloud", size = 10 } } }`, "",
			`configs\.disks\.data_disk\.size\s+of\s+a\s+cloud\s+disk\s+must\s+be\s+between\s+20\s+and\s+32768\s+GB,\s+got\s+10`},
		{"data disk size with the system disk's type", `configs = { disks = { system_disk = { type = "cloud_ssd" }, data_disk = { size = 10 } } }`, "",
			`configs\.disks\.data_disk\.size\s+of\s+a\s+cloud\s+disk\s+must\s+be\s+between\s+20\s+and\s+32768`},
		{"data disk too big", `configs = { disks = { data_disk = { type = "cloud", size = 32769 } } }`, "",
			`configs\.disks\.data_disk\.size\s+of\s+a\s+cloud\s+disk\s+must\s+be\s+between\s+20\s+and\s+32768\s+GB,\s+got\s+32769`},
		{"data disk size without any type", `configs = { disks = { data_disk = { size = 40000 } } }`, "",
			`configs\.disks\.data_disk\.size\s+must\s+be\s+between\s+5\s+and\s+32768\s+GB,\s+got\s+40000`},
		{"data disk type differs", `configs = { disks = { system_disk = { type = "cloud_ssd" }, data_disk = { type = "cloud" } } }`, "",
			`configs\.disks\.data_disk\.type\s+must\s+equal`},
		{"ephemeral data disk size", `configs = { disks = { data_disk = { type = "ephemeral", size = 2000 } } }`, "",
			`configs\.disks\.data_disk\.size\s+of\s+an\s+ephemeral\s+disk\s+must\s+be\s+between\s+5\s+and\s+1024`},
		{"notification event", `notification = { topic = { name = "t", endpoint = "http://1.mns.cn-hangzhou.aliyuncs.com/", events = ["OnJobFailed"] } }`, "",
			`notification\.topic\.events\[Value\("OnJobFailed"\)\]\s+value\s+must\s+be\s+one\s+of`},
		{"notification events empty", `notification = { topic = { name = "t", endpoint = "http://1.mns.cn-hangzhou.aliyuncs.com/", events = [] } }`, "",
			`notification\.topic\.events\s+set\s+must\s+contain\s+at\s+least\s+1`},
		{"notification endpoint", `notification = { topic = { name = "t", endpoint = "1.mns.cn-hangzhou.aliyuncs.com" } }`, "",
			`notification\.topic\.endpoint\s+must\s+be\s+an\s+http`},
		{"groups empty", "", "EMPTY", `Attribute\s+groups\s+map\s+must\s+contain\s+at\s+least\s+1`},
		{"group name too long", "", "NAME", `groups.*\s*string\s+length\s+must\s+be\s+between\s+1\s+and\s+64`},
		{"desired zero", "", `desired_vm_count = 0`, `groups\["g1"\]\.desired_vm_count\s+value\s+must\s+be\s+between\s+1\s+and\s+65536`},
		{"desired too big", "", `desired_vm_count = 65537`, `groups\["g1"\]\.desired_vm_count\s+value\s+must\s+be\s+between\s+1\s+and\s+65536`},
		{"resource type", "", `resource_type = "Reserved"`, `groups\["g1"\]\.resource_type\s+value\s+must\s+be\s+one\s+of`},
		{"spot strategy value", "", "resource_type = \"Spot\"\n      spot_strategy = \"Cheap\"", `groups\["g1"\]\.spot_strategy\s+value\s+must\s+be\s+one\s+of`},
		{"spot price negative", "", "resource_type = \"Spot\"\n      spot_strategy = \"SpotWithPriceLimit\"\n      spot_price_limit = -1",
			`groups\["g1"\]\.spot_price_limit\s+value\s+must\s+be\s+at\s+least\s+0`},
		{"spot price decimals", "", "resource_type = \"Spot\"\n      spot_strategy = \"SpotWithPriceLimit\"\n      spot_price_limit = 0.1234",
			`groups\["g1"\]\.spot_price_limit[\s\S]*decimal`},
		{"spot price without price-limit strategy", "", "resource_type = \"Spot\"\n      spot_strategy = \"SpotAsPriceGo\"\n      spot_price_limit = 1",
			`groups\["g1"\]\.spot_price_limit\s+may\s+only\s+be\s+set\s+when`},
		{"spot price on an OnDemand group without strategy", "", "spot_price_limit = 0.5",
			`groups\["g1"\]\.spot_price_limit\s+may\s+only\s+be\s+set\s+when`},
		{"group instance type shape", "", `instance_type = "x"`, `groups\["g1"\]\.instance_type\s+must\s+be\s+an\s+instance\s+type`},
		{"instance type missing", "NOTYPE", "", `The\s+argument\s+"instance_type"\s+is\s+required`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:      validationConfig(tc.extra, tc.group),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(tc.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// validationConfig builds a valid configuration with one top-level line replaced or added (extra; "NOTYPE"
// drops instance_type) and one line added to group g1 (group; "EMPTY" gives an empty groups map, "NAME" a
// group name that is too long).
func validationConfig(extra, group string) string {
	lines := []string{`name = "valid-name"`, `image_id = "img-ubuntu"`, `instance_type = "bcs.a2.large"`}
	kept := []string{}
	for _, l := range lines {
		key := strings.Fields(l)[0]
		if extra == "NOTYPE" && key == "instance_type" || strings.HasPrefix(extra, key+" ") {
			continue
		}
		kept = append(kept, l)
	}
	if extra != "NOTYPE" && extra != "" {
		kept = append(kept, extra)
	}
	groups := fmt.Sprintf(`groups = {
    g1 = {
      desired_vm_count = 1
      %s
    }
  }`, group)
	switch group {
	case "EMPTY":
		groups = "groups = {}"
	case "NAME":
		groups = fmt.Sprintf(`groups = {
    %s = {
      desired_vm_count = 1
    }
  }`, strings.Repeat("g", 65))
	}
	if group != "EMPTY" && group != "NAME" && strings.HasPrefix(group, "desired_vm_count") {
		groups = fmt.Sprintf(`groups = {
    g1 = {
      %s
    }
  }`, group)
	}
	return fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  %s
  %s
}
`, strings.Join(kept, "\n  "), groups)
}

// Every class of server error reaches the user with its code, message, request id and a hint.
func TestAccBatchComputeCluster_serverErrors(t *testing.T) {
	cases := []struct {
		name   string
		inject core.InjectedError
		want   string
	}{
		{"quota clusters", core.InjectedError{Action: "batchcompute:CreateCluster", Status: 403, Code: "QuotaExhausted.MaxClusterCount",
			Message: "The MaxClusterCount (100) quota is exhausted."},
			`QuotaExhausted\.MaxClusterCount[\s\S]*request\s+id:[\s\S]*quota\s+of\s+clusters\s+\(MaxClusterCount\)`},
		{"quota groups", core.InjectedError{Action: "batchcompute:CreateCluster", Status: 403, Code: "QuotaExhausted.MaxClusterGroupCount",
			Message: "The MaxClusterGroupCount (20) quota is exhausted."}, `quota\s+of\s+groups\s+per\s+cluster\s+\(MaxClusterGroupCount\)`},
		{"invalid parameter", core.InjectedError{Action: "batchcompute:CreateCluster", Status: 400, Code: "InvalidInstanceType",
			Message: "Specified parameter InstanceType is not valid."}, `InvalidInstanceType[\s\S]*instance\s+type\s+does\s+not\s+exist`},
		{"token mismatch", core.InjectedError{Action: "batchcompute:CreateCluster", Status: 400, Code: "IdempotentTokenMismatch",
			Message: "Specified idempotent token mismatch."}, `IdempotentTokenMismatch[\s\S]*token\s+was\s+already\s+used`},
		{"forbidden", core.InjectedError{Action: "batchcompute:CreateCluster", Status: 403, Code: "Forbidden",
			Message: "Forbidden."}, `Forbidden[\s\S]*RAM\s+permissions`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			acctest.SkipUnlessAcceptance(t)
			tc.inject.Count = 1
			acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{tc.inject}})
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      configMinimal(acctest.RandomName("tf-bc"), 1),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// A real quota of the emulator, not an injected error: the desired count is over the per-group quota.
func TestAccBatchComputeCluster_quota(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	admin := acctest.Admin(t)
	ctx := context.Background()
	var before map[string]int
	if err := admin.Do(ctx, http.MethodGet, "/_emulator/batchcompute/quota", nil, &before); err != nil {
		t.Fatal(err)
	}
	if err := admin.Do(ctx, http.MethodPut, "/_emulator/batchcompute/quota", map[string]int{"MaxClusterGroupDesiredVMCount": 2}, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := admin.Do(ctx, http.MethodPut, "/_emulator/batchcompute/quota", before, nil); err != nil {
			t.Error(err)
		}
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      configMinimal(acctest.RandomName("tf-bc"), 3),
			ExpectError: regexp.MustCompile(`QuotaExhausted\.MaxClusterGroupDesiredVMCount[\s\S]*MaxClusterGroupDesiredVMCount\s+\(2\)[\s\S]*quota\s+of\s+instances\s+per\s+group`),
		}},
	})
}

// Transient server failures and a cluster busy for a while are retried and never reach the user.
func TestAccBatchComputeCluster_transientReadErrors(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	acctest.SetFaults(t, core.FaultConfig{Inject: []core.InjectedError{
		{Action: "batchcompute:GetCluster", Status: 500, Code: "InternalError", Message: "internal error", Count: 2},
		{Action: "batchcompute:DeleteCluster", Status: 503, Code: "ServiceUnavailable", Message: "unavailable", Count: 1},
		// A cluster that refuses deletion for a while (StateConflict while not Deleting) is asked again.
		{Action: "batchcompute:DeleteCluster", Status: 409, Code: "StateConflict", Message: "The current resource state is Active.", Count: 2},
	}})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps:                    []resource.TestStep{{Config: configMinimal(acctest.RandomName("tf-bc"), 1)}},
	})
}

// ---- helpers ----

type clusterItem struct {
	ID    string `json:"Id"`
	Name  string `json:"Name"`
	State string `json:"State"`
}

func listClusters(ctx context.Context, t *testing.T) []clusterItem {
	t.Helper()
	var out struct{ Items []clusterItem }
	if err := acctest.Admin(t).Do(ctx, http.MethodGet, "/_emulator/batchcompute/clusters", nil, &out); err != nil {
		t.Fatal(err)
	}
	return out.Items
}

func checkClusterCount(t *testing.T, name string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n := 0
		for _, c := range listClusters(context.Background(), t) {
			if c.Name == name && c.State == "Active" {
				n++
			}
		}
		if n != want {
			return fmt.Errorf("%d active clusters named %s, want %d", n, name, want)
		}
		return nil
	}
}

// checkDestroyed asks the service, through the resource's own finder, that no cluster of the state is left
// (Destroy waits for GetCluster's 404); it works against a real account too.
func checkDestroyed(t *testing.T) resource.TestCheckFunc {
	return acctest.CheckDestroyed(t, "aliyun_batchcompute_cluster", batchcompute.FindClusterByID)
}

func manyEntries(n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += fmt.Sprintf("\n    k%d = \"v\"", i)
	}
	return out + "\n  "
}

// The empty values of the CreateCluster example are accepted, each on its own at plan time.
func TestAccBatchComputeCluster_emptyValuesPlan(t *testing.T) {
	cases := map[string]struct{ extra, group string }{
		"empty OSS strings":             {`configs = { mounts = { oss = { access_key_id = "", access_key_secret = "", access_security_token = "" } } }`, ""},
		"empty classic lists and a VPC": {`configs = { networks = { classic = { allow_ip_address = [], allow_ip_address_egress = [], allow_security_group = [], allow_security_group_egress = [] }, vpc = { cidr_block = "10.0.0.0/8" } } }`, ""},
		"empty group instance type":     {"", `instance_type = ""`},
	}
	steps := []resource.TestStep{}
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:             validationConfig(tc.extra, tc.group),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// The request of the CreateCluster example applies, and reads back without a diff (the service, here the
// emulator, accepts it too).
func TestAccBatchComputeCluster_exampleRequest(t *testing.T) {
	name := acctest.RandomName("tf-bc")
	configs := tfjsonpath.New("configs")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  name          = %[1]q
  image_id      = "m-2309yqb5n"
  instance_type = "bcs.a2.large"
  configs = {
    disks = {
      system_disk = { type = "cloud", size = 500 }
      data_disk   = { type = "cloud", size = 500, mount_point = "/path/to/mount" }
    }
    mounts = {
      oss = {
        access_key_id         = ""
        access_key_secret     = ""
        access_security_token = ""
      }
    }
    networks = {
      classic = {
        allow_ip_address            = []
        allow_ip_address_egress     = []
        allow_security_group        = []
        allow_security_group_egress = []
      }
      vpc = { cidr_block = "10.0.0.0/8" }
    }
  }
  groups = {
    group1 = {
      desired_vm_count = 1
      instance_type    = ""
      resource_type    = "OnDemand"
    }
  }
}
`, name),
			Check: acctest.CheckExists(t, resourceName, batchcompute.FindClusterByID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, configs.AtMapKey("mounts").AtMapKey("oss").AtMapKey("access_key_id"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(resourceName, configs.AtMapKey("networks").AtMapKey("classic").AtMapKey("allow_ip_address"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(resourceName, configs.AtMapKey("networks").AtMapKey("vpc").AtMapKey("cidr_block"), knownvalue.StringExact("10.0.0.0/8")),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("group1").AtMapKey("instance_type"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("group1").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(1)),
			},
		}},
	})
}

// Each bad value gets exactly one error, from the most specific rule, through the provider's whole plan-time
// validation (attribute validators and resource rules), as Terraform calls it.
func TestBatchComputeCluster_oneErrorPerValue(t *testing.T) {
	ctx := context.Background()
	server, err := acctest.ProtoV6ProviderFactories[acctest.ProviderName]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["aliyun_batchcompute_cluster"].ValueType()
	disks := func(sys, data map[string]any) map[string]any {
		d := map[string]any{}
		if sys != nil {
			d["system_disk"] = sys
		}
		if data != nil {
			d["data_disk"] = data
		}
		return map[string]any{"disks": d}
	}
	cases := map[string]struct {
		configs  map[string]any
		group    map[string]any
		want     string // the one error's detail must contain it; "" for no error
		notWants []string
	}{
		"cloud data disk too big": {configs: disks(nil, map[string]any{"type": "cloud", "size": 32769}),
			want: "of a cloud disk must be between 20 and 32768 GB, got 32769", notWants: []string{"between 5 and 32768"}},
		"ephemeral data disk too big": {configs: disks(nil, map[string]any{"type": "ephemeral", "size": 2000}),
			want: "of an ephemeral disk must be between 5 and 1024 GB, got 2000"},
		"inherited type": {configs: disks(map[string]any{"type": "cloud_ssd"}, map[string]any{"size": 10}),
			want: `got 10 (type "cloud_ssd", from configs.disks.system_disk.type)`},
		"no type": {configs: disks(nil, map[string]any{"size": 40000}), want: "between 5 and 32768 GB, got 40000"},
		"undocumented data type beside a system type": {configs: disks(map[string]any{"type": "cloud"}, map[string]any{"type": "nvme"}),
			want: "value must be one of", notWants: []string{"must equal"}},
		"types differ": {configs: disks(map[string]any{"type": "cloud_ssd"}, map[string]any{"type": "cloud"}),
			want: `must equal configs.disks.system_disk.type ("cloud_ssd"), got "cloud"`},
		"system disk too small": {configs: disks(map[string]any{"size": 39}, nil), want: "between 40 and 500"},
		"example request": {configs: map[string]any{
			"mounts": map[string]any{"oss": map[string]any{"access_key_id": "", "access_key_secret": "", "access_security_token": ""}},
			"networks": map[string]any{
				"classic": map[string]any{"allow_ip_address": []any{}, "allow_ip_address_egress": []any{}, "allow_security_group": []any{}, "allow_security_group_egress": []any{}},
				"vpc":     map[string]any{"cidr_block": "10.0.0.0/8"},
			},
		}, group: map[string]any{"instance_type": ""}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			group := map[string]any{"desired_vm_count": 1}
			for k, v := range tc.group {
				group[k] = v
			}
			cfg := map[string]any{
				"name": "valid-name", "image_id": "img-ubuntu", "instance_type": "bcs.a2.large",
				"configs": tc.configs, "groups": map[string]any{"g1": group},
			}
			errs := validationErrors(ctx, t, server, typ, cfg)
			if tc.want == "" {
				if len(errs) != 0 {
					t.Fatalf("want no error, got %d: %s", len(errs), describeDiags(errs))
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("want exactly one error, got %d: %s", len(errs), describeDiags(errs))
			}
			if !strings.Contains(errs[0].Detail, tc.want) {
				t.Errorf("error does not say %q: %s", tc.want, errs[0].Detail)
			}
			for _, nw := range tc.notWants {
				if strings.Contains(errs[0].Detail, nw) {
					t.Errorf("error says %q: %s", nw, errs[0].Detail)
				}
			}
		})
	}
}

// validationErrors runs the provider's ValidateResourceConfig on cfg and returns its errors.
func validationErrors(ctx context.Context, t *testing.T, server tfprotov6.ProviderServer, typ tftypes.Type, cfg map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, configValue(t, typ, cfg))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "aliyun_batchcompute_cluster", Config: &dv})
	if err != nil {
		t.Fatal(err)
	}
	var errs []*tfprotov6.Diagnostic
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d)
		}
	}
	return errs
}

func describeDiags(ds []*tfprotov6.Diagnostic) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Summary + ": " + d.Detail
	}
	return strings.Join(parts, " | ")
}

// configValue builds a configuration value of type typ from Go values: objects from maps (attributes left
// out are null), strings, ints, lists from []any.
func configValue(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	switch ty := typ.(type) {
	case tftypes.Object:
		in, _ := v.(map[string]any)
		if in == nil {
			return tftypes.NewValue(typ, nil)
		}
		vals := make(map[string]tftypes.Value, len(ty.AttributeTypes))
		for name, at := range ty.AttributeTypes {
			vals[name] = configValue(t, at, in[name])
		}
		return tftypes.NewValue(typ, vals)
	case tftypes.Map:
		vals := map[string]tftypes.Value{}
		for k, e := range v.(map[string]any) {
			vals[k] = configValue(t, ty.ElementType, e)
		}
		return tftypes.NewValue(typ, vals)
	case tftypes.List:
		vals := []tftypes.Value{}
		for _, e := range v.([]any) {
			vals = append(vals, configValue(t, ty.ElementType, e))
		}
		return tftypes.NewValue(typ, vals)
	}
	switch x := v.(type) {
	case int:
		return tftypes.NewValue(typ, big.NewFloat(float64(x)))
	default:
		return tftypes.NewValue(typ, x)
	}
}

// Every configs change but recording the OSS secrets after an import replaces the cluster: a leaf, a nested
// block, and the whole block removed.
func TestAccBatchComputeCluster_configsReplace(t *testing.T) {
	name := acctest.RandomName("tf-bc")
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	withConfigs := func(configs string) string {
		return fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  name          = %[1]q
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"
  %[2]s
  groups = {
    g1 = {
      desired_vm_count = 1
    }
  }
}
`, name, configs)
	}
	replaced := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate),
	}}
	step := func(configs string, checks resource.ConfigPlanChecks) resource.TestStep {
		return resource.TestStep{
			Config:            withConfigs(configs),
			ConfigPlanChecks:  checks,
			ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(resourceName, tfjsonpath.New("id"))},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			step(`configs = { mounts = { locale = "GBK", oss = { access_key_id = "id-1", access_key_secret = "secret-1" } } }`, resource.ConfigPlanChecks{}),
			// A leaf next to the secrets.
			step(`configs = { mounts = { locale = "UTF-8", oss = { access_key_id = "id-1", access_key_secret = "secret-1" } } }`, replaced),
			// A secret of a cluster Terraform created (not imported).
			step(`configs = { mounts = { locale = "UTF-8", oss = { access_key_id = "id-1", access_key_secret = "secret-2" } } }`, replaced),
			// A nested block added.
			step(`configs = { mounts = { locale = "UTF-8", oss = { access_key_id = "id-1", access_key_secret = "secret-2" } }, disks = { system_disk = { size = 40 } } }`, replaced),
			// The OSS block removed.
			step(`configs = { mounts = { locale = "UTF-8" }, disks = { system_disk = { size = 40 } } }`, replaced),
			// The whole block removed.
			step(``, replaced),
		},
	})
}

// seedGroupConfig is a cluster whose only group is the one of the CreateCluster document's request, verbatim:
// an OnDemand group that sends SpotStrategy SpotAsPriceGo and SpotPriceLimit 0.0, which the service accepts.
func seedGroupConfig(name, strategy string) string {
	return fmt.Sprintf(`
resource "aliyun_batchcompute_cluster" "test" {
  name          = %[1]q
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"
  groups = {
    group1 = {
      desired_vm_count = 3
      instance_type    = ""
      resource_type    = "OnDemand"
      spot_strategy    = %[2]q
      spot_price_limit = 0.0
    }
  }
}
`, name, strategy)
}

// TestAccBatchComputeCluster_spotOnOnDemand: what the service accepts is not refused at plan time. The
// document's group (SpotAsPriceGo and a limit of 0 on an OnDemand group) and a spot_strategy alone on a
// default (OnDemand) group plan; the document's group applies and reads back without a diff (the step's own
// empty-plan check), and its spot_strategy changes in place.
func TestAccBatchComputeCluster_spotOnOnDemand(t *testing.T) {
	name := acctest.RandomName("tf-bc")
	strategy := func(v string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("group1").AtMapKey("spot_strategy"), knownvalue.StringExact(v))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(t),
		Steps: []resource.TestStep{
			{Config: seedGroupConfig(name, "SpotAsPriceGo"), PlanOnly: true, ExpectNonEmptyPlan: true},
			{Config: validationConfig("", `spot_strategy = "SpotAsPriceGo"`), PlanOnly: true, ExpectNonEmptyPlan: true},
			{
				Config: seedGroupConfig(name, "SpotAsPriceGo"),
				ConfigStateChecks: []statecheck.StateCheck{
					strategy("SpotAsPriceGo"),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("group1").AtMapKey("resource_type"), knownvalue.StringExact("OnDemand")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("group1").AtMapKey("spot_price_limit"), knownvalue.Float64Exact(0)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("groups").AtMapKey("group1").AtMapKey("actual_vm_count"), knownvalue.Int64Exact(3)),
				},
			},
			{
				Config: seedGroupConfig(name, "SpotWithPriceLimit"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{strategy("SpotWithPriceLimit")},
			},
		},
	})
}
