package ehpc

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// State is everything E-HPC keeps; it is persisted as JSON.
type State struct {
	// Clusters by id (cluster.go owns their lifecycle; nodes.go adds and removes their Nodes).
	Clusters map[string]*Cluster `json:"clusters"`
	// Instances is the ECS inventory by instance id (nodes.go).
	Instances map[string]*Instance `json:"instances"`
	// Tasks are 2018-04-12 asynchronous tasks by task id (nodes.go).
	Tasks map[string]*Task `json:"tasks"`
	// ClusterSettings are the cluster API's admin knobs: quota, next create failure (cluster.go).
	ClusterSettings ClusterSettings `json:"cluster_settings"`
}

// Cluster is an E-HPC cluster created by the 2024-07-30 API (or directly in the store by an admin route).
//
// Contract with nodes.go, which reads clusters and creates running ones through its own admin route: ID, Nodes,
// Name, Status, CreatedAt, ImageID, MaxCount, QueueNames() and StatusAt(env) keep these names and meanings.
type Cluster struct {
	ID string `json:"id"`
	// Nodes are the compute nodes added with the 2018 AddExistedNodes API, by instance id (nodes.go).
	Nodes map[string]*Node `json:"nodes"`

	Name string `json:"name"`
	// Status is the stored status. While it is transitional (creating, initing, releasing) the status an API
	// reports is derived from the timestamps by StatusAt; "running" is final until something changes it.
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	// ImageID is the manager node's image; nodes.go checks the OS family of added nodes against it.
	ImageID string `json:"image_id"`
	// MaxCount is the node quota of the cluster (CreateCluster/UpdateCluster MaxCount).
	MaxCount int `json:"max_count"`

	Description               string    `json:"description,omitempty"`
	Category                  string    `json:"category"`
	Mode                      string    `json:"mode"`
	VpcID                     string    `json:"vpc_id"`
	VSwitchID                 string    `json:"vswitch_id"`
	SecurityGroupID           string    `json:"security_group_id"`
	IsEnterpriseSecurityGroup bool      `json:"is_enterprise_security_group,omitempty"`
	ResourceGroupID           string    `json:"resource_group_id"`
	ClientVersion             string    `json:"client_version"`
	EhpcVersion               string    `json:"ehpc_version"`
	MaxCoreCount              int       `json:"max_core_count"`
	DeletionProtection        bool      `json:"deletion_protection,omitempty"`
	GrowInterval              int       `json:"grow_interval,omitempty"`
	IdleInterval              int       `json:"idle_interval,omitempty"`
	EnableScaleIn             bool      `json:"enable_scale_in,omitempty"`
	EnableScaleOut            bool      `json:"enable_scale_out,omitempty"`
	ModifiedAt                time.Time `json:"modified_at"`
	// ReleasingSince is when DeleteCluster was accepted; the cluster is gone one latency later.
	ReleasingSince time.Time `json:"releasing_since,omitzero"`
	// FailMessage marks a cluster whose creation ends in "exception" (set by the next-create-fails admin route).
	FailMessage string `json:"fail_message,omitempty"`
	// CredentialType is what ListClusters reports: "password" or "keypair". The secret itself is not kept.
	CredentialType string `json:"credential_type,omitempty"`
	KeyPairName    string `json:"key_pair_name,omitempty"`

	CustomConfiguration *CustomConfiguration `json:"custom_configuration,omitempty"`
	Manager             *ManagerSpec         `json:"manager,omitempty"`
	Queues              []QueueTemplate      `json:"queues,omitempty"`
	SharedStorages      []SharedStorage      `json:"shared_storages,omitempty"`
	AdditionalPackages  []Package            `json:"additional_packages,omitempty"`
	Addons              []Addon              `json:"addons,omitempty"`
	Tags                []Tag                `json:"tags,omitempty"`

	// Day-2 state of the 2024 API (day2.go). Queues above are the templates the API shows; QueueChanges are
	// accepted creates and updates not shown yet. SharedStorages, AdditionalPackages and Addons above are
	// what CreateCluster was given; Mounts, Softwares and InstalledAddons are what the cluster has now.
	QueueChanges    []QueueChange         `json:"queue_changes,omitempty"`
	QueueTimes      map[string]QueueTimes `json:"queue_times,omitempty"`
	Mounts          []Mount               `json:"mounts,omitempty"`
	Softwares       []Software            `json:"softwares,omitempty"`
	InstalledAddons []InstalledAddon      `json:"installed_addons,omitempty"`
}

// QueueNames lists the names of the cluster's queues in creation order, including those whose CreateQueue
// is accepted but not shown yet.
func (c *Cluster) QueueNames() []string {
	names := make([]string, 0, len(c.Queues))
	for _, q := range c.Queues {
		names = append(names, q.QueueName)
	}
	for _, ch := range c.QueueChanges {
		if ch.Create {
			names = append(names, ch.Template.QueueName)
		}
	}
	return names
}

