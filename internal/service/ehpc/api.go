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
