package ehpc

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/validators"
)

// TestClusterSchemaModelParity catches drift between the schema and the tfsdk tags of the model structs:
// every attribute has a field and every field an attribute, at every nesting level.
func TestClusterSchemaModelParity(t *testing.T) {
	s := clusterSchema(context.Background())
	var whole clusterModel
	if err := framework.SchemaModelParity(t.Context(), s, &whole); err != nil {
		t.Fatal(err)
	}
	check := func(where string, attrs map[string]schema.Attribute, model any) {
		t.Helper()
		var fields []string
		rt := reflect.TypeOf(model)
		for i := range rt.NumField() {
			fields = append(fields, rt.Field(i).Tag.Get("tfsdk"))
		}
		var names []string
		for n := range attrs {
			names = append(names, n)
		}
		sort.Strings(fields)
		sort.Strings(names)
		if !reflect.DeepEqual(fields, names) {
			t.Errorf("%s: model %s has fields %v, schema has attributes %v", where, rt.Name(), fields, names)
		}
	}
	nested := func(a schema.Attribute) map[string]schema.Attribute {
		switch n := a.(type) {
		case schema.SingleNestedAttribute:
			return n.Attributes
		case schema.ListNestedAttribute:
			return n.NestedObject.Attributes
		case schema.SetNestedAttribute:
			return n.NestedObject.Attributes
		}
		t.Fatalf("not a nested attribute: %T", a)
		return nil
	}
	top := s.Attributes
	check("resource", top, clusterModel{})
	check("cluster_custom_configuration", nested(top["cluster_custom_configuration"]), customConfigurationModel{})
	check("cluster_credentials", nested(top["cluster_credentials"]), credentialsModel{})
	manager := nested(top["manager"])
	check("manager", manager, managerModel{})
	for _, svc := range []string{"scheduler", "directory_service", "dns"} {
		check("manager."+svc, nested(manager[svc]), serviceModel{})
	}
	managerNode := nested(manager["manager_node"])
	check("manager.manager_node", managerNode, nodeModel{})
	check("manager.manager_node.system_disk", nested(managerNode["system_disk"]), systemDiskModel{})
	check("manager.manager_node.data_disks", nested(managerNode["data_disks"]), dataDiskModel{})
	queues := nested(top["queues"])
	check("queues", queues, queueModel{})
	computeNode := nested(queues["compute_nodes"])
	check("queues.compute_nodes", computeNode, nodeModel{})
	check("shared_storages", nested(top["shared_storages"]), sharedStorageModel{})
	check("additional_packages", nested(top["additional_packages"]), packageModel{})
	check("addons", nested(top["addons"]), addonModel{})

	// The manager node and the compute nodes share one template: same attributes, same types.
	if !reflect.DeepEqual(schema.SingleNestedAttribute{Attributes: managerNode}.GetType(),
		schema.SingleNestedAttribute{Attributes: computeNode}.GetType()) {
		t.Error("manager_node and compute_nodes have different types")
	}
}

func nodeObject(t *testing.T, m nodeModel) types.Object {
	t.Helper()
	o, d := types.ObjectValueFrom(context.Background(), nodeTypes(), m)
	if d.HasError() {
		t.Fatal(d)
	}
	return o
}

// TestComputeNodeOwnership: a queue's compute node that the state already has reads back only the fields its
// configuration sets, also inside its system disk and data disks; defaults the service fills in (or console
// changes) of the other fields stay null, so that no plan shows a difference no apply could remove. Read whole
// (an import, a node seen for the first time), it takes everything the service reports.
func TestComputeNodeOwnership(t *testing.T) {
	ctx := context.Background()
	configured := nodeObject(t, nodeModel{
		InstanceType: types.StringValue("ecs.c7.large"), ImageID: types.StringNull(), InstanceChargeType: types.StringNull(),
		Period: types.Int64Null(), PeriodUnit: types.StringNull(), AutoRenew: types.BoolNull(), AutoRenewPeriod: types.Int64Null(),
		SpotStrategy: types.StringNull(), SpotPriceLimit: types.Float64Null(), Duration: types.Int64Null(), EnableHT: types.BoolNull(),
		SystemDisk: types.ObjectValueMust(systemDiskTypes(), map[string]attr.Value{
			"category": types.StringValue("cloud_essd"), "level": types.StringNull(), "size": types.Int64Null(),
		}),
		DataDisks: types.ListValueMust(types.ObjectType{AttrTypes: dataDiskTypes()}, []attr.Value{
			types.ObjectValueMust(dataDiskTypes(), map[string]attr.Value{
				"category": types.StringNull(), "delete_with_instance": types.BoolNull(), "device": types.StringNull(),
				"level": types.StringNull(), "mount_dir": types.StringNull(), "size": types.Int64Value(100), "snapshot_id": types.StringNull(),
			}),
		}),
	})
	size40, size100, size200, ht := flexInt(40), flexInt(100), flexInt(200), flexBool(true)
	del, period, duration, price := flexBool(true), flexInt(1), flexInt(1), flexFloat(0.5)
	reported := &wireNode{
		InstanceType: "ecs.c7.2xlarge", ImageID: "aliyun_3_x64", InstanceChargeType: "PostPaid", SpotStrategy: "NoSpot", EnableHT: &ht,
		Period: &period, Duration: &duration, SpotPriceLimit: &price, AutoRenew: &del,
		SystemDisk: &wireSystemDisk{Category: "cloud_essd", Level: "PL1", Size: &size40},
		DataDisks: []wireDataDisk{
			{Category: "cloud_essd", Level: "PL1", Size: &size100, DeleteWithInstance: &del},
			// A disk the state does not have (added in the console): read whole.
			{Category: "cloud_ssd", Size: &size200},
		},
	}

	got, d := flattenNode(ctx, reported, configured, false)
	if d.HasError() {
		t.Fatal(d)
	}
	a := got.Attributes()
	if a["instance_type"].(types.String).ValueString() != "ecs.c7.2xlarge" {
		t.Errorf("instance_type = %s: a configured field changed in the console is read back (drift)", a["instance_type"])
	}
	for _, name := range []string{"image_id", "instance_charge_type", "spot_strategy", "enable_ht", "period", "duration", "spot_price_limit", "auto_renew"} {
		if !a[name].IsNull() {
			t.Errorf("%s = %s, want null: the configuration does not set it", name, a[name])
		}
	}
	sd := a["system_disk"].(types.Object).Attributes()
	if sd["category"].(types.String).ValueString() != "cloud_essd" || !sd["level"].IsNull() || !sd["size"].IsNull() {
		t.Errorf("system_disk = %v, want only the configured category", sd)
	}
	disks := a["data_disks"].(types.List).Elements()
	dd := disks[0].(types.Object).Attributes()
	if dd["size"].(types.Int64).ValueInt64() != 100 || !dd["category"].IsNull() || !dd["level"].IsNull() || !dd["delete_with_instance"].IsNull() {
		t.Errorf("data_disks[0] = %v, want only the configured size", dd)
	}
	if len(disks) != 2 || disks[1].(types.Object).Attributes()["category"].(types.String).ValueString() != "cloud_ssd" {
		t.Errorf("data_disks = %v, want the disk the state does not have read whole", disks)
	}

	whole, d := flattenNode(ctx, reported, configured, true)
	if d.HasError() {
		t.Fatal(d)
	}
	w := whole.Attributes()
	if w["image_id"].(types.String).ValueString() != "aliyun_3_x64" || w["spot_strategy"].(types.String).ValueString() != "NoSpot" ||
		!w["enable_ht"].(types.Bool).ValueBool() || w["system_disk"].(types.Object).Attributes()["level"].(types.String).ValueString() != "PL1" {
		t.Errorf("read whole: %v, want everything the service reports", w)
	}
	if got, _ := flattenNode(ctx, reported, types.ObjectNull(nodeTypes()), false); got.Attributes()["image_id"].IsNull() {
		t.Error("a node the state does not have yet is read whole")
	}
}

