package ehpc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// The E-HPC 2018-04-12 node API (AddExistedNodes, ListNodes, DeleteNodes, DescribeCluster; ListTasks is in
// tasks_2018.go) over the cluster store that the 2024-07-30 API (cluster.go) fills, and the ECS instance
// inventory (inventory_2018.go) that AddExistedNodes draws from. The behaviour it reproduces is described in
// README.md, "API 2018-04-12: node API".

func (p *Product) registerNodeAPI(r *core.Router) {
	r.RPC(Version2018, "AddExistedNodes", p.addExistedNodes, core.Creating())
	r.RPC(Version2018, "ListNodes", p.listNodes)
	r.RPC(Version2018, "DeleteNodes", p.deleteNodes, core.Mutating())
	r.RPC(Version2018, "ListTasks", p.listTasks)
	r.RPC(Version2018, "DescribeCluster", p.describeCluster)

	// POST {"name", "image_id", "max_count", "queues": ["workq"]} creates a running cluster at once (all
	// optional; image_id defaults to the first catalogue image, a CentOS 7 one) and answers {"ClusterId"}.
	r.Admin(http.MethodPost, "/_emulator/ehpc/clusters", p.adminCreateCluster, core.Mutating())
	// DELETE removes a node at once, as someone would outside Terraform; the instance is stopped and free.
	r.Admin(http.MethodDelete, "/_emulator/ehpc/clusters/{cluster_id}/nodes/{instance_id}", p.adminRemoveNode, core.Mutating())
	// POST {"count", "os", "host_id", "join_failure"} adds stopped instances and answers {"InstanceIds"}.
	// Instances sharing a host_id conflict when they join one cluster; join_failure is "fail" or "exception".
	r.Admin(http.MethodPost, "/_emulator/ecs/instances", p.adminAddInstances, core.Mutating())
	// GET shows an instance (status Stopped/Running, cluster_id); 404 once released.
	r.Admin(http.MethodGet, "/_emulator/ecs/instances/{instance_id}", p.adminGetInstance)
	// POST {"join_failure": "fail"|"exception"|""} changes how the instance behaves when it next joins.
	r.Admin(http.MethodPost, "/_emulator/ecs/instances/{instance_id}", p.adminUpdateInstance, core.Mutating())
}

// cluster looks up the ClusterId parameter.
func (p *Product) cluster(req *core.Request) (*Cluster, error) {
	id, err := requiredParam(req, "ClusterId")
	if err != nil {
		return nil, err
	}
	c, err := p.liveCluster(req, id)
	if err != nil {
		return nil, err
	}
	if c.Nodes == nil {
		c.Nodes = map[string]*Node{}
	}
	return c, nil
}

