// Package batchcompute holds the resources of Batch Compute (API 2015-11-11, ROA style; see README.md):
// aliyun_batchcompute_cluster.
package batchcompute

import "github.com/hashicorp/terraform-plugin-framework/resource"

// Resources lists the resources of this package, for the provider to register.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewClusterResource,
	}
}
