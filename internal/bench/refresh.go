package bench

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// The E-HPC cluster refresh benchmark: many clusters with several inline queues, each refreshed by
// `terraform plan` against an emulator that adds a fixed delay to every API request.

// EHPCClusterType is the resource the refresh benchmark applies.
const EHPCClusterType = "aliyun_ehpc_cluster"

// Optional parts of the cluster configuration: the refresh benchmark configures each one the resource's
// schema has when the benchmark runs (RefreshAttributes), so that the same code measures today's resource
// and one that reads more.
const (
	attrSharedStorages     = "shared_storages"
	attrAdditionalPackages = "additional_packages"
	attrAddons             = "addons"
)

// RefreshOptional lists the optional parts in the order the configuration writes them.
var RefreshOptional = []string{attrSharedStorages, attrAdditionalPackages, attrAddons}

// ResourceAttributes returns the top-level attribute and block names of a resource type in this provider's
// schema, asked for in process (the schema compiled into the running binary, the same one the built
// provider serves).
func ResourceAttributes(ctx context.Context, typ string) ([]string, error) {
	s := providerserver.NewProtocol6(provider.New("bench")())()
	resp, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return nil, fmt.Errorf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
		}
	}
	rs, ok := resp.ResourceSchemas[typ]
	if !ok || rs.Block == nil {
		return nil, fmt.Errorf("the provider has no resource type %q", typ)
	}
	var names []string
	for _, a := range rs.Block.Attributes {
		names = append(names, a.Name)
	}
	for _, b := range rs.Block.BlockTypes {
		names = append(names, b.TypeName)
	}
	slices.Sort(names)
	return names, nil
}

// RefreshAttributes is the subset of RefreshOptional that the schema (attribute names) has, plus "queues"
// first; an error if the schema has no "queues".
func RefreshAttributes(schema []string) ([]string, error) {
	if !slices.Contains(schema, "queues") {
		return nil, fmt.Errorf("%s has no queues attribute", EHPCClusterType)
	}
	out := []string{"queues"}
	for _, a := range RefreshOptional {
		if slices.Contains(schema, a) {
			out = append(out, a)
		}
	}
	return out, nil
}

// EHPCRefreshConfig is n E-HPC clusters, each with the given number of inline queues and one entry of every
// optional part listed in parts (queues are always written; parts names the others).
func EHPCRefreshConfig(n, queues int, parts []string) string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    aliyun = {\n      source = \"aliyun-hpc/aliyun\"\n    }\n  }\n}\n")
	fmt.Fprintf(&b, `
resource "aliyun_ehpc_cluster" "r" {
  count        = %d
  cluster_name = "refresh-${count.index}"

  cluster_credentials = {
    password = "Bench-Passw0rd"
  }

  manager = {
    manager_node = {
      instance_type = "ecs.c7.xlarge"
      image_id      = "aliyun_3_x64_20G_alibase_20240528.vhd"
    }
  }

  queues = [
`, n)
	for q := 0; q < queues; q++ {
		fmt.Fprintf(&b, "    {\n      queue_name = \"q%d\"\n    },\n", q)
	}
	b.WriteString("  ]\n")
	if slices.Contains(parts, attrSharedStorages) {
		b.WriteString(`
  shared_storages = [
    {
      file_system_id      = "008b63bench"
      mount_target_domain = "008b63bench-sihc.cn-hangzhou.extreme.nas.aliyuncs.com"
      nas_directory       = "/"
      mount_directory     = "/home"
      mount_options       = "-t nfs -o vers=3,nolock,proto=tcp,noresvport"
      protocol_type       = "NFS"
    },
  ]
`)
	}
	if slices.Contains(parts, attrAdditionalPackages) {
		b.WriteString(`
  additional_packages = [
    {
      name    = "mpich"
      version = "4.0.3"
    },
  ]
`)
	}
	if slices.Contains(parts, attrAddons) {
		b.WriteString(`
  addons = [
    {
      name           = "Login"
      version        = "1.0"
      services_spec  = jsonencode([{ ServiceName = "SSH" }])
      resources_spec = jsonencode({ EipResource = { AutoCreate = true } })
    },
  ]
`)
	}
	b.WriteString("}\n")
	return b.String()
}

