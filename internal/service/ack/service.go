// Package ack holds the resources of Container Service for Kubernetes (ACK): aliyun_ack_edge_scale_out, on the
// CS API 2015-12-15 (ROA). See README.md for the API facts the code relies on.
//
// Two names, on purpose: ACK is the console's name and the resources' prefix (aliyun_ack_*), so the package
// is ack; CS (Container Service) is the API's product code and its endpoint host (cs.<region>.aliyuncs.com),
// so the client product, the endpoints attribute (endpoints.cs), ALIBABA_CLOUD_ENDPOINT_CS and the emulator
// package (internal/emulator/cs) are cs.
package ack

import (
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service"
)

// Service describes this product to the provider, the client and the test harnesses.
var Service = service.Descriptor{
	Client:      client.ProductInfo{Product: client.ProductCS, SDKCode: "CS", NotFoundCodes: []string{"ErrorClusterNotFound", "ErrorNodePoolNotFound"}},
	DisplayName: "Container Service (ACK)",
	Resources:   Resources,
}

// init registers the product with the provider and the client; importing this package is what adds it.
func init() { service.Register(Service) }

// Resources lists the resources of this package, for the provider to register.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewEdgeScaleOutResource,
	}
}
