package ack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// scaleOutBody is the edge ScaleOutCluster request (see README.md, "ScaleOutCluster").
type scaleOutBody struct {
	Count                 int64  `json:"count"`
	WorkerInstanceType    string `json:"worker_instance_type"`
	ENSRegionID           string `json:"ens_region_id"`
	WorkerImageID         string `json:"worker_image_id"`
	ENSInternetChargeType string `json:"ens_internet_charge_type"`
	WorkerPeriod          int64  `json:"worker_period"`
	WorkerAutoRenew       bool   `json:"worker_auto_renew"`
	WorkerAutoRenewPeriod *int64 `json:"worker_auto_renew_period,omitempty"`
	LoginPassword         string `json:"login_password"`
	WorkerSystemDiskSize  int64  `json:"worker_system_disk_size"`
	WorkerDataDiskSize    int64  `json:"worker_data_disk_size"`
	IsEdgeWorker          bool   `json:"is_edge_worker"`
	TimeoutMins           *int64 `json:"timeout_mins,omitempty"`
}

// clusterTask is a DescribeClusterTasks item.
type clusterTask struct {
	TaskID   string `json:"task_id"`
	TaskType string `json:"task_type"`
	State    string `json:"state"`
}

// taskInfo is DescribeTaskInfo's answer (the fields used here).
type taskInfo struct {
	TaskID     string         `json:"task_id"`
	ClusterID  string         `json:"cluster_id"`
	TaskType   string         `json:"task_type"`
	State      string         `json:"state"`
	Parameters map[string]any `json:"parameters"`
	Error      *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	TaskResult json.RawMessage `json:"task_result"`
}

type taskResultItem struct {
	Data   string `json:"data"`
	Status string `json:"status"`
}

// instanceIDs reads task_result in both documented shapes (see README.md, "task_result").
func (t *taskInfo) instanceIDs() []string {
	var items []taskResultItem
	if err := json.Unmarshal(t.TaskResult, &items); err != nil {
		var wrapped struct {
			Task []taskResultItem `json:"task"`
		}
		if json.Unmarshal(t.TaskResult, &wrapped) == nil {
			items = wrapped.Task
		}
	}
	var ids []string
	for _, it := range items {
		if it.Data != "" && !slices.Contains(ids, it.Data) {
			ids = append(ids, it.Data)
		}
	}
	return ids
}

func (t *taskInfo) failure() string {
	if t.Error == nil {
		return ""
	}
	if t.Error.Code == "" {
		return t.Error.Message
	}
	return t.Error.Code + ": " + t.Error.Message
}

// clusterNode is a DescribeClusterNodes item (the fields used here).
type clusterNode struct {
	InstanceID         string   `json:"instance_id"`
	NodeName           string   `json:"node_name"`
	State              string   `json:"state"`
	InstanceType       string   `json:"instance_type"`
	ImageID            string   `json:"image_id"`
	InstanceChargeType string   `json:"instance_charge_type"`
	ExpiredTime        string   `json:"expired_time"`
	IPAddress          []string `json:"ip_address"`
}

// nodeSet is the cluster's nodes among a set of instance ids, by instance id.
type nodeSet map[string]*clusterNode

const (
	taskTypeScaleOut = "cluster_scaleout"
	taskSuccess      = "success"
	nodeRemoving     = "removing"
)

// taskFailureStates end a task without success (README.md, "Task states").
var taskFailureStates = []string{"failed", "fail"}

// finished reports whether the task is in a final state: until then it may still list more instances.
func (t *taskInfo) finished() bool {
	return t.State == taskSuccess || slices.Contains(taskFailureStates, t.State)
}

