package ehpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
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

func TestDecodeEHPC2018Tasks(t *testing.T) {
	for _, raw := range []string{
		`[{"TaskId":"T1","Status":"Success"}]`,
		`{"TaskInfo":[{"TaskId":"T1","Status":"Success"}]}`,
	} {
		tasks, err := decodeEHPC2018Tasks(json.RawMessage(raw))
		if err != nil || len(tasks) != 1 || tasks[0].TaskID != "T1" || tasks[0].Status != "Success" {
			t.Fatalf("decodeEHPC2018Tasks(%s) = %+v, %v", raw, tasks, err)
		}
	}
	if tasks, err := decodeEHPC2018Tasks(nil); err != nil || tasks != nil {
		t.Fatalf("empty: %+v %v", tasks, err)
	}
	if _, err := decodeEHPC2018Tasks(json.RawMessage(`{"TaskInfo":"x"}`)); err == nil {
		t.Fatal("a malformed answer decoded")
	}
}

func TestExistingNodesWireStatus(t *testing.T) {
	for want, nodes := range map[string]map[string]ehpc2018Node{
		"running":   {"a": {Status: "running"}, "b": {Status: "running"}},
		"initing":   {"a": {Status: "running"}, "b": {Status: "initing"}},
		"exception": {"a": {Status: "initing"}, "b": {Status: "exception"}},
	} {
		w := &existingNodesWire{Nodes: nodes}
		if got := w.status(); got != want {
			t.Errorf("status = %s, want %s", got, want)
		}
	}
}

// The model's tfsdk tags must match the schema's attributes, nested ones included.
func TestExistingNodesSchemaModelParity(t *testing.T) {
	ctx := context.Background()
	var resp resource.SchemaResponse
	NewExistingNodesResource().Schema(ctx, resource.SchemaRequest{}, &resp)
	if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
		t.Fatal(d)
	}
	if err := framework.SchemaModelParity(ctx, resp.Schema, &existingNodesModel{}); err != nil {
		t.Fatal(err)
	}
	if err := framework.SchemaModelParity(ctx, resp.Schema, &existingNodesNodeModel{}); err == nil {
		t.Fatal("parity passed for the wrong model: the check cannot fail")
	}
}