// TestClusterNodeExpandFlatten round-trips a node template through its wire form.
func TestClusterNodeExpandFlatten(t *testing.T) {
	ctx := context.Background()
	disk := types.ObjectValueMust(systemDiskTypes(), map[string]attr.Value{
		"category": types.StringValue("cloud_essd"), "level": types.StringValue("PL0"), "size": types.Int64Value(40),
	})
	dataDisks := types.ListValueMust(types.ObjectType{AttrTypes: dataDiskTypes()}, []attr.Value{
		types.ObjectValueMust(dataDiskTypes(), map[string]attr.Value{
			"category": types.StringValue("cloud_ssd"), "delete_with_instance": types.BoolValue(false),
			"device": types.StringValue("/dev/xvdb"), "level": types.StringNull(), "mount_dir": types.StringValue("/data1"),
			"size": types.Int64Value(200), "snapshot_id": types.StringNull(),
		}),
	})
	in := nodeObject(t, nodeModel{
		InstanceType: types.StringValue("ecs.c7.xlarge"), ImageID: types.StringValue("img"),
		InstanceChargeType: types.StringValue("PostPaid"), Period: types.Int64Null(), PeriodUnit: types.StringNull(),
		AutoRenew: types.BoolNull(), AutoRenewPeriod: types.Int64Null(), SpotStrategy: types.StringValue("SpotWithPriceLimit"),
		SpotPriceLimit: types.Float64Value(0.975), Duration: types.Int64Value(1), EnableHT: types.BoolValue(false),
		SystemDisk: disk, DataDisks: dataDisks,
	})
	w, d := expandNode(ctx, in)
	if d.HasError() {
		t.Fatal(d)
	}
	b, _ := json.Marshal(w)
	want := `{"InstanceType":"ecs.c7.xlarge","ImageId":"img","InstanceChargeType":"PostPaid","SpotStrategy":"SpotWithPriceLimit",` +
		`"SpotPriceLimit":0.975,"Duration":1,"EnableHT":false,"SystemDisk":{"Category":"cloud_essd","Level":"PL0","Size":40},` +
		`"DataDisks":[{"Category":"cloud_ssd","DeleteWithInstance":false,"Device":"/dev/xvdb","MountDir":"/data1","Size":200}]}`
	if string(b) != want {
		t.Fatalf("wire form\n got %s\nwant %s", b, want)
	}
	var back wireNode
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	// Read back over the configured node, a false or zero value configured stays, whether the node is read
	// whole (the manager node) or only for what it sets (a queue's compute node).
	for _, whole := range []bool{false, true} {
		out, d := flattenNode(ctx, &back, in, whole)
		if d.HasError() {
			t.Fatal(d)
		}
		if !out.Equal(in) {
			t.Fatalf("round trip (whole %v)\n got %s\nwant %s", whole, out, in)
		}
	}
	// Read back over nothing (an import), a false or zero value the service reports is null: a generated
	// configuration does not set it.
	fresh, d := flattenNode(ctx, &back, types.ObjectNull(nodeTypes()), false)
	if d.HasError() {
		t.Fatal(d)
	}
	for _, name := range []string{"enable_ht"} {
		if v := fresh.Attributes()[name]; !v.IsNull() {
			t.Errorf("%s read over nothing = %s, want null", name, v)
		}
	}
	if dd := fresh.Attributes()["data_disks"].(types.List).Elements()[0].(types.Object).Attributes()["delete_with_instance"]; !dd.IsNull() {
		t.Errorf("data_disks[0].delete_with_instance read over nothing = %s, want null", dd)
	}
	if w, _ := expandNode(ctx, types.ObjectUnknown(nodeTypes())); w != nil {
		t.Error("an unknown node must not be sent")
	}
}

