package ehpc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// This file is the E-HPC 2018-04-12 node API (AddExistedNodes, ListNodes, DeleteNodes, ListTasks,
// DescribeCluster) over the cluster store that the 2024-07-30 API (cluster.go) fills, and the ECS instance
// inventory that AddExistedNodes draws from.
//
// Asynchronous work is a Task: it is Processing for env.Latency after it was accepted, and its outcome is
// decided when it is accepted (which instances will fail to join). Its effects on nodes and instances are
// applied once, lazily, by settle() when any handler looks at the state after the task's end.

// SeededInstanceCount is how many stopped ECS instances a fresh emulator holds.
const SeededInstanceCount = 120

// SeededInstanceID is the id of the n-th seeded instance (1-based): i-emu000000000000001 … i-emu000000000000120.
func SeededInstanceID(n int) string { return fmt.Sprintf("i-emu%015d", n) }

// Join failure modes an instance can be given through the admin API, to provoke the failures the provider
// must handle.
const (
	// JoinFail makes the instance fail to join: the task ends PartialFail (or Fail) and the instance returns
	// to the Stopped pool.
	JoinFail = "fail"
	// JoinException lets the task succeed but leaves the node in status exception.
	JoinException = "exception"
)

// Image is an image of the catalogue AddExistedNodes accepts.
type Image struct {
	ID     string
	Family string // os family: centos, alinux, ubuntu, windows
	Major  string // major version: the seed requires the same major version as the cluster's image
}

// Images is the image catalogue. Any other ImageId is ImageNotFound, unless a cluster runs it. The cluster's image (its manager
// node image) fixes the family and major version that nodes must use (ImageNotSupported otherwise).
var Images = []Image{
	{ID: "centos_7_06_64_20G_alibase_20190711.vhd", Family: "centos", Major: "7"},
	{ID: "centos_7_9_x64_20G_alibase_20240628.vhd", Family: "centos", Major: "7"},
	{ID: "centos_8_5_x64_20G_alibase_20220428.vhd", Family: "centos", Major: "8"},
	{ID: "aliyun_3_x64_20G_alibase_20240528.vhd", Family: "alinux", Major: "3"},
	{ID: "aliyun_2_1903_x64_20G_alibase_20240628.vhd", Family: "alinux", Major: "2"},
	{ID: "ubuntu_22_04_x64_20G_alibase_20240508.vhd", Family: "ubuntu", Major: "22"},
	{ID: "win2019_1809_x64_dtc_en-us_40G_alibase_20240515.vhd", Family: "windows", Major: "2019"},
}

// imageOf finds an image in the catalogue, or guesses family and major version from a public image id's
// prefix (os_major_…) so that clusters created with images outside the catalogue still get a family.
func imageOf(id string) (Image, bool) {
	for _, im := range Images {
		if im.ID == id {
			return im, true
		}
	}
	lower := strings.ToLower(id)
	parts := strings.Split(lower, "_")
	if len(parts) < 2 {
		return Image{ID: id}, false
	}
	family := map[string]string{"centos": "centos", "aliyun": "alinux", "alinux": "alinux", "ubuntu": "ubuntu",
		"rockylinux": "rocky", "anolisos": "anolis", "debian": "debian"}[parts[0]]
	if strings.HasPrefix(lower, "win") {
		family = "windows"
	}
	if family == "" {
		return Image{ID: id}, false
	}
	return Image{ID: id, Family: family, Major: parts[1]}, false
}

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

// seedInstances creates the stopped instances a new user can add to a cluster at once.
func (p *Product) seedInstances(env *core.Env) []string {
	now := env.Now()
	for n := 1; n <= SeededInstanceCount; n++ {
		id := SeededInstanceID(n)
		p.state.Instances[id] = p.newInstance(env, id, "centos", fmt.Sprintf("host-emu%04d", n),
			fmt.Sprintf("172.16.%d.%d", n/250, n%250+2), now)
	}
	return []string{fmt.Sprintf("ECS: %d stopped centos instances %s … %s (usable with AddExistedNodes)",
		SeededInstanceCount, SeededInstanceID(1), SeededInstanceID(SeededInstanceCount))}
}

