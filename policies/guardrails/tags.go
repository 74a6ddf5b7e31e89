package guardrails

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/stacks/envconfig"
)

type tagSettings struct {
	// Tags every taggable resource carries, with a value.
	Tags []string `json:"tags"`
}

// requiredTags: every resource that can carry tags carries the ones cost reports and inventories
// group by. "Can carry tags" is its schema having a tags input (taggable_types.go, generated from
// the pinned SDKs), so route table associations, policy attachments and the like are left alone.
// Tags set on the AWS provider (defaultTags) count. The children a third-party component registers
// (pulumi-eks's roles and security groups) are left to that component's own tags input, which is
// checked on the component. Advisory by default: a team adopting the pack tags what it has first.
func (p *pack) requiredTags() policyx.ResourceValidationPolicy {
	return resourcePolicyWith(p, policySpec{
		name:        "required-tags",
		description: "Every taggable resource carries the required tags (default Project, Environment, Stack, ManagedBy).",
		level:       policyx.EnforcementLevelAdvisory,
	}, settingsSpec[tagSettings]{
		defaults: func() tagSettings {
			return tagSettings{Tags: []string{envconfig.TagProject, envconfig.TagEnvironment, envconfig.TagStack, envconfig.TagManagedBy}}
		},
		properties: map[string]map[string]any{"tags": stringList("Tag keys every taggable resource must carry with a value.")},
	}, func(r target, s tagSettings, report reportFunc) {
		if !taggableTypes[r.Type] || r.insideForeignComponent() {
			return
		}
		tags, st := mapAt(r.Properties, "tags")
		if st == unknown {
			return
		}
		providerTags, pst := mapAt(r.Provider.Properties, "defaultTags.tags")
		if pst == unknown {
			return
		}
		var missing []string
		for _, key := range s.Tags {
			if !hasTag(tags, key) && !hasTag(providerTags, key) {
				missing = append(missing, key)
			}
		}
		if len(missing) > 0 {
			report("missing tags %s: tag it with the stack's common tags (envconfig.CommonTags)", strings.Join(missing, ", "))
		}
	})
}

// hasTag tells whether key is set to a value that is not empty, or not known yet.
func hasTag(tags property.Map, key string) bool {
	v, st := lookup(tags, key)
	return st == unknown || st == known && v.IsString() && v.AsString() != ""
}