// findScaleOutTask reads a task with DescribeTaskInfo; an unknown task is a *client.NotFoundError.
func findScaleOutTask(ctx context.Context, c *client.Client, taskID string) (*taskInfo, error) {
	var t taskInfo
	_, err := c.ROA(ctx, csGet("DescribeTaskInfo", taskPath(taskID), nil), &t)
	if client.IsCode(err, "ErrorTaskNotFound") {
		return nil, client.NewNotFound("ACK task", taskID, err)
	}
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// statusScaleOutTask is the task's state for waitScaleOutTask.
func statusScaleOutTask(c *client.Client, taskID string) client.StatusFunc[taskInfo] {
	return client.StatusFromFinder(func(ctx context.Context) (*taskInfo, error) { return findScaleOutTask(ctx, c, taskID) },
		func(t *taskInfo) string { return t.State })
}

// waitScaleOutTask polls DescribeTaskInfo until success; failed (or the older "fail") ends it with the task's
// error (see README.md, "Task states"). A task not yet visible right after its creation is tolerated for a few
// polls. It returns the last task read, also on failure.
func waitScaleOutTask(ctx context.Context, c *client.Client, taskID, what string) (*taskInfo, error) {
	var last *taskInfo
	status := statusScaleOutTask(c, taskID)
	_, err := client.WaitFor(ctx, c, client.Waiter[taskInfo]{
		Description: fmt.Sprintf("ACK task %s (%s) to succeed", taskID, what),
		Target:      []string{taskSuccess},
		Failure:     taskFailureStates,
		Status: func(ctx context.Context) (*taskInfo, string, error) {
			t, state, err := status(ctx)
			if t != nil {
				last = t
			}
			return t, state, err
		},
		FailureMessage: func(t *taskInfo) string { return t.failure() },
	})
	return last, err
}

// findNodes returns the cluster's nodes among ids, through DescribeClusterNodes' instanceIds filter (in chunks,
// and every page of each). A missing cluster is a *client.NotFoundError, never "no nodes"; instances that are
// not nodes of the cluster are simply absent from the answer.
func findNodes(ctx context.Context, c *client.Client, clusterID string, ids []string) (nodeSet, error) {
	const chunk, size = 50, 100
	found := nodeSet{}
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		for page := 1; ; page++ {
			var out struct {
				Nodes []*clusterNode `json:"nodes"`
				Page  struct {
					TotalCount int `json:"total_count"`
				} `json:"page"`
			}
			_, err := c.ROA(ctx, csGet("DescribeClusterNodes", clusterPath(clusterID, "/nodes"), map[string]string{
				"instanceIds": strings.Join(part, ","), "pageNumber": strconv.Itoa(page), "pageSize": strconv.Itoa(size),
			}), &out)
			if client.IsNotFound(err) {
				return nil, client.NewNotFound("ACK cluster", clusterID, err)
			}
			if err != nil {
				return nil, err
			}
			for _, n := range out.Nodes {
				if slices.Contains(part, n.InstanceID) {
					found[n.InstanceID] = n
				}
			}
			if len(out.Nodes) < size || page*size >= out.Page.TotalCount {
				break
			}
		}
	}
	return found, nil
}

// listClusterTasks pages through DescribeClusterTasks.
func listClusterTasks(ctx context.Context, c *client.Client, clusterID string) ([]clusterTask, error) {
	const size = 100
	var all []clusterTask
	for page := 1; ; page++ {
		var out struct {
			Tasks    []clusterTask `json:"tasks"`
			PageInfo struct {
				TotalCount int `json:"total_count"`
			} `json:"page_info"`
		}
		_, err := c.ROA(ctx, csGet("DescribeClusterTasks", clusterPath(clusterID, "/tasks"),
			map[string]string{"page_number": strconv.Itoa(page), "page_size": strconv.Itoa(size)}), &out)
		if err != nil {
			return nil, err
		}
		all = append(all, out.Tasks...)
		if len(out.Tasks) < size || len(all) >= out.PageInfo.TotalCount {
			return all, nil
		}
	}
}

func clusterTaskIDs(ctx context.Context, c *client.Client, clusterID string) (map[string]bool, error) {
	tasks, err := listClusterTasks(ctx, c, clusterID)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(tasks))
	for _, t := range tasks {
		ids[t.TaskID] = true
	}
	return ids, nil
}

// scaleOutLocks holds one mutex per cluster id.
var scaleOutLocks sync.Map

