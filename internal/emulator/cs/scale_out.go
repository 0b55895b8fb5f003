package cs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
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

var validPeriods = []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 12}

func invalid(format string, args ...any) error {
	return core.Errorf(http.StatusBadRequest, "InvalidParameter", format, args...)
}

// validate applies the rules of document 004; messages name the field.
func (b *scaleOutBody) validate() error {
	switch {
	case b.Count == nil:
		return invalid("count is required.")
	case b.WorkerInstanceType == nil || strings.TrimSpace(*b.WorkerInstanceType) == "":
		return invalid("worker_instance_type is required.")
	case b.ENSRegionID == nil || strings.TrimSpace(*b.ENSRegionID) == "":
		return invalid("ens_region_id is required.")
	case b.WorkerImageID == nil || strings.TrimSpace(*b.WorkerImageID) == "":
		return invalid("worker_image_id is required.")
	case b.ENSInternetChargeType == nil:
		return invalid("ens_internet_charge_type is required.")
	case b.WorkerPeriod == nil:
		return invalid("worker_period is required.")
	case b.LoginPassword == nil || *b.LoginPassword == "":
		return invalid("login_password is required.")
	case b.WorkerSystemDiskSize == nil:
		return invalid("worker_system_disk_size is required.")
	case b.IsEdgeWorker == nil:
		return invalid("is_edge_worker is required.")
	}
	if *b.Count < 1 || *b.Count > MaxScaleOutCount {
		return invalid("count must be between 1 and %d, got %d.", MaxScaleOutCount, *b.Count)
	}
	if c := *b.ENSInternetChargeType; c != "BandwidthByDay" && c != "95BandwidthByMonth" {
		return invalid("ens_internet_charge_type must be BandwidthByDay or 95BandwidthByMonth, got %q.", c)
	}
	if !slices.Contains(validPeriods, *b.WorkerPeriod) {
		return invalid("worker_period must be one of 1-9 or 12 (months), got %d.", *b.WorkerPeriod)
	}
	autoRenew := b.WorkerAutoRenew != nil && *b.WorkerAutoRenew
	switch {
	case autoRenew && b.WorkerAutoRenewPeriod == nil:
		return invalid("worker_auto_renew_period is required when worker_auto_renew is true.")
	case b.WorkerAutoRenewPeriod != nil && (*b.WorkerAutoRenewPeriod < 1 || *b.WorkerAutoRenewPeriod > 12):
		return invalid("worker_auto_renew_period must be between 1 and 12, got %d.", *b.WorkerAutoRenewPeriod)
	}
	if s := *b.WorkerSystemDiskSize; s < 20 || s > 100 || s%10 != 0 {
		return invalid("worker_system_disk_size must be a multiple of 10 from 20 to 100 (GiB), got %d.", s)
	}
	if b.WorkerDataDiskSize != nil {
		if s := *b.WorkerDataDiskSize; s != 0 && (s < 20 || s > 200 || s%10 != 0) {
			return invalid("worker_data_disk_size must be 0 or a multiple of 10 from 20 to 200 (GiB), got %d.", s)
		}
	}
	if !*b.IsEdgeWorker {
		return invalid("is_edge_worker must be true: only ENS edge workers can be added to a managed edge cluster.")
	}
	if msg := checkPassword(*b.LoginPassword); msg != "" {
		return invalid("login_password %s.", msg)
	}
	if b.TimeoutMins != nil && *b.TimeoutMins < 1 {
		return invalid("timeout_mins must be at least 1, got %d.", *b.TimeoutMins)
	}
	return nil
}

// checkPassword returns what is wrong with a password, or "". It never repeats the password.
func checkPassword(pw string) string {
	n := len([]rune(pw))
	if n < PasswordMinLength || n > PasswordMaxLength {
		return fmt.Sprintf("must be %d to %d characters long (got %d)", PasswordMinLength, PasswordMaxLength, n)
	}
	var upper, lower, digit, special bool
	for _, r := range pw {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(PasswordSpecials, r):
			special = true
		default:
			return "contains a character that is not a letter, a digit or one of " + PasswordSpecials
		}
	}
	classes := 0
	for _, ok := range []bool{upper, lower, digit, special} {
		if ok {
			classes++
		}
	}
	if classes < 3 {
		return "must contain at least three of: upper-case letters, lower-case letters, digits, special characters"
	}
	return ""
}

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
