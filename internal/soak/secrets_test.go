package soak_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Secrets hygiene. What the emulator itself enforces is tested next to it: every API route of every product
// refuses unsigned, wrongly signed and unknown-key requests (internal/emulator TestEveryRouteRefusesBadSignatures),
// and the command listens on loopback by default and says so (internal/emulator TestDefaults;
// internal/emulator/cmd/emulator TestCommandDefaultListenIsLoopback and TestCommandLoopbackPortZeroAndShutdown).
// These tests look at the other side: what a user of the provider can see.

// Values no log line, plan output or state file may show (write-only ones not even the state).
const (
	stsKeyID          = "STS.SoakKeyId4b227777d4dd1fc6"
	stsSecret         = "SoakStsSecret9c1185a5c5e9fc54612808977ee8f548b"
	stsToken          = "SoakStsTokenCAISzwJ1q6Ft5B2yfSjIr5bdFp7p0fWpWX3q9B"
	clusterPasswordWO = "Soak-WoPass-5120"
	edgePasswordWO    = "Soak-EdgeWo-8842!"
)

// secretsConfig has every secret attribute of the four resource types: E-HPC cluster password and
// password_wo, the edge scale-out's login_password and login_password_wo, and the Batch Compute OSS key
// secret and security token; plus existing nodes, so that all four types are applied and destroyed.
func (f fixtures) secretsConfig() string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "sensitive" {
  cluster_name = "%[1]s-sensitive"

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
}

