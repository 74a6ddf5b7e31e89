// Package guardrails is the platform's policy pack: security guardrails, tags, instance types and
// the cost budget, written with the Pulumi Go SDK's policyx package. The pack binary
// (policies/main.go) serves it to `pulumi preview --policy-pack ./policies`; Evaluate runs the
// same policies in-process on an offline plan.
//
// The stack's own config (Pulumi.<stack>.yaml, read through envconfig) gives the environment, the
// region and the budget; the pack's config (--policy-pack-config, see Config) gives each policy's
// enforcement level and settings. Where policyx falls short the pack works around it; see
// analysis.go and the policies README.
package guardrails

//go:generate go run taggable_gen.go

import (
	"context"
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/stacks/envconfig"
)

// The pack's name and version; PulumiPolicy.yaml repeats the version (the CLI prefers that one).
const (
	PackName    = "platform-guardrails"
	PackVersion = "0.1.0"
)

// New is the factory policyx.Main calls when the engine configures the stack (ConfigureStack):
// ctx holds the stack's config, decrypted.
func New(ctx *pulumi.Context) (policyx.PolicyPack, error) {
	env, err := envconfig.Load(ctx.Project(), ctx.Stack(), ctx.GetConfig)
	if err != nil {
		return nil, fmt.Errorf("%s: stack %s: %w", PackName, ctx.Stack(), err)
	}
	return NewPack(env)
}

// NewPack builds the pack's policies for one environment.
func NewPack(env *envconfig.Environment) (policyx.PolicyPack, error) {
	p, err := newPack(env)
	if err != nil {
		return nil, err
	}
	// policyx ignores the pack-level enforcement level: every policy carries its own.
	return policyx.NewPolicyPack(PackName, semver.MustParse(PackVersion), policyx.EnforcementLevelMandatory, p.policies())
}

// pack holds what its policies share: the environment, the price catalog and what the engine
// showed the pack during Analyze.
type pack struct {
	env  *envconfig.Environment
	cat  *catalog.Catalog
	seen *analysis
}

func newPack(env *envconfig.Environment) (*pack, error) {
	cat, err := catalog.Default()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", PackName, err)
	}
	return &pack{env: env, cat: cat, seen: newAnalysis()}, nil
}

// policies lists every policy; the stack policies' settings carrier comes first so its config is
// recorded before any stack policy runs.
func (p *pack) policies() []policyx.Policy {
	return []policyx.Policy{
		p.stackSettings(),
		p.elastiCacheEncryption(), p.elastiCacheMultiAZ(),
		p.ebsEncryption(), p.imdsV2(), p.noPublicIP(),
		p.noPublicIngress(), p.noSSHOrRDP(),
		p.eksAPINotPublic(), p.eksControlPlaneLogging(), p.eksSecretsEncryption(),
		p.lbDeletionProtection(), p.albDropInvalidHeaders(), p.lbTLSPolicy(), p.httpRedirectsToHTTPS(),
		p.requiredTags(), p.allowedInstanceTypes(),
		p.costWithinBudget(), p.costMaxWithinBudget(), p.costFullyPriced(), p.cassandraSpread(), p.cassandraSnapshots(), p.statefulProtected(),
	}
}

// policySpec names a policy, says what it guards and how hard by default. The engine lets the
// pack's config override the level (enforcementLevel), per policy or for "all".
type policySpec struct {
	name        string
	description string
	level       policyx.EnforcementLevel
}

// reportFunc reports one violation of the resource being analyzed.
type reportFunc func(format string, args ...any)

// resourcePolicy builds a resource policy without settings.
func (p *pack) resourcePolicy(spec policySpec, check func(r target, report reportFunc)) policyx.ResourceValidationPolicy {
	return resourcePolicyWith(p, spec, settingsSpec[struct{}]{}, func(r target, _ struct{}, report reportFunc) {
		check(r, report)
	})
}

// resourcePolicyWith builds a resource policy whose settings S come from the pack's config. Every
// resource policy also records the resource's inputs for the stack policies (analysis.go).
func resourcePolicyWith[S any](p *pack, spec policySpec, settings settingsSpec[S], check func(r target, s S, report reportFunc)) policyx.ResourceValidationPolicy {
	var decoded decodedSettings[S]
	return policyx.NewResourceValidationPolicy(spec.name, policyx.ResourceValidationPolicyArgs{
		Description:      spec.description,
		EnforcementLevel: spec.level,
		ConfigSchema:     settings.schema(),
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
			p.seen.record(args.Resource)
			s, err := decoded.get(settings, args.Config)
			if err != nil {
				return fmt.Errorf("policy %s: its config: %w", spec.name, err)
			}
			// The report closure holds the manager alone: capturing args would move the whole
			// (large) argument struct to the heap on every call.
			manager := args.Manager
			check(target{args.Resource}, s, func(format string, a ...any) {
				manager.ReportViolation(fmt.Sprintf(format, a...), "")
			})
			return nil
		},
	})
}

// stackReportFunc reports one violation against a resource (by URN) or, with "", the stack.
type stackReportFunc func(urn, format string, args ...any)

// stackPolicy builds a stack policy. It sees every resource with the inputs Analyze saw.
func (p *pack) stackPolicy(spec policySpec, check func(s *stackView, report stackReportFunc)) policyx.StackValidationPolicy {
	return policyx.NewStackValidationPolicy(spec.name, policyx.StackValidationPolicyArgs{
		Description:      spec.description,
		EnforcementLevel: spec.level,
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
			check(p.seen.stack(args.Resources), func(urn, format string, a ...any) {
				args.Manager.ReportViolation(fmt.Sprintf(format, a...), urn)
			})
			return nil
		},
	})
}
