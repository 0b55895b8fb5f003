package ehpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// The E-HPC 2018-04-12 calls of aliyun_ehpc_existing_nodes: wire types, finders, status and wait functions,
// and the AddExistedNodes and DeleteNodes calls. The facts they rely on are in README.md, "API 2018-04-12:
// existing nodes".

const (
	// existingNodesKind names the resource's object in not-found errors and Read's warning.
	existingNodesKind = "E-HPC existing nodes"
	// existingNodesPageSize is ListNodes' largest page.
	existingNodesPageSize = 100
	// existingNodesTaskPageSize is ListTasks' largest page.
	existingNodesTaskPageSize = 50
	// existingNodesMaxIDs is AddExistedNodes' limit on Instance.N.Id.
	existingNodesMaxIDs = 100
	// existingNodesDeleteAttempts bounds DeleteNodes calls whose answers are lost (each one after a fresh look
	// at which nodes are still there).
	existingNodesDeleteAttempts = 3
	// existingNodesListingGrace is how many polls may miss an instance after its add task succeeded.
	existingNodesListingGrace = 3
)

// Node statuses of ListNodes that the resource acts on (README.md, "API 2018-04-12: ListNodes").
const (
	existingNodesStatusRunning   = "running"
	existingNodesStatusException = "exception"
	existingNodesStatusReleasing = "releasing"
	// existingNodesStatusJoining is the resource's own name for "not listed yet" while a wait polls.
	existingNodesStatusJoining = "joining"
)

// Task statuses of ListTasks (README.md, "API 2018-04-12: ListTasks and task states").
const (
	ehpc2018TaskProcessing  = "Processing"
	ehpc2018TaskSuccess     = "Success"
	ehpc2018TaskFail        = "Fail"
	ehpc2018TaskPartialFail = "PartialFail"
)

// existingNodesBusyCodes mean "the cluster is busy with something else": another node operation is running
// (ConflictOpt) or the cluster is not in a state that accepts node changes yet (InvalidClusterStatus, e.g.
// while it is still being created in the same apply). Both are retried until the resource's timeout.
var existingNodesBusyCodes = []string{"ConflictOpt", "InvalidClusterStatus"}

// ehpc2018Node is the part of a ListNodes NodeInfo the resource uses.
type ehpc2018Node struct {
	ID              string `json:"Id"`
	HostName        string `json:"HostName"`
	Status          string `json:"Status"`
	IPAddress       string `json:"IpAddress"`
	ImageID         string `json:"ImageId"`
	ImageOwnerAlias string `json:"ImageOwnerAlias"`
}

// ehpc2018Task is a ListTasks TaskInfo.
type ehpc2018Task struct {
	TaskID string `json:"TaskId"`
	Status string `json:"Status"`
	Errors string `json:"Errors"`
	// Request is the JSON of the task's request (used to recognise our task after a lost answer).
	Request string `json:"Request"`
}

// existingNodesWire is what ListNodes reports about a resource's instances: those of them that are nodes of
// the cluster, by instance id.
type existingNodesWire struct {
	ClusterID string
	Nodes     map[string]ehpc2018Node
}

