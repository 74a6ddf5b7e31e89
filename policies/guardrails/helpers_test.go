package guardrails_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/policies/guardrails"
	"github.com/platform-team/platform/stacks/envconfig"
)

func TestMain(m *testing.M) {
	// Stray PULUMI_* variables (PULUMI_CONFIG above all) would leak into mocked runs.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "PULUMI_") {
			os.Unsetenv(k)
		}
	}
	os.Exit(m.Run())
}

// violations is a fake policyx.PolicyManager: it captures what a policy reports.
type violations struct {
	messages []string
	urns     []string
}

func (v *violations) ReportViolation(message, urn string) {
	v.messages = append(v.messages, message)
	v.urns = append(v.urns, urn)
}

// unknown stands for a value that is computed until another resource exists, as a preview sends it.
var unknown = property.New(property.Computed)

// value builds a property value from plain Go values.
func value(v any) property.Value {
	switch v := v.(type) {
	case property.Value:
		return v
	case string:
		return property.New(v)
	case bool:
		return property.New(v)
	case int:
		return property.New(float64(v))
	case float64:
		return property.New(v)
	case []string:
		items := make([]property.Value, len(v))
		for i, s := range v {
			items[i] = property.New(s)
		}
		return property.New(items)
	case []any:
		items := make([]property.Value, len(v))
		for i, x := range v {
			items[i] = value(x)
		}
		return property.New(items)
	case map[string]any:
		return property.New(props(v))
	}
	panic(fmt.Sprintf("value: unsupported %T", v))
}

func props(m map[string]any) property.Map {
	out := make(map[string]property.Value, len(m))
	for k, v := range m {
		out[k] = value(v)
	}
	return property.NewMap(out)
}

// urn builds a resource's URN in stack dev of project platform; parents are the types of its
// ancestors, outermost first.
func urn(typ, name string, parents ...string) string {
	return string(resource.NewURN("dev", "platform", tokens.Type(strings.Join(parents, "$")), tokens.Type(typ), name))
}

// res is a resource for a test.
type res struct {
	typ, name string
	props     map[string]any
	parents   []string // ancestor types, outermost first
	parent    string   // parent URN, for stack policies' component attribution
	protect   bool
}

func (r res) analyzed() policyx.AnalyzerResource {
	return policyx.AnalyzerResource{
		Type: r.typ, Name: r.name, URN: urn(r.typ, r.name, r.parents...), Parent: r.parent,
		Properties: props(r.props), Options: pulumi.ResourceOptions{Protect: r.protect},
	}
}

// testEnv is an environment of the given kind with the defaults.
func testEnv(name string) *envconfig.Environment {
	e := envconfig.Defaults()
	e.Name, e.Stack, e.Region = name, name, "us-east-1"
	return &e
}

func findPolicy(t *testing.T, pack policyx.PolicyPack, name string) policyx.Policy {
	t.Helper()
	for _, p := range pack.Policies() {
		if p.Name() == name {
			return p
		}
	}
	t.Fatalf("the pack has no policy %s", name)
	return nil
}

func newPack(t *testing.T, env *envconfig.Environment) policyx.PolicyPack {
	t.Helper()
	pack, err := guardrails.NewPack(env)
	if err != nil {
		t.Fatal(err)
	}
	return pack
}

// checkResource runs one resource policy on one resource, with its config, and returns what it
// reports.
func checkResource(t *testing.T, pack policyx.PolicyPack, policy string, r res, config map[string]any) []string {
	t.Helper()
	findPolicy(t, pack, policy)
	got, err := validateResource(pack, policy, r, config)
	if err != nil {
		t.Fatalf("%s: %v", policy, err)
	}
	return got
}

func validateResource(pack policyx.PolicyPack, policy string, r res, config map[string]any) ([]string, error) {
	for _, p := range pack.Policies() {
		if rp, ok := p.(policyx.ResourceValidationPolicy); ok && p.Name() == policy {
			got := &violations{}
			err := rp.Validate(context.Background(), policyx.ResourceValidationArgs{Manager: got, Resource: r.analyzed(), Config: config})
			return got.messages, err
		}
	}
	return nil, fmt.Errorf("the pack has no resource policy %s", policy)
}

// checkStack runs one stack policy on resources, after stack-settings saw settings (nil: none),
// and returns what it reports.
func checkStack(t *testing.T, pack policyx.PolicyPack, policy string, resources []res, settings map[string]any) *violations {
	t.Helper()
	if settings != nil {
		checkResource(t, pack, "stack-settings", res{typ: "pulumi:pulumi:Stack", name: "platform-dev"}, settings)
	}
	p, ok := findPolicy(t, pack, policy).(policyx.StackValidationPolicy)
	if !ok {
		t.Fatalf("%s is not a stack policy", policy)
	}
	analyzed := make([]policyx.AnalyzerResource, len(resources))
	for i, r := range resources {
		analyzed[i] = r.analyzed()
	}
	got := &violations{}
	if err := p.Validate(context.Background(), policyx.StackValidationArgs{Manager: got, Resources: analyzed}); err != nil {
		t.Fatalf("%s: %v", policy, err)
	}
	return got
}

// policyCase is one resource against one resource policy.
type policyCase struct {
	name   string
	policy string
	env    string // dev unless set
	r      res
	config map[string]any
	want   string // "" when compliant, else a part of the one violation expected
}

func runCases(t *testing.T, cases []policyCase) {
	t.Helper()
	packs := map[string]policyx.PolicyPack{}
	for _, c := range cases {
		t.Run(c.policy+"/"+c.name, func(t *testing.T) {
			envName := c.env
			if envName == "" {
				envName = envconfig.EnvDev
			}
			if packs[envName] == nil {
				packs[envName] = newPack(t, testEnv(envName))
			}
			got := checkResource(t, packs[envName], c.policy, c.r, c.config)
			switch {
			case c.want == "" && len(got) > 0:
				t.Errorf("want no violation, got %q", got)
			case c.want != "" && len(got) != 1:
				t.Errorf("want one violation containing %q, got %q", c.want, got)
			case c.want != "" && !strings.Contains(got[0], c.want):
				t.Errorf("want a violation containing %q, got %q", c.want, got[0])
			}
		})
	}
}
