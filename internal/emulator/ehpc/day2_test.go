package ehpc_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/ehpc"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/emutest"
)

// Tests of the 2024-07-30 day-2 calls through signed requests to an in-process emulator whose clock the test
// moves (no sleeps).

const day2Latency = 10 * time.Second

type day2Env struct {
	t     *testing.T
	clock *core.ManualClock
	api   *client.Client
	admin *emulator.Admin
}

func newDay2Env(t *testing.T) *day2Env {
	t.Helper()
	clock := core.NewManualClock(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	_, srv, admin := emutest.Start(t, emulator.Config{Region: "cn-hangzhou", Latency: day2Latency, Seed: 3, Clock: clock})
	api := emutest.Client(t, srv.URL, func(cfg *client.Config) { cfg.MaxRetries = 0 })
	return &day2Env{t: t, clock: clock, api: api, admin: admin}
}

// day2Methods are the HTTP methods of the calls as the vendor SDK sends them.
var day2Methods = map[string]string{"InstallSoftwares": http.MethodGet, "UninstallSoftwares": http.MethodGet, "ListInstalledSoftwares": http.MethodGet}

func (e *day2Env) call(action string, params map[string]string) (map[string]any, error) {
	e.t.Helper()
	method := day2Methods[action]
	if method == "" {
		method = http.MethodPost
	}
	var out map[string]any
	_, err := e.api.RPC(context.Background(), client.RPCCall{Product: client.ProductEHPC, Version: ehpc.Version2024,
		Action: action, Method: method, Params: params}, &out)
	return out, err
}

func (e *day2Env) must(action string, params map[string]string) map[string]any {
	e.t.Helper()
	out, err := e.call(action, params)
	if err != nil {
		e.t.Fatalf("%s: %v", action, err)
	}
	return out
}

// wantErr asserts the call fails with code and a message containing every fragment.
func (e *day2Env) wantErr(action string, params map[string]string, code string, fragments ...string) {
	e.t.Helper()
	_, err := e.call(action, params)
	if err == nil || !client.IsCode(err, code) {
		e.t.Fatalf("%s: want %s, got %v", action, code, err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			e.t.Fatalf("%s: error %q does not contain %q", action, err, f)
		}
	}
}

func (e *day2Env) advance(d time.Duration) { e.clock.Advance(d) }

// runningCluster creates a cluster with CreateCluster (extra parameters added) and waits until it runs.
func (e *day2Env) runningCluster(extra map[string]string) string {
	e.t.Helper()
	params := map[string]string{"ClusterName": "day2", "ClusterCredentials": `{"Password":"Ehpc-Test-2024"}`}
	for k, v := range extra {
		params[k] = v
	}
	id := e.must("CreateCluster", params)["ClusterId"].(string)
	e.advance(day2Latency)
	if s := e.must("GetCluster", map[string]string{"ClusterId": id})["ClusterStatus"]; s != "running" {
		e.t.Fatalf("cluster status %v", s)
	}
	return id
}

func keysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func wantKeys(t *testing.T, what string, m any, want ...string) {
	t.Helper()
	obj, ok := m.(map[string]any)
	if !ok {
		t.Fatalf("%s is not an object: %v", what, m)
	}
	sort.Strings(want)
	if got := keysOf(obj); !slices.Equal(got, want) {
		t.Fatalf("%s keys:\n got %v\nwant %v", what, got, want)
	}
}

func asList(t *testing.T, what string, v any) []any {
	t.Helper()
	l, ok := v.([]any)
	if !ok {
		t.Fatalf("%s is not a list: %v", what, v)
	}
	return l
}

func TestDay2Queues(t *testing.T) {
	e := newDay2Env(t)
	id := e.runningCluster(map[string]string{"Queues": `[{"QueueName":"comp","ComputeNodes":[{"InstanceType":"ecs.c7.large"}],"MaxCount":4}]`})
	cid := map[string]string{"ClusterId": id}

	l := e.must("ListQueues", cid)
	wantKeys(t, "ListQueues", l, "RequestId", "ClusterId", "PageNumber", "PageSize", "TotalCount", "Queues")
	qs := asList(t, "Queues", l["Queues"])
	if len(qs) != 1 || qs[0].(map[string]any)["QueueName"] != "comp" || l["ClusterId"] != id {
		t.Fatalf("queues given at creation: %v", l)
	}
	wantKeys(t, "ListQueues item", qs[0], "QueueName", "ComputeNodes", "CreateTime", "UpdateTime", "EnableScaleIn",
		"EnableScaleOut", "MaxCount", "MaxCountPerCycle", "MinCount", "VSwitchIds", "TotalCores", "Nodes")
	wantKeys(t, "ListQueues item Nodes", qs[0].(map[string]any)["Nodes"], "RunningCounts", "CreatingCounts", "ExceptionCounts")

	queue := `{"QueueName":"gpu","ComputeNodes":[{"InstanceType":"ecs.gn7i.large","SpotStrategy":"NoSpot","SpotPriceLimit":0}],` +
		`"MaxCount":10,"MinCount":1,"HostnamePrefix":"gpu-","InterConnect":"erdma","KeepAliveNodes":["gpu-1"],"RamRole":"r"}`
	if out := e.must("CreateQueue", map[string]string{"ClusterId": id, "Queue": queue}); out["Name"] != "gpu" {
		t.Fatalf("CreateQueue answer: %v", out)
	}
	e.wantErr("CreateQueue", map[string]string{"ClusterId": id, "Queue": `{"QueueName":"gpu"}`}, "InvalidParams", `"gpu" already exists`)
	e.wantErr("CreateQueue", map[string]string{"ClusterId": id, "Queue": `{"QueueName":"comp"}`}, "InvalidParams", `"comp" already exists`)
	e.wantErr("CreateQueue", map[string]string{"ClusterId": id, "Queue": `{"QueueName":"bad_name"}`}, "InvalidParams", "Queue.QueueName")
	// Not shown before the latency has passed.
	get := map[string]string{"ClusterId": id, "QueueName": "gpu"}
	e.wantErr("GetQueue", get, "InvalidParams", "QueueName", `"gpu" does not exist`)
	e.advance(day2Latency - time.Second)
	e.wantErr("GetQueue", get, "InvalidParams", "QueueName")
	e.advance(time.Second)
	g := e.must("GetQueue", get)
	wantKeys(t, "GetQueue", g, "RequestId", "Queue")
	q := g["Queue"].(map[string]any)
	wantKeys(t, "GetQueue Queue", q, "QueueName", "AllocationStrategy", "ComputeNodes", "CreateTime", "UpdateTime",
		"EnableScaleIn", "EnableScaleOut", "HostnamePrefix", "HostnameSuffix", "InitialCount", "InterConnect",
		"KeepAliveNodes", "MaxCount", "MaxCountPerCycle", "MinCount", "RamRole", "VSwitchIds")
	node := asList(t, "ComputeNodes", q["ComputeNodes"])[0].(map[string]any)
	if q["MaxCount"] != 10.0 || q["HostnamePrefix"] != "gpu-" || node["InstanceType"] != "ecs.gn7i.large" ||
		q["CreateTime"] != "2026-03-04T05:06:17Z" || q["UpdateTime"] != "2026-03-04T05:06:27Z" {
		t.Fatalf("GetQueue: %v", q)
	}

	// An update shows after the latency; fields it does not carry keep their values.
	e.must("UpdateQueue", map[string]string{"ClusterId": id, "Queue": `{"QueueName":"gpu","MaxCount":20}`})
	if q := e.must("GetQueue", get)["Queue"].(map[string]any); q["MaxCount"] != 10.0 {
		t.Fatalf("update shown before the latency: %v", q)
	}
	e.advance(day2Latency)
	if q := e.must("GetQueue", get)["Queue"].(map[string]any); q["MaxCount"] != 20.0 || q["HostnamePrefix"] != "gpu-" || q["MinCount"] != 1.0 {
		t.Fatalf("after the update: %v", q)
	}
	e.wantErr("UpdateQueue", map[string]string{"ClusterId": id, "Queue": `{"QueueName":"nope","MaxCount":2}`}, "InvalidParams", `"nope" does not exist`)
	e.wantErr("UpdateQueue", map[string]string{"ClusterId": id, "Queue": `{"QueueName":"gpu","HostnamePrefix":"UP"}`}, "InvalidParams", "Queue.HostnamePrefix")

	if l := e.must("ListQueues", map[string]string{"ClusterId": id, "QueueNames": `["gpu"]`}); len(asList(t, "Queues", l["Queues"])) != 1 || l["TotalCount"] != 1.0 {
		t.Fatalf("ListQueues filtered: %v", l)
	}
	// DeleteQueues is all or nothing and names the queue that does not exist.
	e.wantErr("DeleteQueues", map[string]string{"ClusterId": id, "QueueNames": `["gpu","ghost"]`}, "InvalidParams", "QueueNames.1", `"ghost"`)
	e.must("GetQueue", get)
	e.must("DeleteQueues", map[string]string{"ClusterId": id, "QueueNames": `["gpu"]`})
	e.wantErr("GetQueue", get, "InvalidParams", `"gpu" does not exist`)
	if l := e.must("ListQueues", cid); len(asList(t, "Queues", l["Queues"])) != 1 {
		t.Fatalf("after DeleteQueues: %v", l)
	}
}

func TestDay2ClusterStatusAndNotFound(t *testing.T) {
	e := newDay2Env(t)
	calls := map[string]map[string]string{
		"CreateQueue":          {"Queue": `{"QueueName":"q"}`},
		"UpdateQueue":          {"Queue": `{"QueueName":"q"}`},
		"DeleteQueues":         {"QueueNames": `["q"]`},
		"AttachSharedStorages": {"SharedStorages": `[{"FileSystemId":"f","MountDirectory":"/d","MountTarget":"t","ProtocolType":"NFS","StorageDirectory":"/","VolumeType":"nas"}]`},
		"DetachSharedStorages": {"SharedStorages": `[{"MountDirectory":"/d"}]`},
		"InstallSoftwares":     {"AdditionalPackages": `[{"Name":"mpich","Version":"4.0.3"}]`},
		"UninstallSoftwares":   {"AdditionalPackages": `[{"Name":"mpich","Version":"4.0.3"}]`},
		"InstallAddon":         {"AddonName": "Login", "AddonVersion": "1.0"},
		"UnInstallAddon":       {"AddonId": "x"},
	}
	reads := map[string]map[string]string{
		"GetQueue": {"QueueName": "q"}, "ListQueues": {}, "ListSharedStorages": {}, "ListInstalledSoftwares": {},
		"ListAddons": {}, "GetAddon": {"AddonId": "x"},
	}
	with := func(id string, p map[string]string) map[string]string {
		out := map[string]string{"ClusterId": id}
		for k, v := range p {
			out[k] = v
		}
		return out
	}
	for action, p := range calls {
		e.wantErr(action, with("ehpc-hz-nosuch0000", p), "ClusterNotFound")
	}
	for action, p := range reads {
		e.wantErr(action, with("ehpc-hz-nosuch0000", p), "ClusterNotFound")
	}
	id := e.must("CreateCluster", map[string]string{"ClusterName": "busy"})["ClusterId"].(string)
	for action, p := range calls {
		e.wantErr(action, with(id, p), "InvalidClusterStatus", "creating")
	}
	if l := e.must("ListQueues", with(id, nil)); l["TotalCount"] != 0.0 {
		t.Fatalf("ListQueues while creating: %v", l)
	}
	e.advance(day2Latency * 6 / 10)
	e.wantErr("CreateQueue", with(id, calls["CreateQueue"]), "InvalidClusterStatus", "initing")
	e.advance(day2Latency)
	e.must("CreateQueue", with(id, calls["CreateQueue"]))
	e.must("DeleteCluster", with(id, nil))
	for action, p := range calls {
		e.wantErr(action, with(id, p), "InvalidClusterStatus", "releasing")
	}
}

func TestDay2SharedStorages(t *testing.T) {
	e := newDay2Env(t)
	id := e.must("CreateCluster", map[string]string{"SharedStorages": `[` +
		`{"FileSystemId":"fs1","MountTargetDomain":"fs1.nas.aliyuncs.com","NASDirectory":"/","MountDirectory":"/home","ProtocolType":"NFS"},` +
		`{"FileSystemId":"fs1","MountTargetDomain":"fs1.nas.aliyuncs.com","NASDirectory":"/data","MountDirectory":"/ehpcdata","MountOptions":"-t nfs","ProtocolType":"NFS"}]`,
	})["ClusterId"].(string)
	cid := map[string]string{"ClusterId": id}
	if l := e.must("ListSharedStorages", cid); len(asList(t, "SharedStorages", l["SharedStorages"])) != 0 {
		t.Fatalf("mounted before the cluster runs: %v", l)
	}
	e.advance(day2Latency)
	l := e.must("ListSharedStorages", cid)
	wantKeys(t, "ListSharedStorages", l, "RequestId", "Success", "SharedStorages")
	ss := asList(t, "SharedStorages", l["SharedStorages"])
	if len(ss) != 1 || l["Success"] != "true" {
		t.Fatalf("one file system expected: %v", l)
	}
	wantKeys(t, "SharedStorages item", ss[0], "FileSystemId", "FileSystemProtocol", "FileSystemType", "MountInfo")
	mounts := asList(t, "MountInfo", ss[0].(map[string]any)["MountInfo"])
	wantKeys(t, "MountInfo item", mounts[0], "MountDirectory", "MountOptions", "MountTarget", "ProtocolType", "StorageDirectory")
	home, data := mounts[0].(map[string]any), mounts[1].(map[string]any)
	if home["MountDirectory"] != "/home" || home["StorageDirectory"] != "/ehpc-"+id+"-home" || home["MountTarget"] != "fs1.nas.aliyuncs.com" ||
		data["StorageDirectory"] != "/data" || data["MountOptions"] != "-t nfs" {
		t.Fatalf("mounts: %v", mounts)
	}

	attach := func(dir string) map[string]string {
		return map[string]string{"ClusterId": id, "SharedStorages": `[{"FileSystemId":"fs2","MountDirectory":"` + dir +
			`","MountTarget":"fs2.nas.aliyuncs.com","ProtocolType":"NFS","StorageDirectory":"/apps","VolumeType":"nas","Location":"PublicCloud"}]`}
	}
	out := e.must("AttachSharedStorages", attach("/opt"))
	wantKeys(t, "AttachSharedStorages", out, "RequestId", "ClusterId", "Success")
	if out["Success"] != "true" {
		t.Fatalf("attach answer: %v", out)
	}
	e.wantErr("AttachSharedStorages", attach("/opt"), "InvalidParams", "SharedStorages.0.MountDirectory", `"/opt"`)
	e.wantErr("AttachSharedStorages", map[string]string{"ClusterId": id, "SharedStorages": `[{"FileSystemId":"fs2","MountDirectory":"/x"}]`},
		"InvalidParams", "SharedStorages.0.MountTarget")
	if n := len(asList(t, "SharedStorages", e.must("ListSharedStorages", cid)["SharedStorages"])); n != 1 {
		t.Fatalf("attached mount listed before its pending time: %d file systems", n)
	}
	e.advance(day2Latency / 2)
	l = e.must("ListSharedStorages", map[string]string{"ClusterId": id, "FileSystemId": "fs2"})
	ss = asList(t, "SharedStorages", l["SharedStorages"])
	if len(ss) != 1 {
		t.Fatalf("attached mount: %v", l)
	}
	opt := asList(t, "MountInfo", ss[0].(map[string]any)["MountInfo"])[0].(map[string]any)
	if opt["StorageDirectory"] != "/apps/ehpc-"+id+"-opt" {
		t.Fatalf("/opt storage directory: %v", opt)
	}

	e.wantErr("DetachSharedStorages", map[string]string{"ClusterId": id, "SharedStorages": `[{"MountDirectory":"/nope"}]`},
		"InvalidParams", "SharedStorages.0.MountDirectory", `"/nope"`)
	e.must("DetachSharedStorages", map[string]string{"ClusterId": id, "SharedStorages": `[{"MountDirectory":"/opt"}]`})
	e.wantErr("DetachSharedStorages", map[string]string{"ClusterId": id, "SharedStorages": `[{"MountDirectory":"/opt"}]`}, "InvalidParams")
	if n := len(asList(t, "SharedStorages", e.must("ListSharedStorages", cid)["SharedStorages"])); n != 2 {
		t.Fatalf("detached mount gone before its pending time: %d file systems", n)
	}
	e.advance(day2Latency / 2)
	if n := len(asList(t, "SharedStorages", e.must("ListSharedStorages", cid)["SharedStorages"])); n != 1 {
		t.Fatalf("detached mount still listed: %d file systems", n)
	}
}

func TestDay2Softwares(t *testing.T) {
	e := newDay2Env(t)
	id := e.runningCluster(map[string]string{"AdditionalPackages": `[{"Name":"mpich","Version":"4.0.3"}]`})
	cid := map[string]string{"ClusterId": id}
	l := e.must("ListInstalledSoftwares", cid)
	wantKeys(t, "ListInstalledSoftwares", l, "RequestId", "TotalCount", "PageNumber", "PageSize", "AdditionalPackages")
	wantKeys(t, "AdditionalPackages", l["AdditionalPackages"], "AdditionalPackageInfos")
	infos := asList(t, "AdditionalPackageInfos", l["AdditionalPackages"].(map[string]any)["AdditionalPackageInfos"])
	if l["TotalCount"] != "1" || l["PageNumber"] != "1" || l["PageSize"] != "10" || len(infos) != 1 {
		t.Fatalf("ListInstalledSoftwares: %v", l)
	}
	wantKeys(t, "AdditionalPackageInfos item", infos[0], "Name", "Version", "Category", "Description", "Status", "CreateTime", "Icon")
	if infos[0].(map[string]any)["Status"] != ehpc.SoftwareInstalled {
		t.Fatalf("package given at creation: %v", infos[0])
	}

	status := func(name string) string {
		infos := e.must("ListInstalledSoftwares", map[string]string{"ClusterId": id, "PageSize": "50"})["AdditionalPackages"].(map[string]any)["AdditionalPackageInfos"].([]any)
		for _, i := range infos {
			if m := i.(map[string]any); m["Name"] == name {
				return m["Status"].(string)
			}
		}
		return "absent"
	}
	pk := map[string]string{"ClusterId": id, "AdditionalPackages": `[{"Name":"gromacs","Version":"2022.5"}]`}
	e.must("InstallSoftwares", pk)
	e.wantErr("InstallSoftwares", pk, "InvalidParams", "AdditionalPackages.0.Name", `"gromacs"`)
	if s := status("gromacs"); s != ehpc.SoftwareInstalling {
		t.Fatalf("status %s", s)
	}
	e.advance(day2Latency / 2)
	if s := status("gromacs"); s != ehpc.SoftwareInstalled {
		t.Fatalf("status %s", s)
	}
	item := func() map[string]any {
		items := e.must("ListClusters", map[string]string{"ClusterIds": `["` + id + `"]`})["Clusters"].([]any)
		return items[0].(map[string]any)
	}
	if pkgs := asList(t, "AdditionalPackages", item()["AdditionalPackages"]); len(pkgs) != 2 {
		t.Fatalf("ListClusters packages: %v", pkgs)
	}
	e.wantErr("UninstallSoftwares", map[string]string{"ClusterId": id, "AdditionalPackages": `[{"Name":"gromacs","Version":"1"}]`}, "InvalidParams", `"gromacs"`)
	// Without a Version, UninstallSoftwares removes the package of that name (TestDay2SoftwaresWithoutVersion);
	// a missing Name is still refused.
	e.wantErr("UninstallSoftwares", map[string]string{"ClusterId": id, "AdditionalPackages": `[{"Version":"2022.5"}]`}, "InvalidParams", "AdditionalPackages.0.Name")
	e.must("UninstallSoftwares", pk)
	if s := status("gromacs"); s != ehpc.SoftwareUninstalling {
		t.Fatalf("status %s", s)
	}
	e.advance(day2Latency / 2)
	if s := status("gromacs"); s != "absent" {
		t.Fatalf("status %s", s)
	}
	if pkgs := asList(t, "AdditionalPackages", item()["AdditionalPackages"]); len(pkgs) != 1 {
		t.Fatalf("ListClusters packages: %v", pkgs)
	}
	// POST is accepted too (the SDK sends GET).
	var out map[string]any
	if _, err := e.api.RPC(context.Background(), client.RPCCall{Product: client.ProductEHPC, Version: ehpc.Version2024,
		Action: "ListInstalledSoftwares", Method: http.MethodPost, Params: cid}, &out); err != nil || out["TotalCount"] != "1" {
		t.Fatalf("POST ListInstalledSoftwares: %v %v", out, err)
	}
}

func TestDay2SoftwaresWithoutVersion(t *testing.T) {
	e := newDay2Env(t)
	id := e.runningCluster(map[string]string{"AdditionalPackages": `[{"Name":"mpich"}]`})
	versions := func() map[string]string {
		infos := e.must("ListInstalledSoftwares", map[string]string{"ClusterId": id, "PageSize": "50"})["AdditionalPackages"].(map[string]any)["AdditionalPackageInfos"].([]any)
		out := map[string]string{}
		for _, i := range infos {
			m := i.(map[string]any)
			out[m["Name"].(string)] = m["Version"].(string)
		}
		return out
	}
	if v := versions(); v["mpich"] != ehpc.DefaultSoftwareVersion {
		t.Fatalf("CreateCluster package without a version: %v", v)
	}
	pk := map[string]string{"ClusterId": id, "AdditionalPackages": `[{"Name":"gromacs"}]`}
	e.must("InstallSoftwares", pk)
	e.wantErr("InstallSoftwares", pk, "InvalidParams", "AdditionalPackages.0.Name", `"gromacs"`)
	e.advance(day2Latency / 2)
	if v := versions(); v["gromacs"] != ehpc.DefaultSoftwareVersion || len(v) != 2 {
		t.Fatalf("InstallSoftwares without a version: %v", v)
	}
	e.must("UninstallSoftwares", pk)
	e.advance(day2Latency / 2)
	if v := versions(); len(v) != 1 || v["mpich"] == "" {
		t.Fatalf("UninstallSoftwares without a version: %v", v)
	}
	e.wantErr("UninstallSoftwares", pk, "InvalidParams", `"gromacs"`)
}

func TestDay2Addons(t *testing.T) {
	e := newDay2Env(t)
	id := e.runningCluster(map[string]string{"Addons": `[{"Name":"Login","Version":"1.0","ServicesSpec":"[{\"ServiceName\":\"SSH\",\"NetworkACL\":[{\"IpProtocol\":\"TCP\",\"Port\":22,\"SourceCidrIp\":\"0.0.0.0/0\"}]}]","ResourcesSpec":"{\"EipResource\":{\"AutoCreate\":true}}"}]`})
	cid := map[string]string{"ClusterId": id}
	l := e.must("ListAddons", cid)
	wantKeys(t, "ListAddons", l, "RequestId", "TotalCount", "PageNumber", "PageSize", "Addons")
	addons := asList(t, "Addons", l["Addons"])
	if len(addons) != 1 || l["PageNumber"] != 1.0 {
		t.Fatalf("ListAddons: %v", l)
	}
	wantKeys(t, "ListAddons item", addons[0], "AddonId", "Name", "Version", "Label", "Description", "Status", "InstallTime")
	login := addons[0].(map[string]any)
	if login["Name"] != "Login" || login["Status"] != ehpc.AddonRunning || !strings.HasPrefix(login["AddonId"].(string), "Login-1.0-") {
		t.Fatalf("add-on given at creation: %v", login)
	}
	g := e.must("GetAddon", map[string]string{"ClusterId": id, "AddonId": login["AddonId"].(string)})["Addon"]
	wantKeys(t, "GetAddon Addon", g, "AddonId", "Name", "Version", "Label", "Description", "Icon", "Status", "InstallTime", "ServicesSpec", "ResourcesSpec")
	spec := asList(t, "ServicesSpec", g.(map[string]any)["ServicesSpec"])[0].(map[string]any)
	if spec["ServiceName"] != "SSH" || g.(map[string]any)["ResourcesSpec"].(map[string]any)["EipResource"] == nil {
		t.Fatalf("GetAddon specs are not structured: %v", g)
	}

	e.wantErr("InstallAddon", map[string]string{"ClusterId": id, "AddonName": "Login", "AddonVersion": "1.0"}, "InvalidParams", "AddonName", `"Login"`)
	e.wantErr("InstallAddon", map[string]string{"ClusterId": id, "AddonName": "Web"}, "InvalidParams", "AddonVersion")
	e.wantErr("InstallAddon", map[string]string{"ClusterId": id, "AddonName": "Web", "AddonVersion": "1", "ServicesSpec": "{"}, "InvalidParams", "ServicesSpec")
	out := e.must("InstallAddon", map[string]string{"ClusterId": id, "AddonName": "Web", "AddonVersion": "2.0", "ServicesSpec": `{"ServiceName":"portal"}`})
	wantKeys(t, "InstallAddon", out, "RequestId", "ClusterId", "AddonId")
	web := map[string]string{"ClusterId": id, "AddonId": out["AddonId"].(string)}
	addonStatus := func() string { return e.must("GetAddon", web)["Addon"].(map[string]any)["Status"].(string) }
	if s := addonStatus(); s != ehpc.AddonInstalling {
		t.Fatalf("status %s", s)
	}
	e.advance(day2Latency / 2)
	if s := addonStatus(); s != ehpc.AddonRunning {
		t.Fatalf("status %s", s)
	}
	if l := e.must("ListAddons", map[string]string{"ClusterId": id, "AddonIds": `["` + web["AddonId"] + `"]`}); l["TotalCount"] != 1.0 {
		t.Fatalf("ListAddons filtered: %v", l)
	}
	item := e.must("ListClusters", map[string]string{"ClusterIds": `["` + id + `"]`})["Clusters"].([]any)[0].(map[string]any)
	la := asList(t, "ListClusters Addons", item["Addons"])
	if len(la) != 2 {
		t.Fatalf("ListClusters add-ons: %v", la)
	}
	wantKeys(t, "ListClusters Addons item", la[0], "AddonId", "Description", "Label", "Name", "ResourcesSpec", "ServicesSpec", "Status", "Version")
	wantKeys(t, "ListClusters Addons ResourcesSpec", la[0].(map[string]any)["ResourcesSpec"], "EcsInstanceId", "EipInstanceId")
	wantKeys(t, "ListClusters Addons ServicesSpec item", asList(t, "ServicesSpec", la[0].(map[string]any)["ServicesSpec"])[0], "ServiceName")

	e.wantErr("UnInstallAddon", map[string]string{"ClusterId": id, "AddonId": "Web-2.0-nope"}, "InvalidParams", "AddonId", `"Web-2.0-nope"`)
	if out := e.must("UnInstallAddon", web); len(out) != 1 {
		t.Fatalf("UnInstallAddon answer: %v", out)
	}
	if s := addonStatus(); s != ehpc.AddonUninstalling {
		t.Fatalf("status %s", s)
	}
	e.advance(day2Latency / 2)
	e.wantErr("GetAddon", web, "InvalidParams", "AddonId")
}

func TestDay2AdminRoutes(t *testing.T) {
	e := newDay2Env(t)
	id := e.runningCluster(map[string]string{
		"Queues":             `[{"QueueName":"comp","MaxCount":4,"MinCount":1}]`,
		"SharedStorages":     `[{"FileSystemId":"fs1","MountTargetDomain":"m","NASDirectory":"/","MountDirectory":"/home","ProtocolType":"NFS"}]`,
		"AdditionalPackages": `[{"Name":"mpich","Version":"4.0.3"}]`,
		"Addons":             `[{"Name":"Login","Version":"1.0"}]`,
	})
	ctx := context.Background()
	base := "/_emulator/ehpc/clusters/" + id
	cid := map[string]string{"ClusterId": id}
	get := map[string]string{"ClusterId": id, "QueueName": "comp"}

	if err := e.admin.Do(ctx, http.MethodPost, base+"/queues/comp", map[string]any{"MaxCount": 9}, nil); err != nil {
		t.Fatal(err)
	}
	if q := e.must("GetQueue", get)["Queue"].(map[string]any); q["MaxCount"] != 9.0 || q["MinCount"] != 1.0 {
		t.Fatalf("patched queue: %v", q)
	}
	if err := e.admin.Do(ctx, http.MethodPost, base+"/queues/ghost", map[string]any{"MaxCount": 9}, nil); err == nil {
		t.Fatal("patching a missing queue succeeded")
	}
	if err := e.admin.Do(ctx, http.MethodDelete, base+"/queues/comp", nil, nil); err != nil {
		t.Fatal(err)
	}
	e.wantErr("GetQueue", get, "InvalidParams", `"comp"`)

	if err := e.admin.Do(ctx, http.MethodDelete, base+"/shared-storages?mount=/home", nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(asList(t, "SharedStorages", e.must("ListSharedStorages", cid)["SharedStorages"])); n != 0 {
		t.Fatalf("out-of-band detach: %d file systems", n)
	}
	if err := e.admin.Do(ctx, http.MethodDelete, base+"/shared-storages?mount=/home", nil, nil); err == nil {
		t.Fatal("detaching a missing mount succeeded")
	}

	if err := e.admin.Do(ctx, http.MethodDelete, base+"/softwares/mpich", nil, nil); err != nil {
		t.Fatal(err)
	}
	if l := e.must("ListInstalledSoftwares", cid); l["TotalCount"] != "0" {
		t.Fatalf("out-of-band uninstall: %v", l)
	}

	addonID := asList(t, "Addons", e.must("ListAddons", cid)["Addons"])[0].(map[string]any)["AddonId"].(string)
	if err := e.admin.Do(ctx, http.MethodDelete, base+"/addons/"+addonID, nil, nil); err != nil {
		t.Fatal(err)
	}
	if l := e.must("ListAddons", cid); l["TotalCount"] != 0.0 {
		t.Fatalf("out-of-band add-on removal: %v", l)
	}
}

// Every day-2 action is counted in the stats under its name and answers the fault switch like every call.
func TestDay2StatsAndFaults(t *testing.T) {
	e := newDay2Env(t)
	ctx := context.Background()
	id := e.runningCluster(nil)
	if err := e.admin.ResetStats(ctx); err != nil {
		t.Fatal(err)
	}
	actions := []string{"CreateQueue", "UpdateQueue", "DeleteQueues", "GetQueue", "ListQueues", "AttachSharedStorages",
		"DetachSharedStorages", "ListSharedStorages", "InstallSoftwares", "UninstallSoftwares", "ListInstalledSoftwares",
		"InstallAddon", "UnInstallAddon", "ListAddons", "GetAddon"}
	for _, a := range actions {
		_, _ = e.call(a, map[string]string{"ClusterId": id})
	}
	stats, err := e.admin.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if stats["ehpc:"+a] != 1 {
			t.Fatalf("stats of %s: %d (all: %v)", a, stats["ehpc:"+a], stats)
		}
	}
	if err := e.admin.SetFaults(ctx, core.FaultConfig{Rate: 1, Kinds: []string{core.FaultUnavailable}}); err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if _, err := e.call(a, map[string]string{"ClusterId": id}); err == nil || client.IsCode(err, "InvalidParams") {
			t.Fatalf("%s answered past the fault switch: %v", a, err)
		}
	}
	if err := e.admin.ClearFaults(ctx); err != nil {
		t.Fatal(err)
	}
	e.must("ListQueues", map[string]string{"ClusterId": id})
}

