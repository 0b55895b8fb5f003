package ehpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// wireQueue is a QueueTemplate: what CreateCluster, CreateQueue and UpdateQueue send and GetQueue returns.
type wireQueue struct {
	QueueName          string     `json:"QueueName"`
	ComputeNodes       []wireNode `json:"ComputeNodes,omitzero"`
	VSwitchIDs         []string   `json:"VSwitchIds,omitzero"`
	InterConnect       string     `json:"InterConnect,omitempty"`
	EnableScaleIn      *flexBool  `json:"EnableScaleIn,omitempty"`
	EnableScaleOut     *flexBool  `json:"EnableScaleOut,omitempty"`
	MinCount           *flexInt   `json:"MinCount,omitempty"`
	MaxCount           *flexInt   `json:"MaxCount,omitempty"`
	InitialCount       *flexInt   `json:"InitialCount,omitempty"`
	MaxCountPerCycle   *flexInt   `json:"MaxCountPerCycle,omitempty"`
	AllocationStrategy string     `json:"AllocationStrategy,omitempty"`
	HostnamePrefix     string     `json:"HostnamePrefix,omitempty"`
	HostnameSuffix     string     `json:"HostnameSuffix,omitempty"`
	KeepAliveNodes     []string   `json:"KeepAliveNodes,omitzero"`
	RamRole            string     `json:"RamRole,omitempty"`
	ReservedNodePoolID string     `json:"ReservedNodePoolId,omitempty"`
}

// queueKind names a queue in not-found errors and warnings.
const queueKind = "E-HPC queue"

// queueBusyCodes are the answers that mean "the cluster is busy with another operation": the queue calls
// retry them until the operation's timeout.
var queueBusyCodes = []string{"InvalidClusterStatus", "ConflictOpt"}

// queueID is the id of aliyun_ehpc_queue: "<cluster_id>:<queue_name>".
func queueID(clusterID, name string) string { return clusterID + ":" + name }

// parseQueueID splits a queue id; ok is false unless it has both parts.
func parseQueueID(id string) (clusterID, name string, ok bool) {
	clusterID, name, ok = strings.Cut(id, ":")
	return clusterID, name, ok && clusterID != "" && name != ""
}

// findQueue reads one queue with GetQueue. An unknown cluster (ClusterNotFound) and an unknown queue
// (InvalidParams, see README.md, "Queues") are a *client.NotFoundError.
func findQueue(ctx context.Context, c *client.Client, clusterID, name string) (*wireQueue, error) {
	var out struct {
		Queue *wireQueue `json:"Queue"`
	}
	_, err := c.RPC(ctx, ehpc2024("GetQueue", map[string]string{"ClusterId": clusterID, "QueueName": name}, client.RetryPolicy{}), &out)
	if client.IsNotFound(err) || client.IsCode(err, "InvalidParams") {
		return nil, client.NewNotFound(queueKind, queueID(clusterID, name), err)
	}
	if err != nil {
		return nil, err
	}
	if out.Queue == nil || out.Queue.QueueName == "" {
		return nil, client.NewNotFound(queueKind, queueID(clusterID, name), nil)
	}
	return out.Queue, nil
}

// findQueueByID is findQueue for an aliyun_ehpc_queue id.
func findQueueByID(ctx context.Context, c *client.Client, id string) (*wireQueue, error) {
	clusterID, name, ok := parseQueueID(id)
	if !ok {
		return nil, fmt.Errorf("invalid E-HPC queue id %q: expected <cluster_id>:<queue_name>", id)
	}
	return findQueue(ctx, c, clusterID, name)
}

