package batchcompute

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// clusterKind names the object in errors and in the shared not-found warning.
const clusterKind = "Batch Compute cluster"

// Cluster states (see README.md, "Cluster states").
const (
	stateActive   = "Active"
	stateDeleting = "Deleting"
	// stateReady is the waiter's name for "Active, and every group runs its desired number of instances".
	stateReady = "Ready"
	// stateScaling is the waiter's name for "Active, and some group does not run its desired count yet".
	stateScaling = "Scaling"
)

// ---- wire types (GetCluster answers, CreateCluster and ModifyCluster bodies) ----

type apiCluster struct {
	ID           string              `json:"Id,omitempty"`
	Name         string              `json:"Name"`
	Description  string              `json:"Description,omitempty"`
	ImageID      string              `json:"ImageId"`
	InstanceType string              `json:"InstanceType"`
	UserData     map[string]string   `json:"UserData,omitempty"`
	Notification *apiNotification    `json:"Notification,omitempty"`
	Configs      *apiConfigs         `json:"Configs,omitempty"`
	Groups       map[string]apiGroup `json:"Groups"`
	// Read only.
	State        string `json:"State,omitempty"`
	CreationTime string `json:"CreationTime,omitempty"`
}

type apiNotification struct {
	Topic *apiTopic `json:"Topic,omitempty"`
}

type apiTopic struct {
	Name     string   `json:"Name"`
	Endpoint string   `json:"Endpoint"`
	Events   []string `json:"Events,omitempty"`
}

type apiConfigs struct {
	Disks    *apiDisks    `json:"Disks,omitempty"`
	Mounts   *apiMounts   `json:"Mounts,omitempty"`
	Networks *apiNetworks `json:"Networks,omitempty"`
}

type apiDisks struct {
	SystemDisk *apiDisk `json:"SystemDisk,omitempty"`
	DataDisk   *apiDisk `json:"DataDisk,omitempty"`
}

type apiDisk struct {
	Type       string `json:"Type,omitempty"`
	Size       int64  `json:"Size,omitempty"`
	MountPoint string `json:"MountPoint,omitempty"`
}

type apiMounts struct {
	Entries      []apiMountEntry `json:"Entries,omitempty"`
	Locale       string          `json:"Locale,omitempty"`
	Lock         bool            `json:"Lock"`
	CacheSupport bool            `json:"CacheSupport"`
	NAS          *apiNAS         `json:"NAS,omitempty"`
	OSS          *apiOSS         `json:"OSS,omitempty"`
}

type apiMountEntry struct {
	Source       string `json:"Source"`
	Destination  string `json:"Destination"`
	WriteSupport bool   `json:"WriteSupport"`
}

type apiNAS struct {
	AccessGroup []string `json:"AccessGroup,omitempty"`
	FileSystem  []string `json:"FileSystem,omitempty"`
}

// apiOSS: empty strings are left out, which the service reads as "not set" (see README.md, "Empty values").
type apiOSS struct {
	AccessKeyID         string `json:"AccessKeyId,omitempty"`
	AccessKeySecret     string `json:"AccessKeySecret,omitempty"`
	AccessSecurityToken string `json:"AccessSecurityToken,omitempty"`
}

type apiNetworks struct {
	Classic *apiClassic `json:"Classic,omitempty"`
	VPC     *apiVPC     `json:"VPC,omitempty"`
}

type apiClassic struct {
	AllowIPAddress           []string `json:"AllowIpAddress,omitempty"`
	AllowIPAddressEgress     []string `json:"AllowIpAddressEgress,omitempty"`
	AllowSecurityGroup       []string `json:"AllowSecurityGroup,omitempty"`
	AllowSecurityGroupEgress []string `json:"AllowSecurityGroupEgress,omitempty"`
}

type apiVPC struct {
	CidrBlock string `json:"CidrBlock,omitempty"`
}

type apiGroup struct {
	DesiredVMCount *int64   `json:"DesiredVMCount,omitempty"`
	InstanceType   string   `json:"InstanceType,omitempty"`
	ResourceType   string   `json:"ResourceType,omitempty"`
	SpotStrategy   *string  `json:"SpotStrategy,omitempty"`
	SpotPriceLimit *float64 `json:"SpotPriceLimit,omitempty"`
	// Read only.
	ActualVMCount int64 `json:"ActualVMCount,omitempty"`
}

// ---- find, status, wait ----