resource "aliyun_ehpc_cluster" "write_only" {
  cluster_name = "%[1]s-write-only"

  cluster_credentials = {
    password_wo         = %[3]q
    password_wo_version = 1
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
}

resource "aliyun_ehpc_existing_nodes" "test" {
  cluster_id   = %[4]q
  image_id     = %[5]q
  instance_ids = %[6]s
}

resource "aliyun_ack_edge_scale_out" "sensitive" {
  cluster_id               = %[7]q
  worker_count             = 1
  worker_instance_type     = "ens.sn1.tiny"
  ens_region_id            = "cn-beijing-telecom"
  worker_image_id          = "m-2QVLO2T8NYgm8CNQVg15gF"
  ens_internet_charge_type = "BandwidthByDay"
  worker_period            = 1
  worker_system_disk_size  = 20
  login_password           = %[8]q
}

resource "aliyun_ack_edge_scale_out" "write_only" {
  cluster_id                = %[9]q
  worker_count              = 1
  worker_instance_type      = "ens.sn1.tiny"
  ens_region_id             = "cn-beijing-telecom"
  worker_image_id           = "m-2QVLO2T8NYgm8CNQVg15gF"
  ens_internet_charge_type  = "BandwidthByDay"
  worker_period             = 1
  worker_system_disk_size   = 20
  login_password_wo         = %[10]q
  login_password_wo_version = 1
}

resource "aliyun_batchcompute_cluster" "test" {
  name          = "%[1]s-batch"
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"

  configs = {
    mounts = {
      oss = {
        access_key_id         = "LTAI5tSoakOssKeyId"
        access_key_secret     = %[11]q
        access_security_token = %[12]q
      }
    }
  }

  groups = {
    g1 = {
      desired_vm_count = 1
    }
  }
}
`, f.prefix, clusterPassword, clusterPasswordWO, f.nodesClusters[0], nodesImage, hclStrings(f.nodeSets[0]),
		f.edgeClusters[0], edgePassword, f.edgeClusters[1], edgePasswordWO, ossSecret, ossToken)
}

// secretValues are every secret the configuration and the credentials hold, by name.
var secretValues = map[string]string{
	"STS access key secret":     stsSecret,
	"STS security token":        stsToken,
	"default access key secret": "EmulatorSecretKey0123456789abcd",
	"E-HPC cluster password":    clusterPassword,
	"E-HPC cluster password_wo": clusterPasswordWO,
	"edge login_password":       edgePassword,
	"edge login_password_wo":    edgePasswordWO,
	"OSS access_key_secret":     ossSecret,
	"OSS access_security_token": ossToken,
}

// secretForms are the ways a value can show up in text: verbatim or JSON-escaped (Go escapes <, > and &
// too), each of those form- or percent-encoded once or twice (URLs, query strings, an RPC string to sign,
// which percent-encodes its parameters twice, and a JSON parameter inside it once more).
func secretForms(s string) []string {
	pe := func(v string) string {
		return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(v))
	}
	b, _ := json.Marshal(s)
	var forms []string
	for _, v := range []string{s, string(b[1 : len(b)-1])} {
		forms = append(forms, v, url.QueryEscape(v), pe(v), url.QueryEscape(pe(v)), pe(pe(v)), pe(pe(pe(v))))
	}
	return forms
}

// assertNoSecrets fails for every secret (in any form) found in text, quoting the line it is on.
func assertNoSecrets(t *testing.T, what, text string, secrets map[string]string) {
	t.Helper()
	for name, v := range secrets {
		for _, form := range secretForms(v) {
			i := strings.Index(text, form)
			if i < 0 {
				continue
			}
			start := strings.LastIndexByte(text[:i], '\n') + 1
			end := len(text)
			if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
				end = i + j
			}
			t.Errorf("%s shows the %s (%d occurrences), e.g. in: %.600s", what, name, strings.Count(text, form), text[start:end])
			break
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAccSecrets_traceLogStateAndPlan applies and destroys all four resource types, with every secret
// attribute set and STS credentials, through the provider binary as users run it, with TF_LOG=TRACE (and
// the SDKs' own DEBUG=sdk,credential), and
// asserts that no secret appears in the trace log (terraform's and the provider's), in terraform's output,
// or, for write-only values, in the state; and that the plan shows sensitive values as such. A last apply
// with a wrong secret provokes SignatureDoesNotMatch, whose message echoes the string to sign (security
// token and RPC parameters, passwords among them): that must be masked too.
func TestAccSecrets_traceLogStateAndPlan(t *testing.T) {
	processTest(t)
	providerDir, _ := binaries(t)
	admin := acctest.Admin(t)
	if err := admin.AddKey(context.Background(), core.AccessKey{ID: stsKeyID, Secret: stsSecret, SecurityToken: stsToken}); err != nil {
		t.Fatal(err)
	}
	f := newFixtures(t, admin, acctest.RandomName("secrets"), 2)
	ws := newWorkspace(t, providerDir, acctest.URL(), f.secretsConfig())
	ws.env = append(ws.env, "ALICLOUD_ACCESS_KEY="+stsKeyID, "ALICLOUD_SECRET_KEY="+stsSecret, "ALICLOUD_SECURITY_TOKEN="+stsToken)
	logDir := t.TempDir()
	traced := func(name string) *workspace {
		w := *ws
		// DEBUG switches on the Alibaba Cloud SDKs' raw request dumps; the provider must ignore it.
		w.env = append(w.env[:len(w.env):len(w.env)], "TF_LOG=TRACE", "TF_LOG_PATH="+filepath.Join(logDir, name+".log"), "DEBUG=sdk,credential")
		return &w
	}

	plan := traced("plan").mustRun(t, "plan", "-input=false", "-no-color")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^\s+\+ password\s+= \(sensitive value\)$`),
		regexp.MustCompile(`(?m)^\s+\+ login_password\s+= \(sensitive value\)$`),
		regexp.MustCompile(`(?m)^\s+\+ access_key_secret\s+= \(sensitive value\)$`),
		regexp.MustCompile(`(?m)^\s+\+ access_security_token\s+= \(sensitive value\)$`),
		regexp.MustCompile(`(?m)^\s+\+ password_wo\s+= \((sensitive, )?write-only attribute\)$`),
		regexp.MustCompile(`(?m)^\s+\+ login_password_wo\s+= \((sensitive, )?write-only attribute\)$`),
	} {
		if !want.MatchString(plan) {
			t.Errorf("the plan does not show %s", want)
		}
	}
	assertNoSecrets(t, "the plan output", plan, secretValues)

	apply := traced("apply").mustRun(t, "apply", "-input=false", "-auto-approve", "-no-color")
	assertNoSecrets(t, "the apply output", apply, secretValues)

	state := readFile(t, filepath.Join(ws.dir, "terraform.tfstate"))
	assertNoSecrets(t, "the state file", state, map[string]string{
		"E-HPC cluster password_wo": clusterPasswordWO, "edge login_password_wo": edgePasswordWO,
	})
	for _, attr := range []string{"password_wo", "login_password_wo"} {
		if regexp.MustCompile(`"` + attr + `":\s*"`).MatchString(state) {
			t.Errorf("the state holds a value for the write-only %s", attr)
		}
	}

	destroy := traced("destroy").mustRun(t, "destroy", "-input=false", "-auto-approve", "-no-color")
	assertNoSecrets(t, "the destroy output", destroy, secretValues)

	// The wrong secret: every request is refused with the gateway's SignatureDoesNotMatch.
	wrong := traced("wrong-secret")
	wrong.env = append(wrong.env, "ALICLOUD_SECRET_KEY=SoakWrongSecretValue0d61f8370cad1d4")
	out, err := wrong.run("apply", "-input=false", "-auto-approve", "-no-color", "-target=aliyun_ehpc_cluster.sensitive", "-target=aliyun_batchcompute_cluster.test")
	if err == nil || !strings.Contains(out, "SignatureDoesNotMatch") {
		t.Errorf("an apply with a wrong secret should fail with SignatureDoesNotMatch: %v\n%s", err, out)
	}
	withWrong := map[string]string{"wrong access key secret": "SoakWrongSecretValue0d61f8370cad1d4"}
	for k, v := range secretValues {
		withWrong[k] = v
	}
	assertNoSecrets(t, "the wrong-secret apply output", out, withWrong)

	for _, name := range []string{"plan", "apply", "destroy", "wrong-secret"} {
		log := readFile(t, filepath.Join(logDir, name+".log"))
		// Proof that the provider's own log lines were captured, not only terraform's.
		if name != "plan" && !strings.Contains(log, "API call") {
			t.Errorf("the %s trace log has no provider API call lines; the provider's log was not captured", name)
		}
		assertNoSecrets(t, "the "+name+" TRACE log", log, withWrong)
		t.Logf("%s TRACE log: %d bytes, %d provider API call lines", name, len(log), strings.Count(log, "API call"))
	}
}