// StatusAt is the status an API reports now. Transitions are derived from timestamps only while the stored
// status is transitional: creating → initing (second half of the latency) → running, or → exception when the
// cluster carries a FailMessage; releasing → gone one latency after the release began. Any other stored
// status (running, exception, …) is reported as stored.
func (c *Cluster) StatusAt(env *core.Env) string {
	now := env.Now()
	switch c.Status {
	case StatusCreating, StatusIniting:
		switch {
		case now.Before(env.Phase(c.CreatedAt, 0.5)):
			return StatusCreating
		case now.Before(env.Phase(c.CreatedAt, 1)):
			return StatusIniting
		case c.FailMessage != "":
			return StatusException
		}
		return StatusRunning
	case StatusReleasing:
		if now.Before(env.Phase(c.ReleasingSince, 1)) {
			return StatusReleasing
		}
		return StatusGone
	}
	return c.Status
}

// ClusterSettings are the emulator's knobs for the cluster API, kept in the persisted state.
type ClusterSettings struct {
	// MaxClusters is the account's cluster quota (nil means DefaultMaxClusters).
	MaxClusters *int `json:"max_clusters,omitempty"`
	// NextCreateFailure, when set, makes the next CreateCluster end in "exception" with this message.
	NextCreateFailure string `json:"next_create_failure,omitempty"`
}

// CustomConfiguration is ClusterCustomConfiguration.
type CustomConfiguration struct {
	Script string `json:"Script"`
	Args   string `json:"Args"`
}

// Credentials is ClusterCredentials.
type Credentials struct {
	KeyPairName string `json:"KeyPairName"`
	Password    string `json:"Password"`
}

// Tag is one Tags item. The provider sends lower-case keys.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// ServiceSpec is Manager.Scheduler, Manager.DirectoryService or Manager.DNS.
type ServiceSpec struct {
	Type    string `json:"Type,omitempty"`
	Version string `json:"Version,omitempty"`
}

// ManagerSpec is the Manager parameter.
type ManagerSpec struct {
	Scheduler        *ServiceSpec  `json:"Scheduler,omitempty"`
	DirectoryService *ServiceSpec  `json:"DirectoryService,omitempty"`
	DNS              *ServiceSpec  `json:"DNS,omitempty"`
	ManagerNode      *NodeTemplate `json:"ManagerNode,omitempty"`
}

// Disk is a NodeTemplate SystemDisk.
type Disk struct {
	Category string `json:"Category,omitempty"`
	Level    string `json:"Level,omitempty"`
	Size     *int   `json:"Size,omitempty"`
}

// DataDisk is a NodeTemplate DataDisks item.
type DataDisk struct {
	Category           string `json:"Category,omitempty"`
	DeleteWithInstance *bool  `json:"DeleteWithInstance,omitempty"`
	Device             string `json:"Device,omitempty"`
	Level              string `json:"Level,omitempty"`
	MountDir           string `json:"MountDir,omitempty"`
	Size               *int   `json:"Size,omitempty"`
	SnapshotID         string `json:"SnapshotId,omitempty"`
}

// NodeTemplate is the hardware of the manager node and of a queue's compute nodes.
type NodeTemplate struct {
	InstanceType       string     `json:"InstanceType,omitempty"`
	ImageID            string     `json:"ImageId,omitempty"`
	InstanceChargeType string     `json:"InstanceChargeType,omitempty"`
	Period             *int       `json:"Period,omitempty"`
	PeriodUnit         string     `json:"PeriodUnit,omitempty"`
	AutoRenew          *bool      `json:"AutoRenew,omitempty"`
	AutoRenewPeriod    *int       `json:"AutoRenewPeriod,omitempty"`
	SpotStrategy       string     `json:"SpotStrategy,omitempty"`
	SpotPriceLimit     *float64   `json:"SpotPriceLimit,omitempty"`
	Duration           *int       `json:"Duration,omitempty"`
	EnableHT           *bool      `json:"EnableHT,omitempty"`
	SystemDisk         *Disk      `json:"SystemDisk,omitempty"`
	DataDisks          []DataDisk `json:"DataDisks,omitempty"`
}

// QueueTemplate is one Queues item.
type QueueTemplate struct {
	QueueName          string         `json:"QueueName"`
	ComputeNodes       []NodeTemplate `json:"ComputeNodes,omitempty"`
	VSwitchIDs         []string       `json:"VSwitchIds,omitempty"`
	InterConnect       string         `json:"InterConnect,omitempty"`
	EnableScaleIn      *bool          `json:"EnableScaleIn,omitempty"`
	EnableScaleOut     *bool          `json:"EnableScaleOut,omitempty"`
	MinCount           *int           `json:"MinCount,omitempty"`
	MaxCount           *int           `json:"MaxCount,omitempty"`
	InitialCount       *int           `json:"InitialCount,omitempty"`
	MaxCountPerCycle   *int64         `json:"MaxCountPerCycle,omitempty"`
	AllocationStrategy string         `json:"AllocationStrategy,omitempty"`
	HostnamePrefix     string         `json:"HostnamePrefix,omitempty"`
	HostnameSuffix     string         `json:"HostnameSuffix,omitempty"`
	KeepAliveNodes     []string       `json:"KeepAliveNodes,omitempty"`
	RamRole            string         `json:"RamRole,omitempty"`
	ReservedNodePoolID string         `json:"ReservedNodePoolId,omitempty"`
}

