package batchcompute

import (
	"context"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// FindClusterByID is the finder as the acceptance tests use it: an acctest.Finder (acctest.CheckDestroyed,
// acctest.CheckExists). It is declared by its signature because this package cannot import acctest, which
// imports the provider, which imports this package.
var FindClusterByID = func(ctx context.Context, c *client.Client, id string) error {
	_, err := findClusterByID(ctx, c, id)
	return err
}
