package bench

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/bench/floor"
	aliyun "github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// NewMirror is the schema floor over this provider's resources (the same lists the provider registers).
func NewMirror() func() provider.Provider {
	var rs []func() resource.Resource
	for _, d := range aliyun.Services {
		rs = append(rs, d.Resources()...)
	}
	return floor.NewMirror(rs)
}
