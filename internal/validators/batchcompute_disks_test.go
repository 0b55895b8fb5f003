package validators

import (
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// disksSchema mirrors configs.disks of aliyun_batchcompute_cluster.
var disksSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"disks": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
		"system_disk": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{Optional: true},
		}},
		"data_disk": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{Optional: true},
			"size": schema.Int64Attribute{Optional: true},
		}},
	}},
}}

var (
	dataTypePath = path.Root("disks").AtName("data_disk").AtName("type")
	dataSizePath = path.Root("disks").AtName("data_disk").AtName("size")
	ownType      = path.MatchRelative().AtParent().AtName("type")
	systemType   = path.MatchRelative().AtParent().AtParent().AtName("system_disk").AtName("type")
)

// unknownDiskType marks a type that is not known yet.
const unknownDiskType = "<unknown>"

// disksConfig builds a configuration: "" leaves a type null, nil leaves the system disk out.
func disksConfig(t *testing.T, sysType *string, dataType string, size int64) tfsdk.Config {
	t.Helper()
	ty := disksSchema.Type().TerraformType(t.Context()).(tftypes.Object)
	disksTy := ty.AttributeTypes["disks"].(tftypes.Object)
	sysTy := disksTy.AttributeTypes["system_disk"]
	dataTy := disksTy.AttributeTypes["data_disk"]
	str := func(s string) tftypes.Value {
		switch s {
		case "":
			return tftypes.NewValue(tftypes.String, nil)
		case unknownDiskType:
			return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		}
		return tftypes.NewValue(tftypes.String, s)
	}
	sys := tftypes.NewValue(sysTy, nil)
	if sysType != nil {
		sys = tftypes.NewValue(sysTy, map[string]tftypes.Value{"type": str(*sysType)})
	}
	data := tftypes.NewValue(dataTy, map[string]tftypes.Value{
		"type": str(dataType), "size": tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(size)),
	})
	raw := tftypes.NewValue(ty, map[string]tftypes.Value{
		"disks": tftypes.NewValue(disksTy, map[string]tftypes.Value{"system_disk": sys, "data_disk": data}),
	})
	return tfsdk.Config{Schema: disksSchema, Raw: raw}
}

func ptr(s string) *string { return &s }

func checkOne(t *testing.T, diags diag.Diagnostics, at path.Path, wantErr bool, contains, absent []string) {
	t.Helper()
	if diags.HasError() != wantErr {
		t.Fatalf("HasError() = %v, want %v: %v", diags.HasError(), wantErr, diags)
	}
	if !wantErr {
		return
	}
	if len(diags) != 1 {
		t.Fatalf("want exactly one diagnostic, got %d: %v", len(diags), diags)
	}
	pd, ok := diags[0].(diag.DiagnosticWithPath)
	if !ok || !pd.Path().Equal(at) {
		t.Errorf("diagnostic not attached to %s: %v", at, diags[0])
	}
	for _, s := range append([]string{at.String()}, contains...) {
		if !strings.Contains(diags[0].Detail(), s) {
			t.Errorf("detail does not contain %q: %s", s, diags[0].Detail())
		}
	}
	for _, s := range absent {
		if strings.Contains(diags[0].Detail(), s) {
			t.Errorf("detail contains %q: %s", s, diags[0].Detail())
		}
	}
}