// findQueues reads the queues of a cluster: ListQueues, then GetQueue (concurrently) for each queue detail
// selects, or for every queue when detail is nil. ListQueues lacks the inter-connect, allocation strategy,
// hostname prefix and suffix, keep-alive nodes, RAM role, reserved node pool and initial count (see
// README.md, "Queues"): a queue whose state sets none of them needs no GetQueue. A queue deleted between the
// two calls is left out; a missing cluster is a *client.NotFoundError.
func findQueues(ctx context.Context, c *client.Client, clusterID string, detail func(name string) bool) ([]wireQueue, error) {
	var out struct {
		Queues []wireQueue `json:"Queues"`
	}
	_, err := c.RPC(ctx, ehpc2024("ListQueues", map[string]string{"ClusterId": clusterID}, client.RetryPolicy{}), &out)
	if client.IsNotFound(err) {
		return nil, client.NewNotFound(clusterKind, clusterID, err)
	}
	if err != nil {
		return nil, err
	}
	queues := make([]*wireQueue, len(out.Queues))
	errs := make([]error, len(out.Queues))
	var wg sync.WaitGroup
	for i := range out.Queues {
		queues[i] = &out.Queues[i]
		if detail != nil && !detail(out.Queues[i].QueueName) {
			continue
		}
		wg.Go(func() { queues[i], errs[i] = findQueue(ctx, c, clusterID, out.Queues[i].QueueName) })
	}
	wg.Wait()
	result := make([]wireQueue, 0, len(queues))
	for i := range queues {
		if _, gone := client.AsNotFound(errs[i]); gone {
			continue
		}
		if errs[i] != nil {
			return nil, fmt.Errorf("reading queue %s: %w", out.Queues[i].QueueName, errs[i])
		}
		result = append(result, *queues[i])
	}
	return result, nil
}

func queueParam(q wireQueue) (string, error) {
	b, err := json.Marshal(q)
	return string(b), err
}

// createQueue adds a queue (CreateQueue). It is not idempotent, but a queue's name is unique in its
// cluster. After a lost answer GetQueue may not show the queue yet (it shows a queue only once the service
// has applied the call), so a resend can be refused because the lost call made the queue: a resend answered
// "already exists" is that queue, adopted (see README.md, "Lost answers of CreateQueue"); the caller's wait
// then checks that it shows the template sent. The first call's "already exists" stays an error.
func createQueue(ctx context.Context, c *client.Client, clusterID string, q wireQueue) error {
	p, err := queueParam(q)
	if err != nil {
		return err
	}
	lost := false
	_, err = client.CreateRecovering(ctx, client.LostAnswerRecovery[struct{}]{
		What: fmt.Sprintf("queue %s of E-HPC cluster %s", q.QueueName, clusterID),
		Send: func(ctx context.Context) (struct{}, error) {
			_, err := c.RPC(ctx, ehpc2024("CreateQueue", map[string]string{"ClusterId": clusterID, "Queue": p},
				client.RetryPolicy{NotIdempotent: true, BusyCodes: queueBusyCodes}), nil)
			if lost && queueExists(err) {
				tflog.Info(ctx, "a resent CreateQueue found the queue the lost call made", map[string]any{"cluster": clusterID, "queue": q.QueueName})
				return struct{}{}, nil
			}
			lost = lost || client.IsAmbiguous(err)
			return struct{}{}, err
		},
		Find: func(ctx context.Context) (struct{}, bool, error) {
			_, err := findQueue(ctx, c, clusterID, q.QueueName)
			if _, gone := client.AsNotFound(err); gone {
				return struct{}{}, false, nil
			}
			return struct{}{}, err == nil, err
		},
	})
	return err
}

// queueExists reports whether err is CreateQueue's refusal of a name the cluster already has: InvalidParams
// whose message says the queue already exists.
func queueExists(err error) bool {
	var apiErr *client.APIError
	return client.IsCode(err, "InvalidParams") && errors.As(err, &apiErr) && strings.Contains(strings.ToLower(apiErr.Message), "already exist")
}

// updateQueue sends a queue's whole template (UpdateQueue; see README.md, "Queues").
func updateQueue(ctx context.Context, c *client.Client, clusterID string, q wireQueue) error {
	p, err := queueParam(q)
	if err != nil {
		return err
	}
	_, err = c.RPC(ctx, ehpc2024("UpdateQueue", map[string]string{"ClusterId": clusterID, "Queue": p},
		client.RetryPolicy{BusyCodes: queueBusyCodes}), nil)
	return err
}

