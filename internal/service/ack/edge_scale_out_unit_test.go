package ack

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

func TestEdgeScaleOutSchemaModelParity(t *testing.T) {
	ctx := context.Background()
	s := edgeScaleOutSchema(ctx)
	if diags := s.ValidateImplementation(ctx); diags.HasError() {
		t.Fatal(diags)
	}
	if err := framework.SchemaModelParity(ctx, s, &edgeScaleOutModel{}); err != nil {
		t.Fatal(err)
	}
}

// A disk size outside its rule gets exactly one error, from the most specific rule, naming the value.
func TestEdgeScaleOutDiskSizeOneError(t *testing.T) {
	ctx := context.Background()
	s := edgeScaleOutSchema(ctx)
	for _, c := range []struct {
		attr  string
		value int64
		want  string
	}{
		{"worker_data_disk_size", 21, "must be 0 or a multiple of 10 between 20 and 200, got 21"},
		{"worker_data_disk_size", 10, "must be 0 or a multiple of 10 between 20 and 200, got 10"},
		{"worker_data_disk_size", 210, "must be 0 or a multiple of 10 between 20 and 200, got 210"},
		{"worker_system_disk_size", 25, "must be a multiple of 10 between 20 and 100, got 25"},
		{"worker_system_disk_size", 110, "must be a multiple of 10 between 20 and 100, got 110"},
		{"worker_system_disk_size", 0, "must be a multiple of 10 between 20 and 100, got 0"},
	} {
		a, ok := s.Attributes[c.attr].(schema.Int64Attribute)
		if !ok {
			t.Fatalf("%s is not an Int64Attribute", c.attr)
		}
		var diags diag.Diagnostics
		for _, v := range a.Validators {
			resp := &validator.Int64Response{}
			v.ValidateInt64(ctx, validator.Int64Request{Path: path.Root(c.attr), ConfigValue: types.Int64Value(c.value)}, resp)
			diags.Append(resp.Diagnostics...)
		}
		if diags.ErrorsCount() != 1 || !strings.Contains(diags.Errors()[0].Detail(), c.want) {
			t.Errorf("%s = %d: want exactly one error %q, got %v", c.attr, c.value, c.want, diags)
		}
	}
}

func TestParseEdgeScaleOutID(t *testing.T) {
	for _, c := range []struct {
		id, cluster, task string
		instances         []string
		bad               bool
	}{
		{id: "c1:T-abc", cluster: "c1", task: "T-abc"},
		{id: "c1:i-1", cluster: "c1", instances: []string{"i-1"}},
		{id: "c1:i-1,i-2", cluster: "c1", instances: []string{"i-1", "i-2"}},
		{id: "c1", bad: true},
		{id: ":T-1", bad: true},
		{id: "c1:", bad: true},
		{id: "c1:i-1,,i-2", bad: true},
	} {
		cl, task, inst, err := parseEdgeScaleOutID(c.id)
		if (err != nil) != c.bad || cl != c.cluster && !c.bad || task != c.task || !slices.Equal(inst, c.instances) {
			t.Errorf("%q: got %q %q %v %v", c.id, cl, task, inst, err)
		}
	}
}

// task_result comes in two shapes depending on the SDK generation (see README.md, "task_result").
func TestTaskResultShapes(t *testing.T) {
	for _, raw := range []string{
		`[{"data":"i-1","status":"success"},{"data":"i-2","status":"success"},{"data":"i-1","status":"success"}]`,
		`{"task":[{"data":"i-1","status":"success"},{"data":"i-2","status":"failed"}]}`,
	} {
		ti := taskInfo{TaskResult: json.RawMessage(raw)}
		if got := ti.instanceIDs(); !slices.Equal(got, []string{"i-1", "i-2"}) {
			t.Errorf("%s: %v", raw, got)
		}
	}
	if got := (&taskInfo{}).instanceIDs(); len(got) != 0 {
		t.Errorf("no task_result: %v", got)
	}
}

func TestParamsVerdict(t *testing.T) {
	period := int64(2)
	body := &scaleOutBody{Count: 2, WorkerInstanceType: "ens.sn1.tiny", WorkerPeriod: 1, WorkerAutoRenew: true,
		WorkerAutoRenewPeriod: &period, LoginPassword: "secret", IsEdgeWorker: true, WorkerSystemDiskSize: 20}
	want := comparableParams(body)
	if _, ok := want["login_password"]; ok {
		t.Fatal("the password must not be compared")
	}
	// As a JSON answer decodes: numbers are float64.
	var same map[string]any
	raw, _ := json.Marshal(body)
	_ = json.Unmarshal(raw, &same)
	delete(same, "login_password")
	if v := paramsVerdict(want, same); v != "match" {
		t.Errorf("same parameters: %s", v)
	}
	same["count"] = float64(3)
	if v := paramsVerdict(want, same); v != "other" {
		t.Errorf("other count: %s", v)
	}
	if v := paramsVerdict(want, map[string]any{"count": float64(2)}); v != "match" {
		t.Errorf("a partial report that agrees: %s", v)
	}
	if v := paramsVerdict(want, nil); v != "unknown" {
		t.Errorf("no parameters: %s", v)
	}
}

// A pending scale-out keeps its private-state key until its task has finished: only then has it listed every
// instance it bought.
func TestTaskFinished(t *testing.T) {
	for state, want := range map[string]bool{"running": false, "": false, "success": true, "failed": true, "fail": true} {
		if got := (&taskInfo{State: state}).finished(); got != want {
			t.Errorf("task in state %q finished = %v, want %v", state, got, want)
		}
	}
}
