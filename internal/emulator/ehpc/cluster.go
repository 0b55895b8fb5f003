package ehpc

import "github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"

// Cluster is an E-HPC cluster created by the 2024-07-30 API (or by the admin API for tests).
type Cluster struct {
	ID string `json:"id"`
	// Nodes are the compute nodes added with the 2018 AddExistedNodes API, by instance id (nodes.go).
	Nodes map[string]*Node `json:"nodes"`
}

func (p *Product) registerClusterAPI(r *core.Router) {}
