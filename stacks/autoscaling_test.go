package stacks_test

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/offline"
)

const (
	helmReleaseType    = "kubernetes:helm.sh/v3:Release"
	k8sProviderType    = "pulumi:providers:kubernetes"
	iamRoleType        = "aws:iam/role:Role"
	iamRolePolicyType  = "aws:iam/rolePolicy:RolePolicy"
	oidcProviderType   = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	scalableTargetType = "aws:appautoscaling/target:Target"
	scalingPolicyType  = "aws:appautoscaling/policy:Policy"
)

// iamDocument is an IAM policy document as the tests read it.
type iamDocument struct {
	Statement []iamStatement
}

type iamStatement struct {
	Sid       string
	Effect    string
	Principal map[string]string
	Action    any
	Resource  any
	Condition map[string]map[string]string
}

func parseDocument(t *testing.T, what, doc string) iamDocument {
	t.Helper()
	var d iamDocument
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatalf("%s is not a policy document: %v\n%s", what, err, doc)
	}
	return d
}

// strs reads a policy's Action or Resource, a string or a list.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, len(x))
		for i, s := range x {
			out[i], _ = s.(string)
		}
		return out
	}
	return nil
}

// autoscalerParts is what the cluster autoscaler registered in one run.
type autoscalerParts struct {
	release, provider, role, policy offline.Resource
}

func autoscalerOf(t *testing.T, res *offline.Result, stack string) autoscalerParts {
	t.Helper()
	name := "platform-" + stack + "-cluster-autoscaler"
	return autoscalerParts{
		release:  mustFind(t, res, helmReleaseType, name),
		provider: mustFind(t, res, k8sProviderType, name),
		role:     mustFind(t, res, iamRoleType, name),
		policy:   mustFind(t, res, iamRolePolicyType, name),
	}
}

// valueAt reads a dotted path of the release's values.
func (p autoscalerParts) valueAt(path string) any {
	return clusterProp(p.release.Inputs, "values."+path).Mappable()
}

// The chart comes from the official repository at the pinned version into kube-system, through a
// Kubernetes provider built from the cluster's (secret) kubeconfig, after the node groups exist;
// its values discover this cluster's node groups and annotate the service account with the role.
func TestClusterAutoscalerHelmRelease(t *testing.T) {
	res := mustRun(t, "prod")
	p := autoscalerOf(t, res, "prod")
	in := p.release.Inputs
	for key, want := range map[string]string{
		"chart": "cluster-autoscaler", "version": "9.59.0", "namespace": "kube-system", "name": "cluster-autoscaler",
	} {
		if got := clusterProp(in, key); !got.IsString() || got.StringValue() != want {
			t.Errorf("release %s = %v, want %q", key, got, want)
		}
	}
	if repo := clusterProp(in, "repositoryOpts.repo"); !repo.IsString() || repo.StringValue() != "https://kubernetes.github.io/autoscaler" {
		t.Errorf("chart repository %v, want https://kubernetes.github.io/autoscaler", repo)
	}
	cluster := mustFind(t, res, eksClusterType, "platform-prod-eks")
	roleARN := p.role.Outputs["arn"].StringValue()
	for path, want := range map[string]any{
		"autoDiscovery.clusterName":             cluster.Outputs["name"].StringValue(),
		"awsRegion":                             "us-east-1",
		"cloudProvider":                         "aws",
		"image.tag":                             "v1.36.1", // Kubernetes 1.36
		"rbac.serviceAccount.create":            true,
		"rbac.serviceAccount.name":              "cluster-autoscaler",
		"extraArgs.balance-similar-node-groups": true,
		"extraArgs.skip-nodes-with-system-pods": false,
		"extraArgs.expander":                    "least-waste",
	} {
		if got := p.valueAt(path); got != want {
			t.Errorf("values.%s = %v, want %v", path, got, want)
		}
	}
	annotations, _ := p.valueAt("rbac.serviceAccount.annotations").(map[string]any)
	if annotations["eks.amazonaws.com/role-arn"] != roleARN || roleARN == "" {
		t.Errorf("service account annotations %v, want eks.amazonaws.com/role-arn = %s", annotations, roleARN)
	}

	// The release goes through its own provider, built from the cluster's kubeconfig, kept secret.
	if want := p.provider.URN + "::" + p.provider.ID; p.release.Provider != want {
		t.Errorf("release provider %q, want the autoscaler's Kubernetes provider %q", p.release.Provider, want)
	}
	kubeconfig := p.provider.Inputs["kubeconfig"]
	if !kubeconfig.IsSecret() || !strings.Contains(kubeconfig.SecretValue().Element.StringValue(), cluster.Outputs["endpoint"].StringValue()) {
		t.Errorf("provider kubeconfig is not the cluster's, or not secret: %v", kubeconfig)
	}
	// It waits for every node group: the autoscaler's pod needs a node.
	for _, ng := range res.ByType(managedGroupType) {
		if !slices.Contains(p.release.DependsOn, ng.URN) {
			t.Errorf("release does not wait for node group %s: depends on %v", ng.URN, p.release.DependsOn)
		}
	}
	// And for its role's permissions: started before them, its AWS calls are denied.
	if !slices.Contains(p.release.DependsOn, p.policy.URN) {
		t.Errorf("release does not wait for the role's policy: depends on %v", p.release.DependsOn)
	}
	if status := clusterProp(p.release.Outputs, "status.status"); !status.IsString() || status.StringValue() != "deployed" {
		t.Errorf("release status %v, want deployed", status)
	}
}

