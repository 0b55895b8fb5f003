package ehpc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Cluster statuses (see README.md, "API 2024-07-30: cluster statuses"). StatusGone is the emulator's name for a cluster whose release has
// finished: it is no longer listed and every API answers ClusterNotFound.
const (
	StatusCreating  = "creating"
	StatusIniting   = "initing"
	StatusRunning   = "running"
	StatusException = "exception"
	StatusReleasing = "releasing"
	StatusGone      = "gone"
)

// DefaultMaxClusters is the per-account cluster quota until an admin sets another.
const DefaultMaxClusters = 50

// Wire types of CreateCluster's JSON-string parameters (see README.md, "API 2024-07-30: CreateCluster parameters"). encoding/json matches keys
// case-insensitively, which makes the emulator accept both tag spellings (key/value and Key/Value).

// Defaults the service applies when a part of the configuration is absent.
const (
	defaultManagerInstanceType = "ecs.c7.xlarge"
	defaultImageID             = "aliyun_3_x64_20G_alibase_20240528.vhd"
	defaultClientVersion       = "2.1.0"
	defaultEhpcVersion         = "2.0.0"
	defaultMaxCount            = 500
	defaultMaxCoreCount        = 10000
)

func (p *Product) registerClusterAPI(r *core.Router) {
	r.RPC(Version2024, "CreateCluster", p.createCluster, core.Creating())
	r.RPC(Version2024, "GetCluster", p.getCluster)
	r.RPC(Version2024, "ListClusters", p.listClusters)
	r.RPC(Version2024, "UpdateCluster", p.updateCluster, core.Mutating())
	r.RPC(Version2024, "DeleteCluster", p.deleteCluster, core.Mutating())

	// PUT {"max_clusters": N} sets the account's cluster quota (TooManyClusters beyond it); null restores
	// DefaultMaxClusters.
	r.Admin(http.MethodPut, "/_emulator/ehpc/quota", p.adminSetQuota, core.Mutating())
	// POST {"message": "…"} makes the next CreateCluster end in "exception" instead of "running".
	r.Admin(http.MethodPost, "/_emulator/ehpc/next-create-fails", p.adminNextCreateFails, core.Mutating())
	// DELETE removes a cluster at once, as if someone deleted it outside Terraform (out-of-band tests).
	r.Admin(http.MethodDelete, "/_emulator/ehpc/clusters/{cluster_id}", p.adminDeleteCluster, core.Mutating())
}

// liveCluster returns a cluster that exists now (not gone), or ClusterNotFound.
func (p *Product) liveCluster(req *core.Request, id string) (*Cluster, error) {
	c, ok := p.state.Clusters[id]
	if !ok {
		return nil, errClusterNotFound(id)
	}
	if c.StatusAt(req.Env) == StatusGone {
		// Forgotten once seen gone; a restored state without this deletion derives "gone" again.
		delete(p.state.Clusters, id)
		return nil, errClusterNotFound(id)
	}
	return c, nil
}

// newRunningCluster builds a cluster that is running at once, with the service's defaults, for admin routes
// that set up clusters without going through CreateCluster (nodes.go). The caller stores it.
func newRunningCluster(req *core.Request, name, imageID string, maxCount int, queues []string) *Cluster {
	c := &Cluster{
		ID:    fmt.Sprintf("ehpc-%s-%s", req.Env.RegionAbbrev(), req.Env.RandomMixed(10)),
		Nodes: map[string]*Node{}, Name: name, Status: StatusRunning, CreatedAt: req.Now, ModifiedAt: req.Now,
		ImageID: imageID, MaxCount: maxCount, MaxCoreCount: defaultMaxCoreCount,
		Category: "Standard", Mode: "Integrated", ClientVersion: defaultClientVersion, EhpcVersion: defaultEhpcVersion,
		VpcID: "vpc-" + req.Env.RandomAlnum(20), VSwitchID: "vsw-" + req.Env.RandomAlnum(20),
		SecurityGroupID: "sg-" + req.Env.RandomAlnum(20), ResourceGroupID: "rg-acfm" + req.Env.RandomAlnum(11),
		Manager: &ManagerSpec{ManagerNode: &NodeTemplate{ImageID: imageID}},
	}
	_ = completeManager(c.Manager)
	for _, q := range queues {
		c.Queues = append(c.Queues, QueueTemplate{QueueName: q})
	}
	return c
}

