package ehpc

// Helpers of aliyun_ehpc_cluster: wire types, expand (model → CreateCluster/UpdateCluster parameters), flatten
// (GetCluster/ListClusters → model), API calls (find, wait), the import-aware replacement modifier and the
// validators whose rule depends on a sibling attribute.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// Wire types. Numbers and booleans are read leniently: GetCluster returns MaxCount as a string and
// DeleteProtection as "true"/"false", ListClusters the same values as int64 and bool (REFERENCE §6.7).

// flexInt is an integer that may arrive as a JSON number or a string ("" meaning 0).
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", b)
	}
	*f = flexInt(n)
	return nil
}

// flexBool is a boolean that may arrive as true/false or "true"/"false".
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	if s == "" || s == "null" {
		*f = false
		return nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("not a boolean: %s", b)
	}
	*f = flexBool(v)
	return nil
}

// flexFloat is a number that may arrive as a JSON number or a string.
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", b)
	}
	*f = flexFloat(v)
	return nil
}

// wireNode is a NodeTemplate. GetCluster spells EnableHT as EnableHt; encoding/json matches keys
// case-insensitively, so one type serves both directions.
type wireNode struct {
	InstanceType       string          `json:"InstanceType,omitempty"`
	ImageID            string          `json:"ImageId,omitempty"`
	InstanceChargeType string          `json:"InstanceChargeType,omitempty"`
	Period             *flexInt        `json:"Period,omitempty"`
	PeriodUnit         string          `json:"PeriodUnit,omitempty"`
	AutoRenew          *flexBool       `json:"AutoRenew,omitempty"`
	AutoRenewPeriod    *flexInt        `json:"AutoRenewPeriod,omitempty"`
	SpotStrategy       string          `json:"SpotStrategy,omitempty"`
	SpotPriceLimit     *flexFloat      `json:"SpotPriceLimit,omitempty"`
	Duration           *flexInt        `json:"Duration,omitempty"`
	EnableHT           *flexBool       `json:"EnableHT,omitempty"`
	SystemDisk         *wireSystemDisk `json:"SystemDisk,omitempty"`
	DataDisks          []wireDataDisk  `json:"DataDisks,omitempty"`
}

type wireSystemDisk struct {
	Category string   `json:"Category,omitempty"`
	Level    string   `json:"Level,omitempty"`
	Size     *flexInt `json:"Size,omitempty"`
}

type wireDataDisk struct {
	Category           string    `json:"Category,omitempty"`
	DeleteWithInstance *flexBool `json:"DeleteWithInstance,omitempty"`
	Device             string    `json:"Device,omitempty"`
	Level              string    `json:"Level,omitempty"`
	MountDir           string    `json:"MountDir,omitempty"`
	Size               *flexInt  `json:"Size,omitempty"`
	SnapshotID         string    `json:"SnapshotId,omitempty"`
}

type wireService struct {
	Type    string `json:"Type,omitempty"`
	Version string `json:"Version,omitempty"`
	// Status is only in responses.
	Status string `json:"Status,omitempty"`
}

type wireManager struct {
	Scheduler        *wireService `json:"Scheduler,omitempty"`
	DirectoryService *wireService `json:"DirectoryService,omitempty"`
	DNS              *wireService `json:"DNS,omitempty"`
	ManagerNode      *wireNode    `json:"ManagerNode,omitempty"`
}

type wireQueue struct {
	QueueName          string     `json:"QueueName"`
	ComputeNodes       []wireNode `json:"ComputeNodes,omitempty"`
	VSwitchIDs         []string   `json:"VSwitchIds,omitempty"`
	InterConnect       string     `json:"InterConnect,omitempty"`
	EnableScaleIn      *bool      `json:"EnableScaleIn,omitempty"`
	EnableScaleOut     *bool      `json:"EnableScaleOut,omitempty"`
	MinCount           *int64     `json:"MinCount,omitempty"`
	MaxCount           *int64     `json:"MaxCount,omitempty"`
	InitialCount       *int64     `json:"InitialCount,omitempty"`
	MaxCountPerCycle   *int64     `json:"MaxCountPerCycle,omitempty"`
	AllocationStrategy string     `json:"AllocationStrategy,omitempty"`
	HostnamePrefix     string     `json:"HostnamePrefix,omitempty"`
	HostnameSuffix     string     `json:"HostnameSuffix,omitempty"`
	KeepAliveNodes     []string   `json:"KeepAliveNodes,omitempty"`
	RamRole            string     `json:"RamRole,omitempty"`
	ReservedNodePoolID string     `json:"ReservedNodePoolId,omitempty"`
}

