package guardrails_test

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

func TestRequiredTags(t *testing.T) {
	tagged := map[string]any{"Project": "platform", "Environment": "dev", "Stack": "dev", "ManagedBy": "pulumi", "Name": "x"}
	runCases(t, []policyCase{
		{name: "tagged", policy: "required-tags", r: res{typ: volume, props: map[string]any{"tags": tagged}}},
		{name: "untagged", policy: "required-tags", r: res{typ: volume, props: map[string]any{}},
			want: "missing tags Project, Environment, Stack, ManagedBy"},
		{name: "empty value", policy: "required-tags",
			r:    res{typ: volume, props: map[string]any{"tags": map[string]any{"Project": "platform", "Environment": "", "Stack": "dev", "ManagedBy": "pulumi"}}},
			want: "missing tags Environment"},
		{name: "not taggable", policy: "required-tags", r: res{typ: "aws:ec2/routeTableAssociation:RouteTableAssociation", props: map[string]any{}}},
		{name: "remote component", policy: "required-tags", r: res{typ: "eks:index:ManagedNodeGroup", props: map[string]any{}},
			want: "missing tags"},
		{name: "child of pulumi-eks", policy: "required-tags",
			r: res{typ: "aws:iam/role:Role", props: map[string]any{}, parents: []string{"platform:cluster:Cluster", "eks:index:Cluster"}}},
		{name: "child of one of our resources", policy: "required-tags",
			r:    res{typ: "aws:iam/instanceProfile:InstanceProfile", props: map[string]any{}, parents: []string{"platform:cluster:Cluster", "aws:iam/role:Role"}},
			want: "missing tags"},
		{name: "tags from config", policy: "required-tags", r: res{typ: volume, props: map[string]any{"tags": tagged}},
			config: map[string]any{"tags": []any{"CostCenter"}}, want: "missing tags CostCenter"},
		{name: "tag value unknown yet", policy: "required-tags",
			r: res{typ: volume, props: map[string]any{"tags": map[string]any{"Project": unknown, "Environment": "dev", "Stack": "dev", "ManagedBy": "pulumi"}}}},
	})
}

func TestAllowedInstanceTypes(t *testing.T) {
	nodeGroup := func(types ...string) res {
		return res{typ: "eks:index:ManagedNodeGroup", props: map[string]any{"instanceTypes": types}}
	}
	runCases(t, []policyCase{
		{name: "dev instance", policy: "allowed-instance-types", r: res{typ: instance, props: map[string]any{"instanceType": "m6i.large"}}},
		{name: "dev too big", policy: "allowed-instance-types", r: res{typ: instance, props: map[string]any{"instanceType": "r6i.2xlarge"}},
			want: "instanceType r6i.2xlarge is not allowed in dev"},
		{name: "prod big node group", policy: "allowed-instance-types", env: "prod", r: nodeGroup("c6i.2xlarge", "m6i.2xlarge")},
		{name: "prod burstable node group", policy: "allowed-instance-types", env: "prod", r: nodeGroup("m6i.xlarge", "t3.large"),
			want: "instanceTypes t3.large is not allowed in prod"},
		{name: "launch template", policy: "allowed-instance-types", env: "staging",
			r: res{typ: launchTemplate, props: map[string]any{"instanceType": "m7i.2xlarge"}}},
		{name: "dev cache", policy: "allowed-instance-types", r: res{typ: replicationGroup, props: map[string]any{"nodeType": "cache.t4g.small"}}},
		{name: "prod burstable cache", policy: "allowed-instance-types", env: "prod",
			r:    res{typ: replicationGroup, props: map[string]any{"nodeType": "cache.t4g.medium"}},
			want: "nodeType cache.t4g.medium is not allowed in prod"},
		{name: "list from config", policy: "allowed-instance-types", r: res{typ: instance, props: map[string]any{"instanceType": "m6i.large"}},
			config: map[string]any{"instanceTypes": map[string]any{"dev": []any{"t3.*"}}}, want: "m6i.large is not allowed in dev; allowed: t3.*"},
		{name: "no list for the environment", policy: "allowed-instance-types", r: res{typ: instance, props: map[string]any{"instanceType": "t3.micro"}},
			config: map[string]any{"instanceTypes": map[string]any{"prod": []any{"m6i.*"}}}, want: "no instanceTypes list for environment dev"},
	})
}

// A policy's config with a key it does not know fails the analysis: the engine's schema check
// lets a misspelt setting through, and silently ignoring it would weaken the guardrail.
func TestMisspeltSettingFails(t *testing.T) {
	pack := newPack(t, testEnv("dev"))
	p := findPolicy(t, pack, "required-tags")
	if p.ConfigSchema() == nil || p.ConfigSchema().Properties["tags"]["default"] == nil {
		t.Fatalf("required-tags: want a schema with a default for tags, got %+v", p.ConfigSchema())
	}
	r := res{typ: volume, props: map[string]any{}}
	if _, err := validateResource(pack, "required-tags", r, map[string]any{"tag": []any{"Owner"}}); err == nil {
		t.Error("want an error for the unknown setting tag")
	}
	if _, err := validateResource(pack, "ebs-encryption", r, map[string]any{"encrypted": true}); err == nil {
		t.Error("want an error for a setting of a policy that has none")
	}
}

// Tags the AWS provider adds to every resource (defaultTags) count as the resource's own.
func TestRequiredTagsFromTheProvider(t *testing.T) {
	pack := newPack(t, testEnv("dev"))
	p := findPolicy(t, pack, "required-tags").(policyx.ResourceValidationPolicy)
	r := res{typ: volume, props: map[string]any{"tags": map[string]any{"Project": "platform", "Stack": "dev"}}}.analyzed()
	r.Provider = policyx.AnalyzerProviderResource{Type: "pulumi:providers:aws", Properties: props(map[string]any{
		"defaultTags": map[string]any{"tags": map[string]any{"Environment": "dev", "ManagedBy": "pulumi"}},
	})}
	got := &violations{}
	if err := p.Validate(context.Background(), policyx.ResourceValidationArgs{Manager: got, Resource: r}); err != nil {
		t.Fatal(err)
	}
	if len(got.messages) != 0 {
		t.Errorf("want the provider's default tags to count, got %q", got.messages)
	}
}
