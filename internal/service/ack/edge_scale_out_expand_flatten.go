package ack

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// scaleOut sends ScaleOutCluster. The call buys machines and carries no idempotency token, so it is never
// repeated blindly: after an ambiguous failure (dropped connection, timeout, 5xx) the cluster's task list
// is compared with a snapshot taken before the first attempt, and a new scale-out task with our parameters

// setNodes records the instances that are nodes of the cluster (all of ids when keepMissing) and their
// node names; when reading (not keepMissing) count follows the nodes still present.
func setNodes(m *edgeScaleOutModel, ids []string, nodes nodeSet, dropMissing bool) {
	var instances, names []attr.Value
	for _, id := range ids {
		n := nodes[id]
		if n == nil && dropMissing {
			continue
		}
		instances = append(instances, types.StringValue(id))
		name := ""
		if n != nil {
			name = n.NodeName
			if m.WorkerInstanceType.IsNull() && n.InstanceType != "" {
				m.WorkerInstanceType = types.StringValue(n.InstanceType)
			}
			if m.WorkerImageID.IsNull() && n.ImageID != "" {
				m.WorkerImageID = types.StringValue(n.ImageID)
			}
		}
		names = append(names, types.StringValue(name))
	}
	m.InstanceIDs = types.ListValueMust(types.StringType, instances)
	m.NodeNames = types.ListValueMust(types.StringType, names)
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
