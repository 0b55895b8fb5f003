// Command floorprovider serves the benchmarks' do-nothing framework provider (binary terraform-provider-floor).
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/bench/floor"
)

func main() {
	err := providerserver.Serve(context.Background(), floor.New, providerserver.ServeOpts{
		Address:         "registry.terraform.io/bench/floor",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
