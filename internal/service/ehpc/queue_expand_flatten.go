package ehpc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

// The one expand and flatten of a QueueTemplate, used by the cluster's inline queues and by
// aliyun_ehpc_queue.

// expandQueue is a queue's wire template.
func expandQueue(ctx context.Context, q queueModel) (wireQueue, diag.Diagnostics) {
	var diags diag.Diagnostics
	wq := wireQueue{
		QueueName: valueOrEmpty(q.QueueName), InterConnect: valueOrEmpty(q.InterConnect),
		EnableScaleIn: flexBoolOrNil(q.EnableScaleIn), EnableScaleOut: flexBoolOrNil(q.EnableScaleOut),
		MinCount: flexIntOrNil(q.MinCount), MaxCount: flexIntOrNil(q.MaxCount), InitialCount: flexIntOrNil(q.InitialCount),
		MaxCountPerCycle: flexIntOrNil(q.MaxCountPerCycle), AllocationStrategy: valueOrEmpty(q.AllocationStrategy),
		HostnamePrefix: valueOrEmpty(q.HostnamePrefix), HostnameSuffix: valueOrEmpty(q.HostnameSuffix),
		RamRole: valueOrEmpty(q.RamRole), ReservedNodePoolID: valueOrEmpty(q.ReservedNodePoolID),
		VSwitchIDs: framework.ListToStrings(q.VSwitchIDs), KeepAliveNodes: framework.ListToStrings(q.KeepAliveNodes),
	}
	if known(q.ComputeNodes) {
		// A configured empty list is sent as [] (omitzero keeps it), so that UpdateQueue clears the nodes.
		wq.ComputeNodes = []wireNode{}
		for _, e := range q.ComputeNodes.Elements() {
			obj, ok := e.(types.Object)
			if !ok {
				continue
			}
			n, d := expandNode(ctx, obj)
			diags.Append(d...)
			if n != nil {
				wq.ComputeNodes = append(wq.ComputeNodes, *n)
			}
		}
	}
	return wq, diags
}

// queueList decodes a set of queues; nil when it is null or unknown.
func queueList(ctx context.Context, l types.Set) ([]queueModel, diag.Diagnostics) {
	if !known(l) {
		return nil, nil
	}
	var in []queueModel
	d := l.ElementsAs(ctx, &in, false)
	return in, d
}

// expandQueues is the wire form of a list of queues (CreateCluster's Queues); nil when it is null or unknown.
func expandQueues(ctx context.Context, l types.Set) ([]wireQueue, diag.Diagnostics) {
	in, diags := queueList(ctx, l)
	if in == nil || diags.HasError() {
		return nil, diags
	}
	out := make([]wireQueue, 0, len(in))
	for _, q := range in {
		wq, d := expandQueue(ctx, q)
		diags.Append(d...)
		out = append(out, wq)
	}
	return out, diags
}

// flattenQueue turns what GetQueue returns into a queue, keeping from prior what the service does not
// return (the data disks' device, mount directory and snapshot) and null where the service reports a zero
// value that was never configured (see README.md, "Queues"). With whole false (a queue the state already has)
// an attribute prior holds as null stays null: the configuration does not set it, so the resource does not own
// it (it never sends it, so it could not restore it either). With whole (a queue seen for the first time:
// after an import, or made outside Terraform) everything the service reports is read.
func flattenQueue(ctx context.Context, w *wireQueue, prior queueModel, whole bool) (queueModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	owned := func(v attr.Value) bool { return whole || !v.IsNull() }
	str := func(api string, p types.String) types.String {
		if !owned(p) {
			return types.StringNull()
		}
		return apiString(api, p)
	}
	num := func(v *flexInt, p types.Int64) types.Int64 {
		if !owned(p) {
			return types.Int64Null()
		}
		return readInt(v, p)
	}
	flag := func(v *flexBool, p types.Bool) types.Bool {
		if !owned(p) {
			return types.BoolNull()
		}
		return readBool(v, p)
	}
	strs := func(v []string, p types.List) types.List {
		if !owned(p) {
			return types.ListNull(types.StringType)
		}
		return readStrings(v, p)
	}
	q := queueModel{
		QueueName:          apiString(w.QueueName, prior.QueueName),
		InterConnect:       str(w.InterConnect, prior.InterConnect),
		EnableScaleIn:      flag(w.EnableScaleIn, prior.EnableScaleIn),
		EnableScaleOut:     flag(w.EnableScaleOut, prior.EnableScaleOut),
		MinCount:           num(w.MinCount, prior.MinCount),
		MaxCount:           num(w.MaxCount, prior.MaxCount),
		InitialCount:       num(w.InitialCount, prior.InitialCount),
		MaxCountPerCycle:   num(w.MaxCountPerCycle, prior.MaxCountPerCycle),
		AllocationStrategy: str(w.AllocationStrategy, prior.AllocationStrategy),
		HostnamePrefix:     str(w.HostnamePrefix, prior.HostnamePrefix),
		HostnameSuffix:     str(w.HostnameSuffix, prior.HostnameSuffix),
		RamRole:            str(w.RamRole, prior.RamRole),
		ReservedNodePoolID: str(w.ReservedNodePoolID, prior.ReservedNodePoolID),
		VSwitchIDs:         strs(w.VSwitchIDs, prior.VSwitchIDs),
		KeepAliveNodes:     strs(w.KeepAliveNodes, prior.KeepAliveNodes),
	}
	nodeElem := types.ObjectType{AttrTypes: nodeTypes()}
	if (len(w.ComputeNodes) == 0 && !known(prior.ComputeNodes)) || !owned(prior.ComputeNodes) {
		q.ComputeNodes = types.ListNull(nodeElem)
		return q, diags
	}
	var priorNodes []attr.Value
	if known(prior.ComputeNodes) {
		priorNodes = prior.ComputeNodes.Elements()
	}
	nodes := make([]attr.Value, 0, len(w.ComputeNodes))
	for i := range w.ComputeNodes {
		p := types.ObjectNull(nodeTypes())
		if i < len(priorNodes) {
			if o, ok := priorNodes[i].(types.Object); ok {
				p = o
			}
		}
		n, d := flattenNode(ctx, &w.ComputeNodes[i], p, whole)
		diags.Append(d...)
		nodes = append(nodes, n)
	}
	l, d := types.ListValue(nodeElem, nodes)
	diags.Append(d...)
	q.ComputeNodes = l
	return q, diags
}

