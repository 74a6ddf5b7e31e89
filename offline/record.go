package offline

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one resource the program registered, as the engine would see it.
type Resource struct {
	URN    string
	Type   string
	Name   string
	ID     string
	Parent string // URN of the parent; the stack's own URN for top-level resources
	Custom bool   // false for components (ours and remote ones such as eks:index:Cluster)
	Remote bool   // a component its provider constructs (pulumi-eks's), not the program

	Inputs  resource.PropertyMap // secrets stay wrapped as secret values
	Outputs resource.PropertyMap // inputs plus what AWS computes

	Protect                 bool
	RetainOnDelete          bool
	DeleteBeforeReplace     bool
	IgnoreChanges           []string
	AdditionalSecretOutputs []string
	DependsOn               []string
	// Provider is the explicit provider reference ("<urn>::<id>"), "" for the default provider.
	Provider string
	// Transforms are the resource's own transforms option. The engine, not the mock, runs them,
	// on the resource and on the children a component provider registers for it; tests call
	// them to see what those children would get.
	Transforms []pulumi.ResourceTransform
}

func (m *awsMocks) record(args pulumi.MockResourceArgs, id string, outputs resource.PropertyMap) {
	rpc := args.RegisterRPC
	res := Resource{
		Type: args.TypeToken, Name: args.Name, ID: id, Custom: args.Custom,
		Inputs: args.Inputs, Outputs: outputs, Transforms: args.Transforms,
	}
	if rpc != nil {
		res.Parent = rpc.GetParent()
		res.Protect = rpc.GetProtect()
		res.RetainOnDelete = rpc.GetRetainOnDelete()
		res.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		res.IgnoreChanges = rpc.GetIgnoreChanges()
		res.AdditionalSecretOutputs = rpc.GetAdditionalSecretOutputs()
		res.DependsOn = rpc.GetDependencies()
		res.Provider = rpc.GetProvider()
		res.Remote = rpc.GetRemote()
	}
	res.URN = m.urn(res.Parent, res.Type, res.Name)
	m.mu.Lock()
	m.resources = append(m.resources, res)
	m.mu.Unlock()
}

// urn builds a URN the way the engine (and the SDK's mock monitor) does.
func (m *awsMocks) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.stack), tokens.PackageName(m.project), parentType, tokens.Type(typ), name))
}
