package cs

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Admin API (unsigned, under /_emulator/cs/):
//
//	POST   /_emulator/cs/clusters                                  {"name","profile","state","cluster_type"} → cluster
//	GET    /_emulator/cs/clusters/{cluster_id}                     → {cluster, nodes, instances, tasks}
//	DELETE /_emulator/cs/clusters/{cluster_id}                     the cluster disappears (ErrorClusterNotFound)
//	POST   /_emulator/cs/clusters/{cluster_id}/next-task-fails     {"code","message"}: the next scale-out task fails
//	POST   /_emulator/cs/clusters/{cluster_id}/next-removal-fails  {"code","message","removed"}: the next removal task fails
//	                                                               after its first `removed` nodes left; the others stay
//	DELETE /_emulator/cs/clusters/{cluster_id}/nodes/{instance_id} removes a node at once, out of band
//	DELETE /_emulator/cs/clusters/{cluster_id}/tasks/{task_id}     forgets a task, as the service does with old
//	                                                               ones: DescribeTaskInfo answers ErrorTaskNotFound
//	                                                               and the cluster's task list leaves it out; the
//	                                                               nodes it bought stay
//
// A new cluster defaults to profile Edge, cluster_type ManagedKubernetes and state running.
func (p *Product) registerAdmin(r *core.Router) {
	r.Admin(http.MethodPost, "/_emulator/cs/clusters", p.adminCreateCluster, core.Mutating())
	r.Admin(http.MethodGet, "/_emulator/cs/clusters/{cluster_id}", p.adminGetCluster)
	r.Admin(http.MethodDelete, "/_emulator/cs/clusters/{cluster_id}", p.adminDeleteCluster, core.Mutating())
	r.Admin(http.MethodPost, "/_emulator/cs/clusters/{cluster_id}/next-task-fails", p.adminNextTaskFails, core.Mutating())
	r.Admin(http.MethodPost, "/_emulator/cs/clusters/{cluster_id}/next-removal-fails", p.adminNextRemovalFails, core.Mutating())
	r.Admin(http.MethodDelete, "/_emulator/cs/clusters/{cluster_id}/nodes/{instance_id}", p.adminRemoveNode, core.Mutating())
	r.Admin(http.MethodDelete, "/_emulator/cs/clusters/{cluster_id}/tasks/{task_id}", p.adminForgetTask, core.Mutating())
}

// AdminCluster is the admin view of one cluster.
type AdminCluster struct {
	Cluster   map[string]any `json:"cluster"`
	Nodes     []AdminNode    `json:"nodes"`
	Instances []*Instance    `json:"instances"`
	Tasks     []AdminTask    `json:"tasks"`
}

// AdminNode is a node with its current state.
type AdminNode struct {
	InstanceID string `json:"instance_id"`
	NodeName   string `json:"node_name"`
	State      string `json:"state"`
	TaskID     string `json:"task_id"`
}

// AdminTask is a task with its current state.
type AdminTask struct {
	ID    string `json:"task_id"`
	Type  string `json:"task_type"`
	State string `json:"state"`
	// Count is how many instances a scale-out bought, or how many nodes a removal named.
	Count int `json:"count"`
}

var clusterStates = []string{"initial", "failed", "running", "updating", "updating_failed", "scaling", "waiting",
	"disconnected", "stopped", "deleting", "deleted", "delete_failed"}

func (p *Product) adminCreateCluster(req *core.Request) (*core.Response, error) {
	p.ensure()
	var in struct {
		Name        string `json:"name"`
		Profile     string `json:"profile"`
		State       string `json:"state"`
		ClusterType string `json:"cluster_type"`
	}
	if len(strings.TrimSpace(string(req.Body))) > 0 {
		if err := json.Unmarshal(req.Body, &in); err != nil {
			return nil, core.Errorf(http.StatusBadRequest, "InvalidParameter", "body: %v", err)
		}
	}
	if in.Profile == "" {
		in.Profile = ProfileEdge
	}
	if in.ClusterType == "" {
		in.ClusterType = TypeManagedKubernetes
	}
	if in.State == "" {
		in.State = StateRunning
	}
	if !slices.Contains(clusterStates, in.State) {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParameter", "state must be one of %s", strings.Join(clusterStates, ", "))
	}
	id := "c" + req.Env.RandomHex(31)
	if in.Name == "" {
		in.Name = "edge-" + id[:8]
	}
	c := &Cluster{ID: id, Name: in.Name, Profile: in.Profile, ClusterType: in.ClusterType, Region: req.Env.Region,
		State: in.State, Created: req.Now, Updated: req.Now, Nodes: map[string]*Node{}}
	p.state.Clusters[id] = c
	return core.OK(clusterView(c, req.Now)), nil
}

