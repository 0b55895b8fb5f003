package bench

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/bench/floor"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ack"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/batchcompute"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/service/ehpc"
)

// NewMirror is the schema floor over this provider's resources (the same lists the provider registers).
func NewMirror() func() provider.Provider {
	var rs []func() resource.Resource
	rs = append(rs, ehpc.Resources()...)
	rs = append(rs, ack.Resources()...)
	rs = append(rs, batchcompute.Resources()...)
	return floor.NewMirror(rs)
}
