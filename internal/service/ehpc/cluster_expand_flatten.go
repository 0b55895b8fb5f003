package ehpc

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

// Expand.

// known reports whether v holds a value (neither null nor unknown).
func known(v attr.Value) bool { return v != nil && !v.IsNull() && !v.IsUnknown() }

// valueOrEmpty is the string, or "" when it is null or unknown (the wire omits an empty string).
func valueOrEmpty(v types.String) string {
	if !known(v) {
		return ""
	}
	return v.ValueString()
}

// flexIntOrNil is the number as a wire integer, or nil (omitted) when it is null or unknown.
func flexIntOrNil(v types.Int64) *flexInt {
	if !known(v) {
		return nil
	}
	f := flexInt(v.ValueInt64())
	return &f
}

// flexBoolOrNil is the boolean as a wire boolean, or nil (omitted) when it is null or unknown.
func flexBoolOrNil(v types.Bool) *flexBool {
	if !known(v) {
		return nil
	}
	f := flexBool(v.ValueBool())
	return &f
}

// flexFloatOrNil is the number as a wire float, or nil (omitted) when it is null or unknown.
func flexFloatOrNil(v types.Float64) *flexFloat {
	if !known(v) {
		return nil
	}
	f := flexFloat(v.ValueFloat64())
	return &f
}

// setJSON stores v as a JSON-string parameter (see README.md, "Wire encoding": nested values travel as one JSON string each).
func setJSON(params map[string]string, key string, v any, diags *diag.Diagnostics) {
	b, err := json.Marshal(v)
	if err != nil {
		diags.AddError("Encoding "+key, err.Error())
		return
	}
	params[key] = string(b)
}

// expandCreateParams builds CreateCluster's parameters. The write-only password is read from config, and
// every secret is registered with mask so that it never reaches a log.
func expandCreateParams(ctx context.Context, plan, config *clusterModel, mask func(string)) (map[string]string, diag.Diagnostics) {
	var diags diag.Diagnostics
	p := map[string]string{}
	for key, v := range map[string]types.String{
		"ClusterName": plan.ClusterName, "ClusterDescription": plan.ClusterDescription, "ClusterCategory": plan.ClusterCategory,
		"ClusterMode": plan.ClusterMode, "ClusterVpcId": plan.ClusterVpcID, "ClusterVSwitchId": plan.ClusterVSwitchID,
		"SecurityGroupId": plan.SecurityGroupID, "ClientVersion": plan.ClientVersion, "ResourceGroupId": plan.ResourceGroupID,
	} {
		if s := valueOrEmpty(v); s != "" {
			p[key] = s
		}
	}
	for key, v := range map[string]types.Bool{
		"IsEnterpriseSecurityGroup": plan.IsEnterpriseSecurityGroup, "DeletionProtection": plan.DeletionProtection,
	} {
		if known(v) {
			p[key] = strconv.FormatBool(v.ValueBool())
		}
	}
	for key, v := range map[string]types.Int64{"MaxCount": plan.MaxCount, "MaxCoreCount": plan.MaxCoreCount} {
		if known(v) {
			p[key] = strconv.FormatInt(v.ValueInt64(), 10)
		}
	}
	if cc, d := expandCustomConfiguration(ctx, plan.ClusterCustomConfiguration); d.HasError() {
		diags.Append(d...)
	} else if cc != nil {
		setJSON(p, "ClusterCustomConfiguration", cc, &diags)
	}

	if known(plan.ClusterCredentials) {
		var planCreds, configCreds credentialsModel
		diags.Append(plan.ClusterCredentials.As(ctx, &planCreds, basetypes.ObjectAsOptions{})...)
		if known(config.ClusterCredentials) {
			diags.Append(config.ClusterCredentials.As(ctx, &configCreds, basetypes.ObjectAsOptions{})...)
		}
		creds := wireCredentials{KeyPairName: valueOrEmpty(planCreds.KeyPairName), Password: valueOrEmpty(planCreds.Password)}
		if wo := valueOrEmpty(configCreds.PasswordWO); wo != "" {
			creds.Password = wo
		}
		if creds.Password != "" {
			mask(creds.Password)
		}
		setJSON(p, "ClusterCredentials", creds, &diags)
	}

	if known(plan.Tags) {
		tags := map[string]string{}
		diags.Append(plan.Tags.ElementsAs(ctx, &tags, false)...)
		keys := make([]string, 0, len(tags))
		for k := range tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		list := make([]wireTag, 0, len(keys))
		for _, k := range keys {
			list = append(list, wireTag{Key: k, Value: tags[k]})
		}
		if len(list) > 0 {
			setJSON(p, "Tags", list, &diags)
		}
	}

	if m, d := expandManager(ctx, plan.Manager); d.HasError() {
		diags.Append(d...)
	} else if m != nil {
		setJSON(p, "Manager", m, &diags)
	}
	if q, d := expandQueues(ctx, plan.Queues); d.HasError() {
		diags.Append(d...)
	} else if q != nil {
		setJSON(p, "Queues", q, &diags)
	}

	if known(plan.SharedStorages) {
		var in []sharedStorageModel
		diags.Append(plan.SharedStorages.ElementsAs(ctx, &in, false)...)
		out := make([]wireSharedStorage, 0, len(in))
		for _, s := range in {
			out = append(out, wireSharedStorage{
				FileSystemID: valueOrEmpty(s.FileSystemID), MountTargetDomain: valueOrEmpty(s.MountTargetDomain),
				NASDirectory: valueOrEmpty(s.NASDirectory), MountDirectory: valueOrEmpty(s.MountDirectory),
				MountOptions: valueOrEmpty(s.MountOptions), ProtocolType: valueOrEmpty(s.ProtocolType),
			})
		}
		setJSON(p, "SharedStorages", out, &diags)
	}
	if known(plan.AdditionalPackages) {
		var in []packageModel
		diags.Append(plan.AdditionalPackages.ElementsAs(ctx, &in, false)...)
		out := make([]wirePackage, 0, len(in))
		for _, pk := range in {
			out = append(out, wirePackage{Name: valueOrEmpty(pk.Name), Version: valueOrEmpty(pk.Version)})
		}
		setJSON(p, "AdditionalPackages", out, &diags)
	}
	if known(plan.Addons) {
		var in []addonModel
		diags.Append(plan.Addons.ElementsAs(ctx, &in, false)...)
		out := make([]wireAddon, 0, len(in))
		for _, a := range in {
			out = append(out, wireAddon{Name: valueOrEmpty(a.Name), Version: valueOrEmpty(a.Version),
				ServicesSpec: valueOrEmpty(a.ServicesSpec), ResourcesSpec: valueOrEmpty(a.ResourcesSpec)})
		}
		setJSON(p, "Addons", out, &diags)
	}
	return p, diags
}