type wireSharedStorage struct {
	FileSystemID      string `json:"FileSystemId,omitempty"`
	MountTargetDomain string `json:"MountTargetDomain,omitempty"`
	NASDirectory      string `json:"NASDirectory,omitempty"`
	MountDirectory    string `json:"MountDirectory,omitempty"`
	MountOptions      string `json:"MountOptions,omitempty"`
	ProtocolType      string `json:"ProtocolType,omitempty"`
}

type wirePackage struct {
	Name    string `json:"Name"`
	Version string `json:"Version,omitempty"`
}

type wireAddon struct {
	Name          string `json:"Name"`
	Version       string `json:"Version"`
	ServicesSpec  string `json:"ServicesSpec,omitempty"`
	ResourcesSpec string `json:"ResourcesSpec,omitempty"`
}

type wireCustomConfiguration struct {
	Script string `json:"Script"`
	Args   string `json:"Args"`
}

type wireCredentials struct {
	KeyPairName string `json:"KeyPairName,omitempty"`
	Password    string `json:"Password,omitempty"`
}

// wireTag uses lower-case keys: REFERENCE §6.1 CONFLICT — the SDK model says Key/Value, the official provider
// reports that the service rejects them ("Tags.0.key" InvalidParams) and sends key/value, which is followed here.
type wireTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type getClusterResponse struct {
	ClusterID                  string                   `json:"ClusterId"`
	ClusterName                string                   `json:"ClusterName"`
	ClusterCategory            string                   `json:"ClusterCategory"`
	ClusterMode                string                   `json:"ClusterMode"`
	ClusterStatus              string                   `json:"ClusterStatus"`
	ClusterCreateTime          string                   `json:"ClusterCreateTime"`
	ClusterVpcID               string                   `json:"ClusterVpcId"`
	ClusterVSwitchID           string                   `json:"ClusterVSwitchId"`
	SecurityGroupID            string                   `json:"SecurityGroupId"`
	ResourceGroupID            string                   `json:"ResourceGroupId"`
	ClientVersion              string                   `json:"ClientVersion"`
	EhpcVersion                string                   `json:"EhpcVersion"`
	DeleteProtection           flexBool                 `json:"DeleteProtection"`
	MaxCount                   flexInt                  `json:"MaxCount"`
	MaxCoreCount               flexInt                  `json:"MaxCoreCount"`
	GrowInterval               flexInt                  `json:"GrowInterval"`
	IdleInterval               flexInt                  `json:"IdleInterval"`
	ClusterCustomConfiguration *wireCustomConfiguration `json:"ClusterCustomConfiguration"`
	Manager                    *wireManager             `json:"Manager"`
}

type listClusterItem struct {
	ClusterID          string        `json:"ClusterId"`
	ClusterName        string        `json:"ClusterName"`
	ClusterDescription string        `json:"ClusterDescription"`
	ClusterCreateTime  string        `json:"ClusterCreateTime"`
	DeletionProtection flexBool      `json:"DeletionProtection"`
	AdditionalPackages []wirePackage `json:"AdditionalPackages"`
}

// Attribute types, derived once from the schema so that they cannot drift from it. The type assertions
// below hold by construction of clusterSchema; the schema parity test fails first if they ever do not.

var clusterAttrTypes = sync.OnceValue(func() map[string]attr.Type {
	return clusterSchema(context.Background()).Type().(types.ObjectType).AttrTypes //nolint:forcetypeassert // see above
})

func objectTypes(t attr.Type) map[string]attr.Type { return t.(types.ObjectType).AttrTypes } //nolint:forcetypeassert // see above
func elementTypes(t attr.Type) map[string]attr.Type {
	return t.(types.ListType).ElemType.(types.ObjectType).AttrTypes //nolint:forcetypeassert // see above
}

var (
	customConfigurationTypes = sync.OnceValue(func() map[string]attr.Type { return objectTypes(clusterAttrTypes()["cluster_custom_configuration"]) })
	managerTypes             = sync.OnceValue(func() map[string]attr.Type { return objectTypes(clusterAttrTypes()["manager"]) })
	serviceTypes             = sync.OnceValue(func() map[string]attr.Type { return objectTypes(managerTypes()["scheduler"]) })
	nodeTypes                = sync.OnceValue(func() map[string]attr.Type { return objectTypes(managerTypes()["manager_node"]) })
	systemDiskTypes          = sync.OnceValue(func() map[string]attr.Type { return objectTypes(nodeTypes()["system_disk"]) })
	dataDiskTypes            = sync.OnceValue(func() map[string]attr.Type { return elementTypes(nodeTypes()["data_disks"]) })
	packageTypes             = sync.OnceValue(func() map[string]attr.Type { return elementTypes(clusterAttrTypes()["additional_packages"]) })
)

