package batchcompute

import (
	"fmt"
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// errUnknownVersion answers a request placed at Batch Compute whose x-acs-version is missing or unknown.
func errUnknownVersion(version string) *core.Error {
	return core.Errorf(http.StatusForbidden, "InvalidVersion.NotFound",
		"Specified x-acs-version %q is not found; Batch Compute serves %s.", version, Version)
}

// errUnknownRoute answers a path (or method) no route serves: Batch Compute documents InvalidUrlPattern and
// MethodNotAllowed (400) for these.
func errUnknownRoute(method, path string, pathKnown bool) *core.Error {
	if pathKnown {
		return core.Errorf(http.StatusBadRequest, "MethodNotAllowed", "The method %s is not allowed on %s.", method, path)
	}
	return core.Errorf(http.StatusBadRequest, "InvalidUrlPattern", "The URL pattern %s is not valid.", path)
}

func badRequest(code, format string, args ...any) *core.Error {
	return core.Errorf(http.StatusBadRequest, code, format, args...)
}

func missing(param string) *core.Error {
	return badRequest("Missing"+param, "%s is mandatory for this action.", param)
}

// invalid is Invalid{param}; nested parameters keep their path in the code (InvalidUserData.{key},
// InvalidGroups.{key}), as the document's table does.
func invalid(param, reason string) *core.Error {
	msg := fmt.Sprintf("Specified parameter %s is not valid.", param)
	if reason != "" {
		msg += " " + reason
	}
	return badRequest("Invalid"+param, "%s", msg)
}

func notFound(id string) *core.Error {
	return core.Errorf(http.StatusNotFound, "InvalidResource.NotFound", "The specified resource %s is not found.", id)
}

// The errors of the CreateCluster error table in the API document (see README.md, "Error codes"), and the
// common codes the other calls answer. Missing{Parameter} and Invalid{Parameter} are families built by
// missing and invalid; the others have one constructor each, with the document's status and message.

func errInvalidJSON() *core.Error {
	return badRequest("InvalidJsonFormat", "The request body has an invalid json format.")
}

func errInvalidHTTPBody() *core.Error {
	return badRequest("InvalidHttpBody", "Specified parameter HttpBody is not valid. Its type must be object.")
}

func errInvalidToken() *core.Error {
	return badRequest("InvalidIdempotentToken", "Specified parameter IdempotentToken is not valid. It must be 1-64 characters within [a-zA-Z0-9_].")
}

func errTokenMismatch() *core.Error {
	return badRequest("IdempotentTokenMismatch", "Specified idempotent token mismatch.")
}

func errInvalidCidrBlock() *core.Error {
	return badRequest("InvalidCidrBlock", "Specified parameter CidrBlock is not valid. Configs.Networks.VPC.CidrBlock is not valid.")
}

// errQuota is QuotaExhausted.{quota} (403), naming the quota's value.
func errQuota(quota string, value int) *core.Error {
	return core.Errorf(http.StatusForbidden, "QuotaExhausted."+quota, "The %s (%d) quota is exhausted.", quota, value)
}

// errOppositeRouterType is the document's 403 for a peering router type the account may not use.
func errOppositeRouterType(routerType string) *core.Error {
	return core.Errorf(http.StatusForbidden, "QuotaExhausted.Configs.Networks.VPC.OppositeRouterType",
		"The Configs.Networks.VPC.OppositeRouterType (%s) is forbidden.", routerType)
}

// errStateConflict is 409 StateConflict: the cluster's state refuses the operation.
func errStateConflict(state string) *core.Error {
	return core.Errorf(http.StatusConflict, "StateConflict", "The current resource state is %s.", state)
}