// SharedStorage is one SharedStorages item.
type SharedStorage struct {
	FileSystemID      string `json:"FileSystemId,omitempty"`
	MountTargetDomain string `json:"MountTargetDomain,omitempty"`
	NASDirectory      string `json:"NASDirectory,omitempty"`
	MountDirectory    string `json:"MountDirectory,omitempty"`
	MountOptions      string `json:"MountOptions,omitempty"`
	ProtocolType      string `json:"ProtocolType,omitempty"`
}

// Package is one AdditionalPackages item.
type Package struct {
	Name    string `json:"Name"`
	Version string `json:"Version"`
}

// Addon is one Addons item.
type Addon struct {
	Name          string `json:"Name"`
	Version       string `json:"Version"`
	ServicesSpec  string `json:"ServicesSpec,omitempty"`
	ResourcesSpec string `json:"ResourcesSpec,omitempty"`
}

// settle stores the derived status once it is final, so later changes start from it.
func (c *Cluster) settle(env *core.Env) {
	if s := c.StatusAt(env); s == StatusRunning || s == StatusException {
		c.Status = s
	}
}

// ECS instance statuses.
const (
	InstanceStopped = "Stopped"
	InstanceRunning = "Running"
)

// Node statuses of the 2018 API (REFERENCE §7.2).
const (
	NodeIniting   = "initing"
	NodeRunning   = "running"
	NodeException = "exception"
	NodeReleasing = "releasing"
)

// Task statuses and the task types this file creates.
const (
	TaskProcessing  = "Processing"
	TaskSuccess     = "Success"
	TaskFail        = "Fail"
	TaskPartialFail = "PartialFail"

	// TaskTypeAddExistedNodes is UNVERIFIED (REFERENCE §12.12): the documented types include AddComputes,
	// which is what adding nodes is called elsewhere in the API; the emulator uses the action's own name.
	TaskTypeAddExistedNodes = "AddExistedNodes"
	TaskTypeDeleteNodes     = "DeleteComputes"
)

// Instance is an ECS instance of the inventory.
type Instance struct {
	ID           string    `json:"id"`
	Status       string    `json:"status"`
	OS           string    `json:"os"`
	HostID       string    `json:"host_id"`
	HostName     string    `json:"host_name"`
	IPAddress    string    `json:"ip_address"`
	ZoneID       string    `json:"zone_id"`
	InstanceType string    `json:"instance_type"`
	ClusterID    string    `json:"cluster_id,omitempty"`
	JoinFailure  string    `json:"join_failure,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Node is an instance that joined a cluster (or is joining or leaving it).
type Node struct {
	ID              string    `json:"id"`
	HostName        string    `json:"host_name"`
	IPAddress       string    `json:"ip_address"`
	Status          string    `json:"status"`
	ImageID         string    `json:"image_id"`
	ImageOwnerAlias string    `json:"image_owner_alias"`
	JobQueue        string    `json:"job_queue,omitempty"`
	AddedAt         time.Time `json:"added_at"`
	// TaskID is the task now acting on the node (joining or leaving), "" when none.
	TaskID string `json:"task_id,omitempty"`
}

// Task is a 2018-04-12 asynchronous task.
type Task struct {
	ID        string    `json:"id"`
	ClusterID string    `json:"cluster_id"`
	Type      string    `json:"type"`
	Request   string    `json:"request"`
	Instances []string  `json:"instances"`
	CreatedAt time.Time `json:"created_at"`
	// EndsAt is when the task stops Processing.
	EndsAt time.Time `json:"ends_at"`
	// Failed maps the instances that will fail to the reason (decided on acceptance).
	Failed map[string]string `json:"failed,omitempty"`
	// Release says whether DeleteNodes releases (deletes) the instances.
	Release bool `json:"release,omitempty"`
	// Settled is set once the task's effects have been applied.
	Settled bool `json:"settled"`
}

// StatusAt is the task's status at t.
func (t *Task) StatusAt(now time.Time) string {
	if now.Before(t.EndsAt) {
		return TaskProcessing
	}
	switch {
	case len(t.Failed) == 0:
		return TaskSuccess
	case len(t.Failed) == len(t.Instances):
		return TaskFail
	}
	return TaskPartialFail
}

func (t *Task) errors() string {
	if len(t.Failed) == 0 {
		return ""
	}
	ids := make([]string, 0, len(t.Failed))
	for id := range t.Failed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	msgs := make([]string, 0, len(ids))
	for _, id := range ids {
		msgs = append(msgs, fmt.Sprintf("%s: %s", id, t.Failed[id]))
	}
	return strings.Join(msgs, "; ")
}

// ptr returns a pointer to v (optional fields of wire types).
func ptr[T any](v T) *T { return &v }

// deref returns *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
