package batchcompute

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// clusterView is the GetCluster / ListClusters item (REFERENCE §9.4).
type clusterView struct {
	ID            string               `json:"Id"`
	Name          string               `json:"Name"`
	OwnerID       int64                `json:"OwnerId"`
	Description   string               `json:"Description"`
	CreationTime  string               `json:"CreationTime"`
	State         string               `json:"State"`
	ImageID       string               `json:"ImageId"`
	InstanceType  string               `json:"InstanceType"`
	UserData      map[string]string    `json:"UserData"`
	Notification  Notification         `json:"Notification"`
	Configs       Configs              `json:"Configs"`
	Groups        map[string]groupView `json:"Groups"`
	OperationLogs []string             `json:"OperationLogs"`
	Metrics       metrics              `json:"Metrics"`
}

type groupView struct {
	DesiredVMCount int     `json:"DesiredVMCount"`
	ActualVMCount  int     `json:"ActualVMCount"`
	InstanceType   string  `json:"InstanceType"`
	ResourceType   string  `json:"ResourceType"`
	SpotStrategy   string  `json:"SpotStrategy"`
	SpotPriceLimit float64 `json:"SpotPriceLimit"`
}

type metrics struct {
	RunningCount  int `json:"RunningCount"`
	StartingCount int `json:"StartingCount"`
	StoppingCount int `json:"StoppingCount"`
	StoppedCount  int `json:"StoppedCount"`
}

// Instance phases as fractions of the latency: Pending until 1/4, Starting until the end, then Running.
// Released instances are Deleting for half a latency.
const (
	pendingUntil  = 0.25
	deletingUntil = 0.5
)

func (c *Cluster) view(req *core.Request) clusterView {
	v := clusterView{
		ID: c.ID, Name: c.Name, OwnerID: c.OwnerID, Description: c.Description,
		CreationTime: c.CreatedAt.UTC().Format("2006-01-02T15:04:05.000000Z"),
		State:        c.state(), ImageID: c.ImageID, InstanceType: c.InstanceType,
		UserData: c.UserData, Notification: c.Notification, Configs: c.Configs,
		Groups: map[string]groupView{}, OperationLogs: c.OperationLogs,
	}
	if v.UserData == nil {
		v.UserData = map[string]string{}
	}
	if v.OperationLogs == nil {
		v.OperationLogs = []string{}
	}
	// Credentials are write-only.
	v.Configs.Mounts.OSS.AccessKeySecret = ""
	v.Configs.Mounts.OSS.AccessSecurityToken = ""
	for name, g := range c.Groups {
		pending, starting, running, deleting := g.counts(req.Now, req.Env)
		if c.DeletingAt != nil {
			// Every instance of a cluster being deleted is stopping.
			deleting += pending + starting + running
			pending, starting, running = 0, 0, 0
		}
		v.Groups[name] = groupView{
			DesiredVMCount: g.DesiredVMCount, ActualVMCount: running, InstanceType: g.InstanceType,
			ResourceType: g.ResourceType, SpotStrategy: g.SpotStrategy, SpotPriceLimit: g.SpotPriceLimit,
		}
		v.Metrics.RunningCount += running
		v.Metrics.StartingCount += pending + starting
		v.Metrics.StoppingCount += deleting
	}
	return v
}

// sweep forgets clusters whose deletion has finished. Doing it whenever a handler runs keeps time-driven
// progress lazy: nothing happens between requests.
func (p *Product) sweep(req *core.Request) {
	for id, c := range p.state.Clusters {
		if c.DeletingAt != nil && !req.Now.Before(req.Env.Phase(*c.DeletingAt, 1)) {
			delete(p.state.Clusters, id)
		}
	}
}

