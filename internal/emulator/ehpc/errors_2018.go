package ehpc

import (
	"net/http"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Error codes the 2018-04-12 node API answers besides the shared ones of errors.go (InvalidParams,
// ClusterNotFound, ConflictOpt, InvalidClusterStatus). They are the codes and HTTP statuses documented for
// AddExistedNodes (README.md, "API 2018-04-12: errors").
const (
	nodesCodeTooManyComputes   = "TooManyComputes"
	nodesCodeImageNotSupported = "ImageNotSupported"
	nodesCodeImageNotFound     = "ImageNotFound"
	nodesCodeObjectNotFound    = "ObjectNotFound"
	// nodesCodeInstanceNotFound is ECS's answer for an unknown instance (the inventory's admin routes).
	nodesCodeInstanceNotFound = "InvalidInstanceId.NotFound"
)

// errNodesTooManyComputes: the cluster's compute node quota would be exceeded (403).
func errNodesTooManyComputes(have, requested, quota int) *core.Error {
	return core.Errorf(http.StatusForbidden, nodesCodeTooManyComputes,
		"The number of computing nodes exceeds the quota. The cluster has %d compute nodes, %d were requested, the quota is %d.",
		have, requested, quota)
}

// errNodesImageNotSupported: the image's OS family or major version differs from the cluster's (403).
func errNodesImageNotSupported(image, cluster Image, clusterImageID string) *core.Error {
	return core.Errorf(http.StatusForbidden, nodesCodeImageNotSupported,
		"The specified image is not supported. Image %s is %s %s; the cluster's nodes run %s %s (image %s): the OS family and major version must match.",
		image.ID, image.Family, image.Major, cluster.Family, cluster.Major, clusterImageID)
}

// errNodesImageNotFound: the image is neither in the catalogue nor run by any cluster (404).
func errNodesImageNotFound(imageID string) *core.Error {
	return core.Errorf(http.StatusNotFound, nodesCodeImageNotFound, "The specified image does not exist. ImageId: %s", imageID)
}

// errNodesNotANode: the instance is not a node of the cluster (404 ObjectNotFound).
func errNodesNotANode(instanceID, clusterID string) *core.Error {
	return core.Errorf(http.StatusNotFound, nodesCodeObjectNotFound, "Instance %s is not a node of cluster %s.", instanceID, clusterID)
}

// errNodesInstanceNotFound: no ECS instance has this id (404).
func errNodesInstanceNotFound(instanceID string) *core.Error {
	return core.Errorf(http.StatusNotFound, nodesCodeInstanceNotFound, "The instance %s does not exist.", instanceID)
}
