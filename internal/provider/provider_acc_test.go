package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
)

// A configuration that needs the provider configured: Terraform configures a provider only for resources.
func testAccProviderConfig(providerBlock, name string) string {
	return fmt.Sprintf(`
%[1]s

resource "aliyun_batchcompute_cluster" "test" {
  name          = %[2]q
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"
  groups = {
    g1 = {
      desired_vm_count = 1
    }
  }
}
`, providerBlock, name)
}

// Configure-time errors reach the user through Terraform, before any API call, naming the attribute and the
// environment variable.
func TestAccProvider_configureErrors(t *testing.T) {
	acctest.PreCheck(t)
	name := acctest.RandomName("tf-cfg")

	t.Run("bad endpoint in the environment", func(t *testing.T) {
		t.Setenv("ALIBABA_CLOUD_ENDPOINT_CS", "cs.example.com")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      testAccProviderConfig(`provider "aliyun" {}`, name),
				ExpectError: regexp.MustCompile(`endpoints\.cs\s+\(or\s+ALIBABA_CLOUD_ENDPOINT_CS\)`),
			}},
		})
	})

	t.Run("no credentials", func(t *testing.T) {
		for _, k := range []string{"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID",
			"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_PROFILE",
			"ALIBABA_CLOUD_PROFILE", "ALICLOUD_SHARED_CREDENTIALS_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE", "ALICLOUD_ECS_ROLE_NAME"} {
			t.Setenv(k, "")
		}
		// Keep the default chain away from this machine's files and metadata service.
		t.Setenv("HOME", t.TempDir())
		t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      testAccProviderConfig(`provider "aliyun" {}`, name),
				ExpectError: regexp.MustCompile(`(?s)No usable Alibaba Cloud credentials.*access_key.*ALICLOUD_ACCESS_KEY`),
			}},
		})
	})

	t.Run("access key without secret", func(t *testing.T) {
		t.Setenv("ALICLOUD_SECRET_KEY", "")
		t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: testAccProviderConfig(`
provider "aliyun" {
  access_key = "LTAIonlythekey"
}`, name),
				ExpectError: regexp.MustCompile(`(?s)Missing secret key.*ALICLOUD_SECRET_KEY`),
			}},
		})
	})
}

// The endpoints block overrides the environment: with the environment pointing Batch Compute at a closed port,
// a cluster is created, read and destroyed only if every request goes to the configured endpoint.
func TestAccProvider_endpointOverride(t *testing.T) {
	acctest.Admin(t) // steers the provider at the emulator
	t.Setenv("ALIBABA_CLOUD_ENDPOINT_BATCHCOMPUTE", "http://127.0.0.1:1")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccProviderConfig(fmt.Sprintf(`
provider "aliyun" {
  endpoints {
    batchcompute = %q
  }
}`, acctest.URL()), acctest.RandomName("tf-ep")),
		}},
	})
}
