// Package cs emulates Container Service for Kubernetes (ACK) 2015-12-15 for managed edge clusters:
// ScaleOutCluster (the edge variant that buys ENS instances), DescribeTaskInfo, DescribeClusterTasks,
// DescribeClusterNodes, DeleteClusterNodes (current and legacy paths) and DescribeClusterDetail.
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
	"sort"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// SeedClusterID is the id of the managed edge cluster every fresh emulator starts with. It is fixed so that
// examples, the demo and tests can name it.
const SeedClusterID = "c0ffee5eed0ed6e0a1b2c3d4e5f60718"

// SeedClusterName is the seeded cluster's name.
const SeedClusterName = "edge-demo"

// Cluster profiles and types (DescribeClusterDetail).
const (
	ProfileEdge           = "Edge"
	ProfileDefault        = "Default"
	TypeManagedKubernetes = "ManagedKubernetes"
)

// Cluster, task and node states.
const (
	StateRunning  = "running"
	StateScaling  = "scaling"
	TaskRunning   = "running"
	TaskSuccess   = "success"
	TaskFailed    = "failed"
	NodeInitial   = "initial"
	NodeRunning   = "running"
	NodeFailed    = "failed"
	NodeRemoving  = "removing"
	taskScaleOut  = "cluster_scaleout"
	taskRemove    = "remove_nodes" // emulator choice: the documents do not name DeleteClusterNodes' task type
	instRunning   = "Running"
	chargePrePaid = "PrePaid"
)

// State is everything the product keeps; it is persisted as JSON.
type State struct {
	Clusters map[string]*Cluster `json:"clusters"`
	Tasks    map[string]*Task    `json:"tasks"`
	// Instances is the ENS inventory bought through ScaleOutCluster, by instance id. Instances outlive their
	// node: a removed subscription node's instance stays here until it expires.
	Instances map[string]*Instance `json:"instances"`
}

// Cluster is an ACK cluster.
type Cluster struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Profile     string `json:"profile"`
	ClusterType string `json:"cluster_type"`
	Region      string `json:"region"`
	// State is the stored state; "running" shows as "scaling" while a scale-out runs (BusyUntil).
	State     string    `json:"state"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
	BusyUntil time.Time `json:"busy_until,omitempty"`
	// Nodes by instance id.
	Nodes map[string]*Node `json:"nodes"`
	// TaskIDs in creation order.
	TaskIDs []string `json:"task_ids"`
	// NextIP numbers private addresses handed to new nodes.
	NextIP int `json:"next_ip"`
	// FailNext makes the next scale-out task of this cluster fail (admin API).
	FailNext *TaskError `json:"fail_next,omitempty"`
}

// Node is a worker node of a cluster, backed by an ENS instance.
type Node struct {
	InstanceID string    `json:"instance_id"`
	NodeName   string    `json:"node_name"`
	IP         string    `json:"ip"`
	TaskID     string    `json:"task_id"`
	Created    time.Time `json:"created"`
	ReadyAt    time.Time `json:"ready_at"`
	Failed     bool      `json:"failed,omitempty"`
	RemovingAt time.Time `json:"removing_at,omitempty"`
	GoneAt     time.Time `json:"gone_at,omitempty"`
}

// Instance is an ENS instance bought by a scale-out.
type Instance struct {
	ID              string    `json:"id"`
	ClusterID       string    `json:"cluster_id"`
	TaskID          string    `json:"task_id"`
	ENSRegionID     string    `json:"ens_region_id"`
	InstanceType    string    `json:"instance_type"`
	ImageID         string    `json:"image_id"`
	ChargeType      string    `json:"charge_type"`
	PeriodMonths    int64     `json:"period_months"`
	AutoRenew       bool      `json:"auto_renew"`
	Created         time.Time `json:"created"`
	Expires         time.Time `json:"expires"`
	Status          string    `json:"status"`
	InCluster       bool      `json:"in_cluster"`
	SystemDiskSize  int64     `json:"system_disk_size"`
	DataDiskSize    int64     `json:"data_disk_size"`
	InternetCharge  string    `json:"internet_charge_type"`
	AutoRenewPeriod int64     `json:"auto_renew_period,omitempty"`
}

// Task is an asynchronous cluster task.
type Task struct {
	ID        string         `json:"id"`
	ClusterID string         `json:"cluster_id"`
	Type      string         `json:"type"`
	Created   time.Time      `json:"created"`
	DoneAt    time.Time      `json:"done_at"`
	Error     *TaskError     `json:"error,omitempty"`
	Instances []string       `json:"instances"`
	Params    map[string]any `json:"params,omitempty"`
}

// TaskError is a task's failure.
type TaskError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Product is the emulator of this service.
type Product struct {
	state State
}

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

// Register implements core.Product.
func (p *Product) Register(r *core.Router) {
	v := core.VersionCS
	r.ROA(v, http.MethodPost, "/api/v2/clusters/{cluster_id}", "ScaleOutCluster", p.scaleOutCluster, core.Creating())
	r.ROA(v, http.MethodGet, "/tasks/{task_id}", "DescribeTaskInfo", p.describeTaskInfo)
	r.ROA(v, http.MethodGet, "/clusters/{cluster_id}/tasks", "DescribeClusterTasks", p.describeClusterTasks)
	r.ROA(v, http.MethodGet, "/clusters/{cluster_id}/nodes", "DescribeClusterNodes", p.describeClusterNodes)
	r.ROA(v, http.MethodPost, "/clusters/{cluster_id}/nodes", "DeleteClusterNodes", p.deleteClusterNodes, core.Mutating())
	// The older RemoveClusterNodes path (REFERENCE §12.1) takes the same body.
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

// settle drops nodes whose removal has finished; their subscription instances stay in the inventory.
func (p *Product) settle(c *Cluster, now time.Time) {
	for id, n := range c.Nodes {
		if !n.GoneAt.IsZero() && !now.Before(n.GoneAt) {
			delete(c.Nodes, id)
			if inst := p.state.Instances[id]; inst != nil {
				inst.InCluster = false
			}
		}
	}
}

// clusterState is the state DescribeClusterDetail shows.
func clusterState(c *Cluster, now time.Time) string {
	if c.State == StateRunning && now.Before(c.BusyUntil) {
		return StateScaling
	}
	return c.State
}

func taskState(t *Task, now time.Time) string {
	switch {
	case now.Before(t.DoneAt):
		return TaskRunning
	case t.Error != nil:
		return TaskFailed
	}
	return TaskSuccess
}

func nodeState(n *Node, now time.Time) string {
	switch {
	case !n.RemovingAt.IsZero():
		return NodeRemoving
	case now.Before(n.ReadyAt):
		return NodeInitial
	case n.Failed:
		return NodeFailed
	}
	return NodeRunning
}

// sortedNodes lists a cluster's nodes in creation order (then by id), so paging is stable.
func sortedNodes(c *Cluster) []*Node {
	out := make([]*Node, 0, len(c.Nodes))
	for _, n := range c.Nodes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].NodeName < out[j].NodeName
	})
	return out
}

func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