// scaleOut sends ScaleOutCluster and returns its task id. The call buys machines and carries no idempotency
// token, so it goes through client.CreateRecovering: after an ambiguous failure the cluster's task list is
// compared with a snapshot taken before the first attempt, and a new scale-out task with our parameters is
// adopted; only when none appears is the request sent again (see README.md, "No double purchase").
//
// Scale-outs of one cluster by this provider process are serialised from the snapshot until the task id is
// known (not during the wait), so that identical resources of one configuration never mistake each other's
// tasks for their own.
func scaleOut(ctx context.Context, c *client.Client, clusterID string, body *scaleOutBody) (string, error) {
	lock, _ := scaleOutLocks.LoadOrStore(clusterID, &sync.Mutex{})
	mu := lock.(*sync.Mutex) //nolint:forcetypeassert // scaleOutLocks only ever holds *sync.Mutex
	mu.Lock()
	defer mu.Unlock()

	before, err := clusterTaskIDs(ctx, c, clusterID)
	if err != nil {
		return "", err
	}
	taskID, err := client.CreateRecovering(ctx, client.LostAnswerRecovery[string]{
		What: fmt.Sprintf("a scale-out of %d node(s) of ACK cluster %s", body.Count, clusterID),
		Send: func(ctx context.Context) (string, error) {
			var out struct {
				TaskID string `json:"task_id"`
			}
			_, err := c.ROA(ctx, cs("ScaleOutCluster", http.MethodPost, "/api/v2/clusters/"+url.PathEscape(clusterID), nil, body,
				client.RetryPolicy{NotIdempotent: true}), &out)
			if err == nil && out.TaskID == "" {
				return "", errors.New("ScaleOutCluster answered without a task_id")
			}
			return out.TaskID, err
		},
		Find: func(ctx context.Context) (string, bool, error) {
			id, err := findOwnScaleOut(ctx, c, clusterID, before, body)
			return id, id != "", err
		},
	})
	var unknown *client.OutcomeUnknownError
	if errors.As(err, &unknown) {
		// The last attempt may still be applied after the looks: say where to look, or the nodes could be bought twice.
		return "", fmt.Errorf("%w; after %d attempts no new scale-out task was found: check the tasks of cluster %s "+
			"(and import a task with <cluster_id>:<task_id>) before applying again", err, unknown.Attempts, clusterID)
	}
	return taskID, err
}

// findOwnScaleOut looks a few times (the task list may lag) for a scale-out task that is not in before and
// whose parameters match body. It returns "" when there is none, and an error when it cannot tell.
func findOwnScaleOut(ctx context.Context, c *client.Client, clusterID string, before map[string]bool, body *scaleOutBody) (string, error) {
	want := comparableParams(body)
	checked := map[string]string{} // task id → "match", "other" or "unknown"
	// Three looks over about seven first-poll delays (about 7 s with the default first poll of 1 s) let a
	// lagging task list catch up before the request is considered lost.
	delay := 2 * c.PollConfig().InitialDelay
	for look := 0; look < 3; look++ {
		if look > 0 {
			if err := client.Sleep(ctx, delay); err != nil {
				return "", err
			}
			delay *= 2
		}
		tasks, err := listClusterTasks(ctx, c, clusterID)
		if err != nil {
			return "", err
		}
		var match, unknown []string
		for _, t := range tasks {
			if before[t.TaskID] || t.TaskType != taskTypeScaleOut {
				continue
			}
			if _, ok := checked[t.TaskID]; !ok {
				info, err := findScaleOutTask(ctx, c, t.TaskID)
				if err != nil {
					return "", err
				}
				checked[t.TaskID] = paramsVerdict(want, info.Parameters)
			}
			switch checked[t.TaskID] {
			case "match":
				match = append(match, t.TaskID)
			case "unknown":
				unknown = append(unknown, t.TaskID)
			}
		}
		switch {
		case len(match) == 1 && len(unknown) == 0:
			return match[0], nil
		case len(match) == 0 && len(unknown) == 1:
			// The API did not report the task's parameters; a single new scale-out is taken to be ours.
			return unknown[0], nil
		case len(match)+len(unknown) > 1:
			return "", fmt.Errorf("several new scale-out tasks could be this one (%s); import the right one with <cluster_id>:<task_id>",
				strings.Join(append(match, unknown...), ", "))
		}
	}
	return "", nil
}

