package envconfig

import (
	"regexp"
	"slices"
	"strings"
)

// Cache auto scaling dimensions: replicas per shard or shards (node groups).
const (
	CacheScaleReplicas = "replicas"
	CacheScaleShards   = "shards"
)

// Predefined metrics of Application Auto Scaling for ElastiCache.
const (
	MetricReplicaEngineCPU  = "ElastiCacheReplicaEngineCPUUtilization"
	MetricPrimaryEngineCPU  = "ElastiCachePrimaryEngineCPUUtilization"
	MetricMemoryForEvict    = "ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage"
	MetricCapacityForEvict  = "ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage"
	MinCacheScalingTarget   = 35.0 // percent, for every metric
	MaxCacheScalingTarget   = 70.0
	minCacheScalingReplicas = 0
	minCacheScalingShards   = 1
)

// cacheScalingMetrics are the metrics each dimension can track. Sources: Amazon ElastiCache user
// guide, "Auto Scaling Valkey and Redis OSS clusters": "Target tracking scaling policies" for
// replicas (only the replicas' engine CPU) and for shards (the primaries' engine CPU, memory or
// capacity counted for eviction); the target value is 35 to 70 percent in both.
var cacheScalingMetrics = map[string][]string{
	CacheScaleReplicas: {MetricReplicaEngineCPU},
	CacheScaleShards:   {MetricPrimaryEngineCPU, MetricMemoryForEvict, MetricCapacityForEvict},
}

// ElastiCache auto scaling supports large, xlarge and 2xlarge nodes of the R7g, R6g, R6gd, R5,
// M7g, M6g, M5 and C7gn families (same guide, "Prerequisites"); of the families this toolkit
// knows (instances.go) that leaves these, and no t4g.
var (
	cacheScalingFamilies = []string{"m6g", "m7g", "r6g", "r7g"}
	cacheScalingSizes    = []string{"large", "xlarge", "2xlarge"}
)

var (
	chartVersionRE = regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	imageTagRE     = regexp.MustCompile(`^v(\d+\.\d+)\.\d+$`)
)

func validateAutoscaling(env *Environment, r *report) {
	validateClusterAutoscaler(env.EKS, r)
	validateCacheAutoScaling(env, r)
}

// validateClusterAutoscaler checks the chart version and that the image's minor version matches
// the cluster's. The node groups' own bounds (minSize ≤ desiredSize ≤ maxSize ≤ the EKS quota)
// are validate_eks.go's: the autoscaler moves each group within them.
func validateClusterAutoscaler(e EKS, r *report) {
	a := e.Autoscaler
	if !a.Enabled {
		return
	}
	if !chartVersionRE.MatchString(a.ChartVersion) {
		r.add("eks.autoscaler.chartVersion", a.ChartVersion, "must be a cluster-autoscaler chart version such as %s", DefaultAutoscalerChartVersion)
	}
	if _, ok := EKSVersions[e.Version]; !ok {
		return // eks.version is reported; the image cannot be matched to it
	}
	if a.ImageTag == "" {
		if _, ok := AutoscalerImageTags[e.Version]; !ok {
			r.missing("eks.autoscaler.imageTag", "is required with eks.version %q: no cluster autoscaler release is pinned for it; set a v%s.x tag", e.Version, e.Version)
		}
		return
	}
	m := imageTagRE.FindStringSubmatch(a.ImageTag)
	switch {
	case m == nil:
		r.add("eks.autoscaler.imageTag", a.ImageTag, "must be a release tag such as %s", AutoscalerImageTags[DefaultEKSVersion])
	case m[1] != e.Version:
		r.add("eks.autoscaler.imageTag", a.ImageTag, "must be a v%s.x release: the cluster autoscaler's minor version must match eks.version %s", e.Version, e.Version)
	}
}

