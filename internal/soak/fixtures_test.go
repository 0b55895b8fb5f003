package soak_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/batchcompute"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/cs"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/ehpc"
)

const (
	// soakNEnv sets how many resources of each type the fault soak applies.
	soakNEnv = "SOAK_N"
	// soakLogEnv keeps the fault soak's provider debug log at this path (a temporary file otherwise).
	soakLogEnv = "SOAK_LOG"

	// nodesImage is a CentOS 7 public image, the OS family of the emulator's default cluster image.
	nodesImage = "centos_7_06_64_20G_alibase_20190711.vhd"
	// Passwords that meet each product's rules; the secrets tests look for them in logs and state.
	clusterPassword = "Soak&Clstr<Pw>7391"
	edgePassword    = "Soak-Edge-Pw4826!"
	ossSecret       = "SoakOssSecretValue5d41402abc4b2a76"
	ossToken        = "SoakOssStsTokenValue8f14e45fceea167a"
	nodesPerSet     = 2
	edgeWorkers     = 2
)

func soakN(t *testing.T) int {
	t.Helper()
	v := os.Getenv(soakNEnv)
	if v == "" {
		return 5
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		t.Fatalf("%s=%q: want a number of resources per type, 1-100", soakNEnv, v)
	}
	return n
}

// fixtures are the things the configuration refers to but does not create: E-HPC clusters that existing
// nodes join (one each, so joins never wait on each other's ConflictOpt), stopped ECS instances, and managed
// edge clusters to scale out (one each, for the same reason).
type fixtures struct {
	prefix        string
	nodesClusters []string
	nodeSets      [][]string
	edgeClusters  []string
}

func newFixtures(t *testing.T, admin *emulator.Admin, prefix string, n int) fixtures {
	t.Helper()
	ctx := context.Background()
	f := fixtures{prefix: prefix}
	// The fixture clusters go with the test, so that a repeated run (-count) starts within the E-HPC cluster
	// quota (the stopped ECS instances count against nothing and stay). A test whose emulator is already gone
	// at cleanup (the restart soak's) only logs the failures.
	t.Cleanup(func() {
		for _, path := range append(prefixed("/_emulator/ehpc/clusters/", f.nodesClusters), prefixed("/_emulator/cs/clusters/", f.edgeClusters)...) {
			if err := admin.Do(context.Background(), http.MethodDelete, path, nil, nil); err != nil {
				t.Logf("deleting the fixture %s: %v", path, err)
			}
		}
	})
	var inst struct{ InstanceIds []string }
	if err := admin.Do(ctx, http.MethodPost, "/_emulator/ecs/instances", map[string]any{"count": n * nodesPerSet}, &inst); err != nil {
		t.Fatalf("creating ECS instances: %v", err)
	}
	sort.Strings(inst.InstanceIds)
	for i := range n {
		var c struct{ ClusterId string }
		body := map[string]any{"name": fmt.Sprintf("%s-host-%d", prefix, i), "image_id": nodesImage}
		if err := admin.Do(ctx, http.MethodPost, "/_emulator/ehpc/clusters", body, &c); err != nil {
			t.Fatalf("creating an E-HPC cluster for existing nodes: %v", err)
		}
		f.nodesClusters = append(f.nodesClusters, c.ClusterId)
		f.nodeSets = append(f.nodeSets, inst.InstanceIds[i*nodesPerSet:(i+1)*nodesPerSet])
		var e struct {
			ClusterID string `json:"cluster_id"`
		}
		if err := admin.Do(ctx, http.MethodPost, "/_emulator/cs/clusters", map[string]string{"name": fmt.Sprintf("%s-edge-%d", prefix, i)}, &e); err != nil {
			t.Fatalf("creating an edge cluster: %v", err)
		}
		f.edgeClusters = append(f.edgeClusters, e.ClusterID)
	}
	return f
}

func prefixed(prefix string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = prefix + s
	}
	return out
}

func hclStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// config holds n resources of each type (count = n), named after the fixtures' prefix.
func (f fixtures) config() string {
	sets := make([]string, len(f.nodeSets))
	for i, s := range f.nodeSets {
		sets[i] = hclStrings(s)
	}
	return fmt.Sprintf(`
locals {
  prefix         = %[1]q
  nodes_clusters = %[2]s
  node_sets      = [%[3]s]
  edge_clusters  = %[4]s
}

resource "aliyun_ehpc_cluster" "soak" {
  count        = length(local.nodes_clusters)
  cluster_name = "${local.prefix}-${count.index}"

  cluster_credentials = {
    password = %[5]q
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

  timeouts = {
    create = "5m"
    delete = "5m"
  }
}

resource "aliyun_ehpc_existing_nodes" "soak" {
  count        = length(local.nodes_clusters)
  cluster_id   = local.nodes_clusters[count.index]
  image_id     = %[6]q
  instance_ids = local.node_sets[count.index]

  timeouts = {
    create = "5m"
    delete = "5m"
  }
}

resource "aliyun_ack_edge_scale_out" "soak" {
  count                    = length(local.edge_clusters)
  cluster_id               = local.edge_clusters[count.index]
  worker_count             = %[7]d
  worker_instance_type     = "ens.sn1.tiny"
  ens_region_id            = "cn-beijing-telecom"
  worker_image_id          = "m-2QVLO2T8NYgm8CNQVg15gF"
  ens_internet_charge_type = "BandwidthByDay"
  worker_period            = 1
  worker_system_disk_size  = 20
  login_password           = %[8]q

  timeouts = {
    create = "5m"
    delete = "5m"
  }
}

resource "aliyun_batchcompute_cluster" "soak" {
  count         = length(local.nodes_clusters)
  name          = "${local.prefix}-${count.index}"
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"

  configs = {
    mounts = {
      oss = {
        access_key_id         = "LTAI5tSoakOssKeyId"
        access_key_secret     = %[9]q
        access_security_token = %[10]q
      }
    }
  }

  groups = {
    g1 = {
      desired_vm_count = 1
    }
  }

  timeouts = {
    create = "5m"
    delete = "5m"
  }
}
`, f.prefix, hclStrings(f.nodesClusters), strings.Join(sets, ", "), hclStrings(f.edgeClusters),
		clusterPassword, nodesImage, edgeWorkers, edgePassword, ossSecret, ossToken)
}

// store is the part of the emulator's state document the soak looks at.
type store struct {
	EHPC  ehpc.State         `json:"ehpc"`
	CS    cs.State           `json:"cs"`
	Batch batchcompute.State `json:"batchcompute"`
}

func readStore(admin *emulator.Admin) (store, error) {
	var s store
	err := admin.State(context.Background(), &s)
	return s, err
}

// ownNames lists the names with the prefix followed by "-<digits>" (the configuration's own resources, not the
// fixtures), with how many stored objects carry each.
var ownName = regexp.MustCompile(`^-\d+$`)

func ownNames[T any](m map[string]T, prefix string, name func(T) string) map[string]int {
	out := map[string]int{}
	for _, v := range m {
		n := name(v)
		if strings.HasPrefix(n, prefix+"-") && ownName.MatchString(strings.TrimPrefix(n, prefix)) {
			out[n]++
		}
	}
	return out
}