// comparableParams renders the request as DescribeTaskInfo reports parameters, without the password.
func comparableParams(body *scaleOutBody) map[string]string {
	raw, _ := json.Marshal(body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	delete(m, "login_password")
	out := map[string]string{}
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

func paramsVerdict(want map[string]string, got map[string]any) string {
	if len(got) == 0 {
		return "unknown"
	}
	for k, v := range want {
		g, ok := got[k]
		if !ok {
			continue // the API may leave out optional parameters
		}
		if fmt.Sprint(g) != v {
			return "other"
		}
	}
	return "match"
}

// deleteNodes sends DeleteClusterNodes for node names, with release_node (this resource bought them) and
// drain_node, and returns the task id (see README.md, "DeleteClusterNodes").
func deleteNodes(ctx context.Context, c *client.Client, clusterID string, names []string) (string, error) {
	var out struct {
		TaskID string `json:"task_id"`
	}
	_, err := c.ROA(ctx, cs("DeleteClusterNodes", http.MethodPost, clusterPath(clusterID, "/nodes"), nil,
		map[string]any{"nodes": names, "release_node": true, "drain_node": true}, client.RetryPolicy{}), &out)
	return out.TaskID, err
}

// removalError is a removal that did not finish once DeleteClusterNodes may have been applied: the call's
// outcome is unknown, its task failed, or the nodes did not leave in time. It says, as read right after the
// failure, which of the instances to remove have left the cluster and which are still in it, so that the state
// keeps only the nodes still there (see README.md, "A removal that fails midway").
type removalError struct {
	ClusterID string
	Cause     error
	// Known is false when the cluster's nodes could not be read after the failure (ReadErr).
	Known   bool
	ReadErr error
	// Left are the instance ids (among those to remove) no longer in the cluster, Stayed those still in it.
	Left, Stayed []string
	// Gone are the nodes this removal named that have left: their subscription keeps billing.
	Gone []*clusterNode
}

func (e *removalError) Unwrap() error { return e.Cause }

func (e *removalError) Error() string {
	var b strings.Builder
	b.WriteString(client.Describe(e.Cause))
	if !e.Known {
		fmt.Fprintf(&b, "\n\nWhich nodes left cluster %s could not be read afterwards (%s): the state keeps them all, and the "+
			"next refresh drops those gone.", e.ClusterID, client.Describe(e.ReadErr))
		return b.String()
	}
	fmt.Fprintf(&b, "\n\nThe removal stopped midway: %d of the %d node(s) to remove left cluster %s", len(e.Left), len(e.Left)+len(e.Stayed), e.ClusterID)
	if len(e.Left) > 0 {
		fmt.Fprintf(&b, " (%s) and are gone from the state", strings.Join(e.Left, ", "))
	}
	if len(e.Stayed) > 0 {
		fmt.Fprintf(&b, "; %d are still in it (%s) and stay in the state", len(e.Stayed), strings.Join(e.Stayed, ", "))
	}
	b.WriteString(".")
	return b.String()
}

// removalOutcome reads, after a failed removal, which of ids are still nodes of the cluster. The read has its
// own bounded context: the failure may be the deadline of ctx itself.
func removalOutcome(ctx context.Context, c *client.Client, clusterID string, ids []string, named []*clusterNode, cause error) *removalError {
	e := &removalError{ClusterID: clusterID, Cause: cause}
	readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	nodes, err := findNodes(readCtx, c, clusterID, ids)
	if client.IsNotFound(err) {
		nodes, err = nodeSet{}, nil // the cluster is gone, and its nodes with it
	}
	if err != nil {
		e.ReadErr = err
		return e
	}
	e.Known = true
	for _, id := range ids {
		if nodes[id] == nil {
			e.Left = append(e.Left, id)
		} else {
			e.Stayed = append(e.Stayed, id)
		}
	}
	for _, n := range named {
		if nodes[n.InstanceID] == nil {
			e.Gone = append(e.Gone, n)
		}
	}
	return e
}

// removeNodes removes the nodes among ids that are still in the cluster, waits for the task and then until the
// nodes are gone, and returns the nodes it removed (in the order of ids). A cluster that no longer exists has
// nothing left to remove. A failure before DeleteClusterNodes was sent is returned as is (nothing changed); one
// after it may have been applied is a *removalError saying which nodes left.
func removeNodes(ctx context.Context, c *client.Client, clusterID string, ids []string) ([]*clusterNode, error) {
	var taskID string
	var removed []*clusterNode
	for attempt := 1; ; attempt++ {
		nodes, err := findNodes(ctx, c, clusterID, ids)
		if client.IsNotFound(err) {
			return removed, nil
		}
		if err != nil {
			return nil, err
		}
		if len(nodes) == 0 {
			return removed, nil
		}
		var names []string
		removed = removed[:0]
		for _, id := range ids {
			if n := nodes[id]; n != nil {
				names = append(names, n.NodeName)
				removed = append(removed, n)
			}
		}
		taskID, err = deleteNodes(ctx, c, clusterID, names)
		// A node that vanished between the listing and the call: list again (at most twice more).
		if client.IsCode(err, "ErrorNodeNotFound") && attempt < 3 {
			continue
		}
		if client.IsNotFound(err) {
			return removed, nil
		}
		if client.IsCode(err, "ErrorNodeNotFound") {
			return nil, err // refused: nothing was removed
		}
		if err != nil {
			return nil, removalOutcome(ctx, c, clusterID, ids, removed, err)
		}
		break
	}
	if taskID != "" {
		if _, err := waitScaleOutTask(ctx, c, taskID, "removal of nodes from cluster "+clusterID); err != nil {
			return nil, removalOutcome(ctx, c, clusterID, ids, removed, err)
		}
	}
	if err := waitNodesGone(ctx, c, clusterID, ids); err != nil {
		return nil, removalOutcome(ctx, c, clusterID, ids, removed, err)
	}
	return removed, nil
}

// waitNodesGone waits until none of ids is a node of the cluster (they may linger briefly in "removing").
func waitNodesGone(ctx context.Context, c *client.Client, clusterID string, ids []string) error {
	_, err := client.WaitFor(ctx, c, client.Waiter[nodeSet]{
		Description:    fmt.Sprintf("nodes %s to leave ACK cluster %s", strings.Join(ids, ","), clusterID),
		TargetNotFound: true,
		Pending:        []string{nodeRemoving},
		Poll:           client.PollConfig{InitialDelay: time.Millisecond},
		Status: func(ctx context.Context) (*nodeSet, string, error) {
			nodes, err := findNodes(ctx, c, clusterID, ids)
			if client.IsNotFound(err) || (err == nil && len(nodes) == 0) {
				return nil, "", nil
			}
			if err != nil {
				return nil, "", err
			}
			for _, n := range nodes {
				if n.State != nodeRemoving {
					return &nodes, n.State, nil
				}
			}
			return &nodes, nodeRemoving, nil
		},
	})
	return err
}

// findEdgeScaleOutByID finds the nodes a resource id names: the instances of its first task (<cluster_id>:
// <task_id>) or the instances in the id (<cluster_id>:<instance_id>,…) that are still nodes of the cluster. None
// left, an unknown task or a missing cluster is a *client.NotFoundError.
func findEdgeScaleOutByID(ctx context.Context, c *client.Client, id string) (nodeSet, error) {
	clusterID, taskID, ids, err := parseEdgeScaleOutID(id)
	if err != nil {
		return nil, err
	}
	if taskID != "" {
		task, err := findScaleOutTask(ctx, c, taskID)
		if err != nil {
			return nil, err
		}
		ids = task.instanceIDs()
	}
	nodes, err := findNodes(ctx, c, clusterID, ids)
	if err != nil {
		return nil, err
	}
	if len(nodes) == 0 {
		return nil, client.NewNotFound("nodes of aliyun_ack_edge_scale_out", id, nil)
	}
	return nodes, nil
}
