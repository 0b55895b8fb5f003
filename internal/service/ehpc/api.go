package ehpc

import (
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// The two E-HPC API versions this package speaks, one call builder each.

// ehpc2024 is a call to the E-HPC 2024-07-30 API: POST, parameters in the form, structured values as JSON
// strings (see README.md, "Wire encoding").
func ehpc2024(action string, params map[string]string, retry client.RetryPolicy) client.RPCCall {
	return client.RPCCall{Product: client.ProductEHPC, Version: client.VersionEHPC2024, Action: action, Params: params, Retry: retry}
}

// rpc2018 is a call to the E-HPC 2018-04-12 API: GET, parameters in the query, lists flat (Instance.N.Id).
// UNVERIFIED: that this API manages nodes of clusters created with the 2024-07-30 API; the decision is in
// README.md, "API 2018-04-12: clusters of the 2024-07-30 API (UNVERIFIED)".
func rpc2018(action string, params map[string]string, retry client.RetryPolicy) client.RPCCall {
	return client.RPCCall{
		Product: client.ProductEHPC, Version: client.VersionEHPC2018, Action: action,
		Method: http.MethodGet, Params: params, Retry: retry,
	}
}

// Hints of the error codes the E-HPC 2024-07-30 calls answer (cluster, queue, storage, add-on and software calls).
func init() {
	client.RegisterHints(client.ProductEHPC, map[string]string{
		"OrderError.Arrearage":                "the account balance is below CNY 100: add funds, then apply again.",
		"OrderError.InstHasUnpaidOrder":       "the account has an unpaid order: pay or cancel it in the billing console, then apply again.",
		"OrderError.InsufficientBalance":      "the account balance is insufficient for PrePaid nodes: add funds, or use PostPaid.",
		"OrderError.InvalidPayMethod":         "no valid default payment method: set one in the billing console.",
		"OrderError.NoCard":                   "no credit card is bound to the account: bind one in the billing console.",
		"OrderError.NoRealNameAuthentication": "real-name authentication is not complete: complete it in the account center.",
		"OrderError.NoRealNameRegistration":   "real-name registration is required for resources in mainland China: complete it in the account center.",
		"OrderError.UserProfileIncomplete":    "the account profile is incomplete: complete it in the account center.",
		"OrderError":                          "the order for the cluster's resources failed: retry; if it persists, open a ticket with the request id.",
		"TooManyClusters":                     "the account's E-HPC cluster quota is used up: delete unused clusters or ask for a higher quota.",
		"KeyPairNotFound":                     "cluster_credentials.key_pair_name does not exist in this region: create the key pair first.",
		"InvalidParams":                       "the service rejected the parameter its message names: compare it with the attribute's documented rule.",
		"ImageNotFound":                       "the image does not exist in this region: check manager.manager_node.image_id and the compute nodes' image_id.",
		"ConflictOpt":                         "another operation on the cluster is still running: the provider retried until the timeout; retry later.",
		"InvalidClusterStatus":                "the cluster is busy (creating, updating or releasing): the provider retried until the timeout; retry later.",
		"ClusterNotFound":                     "the E-HPC cluster does not exist in this region: check the id and the provider's region.",
		"DbError":                             "E-HPC's database failed: retry later; if it persists, open a ticket with the request id.",
		"Cluster.NotSupported":                "the cluster does not support this operation now (for DeleteCluster: deletion protection may be on; set deletion_protection = false first).",
	})
}
