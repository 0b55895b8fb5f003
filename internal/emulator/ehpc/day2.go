package ehpc

import (
	"net/http"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// The 2024-07-30 day-2 calls: the parts of a cluster that have their own API once it exists — queues
// (queues.go), shared storages (storages.go), software (softwares.go) and add-ons (addons.go). See
// README.md, "API 2024-07-30: day-2 calls". Every one is an ordinary RPC route, so the fault switch, the
// signature check and the per-action stats apply as to every other call.

// Day-2 timing: a queue change becomes visible one emulator latency after it was accepted; storages,
// software and add-ons pass through their pending state for half a latency.
const (
	queueChangeFraction = 1.0
	shortChangeFraction = 0.5
)

func (p *Product) registerDay2API(r *core.Router) {
	r.RPC(Version2024, "CreateQueue", p.createQueue, core.Creating())
	r.RPC(Version2024, "UpdateQueue", p.updateQueue, core.Mutating())
	r.RPC(Version2024, "DeleteQueues", p.deleteQueues, core.Mutating())
	r.RPC(Version2024, "GetQueue", p.getQueue)
	r.RPC(Version2024, "ListQueues", p.listQueues)

	r.RPC(Version2024, "AttachSharedStorages", p.attachSharedStorages, core.Creating())
	r.RPC(Version2024, "DetachSharedStorages", p.detachSharedStorages, core.Mutating())
	r.RPC(Version2024, "ListSharedStorages", p.listSharedStorages)

	r.RPC(Version2024, "InstallSoftwares", p.installSoftwares, core.Creating())
	r.RPC(Version2024, "UninstallSoftwares", p.uninstallSoftwares, core.Mutating())
	r.RPC(Version2024, "ListInstalledSoftwares", p.listInstalledSoftwares)

	r.RPC(Version2024, "InstallAddon", p.installAddon, core.Creating())
	r.RPC(Version2024, "UnInstallAddon", p.unInstallAddon, core.Mutating())
	r.RPC(Version2024, "ListAddons", p.listAddons)
	r.RPC(Version2024, "GetAddon", p.getAddon)

	// Out-of-band changes (README.md, "API 2024-07-30: admin routes").
	r.Admin(http.MethodPost, "/_emulator/ehpc/clusters/{cluster_id}/queues/{queue_name}", p.adminPatchQueue, core.Mutating())
	r.Admin(http.MethodDelete, "/_emulator/ehpc/clusters/{cluster_id}/queues/{queue_name}", p.adminDeleteQueue, core.Mutating())
	r.Admin(http.MethodDelete, "/_emulator/ehpc/clusters/{cluster_id}/shared-storages", p.adminDetachStorage, core.Mutating())
	r.Admin(http.MethodDelete, "/_emulator/ehpc/clusters/{cluster_id}/softwares/{name}", p.adminDeleteSoftware, core.Mutating())
	r.Admin(http.MethodDelete, "/_emulator/ehpc/clusters/{cluster_id}/addons/{addon_id}", p.adminDeleteAddon, core.Mutating())
}

// day2Cluster reads the ClusterId parameter and returns the live cluster with its day-2 changes settled.
func (p *Product) day2Cluster(req *core.Request) (*Cluster, error) {
	id, err := requiredParam(req, "ClusterId")
	if err != nil {
		return nil, err
	}
	c, err := p.liveCluster(req, id)
	if err != nil {
		return nil, err
	}
	c.settleDay2(req.Env)
	return c, nil
}

// changeableCluster is day2Cluster for calls that change the cluster: they are refused with
// InvalidClusterStatus while the cluster is being created, initialised or released.
func (p *Product) changeableCluster(req *core.Request) (*Cluster, error) {
	c, err := p.day2Cluster(req)
	if err != nil {
		return nil, err
	}
	switch status := c.StatusAt(req.Env); status {
	case StatusCreating, StatusIniting, StatusReleasing:
		return nil, errInvalidClusterStatus(status)
	}
	return c, nil
}

// settleDay2 applies the queue changes whose latency has passed and forgets software, add-ons and mounts
// whose removal has finished, so that later calls start from what is visible now.
func (c *Cluster) settleDay2(env *core.Env) {
	c.settleQueues(env)
	now := env.Now()
	kept := c.Mounts[:0]
	for _, m := range c.Mounts {
		if !m.removed(now) {
			kept = append(kept, m)
		}
	}
	c.Mounts = kept
	sw := c.Softwares[:0]
	for _, s := range c.Softwares {
		if !s.removed(now) {
			sw = append(sw, s)
		}
	}
	c.Softwares = sw
	ad := c.InstalledAddons[:0]
	for _, a := range c.InstalledAddons {
		if !a.removed(now) {
			ad = append(ad, a)
		}
	}
	c.InstalledAddons = ad
}

// initDay2 turns what CreateCluster was given into day-2 state: the shared storages, additional packages
// and add-ons of a new cluster are attached and installed when the cluster becomes running.
func (c *Cluster) initDay2(env *core.Env) {
	ready := env.Phase(c.CreatedAt, 1)
	for _, q := range c.Queues {
		c.setQueueTimes(q.QueueName, c.CreatedAt, c.CreatedAt)
	}
	for _, s := range c.SharedStorages {
		c.Mounts = append(c.Mounts, Mount{
			FileSystemID: s.FileSystemID, MountTarget: s.MountTargetDomain, StorageDirectory: s.NASDirectory,
			MountDirectory: s.MountDirectory, MountOptions: s.MountOptions, ProtocolType: s.ProtocolType,
			VolumeType: "nas", Location: "PublicCloud", ReadyAt: ready,
		})
	}
	for _, pk := range c.AdditionalPackages {
		c.Softwares = append(c.Softwares, Software{Name: pk.Name, Version: packageVersion(pk), CreatedAt: c.CreatedAt, ReadyAt: ready})
	}
	for _, a := range c.Addons {
		c.InstalledAddons = append(c.InstalledAddons, InstalledAddon{
			ID: addonID(env, a.Name, a.Version), Name: a.Name, Version: a.Version,
			ServicesSpec: a.ServicesSpec, ResourcesSpec: a.ResourcesSpec, InstalledAt: c.CreatedAt, ReadyAt: ready,
		})
	}
}

// pendingUntil is the status a day-2 item reports: pending before ready, removing before gone, done between.
func pendingUntil(now, ready, gone time.Time, pending, done, removing string) string {
	switch {
	case !gone.IsZero():
		return removing
	case now.Before(ready):
		return pending
	}
	return done
}

// day2Time is the time format of the day-2 answers ("2024-08-22 18:11:17", UTC).
func day2Time(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }
