package ehpc

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Helpers shared by the 2024 cluster API (cluster.go) and the 2018 node API (nodes.go): E-HPC error
// constructors and the decoding of RPC parameters (scalars arrive as strings, nested values as JSON strings).

// errInvalidParams is E-HPC's answer to a bad parameter. name is the parameter's wire path, with list indexes
// from 0 as the service writes them: "ClusterName", "Queues.0.QueueName", "Manager.ManagerNode.SystemDisk.Size".
func errInvalidParams(name string) *core.Error {
	return core.Errorf(http.StatusBadRequest, "InvalidParams", "The specified parameter %s is invalid.", name)
}

// errMissingParams reports a required parameter that is absent. E-HPC uses InvalidParams for this too.
func errMissingParams(name string) *core.Error { return errInvalidParams(name) }

// errClusterNotFound is the answer for an unknown or released cluster id. The HTTP status of ClusterNotFound is
// not documented reliably (REFERENCE §10); clients match the code, so 404 is as good as any.
func errClusterNotFound(id string) *core.Error {
	return core.Errorf(http.StatusNotFound, "ClusterNotFound", "The specified cluster %s does not exist.", id)
}

// errConflictOpt is the documented answer when another operation is running on the cluster (403 ConflictOpt).
func errConflictOpt() *core.Error {
	return core.Errorf(http.StatusForbidden, "ConflictOpt", "A conflicting operation is running.")
}

// errInvalidClusterStatus is what DeleteCluster answers while the cluster is busy (creating, initing).
func errInvalidClusterStatus(status string) *core.Error {
	return core.Errorf(http.StatusForbidden, "InvalidClusterStatus", "The current status of the cluster (%s) does not support this operation.", status)
}

// jsonParam decodes the JSON-string parameter name into v. It reports whether the parameter was present and
// non-empty; malformed JSON is InvalidParams naming the parameter.
func jsonParam(req *core.Request, name string, v any) (bool, error) {
	raw := strings.TrimSpace(req.Param(name))
	if raw == "" {
		return false, nil
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return true, errInvalidParams(name)
	}
	return true, nil
}

// boolParam parses an optional "true"/"false" parameter.
func boolParam(req *core.Request, name string) (value, present bool, err error) {
	raw := req.Param(name)
	if raw == "" {
		return false, false, nil
	}
	b, perr := strconv.ParseBool(raw)
	if perr != nil {
		return false, true, errInvalidParams(name)
	}
	return b, true, nil
}

// intParam parses an optional decimal integer parameter.
func intParam(req *core.Request, name string) (value int, present bool, err error) {
	raw := req.Param(name)
	if raw == "" {
		return 0, false, nil
	}
	n, perr := strconv.Atoi(raw)
	if perr != nil {
		return 0, true, errInvalidParams(name)
	}
	return n, true, nil
}

// requiredParam returns a parameter that must be present and non-empty.
func requiredParam(req *core.Request, name string) (string, error) {
	v := req.Param(name)
	if v == "" {
		return "", errMissingParams(name)
	}
	return v, nil
}

// ptr returns a pointer to v (optional fields of wire types).
func ptr[T any](v T) *T { return &v }

// deref returns *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
