package ehpc

import (
	"net/http"
	"slices"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Admin routes that change a cluster's day-2 parts out of band, as someone using the console would; the
// change is visible at once (README.md, "API 2024-07-30: admin routes").

// adminCluster is the live cluster of the route's {cluster_id}, with its day-2 changes settled.
func (p *Product) adminCluster(req *core.Request) (*Cluster, error) {
	c, err := p.liveCluster(req, req.PathParams["cluster_id"])
	if err != nil {
		return nil, err
	}
	c.settleDay2(req.Env)
	return c, nil
}

func errAdminNotFound(format string, args ...any) *core.Error {
	return core.Errorf(http.StatusNotFound, "NotFound", format, args...)
}

// adminPatchQueue merges a JSON QueueTemplate fragment ({"MaxCount": 9}) into a shown queue at once; a
// pending change of the queue is dropped, as if the console's edit overtook it.
func (p *Product) adminPatchQueue(req *core.Request) (*core.Response, error) {
	c, err := p.adminCluster(req)
	if err != nil {
		return nil, err
	}
	name := req.PathParams["queue_name"]
	i := c.queueIndex(name)
	if i < 0 {
		return nil, errAdminNotFound("cluster %s has no queue %q", c.ID, name)
	}
	next, err := mergeQueue(c.Queues[i], string(req.Body))
	if err != nil {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidBody", "body must be a JSON QueueTemplate fragment: %v", err)
	}
	next.QueueName = name
	if err := validateQueue("Queue", &next); err != nil {
		return nil, err
	}
	c.Queues[i] = next
	c.QueueChanges = slices.DeleteFunc(c.QueueChanges, func(ch QueueChange) bool { return ch.Template.QueueName == name })
	t := c.queueTimes(name)
	c.setQueueTimes(name, t.Created, req.Now)
	return core.OK(getQueueBody(c, &c.Queues[i])), nil
}

// adminDeleteQueue removes a queue (shown or pending) at once.
func (p *Product) adminDeleteQueue(req *core.Request) (*core.Response, error) {
	c, err := p.adminCluster(req)
	if err != nil {
		return nil, err
	}
	name := req.PathParams["queue_name"]
	if c.queueIndex(name) < 0 && c.pendingQueue(name) == nil {
		return nil, errAdminNotFound("cluster %s has no queue %q", c.ID, name)
	}
	c.removeQueue(name)
	return core.OK(map[string]any{"deleted": name}), nil
}

// adminDetachStorage removes the mount of ?mount=<directory> at once.
func (p *Product) adminDetachStorage(req *core.Request) (*core.Response, error) {
	c, err := p.adminCluster(req)
	if err != nil {
		return nil, err
	}
	dir := req.Param("mount")
	if dir == "" {
		return nil, core.Errorf(http.StatusBadRequest, "InvalidParams", "the query parameter mount (the mount directory) is required")
	}
	n := len(c.Mounts)
	c.Mounts = slices.DeleteFunc(c.Mounts, func(m Mount) bool { return m.MountDirectory == dir })
	if len(c.Mounts) == n {
		return nil, errAdminNotFound("cluster %s has nothing mounted at %q", c.ID, dir)
	}
	return core.OK(map[string]any{"deleted": dir}), nil
}

// adminDeleteSoftware removes every version of the package {name} at once.
func (p *Product) adminDeleteSoftware(req *core.Request) (*core.Response, error) {
	c, err := p.adminCluster(req)
	if err != nil {
		return nil, err
	}
	name := req.PathParams["name"]
	n := len(c.Softwares)
	c.Softwares = slices.DeleteFunc(c.Softwares, func(s Software) bool { return s.Name == name })
	if len(c.Softwares) == n {
		return nil, errAdminNotFound("cluster %s has no software %q", c.ID, name)
	}
	return core.OK(map[string]any{"deleted": name}), nil
}

// adminDeleteAddon removes the add-on {addon_id} at once.
func (p *Product) adminDeleteAddon(req *core.Request) (*core.Response, error) {
	c, err := p.adminCluster(req)
	if err != nil {
		return nil, err
	}
	id := req.PathParams["addon_id"]
	i := c.addonIndex(id)
	if i < 0 {
		return nil, errAdminNotFound("cluster %s has no add-on %q", c.ID, id)
	}
	c.InstalledAddons = slices.Delete(c.InstalledAddons, i, i+1)
	return core.OK(map[string]any{"deleted": id}), nil
}
