package ack

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

// edgeStateModel is a state of three nodes bought by two tasks, the newest expiring last.
func edgeStateModel(t *testing.T) edgeScaleOutModel {
	t.Helper()
	var m edgeScaleOutModel // zero values are null
	m.Timeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType,
	})}
	m.ID, m.ClusterID, m.TaskID = types.StringValue("c1:T-1"), types.StringValue("c1"), types.StringValue("T-1")
	m.Count, m.WorkerInstanceType, m.ENSRegionID = types.Int64Value(3), types.StringValue("ens.sn1.tiny"), types.StringValue("cn-beijing-telecom")
	m.WorkerImageID, m.ENSInternetChargeType, m.WorkerPeriod = types.StringValue("m-1"), types.StringValue("BandwidthByDay"), types.Int64Value(1)
	m.WorkerAutoRenew, m.LoginPassword, m.WorkerSystemDiskSize = types.BoolValue(false), types.StringValue("Hello1234!"), types.Int64Value(20)
	m.WorkerDataDiskSize, m.IsEdgeWorker = types.Int64Value(0), types.BoolValue(true)
	m.TaskIDs = framework.StringsToList([]string{"T-1", "T-2"})
	flattenNodes(&m, []string{"i-a", "i-b", "i-c"}, map[string]string{"i-a": "T-1", "i-b": "T-1", "i-c": "T-2"}, nodeSet{
		"i-a": {InstanceID: "i-a", NodeName: "n-a", ExpiredTime: "2027-01-01T00:00:00Z"},
		"i-b": {InstanceID: "i-b", NodeName: "n-b", ExpiredTime: "2027-01-01T00:00:00Z"},
		"i-c": {InstanceID: "i-c", NodeName: "n-c", ExpiredTime: "2027-02-01T00:00:00Z"},
	}, false)
	return m
}

func modifyPlan(ctx context.Context, t *testing.T, state *edgeScaleOutModel, plan *edgeScaleOutModel) *resource.ModifyPlanResponse {
	t.Helper()
	s := edgeScaleOutSchema(ctx)
	typ := s.Type().TerraformType(ctx)
	req := resource.ModifyPlanRequest{
		State:  tfsdk.State{Schema: s, Raw: tftypes.NewValue(typ, nil)},
		Plan:   tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(typ, nil)},
		Config: tfsdk.Config{Schema: s, Raw: tftypes.NewValue(typ, nil)},
	}
	if d := req.State.Set(ctx, state); d.HasError() {
		t.Fatal(d)
	}
	if plan != nil {
		if d := req.Plan.Set(ctx, plan); d.HasError() {
			t.Fatal(d)
		}
	}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	(&edgeScaleOutResource{}).ModifyPlan(ctx, req, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp
}

// Every plan that gives up subscription nodes carries one warning naming the resource, how many nodes go, which,
// and until when they bill; a plan that buys or keeps nodes carries none.
func TestEdgeScaleOutModifyPlanWarnings(t *testing.T) {
	ctx := context.Background()
	state := edgeStateModel(t)
	replaced := edgeStateModel(t)
	replaced.WorkerInstanceType = types.StringValue("ens.sn1.small")
	scaledIn := edgeStateModel(t)
	scaledIn.Count = types.Int64Value(1)
	scaledOut := edgeStateModel(t)
	scaledOut.Count = types.Int64Value(5)
	unchanged := edgeStateModel(t)
	unknownCount := edgeStateModel(t)
	unknownCount.Count = types.Int64Unknown()
	for name, c := range map[string]struct {
		plan    *edgeScaleOutModel
		want    []string
		absent  []string
		noWarns bool
	}{
		"destroy": {plan: nil, want: []string{"Destroying aliyun_ack_edge_scale_out c1:T-1 removes 3 node(s) from ACK cluster c1: i-a, i-b, i-c", "until 2027-02-01T00:00:00Z"}},
		"replacement": {plan: &replaced, want: []string{"Replacing (a change of worker_instance_type) aliyun_ack_edge_scale_out c1:T-1 removes 3 node(s)",
			"keep running and billing until 2027-02-01T00:00:00Z"}},
		"scale-in": {plan: &scaledIn, want: []string{"Scaling in from 3 to 1 (newest nodes first) aliyun_ack_edge_scale_out c1:T-1 removes 2 node(s) from ACK cluster c1: i-c, i-b",
			"until 2027-02-01T00:00:00Z"}, absent: []string{"i-a"}},
		"count known after apply": {plan: &unknownCount, want: []string{"worker_count of c1:T-1 is known only after apply",
			"lower than 3", "keep running and billing"}},
		"scale-out": {plan: &scaledOut, noWarns: true},
		"no change": {plan: &unchanged, noWarns: true},
	} {
		t.Run(name, func(t *testing.T) {
			resp := modifyPlan(ctx, t, &state, c.plan)
			warns := resp.Diagnostics.Warnings()
			if c.noWarns {
				if len(warns) != 0 {
					t.Fatalf("want no warning, got %v", warns)
				}
				return
			}
			if len(warns) != 1 {
				t.Fatalf("want exactly one warning, got %v", warns)
			}
			detail := warns[0].Detail()
			for _, w := range c.want {
				if !strings.Contains(detail, w) {
					t.Errorf("warning lacks %q:\n%s", w, detail)
				}
			}
			for _, a := range c.absent {
				if strings.Contains(detail, a) {
					t.Errorf("warning names %q, which stays:\n%s", a, detail)
				}
			}
		})
	}
}

