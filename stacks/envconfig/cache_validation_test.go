package envconfig_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/platform-team/platform/stacks/envconfig"
)

const goodCacheToken = "Cache-Token-0123456789-abc"

// loadCache loads a dev stack whose platform:cache is cacheJSON, with the given auth token
// (omitted when token is nil).
func loadCache(cacheJSON string, token *string) (*envconfig.Environment, error) {
	cfg := map[string]string{
		"aws:region":           "us-east-1",
		"platform:environment": "dev",
		"platform:cache":       cacheJSON,
	}
	if token != nil {
		cfg["platform:cacheAuthToken"] = *token
	}
	return envconfig.Load("platform", "dev", func(k string) (string, bool) { v, ok := cfg[k]; return v, ok })
}

func tokenOf(s string) *string { return &s }

func TestCacheConfigsThatAreValid(t *testing.T) {
	cases := []struct {
		cache string
		token *string
	}{
		{`{}`, tokenOf(goodCacheToken)},
		{`{"engine":"redis","engineVersion":"7.1","nodeType":"cache.m7g.large"}`, tokenOf(goodCacheToken)},
		{`{"engine":"redis","engineVersion":"6.2","nodeType":"cache.t4g.micro","replicasPerShard":0}`, tokenOf(goodCacheToken)},
		{`{"engineVersion":"9.1","clusterMode":true,"shards":500,"replicasPerShard":0}`, tokenOf(goodCacheToken)},
		{`{"clusterMode":true,"shards":83,"replicasPerShard":5}`, tokenOf(goodCacheToken)}, // 498 nodes
		{`{"replicasPerShard":5,"snapshotRetentionDays":35,"evictionPolicy":"allkeys-lfu","port":6380}`, tokenOf(goodCacheToken)},
		{`{"kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`, tokenOf(goodCacheToken)},
		// Without transit encryption there is no AUTH: no token is needed, and one set is not used.
		{`{"transitEncryption":false}`, nil},
		{`{"transitEncryption":false}`, tokenOf("short")},
		// Every character AWS allows, at both length limits.
		{`{}`, tokenOf("Aa0!&#$^<>-Zz9xy")},
		{`{}`, tokenOf(strings.Repeat("a1-", 42) + "xy")},
		// The offline runner's stand-in for an unreadable secret is not a token to check.
		{`{}`, tokenOf(envconfig.SecretPlaceholder)},
		// Windows across midnight and across the week's end, apart from each other.
		{`{"snapshotWindow":"23:30-00:30","maintenanceWindow":"tue:03:00-tue:04:00"}`, tokenOf(goodCacheToken)},
		{`{"snapshotWindow":"02:00-03:00","maintenanceWindow":"SAT:23:00-SUN:02:00"}`, tokenOf(goodCacheToken)},
	}
	for _, c := range cases {
		if _, err := loadCache(c.cache, c.token); err != nil {
			t.Errorf("%s: %v", c.cache, err)
		}
	}
}