func (p *Product) liveClusterCount(env *core.Env) int {
	n := 0
	for _, c := range p.state.Clusters {
		if c.StatusAt(env) != StatusGone {
			n++
		}
	}
	return n
}

func (p *Product) createCluster(req *core.Request) (*core.Response, error) {
	c, err := p.decodeCreate(req)
	if err != nil {
		return nil, err
	}
	limit := DefaultMaxClusters
	if q := p.state.ClusterSettings.MaxClusters; q != nil {
		limit = *q
	}
	if p.liveClusterCount(req.Env) >= limit {
		return nil, core.Errorf(http.StatusForbidden, "TooManyClusters", "The number of user clusters exceeds the quota.")
	}
	c.ID = fmt.Sprintf("ehpc-%s-%s", req.Env.RegionAbbrev(), req.Env.RandomMixed(10))
	c.Nodes = map[string]*Node{}
	c.Status = StatusCreating
	c.CreatedAt = req.Now
	c.ModifiedAt = req.Now
	c.initDay2(req.Env)
	if msg := p.state.ClusterSettings.NextCreateFailure; msg != "" {
		c.FailMessage = msg
		p.state.ClusterSettings.NextCreateFailure = ""
	}
	if p.state.Clusters == nil {
		p.state.Clusters = map[string]*Cluster{}
	}
	p.state.Clusters[c.ID] = c
	return core.OK(map[string]any{
		"RequestId": req.RequestID, "Success": true, "ClusterId": c.ID, "TaskId": req.Env.UUID(),
	}), nil
}