// RefreshSetup is what the refresh benchmark measures.
type RefreshSetup struct {
	Clusters int
	Queues   int
	// Delay is added to every API request (the emulator's "slow" fault at rate 1), outside the emulator's
	// state lock, so concurrent requests overlap their delays as they would on the network.
	Delay time.Duration
	// RateLimit is the provider's max_requests_per_second (0: the limit off); negative: not set (the
	// provider default).
	RateLimit float64
	// Parts are the optional parts configured (see RefreshAttributes).
	Parts []string
}

// RefreshWorkspace is an applied configuration of RefreshSetup.Clusters clusters on its own emulator.
type RefreshWorkspace struct {
	Setup RefreshSetup
	W     *Workspace
	E     *Emulator
}

// Close stops the emulator (the clusters exist only there).
func (r *RefreshWorkspace) Close() { r.E.Close() }

// ApplyRefresh starts an emulator, applies the clusters without added delay and leaves the delay switched on
// for the plans that follow.
func (h *Harness) ApplyRefresh(ctx context.Context, name string, s RefreshSetup) (*RefreshWorkspace, error) {
	e, err := StartEmulator(500 * time.Millisecond)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			e.Close()
		}
	}()
	if err := e.Admin.Do(ctx, http.MethodPut, "/_emulator/ehpc/quota", map[string]int{"max_clusters": s.Clusters + 10}, nil); err != nil {
		return nil, err
	}
	hcl := EHPCRefreshConfig(s.Clusters, s.Queues, s.Parts)
	if s.RateLimit >= 0 {
		hcl += fmt.Sprintf("\nprovider \"aliyun\" {\n  max_requests_per_second = %g\n}\n", s.RateLimit)
	}
	w, err := h.WorkspaceHCL(name, hcl, e.ProviderEnv(100*time.Millisecond)...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Run(ctx, "apply", "-auto-approve", "-input=false", "-lock=false", "-no-color", "-parallelism=25"); err != nil {
		return nil, err
	}
	if s.Delay > 0 {
		if err := e.Admin.SetFaults(ctx, core.FaultConfig{Rate: 1, Kinds: []string{core.FaultSlow}, SlowDelayMS: int(s.Delay.Milliseconds())}); err != nil {
			return nil, err
		}
	}
	ok = true
	return &RefreshWorkspace{Setup: s, W: w, E: e}, nil
}

// RefreshSample is one timed `terraform plan` with refresh.
type RefreshSample struct {
	Wall time.Duration
	// CPU is terraform's and its plugins' CPU time (less sensitive than Wall to other load on the machine).
	CPU time.Duration
	// Calls are the API requests the plan made, by "product:Action" (the delta of the emulator's stats).
	Calls map[string]int
	// NoChanges reports whether the plan found nothing to change.
	NoChanges bool
}

// Plan times one `terraform plan` with refresh and counts its API calls.
func (r *RefreshWorkspace) Plan(ctx context.Context) (RefreshSample, error) {
	var out RefreshSample
	before, err := r.E.Admin.Stats(ctx)
	if err != nil {
		return out, err
	}
	s, err := r.W.Run(ctx, "plan", "-input=false", "-lock=false", "-no-color")
	if err != nil {
		return out, err
	}
	after, err := r.E.Admin.Stats(ctx)
	if err != nil {
		return out, err
	}
	out.Wall, out.CPU = s.Wall, s.CPU
	out.Calls = StatsDelta(before, after)
	out.NoChanges = strings.Contains(string(s.Output), "No changes.")
	return out, nil
}

// StatsDelta is after minus before, without the keys that did not change.
func StatsDelta(before, after map[string]int) map[string]int {
	d := map[string]int{}
	for k, v := range after {
		if n := v - before[k]; n != 0 {
			d[k] = n
		}
	}
	return d
}

// PerCluster writes calls divided by n, by action in name order ("GetCluster 1, ListClusters 1"), and the
// total per cluster.
func PerCluster(calls map[string]int, n int) (string, float64) {
	keys := make([]string, 0, len(calls))
	total := 0
	for k, v := range calls {
		keys = append(keys, k)
		total += v
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %s", k[strings.Index(k, ":")+1:], trimFloat(float64(calls[k])/float64(n)))
	}
	return strings.Join(parts, ", "), float64(total) / float64(n)
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