// Expand.

func known(v attr.Value) bool { return v != nil && !v.IsNull() && !v.IsUnknown() }

func optString(v types.String) string {
	if !known(v) {
		return ""
	}
	return v.ValueString()
}

func optInt(v types.Int64) *flexInt {
	if !known(v) {
		return nil
	}
	f := flexInt(v.ValueInt64())
	return &f
}

func optInt64(v types.Int64) *int64 {
	if !known(v) {
		return nil
	}
	return v.ValueInt64Pointer()
}

func optBool(v types.Bool) *flexBool {
	if !known(v) {
		return nil
	}
	f := flexBool(v.ValueBool())
	return &f
}

func optPlainBool(v types.Bool) *bool {
	if !known(v) {
		return nil
	}
	return v.ValueBoolPointer()
}

func optFloat(v types.Float64) *flexFloat {
	if !known(v) {
		return nil
	}
	f := flexFloat(v.ValueFloat64())
	return &f
}

func optStrings(ctx context.Context, l types.List) ([]string, diag.Diagnostics) {
	if !known(l) {
		return nil, nil
	}
	var out []string
	d := l.ElementsAs(ctx, &out, false)
	return out, d
}

// setJSON stores v as a JSON-string parameter (REFERENCE §6.1: nested values travel as one JSON string each).
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
		if s := optString(v); s != "" {
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
		creds := wireCredentials{KeyPairName: optString(planCreds.KeyPairName), Password: optString(planCreds.Password)}
		if wo := optString(configCreds.PasswordWO); wo != "" {
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
				FileSystemID: optString(s.FileSystemID), MountTargetDomain: optString(s.MountTargetDomain),
				NASDirectory: optString(s.NASDirectory), MountDirectory: optString(s.MountDirectory),
				MountOptions: optString(s.MountOptions), ProtocolType: optString(s.ProtocolType),
			})
		}
		setJSON(p, "SharedStorages", out, &diags)
	}
	if known(plan.AdditionalPackages) {
		var in []packageModel
		diags.Append(plan.AdditionalPackages.ElementsAs(ctx, &in, false)...)
		out := make([]wirePackage, 0, len(in))
		for _, pk := range in {
			out = append(out, wirePackage{Name: optString(pk.Name), Version: optString(pk.Version)})
		}
		setJSON(p, "AdditionalPackages", out, &diags)
	}
	if known(plan.Addons) {
		var in []addonModel
		diags.Append(plan.Addons.ElementsAs(ctx, &in, false)...)
		out := make([]wireAddon, 0, len(in))
		for _, a := range in {
			out = append(out, wireAddon{Name: optString(a.Name), Version: optString(a.Version),
				ServicesSpec: optString(a.ServicesSpec), ResourcesSpec: optString(a.ResourcesSpec)})
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
		p["ClusterDescription"] = optString(plan.ClusterDescription)
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
	return &wireCustomConfiguration{Script: optString(m.Script), Args: optString(m.Args)}, d
}

func expandService(ctx context.Context, o types.Object) (*wireService, diag.Diagnostics) {
	if !known(o) {
		return nil, nil
	}
	var m serviceModel
	d := o.As(ctx, &m, basetypes.ObjectAsOptions{})
	s := &wireService{Type: optString(m.Type), Version: optString(m.Version)}
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
		InstanceType: optString(m.InstanceType), ImageID: optString(m.ImageID),
		InstanceChargeType: optString(m.InstanceChargeType), Period: optInt(m.Period), PeriodUnit: optString(m.PeriodUnit),
		AutoRenew: optBool(m.AutoRenew), AutoRenewPeriod: optInt(m.AutoRenewPeriod), SpotStrategy: optString(m.SpotStrategy),
		SpotPriceLimit: optFloat(m.SpotPriceLimit), Duration: optInt(m.Duration), EnableHT: optBool(m.EnableHT),
	}
	if known(m.SystemDisk) {
		var sd systemDiskModel
		diags.Append(m.SystemDisk.As(ctx, &sd, basetypes.ObjectAsOptions{})...)
		disk := &wireSystemDisk{Category: optString(sd.Category), Level: optString(sd.Level), Size: optInt(sd.Size)}
		if disk.Category != "" || disk.Level != "" || disk.Size != nil {
			w.SystemDisk = disk
		}
	}
	if known(m.DataDisks) {
		var dds []dataDiskModel
		diags.Append(m.DataDisks.ElementsAs(ctx, &dds, false)...)
		for _, dd := range dds {
			w.DataDisks = append(w.DataDisks, wireDataDisk{
				Category: optString(dd.Category), DeleteWithInstance: optBool(dd.DeleteWithInstance), Device: optString(dd.Device),
				Level: optString(dd.Level), MountDir: optString(dd.MountDir), Size: optInt(dd.Size), SnapshotID: optString(dd.SnapshotID),
			})
		}
	}
	return w, diags
}

