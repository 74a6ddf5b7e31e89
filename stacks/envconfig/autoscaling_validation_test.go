package envconfig_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/platform-team/platform/stacks/envconfig"
)

// A cluster-mode cache that auto scaling accepts: 2 shards × (1 + 1 replica) of r7g.large.
const scalableCache = `"clusterMode":true,"shards":2,"replicasPerShard":1,"nodeType":"cache.r7g.large"`

// loadScaling validates a stack of the given environment with platform:eks and platform:cache as
// given ("" leaves a section out) and returns its EKS and cache problems.
func loadScaling(environment, eksJSON, cacheJSON string) error {
	cfg := map[string]string{
		"aws:region":              "us-east-1",
		"platform:environment":    environment,
		"platform:cacheAuthToken": goodCacheToken,
	}
	if eksJSON != "" {
		cfg["platform:eks"] = eksJSON
	}
	if cacheJSON != "" {
		cfg["platform:cache"] = cacheJSON
	}
	if environment == envconfig.EnvProd && eksJSON == "" {
		cfg["platform:eks"] = `{"publicAccessCidrs":["203.0.113.0/24"]}` // prod's own EKS rule
	}
	_, err := envconfig.Load("platform", environment, func(k string) (string, bool) { v, ok := cfg[k]; return v, ok })
	return scalingProblems(err)
}

