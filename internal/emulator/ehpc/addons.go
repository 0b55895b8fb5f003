package ehpc

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Add-ons of the 2024-07-30 API: InstallAddon, UnInstallAddon, ListAddons, GetAddon (README.md, "API
// 2024-07-30: add-ons"). An add-on is Installing for half a latency, then Running; an uninstalled one is
// Uninstalling for half a latency, then gone.

// Add-on statuses.
const (
	AddonInstalling   = "Installing"
	AddonRunning      = "Running"
	AddonUninstalling = "Uninstalling"
)

// InstalledAddon is one add-on of a cluster. The specs are kept as the JSON text that was sent.
type InstalledAddon struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Version       string    `json:"version"`
	ServicesSpec  string    `json:"services_spec,omitempty"`
	ResourcesSpec string    `json:"resources_spec,omitempty"`
	InstalledAt   time.Time `json:"installed_at"`
	ReadyAt       time.Time `json:"ready_at"`
	RemovedAt     time.Time `json:"removed_at,omitzero"`
}

func (a InstalledAddon) removed(now time.Time) bool {
	return !a.RemovedAt.IsZero() && !now.Before(a.RemovedAt)
}

func (a InstalledAddon) status(now time.Time) string {
	return pendingUntil(now, a.ReadyAt, a.RemovedAt, AddonInstalling, AddonRunning, AddonUninstalling)
}

// addonID is an add-on id as the service makes them: "<name>-<version>-<random>".
func addonID(env *core.Env, name, version string) string {
	return name + "-" + version + "-" + env.RandomMixed(8)
}

func (c *Cluster) addonIndex(id string) int {
	return slices.IndexFunc(c.InstalledAddons, func(a InstalledAddon) bool { return a.ID == id })
}

func (p *Product) installAddon(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	name, err := requiredParam(req, "AddonName")
	if err != nil {
		return nil, err
	}
	version, err := requiredParam(req, "AddonVersion")
	if err != nil {
		return nil, err
	}
	for _, param := range []string{"ServicesSpec", "ResourcesSpec"} {
		if v := req.Param(param); v != "" && !json.Valid([]byte(v)) {
			return nil, invalidParam(param, "It must be JSON text.")
		}
	}
	if slices.ContainsFunc(c.InstalledAddons, func(a InstalledAddon) bool { return a.Name == name && a.RemovedAt.IsZero() }) {
		return nil, invalidParam("AddonName", "The add-on %q is already installed.", name)
	}
	a := InstalledAddon{
		ID: addonID(req.Env, name, version), Name: name, Version: version,
		ServicesSpec: req.Param("ServicesSpec"), ResourcesSpec: req.Param("ResourcesSpec"),
		InstalledAt: req.Now, ReadyAt: req.Env.Phase(req.Now, shortChangeFraction),
	}
	c.InstalledAddons = append(c.InstalledAddons, a)
	return core.OK(map[string]any{"RequestId": req.RequestID, "ClusterId": c.ID, "AddonId": a.ID}), nil
}

func (p *Product) unInstallAddon(req *core.Request) (*core.Response, error) {
	c, err := p.changeableCluster(req)
	if err != nil {
		return nil, err
	}
	id, err := requiredParam(req, "AddonId")
	if err != nil {
		return nil, err
	}
	i := c.addonIndex(id)
	if i < 0 {
		return nil, invalidParam("AddonId", "The add-on %q does not exist.", id)
	}
	if c.InstalledAddons[i].RemovedAt.IsZero() {
		c.InstalledAddons[i].RemovedAt = req.Env.Phase(req.Now, shortChangeFraction)
	}
	return core.OK(map[string]any{"RequestId": req.RequestID}), nil
}

func (p *Product) listAddons(req *core.Request) (*core.Response, error) {
	c, err := p.day2Cluster(req)
	if err != nil {
		return nil, err
	}
	var ids []string
	if _, err := jsonParam(req, "AddonIds", &ids); err != nil {
		return nil, err
	}
	page, size, err := pageParams(req, 1, 10, 1, 100)
	if err != nil {
		return nil, err
	}
	var matched []InstalledAddon
	for _, a := range c.InstalledAddons {
		if len(ids) == 0 || slices.Contains(ids, a.ID) {
			matched = append(matched, a)
		}
	}
	items := []map[string]any{}
	for _, a := range core.Page(matched, page, size) {
		items = append(items, map[string]any{
			"AddonId": a.ID, "Name": a.Name, "Version": a.Version, "Label": addonLabel(a.Name),
			"Description": addonLabel(a.Name), "Status": a.status(req.Now), "InstallTime": day2Time(a.InstalledAt),
		})
	}
	return core.OK(map[string]any{
		"RequestId": req.RequestID, "TotalCount": len(matched), "PageNumber": page, "PageSize": size, "Addons": items,
	}), nil
}

func (p *Product) getAddon(req *core.Request) (*core.Response, error) {
	c, err := p.day2Cluster(req)
	if err != nil {
		return nil, err
	}
	id, err := requiredParam(req, "AddonId")
	if err != nil {
		return nil, err
	}
	i := c.addonIndex(id)
	if i < 0 {
		return nil, invalidParam("AddonId", "The add-on %q does not exist.", id)
	}
	a := c.InstalledAddons[i]
	return core.OK(map[string]any{"RequestId": req.RequestID, "Addon": map[string]any{
		"AddonId": a.ID, "Name": a.Name, "Version": a.Version, "Label": addonLabel(a.Name),
		"Description": addonLabel(a.Name), "Icon": "", "Status": a.status(req.Now), "InstallTime": day2Time(a.InstalledAt),
		"ServicesSpec": servicesSpecBody(a.ServicesSpec), "ResourcesSpec": resourcesSpecBody(a.ResourcesSpec),
	}}), nil
}

// addonLabel is the label the service gives its add-ons ("Login" → "Logon node").
func addonLabel(name string) string {
	if name == "Login" {
		return "Logon node"
	}
	return name
}

// servicesSpecBody is the ServicesSpec text as GetAddon returns it: a list of services (a single object
// becomes a one-item list).
func servicesSpecBody(text string) []any {
	var v any
	if text == "" || json.Unmarshal([]byte(text), &v) != nil {
		return []any{}
	}
	switch t := v.(type) {
	case []any:
		return t
	case map[string]any:
		return []any{t}
	}
	return []any{}
}

// resourcesSpecBody is the ResourcesSpec text as GetAddon returns it: an object ({} for anything else).
func resourcesSpecBody(text string) map[string]any {
	var v map[string]any
	if text == "" || json.Unmarshal([]byte(text), &v) != nil || v == nil {
		return map[string]any{}
	}
	return v
}

// listClustersAddon is an Addons item of ListClusters (ListClustersResponseBodyClustersAddons).
func listClustersAddon(a InstalledAddon, now time.Time) map[string]any {
	services := []map[string]any{}
	for _, s := range servicesSpecBody(a.ServicesSpec) {
		m, _ := s.(map[string]any)
		item := map[string]any{}
		for _, k := range []string{"ServiceName", "ServiceAccessType", "ServiceAccessUrl"} {
			if v, ok := m[k].(string); ok {
				item[k] = v
			}
		}
		services = append(services, item)
	}
	return map[string]any{
		"AddonId": a.ID, "Name": a.Name, "Version": a.Version, "Label": addonLabel(a.Name),
		"Description": addonLabel(a.Name), "Status": a.status(now), "ServicesSpec": services,
		"ResourcesSpec": map[string]any{"EcsInstanceId": "i-addon" + a.ID[max(0, len(a.ID)-8):], "EipInstanceId": ""},
	}
}