// expandUpdateParams lists what UpdateCluster must change to turn state into plan. ClusterCustomConfiguration
// is full-state: the whole object is sent, and an empty one clears it.
func expandUpdateParams(ctx context.Context, plan, state *clusterModel) (map[string]string, diag.Diagnostics) {
	var diags diag.Diagnostics
	p := map[string]string{}
	if known(plan.ClusterName) && !plan.ClusterName.Equal(state.ClusterName) {
		p["ClusterName"] = plan.ClusterName.ValueString()
	}
	if !plan.ClusterDescription.IsUnknown() && !plan.ClusterDescription.Equal(state.ClusterDescription) {
		p["ClusterDescription"] = valueOrEmpty(plan.ClusterDescription)
	}
	if known(plan.ClientVersion) && !plan.ClientVersion.Equal(state.ClientVersion) {
		p["ClientVersion"] = plan.ClientVersion.ValueString()
	}
	if known(plan.DeletionProtection) && !plan.DeletionProtection.Equal(state.DeletionProtection) {
		p["DeletionProtection"] = strconv.FormatBool(plan.DeletionProtection.ValueBool())
	}
	for key, pair := range map[string][2]types.Int64{
		"MaxCount": {plan.MaxCount, state.MaxCount}, "MaxCoreCount": {plan.MaxCoreCount, state.MaxCoreCount},
		"GrowInterval": {plan.GrowInterval, state.GrowInterval}, "IdleInterval": {plan.IdleInterval, state.IdleInterval},
	} {
		if known(pair[0]) && !pair[0].Equal(pair[1]) {
			p[key] = strconv.FormatInt(pair[0].ValueInt64(), 10)
		}
	}
	if !plan.ClusterCustomConfiguration.IsUnknown() && !plan.ClusterCustomConfiguration.Equal(state.ClusterCustomConfiguration) {
		cc, d := expandCustomConfiguration(ctx, plan.ClusterCustomConfiguration)
		diags.Append(d...)
		if cc == nil {
			cc = &wireCustomConfiguration{}
		}
		setJSON(p, "ClusterCustomConfiguration", cc, &diags)
	}
	return p, diags
}

// intervalParams are the scaling intervals that CreateCluster ignores and UpdateCluster applies.
func intervalParams(plan *clusterModel) map[string]string {
	p := map[string]string{}
	if known(plan.GrowInterval) {
		p["GrowInterval"] = strconv.FormatInt(plan.GrowInterval.ValueInt64(), 10)
	}
	if known(plan.IdleInterval) {
		p["IdleInterval"] = strconv.FormatInt(plan.IdleInterval.ValueInt64(), 10)
	}
	return p
}

func expandCustomConfiguration(ctx context.Context, o types.Object) (*wireCustomConfiguration, diag.Diagnostics) {
	if !known(o) {
		return nil, nil
	}
	var m customConfigurationModel
	d := o.As(ctx, &m, basetypes.ObjectAsOptions{})
	return &wireCustomConfiguration{Script: valueOrEmpty(m.Script), Args: valueOrEmpty(m.Args)}, d
}

