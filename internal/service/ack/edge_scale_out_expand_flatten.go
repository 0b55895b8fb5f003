package ack

import (
	"context"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

func expandScaleOut(m *edgeScaleOutModel, password string) *scaleOutBody {
	return &scaleOutBody{
		Count:                 m.Count.ValueInt64(),
		WorkerInstanceType:    m.WorkerInstanceType.ValueString(),
		ENSRegionID:           m.ENSRegionID.ValueString(),
		WorkerImageID:         m.WorkerImageID.ValueString(),
		ENSInternetChargeType: m.ENSInternetChargeType.ValueString(),
		WorkerPeriod:          m.WorkerPeriod.ValueInt64(),
		WorkerAutoRenew:       m.WorkerAutoRenew.ValueBool(),
		WorkerAutoRenewPeriod: m.WorkerAutoRenewPeriod.ValueInt64Pointer(),
		LoginPassword:         password,
		WorkerSystemDiskSize:  m.WorkerSystemDiskSize.ValueInt64(),
		WorkerDataDiskSize:    m.WorkerDataDiskSize.ValueInt64(),
		IsEdgeWorker:          m.IsEdgeWorker.ValueBool(),
		TimeoutMins:           m.TimeoutMins.ValueInt64Pointer(),
	}
}

// ownedNodes is what the state says this resource owns: instance ids in creation order, and the task that
// bought each (from nodes; empty when unknown).
func ownedNodes(ctx context.Context, m *edgeScaleOutModel) (ids []string, taskOf map[string]string) {
	ids = framework.ListToStrings(m.InstanceIDs)
	taskOf = map[string]string{}
	for _, n := range nodeModels(ctx, m) {
		taskOf[n.InstanceID.ValueString()] = n.TaskID.ValueString()
	}
	return ids, taskOf
}

// dropOwned removes the instances in gone from the state's instance_ids, node_names and nodes, keeps the others
// as they were read, and sets worker_count to the number kept (no API call: after a removal that stopped midway,
// the state must say what the cloud holds).
func dropOwned(ctx context.Context, m *edgeScaleOutModel, gone []string) {
	ids := framework.ListToStrings(m.InstanceIDs)
	names := framework.ListToStrings(m.NodeNames)
	byID := map[string]edgeNodeModel{}
	for _, n := range nodeModels(ctx, m) {
		byID[n.InstanceID.ValueString()] = n
	}
	keptIDs, keptNames, elems := []string{}, []string{}, []attr.Value{}
	for i, id := range ids {
		if slices.Contains(gone, id) {
			continue
		}
		keptIDs = append(keptIDs, id)
		name := ""
		if i < len(names) {
			name = names[i]
		}
		keptNames = append(keptNames, name)
		n, ok := byID[id]
		if !ok {
			n = edgeNodeModel{InstanceID: types.StringValue(id), NodeName: types.StringValue(name), IPAddress: types.StringValue(""),
				State: types.StringValue(""), TaskID: types.StringValue(""), ExpiredTime: types.StringValue("")}
		}
		elems = append(elems, types.ObjectValueMust(edgeNodeAttrTypes, map[string]attr.Value{
			"instance_id": n.InstanceID, "node_name": n.NodeName, "ip_address": n.IPAddress,
			"state": n.State, "task_id": n.TaskID, "expired_time": n.ExpiredTime,
		}))
	}
	m.InstanceIDs = framework.StringsToList(keptIDs)
	m.NodeNames = framework.StringsToList(keptNames)
	m.Nodes = types.ListValueMust(edgeNodeObjectType, elems)
	m.Count = types.Int64Value(int64(len(keptIDs)))
}

// priorNodes is what the state's nodes say of each instance, as flattenNodes takes it.
func priorNodes(ctx context.Context, m *edgeScaleOutModel) nodeSet {
	out := nodeSet{}
	for _, n := range nodeModels(ctx, m) {
		cn := &clusterNode{InstanceID: n.InstanceID.ValueString(), NodeName: n.NodeName.ValueString(), State: n.State.ValueString(),
			ExpiredTime: n.ExpiredTime.ValueString()}
		if ip := n.IPAddress.ValueString(); ip != "" {
			cn.IPAddress = []string{ip}
		}
		out[cn.InstanceID] = cn
	}
	return out
}

// nodeModels decodes nodes (none when null or unknown).
func nodeModels(ctx context.Context, m *edgeScaleOutModel) []edgeNodeModel {
	out, _ := framework.ElementsOf[edgeNodeModel](ctx, m.Nodes)
	return out
}

// flattenNodes records the owned instances ids (all of them, or when dropMissing only those that are nodes of
// the cluster) with their nodes; when dropMissing, worker_count follows the nodes still present. Arguments still
// null after an import by instance ids are filled from the nodes.
func flattenNodes(m *edgeScaleOutModel, ids []string, taskOf map[string]string, nodes nodeSet, dropMissing bool) {
	instances, names := []string{}, []string{}
	elems := []attr.Value{}
	for _, id := range ids {
		n := nodes[id]
		if n == nil && dropMissing {
			continue
		}
		if n == nil {
			n = &clusterNode{InstanceID: id}
		}
		instances = append(instances, id)
		names = append(names, n.NodeName)
		if m.WorkerInstanceType.IsNull() && n.InstanceType != "" {
			m.WorkerInstanceType = types.StringValue(n.InstanceType)
		}
		if m.WorkerImageID.IsNull() && n.ImageID != "" {
			m.WorkerImageID = types.StringValue(n.ImageID)
		}
		ip := ""
		if len(n.IPAddress) > 0 {
			ip = n.IPAddress[0]
		}
		elems = append(elems, types.ObjectValueMust(edgeNodeAttrTypes, map[string]attr.Value{
			"instance_id": types.StringValue(id), "node_name": types.StringValue(n.NodeName), "ip_address": types.StringValue(ip),
			"state": types.StringValue(n.State), "task_id": types.StringValue(taskOf[id]), "expired_time": types.StringValue(n.ExpiredTime),
		}))
	}
	m.InstanceIDs = framework.StringsToList(instances)
	m.NodeNames = framework.StringsToList(names)
	m.Nodes = types.ListValueMust(edgeNodeObjectType, elems)
	if dropMissing {
		m.Count = types.Int64Value(int64(len(instances)))
	}
}

// fillFromParameters sets arguments that are still null (after an import) from the task's parameters.
func fillFromParameters(m *edgeScaleOutModel, p map[string]any) {
	str := func(dst *types.String, key string) {
		if s, ok := p[key].(string); ok && dst.IsNull() {
			*dst = types.StringValue(s)
		}
	}
	num := func(dst *types.Int64, key string) {
		if dst.IsNull() {
			if v, ok := asInt64(p[key]); ok {
				*dst = types.Int64Value(v)
			}
		}
	}
	boolean := func(dst *types.Bool, key string) {
		if dst.IsNull() {
			switch v := p[key].(type) {
			case bool:
				*dst = types.BoolValue(v)
			case string:
				if b, err := strconv.ParseBool(v); err == nil {
					*dst = types.BoolValue(b)
				}
			}
		}
	}
	str(&m.WorkerInstanceType, "worker_instance_type")
	str(&m.ENSRegionID, "ens_region_id")
	str(&m.WorkerImageID, "worker_image_id")
	str(&m.ENSInternetChargeType, "ens_internet_charge_type")
	num(&m.WorkerPeriod, "worker_period")
	num(&m.WorkerAutoRenewPeriod, "worker_auto_renew_period")
	num(&m.WorkerSystemDiskSize, "worker_system_disk_size")
	num(&m.WorkerDataDiskSize, "worker_data_disk_size")
	num(&m.TimeoutMins, "timeout_mins")
	boolean(&m.WorkerAutoRenew, "worker_auto_renew")
	boolean(&m.IsEdgeWorker, "is_edge_worker")
}

func asInt64(v any) (int64, bool) {
	switch t := v.(type) {
	case float64:
		return int64(t), t == float64(int64(t))
	case string:
		n, err := strconv.ParseInt(t, 10, 64)
		return n, err == nil
	}
	return 0, false
}