// The role trusts only the autoscaler's service account, through the cluster's OIDC provider and
// for STS; it may describe anything but resize only groups tagged as this cluster's.
func TestClusterAutoscalerRoleIsScopedToItsClusterAndServiceAccount(t *testing.T) {
	res := mustRun(t, "prod")
	p := autoscalerOf(t, res, "prod")
	oidc := mustFind(t, res, oidcProviderType, "platform-prod-eks-oidc")
	issuer := strings.TrimPrefix(oidc.Inputs["url"].StringValue(), "https://")
	oidcARN := oidc.Outputs["arn"].StringValue()

	trust := parseDocument(t, "assumeRolePolicy", p.role.Inputs["assumeRolePolicy"].StringValue())
	if len(trust.Statement) != 1 {
		t.Fatalf("trust policy has %d statements, want 1", len(trust.Statement))
	}
	s := trust.Statement[0]
	wantCondition := map[string]string{
		issuer + ":sub": "system:serviceaccount:kube-system:cluster-autoscaler",
		issuer + ":aud": "sts.amazonaws.com",
	}
	if s.Effect != "Allow" || s.Principal["Federated"] != oidcARN || fmt.Sprint(s.Action) != "sts:AssumeRoleWithWebIdentity" ||
		!mapsEqual(s.Condition["StringEquals"], wantCondition) || len(s.Condition) != 1 {
		t.Errorf("trust statement %+v, want the OIDC provider %s with StringEquals %v", s, oidcARN, wantCondition)
	}
	if p.policy.Inputs["role"].StringValue() != p.role.Outputs["name"].StringValue() {
		t.Errorf("policy attached to %v, want role %v", p.policy.Inputs["role"], p.role.Outputs["name"])
	}

	cluster := mustFind(t, res, eksClusterType, "platform-prod-eks").Outputs["name"].StringValue()
	perms := parseDocument(t, "policy", p.policy.Inputs["policy"].StringValue())
	scaled := false
	for _, st := range perms.Statement {
		actions := strs(st.Action)
		switch {
		case slices.Contains(actions, "autoscaling:SetDesiredCapacity"):
			scaled = true
			want := map[string]string{
				"aws:ResourceTag/k8s.io/cluster-autoscaler/" + cluster: "owned",
				"aws:ResourceTag/k8s.io/cluster-autoscaler/enabled":    "true",
			}
			if !slices.Contains(actions, "autoscaling:TerminateInstanceInAutoScalingGroup") || !mapsEqual(st.Condition["StringEquals"], want) {
				t.Errorf("resize statement %+v, want both resize actions limited by %v", st, want)
			}
		case slices.Contains(actions, "autoscaling:TerminateInstanceInAutoScalingGroup"):
			t.Errorf("instances may be terminated outside the tag-limited statement: %+v", st)
		case slices.Contains(actions, "eks:DescribeNodegroup"):
			want := "arn:aws:eks:us-east-1:" + offline.Account + ":nodegroup/" + cluster + "/*"
			if got := strs(st.Resource); len(got) != 1 || got[0] != want {
				t.Errorf("eks:DescribeNodegroup on %v, want %s", got, want)
			}
		default:
			for _, a := range actions {
				if !strings.Contains(a, ":Describe") && !strings.Contains(a, ":Get") {
					t.Errorf("unconditioned statement %s grants %s, which is not read-only", st.Sid, a)
				}
			}
		}
	}
	if !scaled {
		t.Errorf("no statement lets the autoscaler resize its node groups: %+v", perms)
	}
}