// A change of worker_count plans an update of the computed node attributes (unknown until applied); none
// plans them as they are.
func TestEdgeScaleOutModifyPlanUnknowns(t *testing.T) {
	ctx := context.Background()
	state := edgeStateModel(t)
	lost := edgeStateModel(t) // a refresh found one node missing: worker_count read 2, the config says 3
	flattenNodes(&lost, []string{"i-a", "i-b"}, map[string]string{"i-a": "T-1", "i-b": "T-1"}, nodeSet{"i-a": {}, "i-b": {}}, true)
	config := lost
	config.Count = types.Int64Value(3)
	resp := modifyPlan(ctx, t, &lost, &config)
	var got edgeScaleOutModel
	if d := resp.Plan.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	if !got.InstanceIDs.IsUnknown() || !got.Nodes.IsUnknown() || !got.TaskIDs.IsUnknown() || !got.ID.Equal(state.ID) {
		t.Errorf("buying back a lost node must plan an update: instance_ids %v nodes unknown %v task_ids %v id %v",
			got.InstanceIDs, got.Nodes.IsUnknown(), got.TaskIDs, got.ID)
	}
	resp = modifyPlan(ctx, t, &state, &state)
	if d := resp.Plan.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	if got.InstanceIDs.IsUnknown() || got.Nodes.IsUnknown() {
		t.Error("an unchanged worker_count must leave the node attributes known")
	}
}

func TestNewestNodes(t *testing.T) {
	if got := newestNodes([]string{"a", "b", "c", "d"}, 2); strings.Join(got, ",") != "d,c" {
		t.Errorf("newestNodes = %v, want d,c", got)
	}
}

// After a removal that stopped midway, the state drops exactly the nodes that left and keeps the others as read.
func TestDropOwned(t *testing.T) {
	ctx := context.Background()
	m := edgeStateModel(t)
	dropOwned(ctx, &m, []string{"i-c", "i-x"})
	if got := framework.ListToStrings(m.InstanceIDs); strings.Join(got, ",") != "i-a,i-b" {
		t.Errorf("instance_ids %v, want i-a,i-b", got)
	}
	if got := framework.ListToStrings(m.NodeNames); strings.Join(got, ",") != "n-a,n-b" {
		t.Errorf("node_names %v, want n-a,n-b", got)
	}
	nodes := nodeModels(ctx, &m)
	if len(nodes) != 2 || nodes[1].NodeName.ValueString() != "n-b" || nodes[1].TaskID.ValueString() != "T-1" ||
		nodes[1].ExpiredTime.ValueString() != "2027-01-01T00:00:00Z" {
		t.Errorf("nodes %v", nodes)
	}
	if m.Count.ValueInt64() != 2 {
		t.Errorf("worker_count %v, want 2", m.Count)
	}
}

