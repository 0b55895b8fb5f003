package ehpc

import (
	"context"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// Finders exported to the acceptance tests (package ehpc_test), each assignable to acctest.Finder. This
// file cannot import acctest (acctest imports the provider, which imports this package), so the variables
// have the plain function type.

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
