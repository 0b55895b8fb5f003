package ehpc

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Shared storages of the 2024-07-30 API: AttachSharedStorages, DetachSharedStorages, ListSharedStorages
// (README.md, "API 2024-07-30: shared storages"). ListSharedStorages has no status field, so the pending
// state is visible only as time: an attached mount is listed half a latency after it was accepted, a
// detached one stays listed for half a latency.

// Mount is one mounted directory of a file system.
type Mount struct {
	FileSystemID     string `json:"file_system_id"`
	MountTarget      string `json:"mount_target"`
	StorageDirectory string `json:"storage_directory"`
	MountDirectory   string `json:"mount_directory"`
	MountOptions     string `json:"mount_options,omitempty"`
	ProtocolType     string `json:"protocol_type"`
	VolumeType       string `json:"volume_type"`
	Location         string `json:"location,omitempty"`
	// ReadyAt is when the mount is listed; RemovedAt, when set, when it stops being listed.
	ReadyAt   time.Time `json:"ready_at"`
	RemovedAt time.Time `json:"removed_at,omitzero"`
}

func (m Mount) visible(now time.Time) bool { return !now.Before(m.ReadyAt) && !m.removed(now) }

func (m Mount) removed(now time.Time) bool { return !m.RemovedAt.IsZero() && !now.Before(m.RemovedAt) }

// attachRequest is one AttachSharedStorages item (AttachSharedStoragesRequestSharedStorages).
type attachRequest struct {
	FileSystemID     string `json:"FileSystemId"`
	Location         string `json:"Location"`
	MountDirectory   string `json:"MountDirectory"`
	MountOptions     string `json:"MountOptions"`
	MountTarget      string `json:"MountTarget"`
	ProtocolType     string `json:"ProtocolType"`
	StorageDirectory string `json:"StorageDirectory"`
	VolumeType       string `json:"VolumeType"`
}

// mountIndex is the index of the mount (attached or pending, not being detached) of dir, or -1.
func (c *Cluster) mountIndex(dir string) int {
	return slices.IndexFunc(c.Mounts, func(m Mount) bool { return m.MountDirectory == dir && m.RemovedAt.IsZero() })
}

func (p *Product) attachSharedStorages(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	var in []attachRequest
	if ok, err := jsonParam(req, "SharedStorages", &in); err != nil {
		return nil, err
	} else if !ok || len(in) == 0 {
		return nil, errMissingParams("SharedStorages")
	}
	seen := map[string]bool{}
	for i, s := range in {
		prefix := fmt.Sprintf("SharedStorages.%d", i)
		required := [][2]string{
			{"FileSystemId", s.FileSystemID}, {"MountDirectory", s.MountDirectory}, {"MountTarget", s.MountTarget},
			{"ProtocolType", s.ProtocolType}, {"StorageDirectory", s.StorageDirectory}, {"VolumeType", s.VolumeType},
		}
		for _, f := range required {
			if f[1] == "" {
				return nil, errMissingParams(prefix + "." + f[0])
			}
		}
		for _, f := range [][2]string{{"MountDirectory", s.MountDirectory}, {"StorageDirectory", s.StorageDirectory}} {
			if !strings.HasPrefix(f[1], "/") {
				return nil, invalidParam(prefix+"."+f[0], "A directory is an absolute path, got %q.", f[1])
			}
		}
		if !slices.Contains([]string{"NFS", "SMB", "nfs", "smb"}, s.ProtocolType) {
			return nil, errInvalidParams(prefix + ".ProtocolType")
		}
		if seen[s.MountDirectory] || c.mountIndex(s.MountDirectory) >= 0 {
			return nil, invalidParam(prefix+".MountDirectory", "The mount directory %q is already in use.", s.MountDirectory)
		}
		seen[s.MountDirectory] = true
	}
	ready := req.Env.Phase(req.Now, shortChangeFraction)
	for _, s := range in {
		c.Mounts = append(c.Mounts, Mount{
			FileSystemID: s.FileSystemID, MountTarget: s.MountTarget, StorageDirectory: s.StorageDirectory,
			MountDirectory: s.MountDirectory, MountOptions: s.MountOptions, ProtocolType: s.ProtocolType,
			VolumeType: s.VolumeType, Location: s.Location, ReadyAt: ready,
		})
	}
	return core.OK(map[string]any{"RequestId": req.RequestID, "ClusterId": c.ID, "Success": "true"}), nil
}

