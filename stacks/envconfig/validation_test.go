package envconfig

import (
	"errors"
	"strings"
	"testing"
)

// baseConfig is a valid dev config as the engine passes it.
func baseConfig() map[string]string {
	return map[string]string{
		"aws:region":               "us-east-1",
		"platform:environment":     "dev",
		"platform:cacheAuthToken":  "0123456789abcdef0123",
		"platform:network":         `{"cidr":"10.10.0.0/16","azCount":2,"natGateways":"single"}`,
		"platform:cassandra":       `{"replicationFactor":2}`,
		"platform:eks":             `{}`,
		"platform:loadBalancer":    `{}`,
		"platform:cache":           `{}`,
		"platform:cost":            `{"budgetMonthly":1000}`,
		"platform:tags":            `{"Team":"platform"}`,
		"platform:unrelatedSecret": "x",
	}
}

func load(cfg map[string]string) (*Environment, error) {
	return Load("platform", "dev", func(k string) (string, bool) { v, ok := cfg[k]; return v, ok })
}

func TestBaseConfigIsValid(t *testing.T) {
	env, err := load(baseConfig())
	if err != nil {
		t.Fatal(err)
	}
	if env.Network.AZCount != 2 || env.Cassandra.NodeCount != 3 || env.EKS.NodeGroups[0].InstanceTypes[0] != "m5.xlarge" {
		t.Fatalf("defaults not applied under the config: %+v", env)
	}
}

// Each bad config fails with its key named in the error, and with the value and what is allowed.
func TestBadConfigurationsNameTheKey(t *testing.T) {
	cases := []struct {
		name   string
		set    map[string]string
		unset  []string
		key    string
		detail string
	}{
		{"missing region", nil, []string{"aws:region"}, "aws:region", "is required"},
		{"unknown region", map[string]string{"aws:region": "us-central-9"}, nil, "aws:region", `"us-central-9" is not allowed`},
		{"missing environment", nil, []string{"platform:environment"}, "platform:environment", "is required"},
		{"unknown environment", map[string]string{"platform:environment": "qa"}, nil, "platform:environment", "must be one of dev, staging, prod"},
		{"network not an object", map[string]string{"platform:network": "10.0.0.0/16"}, nil, "platform:network", "want an object"},
		{"azCount wrong type", map[string]string{"platform:network": `{"azCount":"three"}`}, nil, "platform:network.azCount", "got a string, want a number"},
		{"azCount out of range", map[string]string{"platform:network": `{"azCount":7}`}, nil, "platform:network.azCount", "must be 2 to 6"},
		{"unknown network key", map[string]string{"platform:network": `{"cidrBlock":"10.0.0.0/16"}`}, nil, "platform:network.cidrBlock", "unknown key"},
		{"CIDR too large", map[string]string{"platform:network": `{"cidr":"10.0.0.0/8"}`}, nil, "platform:network.cidr", "/16 to /24"},
		{"CIDR too small for zones", map[string]string{"platform:network": `{"cidr":"10.0.0.0/24","azCount":6}`}, nil, "platform:network.cidr", "too small for 6 zones"},
		{"CIDR with host bits", map[string]string{"platform:network": `{"cidr":"10.0.5.0/16"}`}, nil, "platform:network.cidr", "host bits"},
		{"unknown NAT mode", map[string]string{"platform:network": `{"natGateways":"double"}`}, nil, "platform:network.natGateways", "single, perAz"},
		{"no NAT gateway for a new VPC", map[string]string{"platform:network": `{"natGateways":"none"}`}, nil, "platform:network.natGateways", "EKS nodes cannot pull images"},
		{"unknown NAT mode with an existing VPC", map[string]string{"platform:network": `{"vpcId":"vpc-0abc","privateSubnetIds":["subnet-1","subnet-2"],"publicSubnetIds":["subnet-3","subnet-4"],"natGateways":"double"}`}, nil, "platform:network.natGateways", "none, single, perAz"},
		{"zone of another region", map[string]string{"platform:network": `{"azCount":2,"availabilityZones":["us-east-1a","eu-west-1b"]}`}, nil, "platform:network.availabilityZones[1]", "zone of us-east-1"},
		{"zones count mismatch", map[string]string{"platform:network": `{"azCount":3,"availabilityZones":["us-east-1a","us-east-1b"]}`}, nil, "platform:network.availabilityZones", "exactly azCount"},
		{"existing VPC without subnets", map[string]string{"platform:network": `{"vpcId":"vpc-0abc"}`}, nil, "platform:network.privateSubnetIds", "2 to 6 subnet ids"},
		{"subnets without VPC", map[string]string{"platform:network": `{"privateSubnetIds":["subnet-1","subnet-2"]}`}, nil, "platform:network.vpcId", "is required"},
		{"too few cassandra nodes", map[string]string{"platform:cassandra": `{"nodeCount":2,"replicationFactor":2}`}, nil, "platform:cassandra.nodeCount", "must be 3 to 1000"},
		{"too many cassandra nodes", map[string]string{"platform:cassandra": `{"nodeCount":1001,"replicationFactor":2}`}, nil, "platform:cassandra.nodeCount", "must be 3 to 1000"},
		{"negative budget", map[string]string{"platform:cost": `{"budgetMonthly":-5}`}, nil, "platform:cost.budgetMonthly", "positive amount"},
		{"negative usage", map[string]string{"platform:cost": `{"usage":{"natGatewayGbPerMonth":-1}}`}, nil, "platform:cost.usage.natGatewayGbPerMonth", "0 or more"},
		{"tags not strings", map[string]string{"platform:tags": `{"Team":5}`}, nil, "platform:tags", "got a number, want a string"},
		{"reserved tag key", map[string]string{"platform:tags": `{"aws:owner":"x"}`}, nil, "platform:tags", "must not start with aws:"},
		{"trailing garbage", map[string]string{"platform:cost": `{} {}`}, nil, "platform:cost", "trailing data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := baseConfig()
			for k, v := range c.set {
				cfg[k] = v
			}
			for _, k := range c.unset {
				delete(cfg, k)
			}
			_, err := load(cfg)
			assertProblem(t, err, c.key, c.detail)
		})
	}
}