// Every argument whose change replaces the nodes — among them each cause the plan must warn about (instance
// type, image, disk sizes, period, region, cluster, password version) — yields the replacement warning naming
// that argument; the same value read as unread (null after an import) does not.
func TestEdgeScaleOutModifyPlanReplacementCauses(t *testing.T) {
	ctx := context.Background()
	cases := map[string]func(m *edgeScaleOutModel){
		"worker_instance_type":      func(m *edgeScaleOutModel) { m.WorkerInstanceType = types.StringValue("ens.sn1.small") },
		"worker_image_id":           func(m *edgeScaleOutModel) { m.WorkerImageID = types.StringValue("m-2") },
		"worker_system_disk_size":   func(m *edgeScaleOutModel) { m.WorkerSystemDiskSize = types.Int64Value(40) },
		"worker_data_disk_size":     func(m *edgeScaleOutModel) { m.WorkerDataDiskSize = types.Int64Value(40) },
		"worker_period":             func(m *edgeScaleOutModel) { m.WorkerPeriod = types.Int64Value(3) },
		"ens_region_id":             func(m *edgeScaleOutModel) { m.ENSRegionID = types.StringValue("cn-shanghai-unicom") },
		"cluster_id":                func(m *edgeScaleOutModel) { m.ClusterID = types.StringValue("c2") },
		"login_password_wo_version": func(m *edgeScaleOutModel) { m.LoginPasswordWOVersion = types.Int64Value(2) },
		"login_password":            func(m *edgeScaleOutModel) { m.LoginPassword = types.StringValue("Other1234!") },
		"ens_internet_charge_type":  func(m *edgeScaleOutModel) { m.ENSInternetChargeType = types.StringValue("95BandwidthByMonth") },
		"worker_auto_renew":         func(m *edgeScaleOutModel) { m.WorkerAutoRenew = types.BoolValue(true) },
		"worker_auto_renew_period":  func(m *edgeScaleOutModel) { m.WorkerAutoRenewPeriod = types.Int64Value(2) },
		"timeout_mins":              func(m *edgeScaleOutModel) { m.TimeoutMins = types.Int64Value(30) },
	}
	// The table covers every argument the schema replaces on: a new one must be added here, with its warning.
	var replacing []string
	for name, a := range edgeScaleOutSchema(ctx).Attributes {
		if replacesOnChange(a) {
			replacing = append(replacing, name)
		}
	}
	for _, name := range replacing {
		if _, ok := cases[name]; !ok && name != "is_edge_worker" { // is_edge_worker can only be true
			t.Errorf("%s replaces the resource but has no case here", name)
		}
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			state := edgeStateModel(t)
			state.LoginPasswordWOVersion = types.Int64Value(1)
			plan := state
			change(&plan)
			warns := modifyPlan(ctx, t, &state, &plan).Diagnostics.Warnings()
			if len(warns) != 1 || warns[0].Summary() != "Replacing subscription nodes" {
				t.Fatalf("want one replacement warning, got %v", warns)
			}
			want := "Replacing (a change of " + name + ") aliyun_ack_edge_scale_out c1:T-1 removes 3 node(s) from ACK cluster c1: i-a, i-b, i-c."
			if d := warns[0].Detail(); !strings.Contains(d, want) || !strings.Contains(d, "until 2027-02-01T00:00:00Z") {
				t.Errorf("warning lacks %q and the expiry:\n%s", want, d)
			}
		})
	}
	t.Run("unread after import", func(t *testing.T) {
		state := edgeStateModel(t)
		state.WorkerPeriod, state.ENSRegionID = types.Int64Null(), types.StringNull()
		plan := edgeStateModel(t)
		s := edgeScaleOutSchema(ctx)
		st, pl := tfsdk.State{Schema: s}, tfsdk.Plan{Schema: s}
		if d := st.Set(ctx, &state); d.HasError() {
			t.Fatal(d)
		}
		if d := pl.Set(ctx, &plan); d.HasError() {
			t.Fatal(d)
		}
		if got := replacedAttributes(s, st.Raw, pl.Raw, true); len(got) != 0 {
			t.Errorf("arguments never read must not count as replaced, got %v", got)
		}
		if got := replacedAttributes(s, st.Raw, pl.Raw, false); strings.Join(got, ",") != "ens_region_id,worker_period" {
			t.Errorf("replacedAttributes = %v, want ens_region_id,worker_period", got)
		}
	})
}

// priorNodes gives flattenNodes back what the state read of each node, so a failed read keeps it.
func TestPriorNodesRoundTrip(t *testing.T) {
	ctx := context.Background()
	m := edgeStateModel(t)
	want := m.Nodes
	flattenNodes(&m, framework.ListToStrings(m.InstanceIDs), map[string]string{"i-a": "T-1", "i-b": "T-1", "i-c": "T-2"}, priorNodes(ctx, &m), false)
	if !m.Nodes.Equal(want) {
		t.Errorf("nodes after a round trip\n%v\nwant\n%v", m.Nodes, want)
	}
}