func expandQueues(ctx context.Context, l types.List) ([]wireQueue, diag.Diagnostics) {
	if !known(l) {
		return nil, nil
	}
	var diags diag.Diagnostics
	var in []queueModel
	diags.Append(l.ElementsAs(ctx, &in, false)...)
	if diags.HasError() {
		return nil, diags
	}
	out := make([]wireQueue, 0, len(in))
	for _, q := range in {
		wq := wireQueue{
			QueueName: optString(q.QueueName), InterConnect: optString(q.InterConnect),
			EnableScaleIn: optPlainBool(q.EnableScaleIn), EnableScaleOut: optPlainBool(q.EnableScaleOut),
			MinCount: optInt64(q.MinCount), MaxCount: optInt64(q.MaxCount), InitialCount: optInt64(q.InitialCount),
			MaxCountPerCycle: optInt64(q.MaxCountPerCycle), AllocationStrategy: optString(q.AllocationStrategy),
			HostnamePrefix: optString(q.HostnamePrefix), HostnameSuffix: optString(q.HostnameSuffix),
			RamRole: optString(q.RamRole), ReservedNodePoolID: optString(q.ReservedNodePoolID),
		}
		var d diag.Diagnostics
		wq.VSwitchIDs, d = optStrings(ctx, q.VSwitchIDs)
		diags.Append(d...)
		wq.KeepAliveNodes, d = optStrings(ctx, q.KeepAliveNodes)
		diags.Append(d...)
		if known(q.ComputeNodes) {
			for _, e := range q.ComputeNodes.Elements() {
				obj, ok := e.(types.Object)
				if !ok {
					continue
				}
				n, d := expandNode(ctx, obj)
				diags.Append(d...)
				if n != nil {
					wq.ComputeNodes = append(wq.ComputeNodes, *n)
				}
			}
		}
		out = append(out, wq)
	}
	return out, diags
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

func apiInt(v *flexInt) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*v))
}

func apiBool(v *flexBool) types.Bool {
	if v == nil {
		return types.BoolNull()
	}
	return types.BoolValue(bool(*v))
}