func expandService(ctx context.Context, o types.Object) (*wireService, diag.Diagnostics) {
	if !known(o) {
		return nil, nil
	}
	var m serviceModel
	d := o.As(ctx, &m, basetypes.ObjectAsOptions{})
	s := &wireService{Type: valueOrEmpty(m.Type), Version: valueOrEmpty(m.Version)}
	if s.Type == "" && s.Version == "" {
		return nil, d
	}
	return s, d
}

func expandManager(ctx context.Context, o types.Object) (*wireManager, diag.Diagnostics) {
	if !known(o) {
		return nil, nil
	}
	var diags diag.Diagnostics
	var m managerModel
	diags.Append(o.As(ctx, &m, basetypes.ObjectAsOptions{})...)
	if diags.HasError() {
		return nil, diags
	}
	w := &wireManager{}
	var d diag.Diagnostics
	w.Scheduler, d = expandService(ctx, m.Scheduler)
	diags.Append(d...)
	w.DirectoryService, d = expandService(ctx, m.DirectoryService)
	diags.Append(d...)
	w.DNS, d = expandService(ctx, m.DNS)
	diags.Append(d...)
	w.ManagerNode, d = expandNode(ctx, m.ManagerNode)
	diags.Append(d...)
	return w, diags
}

// expandNode turns a NodeTemplate object (manager node or compute node) into its wire form; nil when the
// object is null or unknown. Unknown leaves (computed values not configured) are left for the service to fill.
func expandNode(ctx context.Context, o types.Object) (*wireNode, diag.Diagnostics) {
	if !known(o) {
		return nil, nil
	}
	var diags diag.Diagnostics
	var m nodeModel
	diags.Append(o.As(ctx, &m, basetypes.ObjectAsOptions{})...)
	if diags.HasError() {
		return nil, diags
	}
	w := &wireNode{
		InstanceType: valueOrEmpty(m.InstanceType), ImageID: valueOrEmpty(m.ImageID),
		InstanceChargeType: valueOrEmpty(m.InstanceChargeType), Period: flexIntOrNil(m.Period), PeriodUnit: valueOrEmpty(m.PeriodUnit),
		AutoRenew: flexBoolOrNil(m.AutoRenew), AutoRenewPeriod: flexIntOrNil(m.AutoRenewPeriod), SpotStrategy: valueOrEmpty(m.SpotStrategy),
		SpotPriceLimit: flexFloatOrNil(m.SpotPriceLimit), Duration: flexIntOrNil(m.Duration), EnableHT: flexBoolOrNil(m.EnableHT),
	}
	if known(m.SystemDisk) {
		var sd systemDiskModel
		diags.Append(m.SystemDisk.As(ctx, &sd, basetypes.ObjectAsOptions{})...)
		disk := &wireSystemDisk{Category: valueOrEmpty(sd.Category), Level: valueOrEmpty(sd.Level), Size: flexIntOrNil(sd.Size)}
		if disk.Category != "" || disk.Level != "" || disk.Size != nil {
			w.SystemDisk = disk
		}
	}
	if known(m.DataDisks) {
		var dds []dataDiskModel
		diags.Append(m.DataDisks.ElementsAs(ctx, &dds, false)...)
		for _, dd := range dds {
			w.DataDisks = append(w.DataDisks, wireDataDisk{
				Category: valueOrEmpty(dd.Category), DeleteWithInstance: flexBoolOrNil(dd.DeleteWithInstance), Device: valueOrEmpty(dd.Device),
				Level: valueOrEmpty(dd.Level), MountDir: valueOrEmpty(dd.MountDir), Size: flexIntOrNil(dd.Size), SnapshotID: valueOrEmpty(dd.SnapshotID),
			})
		}
	}
	return w, diags
}

// Flatten. A value the service returns replaces the model's; an empty string is "not set"; a string equal to
// the model's but for case keeps the model's spelling (the service lower-cases some enums).

func apiString(api string, prior types.String) types.String {
	if api == "" {
		return types.StringNull()
	}
	if known(prior) && strings.EqualFold(prior.ValueString(), api) {
		return prior
	}
	return types.StringValue(api)
}

// readInt is a number the service returned: null when it did not return it, or returned 0 for an attribute
// that has no value yet (prior null or unknown), so that a configuration generated from the state does not
// set what the service merely defaulted.
func readInt(v *flexInt, prior types.Int64) types.Int64 {
	if v == nil || (*v == 0 && !known(prior)) {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*v))
}

// readBool is readInt for a boolean: false counts as "not set" unless prior holds a value.
func readBool(v *flexBool, prior types.Bool) types.Bool {
	if v == nil || (!bool(*v) && !known(prior)) {
		return types.BoolNull()
	}
	return types.BoolValue(bool(*v))
}

// readFloat is readInt for a price.
func readFloat(v *flexFloat, prior types.Float64) types.Float64 {
	if v == nil || (*v == 0 && !known(prior)) {
		return types.Float64Null()
	}
	return types.Float64Value(float64(*v))
}