// Turned off, the stack installs nothing of the autoscaler, and its cost does not change (the
// autoscaler is free; its pod runs on nodes the node groups already price).
func TestClusterAutoscalerOffWhenDisabled(t *testing.T) {
	on := mustRun(t, "dev")
	off := mustRun(t, "dev", "eks.autoscaler.enabled=false")
	for _, typ := range []string{helmReleaseType, k8sProviderType, "platform:autoscaler:ClusterAutoscaler"} {
		if got := len(off.ByType(typ)); got != 0 {
			t.Errorf("disabled: %d %s registered", got, typ)
		}
		if got := len(on.ByType(typ)); got != 1 {
			t.Errorf("enabled: %d %s registered, want 1", got, typ)
		}
	}
	if _, ok := off.Find(iamRoleType, "platform-dev-cluster-autoscaler"); ok {
		t.Error("disabled: the autoscaler's role is registered")
	}
	if a, b := exportedCost(t, on), exportedCost(t, off); a.Monthly != b.Monthly || len(a.Unpriced) != 0 {
		t.Errorf("cost with the autoscaler %.2f (unpriced %v), without %.2f", a.Monthly, a.Unpriced, b.Monthly)
	}
}

// The image follows the cluster's Kubernetes minor version unless set, and a version without a
// pinned release stops the run before anything is registered.
func TestClusterAutoscalerImageFollowsKubernetesVersion(t *testing.T) {
	for _, c := range []struct {
		sets []string
		want string
	}{
		{[]string{`eks.version="1.35"`}, "v1.35.2"},
		{[]string{"eks.autoscaler.imageTag=v1.36.0"}, "v1.36.0"},
		{[]string{"eks.autoscaler.chartVersion=9.58.0"}, "v1.36.1"},
	} {
		p := autoscalerOf(t, mustRun(t, "dev", c.sets...), "dev")
		if got := p.valueAt("image.tag"); got != c.want {
			t.Errorf("%v: image.tag %v, want %s", c.sets, got, c.want)
		}
		if strings.Contains(c.sets[0], "chartVersion") && p.release.Inputs["version"].StringValue() != "9.58.0" {
			t.Errorf("%v: chart version %v", c.sets, p.release.Inputs["version"])
		}
	}
	errs := badConfig(t, "dev", `eks.version="1.37"`)
	if !slices.Contains(errs.Keys(), "platform:eks.autoscaler.imageTag") {
		t.Errorf("problems %v lack platform:eks.autoscaler.imageTag", errs.Keys())
	}
}