// TestClusterFlattenGetCluster reads a GetCluster/ListClusters answer with the types the service really
// uses (numbers and booleans as strings, versioned scheduler names, lower-case NIS, EnableHt).
func TestClusterFlattenGetCluster(t *testing.T) {
	ctx := context.Background()
	var g getClusterResponse
	if err := json.Unmarshal([]byte(`{
		"ClusterId": "ehpc-hz-abc", "ClusterName": "c1", "ClusterCategory": "Standard", "ClusterMode": "Integrated",
		"ClusterStatus": "running", "ClusterCreateTime": "2024-08-06T12:43:01.000Z", "ClusterVpcId": "vpc-1",
		"ClusterVSwitchId": "vsw-1", "SecurityGroupId": "sg-1", "ResourceGroupId": "rg-1", "ClientVersion": "2.1.0",
		"EhpcVersion": "2.0.0", "DeleteProtection": "true", "MaxCount": "500", "MaxCoreCount": "10000",
		"GrowInterval": 2, "IdleInterval": 4, "ClusterCustomConfiguration": {"Script": "", "Args": ""},
		"Manager": {"Scheduler": {"Type": "slurm22", "Version": "22.05.8", "Status": "running"},
			"DirectoryService": {"Type": "nis", "Version": "1.0"}, "DNS": {"Type": "nis", "Version": "1.0"},
			"ManagerNode": {"InstanceType": "ecs.c7.xlarge", "ImageId": "img", "InstanceChargeType": "PostPaid",
				"EnableHt": true, "AutoRenew": false, "AutoRenewPeriod": 0, "Duration": 1, "Period": 0, "PeriodUnit": "",
				"SpotPriceLimit": 0, "SpotStrategy": "NoSpot", "SystemDisk": {"Category": "cloud_essd", "Level": "PL1", "Size": 40}}}
	}`), &g); err != nil {
		t.Fatal(err)
	}
	l := &listClusterItem{ClusterID: "ehpc-hz-abc", ClusterDescription: "desc", DeletionProtection: false}
	m := clusterModel{
		Manager:                    types.ObjectUnknown(managerTypes()),
		ClusterCustomConfiguration: types.ObjectNull(customConfigurationTypes()),
		AdditionalPackages:         types.SetNull(types.ObjectType{AttrTypes: packageTypes()}),
	}
	if d := flattenCluster(ctx, &m, &g, l); d.HasError() {
		t.Fatal(d)
	}
	if m.MaxCount.ValueInt64() != 500 || m.MaxCoreCount.ValueInt64() != 10000 || m.GrowInterval.ValueInt64() != 2 {
		t.Errorf("counts: %s %s %s", m.MaxCount, m.MaxCoreCount, m.GrowInterval)
	}
	// ListClusters' boolean wins over GetCluster's string.
	if m.DeletionProtection.ValueBool() || m.ClusterDescription.ValueString() != "desc" {
		t.Errorf("list fields: %s %s", m.DeletionProtection, m.ClusterDescription)
	}
	if !m.ClusterCustomConfiguration.IsNull() {
		t.Errorf("an empty script must read as null, got %s", m.ClusterCustomConfiguration)
	}
	mgr := m.Manager.Attributes()
	typeOf := func(svc string) string {
		return mgr[svc].(types.Object).Attributes()["type"].(types.String).ValueString()
	}
	if typeOf("scheduler") != "SLURM" || typeOf("dns") != "NIS" || typeOf("directory_service") != "NIS" {
		t.Errorf("component types: %s %s %s", typeOf("scheduler"), typeOf("dns"), typeOf("directory_service"))
	}
	node := mgr["manager_node"].(types.Object).Attributes()
	if !node["enable_ht"].(types.Bool).ValueBool() || !node["period_unit"].(types.String).IsNull() || !node["data_disks"].(types.List).IsNull() {
		t.Errorf("manager node: %v", node)
	}
	// Not read from ListClusters any more (ListInstalledSoftwares, when owned).
	if !m.AdditionalPackages.IsNull() {
		t.Errorf("packages: %s", m.AdditionalPackages)
	}
	// A PostPaid manager node's zero subscription fields read as null (a generated configuration stays valid).
	for _, name := range []string{"period", "auto_renew", "auto_renew_period", "spot_price_limit"} {
		if !node[name].IsNull() {
			t.Errorf("manager_node.%s = %s, want null", name, node[name])
		}
	}

	// Without ListClusters (not listed yet) the description is kept, and the GetCluster string is used.
	m2 := clusterModel{ClusterDescription: types.StringValue("kept"), Manager: types.ObjectNull(managerTypes()),
		AdditionalPackages: types.SetNull(types.ObjectType{AttrTypes: packageTypes()})}
	if d := flattenCluster(ctx, &m2, &g, nil); d.HasError() {
		t.Fatal(d)
	}
	if m2.ClusterDescription.ValueString() != "kept" || !m2.DeletionProtection.ValueBool() {
		t.Errorf("without list: %s %s", m2.ClusterDescription, m2.DeletionProtection)
	}
}