// readStrings is a list of strings the service returned: an empty one is null unless prior is a list.
func readStrings(v []string, prior types.List) types.List {
	if len(v) == 0 && !known(prior) {
		return types.ListNull(types.StringType)
	}
	return framework.StringsToList(v)
}

// keepUnlessReturned is a string the service may not return (the day-2 data disks lack some fields): the
// returned value when there is one, else prior.
func keepUnlessReturned(api string, prior types.String) types.String {
	if api == "" && known(prior) {
		return prior
	}
	return apiString(api, prior)
}

// flattenCluster copies what GetCluster (g) and ListClusters (l, nil when the cluster is not listed yet)
// return into m. Attributes the API never returns are left as they are.
func flattenCluster(ctx context.Context, m *clusterModel, g *getClusterResponse, l *listClusterItem) diag.Diagnostics {
	var diags diag.Diagnostics
	if g.ClusterID != "" {
		m.ID = types.StringValue(g.ClusterID)
	}
	m.ClusterName = apiString(g.ClusterName, m.ClusterName)
	m.ClusterCategory = apiString(g.ClusterCategory, m.ClusterCategory)
	m.ClusterMode = apiString(g.ClusterMode, m.ClusterMode)
	m.ClusterVpcID = apiString(g.ClusterVpcID, m.ClusterVpcID)
	m.ClusterVSwitchID = apiString(g.ClusterVSwitchID, m.ClusterVSwitchID)
	m.SecurityGroupID = apiString(g.SecurityGroupID, m.SecurityGroupID)
	m.ResourceGroupID = apiString(g.ResourceGroupID, m.ResourceGroupID)
	m.ClientVersion = apiString(g.ClientVersion, m.ClientVersion)
	m.MaxCount = types.Int64Value(int64(g.MaxCount))
	m.MaxCoreCount = types.Int64Value(int64(g.MaxCoreCount))
	m.GrowInterval = types.Int64Value(int64(g.GrowInterval))
	m.IdleInterval = types.Int64Value(int64(g.IdleInterval))
	m.DeletionProtection = types.BoolValue(bool(g.DeleteProtection))
	m.ClusterCustomConfiguration = flattenCustomConfiguration(g.ClusterCustomConfiguration, m.ClusterCustomConfiguration)
	var d diag.Diagnostics
	m.Manager, d = flattenManager(ctx, g.Manager, m.Manager)
	diags.Append(d...)
	m.ClusterStatus = types.StringValue(g.ClusterStatus)
	m.CreateTime = apiString(g.ClusterCreateTime, m.CreateTime)
	m.EhpcVersion = types.StringValue(g.EhpcVersion)
	if l != nil {
		// ListClusters has the description GetCluster lacks, and deletion protection as a real boolean.
		m.ClusterDescription = apiString(l.ClusterDescription, m.ClusterDescription)
		m.DeletionProtection = types.BoolValue(bool(l.DeletionProtection))
	} else if m.ClusterDescription.IsUnknown() {
		m.ClusterDescription = types.StringNull()
	}
	return diags
}

// flattenClusterLists copies the owned lists read back into m (the others are left as they are).
func flattenClusterLists(ctx context.Context, m *clusterModel, read *clusterRead) diag.Diagnostics {
	var diags diag.Diagnostics
	var d diag.Diagnostics
	if read.Queues != nil {
		m.Queues, d = flattenQueues(ctx, read.Queues, m.Queues)
		diags.Append(d...)
	}
	if read.Mounts != nil {
		m.SharedStorages, d = flattenStorages(ctx, read.Mounts, m.SharedStorages)
		diags.Append(d...)
	}
	if read.Packages != nil {
		m.AdditionalPackages, d = flattenPackages(ctx, read.Packages, m.AdditionalPackages)
		diags.Append(d...)
	}
	if read.Addons != nil {
		m.Addons, d = flattenAddons(ctx, read.Addons, m.Addons)
		diags.Append(d...)
	}
	return diags
}

func flattenCustomConfiguration(w *wireCustomConfiguration, prior types.Object) types.Object {
	if w == nil || (w.Script == "" && w.Args == "") {
		return types.ObjectNull(customConfigurationTypes())
	}
	var pm customConfigurationModel
	if known(prior) {
		pm.Script, _ = prior.Attributes()["script"].(types.String)
		pm.Args, _ = prior.Attributes()["args"].(types.String)
	}
	return types.ObjectValueMust(customConfigurationTypes(), map[string]attr.Value{
		"script": apiString(w.Script, pm.Script), "args": apiString(w.Args, pm.Args),
	})
}

