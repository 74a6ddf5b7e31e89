package offline

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// autoName is how the provider names a resource whose name input is left unset, and the
// longest name AWS accepts for it. Names the program reads, and names with tight limits, are
// listed: a name too long for AWS fails here as it would fail `pulumi up`.
type autoName struct {
	property string // the name input, e.g. name or replicationGroupId
	max      int    // AWS's limit in characters
	lower    bool   // AWS stores the name in lower case
}

// autoNames are the auto-named resources by type (limits from each service's API reference).
var autoNames = map[string]autoName{
	"aws:lb/loadBalancer:LoadBalancer":                  {"name", 32, false},
	"aws:lb/targetGroup:TargetGroup":                    {"name", 32, false},
	"aws:elasticache/replicationGroup:ReplicationGroup": {"replicationGroupId", 40, true},
	"aws:elasticache/subnetGroup:SubnetGroup":           {"name", 255, true},
	"aws:elasticache/parameterGroup:ParameterGroup":     {"name", 255, true},
	"aws:iam/role:Role":                                 {"name", 64, false},
	"aws:iam/instanceProfile:InstanceProfile":           {"name", 128, false},
}

// terraformPrefixSuffix is the length of the unique suffix the provider appends to a
// namePrefix (a timestamp and a counter, 26 characters).
const terraformPrefixSuffix = 26

// autoNameOutputs fills the name the provider would choose: Pulumi's auto-name (the resource
// name, a dash and 7 random characters) or, with namePrefix, the prefix and a 26-character
// unique suffix. It fails when the name is longer than AWS allows.
func (m *awsMocks) autoNameOutputs(args pulumi.MockResourceArgs, out resource.PropertyMap) error {
	rule, ok := autoNames[args.TypeToken]
	if !ok {
		return nil
	}
	name := str(args.Inputs, rule.property)
	random := m.hex("autoname/" + args.TypeToken + args.Name)
	switch prefix := str(args.Inputs, "namePrefix"); {
	case name != "":
	case prefix != "":
		name = prefix + random[:terraformPrefixSuffix]
	default:
		name = args.Name + "-" + random[:7]
	}
	if rule.lower {
		name = strings.ToLower(name)
	}
	if len(name) > rule.max {
		return fmt.Errorf("%s %s: its name %q is %d characters, AWS allows at most %d", args.TypeToken, args.Name, name, len(name), rule.max)
	}
	out[resource.PropertyKey(rule.property)] = resource.NewProperty(name)
	return nil
}