// decodeCreate turns CreateCluster's parameters into a cluster, applying the documented constraints with the
// service's error (InvalidParams naming the parameter) and the service's defaults.
func (p *Product) decodeCreate(req *core.Request) (*Cluster, error) {
	c := &Cluster{
		Category: "Standard", Mode: "Integrated", ClientVersion: defaultClientVersion, EhpcVersion: defaultEhpcVersion,
		MaxCount: defaultMaxCount, MaxCoreCount: defaultMaxCoreCount,
	}
	var err error
	if c.Name, err = nameParam(req, "ClusterName"); err != nil {
		return nil, err
	}
	if c.Name == "" {
		c.Name = "ehpc-cluster-" + req.Env.RandomAlnum(6)
	}
	if c.Description, err = nameParam(req, "ClusterDescription"); err != nil {
		return nil, err
	}
	if v := req.Param("ClusterCategory"); v != "" {
		if !slices.Contains([]string{"Standard", "Serverless"}, v) {
			return nil, errInvalidParams("ClusterCategory")
		}
		c.Category = v
	}
	if v := req.Param("ClusterMode"); v != "" {
		if !slices.Contains([]string{"Integrated", "Hybrid", "Custom"}, v) {
			return nil, errInvalidParams("ClusterMode")
		}
		c.Mode = v
	}
	c.VpcID, c.VSwitchID = req.Param("ClusterVpcId"), req.Param("ClusterVSwitchId")
	if c.VpcID == "" {
		c.VpcID = "vpc-" + req.Env.RandomAlnum(20)
	}
	if c.VSwitchID == "" {
		c.VSwitchID = "vsw-" + req.Env.RandomAlnum(20)
	}
	if c.IsEnterpriseSecurityGroup, _, err = boolParam(req, "IsEnterpriseSecurityGroup"); err != nil {
		return nil, err
	}
	c.SecurityGroupID = req.Param("SecurityGroupId")
	if c.SecurityGroupID == "" {
		c.SecurityGroupID = "sg-" + req.Env.RandomAlnum(20)
	}
	c.ResourceGroupID = req.Param("ResourceGroupId")
	if c.ResourceGroupID == "" {
		c.ResourceGroupID = "rg-acfm" + req.Env.RandomAlnum(11)
	}
	if v := req.Param("ClientVersion"); v != "" {
		c.ClientVersion = v
	}
	if err := p.applyCommonUpdates(req, c); err != nil {
		return nil, err
	}

	var creds Credentials
	if _, err := jsonParam(req, "ClusterCredentials", &creds); err != nil {
		return nil, err
	}
	switch {
	case creds.Password != "" && creds.KeyPairName != "":
		return nil, errInvalidParams("ClusterCredentials")
	case creds.Password != "":
		if !validPassword(creds.Password) {
			return nil, errInvalidParams("ClusterCredentials.Password")
		}
		c.CredentialType = "password"
	case creds.KeyPairName != "":
		if !validKeyPairName(creds.KeyPairName) {
			return nil, errInvalidParams("ClusterCredentials.KeyPairName")
		}
		c.CredentialType, c.KeyPairName = "keypair", creds.KeyPairName
	}

	if _, err := jsonParam(req, "Tags", &c.Tags); err != nil {
		return nil, err
	}
	if len(c.Tags) > 20 {
		return nil, errInvalidParams("Tags")
	}
	for i, t := range c.Tags {
		if !validTagKey(t.Key) {
			return nil, errInvalidParams(fmt.Sprintf("Tags.%d.key", i))
		}
		if utf8.RuneCountInString(t.Value) > 128 || strings.Contains(t.Value, "http://") || strings.Contains(t.Value, "https://") {
			return nil, errInvalidParams(fmt.Sprintf("Tags.%d.value", i))
		}
	}

	c.Manager = &ManagerSpec{}
	if _, err := jsonParam(req, "Manager", c.Manager); err != nil {
		return nil, err
	}
	if err := completeManager(c.Manager); err != nil {
		return nil, err
	}
	c.ImageID = c.Manager.ManagerNode.ImageID

	if _, err := jsonParam(req, "Queues", &c.Queues); err != nil {
		return nil, err
	}
	if len(c.Queues) > 8 {
		return nil, errInvalidParams("Queues")
	}
	for i := range c.Queues {
		if err := validateQueue(fmt.Sprintf("Queues.%d", i), &c.Queues[i]); err != nil {
			return nil, err
		}
	}

	if _, err := jsonParam(req, "SharedStorages", &c.SharedStorages); err != nil {
		return nil, err
	}
	for i, s := range c.SharedStorages {
		if s.ProtocolType != "" && !slices.Contains([]string{"NFS", "SMB"}, s.ProtocolType) {
			return nil, errInvalidParams(fmt.Sprintf("SharedStorages.%d.ProtocolType", i))
		}
	}

	if _, err := jsonParam(req, "AdditionalPackages", &c.AdditionalPackages); err != nil {
		return nil, err
	}
	if len(c.AdditionalPackages) > 10 {
		return nil, errInvalidParams("AdditionalPackages")
	}

	if _, err := jsonParam(req, "Addons", &c.Addons); err != nil {
		return nil, err
	}
	if len(c.Addons) > 1 {
		return nil, errInvalidParams("Addons")
	}
	for i, a := range c.Addons {
		prefix := fmt.Sprintf("Addons.%d", i)
		switch {
		case a.Name == "":
			return nil, errMissingParams(prefix + ".Name")
		case a.Version == "":
			return nil, errMissingParams(prefix + ".Version")
		case a.ServicesSpec != "" && !json.Valid([]byte(a.ServicesSpec)):
			return nil, errInvalidParams(prefix + ".ServicesSpec")
		case a.ResourcesSpec != "" && !json.Valid([]byte(a.ResourcesSpec)):
			return nil, errInvalidParams(prefix + ".ResourcesSpec")
		}
	}
	return c, nil
}

// applyCommonUpdates reads the parameters CreateCluster and UpdateCluster share. CreateCluster accepts
// GrowInterval/IdleInterval on the wire; the official provider reports that it ignores them (see README.md, "API 2024-07-30: CreateCluster parameters"),
// which the emulator reproduces by reading them only in UpdateCluster.
func (p *Product) applyCommonUpdates(req *core.Request, c *Cluster) error {
	if v, ok, err := intParam(req, "MaxCount"); err != nil {
		return err
	} else if ok {
		if v < 0 || v > 5000 {
			return errInvalidParams("MaxCount")
		}
		c.MaxCount = v
	}
	if v, ok, err := intParam(req, "MaxCoreCount"); err != nil {
		return err
	} else if ok {
		if v < 0 || v > 100000 {
			return errInvalidParams("MaxCoreCount")
		}
		c.MaxCoreCount = v
	}
	if v, ok, err := boolParam(req, "DeletionProtection"); err != nil {
		return err
	} else if ok {
		c.DeletionProtection = v
	}
	var cc CustomConfiguration
	if ok, err := jsonParam(req, "ClusterCustomConfiguration", &cc); err != nil {
		return err
	} else if ok {
		if cc.Script == "" && cc.Args == "" {
			c.CustomConfiguration = nil
		} else {
			c.CustomConfiguration = &cc
		}
	}
	return nil
}