// findClusterByID reads a cluster with GetCluster; a cluster the service does not know is a
// *client.NotFoundError. A Deleting cluster is returned as it is (the deletion wait follows it to the 404).
func findClusterByID(ctx context.Context, c *client.Client, id string) (*apiCluster, error) {
	if id == "" {
		return nil, client.NewNotFound(clusterKind, "(no id)", nil)
	}
	var out apiCluster
	_, err := c.ROA(ctx, clusterCall("GetCluster", http.MethodGet, id), &out)
	if client.IsNotFound(err) {
		return nil, client.NewNotFound(clusterKind, id, err)
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// statusCluster reports a cluster's readiness (see readiness) for the waiters.
func statusCluster(c *client.Client, id string) client.StatusFunc[apiCluster] {
	return client.StatusFromFinder(func(ctx context.Context) (*apiCluster, error) { return findClusterByID(ctx, c, id) }, readiness)
}

// readiness turns a cluster into the waiter's state: Ready once every group's actual count reached the
// desired count, otherwise the cluster's own state (Scaling while Active).
func readiness(c *apiCluster) string {
	if c.State != stateActive {
		return c.State
	}
	for _, g := range c.Groups {
		if g.DesiredVMCount == nil || g.ActualVMCount != *g.DesiredVMCount {
			return stateScaling
		}
	}
	return stateReady
}

// waitClusterReady waits until every group runs its desired number of instances.
func waitClusterReady(ctx context.Context, c *client.Client, id string) (*apiCluster, error) {
	return client.WaitFor(ctx, c, client.Waiter[apiCluster]{
		Description:    clusterKind + " " + id + " to run every group's desired instances",
		Target:         []string{stateReady},
		Failure:        []string{stateDeleting},
		FailureMessage: func(*apiCluster) string { return "the cluster is being deleted (by someone else?)" },
		Status:         statusCluster(c, id),
	})
}

// waitClusterDeleted waits for GetCluster's 404.
func waitClusterDeleted(ctx context.Context, c *client.Client, id string) error {
	_, err := client.WaitFor(ctx, c, client.Waiter[apiCluster]{
		Description:    clusterKind + " " + id + " to be deleted",
		TargetNotFound: true,
		Status:         statusCluster(c, id),
	})
	return err
}

// ---- create, modify, delete ----

// createCluster sends CreateCluster with token. The service answers a repeat with the same token with the
// cluster the first call made (see README.md, "Idempotent create"), so the client resends a lost answer like
// any transient failure (client.RetryPolicy.ClientToken); when it still fails after a lost answer, the error
// is a *client.AmbiguousError: the cluster may exist, and only the token finds it.
func createCluster(ctx context.Context, c *client.Client, token string, body *apiCluster) (string, error) {
	var out struct {
		ID string `json:"Id"`
	}
	req := clusterCall("CreateCluster", http.MethodPost)
	req.Query = map[string]string{"IdempotentToken": token}
	req.Body = body
	req.Retry = client.RetryPolicy{ClientToken: true}
	resp, err := c.ROA(ctx, req, &out)
	if err == nil && out.ID == "" {
		err = errors.New("answered without a cluster id")
	}
	if err != nil && resp != nil && !client.IsAmbiguous(err) {
		// A 2xx answer whose body is unreadable: the cluster was made, so the token must stay to find it.
		return "", &client.AmbiguousError{Product: client.ProductBatchCompute, Action: "CreateCluster", Err: err}
	}
	if err != nil {
		return "", err
	}
	return out.ID, nil
}

// modifyCluster sends ModifyCluster with a body from expandModify.
func modifyCluster(ctx context.Context, c *client.Client, id string, body map[string]any) error {
	req := clusterCall("ModifyCluster", http.MethodPut, id)
	req.Body = body
	_, err := c.ROA(ctx, req, nil)
	return err
}

// Outcomes of a DeleteCluster request.
const (
	deletionAccepted = "accepted" // the cluster is Deleting (by this request or an earlier one)
	deletionGone     = "gone"
	deletionBusy     = "busy" // StateConflict while the cluster is not Deleting: try again later
)

// requestDeletion sends DeleteCluster once. StateConflict means the cluster's state refuses deletion: when it
// is already Deleting (an earlier request whose answer was lost, or someone else) that is success; otherwise
// the cluster is busy and the caller asks again (see README.md, "Delete").
func requestDeletion(ctx context.Context, c *client.Client, id string) (string, error) {
	_, err := c.ROA(ctx, clusterCall("DeleteCluster", http.MethodDelete, id), nil)
	switch {
	case err == nil:
		return deletionAccepted, nil
	case client.IsNotFound(err):
		return deletionGone, nil
	case !client.IsCode(err, "StateConflict"):
		return "", err
	}
	obj, gerr := findClusterByID(ctx, c, id)
	switch {
	case client.IsNotFound(gerr):
		return deletionGone, nil
	case gerr != nil:
		return "", gerr
	case obj.State == stateDeleting:
		return deletionAccepted, nil
	}
	tflog.Debug(ctx, "Batch Compute cluster refuses deletion for now", map[string]any{"id": id, "state": obj.State, "error": err.Error()})
	return deletionBusy, nil
}

// deleteCluster asks for the deletion until the service accepts it (within ctx) and waits for the 404.
func deleteCluster(ctx context.Context, c *client.Client, id string) error {
	outcome, err := requestDeletion(ctx, c, id)
	if err == nil && outcome == deletionBusy {
		_, err = client.WaitFor(ctx, c, client.Waiter[string]{
			Description: clusterKind + " " + id + " to accept its deletion",
			Target:      []string{deletionAccepted, deletionGone},
			Status: func(ctx context.Context) (*string, string, error) {
				outcome, err := requestDeletion(ctx, c, id)
				return &outcome, outcome, err
			},
		})
	}
	if err != nil {
		return fmt.Errorf("deleting %s %s: %w", clusterKind, id, err)
	}
	if outcome == deletionGone {
		return nil
	}
	if err := waitClusterDeleted(ctx, c, id); err != nil {
		return fmt.Errorf("waiting for %s %s to be deleted: %w", clusterKind, id, err)
	}
	return nil
}

// newIdempotentToken returns "tf_" and 40 hex digits: 43 characters of [A-Za-z0-9_], within the API's 64.
func newIdempotentToken() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	return "tf_" + hex.EncodeToString(b)
}
