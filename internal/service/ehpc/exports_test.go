package ehpc

// Finders exported to the acceptance tests (package ehpc_test), each with the signature of acctest.Finder:
// nil when the object exists, a *client.NotFoundError when it does not. This package cannot import acctest
// (acctest imports the provider, which imports this package), so the adapters are plain funcs of that type.

import (
	"context"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// aliyun_ehpc_cluster and aliyun_ehpc_queue.
var (
	FindClusterByID = func(ctx context.Context, c *client.Client, id string) error {
		_, err := findClusterByID(ctx, c, id)
		return err
	}
	FindQueueByID = func(ctx context.Context, c *client.Client, id string) error {
		_, err := findQueueByID(ctx, c, id)
		return err
	}
)

// aliyun_ehpc_existing_nodes.
var (
	// FindExistingNodesByID finds the nodes of a resource id "<cluster_id>:<instance ids>": not found once none
	// of the instances is a node of the cluster (or the cluster is gone).
	FindExistingNodesByID = func(ctx context.Context, c *client.Client, id string) error {
		_, err := findExistingNodesByID(ctx, c, id)
		return err
	}
)