func TestClusterCanonicalSchedulerType(t *testing.T) {
	for in, want := range map[string]string{
		"slurm22": "SLURM", "SLURM": "SLURM", "pbs": "PBS", "PBS_PLUGIN": "PBS_PLUGIN", "lsf_plugin": "LSF_PLUGIN",
		"opengridscheduler": "OPENGRIDSCHEDULER", "custom": "custom",
	} {
		if got := canonicalSchedulerType(in); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}

// TestClusterExpandCreateParams checks the wire encoding: JSON strings for nested values, lower-case tag
// keys, the write-only password taken from the configuration, and no intervals (applied after creation).
func TestClusterExpandCreateParams(t *testing.T) {
	ctx := context.Background()
	credTypes := objectTypes(clusterAttrTypes()["cluster_credentials"])
	creds := func(wo string) types.Object {
		v := types.StringNull()
		if wo != "" {
			v = types.StringValue(wo)
		}
		return types.ObjectValueMust(credTypes, map[string]attr.Value{
			"key_pair_name": types.StringNull(), "password": types.StringNull(), "password_wo": v,
			"password_wo_version": types.Int64Value(1),
		})
	}
	queueList := types.SetValueMust(types.ObjectType{AttrTypes: queueTypes()}, []attr.Value{
		types.ObjectValueMust(queueTypes(), map[string]attr.Value{
			"queue_name": types.StringValue("q1"), "compute_nodes": types.ListNull(types.ObjectType{AttrTypes: nodeTypes()}),
			"vswitch_ids":   types.ListValueMust(types.StringType, []attr.Value{types.StringValue("vsw-1")}),
			"inter_connect": types.StringNull(), "enable_scale_in": types.BoolValue(true), "enable_scale_out": types.BoolNull(),
			"min_count": types.Int64Value(0), "max_count": types.Int64Null(), "initial_count": types.Int64Null(),
			"max_count_per_cycle": types.Int64Null(), "allocation_strategy": types.StringNull(),
			"hostname_prefix": types.StringNull(), "hostname_suffix": types.StringNull(),
			"keep_alive_nodes": types.ListNull(types.StringType), "ram_role": types.StringNull(),
			"reserved_node_pool_id": types.StringNull(),
		}),
	})
	plan := clusterModel{
		ClusterName: types.StringValue("c1"), ClusterCategory: types.StringUnknown(), MaxCount: types.Int64Value(10),
		DeletionProtection: types.BoolValue(true), GrowInterval: types.Int64Value(3),
		ClusterCredentials: creds(""),
		Tags: types.MapValueMust(types.StringType, map[string]attr.Value{
			"b": types.StringValue("2"), "a": types.StringValue("1"),
		}),
		Manager: types.ObjectUnknown(managerTypes()), Queues: queueList,
	}
	config := plan
	config.ClusterCredentials = creds("Secret-Pass1")
	var masked []string
	p, d := expandCreateParams(ctx, &plan, &config, func(s string) { masked = append(masked, s) })
	if d.HasError() {
		t.Fatal(d)
	}
	want := map[string]string{
		"ClusterName":        "c1",
		"MaxCount":           "10",
		"DeletionProtection": "true",
		"ClusterCredentials": `{"Password":"Secret-Pass1"}`,
		"Tags":               `[{"key":"a","value":"1"},{"key":"b","value":"2"}]`,
		"Queues":             `[{"QueueName":"q1","VSwitchIds":["vsw-1"],"EnableScaleIn":true,"MinCount":0}]`,
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("params\n got %v\nwant %v", p, want)
	}
	if len(masked) != 1 || masked[0] != "Secret-Pass1" {
		t.Errorf("the password must be masked: %v", masked)
	}
	if got := intervalParams(&plan); !reflect.DeepEqual(got, map[string]string{"GrowInterval": "3"}) {
		t.Errorf("interval params: %v", got)
	}
}

func TestClusterDiskTables(t *testing.T) {
	for _, c := range []struct {
		table           validators.DiskSizeTable
		category, level string
		min, max        int64
	}{
		{systemDiskTable, "cloud", "", 20, 500},
		{systemDiskTable, "cloud_essd", "", 20, 2048},
		{systemDiskTable, "cloud_essd", "PL3", 1261, 2048},
		{dataDiskTable, "cloud_efficiency", "PL1", 40, 32768},
		{dataDiskTable, "cloud_essd", "PL2", 461, 65536},
	} {
		r, ok := c.table.Lookup(c.category, c.level)
		if !ok || r.Min != c.min || r.Max != c.max {
			t.Errorf("%s %s: got %+v %v", c.category, c.level, r, ok)
		}
	}
	if _, ok := dataDiskTable.Lookup("cloud", ""); ok {
		t.Error("cloud is not a data disk category")
	}
}

func TestQueueSchemaModelParity(t *testing.T) {
	var m queueResourceModel
	if err := framework.SchemaModelParity(t.Context(), queueSchema(t.Context()), &m); err != nil {
		t.Fatal(err)
	}
	// The resource's queue attributes are the inline queue's: same names, descriptions and validators.
	inline := queueAttributes()
	for name, a := range queueSchema(t.Context()).Attributes {
		if in, ok := inline[name]; ok && (in.GetMarkdownDescription() != a.GetMarkdownDescription() || !reflect.DeepEqual(in.GetType(), a.GetType())) {
			t.Errorf("%s differs between aliyun_ehpc_queue and the inline queue", name)
		}
	}
	if len(queueSchema(t.Context()).Attributes) != len(inline)+3 {
		t.Errorf("aliyun_ehpc_queue has %d attributes, want the inline queue's %d plus id, cluster_id and timeouts",
			len(queueSchema(t.Context()).Attributes), len(inline))
	}
}

func TestQueueID(t *testing.T) {
	for id, want := range map[string][2]string{
		"ehpc-hz-abc:comp": {"ehpc-hz-abc", "comp"}, "ehpc-hz-abc:": {}, ":comp": {}, "ehpc-hz-abc": {},
	} {
		c, n, ok := parseQueueID(id)
		if ok != (want[0] != "") || (ok && (c != want[0] || n != want[1])) {
			t.Errorf("parseQueueID(%q) = %q, %q, %v; want %v", id, c, n, ok, want)
		}
		if ok && queueID(c, n) != id {
			t.Errorf("queueID does not round-trip %q", id)
		}
	}
}

func TestQueueShows(t *testing.T) {
	two, four := flexInt(2), flexInt(4)
	f := flexBool(false)
	want := wireQueue{QueueName: "q", MaxCount: &two, EnableScaleIn: &f, InterConnect: "eRDMA",
		ComputeNodes: []wireNode{{InstanceType: "ecs.c7.large", DataDisks: []wireDataDisk{{Category: "cloud_ssd", Device: "/dev/xvdb"}}}}}
	got := wireQueue{QueueName: "q", MaxCount: &two, InterConnect: "erdma", HostnamePrefix: "extra",
		ComputeNodes: []wireNode{{InstanceType: "ecs.c7.large", DataDisks: []wireDataDisk{{Category: "cloud_ssd"}}}}}
	if !queueShows(want, got) {
		t.Error("a template shown with its zero values left out, an enum lower-cased and no device must count as shown")
	}
	if want.ComputeNodes[0].DataDisks[0].Device != "/dev/xvdb" {
		t.Error("queueShows changed the caller's template (the data disk's device was blanked)")
	}
	got.MaxCount = &four
	if queueShows(want, got) {
		t.Error("a different max count must not count as shown")
	}
}

// A configured empty list is sent as [] so that UpdateQueue clears it (an omitted field is left as it was);
// a list the configuration does not set stays out of the template.
func TestExpandQueueEmptyLists(t *testing.T) {
	ctx := t.Context()
	q := emptyQueueModel()
	q.QueueName = types.StringValue("q")
	q.KeepAliveNodes = types.ListValueMust(types.StringType, nil)
	q.ComputeNodes = types.ListValueMust(types.ObjectType{AttrTypes: nodeTypes()}, nil)
	w, d := expandQueue(ctx, q)
	if d.HasError() {
		t.Fatal(d)
	}
	b, _ := json.Marshal(w)
	if got, want := string(b), `{"QueueName":"q","ComputeNodes":[],"KeepAliveNodes":[]}`; got != want {
		t.Fatalf("template %s, want %s", got, want)
	}
	// The service may leave an emptied list out of GetQueue: the template still counts as shown.
	if !queueShows(w, wireQueue{QueueName: "q"}) {
		t.Error("an emptied list that GetQueue leaves out must count as shown")
	}
	if queueShows(w, wireQueue{QueueName: "q", KeepAliveNodes: []string{"n1"}}) {
		t.Error("a list still holding a node must not count as emptied")
	}
	q.KeepAliveNodes = types.ListNull(types.StringType)
	q.ComputeNodes = types.ListNull(types.ObjectType{AttrTypes: nodeTypes()})
	w, _ = expandQueue(ctx, q)
	if b, _ := json.Marshal(w); string(b) != `{"QueueName":"q"}` {
		t.Fatalf("unset lists must stay out of the template: %s", b)
	}
}

func TestMountsCover(t *testing.T) {
	mounts := []wireMount{{FileSystemID: "nas-1", wireMountInfo: wireMountInfo{MountDirectory: "/data"}}}
	if !mountsCover(mounts, []wireAttach{{FileSystemID: "nas-1", MountDirectory: "/data"}}, true) {
		t.Error("the file system at its directory must count as attached")
	}
	if mountsCover(mounts, []wireAttach{{FileSystemID: "nas-2", MountDirectory: "/data"}}, true) {
		t.Error("another file system at the directory must not count as this attach's")
	}
	if !mountsCover(nil, []wireAttach{{FileSystemID: "nas-1", MountDirectory: "/data"}}, false) {
		t.Error("a directory with no mount must count as detached")
	}
}

func TestQueuesNeedingDetail(t *testing.T) {
	ctx := t.Context()
	plain, withPrefix := emptyQueueModel(), emptyQueueModel()
	plain.QueueName, plain.MaxCount = types.StringValue("plain"), types.Int64Value(2)
	withPrefix.QueueName, withPrefix.HostnamePrefix = types.StringValue("named"), types.StringValue("node")
	prior, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: queueTypes()}, []queueModel{plain, withPrefix})
	if d.HasError() {
		t.Fatal(d)
	}
	detail, d := queuesNeedingDetail(ctx, prior)
	if d.HasError() {
		t.Fatal(d)
	}
	for name, want := range map[string]bool{"plain": false, "named": true, "new": true} {
		if got := detail(name); got != want {
			t.Errorf("detail(%q) = %v, want %v", name, got, want)
		}
	}
	if all, _ := queuesNeedingDetail(ctx, types.SetNull(types.ObjectType{AttrTypes: queueTypes()})); all != nil {
		t.Error("without prior queues every queue needs GetQueue (nil selector)")
	}
}