// scalingOf returns the cache's scalable target and policy.
func scalingOf(t *testing.T, res *offline.Result) (target, policy offline.Resource) {
	t.Helper()
	targets, policies := res.ByType(scalableTargetType), res.ByType(scalingPolicyType)
	if len(targets) != 1 || len(policies) != 1 {
		t.Fatalf("%d scalable targets and %d scaling policies, want 1 and 1", len(targets), len(policies))
	}
	return targets[0], policies[0]
}

// Prod's cache scales its replicas per shard between 2 and 4 on the replicas' engine CPU; with
// shards configured instead, the node groups. The replication group then leaves the scaled count
// to auto scaling.
func TestCacheAutoScalingTargetAndPolicy(t *testing.T) {
	cases := []struct {
		sets                       []string
		dimension, metric, ignored string
		min, max, target           float64
	}{
		{nil, "elasticache:replication-group:Replicas", "ElastiCacheReplicaEngineCPUUtilization", "replicasPerNodeGroup", 2, 4, 60},
		{[]string{"cache.autoScaling.dimension=shards", "cache.autoScaling.minCapacity=3", "cache.autoScaling.maxCapacity=6",
			"cache.autoScaling.metric=ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage", "cache.autoScaling.targetValue=65"},
			"elasticache:replication-group:NodeGroups", "ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage", "numNodeGroups", 3, 6, 65},
	}
	for _, c := range cases {
		res := mustRun(t, "prod", c.sets...)
		rg := replicationGroup(t, res)
		target, policy := scalingOf(t, res)
		resourceID := "replication-group/" + rg.Outputs["replicationGroupId"].StringValue()
		for key, want := range map[string]any{
			"serviceNamespace": "elasticache", "resourceId": resourceID, "scalableDimension": c.dimension,
			"minCapacity": c.min, "maxCapacity": c.max,
		} {
			if got := target.Inputs[resource.PropertyKey(key)].Mappable(); got != want {
				t.Errorf("%v: target %s = %v, want %v", c.sets, key, got, want)
			}
		}
		if tags := clusterProp(target.Inputs, "tags.Environment"); !tags.IsString() || tags.StringValue() != "prod" {
			t.Errorf("%v: target untagged: %v", c.sets, target.Inputs["tags"])
		}
		for key, want := range map[string]any{
			"policyType": "TargetTrackingScaling", "serviceNamespace": "elasticache", "resourceId": resourceID, "scalableDimension": c.dimension,
			"targetTrackingScalingPolicyConfiguration.targetValue":                                        c.target,
			"targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType": c.metric,
		} {
			if got := clusterProp(policy.Inputs, key).Mappable(); got != want {
				t.Errorf("%v: policy %s = %v, want %v", c.sets, key, got, want)
			}
		}
		if policy.Parent != target.URN {
			t.Errorf("%v: policy parent %s, want the target", c.sets, policy.Parent)
		}
		if !slices.Equal(rg.IgnoreChanges, []string{c.ignored}) || !rg.Protect {
			t.Errorf("%v: replication group ignores %v (protected %v), want [%s] and protected", c.sets, rg.IgnoreChanges, rg.Protect, c.ignored)
		}
	}
}

// Without autoScaling in its config a cache has no scalable target and keeps its whole config.
func TestCacheAutoScalingOffByDefault(t *testing.T) {
	for _, stack := range []string{"dev", "staging"} {
		res := mustRun(t, stack)
		if n := len(res.ByType(scalableTargetType)) + len(res.ByType(scalingPolicyType)); n != 0 {
			t.Errorf("%s: %d auto scaling resources", stack, n)
		}
		if rg := replicationGroup(t, res); len(rg.IgnoreChanges) != 0 {
			t.Errorf("%s: replication group ignores %v", stack, rg.IgnoreChanges)
		}
	}
}

