package envconfig_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/platform-team/platform/stacks/envconfig"
)

// eksProblems validates env and returns the problems with platform:eks keys, so that the
// tables below do not depend on the other tiers' defaults.
func eksProblems(t *testing.T, env envconfig.Environment) envconfig.Errors {
	t.Helper()
	err := envconfig.Validate(&env, true)
	var errs envconfig.Errors
	if err != nil && !errors.As(err, &errs) {
		t.Fatalf("want Errors, got %v", err)
	}
	var eks envconfig.Errors
	for _, e := range errs {
		if strings.HasPrefix(e.Key, "platform:eks") {
			eks = append(eks, e)
		}
	}
	return eks
}

// eksEnv is a valid environment with two node groups, changed by edit.
func eksEnv(name string, edit func(e *envconfig.EKS)) envconfig.Environment {
	env := envconfig.Defaults()
	env.Name, env.Stack, env.Region = name, name, "us-east-1"
	env.EKS.PublicAccessCIDRs = []string{"203.0.113.0/24"}
	batch := envconfig.DefaultNodeGroup("batch")
	batch.InstanceTypes = []string{"c6i.2xlarge", "m6i.2xlarge"}
	batch.CapacityType = "SPOT"
	batch.MinSize, batch.DesiredSize, batch.MaxSize = 0, 2, 10
	batch.Taints = []envconfig.Taint{{Key: "workload", Value: "batch", Effect: "NO_SCHEDULE"}}
	env.EKS.NodeGroups = append(env.EKS.NodeGroups, batch)
	if edit != nil {
		edit(&env.EKS)
	}
	return env
}

func TestEKSValidConfigs(t *testing.T) {
	cases := map[string]envconfig.Environment{
		"defaults (dev)":        eksEnv("dev", nil),
		"prod restricted":       eksEnv("prod", nil),
		"bottlerocket":          eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[0].AMIType = "BOTTLEROCKET_x86_64" }),
		"max size at the quota": eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[0].MaxSize = envconfig.MaxManagedNodeGroupSize }),
		"scale to zero":         eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[1].DesiredSize = 0 }),
		"oldest version":        eksEnv("dev", func(e *envconfig.EKS) { e.Version = "1.31" }),
		// No cluster autoscaler release is pinned for 1.37 (autoscaling_validation_test.go).
		"newest version": eksEnv("dev", func(e *envconfig.EKS) { e.Version, e.Autoscaler.Enabled = "1.37", false }),
	}
	for name, env := range cases {
		if errs := eksProblems(t, env); len(errs) > 0 {
			t.Errorf("%s: unexpected problems:\n%v", name, errs)
		}
	}
}