// ListClusters items have exactly the fields of the SDK's ListClustersResponseBodyClusters.
func TestDay2ListClustersShape(t *testing.T) {
	e := newDay2Env(t)
	id := e.runningCluster(map[string]string{"Manager": `{"DNS":{"Type":"nis","Version":"1.0"},"DirectoryService":{"Type":"Nis","Version":"1.0"}}`})
	l := e.must("ListClusters", nil)
	wantKeys(t, "ListClusters", l, "RequestId", "Clusters", "TotalCount", "PageNumber", "PageSize", "EhpcVersionStatistics")
	wantKeys(t, "EhpcVersionStatistics", l["EhpcVersionStatistics"], "V1Count", "V2Count")
	item := asList(t, "Clusters", l["Clusters"])[0].(map[string]any)
	wantKeys(t, "ListClusters item", item, "AdditionalPackages", "Addons", "ClusterCategory", "ClusterCreateTime",
		"ClusterCredentials", "ClusterCustomConfiguration", "ClusterDescription", "ClusterId", "ClusterMode",
		"ClusterModifyTime", "ClusterName", "ClusterStatus", "ClusterUsedCoreTime", "ClusterVSwitchId", "ClusterVpcId",
		"DeletionProtection", "EhpcVersion", "Manager", "MaxCoreCount", "MaxCount", "Nodes", "ResourceGroupId",
		"SecurityGroupId", "Users")
	if item["ClusterId"] != id {
		t.Fatalf("item: %v", item)
	}
	creds := asList(t, "ClusterCredentials", item["ClusterCredentials"])
	if len(creds) != 1 || creds[0] != "password" {
		t.Fatalf("ClusterCredentials: %v", creds)
	}
	mgr := item["Manager"].(map[string]any)
	wantKeys(t, "Manager", mgr, "Scheduler", "DirectoryService", "DNS")
	for _, k := range []string{"Scheduler", "DirectoryService", "DNS"} {
		wantKeys(t, "Manager."+k, mgr[k], "Type", "Version")
	}
	if mgr["DirectoryService"].(map[string]any)["Type"] != "nis" {
		t.Fatalf("manager: %v", mgr)
	}
	wantKeys(t, "Nodes", item["Nodes"], "AbnormalCounts", "CreatingCounts", "RunningCounts")
	wantKeys(t, "Users", item["Users"], "NormalCounts", "SudoCounts")
	wantKeys(t, "ClusterCustomConfiguration", item["ClusterCustomConfiguration"], "Args", "Script")
	b, _ := json.Marshal(item)
	if strings.Contains(string(b), "ManagerNode") || strings.Contains(string(b), `"Status"`) || strings.Contains(string(b), `"Total"`) {
		t.Fatalf("fields the service does not send: %s", b)
	}
}

