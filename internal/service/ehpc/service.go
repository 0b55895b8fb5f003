// Package ehpc holds the resources of E-HPC (Elastic High Performance Computing): aliyun_ehpc_cluster and aliyun_ehpc_queue (API 2024-07-30) and aliyun_ehpc_existing_nodes (API 2018-04-12).
package ehpc

import (
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service"
)

// Service describes this product to the provider, the client and the test harnesses.
var Service = service.Descriptor{
	Client:      client.ProductInfo{Product: client.ProductEHPC, SDKCode: "EHPC", NotFoundCodes: []string{"ClusterNotFound"}},
	DisplayName: "E-HPC",
	Resources:   Resources,
}

// init registers the product with the provider and the client; importing this package is what adds it.
func init() { service.Register(Service) }

// Resources lists the resources of this package, for the provider to register.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewClusterResource,
		NewQueueResource,
		NewExistingNodesResource,
	}
}
