package batchcompute

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

// ---- expand: model → wire ----

func expandCluster(m *clusterModel) *apiCluster {
	c := &apiCluster{
		Name:         m.Name.ValueString(),
		Description:  m.Description.ValueString(),
		ImageID:      m.ImageID.ValueString(),
		InstanceType: m.InstanceType.ValueString(),
		UserData:     framework.MapToStrings(m.UserData),
		Notification: expandNotification(m.Notification),
		Configs:      expandConfigs(m.Configs),
		Groups:       make(map[string]apiGroup, len(m.Groups)),
	}
	for name, g := range m.Groups {
		desired := g.DesiredVMCount.ValueInt64()
		c.Groups[name] = apiGroup{
			DesiredVMCount: &desired,
			InstanceType:   g.InstanceType.ValueString(),
			ResourceType:   g.ResourceType.ValueString(),
			SpotStrategy:   g.SpotStrategy.ValueStringPointer(),
			SpotPriceLimit: g.SpotPriceLimit.ValueFloat64Pointer(),
		}
	}
	return c
}

func expandNotification(n *notificationModel) *apiNotification {
	if n == nil || n.Topic == nil {
		return nil
	}
	return &apiNotification{Topic: &apiTopic{
		Name: n.Topic.Name.ValueString(), Endpoint: n.Topic.Endpoint.ValueString(), Events: framework.SetToStrings(n.Topic.Events),
	}}
}

func expandConfigs(cf *configsModel) *apiConfigs {
	if cf == nil {
		return nil
	}
	c := &apiConfigs{Mounts: expandMounts(cf.Mounts), Networks: expandNetworks(cf.Networks)}
	if d := cf.Disks; d != nil {
		c.Disks = &apiDisks{}
		if s := d.SystemDisk; s != nil {
			c.Disks.SystemDisk = &apiDisk{Type: s.Type.ValueString(), Size: s.Size.ValueInt64()}
		}
		if s := d.DataDisk; s != nil {
			c.Disks.DataDisk = &apiDisk{Type: s.Type.ValueString(), Size: s.Size.ValueInt64(), MountPoint: s.MountPoint.ValueString()}
		}
	}
	return c
}

func expandMounts(mo *mountsModel) *apiMounts {
	if mo == nil {
		return nil
	}
	am := &apiMounts{Locale: mo.Locale.ValueString(), Lock: mo.Lock.ValueBool(), CacheSupport: mo.CacheSupport.ValueBool()}
	for _, e := range mo.Entries {
		am.Entries = append(am.Entries, apiMountEntry{
			Source: e.Source.ValueString(), Destination: e.Destination.ValueString(), WriteSupport: e.WriteSupport.ValueBool(),
		})
	}
	if n := mo.NAS; n != nil {
		am.NAS = &apiNAS{AccessGroup: framework.ListToStrings(n.AccessGroup), FileSystem: framework.ListToStrings(n.FileSystem)}
	}
	if o := mo.OSS; o != nil {
		// Empty strings mean "not set" and are left out of the body (see README.md, "Empty values").
		am.OSS = &apiOSS{
			AccessKeyID: o.AccessKeyID.ValueString(), AccessKeySecret: o.AccessKeySecret.ValueString(),
			AccessSecurityToken: o.AccessSecurityToken.ValueString(),
		}
	}
	return am
}

func expandNetworks(n *networksModel) *apiNetworks {
	if n == nil {
		return nil
	}
	out := &apiNetworks{}
	if k := n.Classic; k != nil {
		out.Classic = &apiClassic{
			AllowIPAddress:           framework.ListToStrings(k.AllowIPAddress),
			AllowIPAddressEgress:     framework.ListToStrings(k.AllowIPAddressEgress),
			AllowSecurityGroup:       framework.ListToStrings(k.AllowSecurityGroup),
			AllowSecurityGroupEgress: framework.ListToStrings(k.AllowSecurityGroupEgress),
		}
	}
	if v := n.VPC; v != nil {
		out.VPC = &apiVPC{CidrBlock: v.CidrBlock.ValueString()}
	}
	return out
}

// expandModify builds the ModifyCluster body for the groups whose in-place attributes changed, or nil.
// A spot attribute removed from the configuration is sent as its empty value ("" or 0), which clears it.
func expandModify(plan, state map[string]groupModel) map[string]any {
	groups := map[string]apiGroup{}
	for name, p := range plan {
		s := state[name]
		if p.DesiredVMCount.Equal(s.DesiredVMCount) && p.SpotStrategy.Equal(s.SpotStrategy) && p.SpotPriceLimit.Equal(s.SpotPriceLimit) {
			continue
		}
		// Only what changed is sent: spot fields mean nothing to an OnDemand group.
		var g apiGroup
		if !p.DesiredVMCount.Equal(s.DesiredVMCount) {
			desired := p.DesiredVMCount.ValueInt64()
			g.DesiredVMCount = &desired
		}
		if !p.SpotStrategy.Equal(s.SpotStrategy) {
			strategy := p.SpotStrategy.ValueString()
			g.SpotStrategy = &strategy
		}
		if !p.SpotPriceLimit.Equal(s.SpotPriceLimit) {
			limit := p.SpotPriceLimit.ValueFloat64()
			g.SpotPriceLimit = &limit
		}
		groups[name] = g
	}
	if len(groups) == 0 {
		return nil
	}
	return map[string]any{"Groups": groups}
}

