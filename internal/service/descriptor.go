// Package service holds what every service package (internal/service/<product>) declares about itself: one
// Descriptor, registered by an init function in the package's service.go. The provider's single list of
// products is the list of service packages it imports (internal/provider/services.go, one line each), and
// everything that used to be listed per product (the endpoints block, its environment variables, the
// resources, the acceptance and benchmark harnesses' environment) derives from Registered.
package service

import (
	"fmt"
	"sort"
	"strings"
	"sync"

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

var (
	registryMu sync.Mutex
	registry   = map[string]Descriptor{}
)

// Register is called by each service package's init: it records the descriptor and registers the product
// with the client. A second registration under the same name replaces the first.
func Register(d Descriptor) {
	client.RegisterProduct(d.Client)
	registryMu.Lock()
	defer registryMu.Unlock()
	registry[d.Name()] = d
}

// Registered returns the descriptors of every imported service package, ordered by name so that everything
// derived from them is stable.
func Registered() []Descriptor {
	registryMu.Lock()
	defer registryMu.Unlock()
	out := make([]Descriptor, 0, len(registry))
	for _, d := range registry {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}
