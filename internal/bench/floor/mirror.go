package floor

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// NewMirror returns the schema floor: a do-nothing provider named "mirror" whose resources have the schemas
// of the given resources (aliyun_x becomes mirror_x) stripped of behaviour: no validators, plan modifiers,
// defaults, config validators or plan modification. The framework's cost for the schema's size and shape is
// what it measures; the rest of the aliyun provider's cost is its own.
func NewMirror(resources []func() resource.Resource) func() provider.Provider {
	return func() provider.Provider { return &mirrorProvider{resources: resources} }
}

type mirrorProvider struct {
	resources []func() resource.Resource
}

func (p *mirrorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "mirror"
}

func (p *mirrorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

func (p *mirrorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *mirrorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *mirrorProvider) Resources(ctx context.Context) []func() resource.Resource {
	out := make([]func() resource.Resource, 0, len(p.resources))
	for _, f := range p.resources {
		orig := f()
		var md resource.MetadataResponse
		orig.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "aliyun"}, &md)
		var sr resource.SchemaResponse
		orig.Schema(ctx, resource.SchemaRequest{}, &sr)
		m := &mirrored{
			typeName: "mirror" + strings.TrimPrefix(md.TypeName, "aliyun"),
			schema:   schema.Schema{Attributes: stripAttributes(sr.Schema.Attributes), Blocks: stripBlocks(sr.Schema.Blocks), Version: sr.Schema.Version},
		}
		out = append(out, func() resource.Resource { return m })
	}
	return out
}

type mirrored struct {
	typeName string
	schema   schema.Schema
}

func (r *mirrored) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *mirrored) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}

func (r *mirrored) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (r *mirrored) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *mirrored) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (r *mirrored) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func stripAttributes(in map[string]schema.Attribute) map[string]schema.Attribute {
	if in == nil {
		return nil
	}
	out := make(map[string]schema.Attribute, len(in))
	for k, a := range in {
		out[k] = stripAttribute(a)
	}
	return out
}

func stripNested(o schema.NestedAttributeObject) schema.NestedAttributeObject {
	return schema.NestedAttributeObject{Attributes: stripAttributes(o.Attributes), CustomType: o.CustomType}
}

// stripAttribute keeps what shapes the data (type, optional/required/computed, sensitive, write-only,
// custom types) and drops behaviour.
func stripAttribute(a schema.Attribute) schema.Attribute {
	switch a := a.(type) {
	case schema.StringAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.BoolAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.Int64Attribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.Int32Attribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.Float64Attribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.Float32Attribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.NumberAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.ListAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.SetAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.MapAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.ObjectAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.DynamicAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		return a
	case schema.SingleNestedAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		a.Attributes = stripAttributes(a.Attributes)
		return a
	case schema.ListNestedAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		a.NestedObject = stripNested(a.NestedObject)
		return a
	case schema.SetNestedAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		a.NestedObject = stripNested(a.NestedObject)
		return a
	case schema.MapNestedAttribute:
		a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
		a.NestedObject = stripNested(a.NestedObject)
		return a
	default:
		panic(fmt.Sprintf("mirror: attribute type %T not handled", a))
	}
}

func stripBlocks(in map[string]schema.Block) map[string]schema.Block {
	if in == nil {
		return nil
	}
	out := make(map[string]schema.Block, len(in))
	for k, b := range in {
		switch b := b.(type) {
		case schema.SingleNestedBlock:
			b.Validators, b.PlanModifiers = nil, nil
			b.Attributes, b.Blocks = stripAttributes(b.Attributes), stripBlocks(b.Blocks)
			out[k] = b
		case schema.ListNestedBlock:
			b.Validators, b.PlanModifiers = nil, nil
			b.NestedObject = schema.NestedBlockObject{Attributes: stripAttributes(b.NestedObject.Attributes), Blocks: stripBlocks(b.NestedObject.Blocks), CustomType: b.NestedObject.CustomType}
			out[k] = b
		case schema.SetNestedBlock:
			b.Validators, b.PlanModifiers = nil, nil
			b.NestedObject = schema.NestedBlockObject{Attributes: stripAttributes(b.NestedObject.Attributes), Blocks: stripBlocks(b.NestedObject.Blocks), CustomType: b.NestedObject.CustomType}
			out[k] = b
		default:
			panic(fmt.Sprintf("mirror: block type %T not handled", b))
		}
	}
	return out
}