func TestClusterFlattenStorages(t *testing.T) {
	ctx := t.Context()
	prior, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: storageTypes()}, []sharedStorageModel{{
		FileSystemID: types.StringValue("fs1"), MountTargetDomain: types.StringValue("fs1.nas"), NASDirectory: types.StringValue("/"),
		MountDirectory: types.StringValue("/home"), MountOptions: types.StringNull(), ProtocolType: types.StringValue("NFS"),
	}})
	if d.HasError() {
		t.Fatal(d)
	}
	mounts := []wireMount{
		{FileSystemID: "fs1", wireMountInfo: wireMountInfo{MountDirectory: "/home", MountTarget: "fs1.nas", ProtocolType: "nfs", StorageDirectory: "/ehpc-ehpc-hz-abc-home"}},
		{FileSystemID: "fs2", wireMountInfo: wireMountInfo{MountDirectory: "/opt", MountTarget: "fs2.nas", ProtocolType: "NFS", StorageDirectory: "/apps/ehpc-ehpc-hz-abc-opt"}},
		{FileSystemID: "fs3", wireMountInfo: wireMountInfo{MountDirectory: "/data", MountTarget: "fs3.nas", ProtocolType: "NFS", StorageDirectory: "/data/ehpc"}},
	}
	out, d := flattenStorages(ctx, mounts, prior)
	if d.HasError() {
		t.Fatal(d)
	}
	got, _ := framework.ElementsOf[sharedStorageModel](ctx, out)
	byDir := map[string]sharedStorageModel{}
	for _, s := range got {
		byDir[s.MountDirectory.ValueString()] = s
	}
	for dir, want := range map[string]string{"/home": "/", "/opt": "/apps", "/data": "/data/ehpc"} {
		if g := byDir[dir].NASDirectory.ValueString(); g != want {
			t.Errorf("%s: nas_directory %q, want %q (the /ehpc suffix is cut only for /home and /opt)", dir, g, want)
		}
	}
	if p := byDir["/home"].ProtocolType.ValueString(); p != "NFS" {
		t.Errorf("protocol type %q: the configured spelling must be kept", p)
	}
	if !byDir["/home"].MountOptions.IsNull() {
		t.Error("empty mount options must read as null")
	}
	// Same set: no change; a changed mount is detached and attached again; a new one attached; a gone one detached.
	ch, _ := expandStorageChanges(ctx, prior, prior)
	if len(ch.Attach)+len(ch.Detach) != 0 {
		t.Errorf("no change expected: %+v", ch)
	}
	ch, _ = expandStorageChanges(ctx, out, prior)
	if len(ch.Detach) != 0 || len(ch.Attach) != 2 {
		t.Errorf("the /home mount read back equals the configured one; /opt and /data are new: %+v", ch)
	}
	moved := byDir["/home"]
	moved.NASDirectory = types.StringValue("/other")
	movedSet, _ := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: storageTypes()}, []sharedStorageModel{moved})
	ch, _ = expandStorageChanges(ctx, movedSet, out)
	if len(ch.Detach) != 3 || len(ch.Attach) != 1 || ch.Attach[0].StorageDirectory != "/other" {
		t.Errorf("a changed mount is detached and attached again, the others detached: %+v", ch)
	}
}