// ---- flatten: wire → model ----
//
// Each optional value is read back as the service returns it. The service answers empty values ("", 0, [],
// {}) for what was never set, so an empty answer keeps the prior null (or the prior empty value); any other
// answer replaces the prior value, which is how drift shows.

func flattenCluster(c *apiCluster, m *clusterModel) {
	m.ID = types.StringValue(c.ID)
	m.Name = types.StringValue(c.Name)
	m.Description = optString(c.Description, m.Description)
	m.ImageID = types.StringValue(c.ImageID)
	m.InstanceType = types.StringValue(c.InstanceType)
	m.UserData = optStringMap(c.UserData, m.UserData)
	m.Notification = flattenNotification(c.Notification, m.Notification)
	m.Configs = flattenConfigs(c.Configs, m.Configs)
	m.State = types.StringValue(c.State)
	m.CreationTime = types.StringValue(c.CreationTime)
	groups := make(map[string]groupModel, len(c.Groups))
	for name, g := range c.Groups {
		prior := m.Groups[name]
		resourceType := g.ResourceType
		if resourceType == "" {
			resourceType = "OnDemand"
		}
		var desired int64
		if g.DesiredVMCount != nil {
			desired = *g.DesiredVMCount
		}
		groups[name] = groupModel{
			DesiredVMCount: types.Int64Value(desired),
			InstanceType:   optString(g.InstanceType, prior.InstanceType),
			ResourceType:   types.StringValue(resourceType),
			SpotStrategy:   optString(deref(g.SpotStrategy), prior.SpotStrategy),
			SpotPriceLimit: optFloat(deref(g.SpotPriceLimit), prior.SpotPriceLimit),
			ActualVMCount:  types.Int64Value(g.ActualVMCount),
		}
	}
	m.Groups = groups
}

func flattenNotification(n *apiNotification, prior *notificationModel) *notificationModel {
	if n == nil || n.Topic == nil || (n.Topic.Name == "" && n.Topic.Endpoint == "" && len(n.Topic.Events) == 0) {
		return nil
	}
	var pt topicModel
	if prior != nil && prior.Topic != nil {
		pt = *prior.Topic
	}
	return &notificationModel{Topic: &topicModel{
		Name:     types.StringValue(n.Topic.Name),
		Endpoint: types.StringValue(n.Topic.Endpoint),
		Events:   optStringSet(n.Topic.Events, pt.Events),
	}}
}

func flattenConfigs(c *apiConfigs, prior *configsModel) *configsModel {
	wasNull := prior == nil
	if wasNull {
		prior = &configsModel{}
	}
	out := &configsModel{}
	if c != nil {
		out.Disks = flattenDisks(c.Disks, prior.Disks)
		out.Mounts = flattenMounts(c.Mounts, prior.Mounts)
		out.Networks = flattenNetworks(c.Networks, prior.Networks)
	}
	if out.Disks == nil && out.Mounts == nil && out.Networks == nil && wasNull {
		return nil
	}
	return out
}

func flattenDisks(d *apiDisks, prior *disksModel) *disksModel {
	wasNull := prior == nil
	if wasNull {
		prior = &disksModel{}
	}
	out := &disksModel{}
	if d != nil {
		if s := d.SystemDisk; s != nil && (s.Type != "" || s.Size != 0) || prior.SystemDisk != nil {
			p := prior.SystemDisk
			if p == nil {
				p = &systemDiskModel{}
			}
			s := deref(d.SystemDisk)
			out.SystemDisk = &systemDiskModel{Type: optString(s.Type, p.Type), Size: optInt(s.Size, p.Size)}
		}
		if s := d.DataDisk; s != nil && (s.Type != "" || s.Size != 0 || s.MountPoint != "") || prior.DataDisk != nil {
			p := prior.DataDisk
			if p == nil {
				p = &dataDiskModel{}
			}
			s := deref(d.DataDisk)
			out.DataDisk = &dataDiskModel{Type: optString(s.Type, p.Type), Size: optInt(s.Size, p.Size), MountPoint: optString(s.MountPoint, p.MountPoint)}
		}
	}
	if out.SystemDisk == nil && out.DataDisk == nil && wasNull {
		return nil
	}
	return out
}