func apiFloat(v *flexFloat) types.Float64 {
	if v == nil {
		return types.Float64Null()
	}
	return types.Float64Value(float64(*v))
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
		m.AdditionalPackages, d = flattenPackages(ctx, l.AdditionalPackages, m.AdditionalPackages)
		diags.Append(d...)
	} else if m.ClusterDescription.IsUnknown() {
		m.ClusterDescription = types.StringNull()
	}
	if m.AdditionalPackages.IsUnknown() {
		m.AdditionalPackages = types.ListNull(types.ObjectType{AttrTypes: packageTypes()})
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

func flattenPackages(ctx context.Context, ws []wirePackage, prior types.List) (types.List, diag.Diagnostics) {
	elem := types.ObjectType{AttrTypes: packageTypes()}
	if len(ws) == 0 {
		if known(prior) && len(prior.Elements()) == 0 {
			return prior, nil
		}
		return types.ListNull(elem), nil
	}
	var priorItems []packageModel
	if known(prior) {
		_ = prior.ElementsAs(ctx, &priorItems, false)
	}
	items := make([]packageModel, 0, len(ws))
	for i, w := range ws {
		var p packageModel
		if i < len(priorItems) {
			p = priorItems[i]
		}
		items = append(items, packageModel{Name: apiString(w.Name, p.Name), Version: apiString(w.Version, p.Version)})
	}
	return types.ListValueFrom(ctx, elem, items)
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
	pm.ManagerNode, d = flattenNode(ctx, w.ManagerNode, pm.ManagerNode)
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

// canonicalSchedulerType maps what GetCluster reports (e.g. "slurm22") to the documented enum (REFERENCE §6.4).
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
func flattenNode(ctx context.Context, w *wireNode, prior types.Object) (types.Object, diag.Diagnostics) {
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
	}
	pm.InstanceType = apiString(w.InstanceType, pm.InstanceType)
	pm.ImageID = apiString(w.ImageID, pm.ImageID)
	pm.InstanceChargeType = apiString(w.InstanceChargeType, pm.InstanceChargeType)
	pm.Period = apiInt(w.Period)
	pm.PeriodUnit = apiString(w.PeriodUnit, pm.PeriodUnit)
	pm.AutoRenew = apiBool(w.AutoRenew)
	pm.AutoRenewPeriod = apiInt(w.AutoRenewPeriod)
	pm.SpotStrategy = apiString(w.SpotStrategy, pm.SpotStrategy)
	pm.SpotPriceLimit = apiFloat(w.SpotPriceLimit)
	pm.Duration = apiInt(w.Duration)
	pm.EnableHT = apiBool(w.EnableHT)
	pm.SystemDisk = flattenSystemDisk(w.SystemDisk, pm.SystemDisk)
	if w.DataDisks != nil {
		items := make([]dataDiskModel, 0, len(w.DataDisks))
		for _, dd := range w.DataDisks {
			items = append(items, dataDiskModel{
				Category: apiString(dd.Category, types.StringNull()), DeleteWithInstance: apiBool(dd.DeleteWithInstance),
				Device: apiString(dd.Device, types.StringNull()), Level: apiString(dd.Level, types.StringNull()),
				MountDir: apiString(dd.MountDir, types.StringNull()), Size: apiInt(dd.Size),
				SnapshotID: apiString(dd.SnapshotID, types.StringNull()),
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

func flattenSystemDisk(w *wireSystemDisk, prior types.Object) types.Object {
	if w == nil || (w.Category == "" && w.Level == "" && w.Size == nil) {
		if known(prior) {
			return prior
		}
		return types.ObjectNull(systemDiskTypes())
	}
	var pc, pl types.String
	if known(prior) {
		pc, _ = prior.Attributes()["category"].(types.String)
		pl, _ = prior.Attributes()["level"].(types.String)
	}
	return types.ObjectValueMust(systemDiskTypes(), map[string]attr.Value{
		"category": apiString(w.Category, pc), "level": apiString(w.Level, pl), "size": apiInt(w.Size),
	})
}

// API calls.

// createCluster calls CreateCluster, which has no idempotency token, so an answer lost on the way back
// (dropped connection, timeout) leaves the outcome unknown. When the configuration names the cluster, the
// provider then looks for a cluster of that name created since the call: one is adopted, none means the
// request was not applied and it is sent again. Without a name the error is returned, as nothing can tell.
func (r *clusterResource) createCluster(ctx context.Context, params map[string]string, name types.String) (string, error) {
	for {
		start := time.Now()
		var out struct {
			ClusterID string `json:"ClusterId"`
		}
		_, err := r.client.RPC(ctx, ehpc2024("CreateCluster", params, client.RetryPolicy{NotIdempotent: true}), &out)
		if err == nil {
			if out.ClusterID == "" {
				return "", errors.New("CreateCluster answered without a ClusterId")
			}
			return out.ClusterID, nil
		}
		if !client.IsAmbiguous(err) || !known(name) {
			return "", err
		}
		tflog.Warn(ctx, "CreateCluster outcome unknown; looking for the cluster by name", map[string]any{"error": err.Error()})
		// Give a cluster that was created a moment to be listed.
		if serr := client.Sleep(ctx, r.client.PollConfig().InitialDelay); serr != nil {
			return "", fmt.Errorf("%w (and %v before it could be looked up by name)", err, serr)
		}
		ids, lerr := r.findCreatedSince(ctx, name.ValueString(), start)
		switch {
		case lerr != nil:
			return "", fmt.Errorf("%w; looking for a cluster named %q also failed: %v", err, name.ValueString(), lerr)
		case len(ids) == 1:
			tflog.Info(ctx, "adopting the cluster created by the unanswered CreateCluster", map[string]any{"cluster_id": ids[0]})
			return ids[0], nil
		case len(ids) > 1:
			return "", fmt.Errorf("%w; several clusters named %q were created since (%s): import the right one", err, name.ValueString(), strings.Join(ids, ", "))
		}
		tflog.Info(ctx, "the unanswered CreateCluster created nothing; sending it again")
	}
}

func (r *clusterResource) findCreatedSince(ctx context.Context, name string, since time.Time) ([]string, error) {
	names, _ := json.Marshal([]string{name})
	var out struct {
		Clusters []listClusterItem `json:"Clusters"`
	}
	if _, err := r.client.RPC(ctx, ehpc2024("ListClusters", map[string]string{"ClusterNames": string(names), "PageSize": "100"}, client.RetryPolicy{}), &out); err != nil {
		return nil, err
	}
	var ids []string
	for _, c := range out.Clusters {
		created, err := time.Parse(time.RFC3339, c.ClusterCreateTime)
		// A minute of slack for the difference between this machine's clock and the service's.
		if c.ClusterName == name && (err != nil || created.After(since.Add(-time.Minute))) {
			ids = append(ids, c.ClusterID)
		}
	}
	return ids, nil
}

// getCluster reads a cluster; nil without error when it does not exist.
func (r *clusterResource) getCluster(ctx context.Context, id string) (*getClusterResponse, error) {
	var out getClusterResponse
	_, err := r.client.RPC(ctx, ehpc2024("GetCluster", map[string]string{"ClusterId": id}, client.RetryPolicy{}), &out)
	if client.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// listCluster reads the ListClusters entry of a cluster; nil when it is not listed.
func (r *clusterResource) listCluster(ctx context.Context, id string) (*listClusterItem, error) {
	ids, _ := json.Marshal([]string{id})
	var out struct {
		Clusters []listClusterItem `json:"Clusters"`
	}
	if _, err := r.client.RPC(ctx, ehpc2024("ListClusters", map[string]string{"ClusterIds": string(ids)}, client.RetryPolicy{}), &out); err != nil {
		return nil, err
	}
	for i := range out.Clusters {
		if out.Clusters[i].ClusterID == id {
			return &out.Clusters[i], nil
		}
	}
	return nil, nil
}

// refresh reads the cluster into m; false when it does not exist.
func (r *clusterResource) refresh(ctx context.Context, m *clusterModel) (bool, diag.Diagnostics) {
	return r.refreshWith(ctx, m, nil)
}

// refreshWith is refresh reusing a GetCluster answer just read (by the wait that ended a create), so that a
// create costs no second GetCluster; g nil reads it.
func (r *clusterResource) refreshWith(ctx context.Context, m *clusterModel, g *getClusterResponse) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	id := m.ID.ValueString()
	if g == nil {
		var err error
		if g, err = r.getCluster(ctx, id); err != nil {
			diags.Append(client.ErrorDiagnostic(fmt.Sprintf("Reading E-HPC cluster %s", id), err))
			return false, diags
		}
	}
	if g == nil {
		return false, diags
	}
	l, err := r.listCluster(ctx, id)
	if err != nil {
		diags.Append(client.ErrorDiagnostic(fmt.Sprintf("Listing E-HPC cluster %s", id), err))
		return false, diags
	}
	diags.Append(flattenCluster(ctx, m, g, l)...)
	return true, diags
}

// clusterBusyCodes mean "another operation is running": UpdateCluster and DeleteCluster retry them until the
// operation's timeout.
var clusterBusyCodes = []string{"InvalidClusterStatus", "ConflictOpt"}

func (r *clusterResource) updateCluster(ctx context.Context, params map[string]string) error {
	_, err := r.client.RPC(ctx, ehpc2024("UpdateCluster", params, client.RetryPolicy{BusyCodes: clusterBusyCodes}), nil)
	return err
}

func (r *clusterResource) refreshFunc(id string) client.RefreshFunc {
	return func(ctx context.Context) (any, string, error) {
		g, err := r.getCluster(ctx, id)
		if err != nil || g == nil {
			return nil, "", err
		}
		return g, g.ClusterStatus, nil
	}
}

// waitRunning waits until the cluster is running; exception (or a release) ends the wait at once. after
// completes the failure message: what happens to the cluster now.
func (r *clusterResource) waitRunning(ctx context.Context, id, after string) (*getClusterResponse, error) {
	obj, err := r.client.Wait(ctx, client.WaitSpec{
		Description: fmt.Sprintf("E-HPC cluster %s to be running", id),
		Target:      []string{"running"},
		// GetCluster's documentation spells releasing "raleasing" (REFERENCE §12.4): both end the wait.
		Failure: []string{"exception", "releasing", "raleasing"},
		Refresh: r.refreshFunc(id),
		FailureMessage: func(obj any) string {
			return clusterFailureMessage(obj) + after
		},
	})
	if err != nil {
		return nil, err
	}
	g, _ := obj.(*getClusterResponse)
	return g, nil
}

// What the failure message of waitRunning adds after a create and after an update.
const (
	afterCreate = ". The cluster is kept (tainted): the next apply deletes and recreates it"
	afterUpdate = ". Replace the cluster (terraform apply -replace) to recover"
)

// clusterFailureMessage explains an exception with what GetCluster offers: the status of each manager
// component. The service keeps the detailed cause in the cluster's operation logs.
func clusterFailureMessage(obj any) string {
	g, ok := obj.(*getClusterResponse)
	if !ok || g.Manager == nil {
		return "the cluster failed to deploy; see its operation logs in the E-HPC console"
	}
	var parts []string
	for _, c := range []struct {
		name string
		s    *wireService
	}{{"scheduler", g.Manager.Scheduler}, {"directory service", g.Manager.DirectoryService}, {"DNS", g.Manager.DNS}} {
		if c.s != nil && c.s.Status != "" {
			parts = append(parts, fmt.Sprintf("%s %s", c.name, c.s.Status))
		}
	}
	msg := "the cluster failed to deploy"
	if len(parts) > 0 {
		msg += " (" + strings.Join(parts, ", ") + ")"
	}
	return msg + "; see its operation logs in the E-HPC console"
}

// deleteCluster deletes the cluster and waits until the service no longer knows it.
func (r *clusterResource) deleteCluster(ctx context.Context, id string) error {
	_, err := r.client.RPC(ctx, ehpc2024("DeleteCluster", map[string]string{"ClusterId": id}, client.RetryPolicy{BusyCodes: []string{"InvalidClusterStatus"}}), nil)
	if client.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = r.client.Wait(ctx, client.WaitSpec{
		Description:    fmt.Sprintf("E-HPC cluster %s to be released", id),
		TargetNotFound: true,
		Refresh:        r.refreshFunc(id),
	})
	return err
}

// replaceUnlessImported replaces the cluster when a value the API cannot read back changes, except in the
// first apply after an import: the imported state has no value for these attributes, and recording the
// configured one is all that can be done (it cannot be compared with the cluster).
func replaceUnlessImported() replaceUnlessImportedModifier { return replaceUnlessImportedModifier{} }

type replaceUnlessImportedModifier struct{}

var (
	_ planmodifier.Bool   = replaceUnlessImportedModifier{}
	_ planmodifier.Map    = replaceUnlessImportedModifier{}
	_ planmodifier.List   = replaceUnlessImportedModifier{}
	_ planmodifier.Object = replaceUnlessImportedModifier{}
)

func (replaceUnlessImportedModifier) Description(context.Context) string {
	return "changing the value replaces the cluster, except in the first apply after an import, which records the configured value"
}

func (m replaceUnlessImportedModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

type getKeyFunc func(ctx context.Context, key string) ([]byte, diag.Diagnostics)

func (replaceUnlessImportedModifier) decide(ctx context.Context, state, plan tftypes.Value, equal bool, getKey getKeyFunc, diags *diag.Diagnostics) bool {
	if state.IsNull() || plan.IsNull() || equal {
		return false
	}
	v, d := getKey(ctx, importedKey)
	diags.Append(d...)
	return string(v) != "true"
}

func (m replaceUnlessImportedModifier) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State.Raw, req.Plan.Raw, req.PlanValue.Equal(req.StateValue), req.Private.GetKey, &resp.Diagnostics)
}

func (m replaceUnlessImportedModifier) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State.Raw, req.Plan.Raw, req.PlanValue.Equal(req.StateValue), req.Private.GetKey, &resp.Diagnostics)
}

func (m replaceUnlessImportedModifier) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State.Raw, req.Plan.Raw, req.PlanValue.Equal(req.StateValue), req.Private.GetKey, &resp.Diagnostics)
}

func (m replaceUnlessImportedModifier) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	resp.RequiresReplace = m.decide(ctx, req.State.Raw, req.Plan.Raw, req.PlanValue.Equal(req.StateValue), req.Private.GetKey, &resp.Diagnostics)
}

