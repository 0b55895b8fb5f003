package ehpc

import (
	"fmt"
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// E-HPC error constructors, shared by the 2024 cluster API (cluster.go) and the 2018 node API (nodes.go).

// errInvalidParams is E-HPC's answer to a bad parameter. name is the parameter's wire path, with list indexes
// from 0 as the service writes them: "ClusterName", "Queues.0.QueueName", "Manager.ManagerNode.SystemDisk.Size".
func errInvalidParams(name string) *core.Error {
	return core.Errorf(http.StatusBadRequest, "InvalidParams", "The specified parameter %s is invalid.", name)
}

// errMissingParams reports a required parameter that is absent. E-HPC uses InvalidParams for this too.
func errMissingParams(name string) *core.Error { return errInvalidParams(name) }

// errClusterNotFound is the answer for an unknown or released cluster id. The HTTP status of ClusterNotFound is
// not documented reliably (see README.md, "API 2024-07-30: errors"); clients match the code, so 404 is as good as any.
func errClusterNotFound(id string) *core.Error {
	return core.Errorf(http.StatusNotFound, "ClusterNotFound", "The specified cluster %s does not exist.", id)
}

// errConflictOpt is the documented answer when another operation is running on the cluster (403 ConflictOpt).
func errConflictOpt() *core.Error {
	return core.Errorf(http.StatusForbidden, "ConflictOpt", "A conflicting operation is running.")
}

// errInvalidClusterStatus is what DeleteCluster and the day-2 changes answer while the cluster is busy
// (creating, initing; the day-2 changes also while releasing).
func errInvalidClusterStatus(status string) *core.Error {
	return core.Errorf(http.StatusForbidden, "InvalidClusterStatus", "The current status of the cluster (%s) does not support this operation.", status)
}

// invalidParam is InvalidParams naming the parameter, with the reason appended.
func invalidParam(name, why string, args ...any) *core.Error {
	e := errInvalidParams(name)
	if why != "" {
		e.Message += " " + fmt.Sprintf(why, args...)
	}
	return e
}

// withDetail appends the emulator's explanation to a documented error message.
func withDetail(e *core.Error, format string, args ...any) *core.Error {
	e.Message += " " + fmt.Sprintf(format, args...)
	return e
}