// Each bad cache config fails with one problem that names its key and says what is allowed.
func TestBadCacheConfigsNameTheKey(t *testing.T) {
	cases := []struct {
		name, cache string
		token       *string
		key, detail string
	}{
		{"unknown engine", `{"engine":"memcached"}`, tokenOf(goodCacheToken), "platform:cache.engine", `"memcached" is not allowed: must be one of redis, valkey`},
		{"version of the other engine", `{"engine":"redis","engineVersion":"8.0"}`, tokenOf(goodCacheToken), "platform:cache.engineVersion", "must be one of 6.2, 7.0, 7.1"},
		{"unknown valkey version", `{"engineVersion":"7.0"}`, tokenOf(goodCacheToken), "platform:cache.engineVersion", "must be one of 7.2, 8.0, 8.1, 8.2, 9.0, 9.1"},
		{"unknown node size", `{"nodeType":"cache.r7g.huge"}`, tokenOf(goodCacheToken), "platform:cache.nodeType", "ElastiCache node type"},
		{"EC2 type as node type", `{"nodeType":"r7g.large"}`, tokenOf(goodCacheToken), "platform:cache.nodeType", "such as cache.r7g.large"},
		{"negative replicas", `{"replicasPerShard":-1}`, tokenOf(goodCacheToken), "platform:cache.replicasPerShard", "must be 0 to 5"},
		{"six replicas", `{"replicasPerShard":6}`, tokenOf(goodCacheToken), "platform:cache.replicasPerShard", "must be 0 to 5"},
		{"no shards", `{"clusterMode":true,"shards":0}`, tokenOf(goodCacheToken), "platform:cache.shards", "must be 1 to 500"},
		{"too many shards", `{"clusterMode":true,"shards":501,"replicasPerShard":0}`, tokenOf(goodCacheToken), "platform:cache.shards", "must be 1 to 500"},
		{"too many nodes", `{"clusterMode":true,"shards":100,"replicasPerShard":5}`, tokenOf(goodCacheToken), "platform:cache.shards", "600 nodes; a replication group holds at most 500"},
		{"shards without cluster mode", `{"shards":2}`, tokenOf(goodCacheToken), "platform:cache.shards", "must be 1 unless clusterMode is true"},
		{"transit encryption without token", `{}`, nil, "platform:cacheAuthToken", "is required when cache.transitEncryption is true"},
		{"token too short", `{}`, tokenOf("Short-token-15c"), "platform:cacheAuthToken", "must be 16 to 128 characters long"},
		{"token too long", `{}`, tokenOf(strings.Repeat("x", 129)), "platform:cacheAuthToken", "must be 16 to 128 characters long"},
		{"token with @", `{}`, tokenOf("user@example-token-1"), "platform:cacheAuthToken", "only letters, digits and the characters !&#$^<>-"},
		{"token with a space", `{}`, tokenOf("correct horse battery"), "platform:cacheAuthToken", "only letters, digits"},
		{"empty token", `{}`, tokenOf(""), "platform:cacheAuthToken", "must be 16 to 128 characters long"},
		{"KMS key without at-rest encryption", `{"atRestEncryption":false,"kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/abc"}`, tokenOf(goodCacheToken), "platform:cache.kmsKeyArn", "needs atRestEncryption true"},
		{"unknown token update strategy", `{"authTokenUpdateStrategy":"DELETE"}`, tokenOf(goodCacheToken), "platform:cache.authTokenUpdateStrategy", "must be one of ROTATE, SET"},
		{"KMS alias instead of the key", `{"kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:alias/cache"}`, tokenOf(goodCacheToken), "platform:cache.kmsKeyArn", "not an alias"},
		{"KMS key id instead of ARN", `{"kmsKeyArn":"1234abcd-12ab-34cd-56ef-1234567890ab"}`, tokenOf(goodCacheToken), "platform:cache.kmsKeyArn", "must be a KMS key ARN"},
		{"unknown eviction policy", `{"evictionPolicy":"lru"}`, tokenOf(goodCacheToken), "platform:cache.evictionPolicy", "must be one of volatile-lru"},
		{"retention too long", `{"snapshotRetentionDays":36}`, tokenOf(goodCacheToken), "platform:cache.snapshotRetentionDays", "must be 0 to 35"},
		{"privileged port", `{"port":443}`, tokenOf(goodCacheToken), "platform:cache.port", "must be 1024 to 65535"},
		{"snapshot window without leading zero", `{"snapshotWindow":"3:00-4:00"}`, tokenOf(goodCacheToken), "platform:cache.snapshotWindow", "must be hh24:mi-hh24:mi"},
		{"snapshot window at hour 24", `{"snapshotWindow":"23:00-24:00"}`, tokenOf(goodCacheToken), "platform:cache.snapshotWindow", "must be hh24:mi-hh24:mi"},
		{"snapshot window too short", `{"snapshotWindow":"03:00-03:59"}`, tokenOf(goodCacheToken), "platform:cache.snapshotWindow", "at least 60 minutes"},
		{"empty snapshot window", `{"snapshotWindow":"04:00-04:00"}`, tokenOf(goodCacheToken), "platform:cache.snapshotWindow", "at least 60 minutes"},
		{"maintenance window with day names", `{"maintenanceWindow":"sunday:05:00-sunday:06:00"}`, tokenOf(goodCacheToken), "platform:cache.maintenanceWindow", "must be ddd:hh24:mi-ddd:hh24:mi"},
		{"maintenance window without days", `{"maintenanceWindow":"05:00-06:00"}`, tokenOf(goodCacheToken), "platform:cache.maintenanceWindow", "must be ddd:hh24:mi-ddd:hh24:mi"},
		{"maintenance window too short", `{"maintenanceWindow":"sun:05:00-sun:05:30"}`, tokenOf(goodCacheToken), "platform:cache.maintenanceWindow", "at least 60 minutes"},
		{"windows overlap", `{"snapshotWindow":"05:30-06:30"}`, tokenOf(goodCacheToken), "platform:cache.snapshotWindow", `overlaps cache.maintenanceWindow "sun:05:00-sun:06:00"`},
		{"windows overlap across midnight", `{"snapshotWindow":"23:30-00:30","maintenanceWindow":"mon:00:00-mon:01:00"}`, tokenOf(goodCacheToken), "platform:cache.snapshotWindow", "overlaps"},
		{"windows overlap across the week's end", `{"snapshotWindow":"00:00-01:00","maintenanceWindow":"sat:23:30-sun:00:30"}`, tokenOf(goodCacheToken), "platform:cache.snapshotWindow", "overlaps"},
		{"unknown cache key", `{"replicas":2}`, tokenOf(goodCacheToken), "platform:cache.replicas", "unknown key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadCache(c.cache, c.token)
			onlyProblem(t, err, c.key, c.detail)
			if c.token != nil && len(*c.token) >= 4 && strings.Contains(err.Error(), *c.token) {
				t.Fatalf("the error shows the secret token: %v", err)
			}
		})
	}
}

// Prod needs a replica to fail over to, in both cluster modes.
func TestProdCacheNeedsAReplica(t *testing.T) {
	for _, cacheJSON := range []string{`{"replicasPerShard":0}`, `{"clusterMode":true,"shards":3,"replicasPerShard":0}`} {
		cfg := map[string]string{
			"aws:region":              "us-east-1",
			"platform:environment":    "prod",
			"platform:cacheAuthToken": goodCacheToken,
			"platform:cache":          cacheJSON,
		}
		_, err := envconfig.Load("platform", "prod", func(k string) (string, bool) { v, ok := cfg[k]; return v, ok })
		var errs envconfig.Errors
		if !errors.As(err, &errs) {
			t.Fatalf("%s: want config errors, got %v", cacheJSON, err)
		}
		found := false
		for _, e := range errs {
			found = found || e.Key == "platform:cache.replicasPerShard" && strings.Contains(e.Detail, "prod needs at least 1 replica")
		}
		if !found {
			t.Errorf("%s: no replica problem in %v", cacheJSON, err)
		}
	}
}