func flattenManager(ctx context.Context, w *wireManager, prior types.Object) (types.Object, diag.Diagnostics) {
	if w == nil {
		if known(prior) {
			return prior, nil
		}
		return types.ObjectNull(managerTypes()), nil
	}
	var diags diag.Diagnostics
	pm := managerModel{
		Scheduler: types.ObjectNull(serviceTypes()), DirectoryService: types.ObjectNull(serviceTypes()),
		DNS: types.ObjectNull(serviceTypes()), ManagerNode: types.ObjectNull(nodeTypes()),
	}
	if known(prior) {
		diags.Append(prior.As(ctx, &pm, basetypes.ObjectAsOptions{})...)
	}
	pm.Scheduler = flattenService(w.Scheduler, pm.Scheduler, canonicalSchedulerType)
	pm.DirectoryService = flattenService(w.DirectoryService, pm.DirectoryService, canonicalNISType)
	pm.DNS = flattenService(w.DNS, pm.DNS, canonicalNISType)
	var d diag.Diagnostics
	pm.ManagerNode, d = flattenNode(ctx, w.ManagerNode, pm.ManagerNode, true)
	diags.Append(d...)
	out, d := types.ObjectValueFrom(ctx, managerTypes(), pm)
	diags.Append(d...)
	return out, diags
}

func flattenService(w *wireService, prior types.Object, canonical func(string) string) types.Object {
	if w == nil || (w.Type == "" && w.Version == "") {
		if known(prior) {
			return prior
		}
		return types.ObjectNull(serviceTypes())
	}
	var pt, pv types.String
	if known(prior) {
		pt, _ = prior.Attributes()["type"].(types.String)
		pv, _ = prior.Attributes()["version"].(types.String)
	}
	t := w.Type
	if known(pt) && canonical(t) == pt.ValueString() {
		t = pt.ValueString()
	} else {
		t = canonical(t)
	}
	return types.ObjectValueMust(serviceTypes(), map[string]attr.Value{
		"type": apiString(t, pt), "version": apiString(w.Version, pv),
	})
}

// canonicalSchedulerType maps what GetCluster reports (e.g. "slurm22") to the documented enum (see README.md, "Manager").
func canonicalSchedulerType(s string) string {
	l := strings.ToLower(s)
	switch {
	case l == "pbs_plugin":
		return "PBS_PLUGIN"
	case l == "lsf_plugin":
		return "LSF_PLUGIN"
	case strings.HasPrefix(l, "slurm"):
		return "SLURM"
	case strings.HasPrefix(l, "opengridscheduler"), strings.HasPrefix(l, "sge"):
		return "OPENGRIDSCHEDULER"
	case strings.HasPrefix(l, "pbs"):
		return "PBS"
	}
	return s
}

// canonicalNISType maps the reported "nis" to the documented "NIS".
func canonicalNISType(s string) string {
	if strings.EqualFold(s, "nis") {
		return "NIS"
	}
	return s
}

// flattenNode turns a NodeTemplate from the service into the node object, keeping from prior what the
// service does not return (data disks, for the manager node). Shared by every node of the schema.
//
// With whole false (a queue's compute node the state already has) a field prior holds as null stays null,
// one level down as for the queue's own fields (see flattenQueue): the configuration does not set it, the
// template never sends it, so the resource does not own it, and reading a default the service fills in (or a
// console change to it) would be a difference no apply could remove. The manager node, whose attributes are
// Optional+Computed, and a node seen for the first time are read whole.
func flattenNode(ctx context.Context, w *wireNode, prior types.Object, whole bool) (types.Object, diag.Diagnostics) {
	if w == nil {
		if known(prior) {
			return prior, nil
		}
		return types.ObjectNull(nodeTypes()), nil
	}
	var diags diag.Diagnostics
	pm := nodeModel{
		SystemDisk: types.ObjectNull(systemDiskTypes()),
		DataDisks:  types.ListNull(types.ObjectType{AttrTypes: dataDiskTypes()}),
	}
	if known(prior) {
		diags.Append(prior.As(ctx, &pm, basetypes.ObjectAsOptions{})...)
	} else {
		whole = true
	}
	own := ownedFields(whole)
	pm.InstanceType = ownString(own, w.InstanceType, pm.InstanceType, apiString)
	pm.ImageID = ownString(own, w.ImageID, pm.ImageID, apiString)
	pm.InstanceChargeType = ownString(own, w.InstanceChargeType, pm.InstanceChargeType, apiString)
	pm.PeriodUnit = ownString(own, w.PeriodUnit, pm.PeriodUnit, apiString)
	pm.SpotStrategy = ownString(own, w.SpotStrategy, pm.SpotStrategy, apiString)
	if own(pm.Period) {
		pm.Period = readInt(w.Period, pm.Period)
	}
	if own(pm.AutoRenew) {
		pm.AutoRenew = readBool(w.AutoRenew, pm.AutoRenew)
	}
	if own(pm.AutoRenewPeriod) {
		pm.AutoRenewPeriod = readInt(w.AutoRenewPeriod, pm.AutoRenewPeriod)
	}
	if own(pm.SpotPriceLimit) {
		pm.SpotPriceLimit = readFloat(w.SpotPriceLimit, pm.SpotPriceLimit)
	}
	if own(pm.Duration) {
		pm.Duration = readInt(w.Duration, pm.Duration)
	}
	if own(pm.EnableHT) {
		pm.EnableHT = readBool(w.EnableHT, pm.EnableHT)
	}
	if own(pm.SystemDisk) {
		pm.SystemDisk = flattenSystemDisk(w.SystemDisk, pm.SystemDisk, whole)
	}
	if w.DataDisks != nil && own(pm.DataDisks) {
		var priorDisks []dataDiskModel
		if known(pm.DataDisks) {
			diags.Append(pm.DataDisks.ElementsAs(ctx, &priorDisks, false)...)
		}
		items := make([]dataDiskModel, 0, len(w.DataDisks))
		for i, dd := range w.DataDisks {
			p := dataDiskModel{Category: types.StringNull(), DeleteWithInstance: types.BoolNull(), Device: types.StringNull(),
				Level: types.StringNull(), MountDir: types.StringNull(), Size: types.Int64Null(), SnapshotID: types.StringNull()}
			ownDisk := own
			if i < len(priorDisks) {
				p = priorDisks[i]
			} else {
				ownDisk = ownedFields(true)
			}
			size := p.Size
			if ownDisk(p.Size) {
				size = readInt(dd.Size, p.Size)
			}
			deleteWith := p.DeleteWithInstance
			if ownDisk(p.DeleteWithInstance) {
				deleteWith = readBool(dd.DeleteWithInstance, p.DeleteWithInstance)
			}
			items = append(items, dataDiskModel{
				Category: ownString(ownDisk, dd.Category, p.Category, apiString), DeleteWithInstance: deleteWith,
				Device: ownString(ownDisk, dd.Device, p.Device, keepUnlessReturned), Level: ownString(ownDisk, dd.Level, p.Level, apiString),
				MountDir: ownString(ownDisk, dd.MountDir, p.MountDir, keepUnlessReturned), Size: size,
				SnapshotID: ownString(ownDisk, dd.SnapshotID, p.SnapshotID, keepUnlessReturned),
			})
		}
		var d diag.Diagnostics
		pm.DataDisks, d = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: dataDiskTypes()}, items)
		diags.Append(d...)
	} else if pm.DataDisks.IsUnknown() {
		pm.DataDisks = types.ListNull(types.ObjectType{AttrTypes: dataDiskTypes()})
	}
	out, d := types.ObjectValueFrom(ctx, nodeTypes(), pm)
	diags.Append(d...)
	return out, diags
}