// Validators whose rule depends on a sibling attribute of the node template.

// Period ranges by unit (REFERENCE §6.3); a null period_unit means the default, Month.
var (
	periodsByUnit          = map[string][]int64{"Week": {1, 2, 3, 4}, "Month": {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60}}
	autoRenewPeriodsByUnit = map[string][]int64{"Week": {1, 2, 3}, "Month": {1, 2, 3, 6, 12, 24, 36, 48, 60}}
	diskLevels             = []string{"PL0", "PL1", "PL2", "PL3"}
)

// periodValidator checks a period against the values allowed for the sibling period_unit.
type periodValidator struct{ allowed map[string][]int64 }

var _ validator.Int64 = periodValidator{}

func (v periodValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be one of %s when period_unit is Week, one of %s when it is Month or not set",
		joinInts(v.allowed["Week"]), joinInts(v.allowed["Month"]))
}

func (v periodValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v periodValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if !known(req.ConfigValue) {
		return
	}
	unitPath := req.Path.ParentPath().AtName("period_unit")
	var unit types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, unitPath, &unit)...)
	if resp.Diagnostics.HasError() || unit.IsUnknown() {
		return
	}
	u := "Month"
	if !unit.IsNull() {
		u = unit.ValueString()
	}
	allowed, ok := v.allowed[u]
	if !ok || slices.Contains(allowed, req.ConfigValue.ValueInt64()) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid period",
		fmt.Sprintf("Attribute %s must be one of %s when %s is %q, got %d.", req.Path, joinInts(allowed), unitPath, u, req.ConfigValue.ValueInt64()))
}

