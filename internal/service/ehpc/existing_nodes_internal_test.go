package ehpc

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestExistingNodesID(t *testing.T) {
	id := existingNodesID("ehpc-hz-abc", []string{"i-b", "i-a"})
	if id != "ehpc-hz-abc:i-a,i-b" {
		t.Fatalf("id %q", id)
	}
	cluster, ids, err := parseExistingNodesID(" ehpc-hz-abc : i-b, i-a,i-b ")
	if err != nil || cluster != "ehpc-hz-abc" || !slices.Equal(ids, []string{"i-a", "i-b"}) {
		t.Fatalf("parse: %q %v %v", cluster, ids, err)
	}
	for _, bad := range []string{"", "ehpc-hz-abc", "ehpc-hz-abc:", ":i-a", "ehpc-hz-abc:i-a,,i-b", "ehpc-hz-abc:vm-1", "ehpc-hz-abc:i-A"} {
		if _, _, err := parseExistingNodesID(bad); err == nil {
			t.Errorf("parseExistingNodesID(%q) accepted", bad)
		}
	}
}

func TestDecodeTasks(t *testing.T) {
	for _, raw := range []string{
		`[{"TaskId":"T1","Status":"Success"}]`,
		`{"TaskInfo":[{"TaskId":"T1","Status":"Success"}]}`,
	} {
		tasks, err := decodeTasks(json.RawMessage(raw))
		if err != nil || len(tasks) != 1 || tasks[0].TaskID != "T1" || tasks[0].Status != "Success" {
			t.Fatalf("decodeTasks(%s) = %+v, %v", raw, tasks, err)
		}
	}
	if tasks, err := decodeTasks(nil); err != nil || tasks != nil {
		t.Fatalf("empty: %+v %v", tasks, err)
	}
}

func TestSummarizeStatuses(t *testing.T) {
	for want, nodes := range map[string]map[string]ehpcNode{
		"running":   {"a": {Status: "running"}, "b": {Status: "running"}},
		"initing":   {"a": {Status: "running"}, "b": {Status: "initing"}},
		"exception": {"a": {Status: "initing"}, "b": {Status: "exception"}},
	} {
		if got := summarizeStatuses(nodes); got != want {
			t.Errorf("summarizeStatuses = %s, want %s", got, want)
		}
	}
}

// The model's tfsdk tags must match the schema's attributes (a typo only shows at run time otherwise).
func TestExistingNodesSchemaMatchesModel(t *testing.T) {
	ctx := context.Background()
	var resp resource.SchemaResponse
	NewExistingNodesResource().Schema(ctx, resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
		t.Fatal(d)
	}
	objType, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the schema's type is not an object")
	}
	nulls := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		nulls[name] = tftypes.NewValue(typ, nil)
	}
	state := tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(objType, nulls)}
	var m existingNodesModel
	if d := state.Get(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	if d := state.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
}