func (p *Product) getCluster(req *core.Request) (*core.Response, error) {
	id, err := requiredParam(req, "ClusterId")
	if err != nil {
		return nil, err
	}
	c, err := p.liveCluster(req, id)
	if err != nil {
		return nil, err
	}
	status := c.StatusAt(req.Env)
	body := map[string]any{
		"RequestId":                  req.RequestID,
		"ClusterId":                  c.ID,
		"ClusterName":                c.Name,
		"ClusterCategory":            c.Category,
		"ClusterMode":                c.Mode,
		"ClusterStatus":              status,
		"ClusterCreateTime":          isoTime(c.CreatedAt),
		"ClusterModifyTime":          isoTime(c.ModifiedAt),
		"ClusterVpcId":               c.VpcID,
		"ClusterVSwitchId":           c.VSwitchID,
		"SecurityGroupId":            c.SecurityGroupID,
		"ResourceGroupId":            c.ResourceGroupID,
		"ClientVersion":              c.ClientVersion,
		"EhpcVersion":                c.EhpcVersion,
		"DeleteProtection":           strconv.FormatBool(c.DeletionProtection),
		"MaxCount":                   strconv.Itoa(c.MaxCount),
		"MaxCoreCount":               strconv.Itoa(c.MaxCoreCount),
		"EnableScaleIn":              c.EnableScaleIn,
		"EnableScaleOut":             c.EnableScaleOut,
		"GrowInterval":               c.GrowInterval,
		"IdleInterval":               c.IdleInterval,
		"ClusterCustomConfiguration": customConfigurationBody(c.CustomConfiguration),
		"MonitorSpec":                map[string]any{"EnableComputeLoadMonitor": false},
		"SchedulerSpec":              map[string]any{"EnablePowerSaving": false, "EnableTopologyAwareness": false},
		"Manager":                    managerBody(c, status),
	}
	return core.OK(body), nil
}

func (p *Product) listClusters(req *core.Request) (*core.Response, error) {
	var ids, names []string
	if _, err := jsonParam(req, "ClusterIds", &ids); err != nil {
		return nil, err
	}
	if len(ids) > 20 {
		return nil, errInvalidParams("ClusterIds")
	}
	if _, err := jsonParam(req, "ClusterNames", &names); err != nil {
		return nil, err
	}
	if len(names) > 20 {
		return nil, errInvalidParams("ClusterNames")
	}
	page, size, err := pageParams(req, 1, 10, 10, 100)
	if err != nil {
		return nil, err
	}

	var matched []*Cluster
	for _, c := range p.state.Clusters {
		if c.StatusAt(req.Env) == StatusGone {
			continue
		}
		if len(ids) > 0 && !slices.Contains(ids, c.ID) {
			continue
		}
		if len(names) > 0 && !slices.Contains(names, c.Name) {
			continue
		}
		matched = append(matched, c)
	}
	sort.Slice(matched, func(i, j int) bool {
		if !matched[i].CreatedAt.Equal(matched[j].CreatedAt) {
			return matched[i].CreatedAt.After(matched[j].CreatedAt)
		}
		return matched[i].ID < matched[j].ID
	})
	items := []map[string]any{}
	for _, c := range core.Page(matched, page, size) {
		items = append(items, listItem(c, req.Env))
	}
	return core.OK(map[string]any{
		"RequestId": req.RequestID, "Clusters": items, "TotalCount": len(matched),
		"PageNumber": strconv.Itoa(page), "PageSize": size,
		"EhpcVersionStatistics": map[string]any{"V1Count": 0, "V2Count": len(matched)},
	}), nil
}