func joinInts(v []int64) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(s, ", ")
}

// diskRule is the size range (GiB) of a disk category, for one performance level or any ("").
type diskRule struct {
	category, level string
	min, max        int64
}

type diskTable []diskRule

// REFERENCE §6.3 CONFLICT on disk sizes. System disks: the official provider's documented table, which is the
// ECS system-disk limit (at most 2048 GiB). Data disks: the SDK model's table (ECS data-disk limits).
var (
	systemDiskTable = diskTable{
		{"cloud", "", 20, 500}, {"cloud_efficiency", "", 20, 2048}, {"cloud_ssd", "", 20, 2048},
		{"cloud_essd", "PL0", 1, 2048}, {"cloud_essd", "PL1", 20, 2048}, {"cloud_essd", "PL2", 461, 2048}, {"cloud_essd", "PL3", 1261, 2048},
	}
	dataDiskTable = diskTable{
		{"cloud_efficiency", "", 40, 32768}, {"cloud_ssd", "", 40, 32768},
		{"cloud_essd", "PL0", 40, 65536}, {"cloud_essd", "PL1", 40, 65536}, {"cloud_essd", "PL2", 461, 65536}, {"cloud_essd", "PL3", 1261, 65536},
	}
)

// lookup finds the rule of a category and level; an ESSD without level is PL1 (the service default).
func (t diskTable) lookup(category, level string) (diskRule, bool) {
	if category == "cloud_essd" && level == "" {
		level = "PL1"
	}
	for _, r := range t {
		if r.category == category && (r.level == "" || r.level == level) {
			return r, true
		}
	}
	return diskRule{}, false
}