func TestBatchComputeDataDiskSize(t *testing.T) {
	cases := map[string]struct {
		sys      *string
		data     string
		size     int64
		wantErr  bool
		contains []string
		absent   []string
	}{
		"cloud in range":                {nil, "cloud", 20, false, nil, nil},
		"cloud upper bound":             {nil, "cloud_ssd", 32768, false, nil, nil},
		"cloud too small":               {nil, "cloud", 10, true, []string{"of a cloud disk must be between 20 and 32768 GB, got 10", `type "cloud"`}, []string{"5 and"}},
		"cloud too big":                 {nil, "cloud", 32769, true, []string{"between 20 and 32768 GB, got 32769"}, []string{"5 and 32768"}},
		"ephemeral in range":            {nil, "ephemeral", 5, false, nil, nil},
		"ephemeral too big":             {nil, "ephemeral", 2000, true, []string{"of an ephemeral disk must be between 5 and 1024 GB, got 2000"}, []string{"a ephemeral"}},
		"inherits the system type":      {ptr("cloud_ssd"), "", 10, true, []string{"of a cloud disk", "disks.system_disk.type"}, nil},
		"inherits ephemeral":            {ptr("ephemeral"), "", 1025, true, []string{"of an ephemeral disk", "between 5 and 1024"}, nil},
		"own type wins":                 {ptr("ephemeral"), "cloud", 2000, false, nil, nil},
		"no type, in some range":        {nil, "", 5, false, nil, nil},
		"no type, system disk w/o type": {ptr(""), "", 32768, false, nil, nil},
		"no type, outside every range":  {nil, "", 40000, true, []string{"between 5 and 32768 GB, got 40000", "no disk type is set"}, nil},
		"undocumented type":             {nil, "nvme", 40000, true, []string{"no disk type is set"}, nil},
		"own type unknown":              {nil, unknownDiskType, 1, false, nil, nil},
		"inherited type unknown":        {ptr(unknownDiskType), "", 1, false, nil, nil},
	}
	v := BatchComputeDataDiskSize(ownType, systemType)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resp := &validator.Int64Response{}
			v.ValidateInt64(t.Context(), validator.Int64Request{
				Path: dataSizePath, PathExpression: dataSizePath.Expression(), Config: disksConfig(t, tc.sys, tc.data, tc.size),
				ConfigValue: types.Int64Value(tc.size),
			}, resp)
			checkOne(t, resp.Diagnostics, dataSizePath, tc.wantErr, tc.contains, tc.absent)
		})
	}
}

func TestBatchComputeDataDiskType(t *testing.T) {
	cases := map[string]struct {
		sys      *string
		data     string
		wantErr  bool
		contains []string
	}{
		"same":                        {ptr("cloud"), "cloud", false, nil},
		"no system disk":              {nil, "cloud", false, nil},
		"system disk without type":    {ptr(""), "cloud", false, nil},
		"data type not set":           {ptr("cloud"), "", false, nil},
		"differs":                     {ptr("cloud_ssd"), "cloud", true, []string{`must equal disks.system_disk.type ("cloud_ssd"), got "cloud"`}},
		"undocumented data type":      {ptr("cloud"), "nvme", false, nil},
		"undocumented system type":    {ptr("nvme"), "cloud", false, nil},
		"system type not yet known":   {ptr(unknownDiskType), "cloud", false, nil},
		"data type not yet known":     {ptr("cloud"), unknownDiskType, false, nil},
		"ephemeral and cloud differs": {ptr("ephemeral"), "cloud_efficiency", true, []string{`got "cloud_efficiency"`}},
	}
	v := BatchComputeDataDiskType(systemType)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			value := types.StringValue(tc.data)
			switch tc.data {
			case "":
				value = types.StringNull()
			case unknownDiskType:
				value = types.StringUnknown()
			}
			resp := &validator.StringResponse{}
			v.ValidateString(t.Context(), validator.StringRequest{
				Path: dataTypePath, PathExpression: dataTypePath.Expression(), Config: disksConfig(t, tc.sys, tc.data, 100),
				ConfigValue: value,
			}, resp)
			checkOne(t, resp.Diagnostics, dataTypePath, tc.wantErr, tc.contains, nil)
		})
	}
}

func TestQuoteCut(t *testing.T) {
	if got := QuoteCut("abc", 10); got != `"abc"` {
		t.Errorf("short value: %s", got)
	}
	// "é" is two bytes: a cut at 3 bytes must not split the second one.
	if got := QuoteCut("éé", 3); got != `"é…"` {
		t.Errorf("multi-byte value: %s", got)
	}
}
