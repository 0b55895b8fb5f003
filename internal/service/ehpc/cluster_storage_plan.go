package ehpc

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// attachRule is the plan-time rule for a storage added to a running cluster.
const attachRule = "required to attach a storage to a running cluster (AttachSharedStorages)"

// attachFields are the attributes AttachSharedStorages needs (FileSystemId, MountTarget, StorageDirectory,
// MountDirectory, ProtocolType; VolumeType is always "nas"). CreateCluster documents none of them as required,
// so they stay optional for a new cluster.
var attachFields = []string{"file_system_id", "mount_target_domain", "nas_directory", "mount_directory", "protocol_type"}

// checkStorageAttach refuses, at plan time, a storage that an update would attach (a planned storage not in
// the state as it is, so a new or changed mount) without the attributes AttachSharedStorages requires.
// Unknown storages or attributes are left for apply.
func checkStorageAttach(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var planned, current types.Set
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("shared_storages"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("shared_storages"), &current)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(storageAttachDiags(planned, current)...)
}

func storageAttachDiags(planned, current types.Set) diag.Diagnostics {
	var diags diag.Diagnostics
	if planned.IsNull() || planned.IsUnknown() {
		return diags
	}
	var existing []attr.Value
	if !current.IsNull() && !current.IsUnknown() {
		existing = current.Elements()
	}
	for _, el := range planned.Elements() {
		obj, ok := el.(types.Object)
		if !ok || obj.IsUnknown() || obj.IsNull() || containsValue(existing, el) {
			continue
		}
		attrs := obj.Attributes()
		mount := "not set"
		if m, ok := attrs["mount_directory"].(types.String); ok && !m.IsNull() && !m.IsUnknown() {
			mount = strconv.Quote(m.ValueString())
		}
		for _, name := range attachFields {
			v, ok := attrs[name].(types.String)
			if !ok || v.IsUnknown() {
				continue
			}
			if v.IsNull() || v.ValueString() == "" {
				p := path.Root("shared_storages").AtSetValue(el).AtName(name)
				diags.AddAttributeError(p, "Missing attribute for attaching a shared storage",
					fmt.Sprintf("Attribute shared_storages[mount_directory = %s].%s is %s: the storage is added to the existing cluster but %s is %s.",
						mount, name, attachRule, name, showEmpty(v)))
			}
		}
	}
	return diags
}

func containsValue(values []attr.Value, v attr.Value) bool {
	for _, x := range values {
		if x.Equal(v) {
			return true
		}
	}
	return false
}

func showEmpty(v types.String) string {
	if v.IsNull() {
		return "not set"
	}
	return `""`
}
