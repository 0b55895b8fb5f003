package ehpc

import "github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"

// Instance is an ECS instance of the inventory.
type Instance struct {
	ID string `json:"id"`
}

// Node is an instance that joined a cluster.
type Node struct {
	ID string `json:"id"`
}

// Task is a 2018-04-12 asynchronous task.
type Task struct {
	ID string `json:"id"`
}

func (p *Product) registerNodeAPI(r *core.Router) {}

func (p *Product) seedInstances(env *core.Env) []string { return nil }
