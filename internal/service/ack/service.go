// Package ack holds the resources of Container Service for Kubernetes (ACK): aliyun_ack_edge_scale_out, on the
// CS API 2015-12-15 (ROA). ACK is the console name; the API's product code is CS, which is what internal/client
// calls it (client.ProductCS, endpoint cs.<region>). See README.md for the API facts the code relies on.
package ack

import "github.com/hashicorp/terraform-plugin-framework/resource"

// Resources lists the resources of this package, for the provider to register.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewEdgeScaleOutResource,
	}
}