func TestExpandExistingNodesAdd(t *testing.T) {
	cases := map[string]struct {
		queue types.String
		want  map[string]string
	}{
		"no queue": {types.StringNull(), map[string]string{
			"ClusterId": "ehpc-hz-1", "ImageId": "img", "ImageOwnerAlias": "self",
			"Instance.1.Id": "i-a", "Instance.2.Id": "i-b",
		}},
		"queue": {types.StringValue("gpuq"), map[string]string{
			"ClusterId": "ehpc-hz-1", "ImageId": "img", "ImageOwnerAlias": "self", "JobQueue": "gpuq",
			"Instance.1.Id": "i-a", "Instance.2.Id": "i-b",
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			m := &existingNodesModel{
				ClusterID: types.StringValue("ehpc-hz-1"), ImageID: types.StringValue("img"),
				ImageOwnerAlias: types.StringValue("self"), JobQueue: tc.queue,
			}
			got := expandExistingNodesAdd(m, expandExistingNodesIDs(framework.StringsToSet([]string{"i-b", "i-a"}))).params()
			if len(got) != len(tc.want) {
				t.Fatalf("params %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestFlattenExistingNodes(t *testing.T) {
	ctx := context.Background()
	w := &existingNodesWire{ClusterID: "ehpc-hz-1", Nodes: map[string]ehpc2018Node{
		"i-c": {ID: "i-c", HostName: "hc", Status: "running", IPAddress: "10.0.0.3", ImageID: "img-c"},
		"i-a": {ID: "i-a", HostName: "ha", Status: "initing", IPAddress: "10.0.0.1", ImageID: "img-a", ImageOwnerAlias: "self"},
	}}
	cases := map[string]struct {
		image, alias           types.String
		wantImage, wantAlias   string
		wantID                 string
		wantPresent, wantNodes []string
	}{
		// After an import: the image and its kind are read back from the first node.
		"import": {types.StringNull(), types.StringNull(), "img-a", "self", "ehpc-hz-1:i-a,i-c", []string{"i-a", "i-c"}, []string{"i-a", "i-c"}},
		// Configured values are kept, whatever the nodes report.
		"configured": {types.StringValue("mine"), types.StringValue("others"), "mine", "others", "ehpc-hz-1:i-a,i-c", []string{"i-a", "i-c"}, []string{"i-a", "i-c"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			m := &existingNodesModel{ClusterID: types.StringValue("ehpc-hz-1"), ImageID: tc.image, ImageOwnerAlias: tc.alias, TaskID: types.StringNull()}
			present, d := flattenExistingNodes(ctx, m, w, []string{"i-a", "i-b", "i-c"})
			if d.HasError() {
				t.Fatal(d)
			}
			if !slices.Equal(present, tc.wantPresent) {
				t.Errorf("present %v, want %v", present, tc.wantPresent)
			}
			if m.ID.ValueString() != tc.wantID || m.ImageID.ValueString() != tc.wantImage || m.ImageOwnerAlias.ValueString() != tc.wantAlias {
				t.Errorf("id %s image %s alias %s", m.ID, m.ImageID, m.ImageOwnerAlias)
			}
			if m.TaskID.IsNull() || m.TaskID.ValueString() != "" {
				t.Errorf("task_id %s, want empty", m.TaskID)
			}
			if got := framework.SetToStrings(m.InstanceIDs); len(got) != 2 {
				t.Errorf("instance_ids %v", got)
			}
			var nodes []existingNodesNodeModel
			if d := m.Nodes.ElementsAs(ctx, &nodes, false); d.HasError() {
				t.Fatal(d)
			}
			var ids []string
			for _, n := range nodes {
				ids = append(ids, n.ID.ValueString())
			}
			if !slices.Equal(ids, tc.wantNodes) || nodes[0].HostName.ValueString() != "ha" || nodes[1].Status.ValueString() != "running" {
				t.Errorf("nodes %+v", nodes)
			}
		})
	}
	if l, d := flattenExistingNodesNodes(ctx, nil, []string{"i-a"}); d.HasError() || l.IsNull() || len(l.Elements()) != 0 {
		t.Errorf("no answer: want an empty list, got %v %v", l, d)
	}
}

func TestExistingNodesDifference(t *testing.T) {
	cases := []struct{ a, b, want []string }{
		{[]string{"c", "a", "b"}, []string{"b"}, []string{"a", "c"}},
		{[]string{"a"}, []string{"a"}, nil},
		{nil, []string{"a"}, nil},
	}
	for _, tc := range cases {
		if got := existingNodesDifference(tc.a, tc.b); !slices.Equal(got, tc.want) {
			t.Errorf("%v - %v = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// existingNodesTestClient is a client whose E-HPC endpoint is answer: it gets the action and the parameters
// and returns the HTTP status and the JSON body.
func existingNodesTestClient(t *testing.T, answer func(action string, q url.Values) (int, string)) *client.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		status, body := answer(r.Form.Get("Action"), r.Form)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId("ak").WithAccessKeySecret("sk").Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{
		Region:         "cn-hangzhou",
		Credentials:    creds,
		Endpoints:      map[client.Product]string{client.ProductEHPC: srv.URL},
		MaxRetries:     1,
		Backoff:        client.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond},
		Poll:           client.PollConfig{InitialDelay: time.Millisecond, MaxInterval: 2 * time.Millisecond},
		RequestTimeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func existingNodesPage(total int, ids ...string) string {
	infos := make([]map[string]any, len(ids))
	for i, id := range ids {
		infos[i] = map[string]any{"Id": id, "Status": "running", "HostName": "h-" + id}
	}
	b, _ := json.Marshal(map[string]any{"RequestId": "R", "TotalCount": total, "Nodes": map[string]any{"NodeInfo": infos}})
	return string(b)
}

// The finder never answers (nil, nil): what is there is returned, a missing cluster or no node at all is a
// typed not-found, and any other failure is an error that is not a not-found.
func TestFindExistingNodesByID(t *testing.T) {
	full := make([]string, existingNodesPageSize)
	for i := range full {
		full[i] = fmt.Sprintf("i-other%03d", i)
	}
	cases := map[string]struct {
		pages        map[string][2]any // PageNumber -> status, body
		id           string
		wantNodes    []string
		wantNotFound bool
		wantErr      bool
	}{
		"found on the second page": {
			pages: map[string][2]any{"1": {200, existingNodesPage(101, full...)}, "2": {200, existingNodesPage(101, "i-b")}},
			id:    "ehpc-hz-1:i-a,i-b", wantNodes: []string{"i-b"},
		},
		"none of them": {
			pages: map[string][2]any{"1": {200, existingNodesPage(1, "i-z")}},
			id:    "ehpc-hz-1:i-a", wantNotFound: true,
		},
		"cluster gone": {
			pages: map[string][2]any{"1": {404, `{"RequestId":"R","Code":"ClusterNotFound","Message":"The specified cluster does not exist."}`}},
			id:    "ehpc-hz-1:i-a", wantNotFound: true,
		},
		"refused": {
			pages: map[string][2]any{"1": {403, `{"RequestId":"R","Code":"NotAuthorized","Message":"no"}`}},
			id:    "ehpc-hz-1:i-a", wantErr: true,
		},
		"malformed id": {id: "ehpc-hz-1", wantErr: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := existingNodesTestClient(t, func(action string, q url.Values) (int, string) {
				if action != "ListNodes" || q.Get("ClusterId") != "ehpc-hz-1" {
					t.Errorf("unexpected call %s %v", action, q)
				}
				p := tc.pages[q.Get("PageNumber")]
				return p[0].(int), p[1].(string)
			})
			w, err := findExistingNodesByID(context.Background(), c, tc.id)
			switch {
			case tc.wantNotFound:
				if nf, ok := client.AsNotFound(err); !ok || w != nil || nf.Kind != existingNodesKind || nf.ID != tc.id {
					t.Fatalf("want a not-found of %s, got %v, %v", tc.id, w, err)
				}
			case tc.wantErr:
				if err == nil || w != nil || client.IsNotFound(err) {
					t.Fatalf("want an error that is not a not-found, got %v, %v", w, err)
				}
			default:
				if err != nil || w == nil {
					t.Fatalf("got %v, %v", w, err)
				}
				var got []string
				for id := range w.Nodes {
					got = append(got, id)
				}
				if !slices.Equal(got, tc.wantNodes) {
					t.Fatalf("nodes %v, want %v", got, tc.wantNodes)
				}
			}
		})
	}
}

// A lost AddExistedNodes answer is recovered through client.CreateRecovering: when the instances show up as
// nodes the task is adopted without a second call; when they do not, the call is sent again, at most
// client.MaxCreateAttempts times in all.
func TestAddExistedNodesLostAnswer(t *testing.T) {
	lost := `{"RequestId":"R","Code":"UnknownError","Message":"lost"}`
	ours := `{"RequestId":"R","Tasks":[{"TaskId":"T-other","Request":"{\"Instances\":[\"i-a\"]}"},` +
		`{"TaskId":"T-ours","Request":"{\"Instances\":[\"i-a\",\"i-b\"]}"}]}`
	cases := map[string]struct {
		applied   bool
		tasks     string
		wantCalls int
		wantTask  string
		wantErr   bool
	}{
		"applied: adopted": {applied: true, tasks: ours, wantCalls: 1, wantTask: "T-ours"},
		// The nodes are the truth when no task names all the instances: adopted without a task id.
		"applied, task unknown": {applied: true, tasks: `{"RequestId":"R","Tasks":[]}`, wantCalls: 1, wantTask: ""},
		"not applied: bound":    {applied: false, tasks: ours, wantCalls: client.MaxCreateAttempts, wantErr: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			calls := 0
			c := existingNodesTestClient(t, func(action string, q url.Values) (int, string) {
				mu.Lock()
				defer mu.Unlock()
				switch action {
				case "AddExistedNodes":
					calls++
					if q.Get("Instance.1.Id") != "i-a" || q.Get("Instance.2.Id") != "i-b" || q.Get("ImageOwnerAlias") != "system" {
						t.Errorf("parameters %v", q)
					}
					return 500, lost
				case "ListNodes":
					if tc.applied {
						return 200, existingNodesPage(2, "i-a", "i-b")
					}
					return 200, existingNodesPage(0)
				case "ListTasks":
					if q.Get("Archived") != "true" {
						t.Errorf("ListTasks without Archived=true: %v", q)
					}
					return 200, tc.tasks
				}
				t.Errorf("unexpected action %s", action)
				return 400, `{"Code":"InvalidParams"}`
			})
			task, err := addExistedNodes(context.Background(), c, existingNodesAddRequest{
				ClusterID: "ehpc-hz-1", ImageID: "img", ImageOwnerAlias: "system", InstanceIDs: []string{"i-a", "i-b"},
			})
			var unknown *client.OutcomeUnknownError
			if tc.wantErr != (err != nil) || (tc.wantErr && !errors.As(err, &unknown)) {
				t.Fatalf("error %v, want error %v", err, tc.wantErr)
			}
			if task != tc.wantTask || calls != tc.wantCalls {
				t.Fatalf("task %q after %d calls, want %q after %d", task, calls, tc.wantTask, tc.wantCalls)
			}
		})
	}
}

// Read against a fake ListNodes: what is still there is kept, a partial membership shrinks instance_ids and
// the id, and nothing left (or no cluster) removes the resource with the one shared warning.
func TestExistingNodesRead(t *testing.T) {
	ctx := context.Background()
	s := existingNodesSchema(ctx)
	const id = "ehpc-hz-1:i-a,i-b"
	cases := map[string]struct {
		status       int
		body         string
		wantRemoved  bool
		wantError    bool
		wantWarning  string
		wantID       string
		wantNodeSize int
	}{
		"all there":    {status: 200, body: existingNodesPage(2, "i-a", "i-b"), wantID: id, wantNodeSize: 2},
		"one left":     {status: 200, body: existingNodesPage(1, "i-b"), wantID: "ehpc-hz-1:i-b", wantNodeSize: 1},
		"none left":    {status: 200, body: existingNodesPage(0), wantRemoved: true, wantWarning: "E-HPC existing nodes " + id + " no longer exists"},
		"cluster gone": {status: 404, body: `{"RequestId":"R","Code":"ClusterNotFound","Message":"gone"}`, wantRemoved: true, wantWarning: "E-HPC existing nodes " + id + " no longer exists"},
		"refused":      {status: 403, body: `{"RequestId":"R","Code":"NotAuthorized","Message":"no"}`, wantError: true, wantID: id},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := &existingNodesResource{client: existingNodesTestClient(t, func(action string, _ url.Values) (int, string) {
				if action != "ListNodes" {
					t.Errorf("unexpected action %s", action)
				}
				return tc.status, tc.body
			})}
			prior := existingNodesModel{
				ID: types.StringValue(id), ClusterID: types.StringValue("ehpc-hz-1"), ImageID: types.StringValue("img"),
				ImageOwnerAlias: types.StringValue("system"), InstanceIDs: framework.StringsToSet([]string{"i-a", "i-b"}),
				JobQueue: types.StringNull(), ReleaseInstancesOnDestroy: types.BoolValue(false), TaskID: types.StringValue("T1"),
				Nodes:    types.ListValueMust(existingNodesNodeType, nil),
				Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
			}
			state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
			if d := state.Set(ctx, &prior); d.HasError() {
				t.Fatal(d)
			}
			resp := &resource.ReadResponse{State: state}
			r.Read(ctx, resource.ReadRequest{State: state}, resp)
			if got := resp.Diagnostics.HasError(); got != tc.wantError {
				t.Fatalf("error %v, want %v: %v", got, tc.wantError, resp.Diagnostics)
			}
			if removed := resp.State.Raw.IsNull(); removed != tc.wantRemoved {
				t.Fatalf("removed %v, want %v", removed, tc.wantRemoved)
			}
			if tc.wantWarning != "" {
				if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary() != tc.wantWarning {
					t.Fatalf("want the one warning %q, got %v", tc.wantWarning, resp.Diagnostics)
				}
			}
			if tc.wantRemoved {
				return
			}
			var got existingNodesModel
			if d := resp.State.Get(ctx, &got); d.HasError() {
				t.Fatal(d)
			}
			if got.ID.ValueString() != tc.wantID || (!tc.wantError && len(got.Nodes.Elements()) != tc.wantNodeSize) {
				t.Fatalf("id %s, %d nodes; want %s, %d", got.ID, len(got.Nodes.Elements()), tc.wantID, tc.wantNodeSize)
			}
			if got.TaskID.ValueString() != "T1" || got.ImageID.ValueString() != "img" {
				t.Fatalf("task_id %s image_id %s changed", got.TaskID, got.ImageID)
			}
		})
	}
}