func (p *Product) newInstance(env *core.Env, id, os, host, ip string, now time.Time) *Instance {
	return &Instance{
		ID:           id,
		Status:       InstanceStopped,
		OS:           os,
		HostID:       host,
		HostName:     "iZ" + strings.TrimPrefix(id, "i-") + "Z",
		IPAddress:    ip,
		ZoneID:       env.Region + "-h",
		InstanceType: "ecs.c7.large",
		CreatedAt:    now,
	}
}

// settle applies the effects of every task that has ended and not been applied yet, and frees instances of
// clusters that no longer exist. Handlers call it first, so every answer reflects the current time.
func (p *Product) settle(env *core.Env, now time.Time) {
	// A restored state may hold null maps.
	if p.state.Instances == nil {
		p.state.Instances = map[string]*Instance{}
	}
	if p.state.Tasks == nil {
		p.state.Tasks = map[string]*Task{}
	}
	ids := make([]string, 0, len(p.state.Tasks))
	for id, t := range p.state.Tasks {
		if !t.Settled && !now.Before(t.EndsAt) {
			ids = append(ids, id)
		}
	}
	// Apply in the order the tasks ended, so a delete after an add lands after it.
	sort.Slice(ids, func(i, j int) bool {
		a, b := p.state.Tasks[ids[i]], p.state.Tasks[ids[j]]
		if !a.EndsAt.Equal(b.EndsAt) {
			return a.EndsAt.Before(b.EndsAt)
		}
		return a.ID < b.ID
	})
	for _, id := range ids {
		p.applyTask(p.state.Tasks[id])
	}
	for _, in := range p.state.Instances {
		if in.ClusterID == "" {
			continue
		}
		if c, ok := p.state.Clusters[in.ClusterID]; !ok || c.StatusAt(env) == StatusGone || c.Nodes[in.ID] == nil {
			// The cluster was deleted (or the node dropped) without the instance being released: it is
			// the user's again, stopped.
			in.ClusterID, in.Status = "", InstanceStopped
		}
	}
}

func (p *Product) applyTask(t *Task) {
	t.Settled = true
	c := p.state.Clusters[t.ClusterID]
	for _, id := range t.Instances {
		in := p.state.Instances[id]
		var n *Node
		if c != nil {
			n = c.Nodes[id]
		}
		switch t.Type {
		case TaskTypeAddExistedNodes:
			if _, failed := t.Failed[id]; failed {
				if c != nil {
					delete(c.Nodes, id)
				}
				if in != nil {
					in.ClusterID, in.Status = "", InstanceStopped
				}
				continue
			}
			if n != nil && n.TaskID == t.ID {
				n.TaskID, n.Status = "", NodeRunning
				if in != nil && in.JoinFailure == JoinException {
					n.Status = NodeException
				}
			}
		case TaskTypeDeleteNodes:
			if c != nil && n != nil && n.TaskID == t.ID {
				delete(c.Nodes, id)
			}
			p.releaseOrStop(id, t.Release)
		}
	}
}

func (p *Product) releaseOrStop(id string, release bool) {
	in := p.state.Instances[id]
	if in == nil {
		return
	}
	if release {
		delete(p.state.Instances, id)
		return
	}
	in.ClusterID, in.Status = "", InstanceStopped
}

