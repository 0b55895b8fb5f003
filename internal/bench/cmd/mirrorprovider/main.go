// Command mirrorprovider serves the benchmarks' schema floor (binary terraform-provider-mirror): the aliyun
// provider's resource schemas without their behaviour, on a do-nothing framework provider.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/bench"
)

func main() {
	err := providerserver.Serve(context.Background(), bench.NewMirror(), providerserver.ServeOpts{
		Address:         "registry.terraform.io/bench/mirror",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
