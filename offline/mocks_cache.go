package offline

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// cacheAutoName is the name the provider gives an ElastiCache resource whose name input is
// unset: the Pulumi name, a dash and 7 random hex digits, lowercased as ElastiCache stores it.
func (m *awsMocks) cacheAutoName(typ, name string) string {
	return strings.ToLower(name) + "-" + m.hex("autoname/" + typ + name)[:7]
}

// cacheNameOutputs fills the autonamed `name` of a subnet or parameter group, which the
// replication group refers to.
func cacheNameOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	if str(args.Inputs, "name") == "" {
		out["name"] = resource.NewProperty(m.cacheAutoName(args.TypeToken, args.Name))
	}
}