// ownedFields says which fields a read may set: all of them when whole, else those prior holds a value of.
func ownedFields(whole bool) func(attr.Value) bool {
	return func(prior attr.Value) bool { return whole || !prior.IsNull() }
}

// ownString reads a string field with read when it is owned, and keeps prior (null) when it is not.
func ownString(own func(attr.Value) bool, api string, prior types.String, read func(string, types.String) types.String) types.String {
	if !own(prior) {
		return prior
	}
	return read(api, prior)
}

// cutEHPCSuffix undoes the "/ehpc…" segment the service appends to the NAS directory of /home and /opt. It
// cuts the last path segment only, so that a directory whose own name starts with "ehpc" ("/ehpcshare") is
// kept, and not at all when the service reports the configured directory as it is.
func cutEHPCSuffix(dir string, configured types.String) string {
	if known(configured) && strings.TrimSuffix(configured.ValueString(), "/") == strings.TrimSuffix(dir, "/") {
		return dir
	}
	i := strings.LastIndex(dir, "/ehpc")
	if i < 0 || strings.Contains(dir[i+1:], "/") {
		return dir
	}
	if dir = dir[:i]; dir == "" {
		return "/"
	}
	return dir
}

func flattenSystemDisk(w *wireSystemDisk, prior types.Object, whole bool) types.Object {
	if w == nil || (w.Category == "" && w.Level == "" && w.Size == nil) {
		if known(prior) {
			return prior
		}
		return types.ObjectNull(systemDiskTypes())
	}
	pc, pl, ps := types.StringNull(), types.StringNull(), types.Int64Null()
	if known(prior) {
		pc, _ = prior.Attributes()["category"].(types.String)
		pl, _ = prior.Attributes()["level"].(types.String)
		ps, _ = prior.Attributes()["size"].(types.Int64)
	} else {
		whole = true
	}
	own := ownedFields(whole)
	size := ps
	if own(ps) {
		size = readInt(w.Size, ps)
	}
	return types.ObjectValueMust(systemDiskTypes(), map[string]attr.Value{
		"category": ownString(own, w.Category, pc, apiString), "level": ownString(own, w.Level, pl, apiString), "size": size,
	})
}

// Shared storages, packages and add-ons of a running cluster (see README.md, "Shared storages",
// "Software", "Add-ons").

