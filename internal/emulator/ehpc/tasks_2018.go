package ehpc

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Asynchronous work of the 2018-04-12 API is a Task: it is Processing for env.Latency after it was accepted,
// and its outcome is decided when it is accepted (which instances will fail to join). Its effects on nodes and
// instances are applied once, lazily, by settle() when any handler looks at the state after the task's end.
// ListTasks shows them (README.md, "API 2018-04-12: tasks").

// settle applies the effects of every task that has ended and not been applied yet, and frees instances of
// clusters that no longer exist. Handlers call it first, so every answer reflects the current time.
func (p *Product) settle(env *core.Env, now time.Time) {
	// A restored state may hold null maps.
	if p.state.Instances == nil {
		p.state.Instances = map[string]*Instance{}
	}
	if p.state.Tasks == nil {
		p.state.Tasks = map[string]*Task{}
	}
	ids := make([]string, 0, len(p.state.Tasks))
	for id, t := range p.state.Tasks {
		if !t.Settled && !now.Before(t.EndsAt) {
			ids = append(ids, id)
		}
	}
	// Apply in the order the tasks ended, so a delete after an add lands after it.
	sort.Slice(ids, func(i, j int) bool {
		a, b := p.state.Tasks[ids[i]], p.state.Tasks[ids[j]]
		if !a.EndsAt.Equal(b.EndsAt) {
			return a.EndsAt.Before(b.EndsAt)
		}
		return a.ID < b.ID
	})
	for _, id := range ids {
		p.applyTask(p.state.Tasks[id])
	}
	for _, in := range p.state.Instances {
		if in.ClusterID == "" {
			continue
		}
		if c, ok := p.state.Clusters[in.ClusterID]; !ok || c.StatusAt(env) == StatusGone || c.Nodes[in.ID] == nil {
			// The cluster was deleted (or the node dropped) without the instance being released: it is
			// the user's again, stopped.
			in.ClusterID, in.Status = "", InstanceStopped
		}
	}
}

func (p *Product) applyTask(t *Task) {
	t.Settled = true
	c := p.state.Clusters[t.ClusterID]
	for _, id := range t.Instances {
		in := p.state.Instances[id]
		var n *Node
		if c != nil {
			n = c.Nodes[id]
		}
		switch t.Type {
		case TaskTypeAddExistedNodes:
			if _, failed := t.Failed[id]; failed {
				if c != nil {
					delete(c.Nodes, id)
				}
				if in != nil {
					in.ClusterID, in.Status = "", InstanceStopped
				}
				continue
			}
			if n != nil && n.TaskID == t.ID {
				n.TaskID, n.Status = "", NodeRunning
				if in != nil && in.JoinFailure == JoinException {
					n.Status = NodeException
				}
			}
		case TaskTypeDeleteNodes:
			if c != nil && n != nil && n.TaskID == t.ID {
				delete(c.Nodes, id)
			}
			p.releaseOrStop(id, t.Release)
		}
	}
}

func (p *Product) releaseOrStop(id string, release bool) {
	in := p.state.Instances[id]
	if in == nil {
		return
	}
	if release {
		delete(p.state.Instances, id)
		return
	}
	in.ClusterID, in.Status = "", InstanceStopped
}

// busyTask returns a task of the cluster that is still Processing.
func (p *Product) busyTask(clusterID string, now time.Time) *Task {
	for _, t := range p.state.Tasks {
		if t.ClusterID == clusterID && t.StatusAt(now) == TaskProcessing {
			return t
		}
	}
	return nil
}

func (p *Product) listTasks(req *core.Request) (*core.Response, error) {
	p.settle(req.Env, req.Now)
	number, err := intParamIn(req, "PageNumber", 1, 999)
	if err != nil {
		return nil, err
	}
	size, err := intParamIn(req, "PageSize", 10, 50)
	if err != nil {
		return nil, err
	}
	archived, err := boolParamOr(req, "Archived", false)
	if err != nil {
		return nil, err
	}
	clusterID, taskID := req.Param("ClusterId"), req.Param("TaskId")
	if clusterID != "" {
		if _, err := p.liveCluster(req, clusterID); err != nil {
			return nil, err
		}
	}
	var tasks []*Task
	for _, t := range p.state.Tasks {
		switch {
		case clusterID != "" && t.ClusterID != clusterID:
		case taskID != "":
			// With TaskId set, Archived is ignored.
			if t.ID == taskID {
				tasks = append(tasks, t)
			}
		case archived || t.StatusAt(req.Now) == TaskProcessing:
			tasks = append(tasks, t)
		}
	}
	sort.Slice(tasks, func(i, j int) bool {
		if !tasks[i].CreatedAt.Equal(tasks[j].CreatedAt) {
			return tasks[i].CreatedAt.After(tasks[j].CreatedAt)
		}
		return tasks[i].ID < tasks[j].ID
	})
	total := len(tasks)
	shown := core.Page(tasks, number, size)
	infos := make([]map[string]any, 0, len(shown))
	for _, t := range shown {
		status := t.StatusAt(req.Now)
		step := 1
		if status != TaskProcessing {
			step = 2
		}
		result := "{}"
		if status != TaskProcessing {
			var ok []string
			for _, id := range t.Instances {
				if _, failed := t.Failed[id]; !failed {
					ok = append(ok, id)
				}
			}
			b, _ := json.Marshal(map[string]any{"Instances": ok})
			result = string(b)
		}
		errs := ""
		if status != TaskProcessing {
			errs = t.errors()
		}
		infos = append(infos, map[string]any{
			"TaskId": t.ID, "ClusterId": t.ClusterID, "TaskType": t.Type, "Status": status,
			"CurrentStep": step, "TotalSteps": 2, "Request": t.Request, "Result": result, "Errors": errs,
		})
	}
	return core.OK(map[string]any{
		"RequestId": req.RequestID, "PageNumber": number, "PageSize": size, "TotalCount": total, "Tasks": infos,
	}), nil
}
