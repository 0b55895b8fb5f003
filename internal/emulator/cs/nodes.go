package cs

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

var nodeStateFilters = []string{"all", NodeRunning, NodeRemoving, NodeInitial, NodeFailed}

// describeClusterNodes: GET /clusters/{cluster_id}/nodes?instanceIds=a,b&state=&pageNumber=&pageSize=.
func (p *Product) describeClusterNodes(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	number, size, err := paging(req, "pageNumber", "pageSize")
	if err != nil {
		return nil, err
	}
	filter := req.Param("state")
	if filter == "" {
		filter = "all"
	}
	if !slices.Contains(nodeStateFilters, filter) {
		return nil, invalid("state must be one of %s, got %q.", strings.Join(nodeStateFilters, ", "), filter)
	}
	var want map[string]bool
	if v := req.Param("instanceIds"); v != "" {
		want = map[string]bool{}
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				want[id] = true
			}
		}
	}
	var matched []*Node
	for _, n := range sortedNodes(c) {
		if want != nil && !want[n.InstanceID] {
			continue
		}
		if filter != "all" && nodeState(n, req.Now) != filter {
			continue
		}
		matched = append(matched, n)
	}
	nodes := []any{}
	for _, n := range core.Page(matched, number, size) {
		nodes = append(nodes, p.nodeView(n, req))
	}
	return core.OK(map[string]any{
		"nodes": nodes,
		// The SDK's response body has no request id: it travels in the x-acs-request-id header only.
		"page": map[string]int{"page_number": number, "page_size": size, "total_count": len(matched)},
	}), nil
}

func (p *Product) nodeView(n *Node, req *core.Request) map[string]any {
	state := nodeState(n, req.Now)
	inst := p.state.Instances[n.InstanceID]
	if inst == nil {
		inst = &Instance{}
	}
	nodeStatus := map[string]string{NodeInitial: "NotReady", NodeRunning: "Ready", NodeFailed: "Unknown", NodeRemoving: "NotReady"}[state]
	family := inst.InstanceType
	if i := strings.LastIndex(family, "."); i > 0 {
		family = family[:i]
	}
	v := map[string]any{
		"instance_id": n.InstanceID, "node_name": n.NodeName, "host_name": n.NodeName,
		"instance_name": "worker-k8s-for-cs-" + inst.ClusterID, "instance_role": "Worker",
		"instance_status": instRunning, "instance_type": inst.InstanceType, "instance_type_family": family,
		"ip_address": []string{n.IP}, "is_aliyun_node": true, "node_status": nodeStatus, "nodepool_id": "",
		"source": "ens", "spot_strategy": "NoSpot", "state": state, "image_id": inst.ImageID,
		"instance_charge_type": inst.ChargeType, "creation_time": timestamp(n.Created),
		"expired_time": timestamp(inst.Expires), "error_message": "",
	}
	if state == NodeFailed {
		if t := p.state.Tasks[n.TaskID]; t != nil && t.Error != nil {
			v["error_message"] = t.Error.Message
		}
	}
	return v
}

type deleteNodesBody struct {
	Nodes       []string `json:"nodes"`
	ReleaseNode bool     `json:"release_node"`
	DrainNode   bool     `json:"drain_node"`
}

// deleteClusterNodes serves DeleteClusterNodes (POST /clusters/{id}/nodes) and the legacy RemoveClusterNodes
// (POST /api/v2/clusters/{id}/nodes/remove). Nodes already being removed are accepted again (a retry after
// a lost answer must not fail). Subscription instances are not released (see the package comment).
func (p *Product) deleteClusterNodes(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	var b deleteNodesBody
	if err := json.NewDecoder(bytes.NewReader(req.Body)).Decode(&b); err != nil {
		return nil, invalid("The request body is not a valid DeleteClusterNodes body: %v.", err)
	}
	if len(b.Nodes) == 0 {
		return nil, invalid("nodes is required: list the node names to remove.")
	}
	byName := map[string]*Node{}
	for _, n := range c.Nodes {
		byName[n.NodeName] = n
	}
	var missing []string
	for _, name := range b.Nodes {
		if byName[name] == nil {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, core.Errorf(http.StatusBadRequest, "ErrorNodeNotFound", "The cluster %s has no node named %s.", c.ID, strings.Join(missing, ", "))
	}
	now := req.Now
	t := &Task{ID: "T-" + req.Env.RandomHex(24), ClusterID: c.ID, Type: taskRemove, Created: now, DoneAt: req.Env.Phase(now, 1),
		Params: map[string]any{"nodes": b.Nodes, "release_node": b.ReleaseNode, "drain_node": b.DrainNode}}
	leaving := len(b.Nodes)
	if f := c.FailNextRemoval; f != nil {
		c.FailNextRemoval = nil
		e := f.TaskError
		t.Error, leaving = &e, min(max(f.Removed, 0), len(b.Nodes))
	}
	for i, name := range b.Nodes {
		n := byName[name]
		if i >= leaving {
			// A removal that fails midway leaves these nodes in the cluster, as they were.
			t.Instances = append(t.Instances, n.InstanceID)
			continue
		}
		if n.RemovingAt.IsZero() {
			n.RemovingAt, n.GoneAt = now, t.DoneAt
		} else if n.GoneAt.After(t.DoneAt) {
			t.DoneAt = n.GoneAt
		}
		t.Instances = append(t.Instances, n.InstanceID)
	}
	p.state.Tasks[t.ID] = t
	c.TaskIDs = append(c.TaskIDs, t.ID)
	c.Updated = now
	return core.OK(map[string]string{"cluster_id": c.ID, "request_id": req.RequestID, "task_id": t.ID}), nil
}

// describeClusterDetail: GET /clusters/{cluster_id}.
func (p *Product) describeClusterDetail(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	return core.OK(clusterView(c, req.Now)), nil
}

func clusterView(c *Cluster, now time.Time) map[string]any {
	return map[string]any{
		"cluster_id": c.ID, "name": c.Name, "state": clusterState(c, now), "cluster_type": c.ClusterType,
		"profile": c.Profile, "cluster_spec": "ack.pro.small", "region_id": c.Region, "vpc_id": "", "vswitch_ids": []string{},
		"size": len(c.Nodes), "current_version": "1.31.1-aliyun.1", "created": timestamp(c.Created),
		"updated": timestamp(c.Updated), "deletion_protection": false, "tags": []any{},
	}
}