func (p *Product) detachSharedStorages(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	var in []struct {
		MountDirectory string `json:"MountDirectory"`
	}
	if ok, err := jsonParam(req, "SharedStorages", &in); err != nil {
		return nil, err
	} else if !ok || len(in) == 0 {
		return nil, errMissingParams("SharedStorages")
	}
	for i, s := range in {
		if s.MountDirectory == "" {
			return nil, errMissingParams(fmt.Sprintf("SharedStorages.%d.MountDirectory", i))
		}
		if c.mountIndex(s.MountDirectory) < 0 {
			return nil, invalidParam(fmt.Sprintf("SharedStorages.%d.MountDirectory", i), "No shared storage is mounted at %q.", s.MountDirectory)
		}
	}
	gone := req.Env.Phase(req.Now, shortChangeFraction)
	for _, s := range in {
		i := c.mountIndex(s.MountDirectory)
		if req.Now.Before(c.Mounts[i].ReadyAt) {
			// Never listed: it goes at once.
			c.Mounts = slices.Delete(c.Mounts, i, i+1)
			continue
		}
		c.Mounts[i].RemovedAt = gone
	}
	return core.OK(map[string]any{"RequestId": req.RequestID, "ClusterId": c.ID, "Success": "true"}), nil
}

// storageDirectoryShown is the StorageDirectory ListSharedStorages reports: for /home and /opt the service
// appends "/ehpc-<cluster id>-<dir>" to the NAS directory it was given.
func storageDirectoryShown(c *Cluster, m Mount) string {
	switch m.MountDirectory {
	case "/home", "/opt":
		return strings.TrimSuffix(m.StorageDirectory, "/") + "/ehpc-" + c.ID + "-" + strings.TrimPrefix(m.MountDirectory, "/")
	}
	return m.StorageDirectory
}

func (p *Product) listSharedStorages(req *core.Request) (*core.Response, error) {
	c, err := p.day2Cluster(req)
	if err != nil {
		return nil, err
	}
	fsFilter, typeFilter := req.Param("FileSystemId"), req.Param("FileSystemType")
	type group struct {
		body   map[string]any
		mounts []map[string]any
	}
	var order []string
	groups := map[string]*group{}
	for _, m := range c.Mounts {
		if !m.visible(req.Now) || (fsFilter != "" && m.FileSystemID != fsFilter) ||
			(typeFilter != "" && !strings.EqualFold(typeFilter, m.VolumeType)) {
			continue
		}
		g := groups[m.FileSystemID]
		if g == nil {
			g = &group{body: map[string]any{
				"FileSystemId": m.FileSystemID, "FileSystemType": m.VolumeType,
				"FileSystemProtocol": strings.ToLower(m.ProtocolType),
			}}
			groups[m.FileSystemID] = g
			order = append(order, m.FileSystemID)
		}
		g.mounts = append(g.mounts, map[string]any{
			"MountDirectory": m.MountDirectory, "MountOptions": m.MountOptions, "MountTarget": m.MountTarget,
			"ProtocolType": m.ProtocolType, "StorageDirectory": storageDirectoryShown(c, m),
		})
	}
	items := []map[string]any{}
	for _, id := range order {
		g := groups[id]
		g.body["MountInfo"] = g.mounts
		items = append(items, g.body)
	}
	return core.OK(map[string]any{"RequestId": req.RequestID, "Success": "true", "SharedStorages": items}), nil
}