// listItem is a ListClusters item, exactly the fields of the SDK's ListClustersResponseBodyClusters:
// ClusterCredentials is a list of credential kinds, Manager has only the components' Type and Version (no
// ManagerNode, no Status), Nodes only the per-state counts (see README.md, "API 2024-07-30: ListClusters").
func listItem(c *Cluster, env *core.Env) map[string]any {
	status := c.StatusAt(env)
	now := env.Now()
	c.settleDay2(env)
	packages := []map[string]any{}
	for _, s := range c.Softwares {
		packages = append(packages, map[string]any{"Name": s.Name, "Version": s.Version})
	}
	addons := []map[string]any{}
	for _, a := range c.InstalledAddons {
		addons = append(addons, listClustersAddon(a, now))
	}
	credentials := []string{}
	if c.CredentialType != "" {
		credentials = append(credentials, c.CredentialType)
	}
	var running, creating, abnormal int
	for _, n := range c.Nodes {
		switch n.Status {
		case NodeRunning:
			running++
		case NodeException:
			abnormal++
		case NodeIniting:
			creating++
		}
	}
	item := map[string]any{
		"ClusterId":                  c.ID,
		"ClusterName":                c.Name,
		"ClusterDescription":         c.Description,
		"ClusterStatus":              status,
		"ClusterCategory":            c.Category,
		"ClusterMode":                c.Mode,
		"ClusterCreateTime":          isoTime(c.CreatedAt),
		"ClusterModifyTime":          isoTime(c.ModifiedAt),
		"ClusterCredentials":         credentials,
		"ClusterCustomConfiguration": customConfigurationBody(c.CustomConfiguration),
		"ClusterUsedCoreTime":        0.0,
		"ClusterVpcId":               c.VpcID,
		"ClusterVSwitchId":           c.VSwitchID,
		"DeletionProtection":         c.DeletionProtection,
		"EhpcVersion":                c.EhpcVersion,
		"MaxCount":                   int64(c.MaxCount),
		"MaxCoreCount":               int64(c.MaxCoreCount),
		"Nodes":                      map[string]any{"RunningCounts": running, "CreatingCounts": creating, "AbnormalCounts": abnormal},
		"Users":                      map[string]any{"NormalCounts": 0, "SudoCounts": 0},
		"ResourceGroupId":            c.ResourceGroupID,
		"SecurityGroupId":            c.SecurityGroupID,
		"AdditionalPackages":         packages,
		"Addons":                     addons,
	}
	if m := c.Manager; m != nil {
		component := func(s *ServiceSpec, lower bool) map[string]any {
			if s == nil {
				return nil
			}
			t := s.Type
			if lower {
				t = strings.ToLower(t)
			}
			return map[string]any{"Type": t, "Version": s.Version}
		}
		item["Manager"] = map[string]any{
			"Scheduler":        component(m.Scheduler, false),
			"DirectoryService": component(m.DirectoryService, true),
			"DNS":              component(m.DNS, true),
		}
	}
	return item
}

func (p *Product) updateCluster(req *core.Request) (*core.Response, error) {
	id, err := requiredParam(req, "ClusterId")
	if err != nil {
		return nil, err
	}
	c, err := p.liveCluster(req, id)
	if err != nil {
		return nil, err
	}
	c.settle(req.Env)
	if c.Status != StatusRunning {
		return nil, errConflictOpt()
	}
	// Validate everything before changing anything: a rejected update leaves the cluster as it was.
	next := *c
	if req.HasParam("ClusterName") {
		v, err := nameParam(req, "ClusterName")
		if err != nil {
			return nil, err
		}
		if v != "" {
			next.Name = v
		}
	}
	if req.HasParam("ClusterDescription") {
		if next.Description, err = nameParam(req, "ClusterDescription"); err != nil {
			return nil, err
		}
	}
	if v := req.Param("ClientVersion"); v != "" {
		next.ClientVersion = v
	}
	if err := p.applyCommonUpdates(req, &next); err != nil {
		return nil, err
	}
	for name, dst := range map[string]*int{"GrowInterval": &next.GrowInterval, "IdleInterval": &next.IdleInterval} {
		if v, ok, err := intParam(req, name); err != nil {
			return nil, err
		} else if ok {
			if v < 0 {
				return nil, errInvalidParams(name)
			}
			*dst = v
		}
	}
	for name, dst := range map[string]*bool{"EnableScaleIn": &next.EnableScaleIn, "EnableScaleOut": &next.EnableScaleOut} {
		if v, ok, err := boolParam(req, name); err != nil {
			return nil, err
		} else if ok {
			*dst = v
		}
	}
	for _, name := range []string{"MonitorSpec", "SchedulerSpec"} {
		var ignored map[string]any
		if _, err := jsonParam(req, name, &ignored); err != nil {
			return nil, err
		}
	}
	next.ModifiedAt = req.Now
	*c = next
	return core.OK(map[string]any{"RequestId": req.RequestID, "Success": true}), nil
}

