package ehpc_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// Tests through the real terraform CLI (acctest.CLI), for what the in-process test framework cannot
// observe: warnings in `terraform plan` output, and a state file written by an earlier provider version
// (with its offline half through the provider server).

// flatOutput is the CLI's output with every run of white space one blank, so that wrapped warnings match.
func flatOutput(out string) string { return strings.Join(strings.Fields(out), " ") }

func wantInOutput(t *testing.T, out string, fragments ...string) {
	t.Helper()
	flat := flatOutput(out)
	for _, f := range fragments {
		if !strings.Contains(flat, f) {
			t.Fatalf("plan output lacks %q:\n%s", f, out)
		}
	}
}

// TestAccEHPCCluster_planWarnsBeforeDeletingQueues checks that `terraform plan` warns before a queue is
// deleted (removed, or renamed: the service cannot rename a queue, so the old name is deleted and the new one
// created), that the cluster itself is updated in place, and that no other change warns.
func TestAccEHPCCluster_planWarnsBeforeDeletingQueues(t *testing.T) {
	name := acctest.RandomName("tf-qwarn")
	comp, gpu := `{ queue_name = "comp", max_count = 2 }`, `{ queue_name = "gpu", max_count = 4 }`
	cli := acctest.NewCLI(t)
	cli.WriteConfig(clusterQueuesConfig(name, comp, gpu))
	cli.MustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		if _, err := cli.Run("destroy", "-auto-approve"); err != nil {
			t.Error(err)
		}
	})
	const warning = "Warning: E-HPC queues will be deleted"

	// Renamed: a deletion and a creation of that queue, the cluster updated in place.
	cli.WriteConfig(clusterQueuesConfig(name, comp, strings.Replace(gpu, `"gpu"`, `"gpu2"`, 1)))
	out := cli.MustRun("plan")
	wantInOutput(t, out, warning, "Queues gpu will be deleted (DeleteQueues), which releases their nodes.",
		"Queues gpu2 will be created.", "cannot rename a queue in place", "The cluster itself is kept.",
		"0 to add, 1 to change, 0 to destroy")

	// Removed: a deletion only.
	cli.WriteConfig(clusterQueuesConfig(name, gpu))
	out = cli.MustRun("plan")
	wantInOutput(t, out, warning, "Queues comp will be deleted", "0 to add, 1 to change, 0 to destroy")
	if strings.Contains(out, "will be created") {
		t.Fatalf("a plan that only removes a queue says one is created:\n%s", out)
	}

	// Changed in place, added, reordered: no warning.
	for _, cfg := range []string{
		clusterQueuesConfig(name, strings.Replace(comp, "2", "3", 1), gpu),
		clusterQueuesConfig(name, comp, gpu, `{ queue_name = "big", max_count = 1 }`),
		clusterQueuesConfig(name, gpu, comp),
	} {
		cli.WriteConfig(cfg)
		if out := cli.MustRun("plan"); strings.Contains(out, "queues will be deleted") {
			t.Fatalf("a plan that deletes no queue warns:\n%s\n%s", cfg, out)
		}
	}
	cli.WriteConfig(clusterQueuesConfig(name, gpu, comp))
	wantInOutput(t, cli.MustRun("plan"), "No changes.")
}

