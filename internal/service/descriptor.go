// Package service holds what every service package (internal/service/<product>) declares about itself: one
// Descriptor, in the package's service.go. The provider keeps the single list of descriptors and derives from
// it everything that used to be listed per product (the endpoints block, its environment variables, the
// resources, the acceptance and benchmark harnesses' environment).
package service

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// Descriptor describes one product the provider serves.
type Descriptor struct {
	// Client is the product as the client sees it: its name (the endpoints block attribute and the host
	// prefix of the default endpoint), its SDK product code and its not-found codes. The service package
	// registers it with client.RegisterProduct in an init function of its service.go.
	Client client.ProductInfo
	// DisplayName names the product in the endpoints attribute's description ("Container Service (ACK)").
	DisplayName string
	// Resources lists the package's resources.
	Resources func() []func() resource.Resource
}

// Name is the product's short name: the endpoints block attribute ("ehpc") and the suffix of EndpointEnv.
func (d Descriptor) Name() string { return string(d.Client.Product) }

// EndpointEnv is the environment variable that overrides the product's endpoint:
// ALIBABA_CLOUD_ENDPOINT_<NAME>.
func (d Descriptor) EndpointEnv() string {
	return "ALIBABA_CLOUD_ENDPOINT_" + strings.ToUpper(d.Name())
}

// DefaultEndpointDoc is the default endpoint as the documentation writes it.
func (d Descriptor) DefaultEndpointDoc() string {
	return fmt.Sprintf("https://%s.<region>.aliyuncs.com", d.Name())
}