// assertProblem fails unless err is validation Errors with a problem of key saying detail.
func assertProblem(t *testing.T, err error, key, detail string) {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want config errors, got %v", err)
	}
	for _, e := range errs {
		if e.Key == key && strings.Contains(e.Error(), detail) {
			return
		}
	}
	t.Fatalf("no problem names %s with %q; got:\n%v", key, detail, err)
}

// One pass reports every problem, across sections.
func TestAllProblemsAtOnce(t *testing.T) {
	cfg := baseConfig()
	cfg["aws:region"] = "mars-1"
	cfg["platform:network"] = `{"azCount":9}`
	cfg["platform:cassandra"] = `{"nodeCount":1}`
	_, err := load(cfg)
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want Errors, got %v", err)
	}
	want := []string{"aws:region", "platform:network.azCount", "platform:cassandra.nodeCount"}
	got := strings.Join(errs.Keys(), " ")
	for _, k := range want {
		if !strings.Contains(got, k) {
			t.Errorf("problems %q lack %s", got, k)
		}
	}
}

// No input panics: arbitrary JSON in every section yields a value or an error.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{`{}`, `{"azCount":3}`, `[]`, `null`, `{"nodeGroups":[{"name":"a"}]}`, `"x"`, `{"dataVolume":{"size":-1}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, key := range []string{"network", "eks", "loadBalancer", "cache", "cassandra", "cost", "tags"} {
			cfg := baseConfig()
			cfg["platform:"+key] = raw
			_, _ = load(cfg)
		}
	})
}

// The stack name starts AWS names with tight limits: a name that cannot fit fails validation
// with the limit and the longest name that fits, not `pulumi up` halfway through.
func TestStackNameFitsAWSNames(t *testing.T) {
	longGroup := `{"nodeGroups":[{"name":"` + strings.Repeat("g", 40) + `","instanceTypes":["m5.xlarge"],"minSize":1,"desiredSize":2,"maxSize":3}]}`
	cases := []struct {
		stack, eks string
		key, want  string // want "" means valid
	}{
		{"dev", `{}`, "", ""},
		{"team-staging", `{}`, "", ""}, // platform-team-staging-lb + 8 = 32
		{"team-stagings", `{}`, "pulumi:stack", "stack names of up to 12 characters fit"},
		{"my_stack", `{}`, "pulumi:stack", "letters, digits and single hyphens"},
		{"prod", longGroup, "platform:eks.nodeGroups[0].name", "names of up to 37 characters fit"},
	}
	for _, c := range cases {
		t.Run(c.stack, func(t *testing.T) {
			cfg := baseConfig()
			cfg["platform:eks"] = c.eks
			_, err := Load("platform", c.stack, func(k string) (string, bool) { v, ok := cfg[k]; return v, ok })
			if c.want == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			assertProblem(t, err, c.key, c.want)
		})
	}
}

// A section set with --secret --path arrives decrypted: an error about the whole section names
// the key but never echoes the value.
func TestSectionErrorsDoNotEchoSecrets(t *testing.T) {
	for _, raw := range []string{
		`{"httpsEndpoints":["https://events.pagerduty.com/integration/topsecretkey/enqueue"]`, // cut short
		`["https://events.pagerduty.com/integration/topsecretkey/enqueue"]`,                   // not an object
	} {
		cfg := baseConfig()
		cfg["platform:monitoring"] = raw
		_, err := load(cfg)
		if err == nil || !strings.Contains(err.Error(), "platform:monitoring") || strings.Contains(err.Error(), "topsecretkey") {
			t.Errorf("config %s: error %v, want it to name platform:monitoring without the value", raw, err)
		}
	}
}