func TestClusterPackageAndAddonChanges(t *testing.T) {
	ctx := t.Context()
	pkgs := func(items ...packageModel) types.Set {
		s, _ := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: packageTypes()}, items)
		return s
	}
	mpich := packageModel{Name: types.StringValue("mpich"), Version: types.StringValue("4.0.3")}
	mpich4 := packageModel{Name: types.StringValue("mpich"), Version: types.StringValue("4.1")}
	gromacs := packageModel{Name: types.StringValue("gromacs"), Version: types.StringNull()}
	un, in, _ := expandPackageChanges(ctx, pkgs(mpich4, gromacs), pkgs(mpich))
	if len(un) != 1 || un[0] != (wirePackage{Name: "mpich", Version: "4.0.3"}) || len(in) != 2 {
		t.Errorf("uninstall %v install %v", un, in)
	}

	// Matched by name: an unconfigured (null or unknown) version is never a change, a configured one that
	// differs from the installed one is an uninstall and an install.
	installed := packageModel{Name: types.StringValue("gromacs"), Version: types.StringValue("latest")}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		if un, in, _ := expandPackageChanges(ctx, pkgs(mpich, packageModel{Name: installed.Name, Version: v}), pkgs(mpich, installed)); len(un)+len(in) != 0 {
			t.Errorf("version %s: uninstall %v install %v", v, un, in)
		}
	}
	un, in, _ = expandPackageChanges(ctx, pkgs(packageModel{Name: installed.Name, Version: types.StringValue("2024.1")}), pkgs(mpich, installed))
	if len(un) != 2 || len(in) != 1 || in[0] != (wirePackage{Name: "gromacs", Version: "2024.1"}) {
		t.Errorf("new version and a removed package: uninstall %v install %v", un, in)
	}
	un, in, _ = expandPackageChanges(ctx, pkgs(packageModel{Name: types.StringValue("hdf5"), Version: types.StringUnknown()}), pkgs())
	if len(un) != 0 || len(in) != 1 || in[0] != (wirePackage{Name: "hdf5"}) {
		t.Errorf("a new package without a version is installed without one: uninstall %v install %v", un, in)
	}

	addons := func(items ...addonModel) types.List {
		l, _ := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: addonTypes()}, items)
		return l
	}
	login := addonModel{AddonID: types.StringValue("Login-1"), Name: types.StringValue("Login"), Version: types.StringValue("1.0"),
		ServicesSpec: types.StringValue(`{"a": 1, "b": [1, 2]}`), ResourcesSpec: types.StringNull()}
	reformatted := login
	reformatted.AddonID, reformatted.ServicesSpec = types.StringUnknown(), types.StringValue(`{"b":[1,2],"a":1}`)
	if ch, _ := expandAddonChanges(ctx, addons(reformatted), addons(login)); len(ch.Install)+len(ch.Uninstall) != 0 {
		t.Errorf("a reformatted spec is no change: %+v", ch)
	}
	changed := reformatted
	changed.ServicesSpec = types.StringValue(`{"a": 2}`)
	if ch, _ := expandAddonChanges(ctx, addons(changed), addons(login)); len(ch.Uninstall) != 1 || ch.Uninstall[0] != "Login-1" || len(ch.Install) != 1 {
		t.Errorf("a changed spec is an uninstall and an install: %+v", ch)
	}
	if ch, _ := expandAddonChanges(ctx, addons(), addons(login)); len(ch.Uninstall) != 1 || len(ch.Install) != 0 {
		t.Errorf("a removed add-on is uninstalled: %+v", ch)
	}
}

func TestClusterSpecText(t *testing.T) {
	for name, tc := range map[string]struct {
		api   string
		prior types.String
		want  types.String
	}{
		"same value keeps the text":        {`{"b":1,"a":[2]}`, types.StringValue(`{ "a": [2], "b": 1 }`), types.StringValue(`{ "a": [2], "b": 1 }`)},
		"object equals a one-item list":    {`[{"ServiceName":"SSH"}]`, types.StringValue(`{"ServiceName":"SSH"}`), types.StringValue(`{"ServiceName":"SSH"}`)},
		"different value is the service's": {`{"a":2}`, types.StringValue(`{"a":1}`), types.StringValue(`{"a":2}`)},
		"nothing and nothing is null":      {`[]`, types.StringNull(), types.StringNull()},
		"empty configured stays":           {`{}`, types.StringValue(`{}`), types.StringValue(`{}`)},
		"import reads the value":           {`{"a":1}`, types.StringNull(), types.StringValue(`{"a":1}`)},
	} {
		t.Run(name, func(t *testing.T) {
			if got := specText(json.RawMessage(tc.api), tc.prior); !got.Equal(tc.want) {
				t.Errorf("specText(%s, %s) = %s, want %s", tc.api, tc.prior, got, tc.want)
			}
		})
	}
}