func (p *Product) deleteCluster(req *core.Request) (*core.Response, error) {
	id, err := requiredParam(req, "ClusterId")
	if err != nil {
		return nil, err
	}
	c, err := p.liveCluster(req, id)
	if err != nil {
		return nil, err
	}
	switch status := c.StatusAt(req.Env); status {
	case StatusReleasing:
		// Already being released: accepted again, as the service does for repeated deletes.
	case StatusCreating, StatusIniting:
		return nil, errInvalidClusterStatus(status)
	default:
		if c.DeletionProtection {
			// Not documented: the service's table has no code for deletion protection; Cluster.NotSupported
			// ("Current cluster does not support this operation.") is the documented code that fits.
			return nil, core.Errorf(http.StatusBadRequest, "Cluster.NotSupported",
				"Current cluster does not support this operation: deletion protection is enabled. Disable it with UpdateCluster (DeletionProtection=false) first.")
		}
		c.Status = StatusReleasing
		c.ReleasingSince = req.Now
		c.ModifiedAt = req.Now
	}
	return core.OK(map[string]any{"RequestId": req.RequestID, "Success": true, "TaskId": req.Env.UUID()}), nil
}

// managerBody renders Manager as GetCluster and ListClusters do: component types of the directory and DNS
// services in lower case (documented as NIS, returned as nis), component statuses following the cluster's.
func managerBody(c *Cluster, status string) map[string]any {
	m := c.Manager
	if m == nil {
		return nil
	}
	component := func(s *ServiceSpec, lower bool) map[string]any {
		if s == nil {
			return nil
		}
		t := s.Type
		if lower {
			t = strings.ToLower(t)
		}
		st := status
		if status == StatusCreating {
			st = "uninit"
		}
		return map[string]any{"Type": t, "Version": s.Version, "Status": st}
	}
	body := map[string]any{
		"Scheduler":        component(m.Scheduler, false),
		"DirectoryService": component(m.DirectoryService, true),
		"DNS":              component(m.DNS, true),
	}
	if n := m.ManagerNode; n != nil {
		node := map[string]any{
			"InstanceId":         "i-mgr" + strings.ToLower(c.ID[max(0, len(c.ID)-10):]),
			"InstanceType":       n.InstanceType,
			"InstanceChargeType": n.InstanceChargeType,
			"ImageId":            n.ImageID,
			"EnableHt":           deref(n.EnableHT),
			"AutoRenew":          deref(n.AutoRenew),
			"AutoRenewPeriod":    int64(deref(n.AutoRenewPeriod)),
			"Duration":           int64(deref(n.Duration)),
			"Period":             int64(deref(n.Period)),
			"PeriodUnit":         n.PeriodUnit,
			"SpotPriceLimit":     deref(n.SpotPriceLimit),
			"SpotStrategy":       n.SpotStrategy,
		}
		if n.InstanceChargeType == "PrePaid" {
			months := deref(n.Period)
			if n.PeriodUnit == "Week" {
				months = 1
			}
			node["ExpiredTime"] = isoTime(c.CreatedAt.AddDate(0, months, 0))
		}
		if d := n.SystemDisk; d != nil {
			node["SystemDisk"] = map[string]any{"Category": d.Category, "Level": d.Level, "Size": int64(deref(d.Size))}
		}
		body["ManagerNode"] = node
	}
	return body
}

func customConfigurationBody(cc *CustomConfiguration) map[string]any {
	if cc == nil {
		return map[string]any{"Script": "", "Args": ""}
	}
	return map[string]any{"Script": cc.Script, "Args": cc.Args}
}

// Period ranges by unit (see README.md, "API 2024-07-30: CreateCluster parameters").
var (
	periodsByUnit          = map[string][]int{"Week": {1, 2, 3, 4}, "Month": {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60}}
	autoRenewPeriodsByUnit = map[string][]int{"Week": {1, 2, 3}, "Month": {1, 2, 3, 6, 12, 24, 36, 48, 60}}
)

func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