// The cost output prices the auto scaled cache at its configured size, with the range from min
// to max capacity, as it prices node groups from min to max size; a preview prices it the same.
func TestCacheAutoScalingCostRange(t *testing.T) {
	hourly := price("elasticache", "valkey:cache.r7g.large")
	for _, c := range []struct {
		name                string
		sets                []string
		nodes, lo, hi       float64 // 3 shards × (1 + 2 replicas) configured
		wantNote, dimension string
	}{
		{"replicas 2 to 4", nil, 9, 3 * (1 + 2), 3 * (1 + 4), "replicas per shard", "replicas"},
		{"shards 2 to 5", []string{"cache.autoScaling.dimension=shards", "cache.autoScaling.minCapacity=2", "cache.autoScaling.maxCapacity=5",
			"cache.autoScaling.metric=ElastiCachePrimaryEngineCPUUtilization"}, 9, 2 * 3, 5 * 3, "shards", "shards"},
		{"off", []string{"cache.autoScaling.enabled=false"}, 9, 9, 9, "", ""},
	} {
		cfg := loadConfig(t, "prod", c.sets...)
		for _, dryRun := range []bool{false, true} {
			est := exportedCost(t, runAs(t, cfg, dryRun))
			var lines int
			for _, l := range est.Lines {
				if l.Service != "elasticache" {
					continue
				}
				lines++
				if !nearCents(l.Monthly, c.nodes*hours*hourly) || !nearCents(l.MinMonthly, c.lo*hours*hourly) || !nearCents(l.MaxMonthly, c.hi*hours*hourly) {
					t.Errorf("%s (preview %v): cache %.2f (%.2f–%.2f), want %.2f (%.2f–%.2f)", c.name, dryRun,
						l.Monthly, l.MinMonthly, l.MaxMonthly, c.nodes*hours*hourly, c.lo*hours*hourly, c.hi*hours*hourly)
				}
				if !strings.Contains(l.Note, c.wantNote) {
					t.Errorf("%s: note %q lacks %q", c.name, l.Note, c.wantNote)
				}
			}
			if lines != 1 {
				t.Errorf("%s: %d cache lines, want 1", c.name, lines)
			}
			// The node groups keep their own range: general 3–12 and batch 0–10 around 3 and 2.
			for _, l := range est.Lines {
				if l.Type == managedGroupType && l.Service == "ec2" && (l.MinMonthly > l.Monthly || l.MaxMonthly <= l.Monthly) {
					t.Errorf("%s: node group line %v %s has no range: %+v", c.name, l.Resources, l.Item, l)
				}
			}
			if est.MinMonthly > est.Monthly || est.MaxMonthly < est.Monthly+(c.hi-c.nodes)*hours*hourly-0.01 {
				t.Errorf("%s: totals %.2f (%.2f–%.2f) do not carry the cache's range", c.name, est.Monthly, est.MinMonthly, est.MaxMonthly)
			}
		}
	}
}

func nearCents(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// Bad auto scaling input fails before anything is registered, naming the key.
func TestAutoscalingBadConfigRegistersNothing(t *testing.T) {
	cases := []struct {
		stack string
		sets  []string
		key   string
	}{
		{"prod", []string{"cache.autoScaling.minCapacity=5"}, "platform:cache.autoScaling.minCapacity"},
		{"prod", []string{"cache.autoScaling.maxCapacity=6"}, "platform:cache.autoScaling.maxCapacity"},
		{"prod", []string{"cache.autoScaling.metric=ElastiCachePrimaryEngineCPUUtilization"}, "platform:cache.autoScaling.metric"},
		{"staging", []string{"cache.autoScaling.enabled=true"}, "platform:cache.autoScaling.enabled"}, // cluster mode off
		{"dev", []string{"eks.autoscaler.imageTag=v1.34.5"}, "platform:eks.autoscaler.imageTag"},
	}
	for _, c := range cases {
		errs := badConfig(t, c.stack, c.sets...)
		if !slices.Contains(errs.Keys(), c.key) {
			t.Errorf("%s %v: problems %v lack %s", c.stack, c.sets, errs.Keys(), c.key)
		}
	}
}
