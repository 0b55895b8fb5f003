// Package batchcompute holds the resources of Batch Compute (API 2015-11-11, ROA style; see README.md):
// aliyun_batchcompute_cluster.
package batchcompute

import (
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service"
)

// Service describes this product to the provider, the client and the test harnesses.
var Service = service.Descriptor{
	Client:      client.ProductInfo{Product: client.ProductBatchCompute, SDKCode: "BatchCompute", NotFoundCodes: []string{"InvalidResource.NotFound"}},
	DisplayName: "Batch Compute",
	Resources:   Resources,
}

// init registers the product with the provider and the client; importing this package is what adds it.
func init() { service.Register(Service) }

// Resources lists the resources of this package, for the provider to register.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewClusterResource,
	}
}