// clusterPlanState is a plan or state of aliyun_ehpc_cluster holding only an id and the given queues (nil:
// queues null; the names alone otherwise, with the max counts given).
func clusterPlanState(t *testing.T, queues map[string]int64) tftypes.Value {
	t.Helper()
	ctx := t.Context()
	s := clusterSchema(ctx)
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := st.SetAttribute(ctx, path.Root("id"), "ehpc-hz-abc"); d.HasError() {
		t.Fatal(d)
	}
	if queues != nil {
		items := make([]queueModel, 0, len(queues))
		for name, maxCount := range queues {
			q := emptyQueueModel()
			q.QueueName, q.MaxCount = types.StringValue(name), types.Int64Value(maxCount)
			items = append(items, q)
		}
		set, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: queueTypes()}, items)
		if d.HasError() {
			t.Fatal(d)
		}
		if d := st.SetAttribute(ctx, path.Root("queues"), set); d.HasError() {
			t.Fatal(d)
		}
	}
	return st.Raw
}

// TestClusterModifyPlanQueueWarning checks the plan-time warning about deleted queues: a removed or renamed
// queue warns (naming the queues, at the queues attribute), a change in place, an added queue, a new cluster
// and a cluster that does not own its queues do not.
func TestClusterModifyPlanQueueWarning(t *testing.T) {
	ctx := t.Context()
	s := clusterSchema(ctx)
	current := map[string]int64{"comp": 2, "gpu": 4}
	for _, tc := range []struct {
		name         string
		state, plan  map[string]int64
		create       bool
		wantFragment []string
	}{
		{name: "renamed", state: current, plan: map[string]int64{"comp": 2, "gpu2": 4},
			wantFragment: []string{"Queues gpu will be deleted", "Queues gpu2 will be created", "cannot rename a queue in place", "cluster itself is kept"}},
		{name: "removed", state: current, plan: map[string]int64{"gpu": 4}, wantFragment: []string{"Queues comp will be deleted"}},
		{name: "all removed", state: current, plan: map[string]int64{}, wantFragment: []string{"Queues comp, gpu will be deleted"}},
		{name: "changed in place", state: current, plan: map[string]int64{"comp": 3, "gpu": 8}},
		{name: "added", state: current, plan: map[string]int64{"comp": 2, "gpu": 4, "big": 1}},
		{name: "not owned", state: current, plan: nil},
		{name: "create", plan: current, create: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state := tfsdk.State{Schema: s, Raw: clusterPlanState(t, tc.state)}
			if tc.create {
				state.Raw = tftypes.NewValue(s.Type().TerraformType(ctx), nil)
			}
			plan := tfsdk.Plan{Schema: s, Raw: clusterPlanState(t, tc.plan)}
			req := resource.ModifyPlanRequest{State: state, Plan: plan, Config: tfsdk.Config{Schema: s, Raw: plan.Raw}}
			resp := &resource.ModifyPlanResponse{Plan: plan}
			(&clusterResource{}).ModifyPlan(ctx, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			warnings := resp.Diagnostics.Warnings()
			if len(tc.wantFragment) == 0 {
				if len(warnings) > 0 {
					t.Fatalf("unexpected warning: %v", warnings)
				}
				return
			}
			if len(warnings) != 1 {
				t.Fatalf("%d warnings, want 1: %v", len(warnings), warnings)
			}
			w := warnings[0]
			if w.Summary() != "E-HPC queues will be deleted" {
				t.Errorf("summary %q", w.Summary())
			}
			if a, ok := w.(diag.DiagnosticWithPath); !ok || !a.Path().Equal(path.Root("queues")) {
				t.Errorf("the warning is not at the queues attribute: %v", w)
			}
			for _, f := range tc.wantFragment {
				if !strings.Contains(w.Detail(), f) {
					t.Errorf("detail lacks %q: %s", f, w.Detail())
				}
			}
		})
	}
}

