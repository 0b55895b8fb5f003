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

// CountEdgeNodes is how many of ids are still nodes of the cluster (none when the cluster is gone): the
// destroy check of every node a resource recorded, whichever task bought it, against either target.
func CountEdgeNodes(ctx context.Context, c *client.Client, clusterID string, ids []string) (int, error) {
	nodes, err := findNodes(ctx, c, clusterID, ids)
	if client.IsNotFound(err) {
		return 0, nil
	}
	return len(nodes), err
}