// validateCacheAutoScaling checks auto scaling against what ElastiCache supports: cluster mode,
// node type, a metric that fits the dimension, bounds within the group's limits, and the
// configured size inside them. Nothing is checked while it is off.
func validateCacheAutoScaling(env *Environment, r *report) {
	c := env.Cache
	s := c.AutoScaling
	if !s.Enabled {
		return
	}
	if !c.ClusterMode {
		r.add("cache.autoScaling.enabled", true, "needs cache.clusterMode true: ElastiCache auto scaling works only with cluster mode enabled")
	}
	if family, size, ok := cacheNodeFamily(c.NodeType); ok && (!slices.Contains(cacheScalingFamilies, family) || !slices.Contains(cacheScalingSizes, size)) {
		r.add("cache.nodeType", c.NodeType, "does not support cache.autoScaling: ElastiCache auto scaling takes %s nodes of the families %s",
			strings.Join(cacheScalingSizes, ", "), strings.Join(cacheScalingFamilies, ", "))
	}
	metrics, ok := cacheScalingMetrics[s.Dimension]
	if !ok {
		r.add("cache.autoScaling.dimension", s.Dimension, "must be one of %s, %s", CacheScaleReplicas, CacheScaleShards)
		return
	}
	if !slices.Contains(metrics, s.Metric) {
		r.add("cache.autoScaling.metric", s.Metric, "scaling %s must track one of %s", s.Dimension, strings.Join(metrics, ", "))
	}
	if s.TargetValue < MinCacheScalingTarget || s.TargetValue > MaxCacheScalingTarget {
		r.add("cache.autoScaling.targetValue", s.TargetValue, "must be %v to %v (percent)", MinCacheScalingTarget, MaxCacheScalingTarget)
	}
	validateCacheScalingBounds(env, r)
}

// validateCacheScalingBounds checks minCapacity ≤ maxCapacity within the dimension's limits, the
// node limit of the group at maxCapacity, and that the configured size lies within the bounds
// (AWS would resize the group to them at once, and the plan would price a size it never has).
func validateCacheScalingBounds(env *Environment, r *report) {
	c := env.Cache
	s := c.AutoScaling
	lo, hi, current, currentKey := minCacheScalingReplicas, MaxCacheReplicas, c.ReplicasPerShard, "cache.replicasPerShard"
	if s.Dimension == CacheScaleShards {
		lo, hi, current, currentKey = minCacheScalingShards, MaxCacheShards, c.Shards, "cache.shards"
	}
	minOK := s.MinCapacity >= lo && s.MinCapacity <= hi
	maxOK := s.MaxCapacity >= lo && s.MaxCapacity <= hi
	if !minOK {
		r.add("cache.autoScaling.minCapacity", s.MinCapacity, "must be %d to %d %s", lo, hi, s.Dimension)
	}
	if !maxOK {
		r.add("cache.autoScaling.maxCapacity", s.MaxCapacity, "must be %d to %d %s", lo, hi, s.Dimension)
	}
	if !minOK || !maxOK {
		return
	}
	if s.MinCapacity > s.MaxCapacity {
		r.add("cache.autoScaling.minCapacity", s.MinCapacity, "must be at most cache.autoScaling.maxCapacity (%d)", s.MaxCapacity)
		return
	}
	if env.IsProd() && s.Dimension == CacheScaleReplicas && s.MinCapacity < 1 {
		r.add("cache.autoScaling.minCapacity", s.MinCapacity, "prod needs at least 1 replica for multi-AZ failover")
	}
	if nodes := maxCacheNodes(c); nodes > MaxCacheNodes {
		r.add("cache.autoScaling.maxCapacity", s.MaxCapacity, "makes %d nodes at most; a replication group holds at most %d", nodes, MaxCacheNodes)
	}
	if current < s.MinCapacity || current > s.MaxCapacity {
		r.add(currentKey, current, "must be within cache.autoScaling minCapacity to maxCapacity (%d to %d) while auto scaling is on", s.MinCapacity, s.MaxCapacity)
	}
}

// maxCacheNodes is the group's node count with the scaled dimension at maxCapacity.
func maxCacheNodes(c Cache) int {
	if c.AutoScaling.Dimension == CacheScaleShards {
		return c.AutoScaling.MaxCapacity * (1 + c.ReplicasPerShard)
	}
	return c.Shards * (1 + c.AutoScaling.MaxCapacity)
}

// cacheNodeFamily splits cache.r7g.large into r7g and large.
func cacheNodeFamily(nodeType string) (family, size string, ok bool) {
	rest, ok := strings.CutPrefix(nodeType, "cache.")
	if !ok {
		return "", "", false
	}
	family, size, ok = strings.Cut(rest, ".")
	return family, size, ok
}
