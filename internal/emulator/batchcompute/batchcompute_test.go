package batchcompute

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

type fixture struct {
	t     *testing.T
	p     *Product
	clock *core.ManualClock
	env   *core.Env
}

const latency = 10 * time.Second

func newFixture(t *testing.T) *fixture {
	clock := core.NewManualClock(time.Date(2026, 11, 26, 8, 0, 0, 123456000, time.UTC))
	return &fixture{t: t, p: New(), clock: clock, env: core.NewEnv(clock, latency, "cn-hangzhou", 1)}
}

func (f *fixture) request(params url.Values, pathParams map[string]string, body string) *core.Request {
	if params == nil {
		params = url.Values{}
	}
	return &core.Request{Params: params, PathParams: pathParams, Body: []byte(body), Now: f.clock.Now(), Env: f.env, AccessKeyID: "ak"}
}

func (f *fixture) advance(frac float64) {
	f.clock.Advance(time.Duration(float64(latency) * frac))
}

// call runs a handler and returns its status and JSON body, or the API error code.
func (f *fixture) call(h core.Handler, req *core.Request) (int, map[string]any, string) {
	f.t.Helper()
	resp, err := h(req)
	if err != nil {
		var ce *core.Error
		if !errors.As(err, &ce) {
			f.t.Fatalf("handler returned a non-API error: %v", err)
		}
		return ce.Status, nil, ce.Code
	}
	var out map[string]any
	if resp.Body != nil {
		b, _ := json.Marshal(resp.Body)
		_ = json.Unmarshal(b, &out)
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	return status, out, ""
}

func (f *fixture) create(token, body string) (int, map[string]any, string) {
	params := url.Values{}
	if token != "" {
		params.Set("IdempotentToken", token)
	}
	return f.call(f.p.createCluster, f.request(params, nil, body))
}

func (f *fixture) get(id string) (int, map[string]any, string) {
	return f.call(f.p.getCluster, f.request(nil, map[string]string{"cluster_id": id}, ""))
}

const validBody = `{"Name":"test-ubuntu","ImageId":"img-ubuntu","InstanceType":"bcs.a2.large",
 "Groups":{"group1":{"DesiredVMCount":3,"ResourceType":"OnDemand"}}}`

// mutate returns validBody with top-level key set to raw JSON (or removed when raw is "").
func mutate(key, raw string) string {
	var m map[string]json.RawMessage
	_ = json.Unmarshal([]byte(validBody), &m)
	if raw == "" {
		delete(m, key)
	} else {
		m[key] = json.RawMessage(raw)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func TestCreateClusterErrorTable(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	manyUserData := map[string]string{}
	for i := 0; i < 65; i++ {
		manyUserData[fmt.Sprintf("k%d", i)] = "v"
	}
	many, _ := json.Marshal(manyUserData)
	cases := []struct {
		name, body, code string
		status           int
	}{
		{"not json", `{"Name":`, "InvalidJsonFormat", 400},
		{"not an object", `[1,2]`, "InvalidHttpBody", 400},
		{"name missing", mutate("Name", ""), "MissingName", 400},
		{"name not a string", mutate("Name", `5`), "InvalidName", 400},
		{"name empty", mutate("Name", `""`), "InvalidName", 400},
		{"name too long", mutate("Name", `"`+long(65)+`"`), "InvalidName", 400},
		{"name starts with a digit", mutate("Name", `"1abc"`), "InvalidName", 400},
		{"name bad character", mutate("Name", `"a.b"`), "InvalidName", 400},
		{"description not a string", mutate("Description", `1`), "InvalidDescription", 400},
		{"description too long", mutate("Description", `"`+long(1025)+`"`), "InvalidDescription", 400},
		{"image missing", mutate("ImageId", ""), "MissingImageId", 400},
		{"image not a string", mutate("ImageId", `[]`), "InvalidImageId", 400},
		{"image too long", mutate("ImageId", `"`+long(257)+`"`), "InvalidImageId", 400},
		{"instance type missing", mutate("InstanceType", ""), "MissingInstanceType", 400},
		{"instance type invalid", mutate("InstanceType", `"large"`), "InvalidInstanceType", 400},
		{"user data not an object", mutate("UserData", `"x"`), "InvalidUserData", 400},
		{"user data too many", mutate("UserData", string(many)), "InvalidUserData", 400},
		{"user data key too long", mutate("UserData", `{"`+long(129)+`":"v"}`), "InvalidUserData." + long(129), 400},
		{"user data value not a string", mutate("UserData", `{"k":1}`), "InvalidUserData.k.value", 400},
		{"user data value too long", mutate("UserData", `{"k":"`+long(1025)+`"}`), "InvalidUserData.k.value", 400},
		{"groups missing", mutate("Groups", ""), "MissingGroups", 400},
		{"groups not an object", mutate("Groups", `[]`), "InvalidGroups", 400},
		{"groups empty", mutate("Groups", `{}`), "InvalidGroups", 400},
		{"group name too long", mutate("Groups", `{"`+long(65)+`":{"DesiredVMCount":1}}`), "InvalidGroups." + long(65), 400},
		{"group not an object", mutate("Groups", `{"g":1}`), "InvalidGroups.g", 400},
		{"desired missing", mutate("Groups", `{"g":{}}`), "MissingDesiredVMCount", 400},
		{"desired not an integer", mutate("Groups", `{"g":{"DesiredVMCount":1.5}}`), "InvalidDesiredVMCount", 400},
		{"desired zero", mutate("Groups", `{"g":{"DesiredVMCount":0}}`), "InvalidDesiredVMCount", 400},
		{"desired too big", mutate("Groups", `{"g":{"DesiredVMCount":65537}}`), "InvalidDesiredVMCount", 400},
		{"group instance type invalid", mutate("Groups", `{"g":{"DesiredVMCount":1,"InstanceType":"x"}}`), "InvalidInstanceType", 400},
		{"resource type empty", mutate("Groups", `{"g":{"DesiredVMCount":1,"ResourceType":""}}`), "MissingResourceType", 400},
		{"resource type invalid", mutate("Groups", `{"g":{"DesiredVMCount":1,"ResourceType":"Reserved"}}`), "InvalidResourceType", 400},
		{"spot strategy invalid", mutate("Groups", `{"g":{"DesiredVMCount":1,"ResourceType":"Spot","SpotStrategy":"Cheap"}}`), "InvalidSpotStrategy", 400},
		{"spot price decimals", mutate("Groups", `{"g":{"DesiredVMCount":1,"ResourceType":"Spot","SpotPriceLimit":0.1234}}`), "InvalidSpotPriceLimit", 400},
		{"spot price negative", mutate("Groups", `{"g":{"DesiredVMCount":1,"ResourceType":"Spot","SpotPriceLimit":-1}}`), "InvalidSpotPriceLimit", 400},
		{"cidr invalid", mutate("Configs", `{"Networks":{"VPC":{"CidrBlock":"10.0.0.0/33"}}}`), "InvalidCidrBlock", 400},
		{"opposite router id missing", mutate("Configs", `{"Networks":{"VPC":{"CidrBlock":"10.0.0.0/8","OppositeAccessPointId":"ap-1","OppositeRegionId":"cn-hangzhou"}}}`),
			"MissingConfigs.Networks.VPC.OppositeRouterId", 400},
		{"opposite access point missing", mutate("Configs", `{"Networks":{"VPC":{"OppositeRouterId":"vbr-1","OppositeRegionId":"cn-hangzhou"}}}`),
			"MissingConfigs.Networks.VPC.OppositeAccessPointId", 400},
		{"opposite region missing", mutate("Configs", `{"Networks":{"VPC":{"OppositeRouterId":"vbr-1","OppositeAccessPointId":"ap-1"}}}`),
			"MissingConfigs.Networks.VPC.OppositeRegionId", 400},
		{"opposite router type forbidden", mutate("Configs", `{"Networks":{"VPC":{"OppositeRouterId":"r-1","OppositeRouterType":"VRouter","OppositeAccessPointId":"ap-1","OppositeRegionId":"cn-hangzhou"}}}`),
			"QuotaExhausted.Configs.Networks.VPC.OppositeRouterType", 403},
		{"system disk type", mutate("Configs", `{"Disks":{"SystemDisk":{"Type":"nvme","Size":40}}}`), "InvalidConfigs.Disks.SystemDisk.Type", 400},
		{"system disk size", mutate("Configs", `{"Disks":{"SystemDisk":{"Type":"cloud","Size":39}}}`), "InvalidConfigs.Disks.SystemDisk.Size", 400},
		{"data disk type differs", mutate("Configs", `{"Disks":{"SystemDisk":{"Type":"cloud_ssd"},"DataDisk":{"Type":"cloud","Size":40}}}`), "InvalidConfigs.Disks.DataDisk.Type", 400},
		{"ephemeral data disk size", mutate("Configs", `{"Disks":{"DataDisk":{"Type":"ephemeral","Size":2000}}}`), "InvalidConfigs.Disks.DataDisk.Size", 400},
		{"notification event", mutate("Notification", `{"Topic":{"Name":"t","Endpoint":"http://1.mns.cn-hangzhou.aliyuncs.com/","Events":["OnJobFailed"]}}`),
			"InvalidNotification.Topic.Events", 400},
		{"mount entry source missing", mutate("Configs", `{"Mounts":{"Entries":[{"Destination":"/d"}]}}`), "MissingConfigs.Mounts.Entries.0.Source", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			status, _, code := f.create("", tc.body)
			if code != tc.code || status != tc.status {
				t.Fatalf("got %d %q, want %d %q", status, code, tc.status, tc.code)
			}
			if len(f.p.state.Clusters) != 0 {
				t.Fatal("a rejected create stored a cluster")
			}
		})
	}
}

func TestCreateClusterAcceptsDocumentExample(t *testing.T) {
	f := newFixture(t)
	body := `{"Name":"test-ubuntu","Description":"demo","ImageId":"m-2309yqb5n","InstanceType":"bcs.a2.large",
	 "UserData":{"key1":"value1"},
	 "Notification":{"Topic":{"Name":"test-topic","Endpoint":"http://1.mns.cn-hangzhou.aliyuncs.com/","Events":["OnClusterDeleted","OnInstanceCreated","OnInstanceActive"]}},
	 "Configs":{"Disks":{"SystemDisk":{"Type":"cloud","Size":500},"DataDisk":{"Type":"cloud","Size":500,"MountPoint":"/path/to/mount"}},
	  "Mounts":{"Entries":[{"Destination":"/home/admin/mount-dest","Source":"oss://your-bucket/mount-source","WriteSupport":true}],
	   "Locale":"GBK","Lock":false,"CacheSupport":true,"NAS":{"AccessGroup":["group1","group2"],"FileSystem":["filesystem1","filesystem2"]},
	   "OSS":{"AccessKeyId":"id","AccessKeySecret":"secret","AccessSecurityToken":"token"}},
	  "Networks":{"Classic":{"AllowIpAddress":[],"AllowIpAddressEgress":[],"AllowSecurityGroup":[],"AllowSecurityGroupEgress":[]},"VPC":{"CidrBlock":"10.0.0.0/8"}}},
	 "Groups":{"group1":{"DesiredVMCount":3,"InstanceType":"","ResourceType":"OnDemand","SpotStrategy":"SpotAsPriceGo","SpotPriceLimit":0.0}}}`
	status, out, code := f.create("", body)
	if status != http.StatusCreated || code != "" {
		t.Fatalf("got %d %q", status, code)
	}
	id, _ := out["Id"].(string)
	if !strings.HasPrefix(id, "cls-") {
		t.Fatalf("id %q", id)
	}
	_, c, _ := f.get(id)
	oss := c["Configs"].(map[string]any)["Mounts"].(map[string]any)["OSS"].(map[string]any)
	if oss["AccessKeySecret"] != "" || oss["AccessSecurityToken"] != "" || oss["AccessKeyId"] != "id" {
		t.Fatalf("OSS credentials leak or id lost: %v", oss)
	}
	if ct, _ := c["CreationTime"].(string); ct != "2026-11-26T08:00:00.123456Z" {
		t.Fatalf("CreationTime %q", ct)
	}
}

func TestIdempotentToken(t *testing.T) {
	f := newFixture(t)
	_, first, _ := f.create("tok_1", validBody)
	status, again, _ := f.create("tok_1", strings.ReplaceAll(validBody, "\n", " "))
	if status != http.StatusCreated || again["Id"] != first["Id"] {
		t.Fatalf("same token and body: got %d %v, want 201 %v", status, again["Id"], first["Id"])
	}
	if n := len(f.p.state.Clusters); n != 1 {
		t.Fatalf("%d clusters after a repeated create", n)
	}
	if _, _, code := f.create("tok_1", mutate("Name", `"other"`)); code != "IdempotentTokenMismatch" {
		t.Fatalf("same token, other body: got %q", code)
	}
	for _, bad := range []string{strings.Repeat("a", 65), "has-dash", "sp ace"} {
		if _, _, code := f.create(bad, validBody); code != "InvalidIdempotentToken" {
			t.Fatalf("token %q: got %q", bad, code)
		}
	}
	_, other, _ := f.create("tok_2", validBody)
	if other["Id"] == first["Id"] {
		t.Fatal("a new token returned an old cluster")
	}
}

func TestInstancesGrowAndClusterDeletes(t *testing.T) {
	f := newFixture(t)
	_, out, _ := f.create("", validBody)
	id := out["Id"].(string)
	group := func() map[string]any {
		_, c, _ := f.get(id)
		return c["Groups"].(map[string]any)["group1"].(map[string]any)
	}
	metrics := func() map[string]any {
		_, c, _ := f.get(id)
		return c["Metrics"].(map[string]any)
	}
	if g := group(); g["ActualVMCount"] != 0.0 || g["DesiredVMCount"] != 3.0 {
		t.Fatalf("fresh group %v", g)
	}
	f.advance(0.5)
	if m := metrics(); m["StartingCount"] != 3.0 || m["RunningCount"] != 0.0 {
		t.Fatalf("half way %v", m)
	}
	f.advance(0.5)
	if g := group(); g["ActualVMCount"] != 3.0 {
		t.Fatalf("after the latency %v", g)
	}

	// Scale down: at once; scale up: over the latency.
	modify := func(body string) string {
		_, _, code := f.call(f.p.modifyCluster, f.request(nil, map[string]string{"cluster_id": id}, body))
		return code
	}
	if code := modify(`{"Groups":{"group1":{"DesiredVMCount":1}}}`); code != "" {
		t.Fatal(code)
	}
	if g := group(); g["ActualVMCount"] != 1.0 || g["DesiredVMCount"] != 1.0 {
		t.Fatalf("after scale-down %v", g)
	}
	if m := metrics(); m["StoppingCount"] != 2.0 {
		t.Fatalf("released instances %v", m)
	}
	if code := modify(`{"Groups":{"group1":{"DesiredVMCount":4,"SpotStrategy":"SpotAsPriceGo"}}}`); code != "" {
		t.Fatal(code)
	}
	if g := group(); g["ActualVMCount"] != 1.0 || g["SpotStrategy"] != "SpotAsPriceGo" {
		t.Fatalf("after scale-up %v", g)
	}
	f.advance(1)
	if g := group(); g["ActualVMCount"] != 4.0 {
		t.Fatalf("after scale-up and the latency %v", g)
	}
	for body, want := range map[string]string{
		`{"Groups":{"group1":{"DesiredVMCount":0}}}`:    "InvalidDesiredVMCount",
		`{"Groups":{"nope":{"DesiredVMCount":1}}}`:      "InvalidGroups.nope",
		`{"Groups":{"group1":{"DesiredVMCount":2000}}}`: "QuotaExhausted.MaxClusterGroupDesiredVMCount",
		`nope`: "InvalidJsonFormat",
	} {
		if code := modify(body); code != want {
			t.Fatalf("modify %s: got %q, want %q", body, code, want)
		}
	}

	del := func() (int, string) {
		status, _, code := f.call(f.p.deleteCluster, f.request(nil, map[string]string{"cluster_id": id}, ""))
		return status, code
	}
	if status, code := del(); status != http.StatusOK || code != "" {
		t.Fatalf("delete: %d %q", status, code)
	}
	if _, c, _ := f.get(id); c["State"] != StateDeleting {
		t.Fatalf("state after delete %v", c["State"])
	}
	if status, code := del(); status != http.StatusConflict || code != "StateConflict" {
		t.Fatalf("second delete: %d %q", status, code)
	}
	if code := modify(`{"Groups":{"group1":{"DesiredVMCount":1}}}`); code != "StateConflict" {
		t.Fatalf("modify while deleting: %q", code)
	}
	f.advance(1)
	if status, _, code := f.get(id); status != http.StatusNotFound || code != "InvalidResource.NotFound" {
		t.Fatalf("after deletion: %d %q", status, code)
	}
}

func TestQuotas(t *testing.T) {
	f := newFixture(t)
	f.p.state.Quota = Quota{MaxClusterCount: 1, MaxClusterGroupCount: 1, MaxClusterGroupDesiredVMCount: 2}
	if _, _, code := f.create("", validBody); code != "QuotaExhausted.MaxClusterGroupDesiredVMCount" {
		t.Fatalf("desired count over quota: %q", code)
	}
	if _, _, code := f.create("", mutate("Groups", `{"a":{"DesiredVMCount":1},"b":{"DesiredVMCount":1}}`)); code != "QuotaExhausted.MaxClusterGroupCount" {
		t.Fatalf("groups over quota: %q", code)
	}
	ok := mutate("Groups", `{"a":{"DesiredVMCount":1}}`)
	if status, _, code := f.create("", ok); status != http.StatusCreated {
		t.Fatalf("within quota: %q", code)
	}
	status, _, code := f.create("", ok)
	if status != http.StatusForbidden || code != "QuotaExhausted.MaxClusterCount" {
		t.Fatalf("clusters over quota: %d %q", status, code)
	}
}

func TestListClustersPaging(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 5; i++ {
		f.create("", validBody)
	}
	var seen []string
	marker := ""
	for pages := 0; pages < 10; pages++ {
		params := url.Values{"MaxItemCount": {"2"}}
		if marker != "" {
			params.Set("Marker", marker)
		}
		_, out, code := f.call(f.p.listClusters, f.request(params, nil, ""))
		if code != "" {
			t.Fatal(code)
		}
		for _, it := range out["Items"].([]any) {
			seen = append(seen, it.(map[string]any)["Id"].(string))
		}
		marker, _ = out["NextMarker"].(string)
		if marker == "" {
			break
		}
	}
	if len(seen) != 5 {
		t.Fatalf("paged through %d clusters, want 5: %v", len(seen), seen)
	}
	for _, bad := range []string{"0", "101", "x"} {
		if _, _, code := f.call(f.p.listClusters, f.request(url.Values{"MaxItemCount": {bad}}, nil, "")); code != "InvalidMaxItemCount" {
			t.Fatalf("MaxItemCount=%s: %q", bad, code)
		}
	}
}

// The request of the CreateCluster document, verbatim: empty OSS credentials (not set), empty classic lists
// beside a VPC, an empty group InstanceType (the cluster's type), spot fields on an OnDemand group (ignored).
const seedRequest = `{
    "Name": "test-ubuntu", "Description": "demo", "ImageId": "m-2309yqb5n", "InstanceType": "bcs.a2.large",
    "UserData": {"key1": "value1"},
    "Notification": {"Topic": {"Name": "test-topic", "Endpoint": "http://[UserId].mns.[Region].aliyuncs.com/",
        "Events": ["OnClusterDeleted", "OnInstanceCreated", "OnInstanceActive"]}},
    "Configs": {
        "Disks": {"SystemDisk": {"Type": "cloud", "Size": 500}, "DataDisk": {"Type": "cloud", "Size": 500, "MountPoint": "/path/to/mount"}},
        "Mounts": {
            "Entries": [{"Destination": "/home/admin/mount-dest", "Source": "oss://your-bucket/mount-source", "WriteSupport": true}],
            "Locale": "GBK", "Lock": false, "CacheSupport": true,
            "NAS": {"AccessGroup": ["group1", "group2"], "FileSystem": ["filesystem1", "filesystem2"]},
            "OSS": {"AccessKeyId": "", "AccessKeySecret": "", "AccessSecurityToken": ""}
        },
        "Networks": {
            "Classic": {"AllowIpAddress": [], "AllowIpAddressEgress": [], "AllowSecurityGroup": [], "AllowSecurityGroupEgress": []},
            "VPC": {"CidrBlock": "10.0.0.0/8"}
        }
    },
    "Groups": {"group1": {"DesiredVMCount": 3, "InstanceType": "", "ResourceType": "OnDemand", "SpotStrategy": "SpotAsPriceGo", "SpotPriceLimit": 0.0}}
}`

func TestCreateClusterAcceptsTheDocumentRequestVerbatim(t *testing.T) {
	f := newFixture(t)
	status, out, code := f.create("tok_seed", seedRequest)
	if status != http.StatusCreated || code != "" {
		t.Fatalf("got %d %q, want 201", status, code)
	}
	_, c, _ := f.get(out["Id"].(string))
	if c["InstanceType"] != "bcs.a2.large" {
		t.Errorf("cluster InstanceType %v", c["InstanceType"])
	}
	g := c["Groups"].(map[string]any)["group1"].(map[string]any)
	if g["InstanceType"] != "" {
		t.Errorf("an empty group InstanceType must read back as sent, got %v", g["InstanceType"])
	}
	// The spot fields of an OnDemand group are ignored by the service but kept and echoed as sent, so the
	// provider reads back what it wrote (no perpetual diff).
	if g["ResourceType"] != "OnDemand" || g["SpotStrategy"] != "SpotAsPriceGo" || g["SpotPriceLimit"] != 0.0 {
		t.Errorf("group1 reads back ResourceType %v SpotStrategy %v SpotPriceLimit %v, want them as sent", g["ResourceType"], g["SpotStrategy"], g["SpotPriceLimit"])
	}
	oss := c["Configs"].(map[string]any)["Mounts"].(map[string]any)["OSS"].(map[string]any)
	if oss["AccessKeyId"] != "" {
		t.Errorf("OSS AccessKeyId %v", oss["AccessKeyId"])
	}
}

// A data disk without a type has the system disk's: its size is checked against that type's range.
func TestDataDiskInheritsTheSystemDiskType(t *testing.T) {
	cases := map[string]struct {
		disks, code string
	}{
		"ephemeral inherited, too big": {`{"SystemDisk":{"Type":"ephemeral"},"DataDisk":{"Size":2000}}`, "InvalidConfigs.Disks.DataDisk.Size"},
		"ephemeral inherited, small":   {`{"SystemDisk":{"Type":"ephemeral"},"DataDisk":{"Size":5}}`, ""},
		"cloud inherited, too small":   {`{"SystemDisk":{"Type":"cloud_ssd"},"DataDisk":{"Size":10}}`, "InvalidConfigs.Disks.DataDisk.Size"},
		"no type: the default, cloud":  {`{"DataDisk":{"Size":2000}}`, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, code := newFixture(t).create("", mutate("Configs", `{"Disks":`+tc.disks+`}`))
			if code != tc.code {
				t.Fatalf("got %q, want %q", code, tc.code)
			}
		})
	}
}

// The constructors of errors.go answer with the document's status, code and message.
func TestDocumentedErrors(t *testing.T) {
	cases := []struct {
		err     *core.Error
		status  int
		code    string
		message string
	}{
		{errInvalidJSON(), 400, "InvalidJsonFormat", "The request body has an invalid json format."},
		{errInvalidHTTPBody(), 400, "InvalidHttpBody", "Specified parameter HttpBody is not valid. Its type must be object."},
		{errTokenMismatch(), 400, "IdempotentTokenMismatch", "Specified idempotent token mismatch."},
		{missing("Name"), 400, "MissingName", "Name is mandatory for this action."},
		{invalid("Name", "Its length must be in [1, 64]."), 400, "InvalidName", "Specified parameter Name is not valid. Its length must be in [1, 64]."},
		{invalid("InstanceType", ""), 400, "InvalidInstanceType", "Specified parameter InstanceType is not valid."},
		{errInvalidCidrBlock(), 400, "InvalidCidrBlock", "Specified parameter CidrBlock is not valid. Configs.Networks.VPC.CidrBlock is not valid."},
		{errQuota("MaxClusterCount", 100), 403, "QuotaExhausted.MaxClusterCount", "The MaxClusterCount (100) quota is exhausted."},
		{errOppositeRouterType("VRouter"), 403, "QuotaExhausted.Configs.Networks.VPC.OppositeRouterType", "The Configs.Networks.VPC.OppositeRouterType (VRouter) is forbidden."},
		{notFound("cls-1"), 404, "InvalidResource.NotFound", "The specified resource cls-1 is not found."},
		{errStateConflict(StateDeleting), 409, "StateConflict", "The current resource state is Deleting."},
	}
	for _, tc := range cases {
		if tc.err.Status != tc.status || tc.err.Code != tc.code || tc.err.Message != tc.message {
			t.Errorf("got %d %s %q, want %d %s %q", tc.err.Status, tc.err.Code, tc.err.Message, tc.status, tc.code, tc.message)
		}
	}
}
