package batchcompute

import (
	"net/url"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// clusterCall is a Batch Compute 2015-11-11 call on /clusters, or on /clusters/{id} when an id is given:
// ROA, JSON bodies, the id escaped into the path (see README.md, "Wire encoding").
func clusterCall(action, method string, id ...string) client.ROACall {
	p := "/clusters"
	for _, part := range id {
		p += "/" + url.PathEscape(part)
	}
	return client.ROACall{Product: client.ProductBatchCompute, Version: client.VersionBatchCompute, Action: action, Method: method, Path: p}
}

// Hints for the codes of the CreateCluster error table and the common Batch Compute codes (see README.md, "Error codes").
// Codes with a parameter in them (InvalidUserData.{key}, InvalidGroups.{key}, Missing*, Invalid*,
// QuotaExhausted.*) fall back to the client's family hints, which name the parameter or the quota.
func init() {
	client.RegisterHints(client.ProductBatchCompute, map[string]string{
		"IdempotentTokenMismatch": "the idempotent token was already used by a create with a different body: the configuration changed " +
			"between attempts of one create; run apply again (a new create gets a new token).",
		"InvalidIdempotentToken": "the idempotent token must be 1–64 characters of [A-Za-z0-9_].",
		"InvalidJsonFormat":      "the request body is not valid JSON: report this as a provider bug with the request id.",
		"InvalidHttpBody":        "the request body must be a JSON object: report this as a provider bug with the request id.",
		"MissingName":            "name is required.",
		"InvalidName":            "name must be 1–64 characters of [a-zA-Z0-9_-] and must not start with a digit.",
		"InvalidDescription":     "description must be a string of at most 1024 characters.",
		"MissingImageId":         "image_id is required.",
		"InvalidImageId":         "image_id must be 1–256 characters and name an image that exists in this region (img-… or m-…).",
		"InvalidUserData":        "user_data must be a map of at most 64 entries.",
		"InvalidGroups":          "groups must hold at least one group, each named with 1–64 characters.",
		"MissingGroups":          "groups is required: declare at least one group.",
		"MissingDesiredVMCount":  "every group needs desired_vm_count.",
		"InvalidDesiredVMCount":  "desired_vm_count must be an integer between 1 and 65536.",
		"InvalidCidrBlock":       "configs.networks.vpc.cidr_block must be an IPv4 CIDR block such as 192.168.0.0/16.",
		"MissingInstanceType":    "instance_type is required.",
		"InvalidInstanceType":    "the instance type does not exist or is not offered by Batch Compute in this region: check instance_type and groups[*].instance_type.",
		"MissingResourceType":    "groups[*].resource_type must not be empty: use OnDemand or Spot.",
		"InvalidResourceType":    "groups[*].resource_type must be OnDemand or Spot.",
		"InvalidSpotStrategy":    "groups[*].spot_strategy must be SpotWithPriceLimit or SpotAsPriceGo.",
		"InvalidSpotPriceLimit":  "groups[*].spot_price_limit must be at least 0 with at most 3 decimal places.",
		"QuotaExhausted.MaxClusterCount": "the account's quota of clusters (MaxClusterCount) is used up: delete clusters you no longer " +
			"need or ask Alibaba Cloud support for a higher quota.",
		"QuotaExhausted.MaxClusterGroupCount": "the quota of groups per cluster (MaxClusterGroupCount) is exceeded: declare fewer " +
			"groups or ask Alibaba Cloud support for a higher quota.",
		"QuotaExhausted.MaxClusterGroupDesiredVMCount": "the quota of instances per group (MaxClusterGroupDesiredVMCount) is exceeded: " +
			"lower desired_vm_count, split the instances over more groups, or ask Alibaba Cloud support for a higher quota.",
		"QuotaExhausted.Configs.Networks.VPC.OppositeRouterType": "the VPC peering router type is not allowed for this account.",
		"QuotaExhausted":                  "an account quota is used up: delete unused clusters or ask Alibaba Cloud support for a higher quota.",
		"InvalidResource.NotFound":        "the cluster does not exist (any more): it was deleted outside Terraform, or the id is wrong.",
		"InvalidResource.AlreadyExisting": "a resource with this identity already exists.",
		"StateConflict":                   "the cluster is in a state that does not allow this operation (it is being deleted).",
		"InvalidVersion.NotFound":         "the service does not know API version 2015-11-11 at this endpoint: check endpoints.batchcompute.",
		"Forbidden":                       "the account may not do this: check RAM permissions for Batch Compute and that the service is still available to the account.",
		"MethodNotAllowed":                "the endpoint does not serve this method: check endpoints.batchcompute.",
		"InvalidUrlPattern":               "the endpoint does not serve this path: check endpoints.batchcompute.",
		"InvalidQueryString":              "a query parameter was rejected: report this as a provider bug with the request id.",
		"InvalidMaxItemCount":             "MaxItemCount must be between 1 and 100.",
	})
}
