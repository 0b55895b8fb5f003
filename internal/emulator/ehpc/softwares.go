package ehpc

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Software (additional packages) of the 2024-07-30 API: InstallSoftwares, UninstallSoftwares,
// ListInstalledSoftwares (README.md, "API 2024-07-30: software"). A package is Installing for half a
// latency, then Installed; an uninstalled one is Uninstalling for half a latency, then gone.

// Software statuses reported by ListInstalledSoftwares.
const (
	SoftwareInstalling   = "Installing"
	SoftwareInstalled    = "Installed"
	SoftwareUninstalling = "Uninstalling"
)

// Software is one installed (or installing, or uninstalling) package.
type Software struct {
	Name      string    `json:"name"`
	Version   string    `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	ReadyAt   time.Time `json:"ready_at"`
	RemovedAt time.Time `json:"removed_at,omitzero"`
}

func (s Software) removed(now time.Time) bool {
	return !s.RemovedAt.IsZero() && !now.Before(s.RemovedAt)
}

func (s Software) status(now time.Time) string {
	return pendingUntil(now, s.ReadyAt, s.RemovedAt, SoftwareInstalling, SoftwareInstalled, SoftwareUninstalling)
}

// softwareIndex is the index of the package name (any version) not being uninstalled, or -1.
func (c *Cluster) softwareIndex(name string) int {
	return slices.IndexFunc(c.Softwares, func(s Software) bool { return s.Name == name && s.RemovedAt.IsZero() })
}

// DefaultSoftwareVersion is the version InstallSoftwares (and CreateCluster's AdditionalPackages) installs
// for a package given without a Version (README.md, "API 2024-07-30: software").
const DefaultSoftwareVersion = "latest"

// packageVersion is the version installed for pk: its own, or DefaultSoftwareVersion.
func packageVersion(pk Package) string {
	if pk.Version == "" {
		return DefaultSoftwareVersion
	}
	return pk.Version
}

// packagesParam reads AdditionalPackages (JSON array of {Name, Version}; Name required, Version optional).
func packagesParam(req *core.Request) ([]Package, error) {
	var in []Package
	if ok, err := jsonParam(req, "AdditionalPackages", &in); err != nil {
		return nil, err
	} else if !ok || len(in) == 0 {
		return nil, errMissingParams("AdditionalPackages")
	}
	for i, pk := range in {
		if pk.Name == "" {
			return nil, errMissingParams(fmt.Sprintf("AdditionalPackages.%d.Name", i))
		}
	}
	return in, nil
}

func (p *Product) installSoftwares(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	in, err := packagesParam(req)
	if err != nil {
		return nil, err
	}
	for i, pk := range in {
		if j := c.softwareIndex(pk.Name); j >= 0 || slices.IndexFunc(in[:i], func(o Package) bool { return o.Name == pk.Name }) >= 0 {
			return nil, invalidParam(fmt.Sprintf("AdditionalPackages.%d.Name", i), "The software %q is already installed.", pk.Name)
		}
	}
	ready := req.Env.Phase(req.Now, shortChangeFraction)
	for _, pk := range in {
		c.Softwares = append(c.Softwares, Software{Name: pk.Name, Version: packageVersion(pk), CreatedAt: req.Now, ReadyAt: ready})
	}
	return core.OK(map[string]any{"RequestId": req.RequestID}), nil
}

func (p *Product) uninstallSoftwares(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	in, err := packagesParam(req)
	if err != nil {
		return nil, err
	}
	for i, pk := range in {
		j := c.softwareIndex(pk.Name)
		if j < 0 || (pk.Version != "" && c.Softwares[j].Version != pk.Version) {
			return nil, invalidParam(fmt.Sprintf("AdditionalPackages.%d.Name", i), "The software %q version %q is not installed.", pk.Name, pk.Version)
		}
	}
	gone := req.Env.Phase(req.Now, shortChangeFraction)
	for _, pk := range in {
		c.Softwares[c.softwareIndex(pk.Name)].RemovedAt = gone
	}
	return core.OK(map[string]any{"RequestId": req.RequestID}), nil
}

func (p *Product) listInstalledSoftwares(req *core.Request) (*core.Response, error) {
	c, err := p.day2Cluster(req)
	if err != nil {
		return nil, err
	}
	page, size, err := pageParams(req, 1, 10, 1, 50)
	if err != nil {
		return nil, err
	}
	infos := []map[string]any{}
	for _, s := range core.Page(c.Softwares, page, size) {
		infos = append(infos, map[string]any{
			"Name": s.Name, "Version": s.Version, "Status": s.status(req.Now), "CreateTime": day2Time(s.CreatedAt),
			"Category": "Software", "Description": s.Name + " " + s.Version, "Icon": "",
		})
	}
	return core.OK(map[string]any{
		"RequestId": req.RequestID, "TotalCount": strconv.Itoa(len(c.Softwares)),
		"PageNumber": strconv.Itoa(page), "PageSize": strconv.Itoa(size),
		"AdditionalPackages": map[string]any{"AdditionalPackageInfos": infos},
	}), nil
}

// pageParams reads PageNumber and PageSize (decimal, in strings or not) with their defaults and the largest
// page size the call accepts.
func pageParams(req *core.Request, defPage, defSize, minSize, maxSize int) (page, size int, err error) {
	page, ok, err := intParam(req, "PageNumber")
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		page = defPage
	} else if page < 1 {
		return 0, 0, errInvalidParams("PageNumber")
	}
	size, ok, err = intParam(req, "PageSize")
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		size = defSize
	} else if size < minSize || size > maxSize {
		return 0, 0, errInvalidParams("PageSize")
	}
	return page, size, nil
}
