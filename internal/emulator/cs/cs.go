// Package cs emulates Container Service for Kubernetes (ACK) 2015-12-15 for managed edge clusters:
// ScaleOutCluster (the edge variant that buys ENS instances), DescribeTaskInfo, DescribeClusterTasks,
// DescribeClusterNodes, DeleteClusterNodes (current and legacy paths) and DescribeClusterDetail.
//
// The package is cs, not ack: CS (Container Service) is the API's product code and its endpoint host
// (cs.<region>.aliyuncs.com), which is what an emulator answers for; the stats and state key is "cs" too, as
// are the provider's client product and endpoints attribute. ACK is the console's name, used by the
// provider's service package (internal/service/ack) and its resource names (aliyun_ack_*).
//
// Time-driven progress is lazy: a task is "running" until its DoneAt, a node "initial" until its ReadyAt and
// "removing" until its GoneAt; nothing runs in the background, so the state is plain JSON.
//
// Choices the public documents leave open (each one is marked "emulator choice" where it is made):
//   - Error codes other than ErrorClusterNotFound are not documented for these APIs. The emulator answers
//     400 InvalidParameter for bad request bodies and queries (the message names the field), 400
//     ErrorClusterState when the cluster is neither running nor scaling, 400 ErrorClusterNotSupported
//     when the cluster is not a managed edge cluster (profile Edge), 404 ErrorTaskNotFound for an unknown
//     task and 400 ErrorNodeNotFound when DeleteClusterNodes names a node the cluster does not have.
//   - Scale-outs are not serialised: the cluster reports "scaling" while one runs and still accepts another.
//   - Every instance ScaleOutCluster buys is a subscription (worker_period is required). DeleteClusterNodes
//     with release_node=true removes such nodes from the cluster but does not release the instances: they
//     stay in the ENS inventory, running and billed until their expiry (the admin API lists them).
package cs

import (
	"fmt"
	"net/http"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// SeedClusterID is the id of the managed edge cluster every fresh emulator starts with. It is fixed so that
// examples, the demo and tests can name it.
const SeedClusterID = "c0ffee5eed0ed6e0a1b2c3d4e5f60718"

// SeedClusterName is the seeded cluster's name.
const SeedClusterName = "edge-demo"

// Product is the emulator of this service.
type Product struct {
	state State
}

// init registers the product with the emulator; importing this package is what adds it.
func init() { core.RegisterProduct(func() core.Product { return New() }) }

// New returns the emulator with an empty state.
func New() *Product {
	p := &Product{}
	p.ensure()
	return p
}

// ensure makes the maps usable after a restore of a document that lacked them.
func (p *Product) ensure() {
	if p.state.Clusters == nil {
		p.state.Clusters = map[string]*Cluster{}
	}
	if p.state.Tasks == nil {
		p.state.Tasks = map[string]*Task{}
	}
	if p.state.Instances == nil {
		p.state.Instances = map[string]*Instance{}
	}
	for _, c := range p.state.Clusters {
		if c.Nodes == nil {
			c.Nodes = map[string]*Node{}
		}
	}
}

// Name implements core.Product.
func (p *Product) Name() string { return "cs" }

// State implements core.Product.
func (p *Product) State() any { return &p.state }

// Version is the Container Service API version emulated.
const Version = "2015-12-15"

// API is how the core routes to this product and writes its errors: ROA with x-acs-version 2015-12-15,
// lower-camel error bodies, and the fallback for ROA requests without a known version (the gateway's
// InvalidVersion and InvalidAction.NotFound answers, core's defaults).
var API = core.API{Style: core.StyleROA, Version: Version, Errors: core.ErrorShapeLowerCamel, Title: "Container Service", Fallback: true}

// Register implements core.Product.
func (p *Product) Register(r *core.Router) {
	r.API(API)
	v := Version
	r.ROA(v, http.MethodPost, "/api/v2/clusters/{cluster_id}", "ScaleOutCluster", p.scaleOutCluster, core.Creating())
	r.ROA(v, http.MethodGet, "/tasks/{task_id}", "DescribeTaskInfo", p.describeTaskInfo)
	r.ROA(v, http.MethodGet, "/clusters/{cluster_id}/tasks", "DescribeClusterTasks", p.describeClusterTasks)
	r.ROA(v, http.MethodGet, "/clusters/{cluster_id}/nodes", "DescribeClusterNodes", p.describeClusterNodes)
	r.ROA(v, http.MethodPost, "/clusters/{cluster_id}/nodes", "DeleteClusterNodes", p.deleteClusterNodes, core.Mutating())
	// The older RemoveClusterNodes path takes the same body (see README.md, "Calls and answer shapes").
	r.ROA(v, http.MethodPost, "/api/v2/clusters/{cluster_id}/nodes/remove", "RemoveClusterNodes", p.deleteClusterNodes, core.Mutating())
	r.ROA(v, http.MethodGet, "/clusters/{cluster_id}", "DescribeClusterDetail", p.describeClusterDetail)
	p.registerAdmin(r)
}

// Seed implements core.Product: one running managed edge cluster with a fixed id.
func (p *Product) Seed(env *core.Env) []string {
	p.ensure()
	now := env.Now()
	p.state.Clusters[SeedClusterID] = &Cluster{
		ID: SeedClusterID, Name: SeedClusterName, Profile: ProfileEdge, ClusterType: TypeManagedKubernetes,
		Region: env.Region, State: StateRunning, Created: now, Updated: now, Nodes: map[string]*Node{},
	}
	return []string{fmt.Sprintf("cs: managed edge cluster %s (%q, profile Edge, running) — use it as cluster_id of aliyun_ack_edge_scale_out", SeedClusterID, SeedClusterName)}
}

// cluster finds a cluster and brings its lazy state up to now.
func (p *Product) cluster(id string, now time.Time) (*Cluster, error) {
	p.ensure()
	c, ok := p.state.Clusters[id]
	if !ok {
		return nil, core.Errorf(http.StatusNotFound, "ErrorClusterNotFound", "The specified cluster %s does not exist.", id)
	}
	p.settle(c, now)
	return c, nil
}
