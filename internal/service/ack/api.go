package ack

import (
	"net/http"
	"net/url"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// cs is a call to the CS API 2015-12-15 (ROA: method and path, JSON bodies, snake_case fields; see README.md,
// "Calls"). Path segments are escaped with clusterPath and taskPath.
func cs(action, method, path string, query map[string]string, body any, retry client.RetryPolicy) client.ROACall {
	return client.ROACall{
		Product: client.ProductCS, Version: client.VersionCS, Action: action,
		Method: method, Path: path, Query: query, Body: body, Retry: retry,
	}
}

// csGet is a read: idempotent, retried by the client on every transient failure.
func csGet(action, path string, query map[string]string) client.ROACall {
	return cs(action, http.MethodGet, path, query, nil, client.RetryPolicy{})
}

func clusterPath(clusterID string, rest string) string {
	return "/clusters/" + url.PathEscape(clusterID) + rest
}

func taskPath(taskID string) string { return "/tasks/" + url.PathEscape(taskID) }

// Hints for the CS error codes this package meets. Only ErrorClusterNotFound is named by public sources;
// the others are the emulator's choices for conditions the documents describe without a code (see
// README.md, "Error codes").
func init() {
	client.RegisterHints(client.ProductCS, map[string]string{
		"ErrorClusterNotFound":     "the cluster does not exist in this region: check cluster_id and the provider's region.",
		"ErrorClusterState":        "the cluster is not running (it may be upgrading, failed or stopped): wait until it is running, then apply again.",
		"ErrorClusterNotSupported": "ScaleOutCluster with ENS workers works only on ACK managed edge clusters (cluster type ManagedKubernetes, profile Edge).",
		"ErrorTaskNotFound":        "the task does not exist: check the task id (T-…) in the import id.",
		"ErrorNodeNotFound":        "a node named in the request is no longer in the cluster: refresh and apply again.",
		"InvalidParameter":         "the API rejected an argument: the message names it; fix the configuration.",
		"QPS Limit Exceeded":       "CS throttled the requests: the provider retried; lower -parallelism or max_requests_per_second.",
	})
}
