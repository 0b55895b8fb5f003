package cs

import (
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

type taskResultItem struct {
	Data   string `json:"data"`
	Status string `json:"status"`
}

// describeTaskInfo: GET /tasks/{task_id}. task_result uses the array shape of the current SDK models
// ([{data: instance id, status}]); error is present only on a failed task.
func (p *Product) describeTaskInfo(req *core.Request) (*core.Response, error) {
	p.ensure()
	t, ok := p.state.Tasks[req.PathParams["task_id"]]
	if !ok {
		return nil, core.Errorf(http.StatusNotFound, "ErrorTaskNotFound", "The specified task %s does not exist.", req.PathParams["task_id"])
	}
	now := req.Now
	state := taskState(t, now)
	itemStatus := map[string]string{TaskRunning: "initial", TaskSuccess: "success", TaskFailed: "failed"}[state]
	results := make([]taskResultItem, 0, len(t.Instances))
	for _, id := range t.Instances {
		results = append(results, taskResultItem{Data: id, Status: itemStatus})
	}
	updated := t.Created
	if state != TaskRunning {
		updated = t.DoneAt
	}
	stage := map[string]any{"state": state, "start_time": timestamp(t.Created), "message": ""}
	if state != TaskRunning {
		stage["end_time"] = timestamp(t.DoneAt)
	}
	body := map[string]any{
		"task_id": t.ID, "cluster_id": t.ClusterID, "task_type": t.Type, "state": state,
		"created": timestamp(t.Created), "updated": timestamp(updated), "current_stage": t.Type,
		"target":      map[string]string{"id": t.ClusterID, "type": "cluster"},
		"parameters":  t.Params,
		"stages":      []any{stage},
		"events":      []any{},
		"task_result": results,
		"requestId":   req.RequestID,
	}
	if state == TaskFailed {
		body["error"] = t.Error
		stage["message"] = t.Error.Message
	}
	return core.OK(body), nil
}

// describeClusterTasks: GET /clusters/{cluster_id}/tasks?page_size&page_number, newest first.
func (p *Product) describeClusterTasks(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	number, size, err := paging(req, "page_number", "page_size")
	if err != nil {
		return nil, err
	}
	total := len(c.TaskIDs)
	tasks := []any{}
	for i := total - 1 - (number-1)*size; i >= 0 && len(tasks) < size; i-- {
		t := p.state.Tasks[c.TaskIDs[i]]
		state := taskState(t, req.Now)
		item := map[string]any{
			"task_id": t.ID, "task_type": t.Type, "state": state,
			"created": timestamp(t.Created), "updated": timestamp(t.DoneAt),
		}
		if state == TaskFailed {
			item["error"] = t.Error
		}
		tasks = append(tasks, item)
	}
	return core.OK(map[string]any{
		"tasks":     tasks,
		"page_info": map[string]int{"page_number": number, "page_size": size, "total_count": total},
		"requestId": req.RequestID,
	}), nil
}
