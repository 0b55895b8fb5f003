package batchcompute

import (
	"encoding/json"
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

func (p *Product) adminGetQuota(req *core.Request) (*core.Response, error) {
	p.ensure()
	return core.OK(p.state.Quota), nil
}

// adminSetQuota changes the quotas; fields left out (or 0) keep their value.
func (p *Product) adminSetQuota(req *core.Request) (*core.Response, error) {
	p.ensure()
	var in Quota
	if err := json.Unmarshal(req.Body, &in); err != nil {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidJsonFormat", "quota body: %v", err)
	}
	if in.MaxClusterCount > 0 {
		p.state.Quota.MaxClusterCount = in.MaxClusterCount
	}
	if in.MaxClusterGroupCount > 0 {
		p.state.Quota.MaxClusterGroupCount = in.MaxClusterGroupCount
	}
	if in.MaxClusterGroupDesiredVMCount > 0 {
		p.state.Quota.MaxClusterGroupDesiredVMCount = in.MaxClusterGroupDesiredVMCount
	}
	return core.OK(p.state.Quota), nil
}

// adminListClusters lists every stored cluster (Deleting ones included) as GetCluster shows them.
func (p *Product) adminListClusters(req *core.Request) (*core.Response, error) {
	p.ensure()
	p.sweep(req)
	items := []clusterView{}
	for _, id := range p.sortedIDs() {
		items = append(items, p.state.Clusters[id].view(req))
	}
	return core.OK(map[string]any{"Items": items}), nil
}

// adminDeleteCluster removes a cluster at once, as if someone deleted it outside Terraform long ago.
func (p *Product) adminDeleteCluster(req *core.Request) (*core.Response, error) {
	p.ensure()
	id := req.PathParams["cluster_id"]
	if _, ok := p.state.Clusters[id]; !ok {
		return nil, notFound(id)
	}
	delete(p.state.Clusters, id)
	return core.OK(map[string]string{"Id": id}), nil
}
