package batchcompute

import (
	"fmt"
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

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