func (p *Product) sortedIDs() []string {
	ids := make([]string, 0, len(p.state.Clusters))
	for id := range p.state.Clusters {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (p *Product) find(req *core.Request) (*Cluster, error) {
	p.ensure()
	p.sweep(req)
	id := req.PathParams["cluster_id"]
	c, ok := p.state.Clusters[id]
	if !ok {
		return nil, notFound(id)
	}
	return c, nil
}

// createCluster is POST /clusters[?IdempotentToken=…].
func (p *Product) createCluster(req *core.Request) (*core.Response, error) {
	p.ensure()
	p.sweep(req)
	token := req.Param("IdempotentToken")
	if req.HasParam("IdempotentToken") && !validToken(token) {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidIdempotentToken",
			"Specified parameter IdempotentToken is not valid. It must be 1-64 characters within [a-zA-Z0-9_].")
	}
	body, err := parseBody(req.Body)
	if err != nil {
		return nil, err
	}
	digest := digestOf(body)
	if token != "" {
		if use, ok := p.state.Tokens[token]; ok {
			if use.BodyDigest != digest {
				return nil, core.Errorf(http.StatusBadRequest, "IdempotentTokenMismatch", "Specified idempotent token mismatch.")
			}
			return core.WithStatus(http.StatusCreated, map[string]string{"Id": use.ClusterID}), nil
		}
	}
	c, err := validateCreate(body)
	if err != nil {
		return nil, err
	}
	if err := p.checkQuota(c, true); err != nil {
		return nil, err
	}
	c.ID = "cls-" + req.Env.RandomAlnum(20)
	c.OwnerID = ownerID(req.AccessKeyID)
	c.CreatedAt = req.Now
	c.OperationLogs = []string{fmt.Sprintf("%s cluster created", req.Now.UTC().Format(time.RFC3339))}
	for _, g := range c.Groups {
		n := g.DesiredVMCount
		g.DesiredVMCount = 0
		g.scaleTo(n, req.Now, req.Env)
	}
	p.state.Clusters[c.ID] = c
	if token != "" {
		p.state.Tokens[token] = &TokenUse{ClusterID: c.ID, BodyDigest: digest}
	}
	return core.WithStatus(http.StatusCreated, map[string]string{"Id": c.ID}), nil
}

func (p *Product) checkQuota(c *Cluster, creating bool) error {
	q := p.state.Quota
	if creating {
		active := 0
		for _, other := range p.state.Clusters {
			if other.DeletingAt == nil {
				active++
			}
		}
		if active >= q.MaxClusterCount {
			return core.Errorf(http.StatusForbidden, "QuotaExhausted.MaxClusterCount", "The MaxClusterCount (%d) quota is exhausted.", q.MaxClusterCount)
		}
	}
	if len(c.Groups) > q.MaxClusterGroupCount {
		return core.Errorf(http.StatusForbidden, "QuotaExhausted.MaxClusterGroupCount", "The MaxClusterGroupCount (%d) quota is exhausted.", q.MaxClusterGroupCount)
	}
	for _, g := range c.Groups {
		if g.DesiredVMCount > q.MaxClusterGroupDesiredVMCount {
			return core.Errorf(http.StatusForbidden, "QuotaExhausted.MaxClusterGroupDesiredVMCount",
				"The MaxClusterGroupDesiredVMCount (%d) quota is exhausted.", q.MaxClusterGroupDesiredVMCount)
		}
	}
	return nil
}

// getCluster is GET /clusters/{id}.
func (p *Product) getCluster(req *core.Request) (*core.Response, error) {
	c, err := p.find(req)
	if err != nil {
		return nil, err
	}
	return core.OK(c.view(req)), nil
}

// listClusters is GET /clusters?Marker=&MaxItemCount=. The marker is the id of the next item; ids sort
// stably, so a cluster deleted between pages does not shift the following page.
func (p *Product) listClusters(req *core.Request) (*core.Response, error) {
	p.ensure()
	p.sweep(req)
	limit := 50
	if s := req.Param("MaxItemCount"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return nil, core.Errorf(http.StatusBadRequest, "InvalidMaxItemCount",
				"Specified parameter MaxItemCount is not valid. It must be an integer in [1, 100].")
		}
		limit = n
	}
	marker := req.Param("Marker")
	items := []clusterView{}
	next := ""
	for _, id := range p.sortedIDs() {
		if id < marker {
			continue
		}
		if len(items) == limit {
			next = id
			break
		}
		items = append(items, p.state.Clusters[id].view(req))
	}
	return core.OK(map[string]any{"NextMarker": next, "Items": items}), nil
}

// modifyCluster is PUT /clusters/{id} (ModifyCluster): a group's DesiredVMCount, SpotStrategy, SpotPriceLimit.
func (p *Product) modifyCluster(req *core.Request) (*core.Response, error) {
	c, err := p.find(req)
	if err != nil {
		return nil, err
	}
	if c.DeletingAt != nil {
		return nil, core.Errorf(http.StatusConflict, "StateConflict", "The current resource state is %s.", StateDeleting)
	}
	body, err := parseBody(req.Body)
	if err != nil {
		return nil, err
	}
	changes, err := validateModify(body, c)
	if err != nil {
		return nil, err
	}
	// Quotas apply to the cluster as it would be after the change.
	after := &Cluster{Groups: map[string]*Group{}}
	for name, g := range c.Groups {
		cp := *g
		if ch, ok := changes[name]; ok && ch.DesiredVMCount != nil {
			cp.DesiredVMCount = *ch.DesiredVMCount
		}
		after.Groups[name] = &cp
	}
	if err := p.checkQuota(after, false); err != nil {
		return nil, err
	}
	for name, ch := range changes {
		g := c.Groups[name]
		if ch.DesiredVMCount != nil && *ch.DesiredVMCount != g.DesiredVMCount {
			c.OperationLogs = append(c.OperationLogs, fmt.Sprintf("%s group %s scaled from %d to %d",
				req.Now.UTC().Format(time.RFC3339), name, g.DesiredVMCount, *ch.DesiredVMCount))
			g.scaleTo(*ch.DesiredVMCount, req.Now, req.Env)
		}
		if ch.SpotStrategy != nil {
			g.SpotStrategy = *ch.SpotStrategy
		}
		if ch.SpotPriceLimit != nil {
			g.SpotPriceLimit = *ch.SpotPriceLimit
		}
	}
	return core.OK(nil), nil
}

// deleteCluster is DELETE /clusters/{id}: Active → Deleting → gone after the latency.
func (p *Product) deleteCluster(req *core.Request) (*core.Response, error) {
	c, err := p.find(req)
	if err != nil {
		return nil, err
	}
	if c.DeletingAt != nil {
		return nil, core.Errorf(http.StatusConflict, "StateConflict", "The current resource state is %s.", StateDeleting)
	}
	now := req.Now
	c.DeletingAt = &now
	c.OperationLogs = append(c.OperationLogs, fmt.Sprintf("%s cluster deleting", now.UTC().Format(time.RFC3339)))
	if req.Env.Latency <= 0 {
		delete(p.state.Clusters, c.ID)
	}
	return core.OK(nil), nil
}

func validToken(t string) bool {
	if len(t) < 1 || len(t) > 64 {
		return false
	}
	for _, r := range t {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// digestOf hashes a decoded body canonically (object keys sorted by encoding/json), so that the same
// request sent twice with different key order or spacing counts as the same.
func digestOf(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ownerID derives a stable numeric account id from the access key, as the real OwnerId is per account.
func ownerID(accessKeyID string) int64 {
	h := fnv.New64a()
	h.Write([]byte(accessKeyID))
	return int64(h.Sum64()%9e15) + 1e15
}
