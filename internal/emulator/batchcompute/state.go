package batchcompute

import (
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// State is everything the product keeps; it is persisted as JSON.
type State struct {
	Clusters map[string]*Cluster `json:"clusters"`
	// Tokens are the idempotent tokens seen by CreateCluster.
	Tokens map[string]*TokenUse `json:"tokens"`
	Quota  Quota                `json:"quota"`
}

// TokenUse remembers what a token created, and a digest of the request body that did it.
type TokenUse struct {
	ClusterID  string `json:"cluster_id"`
	BodyDigest string `json:"body_digest"`
}

// Quota holds the account quotas CreateCluster and ModifyCluster enforce (QuotaExhausted.*).
type Quota struct {
	MaxClusterCount               int `json:"MaxClusterCount"`
	MaxClusterGroupCount          int `json:"MaxClusterGroupCount"`
	MaxClusterGroupDesiredVMCount int `json:"MaxClusterGroupDesiredVMCount"`
}

// DefaultQuota is a fresh account's quota in the emulator (the service's real defaults are not published).
var DefaultQuota = Quota{MaxClusterCount: 100, MaxClusterGroupCount: 20, MaxClusterGroupDesiredVMCount: 1000}

// Cluster is a stored cluster: the request as accepted plus what the service adds.
type Cluster struct {
	ID           string            `json:"id"`
	OwnerID      int64             `json:"owner_id"`
	Name         string            `json:"name"`
	Description  string            `json:"description"`
	ImageID      string            `json:"image_id"`
	InstanceType string            `json:"instance_type"`
	UserData     map[string]string `json:"user_data"`
	Notification Notification      `json:"notification"`
	Configs      Configs           `json:"configs"`
	Groups       map[string]*Group `json:"groups"`
	CreatedAt    time.Time         `json:"created_at"`
	// DeletingAt is set by DeleteCluster; the cluster disappears one latency later.
	DeletingAt    *time.Time `json:"deleting_at,omitempty"`
	OperationLogs []string   `json:"operation_logs"`
}

// Group is an instance group. Its instances are kept as batches (one per scale-up) so that a group of
// 65536 instances stays a few bytes; each batch's instances move through their states together.
type Group struct {
	DesiredVMCount int     `json:"desired_vm_count"`
	InstanceType   string  `json:"instance_type"`
	ResourceType   string  `json:"resource_type"`
	SpotStrategy   string  `json:"spot_strategy"`
	SpotPriceLimit float64 `json:"spot_price_limit"`
	Batches        []Batch `json:"batches"`
	// Releases are instances removed by a scale-down, Deleting until half a latency has passed.
	Releases []Batch `json:"releases"`
}

// Batch is a number of instances started (or released) at one instant.
type Batch struct {
	Count int       `json:"count"`
	At    time.Time `json:"at"`
}

// Notification, Configs and their parts are the API's own shapes (PascalCase), as stored and as returned.
type Notification struct {
	Topic Topic `json:"Topic"`
}

type Topic struct {
	Name     string   `json:"Name"`
	Endpoint string   `json:"Endpoint"`
	Events   []string `json:"Events"`
}

type Configs struct {
	Disks    Disks    `json:"Disks"`
	Mounts   Mounts   `json:"Mounts"`
	Networks Networks `json:"Networks"`
}

type Disks struct {
	SystemDisk SystemDisk `json:"SystemDisk"`
	DataDisk   DataDisk   `json:"DataDisk"`
}

type SystemDisk struct {
	Type string `json:"Type"`
	Size int    `json:"Size"`
}

type DataDisk struct {
	Type       string `json:"Type"`
	Size       int    `json:"Size"`
	MountPoint string `json:"MountPoint"`
}

type Mounts struct {
	Entries      []MountEntry `json:"Entries"`
	Locale       string       `json:"Locale"`
	Lock         bool         `json:"Lock"`
	CacheSupport bool         `json:"CacheSupport"`
	NAS          NAS          `json:"NAS"`
	OSS          OSS          `json:"OSS"`
}

type MountEntry struct {
	Source       string `json:"Source"`
	Destination  string `json:"Destination"`
	WriteSupport bool   `json:"WriteSupport"`
}

type NAS struct {
	AccessGroup []string `json:"AccessGroup"`
	FileSystem  []string `json:"FileSystem"`
}

type OSS struct {
	AccessKeyID         string `json:"AccessKeyId"`
	AccessKeySecret     string `json:"AccessKeySecret"`
	AccessSecurityToken string `json:"AccessSecurityToken"`
}

type Networks struct {
	Classic Classic `json:"Classic"`
	VPC     VPC     `json:"VPC"`
}

type Classic struct {
	AllowIPAddress           []string `json:"AllowIpAddress"`
	AllowIPAddressEgress     []string `json:"AllowIpAddressEgress"`
	AllowSecurityGroup       []string `json:"AllowSecurityGroup"`
	AllowSecurityGroupEgress []string `json:"AllowSecurityGroupEgress"`
}

type VPC struct {
	CidrBlock             string `json:"CidrBlock"`
	OppositeRouterID      string `json:"OppositeRouterId,omitempty"`
	OppositeRouterType    string `json:"OppositeRouterType,omitempty"`
	OppositeAccessPointID string `json:"OppositeAccessPointId,omitempty"`
	OppositeRegionID      string `json:"OppositeRegionId,omitempty"`
}

// counts tells how many of a group's instances are pending, starting, running and deleting at now.
func (g *Group) counts(now time.Time, env *core.Env) (pending, starting, running, deleting int) {
	for _, b := range g.Batches {
		switch {
		case !now.Before(env.Phase(b.At, 1)):
			running += b.Count
		case !now.Before(env.Phase(b.At, pendingUntil)):
			starting += b.Count
		default:
			pending += b.Count
		}
	}
	for _, b := range g.Releases {
		if now.Before(env.Phase(b.At, deletingUntil)) {
			deleting += b.Count
		}
	}
	return
}

// scaleTo starts or releases instances so that the group holds n of them (newest released first).
func (g *Group) scaleTo(n int, now time.Time, env *core.Env) {
	have := 0
	kept := g.Releases[:0]
	for _, b := range g.Releases {
		if now.Before(env.Phase(b.At, deletingUntil)) {
			kept = append(kept, b)
		}
	}
	g.Releases = kept
	for _, b := range g.Batches {
		have += b.Count
	}
	switch {
	case n > have:
		g.Batches = append(g.Batches, Batch{Count: n - have, At: now})
	case n < have:
		release := have - n
		g.Releases = append(g.Releases, Batch{Count: release, At: now})
		for i := len(g.Batches) - 1; i >= 0 && release > 0; i-- {
			take := min(release, g.Batches[i].Count)
			g.Batches[i].Count -= take
			release -= take
			if g.Batches[i].Count == 0 {
				g.Batches = g.Batches[:i]
			}
		}
	}
	g.DesiredVMCount = n
}

func (c *Cluster) state() string {
	if c.DeletingAt != nil {
		return StateDeleting
	}
	return StateActive
}

// Cluster states (REFERENCE §9.4). Deletion is asynchronous: Deleting, then gone (404).
const (
	StateActive   = "Active"
	StateDeleting = "Deleting"
)