// flattenQueues turns a cluster's queues into the set of its state, each read over the queue of prior with
// the same name (the queues are a set: neither the configuration's order nor the service's is a change).
func flattenQueues(ctx context.Context, ws []wireQueue, prior types.Set) (types.Set, diag.Diagnostics) {
	elem := types.ObjectType{AttrTypes: queueTypes()}
	priorItems, diags := queueList(ctx, prior)
	byName := make(map[string]*wireQueue, len(ws))
	for i := range ws {
		byName[ws[i].QueueName] = &ws[i]
	}
	out := make([]queueModel, 0, len(ws))
	for _, p := range priorItems {
		name := p.QueueName.ValueString()
		if w, ok := byName[name]; ok {
			q, d := flattenQueue(ctx, w, p, false)
			diags.Append(d...)
			out = append(out, q)
			delete(byName, name)
		}
	}
	for i := range ws {
		if _, left := byName[ws[i].QueueName]; left {
			q, d := flattenQueue(ctx, &ws[i], emptyQueueModel(), true)
			diags.Append(d...)
			out = append(out, q)
		}
	}
	l, d := types.SetValueFrom(ctx, elem, out)
	diags.Append(d...)
	return l, diags
}

// emptyQueueModel is a queue with every attribute null: the prior of a queue never seen before.
func emptyQueueModel() queueModel {
	return queueModel{
		ComputeNodes: types.ListNull(types.ObjectType{AttrTypes: nodeTypes()}),
		VSwitchIDs:   types.ListNull(types.StringType), KeepAliveNodes: types.ListNull(types.StringType),
	}
}

// expandQueueChanges compares the planned queues with the current ones by name: a queue only in plan is
// created, one only in current deleted, one in both but different updated with its whole template. The
// order of either list does not matter.
func expandQueueChanges(ctx context.Context, plan, current types.Set) (queueChanges, diag.Diagnostics) {
	var ch queueChanges
	planned, diags := queueList(ctx, plan)
	now, d := queueList(ctx, current)
	diags.Append(d...)
	if diags.HasError() {
		return ch, diags
	}
	nowByName := make(map[string]queueModel, len(now))
	for _, q := range now {
		nowByName[q.QueueName.ValueString()] = q
	}
	plannedNames := make(map[string]bool, len(planned))
	for _, q := range planned {
		name := q.QueueName.ValueString()
		plannedNames[name] = true
		old, exists := nowByName[name]
		if exists && queueEqual(ctx, q, old) {
			continue
		}
		wq, d := expandQueue(ctx, q)
		diags.Append(d...)
		if exists {
			ch.Update = append(ch.Update, wq)
		} else {
			ch.Create = append(ch.Create, wq)
		}
	}
	for _, q := range now {
		if name := q.QueueName.ValueString(); !plannedNames[name] {
			ch.Delete = append(ch.Delete, name)
		}
	}
	return ch, diags
}

// queueEqual compares two queues as Terraform values.
func queueEqual(ctx context.Context, a, b queueModel) bool {
	oa, d1 := types.ObjectValueFrom(ctx, queueTypes(), a)
	ob, d2 := types.ObjectValueFrom(ctx, queueTypes(), b)
	return !d1.HasError() && !d2.HasError() && oa.Equal(ob)
}

// queuesNeedingDetail selects, for findQueues, the queues that ListQueues cannot read completely: those of
// prior that set an attribute ListQueues lacks, and those prior does not have (their values are all new).
// Nil (every queue) when prior is null or unknown.
func queuesNeedingDetail(ctx context.Context, prior types.Set) (func(name string) bool, diag.Diagnostics) {
	items, diags := queueList(ctx, prior)
	if items == nil {
		return nil, diags
	}
	listed := make(map[string]bool, len(items))
	for _, q := range items {
		listed[q.QueueName.ValueString()] = !known(q.InterConnect) && !known(q.AllocationStrategy) && !known(q.HostnamePrefix) &&
			!known(q.HostnameSuffix) && !known(q.KeepAliveNodes) && !known(q.RamRole) && !known(q.ReservedNodePoolID) &&
			!known(q.InitialCount)
	}
	return func(name string) bool {
		enough, ok := listed[name]
		return !ok || !enough
	}, diags
}
