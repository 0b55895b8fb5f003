// Package ack holds the resources of Container Service for Kubernetes (ACK): aliyun_ack_edge_scale_out.
package ack

import "github.com/hashicorp/terraform-plugin-framework/resource"

// Resources lists the resources of this package, for the provider to register.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewEdgeScaleOutResource,
	}
}