// members are the ids that are nodes, in the order of ids.
func (w *existingNodesWire) members(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, ok := w.Nodes[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// status is the state of the group: exception if any node is, running if all are, else the status of one
// that is not running yet.
func (w *existingNodesWire) status() string {
	pending := ""
	for _, n := range w.Nodes {
		switch n.Status {
		case existingNodesStatusException:
			return existingNodesStatusException
		case existingNodesStatusRunning:
		default:
			pending = n.Status
		}
	}
	if pending != "" {
		return pending
	}
	return existingNodesStatusRunning
}

// existingNodesAddRequest is an AddExistedNodes call.
type existingNodesAddRequest struct {
	ClusterID       string
	ImageID         string
	ImageOwnerAlias string
	JobQueue        string
	InstanceIDs     []string
}

func (a existingNodesAddRequest) params() map[string]string {
	params := map[string]string{
		"ClusterId":       a.ClusterID,
		"ImageId":         a.ImageID,
		"ImageOwnerAlias": a.ImageOwnerAlias,
	}
	if a.JobQueue != "" {
		params["JobQueue"] = a.JobQueue
	}
	return existingNodesInstanceParams(params, a.InstanceIDs)
}

// existingNodesInstanceParams adds the flat list Instance.N.Id, N from 1.
func existingNodesInstanceParams(params map[string]string, ids []string) map[string]string {
	for i, id := range ids {
		params[fmt.Sprintf("Instance.%d.Id", i+1)] = id
	}
	return params
}

// existingNodesID is "<cluster_id>:<sorted, comma-joined instance ids>".
func existingNodesID(clusterID string, ids []string) string {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	return clusterID + ":" + strings.Join(s, ",")
}

// parseExistingNodesID splits an id (or import id) into the cluster and its sorted, distinct instance ids.
func parseExistingNodesID(id string) (string, []string, error) {
	clusterID, list, ok := strings.Cut(id, ":")
	if !ok || strings.TrimSpace(clusterID) == "" || strings.TrimSpace(list) == "" {
		return "", nil, fmt.Errorf("expected <cluster_id>:<instance_id>[,<instance_id>…], got %q", id)
	}
	seen := map[string]bool{}
	var ids []string
	for _, raw := range strings.Split(list, ",") {
		s := strings.TrimSpace(raw)
		if !existingNodesInstanceIDPattern.MatchString(s) {
			return "", nil, fmt.Errorf("%q in import id %q is not an ECS instance id (i-…)", s, id)
		}
		if !seen[s] {
			seen[s] = true
			ids = append(ids, s)
		}
	}
	if len(ids) > existingNodesMaxIDs {
		return "", nil, fmt.Errorf("import id %q lists %d instances; at most %d are allowed", id, len(ids), existingNodesMaxIDs)
	}
	sort.Strings(ids)
	return strings.TrimSpace(clusterID), ids, nil
}

// listExistingNodes pages through ListNodes (there is no instance-id filter) and returns the nodes among ids,
// which may be none; it stops as soon as all of them are found. A cluster that does not exist is a
// *client.NotFoundError of the cluster.
func listExistingNodes(ctx context.Context, c *client.Client, clusterID string, ids []string) (*existingNodesWire, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	w := &existingNodesWire{ClusterID: clusterID, Nodes: map[string]ehpc2018Node{}}
	for page := 1; ; page++ {
		var out struct {
			TotalCount int `json:"TotalCount"`
			Nodes      struct {
				NodeInfo []ehpc2018Node `json:"NodeInfo"`
			} `json:"Nodes"`
		}
		_, err := c.RPC(ctx, rpc2018("ListNodes", map[string]string{
			"ClusterId": clusterID, "PageNumber": strconv.Itoa(page), "PageSize": strconv.Itoa(existingNodesPageSize),
		}, client.RetryPolicy{}), &out)
		if client.IsNotFound(err) {
			return nil, client.NewNotFound("E-HPC cluster", clusterID, err)
		}
		if err != nil {
			return nil, err
		}
		for _, n := range out.Nodes.NodeInfo {
			if want[n.ID] {
				w.Nodes[n.ID] = n
			}
		}
		if len(w.Nodes) == len(want) || len(out.Nodes.NodeInfo) < existingNodesPageSize || page*existingNodesPageSize >= out.TotalCount {
			return w, nil
		}
	}
}

// findExistingNodes returns the nodes among ids, or a *client.NotFoundError when the cluster does not exist or
// none of the instances is a node of it (never nil without an error).
func findExistingNodes(ctx context.Context, c *client.Client, clusterID string, ids []string) (*existingNodesWire, error) {
	w, err := listExistingNodes(ctx, c, clusterID, ids)
	if nf, ok := client.AsNotFound(err); ok {
		return nil, client.NewNotFound(existingNodesKind, existingNodesID(clusterID, ids), nf)
	}
	if err != nil {
		return nil, err
	}
	if len(w.Nodes) == 0 {
		return nil, client.NewNotFound(existingNodesKind, existingNodesID(clusterID, ids),
			fmt.Errorf("none of the instances is a node of cluster %s", clusterID))
	}
	return w, nil
}

// findExistingNodesByID is findExistingNodes for a resource id ("<cluster_id>:<instance ids>").
func findExistingNodesByID(ctx context.Context, c *client.Client, id string) (*existingNodesWire, error) {
	clusterID, ids, err := parseExistingNodesID(id)
	if err != nil {
		return nil, err
	}
	return findExistingNodes(ctx, c, clusterID, ids)
}

// listExistingNodesTasks is one ListTasks page. Archived=true: by default a finished task may no longer be
// listed (README.md, "API 2018-04-12: ListTasks and task states").
func listExistingNodesTasks(ctx context.Context, c *client.Client, params map[string]string) ([]ehpc2018Task, error) {
	params["Archived"] = "true"
	var out struct {
		Tasks json.RawMessage `json:"Tasks"`
	}
	if _, err := c.RPC(ctx, rpc2018("ListTasks", params, client.RetryPolicy{}), &out); err != nil {
		return nil, err
	}
	return decodeEHPC2018Tasks(out.Tasks)
}

// decodeEHPC2018Tasks accepts ListTasks' Tasks both as an array (as the SDK declares it) and wrapped in
// {"TaskInfo": […]} (as other 2018 list fields are).
func decodeEHPC2018Tasks(raw json.RawMessage) ([]ehpc2018Task, error) {
	var tasks []ehpc2018Task
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '[' {
		if err := json.Unmarshal(raw, &tasks); err != nil {
			return nil, fmt.Errorf("decoding ListTasks: %w", err)
		}
		return tasks, nil
	}
	var wrapped struct {
		TaskInfo []ehpc2018Task `json:"TaskInfo"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return nil, fmt.Errorf("decoding ListTasks: %w", err)
	}
	return wrapped.TaskInfo, nil
}

// findExistingNodesTask reads one task of the cluster; a task the service does not list is a
// *client.NotFoundError.
func findExistingNodesTask(ctx context.Context, c *client.Client, clusterID, taskID string) (*ehpc2018Task, error) {
	tasks, err := listExistingNodesTasks(ctx, c, map[string]string{"ClusterId": clusterID, "TaskId": taskID})
	if err != nil {
		return nil, err
	}
	for i := range tasks {
		if tasks[i].TaskID == taskID {
			return &tasks[i], nil
		}
	}
	return nil, client.NewNotFound("E-HPC task", taskID, nil)
}

// findExistingNodesAddTask looks among the cluster's recent tasks for the one whose request names every id; none
// is a *client.NotFoundError.
func findExistingNodesAddTask(ctx context.Context, c *client.Client, clusterID string, ids []string) (*ehpc2018Task, error) {
	tasks, err := listExistingNodesTasks(ctx, c, map[string]string{
		"ClusterId": clusterID, "PageSize": strconv.Itoa(existingNodesTaskPageSize),
	})
	if err != nil {
		return nil, err
	}
	for i, t := range tasks {
		if !slices.ContainsFunc(ids, func(id string) bool { return !strings.Contains(t.Request, id) }) {
			return &tasks[i], nil
		}
	}
	return nil, client.NewNotFound("E-HPC task", "adding "+strings.Join(ids, ","), nil)
}

// statusExistingNodes polls the nodes among ids; none left (or no cluster) is "not found".
func statusExistingNodes(c *client.Client, clusterID string, ids []string) client.StatusFunc[existingNodesWire] {
	return client.StatusFromFinder(func(ctx context.Context) (*existingNodesWire, error) {
		return findExistingNodes(ctx, c, clusterID, ids)
	}, (*existingNodesWire).status)
}

// statusExistingNodesTask polls a task.
func statusExistingNodesTask(c *client.Client, clusterID, taskID string) client.StatusFunc[ehpc2018Task] {
	return client.StatusFromFinder(func(ctx context.Context) (*ehpc2018Task, error) {
		return findExistingNodesTask(ctx, c, clusterID, taskID)
	}, func(t *ehpc2018Task) string { return t.Status })
}

// waitExistingNodesTaskEnded waits for an AddExistedNodes task to end. failed is set when it ended Fail or
// PartialFail. A task that cannot be seen is not an error: the nodes are then the truth.
func waitExistingNodesTaskEnded(ctx context.Context, c *client.Client, clusterID, taskID string, count int) (failed *client.UnexpectedStateError, err error) {
	_, err = client.WaitFor(ctx, c, client.Waiter[ehpc2018Task]{
		Description:    fmt.Sprintf("E-HPC task %s (adding %d nodes to cluster %s)", taskID, count, clusterID),
		Target:         []string{ehpc2018TaskSuccess},
		Failure:        []string{ehpc2018TaskFail, ehpc2018TaskPartialFail},
		Pending:        []string{ehpc2018TaskProcessing},
		FailureMessage: func(t *ehpc2018Task) string { return t.Errors },
		Status:         statusExistingNodesTask(c, clusterID, taskID),
	})
	var vanished *client.VanishedError
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &vanished):
		tflog.Warn(ctx, "AddExistedNodes task not found; checking the nodes instead", map[string]any{"task_id": taskID})
		return nil, nil
	case errors.As(err, &failed) && (failed.State == ehpc2018TaskFail || failed.State == ehpc2018TaskPartialFail):
		return failed, nil
	}
	return nil, err
}

// waitExistingNodesRunning waits until every instance is a running node; exception fails at once. It returns
// the last answer read, also with an error.
func waitExistingNodesRunning(ctx context.Context, c *client.Client, clusterID string, ids []string) (*existingNodesWire, error) {
	var last *existingNodesWire
	missingPolls := 0
	_, err := client.WaitFor(ctx, c, client.Waiter[existingNodesWire]{
		Description: fmt.Sprintf("%d nodes of E-HPC cluster %s to be running", len(ids), clusterID),
		Target:      []string{existingNodesStatusRunning},
		Failure:     []string{existingNodesStatusException},
		// The add task has ended, so the nodes are normally running already: look at once rather than after a
		// full first-poll delay (which added that delay to every create).
		Poll: client.PollConfig{InitialDelay: time.Millisecond},
		FailureMessage: func(w *existingNodesWire) string {
			var bad []string
			for _, id := range ids {
				if n, ok := w.Nodes[id]; ok && n.Status == existingNodesStatusException {
					bad = append(bad, id)
				}
			}
			return "nodes in exception: " + strings.Join(bad, ", ")
		},
		Status: func(ctx context.Context) (*existingNodesWire, string, error) {
			w, err := listExistingNodes(ctx, c, clusterID, ids)
			if err != nil {
				return nil, "", err
			}
			last = w
			if len(w.Nodes) < len(ids) {
				// After the task succeeded every instance should be listed; allow the listing to catch up.
				if missingPolls++; missingPolls > existingNodesListingGrace {
					missing := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { _, ok := w.Nodes[id]; return ok })
					return nil, "", fmt.Errorf("instances %s are not nodes of cluster %s although the add task succeeded",
						strings.Join(missing, ", "), clusterID)
				}
				return w, existingNodesStatusJoining, nil
			}
			state := w.status()
			return w, state, nil
		},
	})
	return last, err
}

// waitExistingNodesGone waits until none of ids is a node of the cluster (or the cluster is gone).
func waitExistingNodesGone(ctx context.Context, c *client.Client, clusterID string, ids []string) error {
	_, err := client.WaitFor(ctx, c, client.Waiter[existingNodesWire]{
		Description:    fmt.Sprintf("%d nodes to leave E-HPC cluster %s", len(ids), clusterID),
		TargetNotFound: true,
		Status:         statusExistingNodes(c, clusterID, ids),
	})
	return err
}

// addExistedNodes calls AddExistedNodes and returns the task id. The call is not idempotent: after a lost
// answer client.CreateRecovering looks at the cluster before sending again, and instances that already show up
// as nodes mean the call was applied, so the running task is adopted ("" when it cannot be identified: the
// nodes are then waited on instead). A repeat could not add a node twice anyway (the API refuses instances
// that are already in a cluster), but it would fail instead of adopting the task.
func addExistedNodes(ctx context.Context, c *client.Client, a existingNodesAddRequest) (string, error) {
	params := a.params()
	return client.CreateRecovering(ctx, client.LostAnswerRecovery[string]{
		What: fmt.Sprintf("%d nodes of E-HPC cluster %s", len(a.InstanceIDs), a.ClusterID),
		Send: func(ctx context.Context) (string, error) {
			var out struct {
				TaskID string `json:"TaskId"`
			}
			_, err := c.RPC(ctx, rpc2018("AddExistedNodes", params,
				client.RetryPolicy{NotIdempotent: true, BusyCodes: existingNodesBusyCodes}), &out)
			return out.TaskID, err
		},
		Find: func(ctx context.Context) (string, bool, error) {
			w, err := listExistingNodes(ctx, c, a.ClusterID, a.InstanceIDs)
			if err != nil {
				return "", false, err
			}
			if len(w.Nodes) == 0 {
				return "", false, nil
			}
			return existingNodesAdoptedTask(ctx, c, a.ClusterID, a.InstanceIDs), true, nil
		},
	})
}

// existingNodesAdoptedTask is the id of the task adding ids that a lost AddExistedNodes answer started, or ""
// when it cannot be identified: the nodes are then waited on instead, so a failed look-up is only logged.
func existingNodesAdoptedTask(ctx context.Context, c *client.Client, clusterID string, ids []string) string {
	t, err := findExistingNodesAddTask(ctx, c, clusterID, ids)
	if err != nil {
		tflog.Warn(ctx, "the AddExistedNodes task could not be identified; waiting on the nodes instead", map[string]any{"error": err.Error()})
		return ""
	}
	return t.TaskID
}

// deleteExistingNodes removes the nodes among ids still in the cluster. ReleaseInstance is always sent: the
// API's default is to release (delete) the instances, and these were the user's before they joined. After a
// lost answer it looks at the cluster again and asks only for the nodes still there.
func deleteExistingNodes(ctx context.Context, c *client.Client, clusterID string, ids []string, release bool) error {
	var lastErr error
	for attempt := 0; attempt < existingNodesDeleteAttempts; attempt++ {
		w, err := listExistingNodes(ctx, c, clusterID, ids)
		if err != nil {
			return err
		}
		var remove []string
		for _, id := range ids {
			// Nodes already releasing are leaving; asking again would conflict with that task.
			if n, ok := w.Nodes[id]; ok && n.Status != existingNodesStatusReleasing {
				remove = append(remove, id)
			}
		}
		if len(remove) == 0 {
			return nil
		}
		params := existingNodesInstanceParams(map[string]string{
			"ClusterId": clusterID, "ReleaseInstance": strconv.FormatBool(release),
		}, remove)
		_, err = c.RPC(ctx, rpc2018("DeleteNodes", params,
			client.RetryPolicy{NotIdempotent: true, BusyCodes: existingNodesBusyCodes}), nil)
		if err == nil || !client.IsAmbiguous(err) {
			return err
		}
		lastErr = err
	}
	return lastErr
}

// removeExistingNodes takes the instances' nodes out of the cluster and waits until they are gone. A cluster
// that no longer exists has no nodes to remove.
func removeExistingNodes(ctx context.Context, c *client.Client, clusterID string, ids []string, release bool) error {
	if err := deleteExistingNodes(ctx, c, clusterID, ids, release); err != nil {
		if client.IsNotFound(err) {
			return nil
		}
		return err
	}
	if err := waitExistingNodesGone(ctx, c, clusterID, ids); err != nil {
		return err
	}
	if release {
		tflog.Warn(ctx, "released the ECS instances of the removed nodes (release_instances_on_destroy = true)",
			map[string]any{"cluster_id": clusterID, "instances": len(ids)})
	}
	return nil
}

// The node API's hints are registered for its actions only: the cluster resource registers its own advice for
// codes both APIs answer (InvalidParams, ImageNotFound, ClusterNotFound, …). The codes are listed in README.md,
// "API 2018-04-12: error codes and hints".
func init() {
	client.RegisterActionHints(client.ProductEHPC, []string{"AddExistedNodes", "ListNodes", "DeleteNodes", "ListTasks"}, map[string]string{
		"InvalidParams": "a parameter was rejected (the message names it): for AddExistedNodes check that every instance exists, is Stopped, and is in no cluster.",
		"NotEnabled":    "E-HPC is not activated for this account: activate it in the E-HPC console first.",
		"InDebt":        "the account has overdue payments: settle them in the billing console, then retry.",
		"TooManyComputes": "the cluster's compute node quota (its maximum node count) would be exceeded: add fewer instances, " +
			"remove nodes, or raise the cluster's maximum count.",
		"InvalidClusterStatus": "the cluster is not in a state that allows this operation (it must be running): wait for it or check it in the console.",
		"InvalidOpt":           "the service refused the operation for now: try again later; if it persists, open a ticket with the request id.",
		"ConflictOpt":          "another operation on this cluster is still running: the provider waited until the timeout; raise timeouts or retry later.",
		"ImageNotSupported":    "image_id must have the same OS family and major version as the cluster's image (e.g. CentOS 7 for a CentOS 7 cluster).",
		"ImageNotFound":        "image_id does not exist in this region, or image_owner_alias does not match its kind (system, self, others, marketplace).",
		"ClusterNotFound":      "the E-HPC cluster does not exist in this region: check cluster_id and the provider's region.",
		"VolumeNotFound":       "a shared storage volume of the cluster is missing: check the cluster's storage in the console.",
		"ManagerNotFound":      "the cluster's manager nodes are missing or unhealthy: repair the cluster before adding nodes.",
		"ObjectNotFound":       "an object named in the request does not exist: check cluster_id and instance_ids.",
		"EcsError":             "the underlying ECS call failed (the message has ECS's reason): check the instances in the ECS console.",
		"DbError":              "E-HPC's database failed: retry later; if it persists, open a ticket with the request id.",
		"AliyunError":          "another Alibaba Cloud product failed (the message says which): retry later or open a ticket.",
		"NotAuthorized":        "the RAM user or role lacks permission for this E-HPC action: grant it (e.g. AliyunEHPCFullAccess) in the RAM console.",
		"PartFailure":          "part of the batch failed: the error lists which instances; fix them and apply again.",
		"UnknownError":         "E-HPC failed with an unknown error: retry; if it persists, open a ticket with the request id.",
		"ServiceUnavailable":   "E-HPC is temporarily unavailable: the provider retried; try again later.",
	})
}
