// Package batchcompute emulates Batch Compute 2015-11-11: clusters (create, get, list, modify, delete) with
// idempotency tokens, the CreateCluster error table of the API document, account quotas, and instances that
// go Pending → Starting → Running over the configured latency.
//
// Decisions where the documents disagree or are silent (see README.md, "Disks" and "Wire"):
//   - DeleteCluster answers 200 with an empty body (the Chinese document; the English one says 204). Clients
//     should accept any 2xx.
//   - GetCluster never returns Configs.Mounts.OSS.AccessKeySecret / AccessSecurityToken: they are credentials.
//   - Disk types: both generations are accepted (cloud_efficiency, cloud_ssd from the current documents;
//     cloud, ephemeral from the older ones and the CreateCluster example).
//   - A token remembers its cluster id for ever, also after that cluster was deleted.
package batchcompute

import (
	"fmt"
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Product is the emulator of this service.
type Product struct {
	state State
}

// init registers the product with the emulator; importing this package is what adds it.
func init() { core.RegisterProduct(func() core.Product { return New() }) }

// New returns the emulator with an empty state.
func New() *Product {
	return &Product{state: State{Clusters: map[string]*Cluster{}, Tokens: map[string]*TokenUse{}, Quota: DefaultQuota}}
}

// Name implements core.Product.
func (p *Product) Name() string { return "batchcompute" }

// State implements core.Product.
func (p *Product) State() any { return &p.state }

// Version is the Batch Compute API version emulated.
const Version = "2015-11-11"

// API is how the core routes to this product and writes its errors: ROA with x-acs-version 2015-11-11,
// {"Code","Message","HostId"} error bodies, requests to batchcompute.<region>.aliyuncs.com without a known
// version, and the product's own answers for unknown versions and routes (errors.go).
var API = core.API{Style: core.StyleROA, Version: Version, Errors: core.ErrorShapeHostID, Title: "Batch Compute",
	HostPrefix: "batchcompute", UnknownVersion: errUnknownVersion, UnknownRoute: errUnknownRoute}

// Register implements core.Product.
func (p *Product) Register(r *core.Router) {
	r.API(API)
	v := Version
	r.ROA(v, http.MethodPost, "/clusters", "CreateCluster", p.createCluster, core.Creating())
	r.ROA(v, http.MethodGet, "/clusters", "ListClusters", p.listClusters)
	r.ROA(v, http.MethodGet, "/clusters/{cluster_id}", "GetCluster", p.getCluster)
	r.ROA(v, http.MethodPut, "/clusters/{cluster_id}", "ModifyCluster", p.modifyCluster, core.Mutating())
	r.ROA(v, http.MethodDelete, "/clusters/{cluster_id}", "DeleteCluster", p.deleteCluster, core.Mutating())

	r.Admin(http.MethodGet, "/_emulator/batchcompute/quota", p.adminGetQuota)
	r.Admin(http.MethodPut, "/_emulator/batchcompute/quota", p.adminSetQuota, core.Mutating())
	r.Admin(http.MethodGet, "/_emulator/batchcompute/clusters", p.adminListClusters)
	r.Admin(http.MethodDelete, "/_emulator/batchcompute/clusters/{cluster_id}", p.adminDeleteCluster, core.Mutating())
}

// Seed implements core.Product. A new account has no clusters; the lines say what the quotas are.
func (p *Product) Seed(env *core.Env) []string {
	q := p.state.Quota
	return []string{fmt.Sprintf("batchcompute: no clusters; quotas MaxClusterCount=%d MaxClusterGroupCount=%d MaxClusterGroupDesiredVMCount=%d (PUT /_emulator/batchcompute/quota)",
		q.MaxClusterCount, q.MaxClusterGroupCount, q.MaxClusterGroupDesiredVMCount)}
}

// ensure fills maps a restored state may lack.
func (p *Product) ensure() {
	if p.state.Clusters == nil {
		p.state.Clusters = map[string]*Cluster{}
	}
	if p.state.Tokens == nil {
		p.state.Tokens = map[string]*TokenUse{}
	}
	if p.state.Quota == (Quota{}) {
		p.state.Quota = DefaultQuota
	}
}