func (p *Product) addExistedNodes(req *core.Request) (*core.Response, error) {
	p.settle(req.Env, req.Now)
	c, err := p.cluster(req)
	if err != nil {
		return nil, err
	}
	imageID, err := requiredParam(req, "ImageId")
	if err != nil {
		return nil, err
	}
	alias := req.Param("ImageOwnerAlias")
	if alias == "" {
		alias = "system"
	}
	if !slices.Contains(ImageOwnerAliases, alias) {
		return nil, invalidParam("ImageOwnerAlias", "Valid values: %s.", strings.Join(ImageOwnerAliases, ", "))
	}
	ids, err := instanceParams(req)
	if err != nil {
		return nil, err
	}
	queue := req.Param("JobQueue")
	if queue != "" {
		if names := c.QueueNames(); len(names) > 0 && !slices.Contains(names, queue) {
			return nil, invalidParam("JobQueue", "The cluster has no queue %q (queues: %s).", queue, strings.Join(names, ", "))
		}
	}
	image, known := imageOf(imageID)
	// An image some cluster already runs exists, even if the catalogue does not list it.
	for _, other := range p.state.Clusters {
		known = known || other.ImageID == imageID
	}
	if !known {
		return nil, errNodesImageNotFound(imageID)
	}
	if st := c.StatusAt(req.Env); st != StatusRunning {
		return nil, withDetail(errInvalidClusterStatus(st), "Nodes can be added to a running cluster only.")
	}
	if t := p.busyTask(c.ID, req.Now); t != nil {
		return nil, withDetail(errConflictOpt(), "Task %s (%s) has not finished; try again later.", t.ID, t.Type)
	}
	if ci, _ := imageOf(c.ImageID); ci.Family != "" && (ci.Family != image.Family || ci.Major != image.Major) {
		return nil, errNodesImageNotSupported(image, ci, c.ImageID)
	}
	hosts := map[string]string{}
	for id := range c.Nodes {
		if in := p.state.Instances[id]; in != nil {
			hosts[in.HostID] = id
		}
	}
	for i, id := range ids {
		in := p.state.Instances[id]
		key := fmt.Sprintf("Instance.%d.Id", i+1)
		switch {
		case in == nil:
			return nil, invalidParam(key, "Instance %s does not exist.", id)
		case in.ClusterID != "":
			return nil, invalidParam(key, "Instance %s already belongs to cluster %s.", id, in.ClusterID)
		case in.Status != InstanceStopped:
			return nil, invalidParam(key, "Instance %s is %s; only Stopped instances can be added.", id, in.Status)
		}
	}
	if c.MaxCount > 0 && len(c.Nodes)+len(ids) > c.MaxCount {
		return nil, errNodesTooManyComputes(len(c.Nodes), len(ids), c.MaxCount)
	}

	reqJSON, _ := json.Marshal(map[string]any{"ClusterId": c.ID, "ImageId": imageID, "ImageOwnerAlias": alias,
		"JobQueue": queue, "Instances": ids})
	t := &Task{ID: req.Env.UUID(), ClusterID: c.ID, Type: TaskTypeAddExistedNodes, Request: string(reqJSON),
		Instances: ids, CreatedAt: req.Now, EndsAt: req.Env.Phase(req.Now, 1), Failed: map[string]string{}}
	for _, id := range ids {
		in := p.state.Instances[id]
		// The seed: the hosts of the nodes must differ from those of the cluster's existing nodes.
		if other, clash := hosts[in.HostID]; clash {
			t.Failed[id] = fmt.Sprintf("HostConflict: instance runs on host %s, as node %s of the cluster does", in.HostID, other)
		} else if in.JoinFailure == JoinFail {
			t.Failed[id] = "EcsError: the instance failed to start with the new system disk"
		}
		hosts[in.HostID] = id
		in.ClusterID, in.Status = c.ID, InstanceRunning
		// The OS is replaced by the image's on joining.
		in.OS = image.Family
		c.Nodes[id] = &Node{ID: id, HostName: in.HostName, IPAddress: in.IPAddress, Status: NodeIniting,
			ImageID: imageID, ImageOwnerAlias: alias, JobQueue: queue, AddedAt: req.Now, TaskID: t.ID}
	}
	p.state.Tasks[t.ID] = t
	return core.OK(map[string]any{"RequestId": req.RequestID, "TaskId": t.ID}), nil
}

func (p *Product) listNodes(req *core.Request) (*core.Response, error) {
	p.settle(req.Env, req.Now)
	c, err := p.cluster(req)
	if err != nil {
		return nil, err
	}
	number, err := intParamIn(req, "PageNumber", 1, 1<<30)
	if err != nil {
		return nil, err
	}
	size, err := intParamIn(req, "PageSize", 10, 100)
	if err != nil {
		return nil, err
	}
	role := req.Param("Role")
	switch role {
	case "", "Compute":
	case "Manager", "Login":
		// The emulator keeps only compute nodes; the manager is part of the cluster itself.
	default:
		return nil, invalidParam("Role", "Valid values: Manager, Login, Compute.")
	}
	var status string
	if f := req.Param("Filter"); f != "" {
		var filter struct {
			Status string `json:"status"`
		}
		if json.Unmarshal([]byte(f), &filter) != nil {
			return nil, invalidParam("Filter", "It must be a JSON object such as {\"status\":\"running\"}.")
		}
		status = filter.Status
	}
	nodes := make([]*Node, 0, len(c.Nodes))
	if role == "" || role == "Compute" {
		for _, n := range c.Nodes {
			if prefix := req.Param("HostNamePrefix"); prefix != "" && !strings.HasPrefix(n.HostName, prefix) {
				continue
			}
			if ip := req.Param("PrivateIpAddress"); ip != "" && n.IPAddress != ip {
				continue
			}
			if status != "" && n.Status != status {
				continue
			}
			nodes = append(nodes, n)
		}
	}
	sort.Slice(nodes, func(i, j int) bool {
		if req.Param("SortBy") == "HostName" {
			return nodes[i].HostName < nodes[j].HostName
		}
		if !nodes[i].AddedAt.Equal(nodes[j].AddedAt) {
			return nodes[i].AddedAt.Before(nodes[j].AddedAt)
		}
		return nodes[i].ID < nodes[j].ID
	})
	if req.Param("Sequence") == "Backward" {
		for i, j := 0, len(nodes)-1; i < j; i, j = i+1, j-1 {
			nodes[i], nodes[j] = nodes[j], nodes[i]
		}
	}
	total := len(nodes)
	shown := core.Page(nodes, number, size)
	infos := make([]map[string]any, 0, len(shown))
	for _, n := range shown {
		infos = append(infos, p.nodeInfo(req, n))
	}
	return core.OK(map[string]any{
		"RequestId": req.RequestID, "PageNumber": number, "PageSize": size, "TotalCount": total,
		"Nodes": map[string]any{"NodeInfo": infos},
	}), nil
}

