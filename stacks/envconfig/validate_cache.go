package envconfig

import (
	"regexp"
	"strings"
)

// ElastiCache limits (ElastiCache user guide: replication groups, snapshots, quotas).
const (
	MaxCacheReplicas           = 5
	MaxCacheShards             = 500
	MaxSnapshotRetentionDays   = 35
	minCachePort, maxCachePort = 1024, 65535
)

var (
	cacheEngineVersions = map[string][]string{
		"redis":  {"6.2", "7.0", "7.1"},
		"valkey": {"7.2", "8.0", "8.1"},
	}
	evictionPolicies = []string{"volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu", "volatile-random", "allkeys-random", "volatile-ttl", "noeviction"}
	timeRange        = `([01]\d|2[0-3]):[0-5]\d`
	snapshotWindowRE = regexp.MustCompile(`^` + timeRange + `-` + timeRange + `$`)
	day              = `(sun|mon|tue|wed|thu|fri|sat)`
	maintenanceRE    = regexp.MustCompile(`^` + day + `:` + timeRange + `-` + day + `:` + timeRange + `$`)
	kmsKeyARN        = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/[A-Za-z0-9/_-]+$`)
)

func validateCache(env *Environment, hasAuthToken bool, r *report) {
	c := env.Cache
	versions, ok := cacheEngineVersions[c.Engine]
	if !ok {
		r.add("cache.engine", c.Engine, "must be one of redis, valkey")
	} else {
		r.oneOf("cache.engineVersion", c.EngineVersion, versions...)
	}
	if !KnownCacheNodeType(c.NodeType) {
		r.add("cache.nodeType", c.NodeType, "must be an ElastiCache node type of the families %s, such as cache.r7g.large", familyList(cacheFamilies))
	}
	r.intRange("cache.replicasPerShard", c.ReplicasPerShard, 0, MaxCacheReplicas)
	if c.ClusterMode {
		r.intRange("cache.shards", c.Shards, 1, MaxCacheShards)
	} else if c.Shards != 1 {
		r.add("cache.shards", c.Shards, "must be 1 unless clusterMode is true")
	}
	if env.IsProd() && c.ReplicasPerShard < 1 {
		r.add("cache.replicasPerShard", c.ReplicasPerShard, "prod needs at least 1 replica for multi-AZ failover")
	}
	if c.KMSKeyARN != "" {
		if !c.AtRestEncryption {
			r.add("cache.kmsKeyArn", c.KMSKeyARN, "needs atRestEncryption true")
		} else if !kmsKeyARN.MatchString(c.KMSKeyARN) {
			r.add("cache.kmsKeyArn", c.KMSKeyARN, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)")
		}
	}
	if c.TransitEncryption && !hasAuthToken {
		r.missing(CacheAuthTokenKey, "is required when cache.transitEncryption is true: `pulumi config set --secret %s <16-128 chars>`", CacheAuthTokenKey)
	}
	r.oneOf("cache.evictionPolicy", c.EvictionPolicy, evictionPolicies...)
	r.intRange("cache.snapshotRetentionDays", c.SnapshotRetentionDays, 0, MaxSnapshotRetentionDays)
	if !snapshotWindowRE.MatchString(c.SnapshotWindow) {
		r.add("cache.snapshotWindow", c.SnapshotWindow, "must be hh24:mi-hh24:mi in UTC, such as 03:00-04:00")
	}
	if !maintenanceRE.MatchString(strings.ToLower(c.MaintenanceWindow)) {
		r.add("cache.maintenanceWindow", c.MaintenanceWindow, "must be ddd:hh24:mi-ddd:hh24:mi in UTC, such as sun:05:00-sun:06:00")
	}
	r.intRange("cache.port", c.Port, minCachePort, maxCachePort)
}
