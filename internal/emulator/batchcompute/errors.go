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