// scalingProblems keeps the problems with platform:eks and platform:cache keys, so that the
// tables below do not depend on the other tiers' rules (prod's, above all).
func scalingProblems(err error) error {
	var errs envconfig.Errors
	if !errors.As(err, &errs) {
		return err
	}
	var kept envconfig.Errors
	for _, e := range errs {
		if strings.HasPrefix(e.Key, "platform:eks") || strings.HasPrefix(e.Key, "platform:cache") {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

func TestAutoscalingDefaults(t *testing.T) {
	env, err := envconfig.Load("platform", "dev", func(k string) (string, bool) {
		v, ok := map[string]string{"aws:region": "us-east-1", "platform:environment": "dev", "platform:cacheAuthToken": goodCacheToken}[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	a := env.EKS.Autoscaler
	if !a.Enabled || a.ChartVersion != "9.59.0" || env.EKS.AutoscalerImageTag() != "v1.36.1" {
		t.Errorf("cluster autoscaler defaults: %+v, image %s; want on, chart 9.59.0, image v1.36.1 for Kubernetes 1.36", a, env.EKS.AutoscalerImageTag())
	}
	if env.Cache.AutoScaling.Enabled {
		t.Errorf("cache auto scaling is on by default: %+v", env.Cache.AutoScaling)
	}
	// Every pinned image is a release of the Kubernetes minor it is pinned for, and every
	// version EKS supports but 1.37 has one.
	for version, tag := range envconfig.AutoscalerImageTags {
		if !strings.HasPrefix(tag, "v"+version+".") {
			t.Errorf("Kubernetes %s pins autoscaler %s", version, tag)
		}
	}
	for _, version := range envconfig.SupportedEKSVersions() {
		if _, ok := envconfig.AutoscalerImageTags[version]; !ok && version != "1.37" {
			t.Errorf("no autoscaler image pinned for EKS %s", version)
		}
	}
}

func TestAutoscalingConfigsThatAreValid(t *testing.T) {
	cases := []struct{ name, environment, eks, cache string }{
		{"defaults", "dev", "", ""},
		{"autoscaler off on an unpinned version", "dev", `{"version":"1.37","autoscaler":{"enabled":false}}`, ""},
		{"image set for an unpinned version", "dev", `{"version":"1.37","autoscaler":{"imageTag":"v1.37.0"}}`, ""},
		{"older version follows its pin", "dev", `{"version":"1.33"}`, ""},
		{"replicas with defaults", "dev", "", `{` + scalableCache + `,"autoScaling":{"enabled":true}}`},
		{"replicas down to none", "dev", "", `{` + scalableCache + `,"autoScaling":{"enabled":true,"minCapacity":0,"maxCapacity":1}}`},
		{"shards on memory", "dev", "", `{` + scalableCache + `,"autoScaling":{"enabled":true,"dimension":"shards","minCapacity":1,"maxCapacity":250,"metric":"ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage","targetValue":70}}`},
		{"shards on primary CPU", "dev", "", `{` + scalableCache + `,"nodeType":"cache.m7g.2xlarge","autoScaling":{"enabled":true,"dimension":"shards","minCapacity":2,"maxCapacity":2,"metric":"ElastiCachePrimaryEngineCPUUtilization","targetValue":35}}`},
		{"prod replicas", "prod", "", `{"clusterMode":true,"shards":3,"replicasPerShard":2,"nodeType":"cache.r7g.large","autoScaling":{"enabled":true,"minCapacity":2,"maxCapacity":4}}`},
		// Off, its fields are not checked: a dev stack keeps a t4g node and no cluster mode.
		{"off with unsupported settings", "dev", "", `{"nodeType":"cache.t4g.medium","autoScaling":{"enabled":false,"dimension":"nodes","metric":"x"}}`},
	}
	for _, c := range cases {
		if err := loadScaling(c.environment, c.eks, c.cache); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// Each bad autoscaling config fails with one problem that names its key and says what is allowed.
func TestBadAutoscalingConfigsNameTheKey(t *testing.T) {
	withScaling := func(extra, scaling string) string {
		return `{` + scalableCache + extra + `,"autoScaling":{"enabled":true` + scaling + `}}`
	}
	cases := []struct {
		name, environment, eks, cache string
		key, detail                   string
	}{
		// Cache: min above max, bounds above ElastiCache's limits, the configured size outside them.
		{"min above max", "dev", "", withScaling("", `,"minCapacity":4,"maxCapacity":2`),
			"platform:cache.autoScaling.minCapacity", "4 is not allowed: must be at most cache.autoScaling.maxCapacity (2)"},
		{"more replicas than a shard holds", "dev", "", withScaling("", `,"maxCapacity":6`),
			"platform:cache.autoScaling.maxCapacity", "6 is not allowed: must be 0 to 5 replicas"},
		{"more shards than a group holds", "dev", "", withScaling(`,"replicasPerShard":0`, `,"dimension":"shards","metric":"ElastiCachePrimaryEngineCPUUtilization","maxCapacity":501`),
			"platform:cache.autoScaling.maxCapacity", "must be 1 to 500 shards"},
		{"no shards", "dev", "", withScaling("", `,"dimension":"shards","metric":"ElastiCachePrimaryEngineCPUUtilization","minCapacity":0`),
			"platform:cache.autoScaling.minCapacity", "must be 1 to 500 shards"},
		{"more nodes than a group holds", "dev", "", withScaling(`,"replicasPerShard":2`, `,"dimension":"shards","metric":"ElastiCachePrimaryEngineCPUUtilization","maxCapacity":200`),
			"platform:cache.autoScaling.maxCapacity", "makes 600 nodes at most; a replication group holds at most 500"},
		{"replicas below the minimum", "dev", "", withScaling("", `,"minCapacity":2`),
			"platform:cache.replicasPerShard", "1 is not allowed: must be within cache.autoScaling minCapacity to maxCapacity (2 to 5)"},
		{"shards above the maximum", "dev", "", withScaling(`,"shards":5`, `,"dimension":"shards","metric":"ElastiCachePrimaryEngineCPUUtilization","maxCapacity":4`),
			"platform:cache.shards", "must be within cache.autoScaling minCapacity to maxCapacity (1 to 4)"},
		{"prod scaled to no replica", "prod", "", `{"clusterMode":true,"shards":3,"replicasPerShard":2,"nodeType":"cache.r7g.large","autoScaling":{"enabled":true,"minCapacity":0}}`,
			"platform:cache.autoScaling.minCapacity", "prod needs at least 1 replica"},
		// Cache: metrics, dimensions and target values ElastiCache does not take.
		{"shard metric for replicas", "dev", "", withScaling("", `,"metric":"ElastiCachePrimaryEngineCPUUtilization"`),
			"platform:cache.autoScaling.metric", "scaling replicas must track one of ElastiCacheReplicaEngineCPUUtilization"},
		{"replica metric for shards", "dev", "", withScaling("", `,"dimension":"shards"`),
			"platform:cache.autoScaling.metric", "scaling shards must track one of ElastiCachePrimaryEngineCPUUtilization, ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage"},
		{"unknown metric", "dev", "", withScaling("", `,"metric":"CPUUtilization"`),
			"platform:cache.autoScaling.metric", `"CPUUtilization" is not allowed`},
		{"unknown dimension", "dev", "", withScaling("", `,"dimension":"nodes"`),
			"platform:cache.autoScaling.dimension", `"nodes" is not allowed: must be one of replicas, shards`},
		{"target too high", "dev", "", withScaling("", `,"targetValue":80`),
			"platform:cache.autoScaling.targetValue", "80 is not allowed: must be 35 to 70 (percent)"},
		// Cache: what ElastiCache auto scaling needs of the group itself.
		{"cluster mode off", "dev", "", `{"replicasPerShard":1,"nodeType":"cache.r7g.large","autoScaling":{"enabled":true}}`,
			"platform:cache.autoScaling.enabled", "needs cache.clusterMode true"},
		{"burstable node", "dev", "", withScaling(`,"nodeType":"cache.t4g.medium"`, ""),
			"platform:cache.nodeType", `"cache.t4g.medium" is not allowed: does not support cache.autoScaling`},
		{"node too large", "dev", "", withScaling(`,"nodeType":"cache.r7g.4xlarge"`, ""),
			"platform:cache.nodeType", "takes large, xlarge, 2xlarge nodes"},
		// Cluster autoscaler: the chart and an image of the cluster's minor version.
		{"image of another minor", "dev", `{"autoscaler":{"imageTag":"v1.35.2"}}`, "",
			"platform:eks.autoscaler.imageTag", "must be a v1.36.x release: the cluster autoscaler's minor version must match eks.version 1.36"},
		{"image not a release", "dev", `{"autoscaler":{"imageTag":"latest"}}`, "",
			"platform:eks.autoscaler.imageTag", "must be a release tag such as v1.36.1"},
		{"no image for an unpinned version", "dev", `{"version":"1.37"}`, "",
			"platform:eks.autoscaler.imageTag", `is required with eks.version "1.37"`},
		{"chart not a version", "dev", `{"autoscaler":{"chartVersion":"latest"}}`, "",
			"platform:eks.autoscaler.chartVersion", "must be a cluster-autoscaler chart version such as 9.59.0"},
		// Node groups: the bounds the autoscaler moves a group within.
		{"node group min above max", "dev", `{"nodeGroups":[{"name":"general","minSize":5,"desiredSize":4,"maxSize":4}]}`, "",
			"platform:eks.nodeGroups[0].minSize", "5 is not allowed: must be at most desiredSize (4)"},
		{"node group max above the EKS quota", "dev", `{"nodeGroups":[{"name":"general","maxSize":451}]}`, "",
			"platform:eks.nodeGroups[0].maxSize", "must be 1 to 450"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			onlyProblem(t, loadScaling(c.environment, c.eks, c.cache), c.key, c.detail)
		})
	}
}