// busyTask returns a task of the cluster that is still Processing.
func (p *Product) busyTask(clusterID string, now time.Time) *Task {
	for _, t := range p.state.Tasks {
		if t.ClusterID == clusterID && t.StatusAt(now) == TaskProcessing {
			return t
		}
	}
	return nil
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
	switch alias {
	case "system", "self", "others", "marketplace":
	default:
		return nil, invalidParam("ImageOwnerAlias", "Valid values: system, self, others, marketplace.")
	}
	ids, err := instanceParams(req)
	if err != nil {
		return nil, err
	}
	queue := req.Param("JobQueue")
	if queue != "" {
		if names := c.QueueNames(); len(names) > 0 && !contains(names, queue) {
			return nil, invalidParam("JobQueue", "The cluster has no queue %q (queues: %s).", queue, strings.Join(names, ", "))
		}
	}
	image, known := imageOf(imageID)
	// An image some cluster already runs exists, even if the catalogue does not list it.
	for _, other := range p.state.Clusters {
		known = known || other.ImageID == imageID
	}
	if !known {
		return nil, core.Errorf(http.StatusNotFound, "ImageNotFound", "The specified image does not exist. ImageId: %s", imageID)
	}
	if st := c.StatusAt(req.Env); st != StatusRunning {
		return nil, withDetail(errInvalidClusterStatus(st), "Nodes can be added to a running cluster only.")
	}
	if t := p.busyTask(c.ID, req.Now); t != nil {
		return nil, withDetail(errConflictOpt(), "Task %s (%s) has not finished; try again later.", t.ID, t.Type)
	}
	if ci, _ := imageOf(c.ImageID); ci.Family != "" && (ci.Family != image.Family || ci.Major != image.Major) {
		return nil, core.Errorf(http.StatusForbidden, "ImageNotSupported",
			"The specified image is not supported. Image %s is %s %s; the cluster's nodes run %s %s (image %s): the OS family and major version must match.",
			imageID, image.Family, image.Major, ci.Family, ci.Major, c.ImageID)
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
		return nil, core.Errorf(http.StatusForbidden, "TooManyComputes",
			"The number of computing nodes exceeds the quota. The cluster has %d compute nodes, %d were requested, the quota is %d.",
			len(c.Nodes), len(ids), c.MaxCount)
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

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
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
	lo := min((number-1)*size, total)
	hi := min(lo+size, total)
	infos := make([]map[string]any, 0, hi-lo)
	for _, n := range nodes[lo:hi] {
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
	// also releases instances that were added with AddExistedNodes is UNVERIFIED (REFERENCE §7.3); the
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

func (p *Product) listTasks(req *core.Request) (*core.Response, error) {
	p.settle(req.Env, req.Now)
	number, err := intParamIn(req, "PageNumber", 1, 999)
	if err != nil {
		return nil, err
	}
	size, err := intParamIn(req, "PageSize", 10, 50)
	if err != nil {
		return nil, err
	}
	archived, err := boolParamOr(req, "Archived", false)
	if err != nil {
		return nil, err
	}
	clusterID, taskID := req.Param("ClusterId"), req.Param("TaskId")
	if clusterID != "" {
		if _, err := p.liveCluster(req, clusterID); err != nil {
			return nil, err
		}
	}
	var tasks []*Task
	for _, t := range p.state.Tasks {
		switch {
		case clusterID != "" && t.ClusterID != clusterID:
		case taskID != "":
			// With TaskId set, Archived is ignored.
			if t.ID == taskID {
				tasks = append(tasks, t)
			}
		case archived || t.StatusAt(req.Now) == TaskProcessing:
			tasks = append(tasks, t)
		}
	}
	sort.Slice(tasks, func(i, j int) bool {
		if !tasks[i].CreatedAt.Equal(tasks[j].CreatedAt) {
			return tasks[i].CreatedAt.After(tasks[j].CreatedAt)
		}
		return tasks[i].ID < tasks[j].ID
	})
	total := len(tasks)
	lo := min((number-1)*size, total)
	hi := min(lo+size, total)
	infos := make([]map[string]any, 0, hi-lo)
	for _, t := range tasks[lo:hi] {
		status := t.StatusAt(req.Now)
		step := 1
		if status != TaskProcessing {
			step = 2
		}
		result := "{}"
		if status != TaskProcessing {
			var ok []string
			for _, id := range t.Instances {
				if _, failed := t.Failed[id]; !failed {
					ok = append(ok, id)
				}
			}
			b, _ := json.Marshal(map[string]any{"Instances": ok})
			result = string(b)
		}
		errs := ""
		if status != TaskProcessing {
			errs = t.errors()
		}
		infos = append(infos, map[string]any{
			"TaskId": t.ID, "ClusterId": t.ClusterID, "TaskType": t.Type, "Status": status,
			"CurrentStep": step, "TotalSteps": 2, "Request": t.Request, "Result": result, "Errors": errs,
		})
	}
	return core.OK(map[string]any{
		"RequestId": req.RequestID, "PageNumber": number, "PageSize": size, "TotalCount": total, "Tasks": infos,
	}), nil
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

// Admin API.
