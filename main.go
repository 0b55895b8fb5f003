// Command terraform-provider-aliyun is a Terraform provider for Alibaba Cloud's HPC, batch and edge compute
// services: E-HPC, ACK edge clusters and Batch Compute.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

// version is set at build time by goreleaser (-X main.version=…).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	provider.QuietDiscardedLogs(debug)

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/aliyun-hpc/aliyun",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
