package emulator

// The emulated products, one line each: importing a product package registers its constructor
// (core.RegisterProduct), from which Products and everything per product derive. Adding a product is one line
// here and one in internal/provider/services.go (see CONTRIBUTING.md).
import (
	_ "github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/batchcompute"
	_ "github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/cs"
	_ "github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/ehpc"
)