// flattenStorages turns the mounts ListSharedStorages shows into shared storages, each read over the one of
// prior with the same mount directory. For /home and /opt the service appends "/ehpc…" to the storage
// directory: it is cut off.
func flattenStorages(ctx context.Context, mounts []wireMount, prior types.Set) (types.Set, diag.Diagnostics) {
	priorItems, diags := framework.ElementsOf[sharedStorageModel](ctx, prior)
	byDir := map[string]sharedStorageModel{}
	for _, p := range priorItems {
		byDir[p.MountDirectory.ValueString()] = p
	}
	out := make([]sharedStorageModel, 0, len(mounts))
	for _, m := range mounts {
		p, ok := byDir[m.MountDirectory]
		if !ok {
			p = sharedStorageModel{}
		}
		dir := m.StorageDirectory
		if m.MountDirectory == "/home" || m.MountDirectory == "/opt" {
			dir = cutEHPCSuffix(dir, p.NASDirectory)
		}
		nasDir := apiString(dir, p.NASDirectory)
		// "/" and "" name the same root: keep the configured spelling.
		if known(p.NASDirectory) && strings.TrimSuffix(p.NASDirectory.ValueString(), "/") == strings.TrimSuffix(dir, "/") {
			nasDir = p.NASDirectory
		}
		out = append(out, sharedStorageModel{
			FileSystemID: apiString(m.FileSystemID, p.FileSystemID), MountTargetDomain: apiString(m.MountTarget, p.MountTargetDomain),
			NASDirectory: nasDir, MountDirectory: apiString(m.MountDirectory, p.MountDirectory),
			MountOptions: apiString(m.MountOptions, p.MountOptions), ProtocolType: apiString(m.ProtocolType, p.ProtocolType),
		})
	}
	l, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: storageTypes()}, out)
	diags.Append(d...)
	return l, diags
}

// expandAttach is a shared storage as AttachSharedStorages takes it.
func expandAttach(s sharedStorageModel) wireAttach {
	return wireAttach{
		FileSystemID: valueOrEmpty(s.FileSystemID), MountDirectory: valueOrEmpty(s.MountDirectory),
		MountTarget: valueOrEmpty(s.MountTargetDomain), ProtocolType: valueOrEmpty(s.ProtocolType),
		StorageDirectory: valueOrEmpty(s.NASDirectory), MountOptions: valueOrEmpty(s.MountOptions),
		VolumeType: "nas", Location: "PublicCloud",
	}
}

// storageChanges is what turns one set of shared storages into another, matched by mount directory: a
// changed mount is detached and attached again.
type storageChanges struct {
	Detach []string
	Attach []wireAttach
}

func expandStorageChanges(ctx context.Context, plan, current types.Set) (storageChanges, diag.Diagnostics) {
	var ch storageChanges
	planned, diags := framework.ElementsOf[sharedStorageModel](ctx, plan)
	now, d := framework.ElementsOf[sharedStorageModel](ctx, current)
	diags.Append(d...)
	nowByDir := map[string]sharedStorageModel{}
	for _, s := range now {
		nowByDir[s.MountDirectory.ValueString()] = s
	}
	plannedDirs := map[string]bool{}
	for _, s := range planned {
		dir := s.MountDirectory.ValueString()
		plannedDirs[dir] = true
		old, ok := nowByDir[dir]
		if ok && old == s {
			continue
		}
		if ok {
			ch.Detach = append(ch.Detach, dir)
		}
		ch.Attach = append(ch.Attach, expandAttach(s))
	}
	for _, s := range now {
		if dir := s.MountDirectory.ValueString(); !plannedDirs[dir] {
			ch.Detach = append(ch.Detach, dir)
		}
	}
	return ch, diags
}

// flattenPackages turns the installed software into packages, each read over the one of prior with the
// same name.
func flattenPackages(ctx context.Context, ws []wirePackage, prior types.Set) (types.Set, diag.Diagnostics) {
	priorItems, diags := framework.ElementsOf[packageModel](ctx, prior)
	byName := map[string]packageModel{}
	for _, p := range priorItems {
		byName[p.Name.ValueString()] = p
	}
	out := make([]packageModel, 0, len(ws))
	for _, w := range ws {
		p := byName[w.Name]
		out = append(out, packageModel{Name: apiString(w.Name, p.Name), Version: apiString(w.Version, p.Version)})
	}
	l, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: packageTypes()}, out)
	diags.Append(d...)
	return l, diags
}

// expandPackageChanges is what to uninstall and install to turn current into plan. Packages are matched by
// name: a planned package whose name is not installed is installed, an installed one whose name is not
// planned uninstalled, and one whose configured version differs from the installed one is both. A planned
// version that is null or unknown (not configured, see packageVersionsFromState) is never a change.
func expandPackageChanges(ctx context.Context, plan, current types.Set) (uninstall, install []wirePackage, diags diag.Diagnostics) {
	planned, diags := framework.ElementsOf[packageModel](ctx, plan)
	now, d := framework.ElementsOf[packageModel](ctx, current)
	diags.Append(d...)
	wire := func(p packageModel) wirePackage {
		return wirePackage{Name: valueOrEmpty(p.Name), Version: valueOrEmpty(p.Version)}
	}
	installed := map[string]packageModel{}
	for _, p := range now {
		installed[valueOrEmpty(p.Name)] = p
	}
	plannedNames := map[string]bool{}
	for _, p := range planned {
		name := valueOrEmpty(p.Name)
		plannedNames[name] = true
		have, ok := installed[name]
		switch {
		case !ok:
			install = append(install, wire(p))
		case known(p.Version) && valueOrEmpty(have.Version) != p.Version.ValueString():
			uninstall = append(uninstall, wire(have))
			install = append(install, wire(p))
		}
	}
	for _, p := range now {
		if !plannedNames[valueOrEmpty(p.Name)] {
			uninstall = append(uninstall, wire(p))
		}
	}
	return uninstall, install, diags
}

