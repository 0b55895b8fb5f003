// Package ehpc holds the resources of E-HPC (Elastic High Performance Computing): aliyun_ehpc_cluster and aliyun_ehpc_queue (API 2024-07-30) and aliyun_ehpc_existing_nodes (API 2018-04-12).
package ehpc

import "github.com/hashicorp/terraform-plugin-framework/resource"

// Resources lists the resources of this package, for the provider to register.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewClusterResource,
		NewQueueResource,
		NewExistingNodesResource,
	}
}
