package bench

import (
	"fmt"
	"strings"
)

// Fixture names the pre-existing objects a configuration of this provider refers to: E-HPC clusters that
// existing nodes join, stopped ECS instances (one per existing-nodes resource), and managed edge clusters.
// Plans never call the API, so the zero Fixture (placeholder ids) is enough for them; applies need real ones.
type Fixture struct {
	EHPCClusterIDs []string
	InstanceIDs    []string
	EdgeClusterIDs []string
}

// Placeholder ids, well-formed for plan-time validation.
const (
	placeholderEHPCCluster = "ehpc-hz-bench00001"
	// SeededEdgeClusterID is the managed edge cluster a fresh emulator holds.
	SeededEdgeClusterID = "c0ffee5eed0ed6e0a1b2c3d4e5f60718"
	// NodesImage is a CentOS image, the emulator's default cluster image family.
	NodesImage = "centos_7_06_64_20G_alibase_20190711.vhd"
)

// ResourceTypes are the four resource types of this provider, in the order configurations list them.
var ResourceTypes = []string{"aliyun_ehpc_cluster", "aliyun_ehpc_existing_nodes", "aliyun_ack_edge_scale_out", "aliyun_batchcompute_cluster"}

// AliyunConfig is n resources of this provider, n/4 of each type, with placeholder ids (for plans).
func AliyunConfig(n int) string {
	per := n / 4
	return AliyunConfigWith(map[string]int{
		"aliyun_ehpc_cluster": per, "aliyun_ehpc_existing_nodes": per,
		"aliyun_ack_edge_scale_out": per, "aliyun_batchcompute_cluster": per,
	}, PlanFixture(per))
}

// AliyunConfigOf is n resources of one type, with placeholder ids (for plans).
func AliyunConfigOf(typ string, n int) string {
	return AliyunConfigWith(map[string]int{typ: n}, PlanFixture(n))
}

// PlanFixture has placeholder ids for n resources of each type.
func PlanFixture(n int) Fixture {
	f := Fixture{EHPCClusterIDs: []string{placeholderEHPCCluster}, EdgeClusterIDs: []string{SeededEdgeClusterID}}
	for i := 1; i <= n; i++ {
		f.InstanceIDs = append(f.InstanceIDs, fmt.Sprintf("i-emu%015d", i))
	}
	return f
}

// AliyunConfigWith writes counts[type] resources of each type: minimal configurations that pass plan-time
// validation. Existing-nodes and edge resources spread over the fixture's clusters round-robin; each
// existing-nodes resource takes its own instance.
func AliyunConfigWith(counts map[string]int, f Fixture) string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    aliyun = {\n      source = \"aliyun-hpc/aliyun\"\n    }\n  }\n}\n\n")
	fmt.Fprintf(&b, "locals {\n  ehpc_clusters = %s\n  instances     = %s\n  edge_clusters = %s\n}\n", hclList(f.EHPCClusterIDs), hclList(f.InstanceIDs), hclList(f.EdgeClusterIDs))
	if c := counts["aliyun_ehpc_cluster"]; c > 0 {
		fmt.Fprintf(&b, `
resource "aliyun_ehpc_cluster" "r" {
  count        = %d
  cluster_name = "bench-${count.index}"

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
    {
      queue_name = "comp"
    },
  ]
}
`, c)
	}
	if c := counts["aliyun_ehpc_existing_nodes"]; c > 0 {
		fmt.Fprintf(&b, `
resource "aliyun_ehpc_existing_nodes" "r" {
  count        = %d
  cluster_id   = local.ehpc_clusters[count.index %% length(local.ehpc_clusters)]
  image_id     = %q
  instance_ids = [local.instances[count.index]]
}
`, c, NodesImage)
	}
	if c := counts["aliyun_ack_edge_scale_out"]; c > 0 {
		fmt.Fprintf(&b, `
resource "aliyun_ack_edge_scale_out" "r" {
  count                    = %d
  cluster_id               = local.edge_clusters[count.index %% length(local.edge_clusters)]
  worker_count             = 1
  worker_instance_type     = "ens.sn1.tiny"
  ens_region_id            = "cn-beijing-telecom"
  worker_image_id          = "m-2QVLO2T8NYgm8CNQVg15gF"
  ens_internet_charge_type = "BandwidthByDay"
  worker_period            = 1
  worker_system_disk_size  = 20
  login_password           = "Bench-Passw0rd1"
}
`, c)
	}
	if c := counts["aliyun_batchcompute_cluster"]; c > 0 {
		fmt.Fprintf(&b, `
resource "aliyun_batchcompute_cluster" "r" {
  count         = %d
  name          = "bench-${count.index}"
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"

  groups = {
    g1 = {
      desired_vm_count = 1
    }
  }
}
`, c)
	}
	return b.String()
}

func hclList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// MirrorConfig is AliyunConfig(n) on the schema floor (NewMirror): the same attributes, no behaviour.
func MirrorConfig(n int) string { return ToMirror(AliyunConfig(n)) }

// ToMirror turns a configuration of this provider into the same on the schema floor.
func ToMirror(hcl string) string {
	s := strings.ReplaceAll(hcl, `resource "aliyun_`, `resource "mirror_`)
	return strings.Replace(s, "aliyun = {\n      source = \"aliyun-hpc/aliyun\"", "mirror = {\n      source = \"bench/mirror\"", 1)
}