// checkApplied asserts that the store holds exactly the configuration: one E-HPC cluster and one Batch
// Compute cluster per name, every instance joined to its cluster, and each edge cluster with exactly the
// nodes of its last scale-out, after exactly purchases scale-outs (1 unless a tainted resource was replaced).
func (f fixtures) checkApplied(admin *emulator.Admin, purchases int) error {
	s, err := readStore(admin)
	if err != nil {
		return err
	}
	var problems []string
	n := len(f.nodesClusters)
	clusters := ownNames(s.EHPC.Clusters, f.prefix, func(c *ehpc.Cluster) string { return c.Name })
	batch := ownNames(s.Batch.Clusters, f.prefix, func(c *batchcompute.Cluster) string { return c.Name })
	for i := range n {
		name := fmt.Sprintf("%s-%d", f.prefix, i)
		if clusters[name] != 1 {
			problems = append(problems, fmt.Sprintf("%d E-HPC clusters named %s, want 1", clusters[name], name))
		}
		if batch[name] != 1 {
			problems = append(problems, fmt.Sprintf("%d Batch Compute clusters named %s, want 1", batch[name], name))
		}
	}
	if len(clusters) != n || len(batch) != n {
		problems = append(problems, fmt.Sprintf("%d E-HPC and %d Batch Compute cluster names, want %d of each", len(clusters), len(batch), n))
	}
	for i, cid := range f.nodesClusters {
		c := s.EHPC.Clusters[cid]
		if c == nil {
			problems = append(problems, "E-HPC cluster "+cid+" of the existing nodes is gone")
			continue
		}
		if len(c.Nodes) != nodesPerSet {
			problems = append(problems, fmt.Sprintf("E-HPC cluster %s has %d nodes, want %d", cid, len(c.Nodes), nodesPerSet))
		}
		for _, id := range f.nodeSets[i] {
			if in := s.EHPC.Instances[id]; in == nil || in.ClusterID != cid {
				problems = append(problems, fmt.Sprintf("instance %s is not in cluster %s", id, cid))
			}
		}
	}
	problems = append(problems, f.checkEdge(s, edgeWorkers, purchases)...)
	if len(problems) > 0 {
		return fmt.Errorf("after apply the emulator's store is not what the configuration says:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// checkEdge asserts the nodes each edge cluster has (wantNodes, each backed by an instance in the cluster) and
// that exactly purchases scale-outs of edgeWorkers instances were ever bought for it: a lost answer retried
// blindly would show as one purchase too many.
func (f fixtures) checkEdge(s store, wantNodes, purchases int) []string {
	var problems []string
	for _, cid := range f.edgeClusters {
		c := s.CS.Clusters[cid]
		if c == nil {
			problems = append(problems, "edge cluster "+cid+" is gone")
			continue
		}
		live := 0
		for _, node := range c.Nodes {
			if node.GoneAt.IsZero() {
				live++
			}
		}
		bought, joined := 0, 0
		for _, in := range s.CS.Instances {
			if in.ClusterID == cid {
				bought++
				if in.InCluster {
					joined++
				}
			}
		}
		if live != wantNodes || joined != wantNodes {
			problems = append(problems, fmt.Sprintf("edge cluster %s has %d nodes and %d instances in it, want %d", cid, live, joined, wantNodes))
		}
		if bought != edgeWorkers*purchases {
			problems = append(problems, fmt.Sprintf("%d instances were bought for edge cluster %s, want %d (%d scale-outs of %d)",
				bought, cid, edgeWorkers*purchases, purchases, edgeWorkers))
		}
	}
	return problems
}

// checkDestroyed asserts that nothing the configuration created is left and that the instances that joined
// as existing nodes are still there, stopped and in no cluster.
func (f fixtures) checkDestroyed(admin *emulator.Admin, purchases int) error {
	s, err := readStore(admin)
	if err != nil {
		return err
	}
	var problems []string
	for name, k := range ownNames(s.EHPC.Clusters, f.prefix, func(c *ehpc.Cluster) string { return c.Name }) {
		problems = append(problems, fmt.Sprintf("%d E-HPC clusters named %s are left", k, name))
	}
	for name, k := range ownNames(s.Batch.Clusters, f.prefix, func(c *batchcompute.Cluster) string { return c.Name }) {
		problems = append(problems, fmt.Sprintf("%d Batch Compute clusters named %s are left", k, name))
	}
	for _, cid := range f.nodesClusters {
		if c := s.EHPC.Clusters[cid]; c != nil && len(c.Nodes) > 0 {
			problems = append(problems, fmt.Sprintf("E-HPC cluster %s still has %d nodes", cid, len(c.Nodes)))
		}
	}
	for _, set := range f.nodeSets {
		for _, id := range set {
			// The admin route settles finished node tasks first, as any API call would.
			var in ehpc.Instance
			if err := admin.Do(context.Background(), http.MethodGet, "/_emulator/ecs/instances/"+id, nil, &in); err != nil {
				problems = append(problems, fmt.Sprintf("instance %s: %v (it must survive the removal of its node)", id, err))
				continue
			}
			if in.Status != ehpc.InstanceStopped || in.ClusterID != "" {
				problems = append(problems, fmt.Sprintf("instance %s is %s in cluster %q, want Stopped in none", id, in.Status, in.ClusterID))
			}
		}
	}
	problems = append(problems, f.checkEdge(s, 0, purchases)...)
	if len(problems) > 0 {
		return fmt.Errorf("after destroy the emulator's store still holds what the configuration created:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}