func flattenMounts(mo *apiMounts, prior *mountsModel) *mountsModel {
	empty := mo == nil || (len(mo.Entries) == 0 && mo.Locale == "" && !mo.Lock && !mo.CacheSupport &&
		len(deref(mo.NAS).AccessGroup)+len(deref(mo.NAS).FileSystem) == 0 && deref(mo.OSS).AccessKeyID == "")
	if empty && prior == nil {
		return nil
	}
	if prior == nil {
		prior = &mountsModel{}
	}
	if mo == nil {
		mo = &apiMounts{}
	}
	out := &mountsModel{
		Locale:       optString(mo.Locale, prior.Locale),
		Lock:         types.BoolValue(mo.Lock),
		CacheSupport: types.BoolValue(mo.CacheSupport),
	}
	for _, e := range mo.Entries {
		out.Entries = append(out.Entries, mountEntryModel{
			Source: types.StringValue(e.Source), Destination: types.StringValue(e.Destination), WriteSupport: types.BoolValue(e.WriteSupport),
		})
	}
	if n := deref(mo.NAS); len(n.AccessGroup) > 0 || len(n.FileSystem) > 0 || prior.NAS != nil {
		p := prior.NAS
		if p == nil {
			p = &nasModel{AccessGroup: types.ListNull(types.StringType), FileSystem: types.ListNull(types.StringType)}
		}
		out.NAS = &nasModel{AccessGroup: optStringList(n.AccessGroup, p.AccessGroup), FileSystem: optStringList(n.FileSystem, p.FileSystem)}
	}
	if o := deref(mo.OSS); o.AccessKeyID != "" || prior.OSS != nil {
		p := prior.OSS
		if p == nil {
			p = &ossModel{}
		}
		// The service never returns the secret and the token: they stay as configured (null after an import).
		out.OSS = &ossModel{
			AccessKeyID: optString(o.AccessKeyID, p.AccessKeyID), AccessKeySecret: p.AccessKeySecret, AccessSecurityToken: p.AccessSecurityToken,
		}
	}
	return out
}

func flattenNetworks(n *apiNetworks, prior *networksModel) *networksModel {
	wasNull := prior == nil
	if wasNull {
		prior = &networksModel{}
	}
	out := &networksModel{}
	if n != nil {
		k := deref(n.Classic)
		if len(k.AllowIPAddress)+len(k.AllowIPAddressEgress)+len(k.AllowSecurityGroup)+len(k.AllowSecurityGroupEgress) > 0 || prior.Classic != nil {
			p := prior.Classic
			if p == nil {
				null := types.ListNull(types.StringType)
				p = &classicModel{AllowIPAddress: null, AllowIPAddressEgress: null, AllowSecurityGroup: null, AllowSecurityGroupEgress: null}
			}
			out.Classic = &classicModel{
				AllowIPAddress:           optStringList(k.AllowIPAddress, p.AllowIPAddress),
				AllowIPAddressEgress:     optStringList(k.AllowIPAddressEgress, p.AllowIPAddressEgress),
				AllowSecurityGroup:       optStringList(k.AllowSecurityGroup, p.AllowSecurityGroup),
				AllowSecurityGroupEgress: optStringList(k.AllowSecurityGroupEgress, p.AllowSecurityGroupEgress),
			}
		}
		if v := deref(n.VPC); v.CidrBlock != "" || prior.VPC != nil {
			out.VPC = &vpcModel{CidrBlock: types.StringValue(v.CidrBlock)}
		}
	}
	if out.Classic == nil && out.VPC == nil && wasNull {
		return nil
	}
	return out
}

func optString(api string, prior types.String) types.String {
	if api == "" && (prior.IsNull() || prior.IsUnknown() || prior.ValueString() != "") {
		return types.StringNull()
	}
	return types.StringValue(api)
}

func optInt(api int64, prior types.Int64) types.Int64 {
	if api == 0 && (prior.IsNull() || prior.IsUnknown() || prior.ValueInt64() != 0) {
		return types.Int64Null()
	}
	return types.Int64Value(api)
}

func optFloat(api float64, prior types.Float64) types.Float64 {
	if api == 0 && (prior.IsNull() || prior.IsUnknown() || prior.ValueFloat64() != 0) {
		return types.Float64Null()
	}
	return types.Float64Value(api)
}

func optStringList(api []string, prior types.List) types.List {
	if len(api) == 0 && (prior.IsNull() || prior.IsUnknown() || len(prior.Elements()) > 0) {
		return types.ListNull(types.StringType)
	}
	return framework.StringsToList(api)
}

func optStringSet(api []string, prior types.Set) types.Set {
	if len(api) == 0 && (prior.IsNull() || prior.IsUnknown() || len(prior.Elements()) > 0) {
		return types.SetNull(types.StringType)
	}
	return framework.StringsToSet(api)
}

func optStringMap(api map[string]string, prior types.Map) types.Map {
	if len(api) == 0 && (prior.IsNull() || prior.IsUnknown() || len(prior.Elements()) > 0) {
		return types.MapNull(types.StringType)
	}
	return framework.StringsToMap(api)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
