package guardrails_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/policies/guardrails"
	"github.com/platform-team/platform/stacks"
	"github.com/platform-team/platform/stacks/envconfig"
)

var shippedStacks = []string{"dev", "staging", "prod"}

// plannedStack is a shipped stack run on the mock engine: its environment and resources.
type plannedStack struct {
	env       *envconfig.Environment
	result    *offline.Result
	resources []guardrails.Resource
}

// planStack runs a shipped stack (Pulumi.<stack>.yaml at the repository root) on the mock engine,
// with --set style overrides.
func planStack(t *testing.T, stack string, sets ...string) plannedStack {
	t.Helper()
	cfg, err := offline.LoadStack("../..", stack, sets...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := offline.Run(stacks.Program, cfg.Options())
	if err != nil {
		t.Fatalf("stack %s: %v", stack, err)
	}
	env, err := envconfig.Load(cfg.Project, stack, cfg.Lookup)
	if err != nil {
		t.Fatal(err)
	}
	return plannedStack{env: env, result: res, resources: resourcesOf(res)}
}

// resourcesOf is what cmd/plan hands guardrails.Evaluate.
func resourcesOf(res *offline.Result) []guardrails.Resource {
	out := make([]guardrails.Resource, len(res.Resources))
	for i, r := range res.Resources {
		out[i] = guardrails.Resource{URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent, Protect: r.Protect, Inputs: r.Inputs}
	}
	return out
}

func sampleConfig(t *testing.T, stack string) guardrails.Config {
	t.Helper()
	cfg, err := guardrails.ReadConfig("../config/" + stack + ".json")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func evaluate(t *testing.T, env *envconfig.Environment, cfg guardrails.Config, resources []guardrails.Resource) []guardrails.Violation {
	t.Helper()
	got, err := guardrails.Evaluate(env, cfg, resources)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Every shipped stack passes every mandatory policy, with the pack's defaults and with its
// environment's sample config.
func TestShippedStacksPassMandatoryPolicies(t *testing.T) {
	for _, stack := range shippedStacks {
		t.Run(stack, func(t *testing.T) {
			planned := planStack(t, stack)
			for _, cfg := range []struct {
				name string
				cfg  guardrails.Config
			}{{"defaults", nil}, {"policies/config/" + stack + ".json", sampleConfig(t, stack)}} {
				for _, v := range evaluate(t, planned.env, cfg.cfg, planned.resources) {
					if v.Level == "mandatory" {
						t.Errorf("%s: %s on %s: %s", cfg.name, v.Policy, v.Resource, v.Message)
					} else {
						t.Logf("%s: advisory %s on %s: %s", cfg.name, v.Policy, v.Resource, v.Message)
					}
				}
			}
		})
	}
}

// mutate returns a copy of the resources with the inputs of the first resource of type typ
// (whose name contains name) changed by change.
func mutate(t *testing.T, resources []guardrails.Resource, typ, name string, change func(resource.PropertyMap)) []guardrails.Resource {
	t.Helper()
	out := make([]guardrails.Resource, len(resources))
	copy(out, resources)
	for i, r := range out {
		if r.Type == typ && strings.Contains(r.Name, name) {
			out[i].Inputs = r.Inputs.Copy()
			change(out[i].Inputs)
			return out
		}
	}
	t.Fatalf("no %s named like %q", typ, name)
	return nil
}

// set sets a (dotted) input path to v, creating objects on the way.
func set(path string, v resource.PropertyValue) func(resource.PropertyMap) {
	return func(m resource.PropertyMap) {
		keys := strings.Split(path, ".")
		for _, k := range keys[:len(keys)-1] {
			inner, ok := m[resource.PropertyKey(k)]
			if !ok || !inner.IsObject() {
				inner = resource.NewProperty(resource.PropertyMap{})
				m[resource.PropertyKey(k)] = inner
			}
			m = inner.ObjectValue()
		}
		m[resource.PropertyKey(keys[len(keys)-1])] = v
	}
}

// A deliberately broken stack of each kind is caught: through its config where the config
// validation lets the change through, else by changing the planned resources' inputs (the way a
// component change, or a resource written outside the components, would).
func TestBrokenStacksAreCaught(t *testing.T) {
	const (
		volumeType   = "aws:ebs/volume:Volume"
		instanceType = "aws:ec2/instance:Instance"
	)
	cases := []struct {
		name   string
		stack  string
		sets   []string
		change func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource
		policy string
		level  string
	}{
		{name: "cache without encryption at rest", stack: "dev", sets: []string{"cache.atRestEncryption=false"},
			policy: "elasticache-encryption", level: "mandatory"},
		{name: "prod cache in one zone", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:elasticache/replicationGroup:ReplicationGroup", "", set("multiAzEnabled", resource.NewProperty(false)))
			},
			policy: "elasticache-multi-az", level: "mandatory"},
		{name: "plain Cassandra data volume", stack: "staging",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, volumeType, "node-1-data", set("encrypted", resource.NewProperty(false)))
			},
			policy: "ebs-encryption", level: "mandatory"},
		{name: "node launch template allowing IMDSv1", stack: "dev",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:ec2/launchTemplate:LaunchTemplate", "", set("metadataOptions.httpTokens", resource.NewProperty("optional")))
			},
			policy: "ec2-imdsv2", level: "mandatory"},
		{name: "node launch template open to containers", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:ec2/launchTemplate:LaunchTemplate", "", set("metadataOptions.httpPutResponseHopLimit", resource.NewProperty(2.0)))
			},
			policy: "ec2-imdsv2", level: "mandatory"},
		{name: "Cassandra node with a public address", stack: "dev",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, instanceType, "node-0", set("associatePublicIpAddress", resource.NewProperty(true)))
			},
			policy: "ec2-no-public-ip", level: "mandatory"},
		{name: "CQL open to the internet", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cassandra-cql", func(m resource.PropertyMap) {
					delete(m, "referencedSecurityGroupId")
					m["cidrIpv4"] = resource.NewProperty("0.0.0.0/0")
				})
			},
			policy: "no-public-ingress", level: "mandatory"},
		{name: "SSH between Cassandra nodes", stack: "dev",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cassandra-storage", func(m resource.PropertyMap) {
					m["fromPort"], m["toPort"] = resource.NewProperty(22.0), resource.NewProperty(22.0)
				})
			},
			policy: "no-ssh-rdp", level: "mandatory"},
		{name: "prod EKS API open to the internet", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "eks:index:Cluster", "", set("publicAccessCidrs",
					resource.NewProperty([]resource.PropertyValue{resource.NewProperty("0.0.0.0/0")})))
			},
			policy: "eks-api-not-public", level: "mandatory"},
		{name: "EKS audit log off (staging makes it mandatory)", stack: "staging", sets: []string{"eks.logTypes=[api]"},
			policy: "eks-control-plane-logging", level: "mandatory"},
		{name: "EKS secrets in plain", stack: "dev", sets: []string{"eks.secretsEncryption=false"},
			policy: "eks-secrets-encryption", level: "mandatory"},
		{name: "prod load balancer deletable", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:lb/loadBalancer:LoadBalancer", "", set("enableDeletionProtection", resource.NewProperty(false)))
			},
			policy: "lb-deletion-protection", level: "mandatory"},
		{name: "ALB passing invalid headers", stack: "dev",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:lb/loadBalancer:LoadBalancer", "", set("dropInvalidHeaderFields", resource.NewProperty(false)))
			},
			policy: "alb-drop-invalid-headers", level: "mandatory"},
		{name: "HTTPS listener on an old TLS policy", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:lb/listener:Listener", "-443", set("sslPolicy", resource.NewProperty("ELBSecurityPolicy-2016-08")))
			},
			policy: "lb-tls-policy", level: "mandatory"},
		{name: "HTTP served next to HTTPS", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, "aws:lb/listener:Listener", "-80", set("defaultActions", resource.NewProperty([]resource.PropertyValue{
					resource.NewProperty(resource.PropertyMap{"type": resource.NewProperty("forward")}),
				})))
			},
			policy: "lb-http-redirects-to-https", level: "mandatory"},
		{name: "untagged volume (prod makes tags mandatory)", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, volumeType, "", func(m resource.PropertyMap) { delete(m, "tags") })
			},
			policy: "required-tags", level: "mandatory"},
		{name: "dev Cassandra on big instances", stack: "dev", sets: []string{"cassandra.instanceType=r6i.2xlarge"},
			policy: "allowed-instance-types", level: "advisory"},
		{name: "dev over its budget", stack: "dev", sets: []string{"cost.budgetMonthly=500"},
			policy: "cost-within-budget", level: "mandatory"},
		{name: "prod ring in two zones", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				for _, node := range []string{"node-2", "node-5"} { // the nodes of the third rack
					rs = mutate(t, rs, instanceType, node, set("tags.CassandraRack", resource.NewProperty("us-east-1a")))
				}
				return rs
			},
			policy: "cassandra-zone-spread", level: "mandatory"},
		{name: "prod without snapshots", stack: "prod", sets: []string{"cassandra.snapshots.enabled=false"},
			policy: "cassandra-snapshots", level: "mandatory"},
		{name: "prod snapshot policy that misses a volume", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				return mutate(t, rs, volumeType, "node-4-data", set("tags.CassandraRing", resource.NewProperty("another-ring")))
			},
			policy: "cassandra-snapshots", level: "mandatory"},
		{name: "prod data volume unprotected", stack: "prod",
			change: func(t *testing.T, rs []guardrails.Resource) []guardrails.Resource {
				out := append([]guardrails.Resource(nil), rs...)
				for i, r := range out {
					if r.Type == volumeType {
						out[i].Protect = false
						return out
					}
				}
				t.Fatal("prod has no data volume")
				return nil
			},
			policy: "stateful-resources-protected", level: "mandatory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			planned := planStack(t, c.stack, c.sets...)
			resources := planned.resources
			if c.change != nil {
				resources = c.change(t, resources)
			}
			var caught []guardrails.Violation
			for _, v := range evaluate(t, planned.env, sampleConfig(t, c.stack), resources) {
				if v.Policy == c.policy {
					caught = append(caught, v)
				}
			}
			if len(caught) == 0 {
				t.Fatalf("%s did not catch it", c.policy)
			}
			for _, v := range caught {
				if v.Level != c.level {
					t.Errorf("%s reported %s, want %s: %s", c.policy, v.Level, c.level, v.Message)
				}
			}
			t.Logf("%s on %q: %s", c.policy, caught[0].Resource, caught[0].Message)
		})
	}
}