// TestQueueExists recognises CreateQueue's refusal of a name the cluster has, and nothing else.
func TestQueueExists(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&client.APIError{Code: "InvalidParams", Message: `The specified parameter Queue.QueueName is invalid. The queue "q" already exists.`}, true},
		{fmt.Errorf("creating: %w", &client.APIError{Code: "InvalidParams", Message: "Queue q Already Exists"}), true},
		{&client.APIError{Code: "InvalidParams", Message: "The specified parameter Queue.MaxCount is invalid."}, false},
		{&client.APIError{Code: "ConflictOpt", Message: "already exists"}, false},
		{nil, false},
	} {
		if got := queueExists(tc.err); got != tc.want {
			t.Errorf("queueExists(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestRepeatRefused recognises the refusals of a day-2 change that was already applied, and nothing else.
func TestRepeatRefused(t *testing.T) {
	inv := func(msg string) error { return &client.APIError{Code: "InvalidParams", Message: msg} }
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{inv(`The specified parameter SharedStorages.0.MountDirectory is invalid. The mount directory "/data" is already in use.`), true},
		{inv(`The software "mpich" is already installed.`), true},
		{inv(`No shared storage is mounted at "/data".`), true},
		{inv(`The software "mpich" version "4.0.3" is not installed.`), true},
		{fmt.Errorf("wrapped: %w", inv("The queue does not exist.")), true},
		{inv("A directory is an absolute path, got \"data\"."), false},
		{&client.APIError{Code: "InvalidClusterStatus", Message: "already releasing"}, false},
		{nil, false},
	} {
		if got := repeatRefused(tc.err); got != tc.want {
			t.Errorf("repeatRefused(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestFlattenQueueOwnsWhatIsConfigured reads a queue the state has (only what its configuration sets is read:
// an unconfigured field changed in the console stays null) and a queue seen for the first time (everything,
// zero values as null).
func TestFlattenQueueOwnsWhatIsConfigured(t *testing.T) {
	ctx := t.Context()
	one, nine := flexInt(1), flexInt(9)
	yes, no := flexBool(true), flexBool(false)
	w := &wireQueue{QueueName: "q", MaxCount: &nine, MinCount: &one, EnableScaleIn: &yes, EnableScaleOut: &no,
		HostnamePrefix: "console", VSwitchIDs: []string{"vsw-1"}}
	prior := emptyQueueModel()
	prior.QueueName, prior.MaxCount = types.StringValue("q"), types.Int64Value(2)

	q, d := flattenQueue(ctx, w, prior, false)
	if d.HasError() {
		t.Fatal(d)
	}
	if q.MaxCount.ValueInt64() != 9 {
		t.Errorf("a configured max_count changed in the console must be read (drift), got %s", q.MaxCount)
	}
	for name, v := range map[string]attr.Value{"min_count": q.MinCount, "enable_scale_in": q.EnableScaleIn,
		"hostname_prefix": q.HostnamePrefix, "vswitch_ids": q.VSwitchIDs, "enable_scale_out": q.EnableScaleOut} {
		if !v.IsNull() {
			t.Errorf("unconfigured %s read as %s, want null (not owned)", name, v)
		}
	}

	whole, d := flattenQueue(ctx, w, emptyQueueModel(), true)
	if d.HasError() {
		t.Fatal(d)
	}
	if whole.MinCount.ValueInt64() != 1 || !whole.EnableScaleIn.ValueBool() || whole.HostnamePrefix.ValueString() != "console" ||
		len(whole.VSwitchIDs.Elements()) != 1 || whole.QueueName.ValueString() != "q" {
		t.Errorf("a queue seen for the first time must be read whole: %+v", whole)
	}
	if !whole.EnableScaleOut.IsNull() {
		t.Errorf("a reported false without a configured value reads as null, got %s", whole.EnableScaleOut)
	}
}

// TestClusterStorageAttachRule checks the plan-time rule for a storage added to an existing cluster: every
// attribute AttachSharedStorages needs must be set (an empty string counts as missing), a storage already in
// the state is not checked, and unknown values wait for apply.
func TestClusterStorageAttachRule(t *testing.T) {
	ctx := t.Context()
	elemType := clusterSchema(ctx).Attributes["shared_storages"].GetType().(types.SetType).ElemType.(types.ObjectType)
	storage := func(set map[string]attr.Value) attr.Value {
		vals := map[string]attr.Value{}
		for name := range elemType.AttrTypes {
			vals[name] = types.StringNull()
		}
		for k, v := range set {
			vals[k] = v
		}
		return types.ObjectValueMust(elemType.AttrTypes, vals)
	}
	full := map[string]attr.Value{
		"file_system_id": types.StringValue("08fa1"), "mount_target_domain": types.StringValue("t.nas"),
		"nas_directory": types.StringValue("/"), "mount_directory": types.StringValue("/data"), "protocol_type": types.StringValue("NFS"),
	}
	without := func(name string, v attr.Value) attr.Value {
		m := map[string]attr.Value{}
		for k, x := range full {
			m[k] = x
		}
		m[name] = v
		return storage(m)
	}
	set := func(els ...attr.Value) types.Set { return types.SetValueMust(elemType, els) }
	legacy := storage(map[string]attr.Value{"mount_directory": types.StringValue("/home")})
	for name, tc := range map[string]struct {
		planned, current types.Set
		want             []string
	}{
		"complete":             {planned: set(storage(full)), current: set()},
		"kept as it is":        {planned: set(legacy), current: set(legacy)},
		"not owned":            {planned: types.SetNull(elemType), current: set(legacy)},
		"unknown list":         {planned: types.SetUnknown(elemType), current: set()},
		"unknown attribute":    {planned: set(without("file_system_id", types.StringUnknown())), current: set()},
		"no file system":       {planned: set(legacy, without("file_system_id", types.StringNull())), current: set(legacy), want: []string{"file_system_id", `mount_directory = "/data"`, attachRule, "file_system_id is not set"}},
		"empty nas directory":  {planned: set(without("nas_directory", types.StringValue(""))), current: set(), want: []string{"nas_directory", attachRule, `nas_directory is ""`}},
		"no mount directory":   {planned: set(without("mount_directory", types.StringNull())), current: set(), want: []string{"mount_directory = not set", "mount_directory is not set"}},
		"changed, no protocol": {planned: set(without("protocol_type", types.StringNull())), current: set(storage(full)), want: []string{"protocol_type is not set"}},
		"state not owned":      {planned: set(without("mount_target_domain", types.StringNull())), current: types.SetNull(elemType), want: []string{"mount_target_domain"}},
	} {
		t.Run(name, func(t *testing.T) {
			diags := storageAttachDiags(tc.planned, tc.current)
			if len(tc.want) == 0 {
				if diags.HasError() {
					t.Fatalf("unexpected error: %v", diags)
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(diags), diags)
			}
			for _, s := range tc.want {
				if !strings.Contains(diags[0].Detail(), s) {
					t.Errorf("detail does not contain %q: %s", s, diags[0].Detail())
				}
			}
		})
	}
}

// TestCutEHPCSuffix: only the last segment the service appends for /home and /opt is cut, so a directory
// whose own name starts with "ehpc" reads back as configured.
func TestCutEHPCSuffix(t *testing.T) {
	none := types.StringNull()
	for _, tc := range []struct {
		dir        string
		configured types.String
		want       string
	}{
		{"/ehpc-ehpc-hz-abc-home", none, "/"},
		{"/apps/ehpc-ehpc-hz-abc-opt", none, "/apps"},
		{"/ehpcshare/ehpc-ehpc-hz-abc-home", none, "/ehpcshare"},
		{"/ehpcshare/ehpc-ehpc-hz-abc-home", types.StringValue("/ehpcshare"), "/ehpcshare"},
		{"/ehpcshare", types.StringValue("/ehpcshare"), "/ehpcshare"},
		{"/ehpcshare/data", none, "/ehpcshare/data"},
		{"/data", none, "/data"},
	} {
		if got := cutEHPCSuffix(tc.dir, tc.configured); got != tc.want {
			t.Errorf("cutEHPCSuffix(%q, %s) = %q, want %q", tc.dir, tc.configured, got, tc.want)
		}
	}
}