// deleteQueues removes queues (DeleteQueues) and waits until GetQueue no longer finds them. Queues already
// gone are not an error: the call is sent again for the others (see README.md, "Lost answers of the day-2 calls").
func deleteQueues(ctx context.Context, c *client.Client, clusterID string, names []string) error {
	if len(names) == 0 {
		return nil
	}
	send := func(names []string) error {
		b, _ := json.Marshal(names)
		_, err := c.RPC(ctx, ehpc2024("DeleteQueues", map[string]string{"ClusterId": clusterID, "QueueNames": string(b)},
			client.RetryPolicy{BusyCodes: queueBusyCodes}), nil)
		return err
	}
	err := send(names)
	if repeatRefused(err) {
		// The service refuses the whole call when a name does not exist: one is gone already (deleted by a
		// retried call whose answer was lost, or elsewhere). Delete those still there.
		var left []string
		for _, name := range names {
			_, ferr := findQueue(ctx, c, clusterID, name)
			if _, gone := client.AsNotFound(ferr); gone {
				continue
			}
			if ferr != nil {
				return ferr
			}
			left = append(left, name)
		}
		err = nil
		if len(left) > 0 {
			err = send(left)
		}
	}
	if err != nil && !client.IsNotFound(err) {
		return err
	}
	for _, name := range names {
		if _, err := client.WaitFor(ctx, c, client.Waiter[wireQueue]{
			Description:    fmt.Sprintf("queue %s of E-HPC cluster %s to be deleted", name, clusterID),
			TargetNotFound: true,
			Status:         statusQueue(c, clusterID, name, wireQueue{}),
		}); err != nil {
			return err
		}
	}
	return nil
}

// Queue states of statusQueue: whether GetQueue shows the template last sent.
const (
	queueApplied = "applied"
	queuePending = "pending"
)

// statusQueue reads a queue and says whether it shows want (queueShows).
func statusQueue(c *client.Client, clusterID, name string, want wireQueue) client.StatusFunc[wireQueue] {
	return client.StatusFromFinder(func(ctx context.Context) (*wireQueue, error) {
		return findQueue(ctx, c, clusterID, name)
	}, func(got *wireQueue) string {
		if queueShows(want, *got) {
			return queueApplied
		}
		return queuePending
	})
}

// waitQueueApplied waits until GetQueue shows the template just sent, and returns what it read.
func waitQueueApplied(ctx context.Context, c *client.Client, clusterID string, want wireQueue) (*wireQueue, error) {
	return client.WaitFor(ctx, c, client.Waiter[wireQueue]{
		Description: fmt.Sprintf("queue %s of E-HPC cluster %s to show its new template", want.QueueName, clusterID),
		Target:      []string{queueApplied},
		Pending:     []string{queuePending},
		// A created queue is listed only once the service has applied the call: until then GetQueue does not
		// know it. Tolerate that for a while (with the poll's back-off, well over a minute).
		NotFoundChecks: 20,
		Status:         statusQueue(c, clusterID, want.QueueName, want),
	})
}

// queueShows reports whether got carries every value want sets. The day-2 node template has no Device,
// MountDir and SnapshotId for data disks (see README.md, "Queues"), so those are not compared; strings
// compare without regard to case (the service lower-cases some enums).
func queueShows(want, got wireQueue) bool {
	// want's slices are the caller's: blank the fields on copies, never on the template being sent.
	nodes := slices.Clone(want.ComputeNodes)
	for i := range nodes {
		nodes[i].DataDisks = slices.Clone(nodes[i].DataDisks)
		for j := range nodes[i].DataDisks {
			dd := &nodes[i].DataDisks[j]
			dd.Device, dd.MountDir, dd.SnapshotID = "", "", ""
		}
	}
	want.ComputeNodes = nodes
	var w, g any
	bw, _ := json.Marshal(want)
	bg, _ := json.Marshal(got)
	if json.Unmarshal(bw, &w) != nil || json.Unmarshal(bg, &g) != nil {
		return false
	}
	return jsonSubset(w, g)
}

// jsonSubset reports whether every value of want is in got: objects key by key, lists item by item; a zero
// number, false or "" matches a value the service left out.
func jsonSubset(want, got any) bool {
	if got == nil {
		// A zero value the service does not echo is shown all the same.
		switch w := want.(type) {
		case float64:
			return w == 0
		case bool:
			return !w
		case string:
			return w == ""
		case []any:
			// An emptied list (sent as [] to clear it) that the service leaves out is shown too.
			return len(w) == 0
		}
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !jsonSubset(v, g[k]) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !jsonSubset(w[i], g[i]) {
				return false
			}
		}
		return true
	case string:
		g, ok := got.(string)
		return ok && strings.EqualFold(w, g)
	}
	return reflect.DeepEqual(want, got)
}