// specText is an add-on spec read back: prior's text when it is the same JSON value, else the service's
// value as JSON text; null when the service has nothing and nothing is configured. GetAddon returns the
// services as a list, so a configured single object equals a one-item list holding it.
func specText(api json.RawMessage, prior types.String) types.String {
	var got any
	if len(api) == 0 || json.Unmarshal(api, &got) != nil || got == nil || isEmptyJSON(got) {
		if known(prior) && isEmptyJSONText(prior.ValueString()) {
			return prior
		}
		return types.StringNull()
	}
	if known(prior) {
		var want any
		if json.Unmarshal([]byte(prior.ValueString()), &want) == nil {
			if reflect.DeepEqual(want, got) || reflect.DeepEqual([]any{want}, got) {
				return prior
			}
		}
	}
	b, _ := json.Marshal(got)
	return types.StringValue(string(b))
}

func isEmptyJSON(v any) bool {
	switch t := v.(type) {
	case []any:
		return len(t) == 0
	case map[string]any:
		return len(t) == 0
	}
	return false
}

func isEmptyJSONText(s string) bool {
	var v any
	return json.Unmarshal([]byte(s), &v) == nil && isEmptyJSON(v)
}

// flattenAddons turns the installed add-ons into the list of the state, each read over the one of prior
// with the same name.
func flattenAddons(ctx context.Context, ws []wireInstalledAddon, prior types.List) (types.List, diag.Diagnostics) {
	priorItems, diags := framework.ElementsOf[addonModel](ctx, prior)
	byName := map[string]addonModel{}
	for _, p := range priorItems {
		byName[p.Name.ValueString()] = p
	}
	out := make([]addonModel, 0, len(ws))
	for _, w := range ws {
		p := byName[w.Name]
		out = append(out, addonModel{
			AddonID: types.StringValue(w.AddonID), Name: apiString(w.Name, p.Name), Version: apiString(w.Version, p.Version),
			ServicesSpec: specText(w.ServicesSpec, p.ServicesSpec), ResourcesSpec: specText(w.ResourcesSpec, p.ResourcesSpec),
		})
	}
	l, d := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: addonTypes()}, out)
	diags.Append(d...)
	return l, diags
}

// addonChanges is what turns one list of add-ons into another, matched by name: a changed add-on (version or
// specs) is uninstalled and installed again.
type addonChanges struct {
	Uninstall []string // add-on ids
	Install   []wireAddon
}

// addonSame reports whether two add-ons are the same installation: same name and version, specs equal as JSON.
func addonSame(a, b addonModel) bool {
	return a.Name.Equal(b.Name) && a.Version.Equal(b.Version) &&
		jsonTextEqual(a.ServicesSpec, b.ServicesSpec) && jsonTextEqual(a.ResourcesSpec, b.ResourcesSpec)
}

func jsonTextEqual(a, b types.String) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() == b.IsNull()
	}
	var va, vb any
	if json.Unmarshal([]byte(a.ValueString()), &va) != nil || json.Unmarshal([]byte(b.ValueString()), &vb) != nil {
		return a.Equal(b)
	}
	return reflect.DeepEqual(va, vb)
}

func expandAddonChanges(ctx context.Context, plan, current types.List) (addonChanges, diag.Diagnostics) {
	var ch addonChanges
	planned, diags := framework.ElementsOf[addonModel](ctx, plan)
	now, d := framework.ElementsOf[addonModel](ctx, current)
	diags.Append(d...)
	nowByName := map[string]addonModel{}
	for _, a := range now {
		nowByName[a.Name.ValueString()] = a
	}
	plannedNames := map[string]bool{}
	for _, a := range planned {
		plannedNames[a.Name.ValueString()] = true
		old, ok := nowByName[a.Name.ValueString()]
		if ok && addonSame(a, old) {
			continue
		}
		if ok {
			ch.Uninstall = append(ch.Uninstall, old.AddonID.ValueString())
		}
		ch.Install = append(ch.Install, wireAddon{Name: valueOrEmpty(a.Name), Version: valueOrEmpty(a.Version),
			ServicesSpec: valueOrEmpty(a.ServicesSpec), ResourcesSpec: valueOrEmpty(a.ResourcesSpec)})
	}
	for _, a := range now {
		if !plannedNames[a.Name.ValueString()] {
			ch.Uninstall = append(ch.Uninstall, a.AddonID.ValueString())
		}
	}
	return ch, diags
}
