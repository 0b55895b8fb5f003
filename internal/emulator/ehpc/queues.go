package ehpc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Queues of the 2024-07-30 API: CreateQueue, UpdateQueue, DeleteQueues, GetQueue, ListQueues (README.md,
// "API 2024-07-30: queues"). Cluster.Queues holds the templates the API shows; a create or update waits in
// Cluster.QueueChanges until one latency has passed, then replaces (or adds) the shown template.

// QueueChange is an accepted CreateQueue/UpdateQueue not yet visible.
type QueueChange struct {
	Template   QueueTemplate `json:"template"`
	AcceptedAt time.Time     `json:"accepted_at"`
	// Create says the queue did not exist before the change.
	Create bool `json:"create,omitempty"`
}

// QueueTimes are a queue's CreateTime and UpdateTime.
type QueueTimes struct {
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

func (c *Cluster) setQueueTimes(name string, created, updated time.Time) {
	if c.QueueTimes == nil {
		c.QueueTimes = map[string]QueueTimes{}
	}
	c.QueueTimes[name] = QueueTimes{Created: created, Updated: updated}
}

func (c *Cluster) queueTimes(name string) QueueTimes {
	if t, ok := c.QueueTimes[name]; ok {
		return t
	}
	return QueueTimes{Created: c.CreatedAt, Updated: c.CreatedAt}
}

// settleQueues applies the changes whose latency has passed, in the order they were accepted.
func (c *Cluster) settleQueues(env *core.Env) {
	now := env.Now()
	kept := c.QueueChanges[:0]
	for _, ch := range c.QueueChanges {
		if now.Before(env.Phase(ch.AcceptedAt, queueChangeFraction)) {
			kept = append(kept, ch)
			continue
		}
		if i := c.queueIndex(ch.Template.QueueName); i >= 0 {
			c.Queues[i] = ch.Template
		} else {
			c.Queues = append(c.Queues, ch.Template)
		}
		t := c.queueTimes(ch.Template.QueueName)
		if ch.Create {
			t.Created = ch.AcceptedAt
		}
		t.Updated = env.Phase(ch.AcceptedAt, queueChangeFraction)
		c.setQueueTimes(ch.Template.QueueName, t.Created, t.Updated)
	}
	c.QueueChanges = kept
}

func (c *Cluster) queueIndex(name string) int {
	return slices.IndexFunc(c.Queues, func(q QueueTemplate) bool { return q.QueueName == name })
}

// pendingQueue is the last accepted change of the queue that is not visible yet, or nil.
func (c *Cluster) pendingQueue(name string) *QueueChange {
	for i := len(c.QueueChanges) - 1; i >= 0; i-- {
		if c.QueueChanges[i].Template.QueueName == name {
			return &c.QueueChanges[i]
		}
	}
	return nil
}

// errQueueNotFound is InvalidParams naming the queue, the service's answer for a queue that does not exist.
func errQueueNotFound(param, name string) *core.Error {
	return invalidParam(param, "The queue %q does not exist.", name)
}

// errQueueExists is the answer to CreateQueue with a name the cluster already uses.
func errQueueExists(name string) *core.Error {
	return core.Errorf(http.StatusBadRequest, "InvalidParams",
		"The specified parameter Queue.QueueName is invalid. The queue %q already exists.", name)
}

func (p *Product) createQueue(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	var q QueueTemplate
	if ok, err := jsonParam(req, "Queue", &q); err != nil {
		return nil, err
	} else if !ok {
		return nil, errMissingParams("Queue")
	}
	if err := validateQueue("Queue", &q); err != nil {
		return nil, err
	}
	if c.queueIndex(q.QueueName) >= 0 || c.pendingQueue(q.QueueName) != nil {
		return nil, errQueueExists(q.QueueName)
	}
	if len(c.Queues)+countCreates(c.QueueChanges) >= 8 {
		return nil, invalidParam("Queue", "A cluster has at most 8 queues.")
	}
	c.QueueChanges = append(c.QueueChanges, QueueChange{Template: q, AcceptedAt: req.Now, Create: true})
	return core.OK(map[string]any{"RequestId": req.RequestID, "Name": q.QueueName}), nil
}

func countCreates(changes []QueueChange) int {
	n := 0
	for _, ch := range changes {
		if ch.Create {
			n++
		}
	}
	return n
}

// updateQueue merges the fields the Queue parameter carries into the queue's latest template (shown or
// pending): fields absent from the JSON keep their values, present ones (lists included) replace them.
func (p *Product) updateQueue(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	raw := req.Param("Queue")
	if raw == "" {
		return nil, errMissingParams("Queue")
	}
	var sel struct {
		QueueName string `json:"QueueName"`
	}
	if err := json.Unmarshal([]byte(raw), &sel); err != nil {
		return nil, errInvalidParams("Queue")
	}
	if sel.QueueName == "" {
		return nil, errMissingParams("Queue.QueueName")
	}
	var base QueueTemplate
	create := false
	if ch := c.pendingQueue(sel.QueueName); ch != nil {
		base, create = ch.Template, ch.Create
	} else if i := c.queueIndex(sel.QueueName); i >= 0 {
		base = c.Queues[i]
	} else {
		return nil, errQueueNotFound("Queue.QueueName", sel.QueueName)
	}
	next, err := mergeQueue(base, raw)
	if err != nil {
		return nil, errInvalidParams("Queue")
	}
	if err := validateQueue("Queue", &next); err != nil {
		return nil, err
	}
	// A newer change replaces a pending one; its latency starts again.
	c.QueueChanges = slices.DeleteFunc(c.QueueChanges, func(ch QueueChange) bool { return ch.Template.QueueName == sel.QueueName })
	c.QueueChanges = append(c.QueueChanges, QueueChange{Template: next, AcceptedAt: req.Now, Create: create})
	return core.OK(map[string]any{"RequestId": req.RequestID, "Success": true}), nil
}

// mergeQueue decodes raw over a deep copy of base.
func mergeQueue(base QueueTemplate, raw string) (QueueTemplate, error) {
	var next QueueTemplate
	b, err := json.Marshal(base)
	if err != nil {
		return next, err
	}
	if err := json.Unmarshal(b, &next); err != nil {
		return next, err
	}
	err = json.Unmarshal([]byte(raw), &next)
	return next, err
}

func (p *Product) deleteQueues(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	var names []string
	if ok, err := jsonParam(req, "QueueNames", &names); err != nil {
		return nil, err
	} else if !ok || len(names) == 0 {
		return nil, errMissingParams("QueueNames")
	}
	// All or nothing: every name must exist before any queue goes.
	for i, n := range names {
		if c.queueIndex(n) < 0 && c.pendingQueue(n) == nil {
			return nil, errQueueNotFound(fmt.Sprintf("QueueNames.%d", i), n)
		}
	}
	for _, n := range names {
		c.removeQueue(n)
	}
	return core.OK(map[string]any{"RequestId": req.RequestID, "Success": true}), nil
}

func (c *Cluster) removeQueue(name string) {
	c.Queues = slices.DeleteFunc(c.Queues, func(q QueueTemplate) bool { return q.QueueName == name })
	c.QueueChanges = slices.DeleteFunc(c.QueueChanges, func(ch QueueChange) bool { return ch.Template.QueueName == name })
	delete(c.QueueTimes, name)
}

func (p *Product) getQueue(req *core.Request) (*core.Response, error) {
	c, err := p.day2Cluster(req)
	if err != nil {
		return nil, err
	}
	name, err := requiredParam(req, "QueueName")
	if err != nil {
		return nil, err
	}
	i := c.queueIndex(name)
	if i < 0 {
		// A queue whose creation is still pending is not shown yet.
		return nil, errQueueNotFound("QueueName", name)
	}
	return core.OK(map[string]any{"RequestId": req.RequestID, "Queue": getQueueBody(c, &c.Queues[i])}), nil
}

func (p *Product) listQueues(req *core.Request) (*core.Response, error) {
	c, err := p.day2Cluster(req)
	if err != nil {
		return nil, err
	}
	var names []string
	if _, err := jsonParam(req, "QueueNames", &names); err != nil {
		return nil, err
	}
	items := []map[string]any{}
	for i := range c.Queues {
		q := &c.Queues[i]
		if len(names) > 0 && !slices.Contains(names, q.QueueName) {
			continue
		}
		items = append(items, listQueueItem(c, q))
	}
	return core.OK(map[string]any{
		"RequestId": req.RequestID, "ClusterId": c.ID, "PageNumber": 1, "PageSize": max(10, len(items)),
		"TotalCount": len(items), "Queues": items,
	}), nil
}

// nodeTemplateBody renders a NodeTemplate as the day-2 answers do: EnableHT spelled as in the SDK's
// NodeTemplate, no absent fields.
func nodeTemplateBody(n *NodeTemplate) map[string]any {
	b := map[string]any{}
	set := func(k, v string) {
		if v != "" {
			b[k] = v
		}
	}
	set("InstanceType", n.InstanceType)
	set("ImageId", n.ImageID)
	set("InstanceChargeType", n.InstanceChargeType)
	set("PeriodUnit", n.PeriodUnit)
	set("SpotStrategy", n.SpotStrategy)
	for k, v := range map[string]*int{"Period": n.Period, "AutoRenewPeriod": n.AutoRenewPeriod, "Duration": n.Duration} {
		if v != nil {
			b[k] = *v
		}
	}
	if n.AutoRenew != nil {
		b["AutoRenew"] = *n.AutoRenew
	}
	if n.EnableHT != nil {
		b["EnableHT"] = *n.EnableHT
	}
	if n.SpotPriceLimit != nil {
		b["SpotPriceLimit"] = *n.SpotPriceLimit
	}
	if d := n.SystemDisk; d != nil {
		sd := map[string]any{}
		if d.Category != "" {
			sd["Category"] = d.Category
		}
		if d.Level != "" {
			sd["Level"] = d.Level
		}
		if d.Size != nil {
			sd["Size"] = *d.Size
		}
		b["SystemDisk"] = sd
	}
	if len(n.DataDisks) > 0 {
		disks := make([]map[string]any, 0, len(n.DataDisks))
		for _, d := range n.DataDisks {
			dd := map[string]any{}
			for k, v := range map[string]string{"Category": d.Category, "Level": d.Level, "Device": d.Device, "MountDir": d.MountDir, "SnapshotId": d.SnapshotID} {
				if v != "" {
					dd[k] = v
				}
			}
			if d.DeleteWithInstance != nil {
				dd["DeleteWithInstance"] = *d.DeleteWithInstance
			}
			if d.Size != nil {
				dd["Size"] = *d.Size
			}
			disks = append(disks, dd)
		}
		b["DataDisks"] = disks
	}
	return b
}

func computeNodesBody(q *QueueTemplate) []map[string]any {
	nodes := make([]map[string]any, 0, len(q.ComputeNodes))
	for i := range q.ComputeNodes {
		nodes = append(nodes, nodeTemplateBody(&q.ComputeNodes[i]))
	}
	return nodes
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// getQueueBody is GetQueue's Queue (GetQueueResponseBodyQueue).
func getQueueBody(c *Cluster, q *QueueTemplate) map[string]any {
	t := c.queueTimes(q.QueueName)
	b := map[string]any{
		"QueueName":          q.QueueName,
		"AllocationStrategy": q.AllocationStrategy,
		"ComputeNodes":       computeNodesBody(q),
		"CreateTime":         queueTime(t.Created),
		"UpdateTime":         queueTime(t.Updated),
		"EnableScaleIn":      deref(q.EnableScaleIn),
		"EnableScaleOut":     deref(q.EnableScaleOut),
		"HostnamePrefix":     q.HostnamePrefix,
		"HostnameSuffix":     q.HostnameSuffix,
		"InitialCount":       deref(q.InitialCount),
		"InterConnect":       q.InterConnect,
		"KeepAliveNodes":     orEmpty(q.KeepAliveNodes),
		"MaxCount":           deref(q.MaxCount),
		"MaxCountPerCycle":   deref(q.MaxCountPerCycle),
		"MinCount":           deref(q.MinCount),
		"RamRole":            q.RamRole,
		"VSwitchIds":         orEmpty(q.VSwitchIDs),
	}
	if q.ReservedNodePoolID != "" {
		b["ReservedNodePoolId"] = q.ReservedNodePoolID
	}
	return b
}

// listQueueItem is a ListQueues item (ListQueuesResponseBodyQueues): fewer fields than GetQueue.
func listQueueItem(c *Cluster, q *QueueTemplate) map[string]any {
	t := c.queueTimes(q.QueueName)
	var running, creating, exception int
	for _, n := range c.Nodes {
		if n.JobQueue != q.QueueName {
			continue
		}
		switch n.Status {
		case NodeRunning:
			running++
		case NodeException:
			exception++
		case NodeIniting:
			creating++
		}
	}
	return map[string]any{
		"QueueName":        q.QueueName,
		"ComputeNodes":     computeNodesBody(q),
		"CreateTime":       queueTime(t.Created),
		"UpdateTime":       queueTime(t.Updated),
		"EnableScaleIn":    deref(q.EnableScaleIn),
		"EnableScaleOut":   deref(q.EnableScaleOut),
		"MaxCount":         deref(q.MaxCount),
		"MaxCountPerCycle": deref(q.MaxCountPerCycle),
		"MinCount":         deref(q.MinCount),
		"VSwitchIds":       orEmpty(q.VSwitchIDs),
		"TotalCores":       0,
		"Nodes":            map[string]any{"RunningCounts": running, "CreatingCounts": creating, "ExceptionCounts": exception},
	}
}

// queueTime is the queues' time format (ISO 8601 in UTC to the second: 2023-11-10T02:04:00Z).
func queueTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
