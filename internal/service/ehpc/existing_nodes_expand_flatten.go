package ehpc

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

// expandExistingNodesAdd is the AddExistedNodes call that adds ids with the model's image and queue.
func expandExistingNodesAdd(m *existingNodesModel, ids []string) existingNodesAddRequest {
	return existingNodesAddRequest{
		ClusterID:       m.ClusterID.ValueString(),
		ImageID:         m.ImageID.ValueString(),
		ImageOwnerAlias: m.ImageOwnerAlias.ValueString(),
		JobQueue:        m.JobQueue.ValueString(),
		InstanceIDs:     ids,
	}
}

// expandExistingNodesIDs are the instance ids of a set, sorted (so that calls and ids are stable).
func expandExistingNodesIDs(s types.Set) []string {
	ids := framework.SetToStrings(s)
	sort.Strings(ids)
	return ids
}

// flattenExistingNodesMembers records the instances that are nodes: instance_ids and the id derived from them.
func flattenExistingNodesMembers(m *existingNodesModel, ids []string) {
	m.InstanceIDs = framework.StringsToSet(ids)
	m.ID = types.StringValue(existingNodesID(m.ClusterID.ValueString(), ids))
}

// flattenExistingNodesNodes is the nodes attribute: the nodes among ids that w lists, sorted by id. A nil w
// (nothing read yet) is an empty list.
func flattenExistingNodesNodes(ctx context.Context, w *existingNodesWire, ids []string) (types.List, diag.Diagnostics) {
	nodes := []existingNodesNodeModel{}
	if w != nil {
		sorted := append([]string(nil), ids...)
		sort.Strings(sorted)
		for _, id := range sorted {
			n, ok := w.Nodes[id]
			if !ok {
				continue
			}
			nodes = append(nodes, existingNodesNodeModel{
				ID:        types.StringValue(n.ID),
				HostName:  types.StringValue(n.HostName),
				Status:    types.StringValue(n.Status),
				IPAddress: types.StringValue(n.IPAddress),
			})
		}
	}
	return types.ListValueFrom(ctx, existingNodesNodeType, nodes)
}

// flattenExistingNodes is Read's refresh of m from what ListNodes reports (w lists at least one of ids):
// membership, id, nodes, and the image and its kind when they were never read (import). It returns the ids
// that are still nodes.
//
// The image is read back only when unknown: whether ListNodes reports the image a node was added with or the
// cluster's is not documented, and a wrong guess would replace the nodes on every plan.
func flattenExistingNodes(ctx context.Context, m *existingNodesModel, w *existingNodesWire, ids []string) ([]string, diag.Diagnostics) {
	present := w.members(ids)
	flattenExistingNodesMembers(m, present)
	if len(present) > 0 {
		first := w.Nodes[present[0]]
		if m.ImageID.IsNull() || m.ImageID.ValueString() == "" {
			m.ImageID = types.StringValue(first.ImageID)
		}
		if m.ImageOwnerAlias.IsNull() || m.ImageOwnerAlias.ValueString() == "" {
			alias := first.ImageOwnerAlias
			if alias == "" {
				alias = "system"
			}
			m.ImageOwnerAlias = types.StringValue(alias)
		}
	}
	if m.TaskID.IsNull() {
		m.TaskID = types.StringValue("")
	}
	var diags diag.Diagnostics
	m.Nodes, diags = flattenExistingNodesNodes(ctx, w, present)
	return present, diags
}