func (p *Product) adminGetCluster(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	out := AdminCluster{Cluster: clusterView(c, req.Now), Nodes: []AdminNode{}, Instances: []*Instance{}, Tasks: []AdminTask{}}
	for _, n := range sortedNodes(c) {
		out.Nodes = append(out.Nodes, AdminNode{InstanceID: n.InstanceID, NodeName: n.NodeName, State: nodeState(n, req.Now), TaskID: n.TaskID})
	}
	for _, id := range c.TaskIDs {
		t := p.state.Tasks[id]
		out.Tasks = append(out.Tasks, AdminTask{ID: t.ID, Type: t.Type, State: taskState(t, req.Now), Count: len(t.Instances)})
	}
	// Every instance bought for the cluster, also those of a task the service has forgotten, in purchase order.
	for _, inst := range p.state.Instances {
		if inst.ClusterID == c.ID {
			out.Instances = append(out.Instances, inst)
		}
	}
	slices.SortFunc(out.Instances, func(a, b *Instance) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return core.OK(out), nil
}

func (p *Product) adminDeleteCluster(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	for id := range c.Nodes {
		if inst := p.state.Instances[id]; inst != nil {
			inst.InCluster = false
		}
	}
	delete(p.state.Clusters, c.ID)
	return core.OK(map[string]string{"cluster_id": c.ID}), nil
}

func (p *Product) adminNextTaskFails(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	var e TaskError
	if err := json.Unmarshal(req.Body, &e); err != nil {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParameter", "body: %v", err)
	}
	if e.Code == "" {
		e.Code = "ErrorScaleOutFailed"
	}
	if e.Message == "" {
		e.Message = "Failed to create the ENS instances: the requested instance type is sold out in the ENS region."
	}
	c.FailNext = &e
	return core.OK(map[string]any{"cluster_id": c.ID, "fail_next": e}), nil
}

func (p *Product) adminRemoveNode(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	id := req.PathParams["instance_id"]
	if c.Nodes[id] == nil {
		return nil, core.Errorf(http.StatusNotFound, "ErrorNodeNotFound", "The cluster %s has no node with instance %s.", c.ID, id)
	}
	delete(c.Nodes, id)
	if inst := p.state.Instances[id]; inst != nil {
		inst.InCluster = false
	}
	return core.OK(map[string]string{"cluster_id": c.ID, "instance_id": id}), nil
}

func (p *Product) adminForgetTask(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	id := req.PathParams["task_id"]
	i := slices.Index(c.TaskIDs, id)
	if i < 0 {
		return nil, core.Errorf(http.StatusNotFound, "ErrorTaskNotFound", "The specified task %s does not exist.", id)
	}
	c.TaskIDs = slices.Delete(c.TaskIDs, i, i+1)
	delete(p.state.Tasks, id)
	return core.OK(map[string]string{"cluster_id": c.ID, "task_id": id}), nil
}

func (p *Product) adminNextRemovalFails(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	var f RemovalFailure
	if err := json.Unmarshal(req.Body, &f); err != nil {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParameter", "body: %v", err)
	}
	if f.Removed < 0 {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParameter", "removed must be 0 or more, got %d", f.Removed)
	}
	if f.Code == "" {
		f.Code = "ErrorRemoveNodesFailed"
	}
	if f.Message == "" {
		f.Message = "Failed to drain the node: a pod disruption budget forbids the eviction."
	}
	c.FailNextRemoval = &f
	return core.OK(map[string]any{"cluster_id": c.ID, "fail_next_removal": f}), nil
}
