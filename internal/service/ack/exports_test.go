package ack

import (
	"context"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// FindEdgeScaleOutByID is the resource's finder for the acceptance tests' checks (an acctest.Finder; this file
// cannot name that type: acctest imports the provider, which imports this package).
func FindEdgeScaleOutByID(ctx context.Context, c *client.Client, id string) error {
	_, err := findEdgeScaleOutByID(ctx, c, id)
	return err
}
