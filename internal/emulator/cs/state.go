package cs

import (
	"sort"
	"time"
)

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
	// FailNextRemoval makes the next DeleteClusterNodes task of this cluster fail midway (admin API).
	FailNextRemoval *RemovalFailure `json:"fail_next_removal,omitempty"`
}

// RemovalFailure is a removal task that fails after the first Removed nodes it names have left the cluster;
// the other nodes it names stay, as they were.
type RemovalFailure struct {
	TaskError
	Removed int `json:"removed"`
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