// CreateCluster accepts what the real service accepts and refuses names outside its character set.
func TestDay2CreateClusterAcceptance(t *testing.T) {
	e := newDay2Env(t)
	postPaid := `{"InstanceType":"ecs.c7.xlarge","InstanceChargeType":"PostPaid","AutoRenew":false,"Period":0,"AutoRenewPeriod":0,"SpotStrategy":"NoSpot","SpotPriceLimit":0}`
	e.must("CreateCluster", map[string]string{
		"ClusterName": "集群-cluster_1", "ClusterDescription": "描述-desc_2",
		"Manager": `{"DirectoryService":{"Type":"nis","Version":"1.0"},"DNS":{"Type":"nis","Version":"1.0"},"ManagerNode":` + postPaid + `}`,
		"Queues":  `[{"QueueName":"q","ComputeNodes":[` + postPaid + `]}]`,
	})
	for _, c := range []struct{ params map[string]string }{
		{map[string]string{"ClusterName": "кластер"}},
		{map[string]string{"ClusterDescription": "описание"}},
		{map[string]string{"ClusterName": "ñame"}},
		{map[string]string{"Manager": `{"ManagerNode":{"InstanceChargeType":"PostPaid","AutoRenew":true}}`}},
		{map[string]string{"Manager": `{"ManagerNode":{"InstanceChargeType":"PostPaid","AutoRenewPeriod":1}}`}},
		{map[string]string{"Manager": `{"ManagerNode":{"SpotStrategy":"NoSpot","SpotPriceLimit":0.5}}`}},
		{map[string]string{"Manager": `{"ManagerNode":{"InstanceChargeType":"PrePaid","Period":0}}`}},
	} {
		if _, err := e.call("CreateCluster", c.params); !client.IsCode(err, "InvalidParams") {
			t.Fatalf("CreateCluster %v: want InvalidParams, got %v", c.params, err)
		}
	}
}
