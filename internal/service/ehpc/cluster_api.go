package ehpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// Wire types. Numbers and booleans are read leniently: GetCluster returns MaxCount as a string and
// DeleteProtection as "true"/"false", ListClusters the same values as int64 and bool (see README.md, "Numbers and booleans").

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

// wireTag uses lower-case keys: a decision on conflicting sources (see README.md, "Tags") — the SDK model says Key/Value, the official provider
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
	ClusterID          string   `json:"ClusterId"`
	ClusterName        string   `json:"ClusterName"`
	ClusterDescription string   `json:"ClusterDescription"`
	ClusterCreateTime  string   `json:"ClusterCreateTime"`
	DeletionProtection flexBool `json:"DeletionProtection"`
}

// API calls.

// clusterKind names the object in not-found errors and warnings.
const clusterKind = "E-HPC cluster"

// findClusterByID reads a cluster with GetCluster; a cluster the service does not know is a
// *client.NotFoundError.
func findClusterByID(ctx context.Context, c *client.Client, id string) (*getClusterResponse, error) {
	var out getClusterResponse
	_, err := c.RPC(ctx, ehpc2024("GetCluster", map[string]string{"ClusterId": id}, client.RetryPolicy{}), &out)
	if client.IsNotFound(err) {
		return nil, client.NewNotFound(clusterKind, id, err)
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// findClusterListItem reads the ListClusters entry of a cluster; a cluster that is not listed is a
// *client.NotFoundError (just after a create the list may lag: callers decide what that means).
func findClusterListItem(ctx context.Context, c *client.Client, id string) (*listClusterItem, error) {
	ids, _ := json.Marshal([]string{id})
	var out struct {
		Clusters []listClusterItem `json:"Clusters"`
	}
	if _, err := c.RPC(ctx, ehpc2024("ListClusters", map[string]string{"ClusterIds": string(ids)}, client.RetryPolicy{}), &out); err != nil {
		return nil, err
	}
	for i := range out.Clusters {
		if out.Clusters[i].ClusterID == id {
			return &out.Clusters[i], nil
		}
	}
	return nil, client.NewNotFound(clusterKind, id, nil)
}

// findClustersCreatedSince lists the clusters named name created since since (with a minute of slack for the
// difference between this machine's clock and the service's): what a CreateCluster whose answer was lost made.
func findClustersCreatedSince(ctx context.Context, c *client.Client, name string, since time.Time) ([]string, error) {
	names, _ := json.Marshal([]string{name})
	var out struct {
		Clusters []listClusterItem `json:"Clusters"`
	}
	if _, err := c.RPC(ctx, ehpc2024("ListClusters", map[string]string{"ClusterNames": string(names), "PageSize": "100"}, client.RetryPolicy{}), &out); err != nil {
		return nil, err
	}
	var ids []string
	for _, cl := range out.Clusters {
		created, err := time.Parse(time.RFC3339, cl.ClusterCreateTime)
		if cl.ClusterName == name && (err != nil || created.After(since.Add(-time.Minute))) {
			ids = append(ids, cl.ClusterID)
		}
	}
	return ids, nil
}

// createCluster calls CreateCluster, which has no idempotency token, so an answer lost on the way back
// (dropped connection, timeout) leaves the outcome unknown. When the configuration names the cluster, the
// lost-answer recovery looks for a cluster of that name created since the first call: one is adopted, none
// means the request was not applied and it is sent again (at most client.MaxCreateAttempts calls in all),
// several are an error. Without a name the error is returned, as nothing can tell.
func createCluster(ctx context.Context, c *client.Client, params map[string]string, name string) (string, error) {
	send := func(ctx context.Context) (string, error) {
		var out struct {
			ClusterID string `json:"ClusterId"`
		}
		if _, err := c.RPC(ctx, ehpc2024("CreateCluster", params, client.RetryPolicy{NotIdempotent: true}), &out); err != nil {
			return "", err
		}
		if out.ClusterID == "" {
			return "", errors.New("CreateCluster answered without a ClusterId")
		}
		return out.ClusterID, nil
	}
	if name == "" {
		return send(ctx)
	}
	start := time.Now()
	return client.CreateRecovering(ctx, client.LostAnswerRecovery[string]{
		What: fmt.Sprintf("E-HPC cluster %q", name),
		Send: send,
		Find: func(ctx context.Context) (string, bool, error) {
			// Give a cluster that was created a moment to be listed.
			if err := client.Sleep(ctx, c.PollConfig().InitialDelay); err != nil {
				return "", false, err
			}
			ids, err := findClustersCreatedSince(ctx, c, name, start)
			switch {
			case err != nil:
				return "", false, err
			case len(ids) > 1:
				return "", false, fmt.Errorf("several clusters named %q were created since (%s): import the right one", name, strings.Join(ids, ", "))
			case len(ids) == 1:
				return ids[0], true, nil
			}
			return "", false, nil
		},
	})
}

// clusterBusyCodes mean "another operation is running": UpdateCluster and DeleteCluster retry them until the
// operation's timeout.
var clusterBusyCodes = []string{"InvalidClusterStatus", "ConflictOpt"}

func updateCluster(ctx context.Context, c *client.Client, params map[string]string) error {
	_, err := c.RPC(ctx, ehpc2024("UpdateCluster", params, client.RetryPolicy{BusyCodes: clusterBusyCodes}), nil)
	return err
}

// statusCluster is GetCluster's status, for the waiters.
func statusCluster(c *client.Client, id string) client.StatusFunc[getClusterResponse] {
	return client.StatusFromFinder(func(ctx context.Context) (*getClusterResponse, error) {
		return findClusterByID(ctx, c, id)
	}, func(g *getClusterResponse) string { return g.ClusterStatus })
}

// waitClusterRunning waits until the cluster is running; exception (or a release) ends the wait at once.
// after completes the failure message: what happens to the cluster now.
func waitClusterRunning(ctx context.Context, c *client.Client, id, after string) (*getClusterResponse, error) {
	return client.WaitFor(ctx, c, client.Waiter[getClusterResponse]{
		Description: fmt.Sprintf("E-HPC cluster %s to be running", id),
		Target:      []string{"running"},
		// GetCluster's documentation spells releasing "raleasing" (see README.md, "Cluster status"): both end the wait.
		Failure:        []string{"exception", "releasing", "raleasing"},
		Status:         statusCluster(c, id),
		FailureMessage: func(g *getClusterResponse) string { return clusterFailureMessage(g) + after },
	})
}

// What the failure message of waitClusterRunning adds after a create and after an update.
const (
	afterCreate = ". The cluster is kept (tainted): the next apply deletes and recreates it"
	afterUpdate = ". Replace the cluster (terraform apply -replace) to recover"
)

// clusterFailureMessage explains an exception with what GetCluster offers: the status of each manager
// component. The service keeps the detailed cause in the cluster's operation logs.
func clusterFailureMessage(g *getClusterResponse) string {
	if g == nil || g.Manager == nil {
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

// waitClusterDeleted waits until the service no longer knows the cluster.
func waitClusterDeleted(ctx context.Context, c *client.Client, id string) error {
	_, err := client.WaitFor(ctx, c, client.Waiter[getClusterResponse]{
		Description:    fmt.Sprintf("E-HPC cluster %s to be released", id),
		TargetNotFound: true,
		Status:         statusCluster(c, id),
	})
	return err
}

// deleteCluster deletes the cluster and waits until the service no longer knows it.
func deleteCluster(ctx context.Context, c *client.Client, id string) error {
	_, err := c.RPC(ctx, ehpc2024("DeleteCluster", map[string]string{"ClusterId": id}, client.RetryPolicy{BusyCodes: []string{"InvalidClusterStatus"}}), nil)
	if client.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return waitClusterDeleted(ctx, c, id)
}

// clusterLists says which of the cluster's lists the resource owns (see README.md, "Ownership of the lists"):
// those are read back and changed; the others are left alone.
type clusterLists struct {
	Queues, SharedStorages, Addons, Packages bool
	// QueueDetail selects the queues read with GetQueue as well as ListQueues (nil: all); see findQueues.
	QueueDetail func(name string) bool
}

func (l clusterLists) any() bool { return l.Queues || l.SharedStorages || l.Addons || l.Packages }

// clusterRead is what one refresh of a cluster reads. The lists are nil unless owned.
type clusterRead struct {
	Cluster *getClusterResponse
	// List is the cluster's ListClusters entry; nil while the list does not show it yet (just after a create).
	List     *listClusterItem
	Queues   []wireQueue
	Mounts   []wireMount
	Packages []wirePackage
	Addons   []wireInstalledAddon
}

// readCluster reads a cluster: GetCluster (unless g, an answer just read by a wait, is given), its
// ListClusters entry and the owned lists, all at once. A missing cluster is a *client.NotFoundError.
func readCluster(ctx context.Context, c *client.Client, id string, g *getClusterResponse, owned clusterLists) (*clusterRead, error) {
	out := &clusterRead{Cluster: g}
	lists := &clusterRead{}
	var wg sync.WaitGroup
	var getErr, listErr, listsErr error
	if g == nil {
		wg.Go(func() { out.Cluster, getErr = findClusterByID(ctx, c, id) })
	}
	wg.Go(func() {
		out.List, listErr = findClusterListItem(ctx, c, id)
		if _, missing := client.AsNotFound(listErr); missing {
			out.List, listErr = nil, nil
		}
	})
	if owned.any() {
		wg.Go(func() { lists, listsErr = readClusterLists(ctx, c, id, owned) })
	}
	wg.Wait()
	// GetCluster speaks first: a missing cluster makes the other reads fail too.
	switch {
	case getErr != nil:
		return nil, getErr
	case listErr != nil:
		return nil, fmt.Errorf("listing E-HPC cluster %s: %w", id, listErr)
	case listsErr != nil:
		return nil, listsErr
	}
	out.Queues, out.Mounts, out.Packages, out.Addons = lists.Queues, lists.Mounts, lists.Packages, lists.Addons
	return out, nil
}

// clusterListChanges is what an update does to the owned lists.
type clusterListChanges struct {
	Queues             queueChanges
	Storages           storageChanges
	Uninstall, Install []wirePackage
	Addons             addonChanges
}

func (c clusterListChanges) empty() bool {
	return c.Queues.empty() && len(c.Storages.Detach)+len(c.Storages.Attach)+len(c.Uninstall)+len(c.Install)+
		len(c.Addons.Uninstall)+len(c.Addons.Install) == 0
}

// applyListChanges makes the changes, list by list, each removal before the additions (a changed mount or
// add-on is removed and added again).
func applyListChanges(ctx context.Context, c *client.Client, clusterID string, ch clusterListChanges) error {
	if err := applyQueueChanges(ctx, c, clusterID, ch.Queues); err != nil {
		return err
	}
	if err := detachStorages(ctx, c, clusterID, ch.Storages.Detach); err != nil {
		return fmt.Errorf("detaching shared storages %s: %w", strings.Join(ch.Storages.Detach, ", "), err)
	}
	if err := attachStorages(ctx, c, clusterID, ch.Storages.Attach); err != nil {
		return fmt.Errorf("attaching shared storages: %w", err)
	}
	if err := changePackages(ctx, c, clusterID, ch.Uninstall, false); err != nil {
		return fmt.Errorf("uninstalling software: %w", err)
	}
	if err := changePackages(ctx, c, clusterID, ch.Install, true); err != nil {
		return fmt.Errorf("installing software: %w", err)
	}
	for _, id := range ch.Addons.Uninstall {
		if err := uninstallAddon(ctx, c, clusterID, id); err != nil {
			return fmt.Errorf("uninstalling add-on %s: %w", id, err)
		}
	}
	for _, a := range ch.Addons.Install {
		if _, err := installAddon(ctx, c, clusterID, a); err != nil {
			return fmt.Errorf("installing add-on %s: %w", a.Name, err)
		}
	}
	return nil
}

// readClusterLists reads only the given lists of a cluster, concurrently.
func readClusterLists(ctx context.Context, c *client.Client, id string, owned clusterLists) (*clusterRead, error) {
	out := &clusterRead{}
	var wg sync.WaitGroup
	var errs [4]error
	if owned.Queues {
		wg.Go(func() { out.Queues, errs[0] = findQueues(ctx, c, id, owned.QueueDetail) })
	}
	if owned.SharedStorages {
		wg.Go(func() { out.Mounts, errs[1] = findMounts(ctx, c, id) })
	}
	if owned.Packages {
		wg.Go(func() { out.Packages, errs[2] = findPackages(ctx, c, id) })
	}
	if owned.Addons {
		wg.Go(func() { out.Addons, errs[3] = findAddons(ctx, c, id) })
	}
	wg.Wait()
	for i, what := range []string{"queues", "shared storages", "software", "add-ons"} {
		if errs[i] != nil {
			return nil, fmt.Errorf("reading the %s of E-HPC cluster %s: %w", what, id, errs[i])
		}
	}
	if owned.Queues && out.Queues == nil {
		out.Queues = []wireQueue{}
	}
	return out, nil
}

// queueChanges is what turns one list of queues into another, matched by name.
type queueChanges struct {
	Delete []string
	Update []wireQueue
	Create []wireQueue
}

func (q queueChanges) empty() bool { return len(q.Delete)+len(q.Update)+len(q.Create) == 0 }

// applyQueueChanges deletes, updates and creates queues, in that order (a renamed queue frees its name
// first), and waits after each call until GetQueue shows the result.
func applyQueueChanges(ctx context.Context, c *client.Client, clusterID string, ch queueChanges) error {
	if err := deleteQueues(ctx, c, clusterID, ch.Delete); err != nil {
		return fmt.Errorf("deleting queues %s: %w", strings.Join(ch.Delete, ", "), err)
	}
	for _, q := range ch.Update {
		if err := updateQueue(ctx, c, clusterID, q); err != nil {
			return fmt.Errorf("updating queue %s: %w", q.QueueName, err)
		}
		if _, err := waitQueueApplied(ctx, c, clusterID, q); err != nil {
			return err
		}
	}
	for _, q := range ch.Create {
		if err := createQueue(ctx, c, clusterID, q); err != nil {
			return fmt.Errorf("creating queue %s: %w", q.QueueName, err)
		}
		if _, err := waitQueueApplied(ctx, c, clusterID, q); err != nil {
			return err
		}
	}
	return nil
}

// Shared storages, software and add-ons of a running cluster (see README.md, "Shared storages", "Software",
// "Add-ons").

// wireMountInfo is one mount of a ListSharedStorages file system.
type wireMountInfo struct {
	MountDirectory   string `json:"MountDirectory"`
	MountOptions     string `json:"MountOptions"`
	MountTarget      string `json:"MountTarget"`
	ProtocolType     string `json:"ProtocolType"`
	StorageDirectory string `json:"StorageDirectory"`
}

// wireMount is a mount as the provider sees it: one MountInfo with its file system.
type wireMount struct {
	FileSystemID string
	wireMountInfo
}

// wireAttach is an AttachSharedStorages item.
type wireAttach struct {
	FileSystemID     string `json:"FileSystemId"`
	MountDirectory   string `json:"MountDirectory"`
	MountTarget      string `json:"MountTarget"`
	ProtocolType     string `json:"ProtocolType"`
	StorageDirectory string `json:"StorageDirectory"`
	VolumeType       string `json:"VolumeType"`
	MountOptions     string `json:"MountOptions,omitempty"`
	Location         string `json:"Location,omitempty"`
}

// wireInstalledAddon is what ListAddons and GetAddon say of an add-on; the specs are structured JSON.
type wireInstalledAddon struct {
	AddonID       string          `json:"AddonId"`
	Name          string          `json:"Name"`
	Version       string          `json:"Version"`
	Status        string          `json:"Status"`
	ServicesSpec  json.RawMessage `json:"ServicesSpec"`
	ResourcesSpec json.RawMessage `json:"ResourcesSpec"`
}

// findMounts lists a cluster's mounts (ListSharedStorages), one per MountInfo.
func findMounts(ctx context.Context, c *client.Client, clusterID string) ([]wireMount, error) {
	var out struct {
		SharedStorages []struct {
			FileSystemID string          `json:"FileSystemId"`
			MountInfo    []wireMountInfo `json:"MountInfo"`
		} `json:"SharedStorages"`
	}
	_, err := c.RPC(ctx, ehpc2024("ListSharedStorages", map[string]string{"ClusterId": clusterID}, client.RetryPolicy{}), &out)
	if client.IsNotFound(err) {
		return nil, client.NewNotFound(clusterKind, clusterID, err)
	}
	if err != nil {
		return nil, err
	}
	mounts := []wireMount{}
	for _, fs := range out.SharedStorages {
		for _, mi := range fs.MountInfo {
			mounts = append(mounts, wireMount{FileSystemID: fs.FileSystemID, wireMountInfo: mi})
		}
	}
	return mounts, nil
}

// findPackages lists the software installed on a cluster (ListInstalledSoftwares, every page), without the
// packages being uninstalled.
func findPackages(ctx context.Context, c *client.Client, clusterID string) ([]wirePackage, error) {
	const pageSize = 50
	pkgs := []wirePackage{}
	for page := 1; ; page++ {
		var out struct {
			TotalCount         flexInt `json:"TotalCount"`
			AdditionalPackages struct {
				AdditionalPackageInfos []struct {
					Name    string `json:"Name"`
					Version string `json:"Version"`
					Status  string `json:"Status"`
				} `json:"AdditionalPackageInfos"`
			} `json:"AdditionalPackages"`
		}
		call := ehpc2024("ListInstalledSoftwares", map[string]string{
			"ClusterId": clusterID, "PageNumber": strconv.Itoa(page), "PageSize": strconv.Itoa(pageSize),
		}, client.RetryPolicy{})
		call.Method = http.MethodGet
		_, err := c.RPC(ctx, call, &out)
		if client.IsNotFound(err) {
			return nil, client.NewNotFound(clusterKind, clusterID, err)
		}
		if err != nil {
			return nil, err
		}
		infos := out.AdditionalPackages.AdditionalPackageInfos
		for _, p := range infos {
			if p.Status != "Uninstalling" {
				pkgs = append(pkgs, wirePackage{Name: p.Name, Version: p.Version})
			}
		}
		if len(infos) < pageSize || page*pageSize >= int(out.TotalCount) {
			return pkgs, nil
		}
	}
}

// findAddons reads a cluster's add-ons: ListAddons for the ids, GetAddon for each (concurrently) for the specs.
func findAddons(ctx context.Context, c *client.Client, clusterID string) ([]wireInstalledAddon, error) {
	var list struct {
		Addons []wireInstalledAddon `json:"Addons"`
	}
	_, err := c.RPC(ctx, ehpc2024("ListAddons", map[string]string{"ClusterId": clusterID, "PageSize": "100"}, client.RetryPolicy{}), &list)
	if client.IsNotFound(err) {
		return nil, client.NewNotFound(clusterKind, clusterID, err)
	}
	if err != nil {
		return nil, err
	}
	addons := make([]wireInstalledAddon, len(list.Addons))
	errs := make([]error, len(list.Addons))
	var wg sync.WaitGroup
	for i, a := range list.Addons {
		wg.Go(func() {
			var out struct {
				Addon wireInstalledAddon `json:"Addon"`
			}
			_, errs[i] = c.RPC(ctx, ehpc2024("GetAddon", map[string]string{"ClusterId": clusterID, "AddonId": a.AddonID}, client.RetryPolicy{}), &out)
			addons[i] = out.Addon
		})
	}
	wg.Wait()
	out := []wireInstalledAddon{}
	for i := range addons {
		if client.IsCode(errs[i], "InvalidParams") {
			// Uninstalled between ListAddons and GetAddon: it is gone, as a later list would show.
			continue
		}
		if errs[i] != nil {
			return nil, fmt.Errorf("reading add-on %s: %w", list.Addons[i].AddonID, errs[i])
		}
		if addons[i].Status != "Uninstalling" {
			out = append(out, addons[i])
		}
	}
	return out, nil
}

// waitDay2 polls check until it reports done: the day-2 calls have no status of their own to wait for, only
// the lists that show their result.
func waitDay2(ctx context.Context, c *client.Client, what string, check func(ctx context.Context) (bool, error)) error {
	_, err := client.WaitFor(ctx, c, client.Waiter[struct{}]{
		Description: what,
		Target:      []string{"done"},
		Pending:     []string{"pending"},
		Status: func(ctx context.Context) (*struct{}, string, error) {
			done, err := check(ctx)
			if err != nil {
				return nil, "", err
			}
			if done {
				return &struct{}{}, "done", nil
			}
			return &struct{}{}, "pending", nil
		},
	})
	return err
}

// attachStorages mounts file systems (AttachSharedStorages) and waits until ListSharedStorages shows them.
func attachStorages(ctx context.Context, c *client.Client, clusterID string, in []wireAttach) error {
	if len(in) == 0 {
		return nil
	}
	b, _ := json.Marshal(in)
	mounted := func(ctx context.Context) (bool, error) {
		mounts, err := findMounts(ctx, c, clusterID)
		return err == nil && mountsCover(mounts, in, true), err
	}
	if err := sendDay2Change(ctx, c, fmt.Sprintf("the shared storages of E-HPC cluster %s", clusterID),
		ehpc2024("AttachSharedStorages", map[string]string{"ClusterId": clusterID, "SharedStorages": string(b)},
			client.RetryPolicy{BusyCodes: clusterBusyCodes}), mounted); err != nil {
		return err
	}
	return waitDay2(ctx, c, fmt.Sprintf("the shared storages of E-HPC cluster %s to be mounted", clusterID), mounted)
}

// sendDay2Change sends a change of a running cluster's shared storages or software. Such a call is not
// idempotent: sent again once applied, the service refuses it (the mount directory is in use, the software
// already installed, nothing mounted or installed to remove), so the client must not resend it blindly. After a
// lost answer it goes through client.CreateRecovering: done (the read the following wait uses) says whether the
// lost call was applied, else it is sent again, and a resend refused as a repeat is the lost call's effect (see
// README.md, "Lost answers of the day-2 calls"). The caller's wait then checks the result.
func sendDay2Change(ctx context.Context, c *client.Client, what string, call client.RPCCall, done func(context.Context) (bool, error)) error {
	call.Retry.NotIdempotent = true
	lost := false
	_, err := client.CreateRecovering(ctx, client.LostAnswerRecovery[struct{}]{
		What: what,
		Send: func(ctx context.Context) (struct{}, error) {
			_, err := c.RPC(ctx, call, nil)
			if lost && repeatRefused(err) {
				tflog.Info(ctx, "a resent call was refused as a repeat: the lost call was applied", map[string]any{"what": what, "action": call.Action})
				return struct{}{}, nil
			}
			lost = lost || client.IsAmbiguous(err)
			return struct{}{}, err
		},
		Find: func(ctx context.Context) (struct{}, bool, error) {
			ok, err := done(ctx)
			return struct{}{}, ok, err
		},
	})
	return err
}

// repeatRefused reports whether err is the refusal of a day-2 change that was already applied: InvalidParams
// saying the mount or software already exists, or that what is to be removed does not.
func repeatRefused(err error) bool {
	var apiErr *client.APIError
	if !client.IsCode(err, "InvalidParams") || !errors.As(err, &apiErr) {
		return false
	}
	msg := strings.ToLower(apiErr.Message)
	for _, f := range []string{"already", "not installed", "not mounted", "no shared storage", "not exist"} {
		if strings.Contains(msg, f) {
			return true
		}
	}
	return false
}

// detachStorages unmounts the mounts of dirs (DetachSharedStorages) and waits until they are gone.
func detachStorages(ctx context.Context, c *client.Client, clusterID string, dirs []string) error {
	if len(dirs) == 0 {
		return nil
	}
	items := make([]wireAttach, 0, len(dirs))
	req := make([]map[string]string, 0, len(dirs))
	for _, d := range dirs {
		items = append(items, wireAttach{MountDirectory: d})
		req = append(req, map[string]string{"MountDirectory": d})
	}
	b, _ := json.Marshal(req)
	unmounted := func(ctx context.Context) (bool, error) {
		mounts, err := findMounts(ctx, c, clusterID)
		return err == nil && mountsCover(mounts, items, false), err
	}
	if err := sendDay2Change(ctx, c, fmt.Sprintf("the shared storages of E-HPC cluster %s", clusterID),
		ehpc2024("DetachSharedStorages", map[string]string{"ClusterId": clusterID, "SharedStorages": string(b)},
			client.RetryPolicy{BusyCodes: clusterBusyCodes}), unmounted); err != nil {
		return err
	}
	return waitDay2(ctx, c, fmt.Sprintf("the shared storages of E-HPC cluster %s to be unmounted", clusterID), unmounted)
}

// mountsCover reports whether every mount directory of in is mounted (present) or not (absent).
func mountsCover(mounts []wireMount, in []wireAttach, present bool) bool {
	for _, a := range in {
		// Present means this file system at this directory: a mount of another file system there (made out of
		// band) is not the lost call's, and must not be adopted as if the configuration were applied.
		found := slices.ContainsFunc(mounts, func(m wireMount) bool {
			return m.MountDirectory == a.MountDirectory && (!present || a.FileSystemID == "" || m.FileSystemID == a.FileSystemID)
		})
		if found != present {
			return false
		}
	}
	return true
}

// changePackages installs or uninstalls software (InstallSoftwares, UninstallSoftwares: GET calls) and
// waits until ListInstalledSoftwares shows the result.
func changePackages(ctx context.Context, c *client.Client, clusterID string, pkgs []wirePackage, install bool) error {
	if len(pkgs) == 0 {
		return nil
	}
	action := "UninstallSoftwares"
	if install {
		action = "InstallSoftwares"
	}
	b, _ := json.Marshal(pkgs)
	call := ehpc2024(action, map[string]string{"ClusterId": clusterID, "AdditionalPackages": string(b)}, client.RetryPolicy{BusyCodes: clusterBusyCodes})
	call.Method = http.MethodGet
	applied := func(ctx context.Context) (bool, error) {
		have, err := findPackages(ctx, c, clusterID)
		if err != nil {
			return false, err
		}
		for _, p := range pkgs {
			if slices.ContainsFunc(have, func(h wirePackage) bool { return samePackage(h, p) }) != install {
				return false, nil
			}
		}
		return true, nil
	}
	if err := sendDay2Change(ctx, c, fmt.Sprintf("the software of E-HPC cluster %s", clusterID), call, applied); err != nil {
		return err
	}
	return waitDay2(ctx, c, fmt.Sprintf("the software of E-HPC cluster %s to be %s", clusterID, map[bool]string{true: "installed", false: "uninstalled"}[install]), applied)
}

// installAddon installs an add-on (InstallAddon) and waits until GetAddon no longer reports it installing;
// it returns the add-on id.
func installAddon(ctx context.Context, c *client.Client, clusterID string, a wireAddon) (string, error) {
	var out struct {
		AddonID string `json:"AddonId"`
	}
	params := map[string]string{"ClusterId": clusterID, "AddonName": a.Name, "AddonVersion": a.Version}
	if a.ServicesSpec != "" {
		params["ServicesSpec"] = a.ServicesSpec
	}
	if a.ResourcesSpec != "" {
		params["ResourcesSpec"] = a.ResourcesSpec
	}
	// Not idempotent: a lost answer is recovered by finding the add-on (see README.md, "Add-ons").
	id, err := client.CreateRecovering(ctx, client.LostAnswerRecovery[string]{
		What: fmt.Sprintf("add-on %s of E-HPC cluster %s", a.Name, clusterID),
		Send: func(ctx context.Context) (string, error) {
			_, err := c.RPC(ctx, ehpc2024("InstallAddon", params, client.RetryPolicy{NotIdempotent: true, BusyCodes: clusterBusyCodes}), &out)
			return out.AddonID, err
		},
		Find: func(ctx context.Context) (string, bool, error) {
			addons, err := findAddons(ctx, c, clusterID)
			if err != nil {
				return "", false, err
			}
			for _, x := range addons {
				if x.Name == a.Name && x.Version == a.Version && x.Status != "Uninstalling" {
					return x.AddonID, true, nil
				}
			}
			return "", false, nil
		},
	})
	if err != nil {
		return "", err
	}
	out.AddonID = id
	err = waitDay2(ctx, c, fmt.Sprintf("add-on %s of E-HPC cluster %s to be installed", a.Name, clusterID), func(ctx context.Context) (bool, error) {
		addons, err := findAddons(ctx, c, clusterID)
		return err == nil && slices.ContainsFunc(addons, func(x wireInstalledAddon) bool {
			return x.AddonID == out.AddonID && x.Status != "Installing"
		}), err
	})
	return out.AddonID, err
}

// uninstallAddon removes an add-on (UnInstallAddon) and waits until ListAddons no longer shows it.
func uninstallAddon(ctx context.Context, c *client.Client, clusterID, addonID string) error {
	// An add-on already gone (a retry of a call whose answer was lost, or uninstalled elsewhere) is refused
	// as a repeat: the wait below checks that it is gone.
	if _, err := c.RPC(ctx, ehpc2024("UnInstallAddon", map[string]string{"ClusterId": clusterID, "AddonId": addonID},
		client.RetryPolicy{BusyCodes: clusterBusyCodes}), nil); err != nil && !repeatRefused(err) {
		return err
	}
	return waitDay2(ctx, c, fmt.Sprintf("add-on %s of E-HPC cluster %s to be uninstalled", addonID, clusterID), func(ctx context.Context) (bool, error) {
		addons, err := findAddons(ctx, c, clusterID)
		return err == nil && !slices.ContainsFunc(addons, func(x wireInstalledAddon) bool { return x.AddonID == addonID }), err
	})
}
