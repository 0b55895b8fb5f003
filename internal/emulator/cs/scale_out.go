package cs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// scaleOutBody is the edge ScaleOutCluster body (document 004). Pointers tell "absent" from zero.
type scaleOutBody struct {
	Count                 *int64  `json:"count"`
	WorkerInstanceType    *string `json:"worker_instance_type"`
	ENSRegionID           *string `json:"ens_region_id"`
	WorkerImageID         *string `json:"worker_image_id"`
	ENSInternetChargeType *string `json:"ens_internet_charge_type"`
	WorkerPeriod          *int64  `json:"worker_period"`
	WorkerAutoRenew       *bool   `json:"worker_auto_renew"`
	WorkerAutoRenewPeriod *int64  `json:"worker_auto_renew_period"`
	LoginPassword         *string `json:"login_password"`
	WorkerSystemDiskSize  *int64  `json:"worker_system_disk_size"`
	WorkerDataDiskSize    *int64  `json:"worker_data_disk_size"`
	IsEdgeWorker          *bool   `json:"is_edge_worker"`
	TimeoutMins           *int64  `json:"timeout_mins"`
}

// Password rule of ACK node logon passwords: 8 to 30 characters with at least three of upper-case letters,
// lower-case letters, digits and special characters. The special set is ECS's (the documents of ENS and of
// this API do not list one): emulator choice, mirrored by the provider's plan-time validator.
const (
	PasswordMinLength = 8
	PasswordMaxLength = 30
	PasswordSpecials  = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/"
)

// MaxScaleOutCount bounds one scale-out (emulator choice, to keep the emulator's memory bounded; the
// documents give no limit).
const MaxScaleOutCount = 500

// scaleOutCluster: POST /api/v2/clusters/{cluster_id} → 202 {cluster_id, request_id, task_id}. The
// instances are bought at once and join as nodes in state "initial"; the task ends after the latency.
func (p *Product) scaleOutCluster(req *core.Request) (*core.Response, error) {
	c, err := p.cluster(req.PathParams["cluster_id"], req.Now)
	if err != nil {
		return nil, err
	}
	if c.Profile != ProfileEdge || c.ClusterType != TypeManagedKubernetes {
		return nil, core.Errorf(http.StatusBadRequest, "ErrorClusterNotSupported",
			"Cluster %s is a %s cluster with profile %s: ScaleOutCluster with ENS workers supports managed edge clusters (ManagedKubernetes, profile Edge) only.",
			c.ID, c.ClusterType, c.Profile)
	}
	if st := clusterState(c, req.Now); st != StateRunning && st != StateScaling {
		return nil, core.Errorf(http.StatusBadRequest, "ErrorClusterState",
			"Cluster %s is in state %s; nodes can be added only while it is running.", c.ID, st)
	}
	var b scaleOutBody
	dec := json.NewDecoder(bytes.NewReader(req.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, invalid("The request body is not a valid ScaleOutCluster body: %v.", err)
	}
	if err := b.validate(); err != nil {
		return nil, err
	}

	now := req.Now
	t := &Task{
		ID: "T-" + req.Env.RandomHex(24), ClusterID: c.ID, Type: taskScaleOut,
		Created: now, DoneAt: req.Env.Phase(now, 1), Params: b.params(),
	}
	if c.FailNext != nil {
		t.Error, c.FailNext = c.FailNext, nil
	}
	for i := int64(0); i < *b.Count; i++ {
		inst := p.buy(req.Env, c, t, &b)
		c.NextIP++
		ip := fmt.Sprintf("192.168.%d.%d", c.NextIP/250, c.NextIP%250+2)
		c.Nodes[inst.ID] = &Node{
			InstanceID: inst.ID, NodeName: *b.ENSRegionID + "." + ip, IP: ip, TaskID: t.ID,
			Created: now.Add(time.Duration(i)), ReadyAt: t.DoneAt, Failed: t.Error != nil,
		}
		t.Instances = append(t.Instances, inst.ID)
	}
	p.state.Tasks[t.ID] = t
	c.TaskIDs = append(c.TaskIDs, t.ID)
	if t.DoneAt.After(c.BusyUntil) {
		c.BusyUntil = t.DoneAt
	}
	c.Updated = now
	return core.WithStatus(http.StatusAccepted, map[string]string{
		"cluster_id": c.ID, "request_id": req.RequestID, "task_id": t.ID,
	}), nil
}

func (p *Product) buy(env *core.Env, c *Cluster, t *Task, b *scaleOutBody) *Instance {
	inst := &Instance{
		ID: "i-" + env.RandomAlnum(20), ClusterID: c.ID, TaskID: t.ID, ENSRegionID: *b.ENSRegionID,
		InstanceType: *b.WorkerInstanceType, ImageID: *b.WorkerImageID, ChargeType: chargePrePaid,
		PeriodMonths: *b.WorkerPeriod, AutoRenew: b.WorkerAutoRenew != nil && *b.WorkerAutoRenew,
		Created: t.Created, Expires: t.Created.AddDate(0, int(*b.WorkerPeriod), 0), Status: instRunning, InCluster: true,
		SystemDiskSize: *b.WorkerSystemDiskSize, InternetCharge: *b.ENSInternetChargeType,
	}
	if b.WorkerDataDiskSize != nil {
		inst.DataDiskSize = *b.WorkerDataDiskSize
	}
	if b.WorkerAutoRenewPeriod != nil {
		inst.AutoRenewPeriod = *b.WorkerAutoRenewPeriod
	}
	p.state.Instances[inst.ID] = inst
	return inst
}

// params is what DescribeTaskInfo shows as the task's parameters: the request without the password.
func (b *scaleOutBody) params() map[string]any {
	m := map[string]any{
		"count": *b.Count, "worker_instance_type": *b.WorkerInstanceType, "ens_region_id": *b.ENSRegionID,
		"worker_image_id": *b.WorkerImageID, "ens_internet_charge_type": *b.ENSInternetChargeType,
		"worker_period": *b.WorkerPeriod, "worker_system_disk_size": *b.WorkerSystemDiskSize,
		"is_edge_worker": *b.IsEdgeWorker,
	}
	if b.WorkerAutoRenew != nil {
		m["worker_auto_renew"] = *b.WorkerAutoRenew
	}
	if b.WorkerAutoRenewPeriod != nil {
		m["worker_auto_renew_period"] = *b.WorkerAutoRenewPeriod
	}
	if b.WorkerDataDiskSize != nil {
		m["worker_data_disk_size"] = *b.WorkerDataDiskSize
	}
	if b.TimeoutMins != nil {
		m["timeout_mins"] = *b.TimeoutMins
	}
	return m
}
