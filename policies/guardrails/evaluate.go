package guardrails

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/stacks/envconfig"
)

// Resource is one planned resource, as the offline plan records it (offline.Resource).
type Resource struct {
	URN     string
	Type    string
	Name    string
	Parent  string // URN of the parent
	Protect bool
	Inputs  resource.PropertyMap
}

// Violation is one policy verdict.
type Violation struct {
	Policy   string `json:"policy"`
	Level    string `json:"level"`    // mandatory or advisory (LevelName)
	URN      string `json:"urn"`      // "" for the stack as a whole
	Resource string `json:"resource"` // the resource's name, "" for the stack
	Message  string `json:"message"`
}

// Evaluate runs the pack in-process on planned resources, the way the engine drives it over the
// analyzer protocol: it resolves cfg as the engine does (Config.Resolve), calls every enabled
// resource policy on each resource's inputs (Analyze), then every enabled stack policy on all of
// them (AnalyzeStack). cmd/plan uses it to report the same verdicts as `pulumi preview
// --policy-pack ./policies --policy-pack-config FILE`. A nil cfg is the pack's defaults.
func Evaluate(env *envconfig.Environment, cfg Config, resources []Resource) ([]Violation, error) {
	pack, err := NewPack(env)
	if err != nil {
		return nil, err
	}
	settings, err := cfg.Resolve(pack)
	if err != nil {
		return nil, err
	}
	analyzed := make([]policyx.AnalyzerResource, len(resources))
	names := make(map[string]string, len(resources))
	for i, r := range resources {
		analyzed[i] = policyx.AnalyzerResource{
			Type: r.Type, Name: r.Name, URN: r.URN, Parent: r.Parent,
			Properties: resource.FromResourcePropertyMap(r.Inputs),
			Options:    pulumi.ResourceOptions{Protect: r.Protect},
		}
		names[r.URN] = r.Name
	}
	ctx := context.Background()
	out := []Violation{}
	report := func(p policyx.Policy, level policyx.EnforcementLevel, defaultURN string) policyx.PolicyManager {
		return reporter(func(message, urn string) {
			if urn == "" {
				urn = defaultURN
			}
			out = append(out, Violation{Policy: p.Name(), Level: LevelName(level), URN: urn, Resource: names[urn], Message: message})
		})
	}
	var resourcePolicies []policyx.ResourceValidationPolicy
	var stackPolicies []policyx.StackValidationPolicy
	for _, p := range pack.Policies() {
		if settings[p.Name()].EnforcementLevel == policyx.EnforcementLevelDisabled {
			continue
		}
		switch p := p.(type) {
		case policyx.ResourceValidationPolicy:
			resourcePolicies = append(resourcePolicies, p)
		case policyx.StackValidationPolicy:
			stackPolicies = append(stackPolicies, p)
		}
	}
	for _, r := range analyzed {
		for _, p := range resourcePolicies {
			c := settings[p.Name()]
			args := policyx.ResourceValidationArgs{Manager: report(p, c.EnforcementLevel, r.URN), Resource: r, Config: c.Properties}
			if err := p.Validate(ctx, args); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range stackPolicies {
		c := settings[p.Name()]
		if err := p.Validate(ctx, policyx.StackValidationArgs{Manager: report(p, c.EnforcementLevel, ""), Resources: analyzed}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// reporter is a policyx.PolicyManager that hands each violation to a function.
type reporter func(message, urn string)

func (r reporter) ReportViolation(message, urn string) { r(message, urn) }
