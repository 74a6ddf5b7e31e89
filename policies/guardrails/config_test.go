package guardrails_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"gopkg.in/yaml.v3"

	"github.com/platform-team/platform/policies/guardrails"
)

// The default levels are part of the pack's contract (README): security is mandatory, what a
// team adopts gradually is advisory.
func TestDefaultLevels(t *testing.T) {
	want := map[string]policyx.EnforcementLevel{
		"stack-settings":               policyx.EnforcementLevelAdvisory,
		"elasticache-encryption":       policyx.EnforcementLevelMandatory,
		"elasticache-multi-az":         policyx.EnforcementLevelMandatory,
		"ebs-encryption":               policyx.EnforcementLevelMandatory,
		"ec2-imdsv2":                   policyx.EnforcementLevelMandatory,
		"ec2-no-public-ip":             policyx.EnforcementLevelMandatory,
		"no-public-ingress":            policyx.EnforcementLevelMandatory,
		"no-ssh-rdp":                   policyx.EnforcementLevelMandatory,
		"eks-api-not-public":           policyx.EnforcementLevelMandatory,
		"eks-control-plane-logging":    policyx.EnforcementLevelAdvisory,
		"eks-secrets-encryption":       policyx.EnforcementLevelMandatory,
		"lb-deletion-protection":       policyx.EnforcementLevelMandatory,
		"alb-drop-invalid-headers":     policyx.EnforcementLevelMandatory,
		"lb-tls-policy":                policyx.EnforcementLevelMandatory,
		"lb-http-redirects-to-https":   policyx.EnforcementLevelMandatory,
		"required-tags":                policyx.EnforcementLevelAdvisory,
		"allowed-instance-types":       policyx.EnforcementLevelAdvisory,
		"cost-within-budget":           policyx.EnforcementLevelMandatory,
		"cost-max-within-budget":       policyx.EnforcementLevelAdvisory,
		"cost-fully-priced":            policyx.EnforcementLevelAdvisory,
		"cassandra-zone-spread":        policyx.EnforcementLevelMandatory,
		"cassandra-snapshots":          policyx.EnforcementLevelMandatory,
		"stateful-resources-protected": policyx.EnforcementLevelMandatory,
	}
	pack := newPack(t, testEnv("dev"))
	if len(pack.Policies()) != len(want) {
		t.Errorf("the pack has %d policies, the table %d", len(pack.Policies()), len(want))
	}
	for _, p := range pack.Policies() {
		level, ok := want[p.Name()]
		switch {
		case !ok:
			t.Errorf("policy %s is not in the table", p.Name())
		case p.EnforcementLevel() != level:
			t.Errorf("%s: default level %s, want %s", p.Name(), guardrails.LevelName(p.EnforcementLevel()), guardrails.LevelName(level))
		case p.Description() == "":
			t.Errorf("%s has no description", p.Name())
		}
	}
}

// The sample configs parse as the CLI parses them and name only policies of the pack.
func TestSampleConfigs(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			cfg, err := guardrails.ReadConfig("../config/" + stack + ".json")
			if err != nil {
				t.Fatal(err)
			}
			resolved, err := cfg.Resolve(newPack(t, testEnv(stack)))
			if err != nil {
				t.Fatal(err)
			}
			if got := resolved["required-tags"].EnforcementLevel; stack != "dev" && got != policyx.EnforcementLevelMandatory {
				t.Errorf("required-tags is %s in %s, want mandatory", guardrails.LevelName(got), stack)
			}
			if _, ok := resolved["allowed-instance-types"].Properties["instanceTypes"].(map[string]any)[stack]; !ok {
				t.Errorf("allowed-instance-types has no instance types for %s", stack)
			}
		})
	}
}

func TestResolveConfig(t *testing.T) {
	pack := newPack(t, testEnv("dev"))
	cfg, err := guardrails.ParseConfig([]byte(`{"all": "disabled", "no-ssh-rdp": "advisory",
		"required-tags": {"enforcementLevel": "mandatory", "tags": ["Owner"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := cfg.Resolve(pack)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]policyx.EnforcementLevel{
		"ebs-encryption": policyx.EnforcementLevelDisabled,
		"no-ssh-rdp":     policyx.EnforcementLevelAdvisory,
		"required-tags":  policyx.EnforcementLevelMandatory,
	} {
		if got[name].EnforcementLevel != want {
			t.Errorf("%s: level %s, want %s", name, guardrails.LevelName(got[name].EnforcementLevel), guardrails.LevelName(want))
		}
	}
	if tags := got["required-tags"].Properties["tags"]; len(tags.([]any)) != 1 {
		t.Errorf("required-tags.tags = %v, want [Owner]", tags)
	}
	if ports := got["no-public-ingress"].Properties["listenerPorts"]; len(ports.([]any)) != 2 {
		t.Errorf("no-public-ingress.listenerPorts = %v, want the default [80 443]", ports)
	}

	typo := guardrails.Config{"required-tag": {EnforcementLevel: "advisory"}}
	if _, err := typo.Resolve(pack); err == nil || !strings.Contains(err.Error(), "no such policy: required-tag") {
		t.Errorf("want an error naming the unknown policy, got %v", err)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, bad := range []string{
		`{"no-ssh-rdp": "strict"}`,
		`{"no-ssh-rdp": {"enforcementLevel": 1}}`,
		`{"no-ssh-rdp": 3}`,
		`[]`,
	} {
		if _, err := guardrails.ParseConfig([]byte(bad)); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
}

// PulumiPolicy.yaml, which the CLI reads, and the pack agree on the version.
func TestPulumiPolicyYAML(t *testing.T) {
	b, err := os.ReadFile("../PulumiPolicy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct{ Runtime, Version, Description string }
	if err := yaml.Unmarshal(b, &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Runtime != "go" || manifest.Version != guardrails.PackVersion || manifest.Description == "" {
		t.Errorf("PulumiPolicy.yaml = %+v, want runtime go, version %s and a description", manifest, guardrails.PackVersion)
	}
}

// The factory reads the stack's config from the context ConfigureStack builds, and refuses a
// config the stack itself would refuse, naming the key.
func TestFactoryReadsTheStackConfig(t *testing.T) {
	newContext := func(config map[string]string) *pulumi.Context {
		ctx, err := pulumi.NewContext(context.Background(), pulumi.RunInfo{Project: "platform", Stack: "dev", Config: config})
		if err != nil {
			t.Fatal(err)
		}
		return ctx
	}
	config := map[string]string{"aws:region": "us-east-1", "platform:environment": "dev", "platform:cache": `{"transitEncryption": false}`}
	pack, err := guardrails.New(newContext(config))
	if err != nil || pack.Name() != guardrails.PackName {
		t.Fatalf("New: %v, %v", pack, err)
	}
	config["platform:environment"] = "qa"
	if _, err := guardrails.New(newContext(config)); err == nil || !strings.Contains(err.Error(), "platform:environment") {
		t.Errorf("want an error naming platform:environment, got %v", err)
	}
}