func (p *Product) nodeInfo(req *core.Request, n *Node) map[string]any {
	zone, itype := req.Env.Region+"-h", "ecs.c7.large"
	if in := p.state.Instances[n.ID]; in != nil {
		zone, itype = in.ZoneID, in.InstanceType
	}
	sched := "idle"
	if n.Status != NodeRunning {
		sched = "down"
	}
	return map[string]any{
		"Id": n.ID, "HostName": n.HostName, "Status": n.Status, "StateInSched": sched,
		"Roles":     map[string]any{"Role": []string{"Compute"}},
		"IpAddress": n.IPAddress, "PublicIpAddress": "", "RegionId": req.Env.Region, "ZoneId": zone,
		"InstanceType": itype, "ImageId": n.ImageID, "ImageOwnerAlias": n.ImageOwnerAlias,
		"AddTime": n.AddedAt.UTC().Format(time.RFC3339), "CreateMode": "manual", "CreatedByEhpc": false,
		"Expired": false, "ExpiredTime": "", "HtEnabled": true, "Location": "PublicCloud", "LockReason": "",
		"SpotStrategy": "NoSpot", "Version": "2.0.0",
		"TotalResources": map[string]any{"Cpu": 2, "Gpu": 0, "Memory": 4096},
		"UsedResources":  map[string]any{"Cpu": 0, "Gpu": 0, "Memory": 0},
	}
}

func (p *Product) deleteNodes(req *core.Request) (*core.Response, error) {
	p.settle(req.Env, req.Now)
	c, err := p.cluster(req)
	if err != nil {
		return nil, err
	}
	ids, err := instanceParams(req)
	if err != nil {
		return nil, err
	}
	// The API's default is to release: "release the instances that are created by using E-HPC". Whether it
	// also releases instances that were added with AddExistedNodes is UNVERIFIED (README.md, "API 2018-04-12: DeleteNodes"); the
	// emulator takes the worst case and releases them, so a client that forgets ReleaseInstance=false loses
	// the user's instances here as it might in the cloud.
	release, err := boolParamOr(req, "ReleaseInstance", true)
	if err != nil {
		return nil, err
	}
	sync, err := boolParamOr(req, "Sync", false)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if c.Nodes[id] == nil {
			return nil, invalidParam(fmt.Sprintf("Instance.%d.Id", i+1), "Instance %s is not a node of cluster %s.", id, c.ID)
		}
	}
	if st := c.StatusAt(req.Env); st != StatusRunning && st != StatusException {
		return nil, errInvalidClusterStatus(st)
	}
	if t := p.busyTask(c.ID, req.Now); t != nil {
		return nil, withDetail(errConflictOpt(), "Task %s (%s) has not finished; try again later.", t.ID, t.Type)
	}
	reqJSON, _ := json.Marshal(map[string]any{"ClusterId": c.ID, "Instances": ids, "ReleaseInstance": release, "Sync": sync})
	t := &Task{ID: req.Env.UUID(), ClusterID: c.ID, Type: TaskTypeDeleteNodes, Request: string(reqJSON),
		Instances: ids, CreatedAt: req.Now, EndsAt: req.Env.Phase(req.Now, 1), Release: release}
	if sync {
		t.EndsAt = req.Now
	}
	for _, id := range ids {
		n := c.Nodes[id]
		n.Status, n.TaskID = NodeReleasing, t.ID
	}
	p.state.Tasks[t.ID] = t
	if sync {
		p.applyTask(t)
	}
	return core.OK(map[string]any{"RequestId": req.RequestID, "TaskId": t.ID}), nil
}

func (p *Product) describeCluster(req *core.Request) (*core.Response, error) {
	p.settle(req.Env, req.Now)
	c, err := p.cluster(req)
	if err != nil {
		return nil, err
	}
	image, _ := imageOf(c.ImageID)
	counts := map[string]int{}
	for _, n := range c.Nodes {
		counts[n.Status]++
	}
	return core.OK(map[string]any{
		"RequestId": req.RequestID,
		"ClusterInfo": map[string]any{
			"Id": c.ID, "Name": c.Name, "Status": c.StatusAt(req.Env), "RegionId": req.Env.Region,
			"ImageId": c.ImageID, "ImageOwnerAlias": "system", "OsTag": image.Family + "_" + image.Major,
			"SchedulerType": "slurm", "AccountType": "nis", "DeployMode": "Simple",
			"CreateTime": c.CreatedAt.UTC().Format(time.RFC3339),
			"Nodes": map[string]any{"ComputeNodes": len(c.Nodes), "Running": counts[NodeRunning],
				"Initing": counts[NodeIniting], "Exception": counts[NodeException], "Releasing": counts[NodeReleasing]},
			"MaxCount": c.MaxCount,
		},
	}), nil
}