func (t diskTable) markdown() string {
	parts := make([]string, 0, len(t))
	for _, r := range t {
		name := "`" + r.category + "`"
		if r.level != "" {
			name += " " + r.level
		}
		parts = append(parts, fmt.Sprintf("%s %d–%d", name, r.min, r.max))
	}
	return strings.Join(parts, ", ")
}

// diskSizeValidator checks a disk size against the range of the sibling category and level.
type diskSizeValidator struct{ table diskTable }

var _ validator.Int64 = diskSizeValidator{}

func (v diskSizeValidator) Description(context.Context) string {
	return "size in GiB must be within the range of the disk's category and level: " + strings.ReplaceAll(v.table.markdown(), "`", "")
}

func (v diskSizeValidator) MarkdownDescription(context.Context) string {
	return "size in GiB must be within the range of the disk's category and level: " + v.table.markdown()
}

func (v diskSizeValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if !known(req.ConfigValue) {
		return
	}
	var category, level types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("category"), &category)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("level"), &level)...)
	if resp.Diagnostics.HasError() || !known(category) || level.IsUnknown() {
		return
	}
	rule, ok := v.table.lookup(category.ValueString(), level.ValueString())
	if !ok {
		return
	}
	if size := req.ConfigValue.ValueInt64(); size < rule.min || size > rule.max {
		what := rule.category
		if rule.level != "" {
			what += " " + rule.level
		} else if level.ValueString() != "" {
			what += " (any level)"
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid disk size",
			fmt.Sprintf("Attribute %s must be between %d and %d GiB for a %s disk, got %d.", req.Path, rule.min, rule.max, what, size))
	}
}
