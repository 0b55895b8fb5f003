package provider

// The products the provider serves, one line each: importing a service package registers its descriptor
// (internal/service.Register), from which Services and everything per product derive. Adding a product is one
// line here and one in internal/emulator/products.go (see CONTRIBUTING.md).
import (
	_ "github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ack"
	_ "github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/batchcompute"
	_ "github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ehpc"
)