// Each bad value is reported once, under its exact key, with the value and what is allowed.
func TestEKSBadConfigNamesTheKey(t *testing.T) {
	cases := []struct {
		name   string
		env    envconfig.Environment
		key    string
		detail string
	}{
		{"min above desired", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[0].MinSize = 4 }),
			"platform:eks.nodeGroups[0].minSize", "4 is not allowed: must be at most desiredSize (3)"},
		{"desired above max", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[1].DesiredSize = 11 }),
			"platform:eks.nodeGroups[1].desiredSize", "11 is not allowed: must be at most maxSize (10)"},
		{"max above the node group quota", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[0].MaxSize = 451 }),
			"platform:eks.nodeGroups[0].maxSize", "must be 1 to 450"},
		{"no instance types", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[1].InstanceTypes = []string{} }),
			"platform:eks.nodeGroups[1].instanceTypes", "must list at least one instance type"},
		{"unknown instance type", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[1].InstanceTypes[1] = "m6i.huge" }),
			"platform:eks.nodeGroups[1].instanceTypes[1]", `"m6i.huge" is not allowed`},
		{"unknown capacity type", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[0].CapacityType = "RESERVED" }),
			"platform:eks.nodeGroups[0].capacityType", `"RESERVED" is not allowed: must be one of ON_DEMAND, SPOT`},
		{"duplicate names", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[1].Name = "general" }),
			"platform:eks.nodeGroups[1].name", `"general" is not allowed: duplicates another node group's name`},
		{"unsupported version", eksEnv("dev", func(e *envconfig.EKS) { e.Version = "1.30" }),
			"platform:eks.version", `"1.30" is not allowed: must be a version EKS supports: 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37`},
		{"Amazon Linux 2", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[0].AMIType = "AL2_x86_64" }),
			"platform:eks.nodeGroups[0].amiType", "Amazon Linux 2 node AMIs reached end of support"},
		{"disk too small", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[0].DiskSizeGiB = 8 }),
			"platform:eks.nodeGroups[0].diskSize", "must be 20 to 65536"},
		{"unknown taint effect", eksEnv("dev", func(e *envconfig.EKS) { e.NodeGroups[1].Taints[0].Effect = "NoSchedule" }),
			"platform:eks.nodeGroups[1].taints[0].effect", "must be one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE"},
		{"too many taints", eksEnv("dev", func(e *envconfig.EKS) {
			e.NodeGroups[1].Taints = slices.Repeat(e.NodeGroups[1].Taints, envconfig.MaxNodeGroupTaints+1)
		}), "platform:eks.nodeGroups[1].taints", "at most 50 taints"},
		{"prod API open to the internet", eksEnv("prod", func(e *envconfig.EKS) { e.PublicAccessCIDRs = []string{"0.0.0.0/0"} }),
			"platform:eks.publicAccessCidrs", "prod must restrict the public API endpoint"},
		{"admin that is not a role", eksEnv("dev", func(e *envconfig.EKS) { e.AdminRoleARNs = []string{"arn:aws:iam::123456789012:user/alice"} }),
			"platform:eks.adminRoleArns[0]", "must be an IAM role ARN"},
		{"admin listed twice", eksEnv("dev", func(e *envconfig.EKS) {
			e.AdminRoleARNs = []string{"arn:aws:iam::123456789012:role/ops", "arn:aws:iam::123456789012:role/ops"}
		}), "platform:eks.adminRoleArns[1]", `"arn:aws:iam::123456789012:role/ops" is not allowed: is already listed at platform:eks.adminRoleArns[0]`},
		{"role both admin and viewer", eksEnv("dev", func(e *envconfig.EKS) {
			e.AdminRoleARNs = []string{"arn:aws:iam::123456789012:role/ops"}
			e.ViewerRoleARNs = []string{"arn:aws:iam::123456789012:role/ci", "arn:aws:iam::123456789012:role/Ops"}
		}), "platform:eks.viewerRoleArns[1]", "is already listed at platform:eks.adminRoleArns[0]: EKS gives a role one access entry"},
		{"IPv6 API access block", eksEnv("dev", func(e *envconfig.EKS) { e.PublicAccessCIDRs = []string{"203.0.113.0/24", "2001:db8::/32"} }),
			"platform:eks.publicAccessCidrs[1]", "must be an IPv4 CIDR"},
		{"prod without private access", eksEnv("prod", func(e *envconfig.EKS) { e.PrivateAccess = false }),
			"platform:eks.privateAccess", "prod must keep private endpoint access on"},
		{"unknown log type", eksEnv("dev", func(e *envconfig.EKS) { e.LogTypes = []string{"api", "kubelet"} }),
			"platform:eks.logTypes[1]", `"kubelet" is not allowed`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := eksProblems(t, c.env)
			if len(errs) != 1 || errs[0].Key != c.key || !strings.Contains(errs[0].Error(), c.detail) {
				t.Fatalf("want one problem %s: ...%s...; got:\n%v", c.key, c.detail, errs)
			}
		})
	}
}

// A cluster on the default version must not start on extended support, which costs six times
// the standard cluster-hour.
func TestDefaultEKSVersionIsInStandardSupport(t *testing.T) {
	if got := envconfig.EKSVersions[envconfig.DefaultEKSVersion].SupportOn("2026-11-25"); got != envconfig.StandardSupport {
		t.Fatalf("default version %s has support %q on the release date, want %q", envconfig.DefaultEKSVersion, got, envconfig.StandardSupport)
	}
}
