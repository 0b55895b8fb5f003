package client

// The client's tests cannot import the service packages (they import the client), so they register the
// products they call themselves, with the same facts the service packages' service.go register.
func init() {
	RegisterProduct(ProductInfo{Product: ProductEHPC, SDKCode: "EHPC", NotFoundCodes: []string{"ClusterNotFound"}})
	RegisterProduct(ProductInfo{Product: ProductCS, SDKCode: "CS", NotFoundCodes: []string{"ErrorClusterNotFound", "ErrorNodePoolNotFound"}})
	RegisterProduct(ProductInfo{Product: ProductBatchCompute, SDKCode: "BatchCompute", NotFoundCodes: []string{"InvalidResource.NotFound"}})
}