// TestAccEHPCCluster_planWarnsBeforeTakingOverQueues: a cluster that did not set `queues` while an
// aliyun_ehpc_queue added "extra" starts setting it. From that apply on the resource owns the whole list, so the
// plan must say, before yes, that "extra" (which the state knows nothing of) will be deleted.
func TestAccEHPCCluster_planWarnsBeforeTakingOverQueues(t *testing.T) {
	name := acctest.RandomName("tf-qtake")
	cli := acctest.NewCLI(t)
	cli.WriteConfig(queueConfig(name))
	cli.MustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		cli.WriteConfig(queueConfig(name))
		if _, err := cli.Run("destroy", "-auto-approve"); err != nil {
			t.Error(err)
		}
	})
	if out := cli.MustRun("plan"); strings.Contains(out, "will be deleted") {
		t.Fatalf("a plan that leaves the list alone warns:\n%s", out)
	}
	owning := strings.Replace(queueConfig(name), "  cluster_credentials = {", "  queues = [{ queue_name = \"comp\" }]\n\n  cluster_credentials = {", 1)
	cli.WriteConfig(owning)
	wantInOutput(t, cli.MustRun("plan"), "Warning: E-HPC queues will be deleted", "queues is set for the first time",
		"queues extra, which the list does not name", "will be deleted (DeleteQueues)", "The cluster itself is kept.")
	// Naming it keeps it: no warning.
	cli.WriteConfig(strings.Replace(owning, `[{ queue_name = "comp" }]`, `[{ queue_name = "comp" }, { queue_name = "extra" }]`, 1))
	if out := cli.MustRun("plan"); strings.Contains(out, "will be deleted") {
		t.Fatalf("a list that names every queue warns:\n%s", out)
	}
}

// clusterListsConfig is a cluster owning all four lists, for the state upgrade test.
func clusterListsConfig(name string) string {
	return fmt.Sprintf(`
resource "aliyun_ehpc_cluster" "test" {
  cluster_name = %[1]q

  cluster_credentials = {
    password = %[2]q
  }

  queues              = [{ queue_name = "zeta", max_count = 2 }, { queue_name = "alpha", max_count = 4, hostname_prefix = "al" }]
  shared_storages     = [%[3]s, %[4]s]
  additional_packages = [{ name = "mpich", version = "4.0.3" }, { name = "gromacs", version = "2024.1" }]
  addons = [{ name = "Login", version = "1.0", services_spec = jsonencode({ ServiceName = "SSH", ServiceAccessType = "URL" }),
    resources_spec = jsonencode({ EcsResources = [{ InstanceType = "ecs.c7.large", ImageId = "img" }] }) }]
}
`, name, clusterPassword, clusterStorage("/opt", "/"), clusterStorage("/data", "/data"))
}

// TestAccEHPCCluster_stateFromListSchema proves that a state written by the provider before queues,
// shared_storages and additional_packages became sets (schema version 0 then too, the lists as JSON arrays in
// the order of the configuration, add-ons without addon_id, which that schema did not have) is read by this
// one: terraform refreshes and plans it with no change, and no replacement.
func TestAccEHPCCluster_stateFromListSchema(t *testing.T) {
	acctest.SkipOnCloud(t, "it rewrites a local state file of a cluster it creates")
	name := acctest.RandomName("tf-v0state")
	cli := acctest.NewCLI(t)
	cli.WriteConfig(clusterListsConfig(name))
	cli.MustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		cli.WriteConfig(clusterListsConfig(name))
		if _, err := cli.Run("destroy", "-auto-approve"); err != nil {
			t.Error(err)
		}
	})

	// Rewrite the state as the list schema wrote it.
	file := filepath.Join(cli.Dir, "terraform.tfstate")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	resources, _ := state["resources"].([]any)
	if len(resources) != 1 {
		t.Fatalf("%d resources in the state, want the cluster", len(resources))
	}
	instance := resources[0].(map[string]any)["instances"].([]any)[0].(map[string]any)
	if v := instance["schema_version"]; v != float64(0) {
		t.Fatalf("schema_version %v: the list schema wrote 0; a new version needs a state upgrader and this test updated", v)
	}
	attrs := instance["attributes"].(map[string]any)
	configuredOrder := map[string][]string{
		"queues":              {"queue_name", "zeta", "alpha"},
		"shared_storages":     {"mount_directory", "/opt", "/data"},
		"additional_packages": {"name", "mpich", "gromacs"},
	}
	for list, order := range configuredOrder {
		items, _ := attrs[list].([]any)
		if len(items) != len(order)-1 {
			t.Fatalf("%s has %d items in the state, want %d", list, len(items), len(order)-1)
		}
		byKey := map[string]any{}
		for _, it := range items {
			byKey[it.(map[string]any)[order[0]].(string)] = it
		}
		sorted := make([]any, 0, len(items))
		for _, k := range order[1:] {
			sorted = append(sorted, byKey[k])
		}
		attrs[list] = sorted
	}
	addons, _ := attrs["addons"].([]any)
	if len(addons) != 1 || addons[0].(map[string]any)["addon_id"] == nil {
		t.Fatalf("the add-on has no addon_id in the state: %v", addons)
	}
	delete(addons[0].(map[string]any), "addon_id")
	state["serial"] = state["serial"].(float64) + 1
	if raw, err = json.MarshalIndent(state, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	// -detailed-exitcode: 0 is no change, 2 is a change.
	out, err := cli.Run("plan", "-detailed-exitcode")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Fatalf("the state of the list schema plans a change:\n%s", out)
	}
	if err != nil {
		t.Fatal(err)
	}
	wantInOutput(t, out, "No changes.")

	// The refresh wrote the add-on's id back, and a reordered configuration is still no change.
	cli.MustRun("apply", "-refresh-only", "-auto-approve")
	if out := cli.MustRun("show"); !strings.Contains(out, "addon_id") {
		t.Fatalf("the refresh did not read the add-on's id back:\n%s", out)
	}
	cli.WriteConfig(strings.Replace(clusterListsConfig(name), `[{ name = "mpich", version = "4.0.3" }, { name = "gromacs", version = "2024.1" }]`,
		`[{ name = "gromacs", version = "2024.1" }, { name = "mpich", version = "4.0.3" }]`, 1))
	wantInOutput(t, cli.MustRun("plan"), "No changes.")
}

