package guardrails

import (
	"path"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/stacks/envconfig"
)

type instanceTypeSettings struct {
	// InstanceTypes are, per environment, the EC2 instance types allowed, as patterns such as
	// "m6i.*" (Go path.Match).
	InstanceTypes map[string][]string `json:"instanceTypes"`
	// CacheNodeTypes are, per environment, the ElastiCache node types allowed.
	CacheNodeTypes map[string][]string `json:"cacheNodeTypes"`
}

// sizes expands families into family.size patterns.
func sizes(families []string, sizes ...string) []string {
	var out []string
	for _, f := range families {
		for _, s := range sizes {
			out = append(out, f+"."+s)
		}
	}
	return out
}

var generalFamilies = []string{"m5", "m6i", "m7i", "c6i", "r6i"}

// defaultInstanceTypes: dev stays small (up to xlarge, burstable t3 for experiments), staging up to
// 2xlarge, prod takes any size of the current families but no burstable types.
func defaultInstanceTypes() instanceTypeSettings {
	return instanceTypeSettings{
		InstanceTypes: map[string][]string{
			envconfig.EnvDev:     append([]string{"t3.*"}, sizes(generalFamilies, "large", "xlarge")...),
			envconfig.EnvStaging: append([]string{"t3.*"}, sizes(generalFamilies, "large", "xlarge", "2xlarge")...),
			envconfig.EnvProd:    sizes(slices.Concat(generalFamilies, []string{"i3", "i4i"}), "*"),
		},
		CacheNodeTypes: map[string][]string{
			envconfig.EnvDev:     {"cache.t4g.*", "cache.m7g.large", "cache.r7g.large"},
			envconfig.EnvStaging: append([]string{"cache.t4g.*"}, sizes([]string{"cache.m6g", "cache.m7g", "cache.r6g", "cache.r7g"}, "large", "xlarge")...),
			envconfig.EnvProd:    sizes([]string{"cache.m6g", "cache.m7g", "cache.r6g", "cache.r7g"}, "*"),
		},
	}
}

// allowedInstanceTypes: each environment runs only the instance and node types its list allows,
// a cost and capacity guardrail. Advisory by default: teams tune the lists first.
func (p *pack) allowedInstanceTypes() policyx.ResourceValidationPolicy {
	return resourcePolicyWith(p, policySpec{
		name: "allowed-instance-types",
		description: "Instances, launch templates, managed node groups and cache nodes use the instance types " +
			"allowed for the stack's environment.",
		level: policyx.EnforcementLevelAdvisory,
	}, settingsSpec[instanceTypeSettings]{
		defaults: defaultInstanceTypes,
		properties: map[string]map[string]any{
			"instanceTypes":  perEnvironmentList("EC2 instance types allowed per environment (dev, staging, prod), as patterns like m6i.*."),
			"cacheNodeTypes": perEnvironmentList("ElastiCache node types allowed per environment, as patterns like cache.r7g.*."),
		},
	}, func(r target, s instanceTypeSettings, report reportFunc) {
		env := p.env.Name
		check := func(key, typ string, lists map[string][]string, listName string) {
			allowed, ok := lists[env]
			if !ok {
				report("%s %s: no %s list for environment %s in allowed-instance-types", key, typ, listName, env)
				return
			}
			if !matchesAny(typ, allowed) {
				report("%s %s is not allowed in %s; allowed: %s", key, typ, env, strings.Join(allowed, ", "))
			}
		}
		m := r.Properties
		switch r.Type {
		case typeInstance, typeLaunchTemplate:
			if t, st := stringAt(m, "instanceType"); st == known {
				check("instanceType", t, s.InstanceTypes, "instanceTypes")
			}
		case "eks:index:ManagedNodeGroup", "aws:eks/nodeGroup:NodeGroup":
			types, _ := stringsAt(m, "instanceTypes")
			for _, t := range types {
				check("instanceTypes", t, s.InstanceTypes, "instanceTypes")
			}
		case typeReplicationGroup, typeCacheCluster:
			if t, st := stringAt(m, "nodeType"); st == known {
				check("nodeType", t, s.CacheNodeTypes, "cacheNodeTypes")
			}
		}
	})
}

func matchesAny(typ string, patterns []string) bool {
	for _, p := range patterns {
		if ok, err := path.Match(p, typ); err == nil && ok {
			return true
		}
	}
	return false
}
