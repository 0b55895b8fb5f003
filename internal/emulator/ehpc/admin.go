package ehpc

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

func (p *Product) adminSetQuota(req *core.Request) (*core.Response, error) {
	var in struct {
		MaxClusters *int `json:"max_clusters"`
	}
	if err := req.DecodeJSON(&in); err != nil || (in.MaxClusters != nil && *in.MaxClusters < 0) {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidBody", `body must be {"max_clusters": N} with N >= 0, or {"max_clusters": null} for the default`)
	}
	p.state.ClusterSettings.MaxClusters = in.MaxClusters
	limit := DefaultMaxClusters
	if in.MaxClusters != nil {
		limit = *in.MaxClusters
	}
	return core.OK(map[string]any{"max_clusters": limit}), nil
}

func (p *Product) adminNextCreateFails(req *core.Request) (*core.Response, error) {
	var in struct {
		Message string `json:"message"`
	}
	if len(strings.TrimSpace(string(req.Body))) > 0 {
		if err := req.DecodeJSON(&in); err != nil {
			return nil, core.Errorf(http.StatusBadRequest, "InvalidBody", `body must be {"message": "…"}`)
		}
	}
	if in.Message == "" {
		in.Message = "The cluster failed to initialize."
	}
	p.state.ClusterSettings.NextCreateFailure = in.Message
	return core.OK(map[string]any{"message": in.Message}), nil
}

func (p *Product) adminDeleteCluster(req *core.Request) (*core.Response, error) {
	id := req.PathParams["cluster_id"]
	if _, ok := p.state.Clusters[id]; !ok {
		return nil, errClusterNotFound(id)
	}
	delete(p.state.Clusters, id)
	return core.OK(map[string]any{"deleted": id}), nil
}

// adminCreateCluster creates a running cluster directly, so node tests need not go through CreateCluster.
func (p *Product) adminCreateCluster(req *core.Request) (*core.Response, error) {
	var in struct {
		Name     string   `json:"name"`
		ImageID  string   `json:"image_id"`
		MaxCount int      `json:"max_count"`
		Queues   []string `json:"queues"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParams", "body: %v", err)
	}
	if in.ImageID == "" {
		in.ImageID = Images[0].ID
	}
	if in.Name == "" {
		in.Name = "emulator-cluster"
	}
	if in.MaxCount <= 0 {
		in.MaxCount = 500
	}
	c := newRunningCluster(req, in.Name, in.ImageID, in.MaxCount, in.Queues)
	p.state.Clusters[c.ID] = c
	return core.OK(map[string]any{"ClusterId": c.ID, "Status": c.StatusAt(req.Env)}), nil
}

func (p *Product) adminRemoveNode(req *core.Request) (*core.Response, error) {
	p.settle(req.Env, req.Now)
	c, err := p.liveCluster(req, req.PathParams["cluster_id"])
	if err != nil {
		return nil, err
	}
	id := req.PathParams["instance_id"]
	if c.Nodes[id] == nil {
		return nil, core.Errorf(http.StatusNotFound, "ObjectNotFound", "Instance %s is not a node of cluster %s.", id, c.ID)
	}
	delete(c.Nodes, id)
	p.releaseOrStop(id, false)
	return core.OK(map[string]any{"Removed": id}), nil
}

func (p *Product) adminAddInstances(req *core.Request) (*core.Response, error) {
	var in struct {
		Count       int    `json:"count"`
		OS          string `json:"os"`
		HostID      string `json:"host_id"`
		JoinFailure string `json:"join_failure"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParams", "body: %v", err)
	}
	if in.Count < 1 || in.Count > 1000 {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParams", "count must be 1-1000")
	}
	if err := checkJoinFailure(in.JoinFailure); err != nil {
		return nil, err
	}
	if in.OS == "" {
		in.OS = "centos"
	}
	used := map[string]bool{}
	for _, i := range p.state.Instances {
		used[i.IPAddress] = true
	}
	ids := make([]string, 0, in.Count)
	for k := 0; k < in.Count; k++ {
		id := "i-" + req.Env.RandomAlnum(20)
		for p.state.Instances[id] != nil {
			id = "i-" + req.Env.RandomAlnum(20)
		}
		ip := ""
		for ip == "" || used[ip] {
			ip = fmt.Sprintf("172.%d.%d.%d", 17+req.Env.RandomInt(14), req.Env.RandomInt(256), 2+req.Env.RandomInt(250))
		}
		used[ip] = true
		host := in.HostID
		if host == "" {
			host = "host-" + req.Env.RandomAlnum(12)
		}
		inst := p.newInstance(req.Env, id, in.OS, host, ip, req.Now)
		inst.JoinFailure = in.JoinFailure
		p.state.Instances[id] = inst
		ids = append(ids, id)
	}
	return core.OK(map[string]any{"InstanceIds": ids}), nil
}

func (p *Product) adminGetInstance(req *core.Request) (*core.Response, error) {
	p.settle(req.Env, req.Now)
	in, ok := p.state.Instances[req.PathParams["instance_id"]]
	if !ok {
		return nil, core.Errorf(http.StatusNotFound, "InvalidInstanceId.NotFound", "The instance %s does not exist.", req.PathParams["instance_id"])
	}
	return core.OK(in), nil
}

// adminUpdateInstance sets an instance's join failure mode ({"join_failure": "fail"|"exception"|""}).
func (p *Product) adminUpdateInstance(req *core.Request) (*core.Response, error) {
	in, ok := p.state.Instances[req.PathParams["instance_id"]]
	if !ok {
		return nil, core.Errorf(http.StatusNotFound, "InvalidInstanceId.NotFound", "The instance %s does not exist.", req.PathParams["instance_id"])
	}
	var body struct {
		JoinFailure string `json:"join_failure"`
	}
	if err := req.DecodeJSON(&body); err != nil {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParams", "body: %v", err)
	}
	if err := checkJoinFailure(body.JoinFailure); err != nil {
		return nil, err
	}
	in.JoinFailure = body.JoinFailure
	return core.OK(in), nil
}
