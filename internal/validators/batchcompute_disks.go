package validators

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Batch Compute disk rules that span attributes (CreateCluster, Configs.Disks): a data disk has the system
// disk's type, and its size range depends on that type.

// SizeRange is an inclusive range of sizes in GB.
type SizeRange struct{ Min, Max int64 }

func (r SizeRange) contains(n int64) bool { return n >= r.Min && n <= r.Max }

// BatchComputeDiskTypes are the disk types the Batch Compute documents name: cloud_efficiency and cloud_ssd
// (current documents), cloud and ephemeral (older documents and the CreateCluster example).
var BatchComputeDiskTypes = []string{"cloud_efficiency", "cloud_ssd", "cloud", "ephemeral"}

// Data disk size ranges by type: a local (ephemeral) disk 5–1024 GB, a cloud disk 20–32768 GB.
var (
	batchComputeEphemeralDataDisk = SizeRange{5, 1024}
	batchComputeCloudDataDisk     = SizeRange{20, 32768}
	// batchComputeAnyDataDisk is the range of a data disk whose type is not set: the service's default type
	// decides, so only sizes outside every type's range are certainly wrong.
	batchComputeAnyDataDisk = SizeRange{5, 32768}
)

// BatchComputeDataDiskSizeRange is the size range of a data disk of the given (documented) type.
func BatchComputeDataDiskSizeRange(diskType string) SizeRange {
	if diskType == "ephemeral" {
		return batchComputeEphemeralDataDisk
	}
	return batchComputeCloudDataDisk
}

// BatchComputeDataDiskSize checks a data disk's size against the range of its type: its own type (ownType),
// else the type it inherits from the system disk (inheritedType), else, with no type set, against 5–32768 GB.
// Only the most specific range is reported. An unknown type skips the check until it is known; a type that is
// not a documented one (reported by the type's own validator) is treated as not set.
func BatchComputeDataDiskSize(ownType, inheritedType path.Expression) validator.Int64 {
	return dataDiskSizeValidator{ownType: ownType, inheritedType: inheritedType}
}

type dataDiskSizeValidator struct{ ownType, inheritedType path.Expression }

func (v dataDiskSizeValidator) Description(context.Context) string {
	return fmt.Sprintf("size in GB: %d–%d for an ephemeral disk, %d–%d for a cloud disk (the disk's type, else the system disk's); "+
		"%d–%d when no type is set", batchComputeEphemeralDataDisk.Min, batchComputeEphemeralDataDisk.Max,
		batchComputeCloudDataDisk.Min, batchComputeCloudDataDisk.Max, batchComputeAnyDataDisk.Min, batchComputeAnyDataDisk.Max)
}

func (v dataDiskSizeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v dataDiskSizeValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	diskType, from, known := v.effectiveType(ctx, req.Config, req.PathExpression)
	if !known {
		return
	}
	size := req.ConfigValue.ValueInt64()
	if diskType == "" {
		if !batchComputeAnyDataDisk.contains(size) {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid data disk size", fmt.Sprintf(
				"%s must be between %d and %d GB, got %d: no disk type is set, so the service's default type decides "+
					"(%d–%d GB for an ephemeral disk, %d–%d GB for a cloud disk).", req.Path,
				batchComputeAnyDataDisk.Min, batchComputeAnyDataDisk.Max, size, batchComputeEphemeralDataDisk.Min,
				batchComputeEphemeralDataDisk.Max, batchComputeCloudDataDisk.Min, batchComputeCloudDataDisk.Max))
		}
		return
	}
	r, kind := BatchComputeDataDiskSizeRange(diskType), "a cloud disk"
	if diskType == "ephemeral" {
		kind = "an ephemeral disk"
	}
	if !r.contains(size) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid data disk size", fmt.Sprintf(
			"%s of %s must be between %d and %d GB, got %d (type %s, from %s).",
			req.Path, kind, r.Min, r.Max, size, QuoteCut(diskType, 64), from))
	}
}

// effectiveType is the data disk's type and the attribute it comes from; "" when none is set (or the one set
// is not a documented type); known is false while a type that decides is unknown.
func (v dataDiskSizeValidator) effectiveType(ctx context.Context, cfg tfsdk.Config, at path.Expression) (diskType, from string, known bool) {
	for _, expr := range []path.Expression{v.ownType, v.inheritedType} {
		s, p, ok := stringAt(ctx, cfg, at.Merge(expr))
		if !ok {
			return "", "", false
		}
		if t := s.ValueString(); !s.IsNull() && slices.Contains(BatchComputeDiskTypes, t) {
			return t, p.String(), true
		}
	}
	return "", "", true
}

// BatchComputeDataDiskType checks that a data disk's type equals the system disk's (systemType) when both
// are set. Values that are not documented types are left to the types' own validator (one error per value).
func BatchComputeDataDiskType(systemType path.Expression) validator.String {
	return dataDiskTypeValidator{systemType: systemType}
}

type dataDiskTypeValidator struct{ systemType path.Expression }

func (v dataDiskTypeValidator) Description(context.Context) string {
	return "must equal the system disk's type when both are set"
}

func (v dataDiskTypeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v dataDiskTypeValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	own := req.ConfigValue
	if own.IsNull() || own.IsUnknown() || !slices.Contains(BatchComputeDiskTypes, own.ValueString()) {
		return
	}
	sys, p, ok := stringAt(ctx, req.Config, req.PathExpression.Merge(v.systemType))
	if !ok || sys.IsNull() || !slices.Contains(BatchComputeDiskTypes, sys.ValueString()) || sys.ValueString() == own.ValueString() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid data disk type", fmt.Sprintf(
		"%s must equal %s (%s), got %s.", req.Path, p, QuoteCut(sys.ValueString(), 64),
		QuoteCut(own.ValueString(), 64)))
}

// stringAt reads the one string an expression matches in the configuration; ok is false while it is unknown.
// No match (a parent object is null) reads as null.
func stringAt(ctx context.Context, cfg tfsdk.Config, expr path.Expression) (types.String, path.Path, bool) {
	matched, d := cfg.PathMatches(ctx, expr)
	if d.HasError() || len(matched) == 0 {
		return types.StringNull(), path.Empty(), true
	}
	var s types.String
	if d := cfg.GetAttribute(ctx, matched[0], &s); d.HasError() {
		return types.StringNull(), matched[0], true
	}
	return s, matched[0], !s.IsUnknown()
}
