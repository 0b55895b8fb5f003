package ack

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The model's tfsdk tags and the schema's attributes must name the same set.
func TestEdgeScaleOutSchemaModelParity(t *testing.T) {
	var resp resource.SchemaResponse
	NewEdgeScaleOutResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var schemaNames, modelNames []string
	for name := range resp.Schema.Attributes {
		schemaNames = append(schemaNames, name)
	}
	rt := reflect.TypeOf(edgeScaleOutModel{})
	for i := range rt.NumField() {
		modelNames = append(modelNames, rt.Field(i).Tag.Get("tfsdk"))
	}
	sort.Strings(schemaNames)
	sort.Strings(modelNames)
	if !slices.Equal(schemaNames, modelNames) {
		t.Fatalf("schema %v\nmodel  %v", schemaNames, modelNames)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatal(diags)
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

// task_result comes in two shapes depending on the SDK generation (REFERENCE §8.1).
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