// TestClusterStateOfTheListSchemaDecodes is the offline half of TestAccEHPCCluster_stateFromListSchema: the
// provider server's UpgradeResourceState takes a raw state as the list schema wrote it (JSON arrays in the
// configuration's order, add-ons without addon_id) and returns it under this schema, the lists as sets with
// every item, the missing addon_id null.
func TestClusterStateOfTheListSchemaDecodes(t *testing.T) {
	ctx := t.Context()
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	s := schemas.ResourceSchemas["aliyun_ehpc_cluster"]
	if s == nil || s.Version != 0 {
		t.Fatalf("aliyun_ehpc_cluster schema %v: the list schema was version 0; a new version needs a state upgrader", s)
	}
	raw := `{"id": "ehpc-hz-abc", "cluster_name": "c1",
		"queues": [{"queue_name": "zeta", "max_count": 2}, {"queue_name": "alpha", "max_count": 4, "hostname_prefix": "al"}],
		"shared_storages": [{"mount_directory": "/opt", "nas_directory": "/"}, {"mount_directory": "/data", "nas_directory": "/data"}],
		"additional_packages": [{"name": "mpich", "version": "4.0.3"}, {"name": "gromacs", "version": "2024.1"}],
		"addons": [{"name": "Login", "version": "1.0", "services_spec": null, "resources_spec": null}]}`
	resp, err := srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "aliyun_ehpc_cluster", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(raw)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	v, err := resp.UpgradedState.Unmarshal(s.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{"queues": 2, "shared_storages": 2, "additional_packages": 2} {
		if !attrs[name].Type().Is(tftypes.Set{}) {
			t.Errorf("%s is a %s, want a set", name, attrs[name].Type())
		}
		var items []tftypes.Value
		if err := attrs[name].As(&items); err != nil || len(items) != want {
			t.Errorf("%s: %d items (%v), want %d", name, len(items), err, want)
		}
	}
	var addons []tftypes.Value
	if err := attrs["addons"].As(&addons); err != nil || len(addons) != 1 {
		t.Fatalf("addons: %v %v", addons, err)
	}
	var addon map[string]tftypes.Value
	if err := addons[0].As(&addon); err != nil || !addon["addon_id"].IsNull() || addon["name"].IsNull() {
		t.Errorf("the add-on decodes as %v (%v), want its name and a null addon_id", addon, err)
	}
}
