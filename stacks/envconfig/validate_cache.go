package envconfig

import (
	"regexp"
	"strconv"
	"strings"
)

// ElastiCache limits (ElastiCache user guide: replication groups, snapshots, quotas).
const (
	MaxCacheReplicas           = 5
	MaxCacheShards             = 500
	MaxCacheNodes              = 500 // shards × (1 + replicas) in one cluster-mode replication group
	MaxSnapshotRetentionDays   = 35
	MinCacheWindowMinutes      = 60 // both the snapshot and the maintenance window
	minCachePort, maxCachePort = 1024, 65535
)

// AUTH token rules of the ElastiCache API (CreateReplicationGroup, AuthToken).
const (
	minAuthTokenLength = 16
	maxAuthTokenLength = 128
	authTokenSpecials  = "!&#$^<>-" // the only non-alphanumeric characters AWS permits
)

// SecretPlaceholder stands for a secret config value a run cannot decrypt: the offline runner
// passes it for secure values and for declared secrets the stack leaves unset. It is not a real
// value, so validation does not check its format.
const SecretPlaceholder = "[secret: set with pulumi config set --secret]"

var (
	// cacheEngineVersions are the major.minor versions ElastiCache offers for new node-based
	// replication groups (ElastiCache user guide, "Supported engines and versions").
	cacheEngineVersions = map[string][]string{
		"redis":  {"6.2", "7.0", "7.1"},
		"valkey": {"7.2", "8.0", "8.1", "8.2", "9.0", "9.1"},
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
	validateCacheTopology(env, r)
	if c.KMSKeyARN != "" {
		if !c.AtRestEncryption {
			r.add("cache.kmsKeyArn", c.KMSKeyARN, "needs atRestEncryption true")
		} else if !kmsKeyARN.MatchString(c.KMSKeyARN) || strings.Contains(c.KMSKeyARN, ":alias/") {
			// ElastiCache stores the key's own ARN: an alias would show as a replacement of the
			// replication group on every later preview.
			r.add("cache.kmsKeyArn", c.KMSKeyARN, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias")
		}
	}
	r.oneOf("cache.authTokenUpdateStrategy", c.AuthTokenUpdateStrategy, "ROTATE", "SET")
	if c.TransitEncryption && !hasAuthToken {
		r.missing(CacheAuthTokenKey, "is required when cache.transitEncryption is true: `pulumi config set --secret %s <16-128 chars>`", CacheAuthTokenKey)
	}
	r.oneOf("cache.evictionPolicy", c.EvictionPolicy, evictionPolicies...)
	r.intRange("cache.snapshotRetentionDays", c.SnapshotRetentionDays, 0, MaxSnapshotRetentionDays)
	validateCacheWindows(c, r)
	r.intRange("cache.port", c.Port, minCachePort, maxCachePort)
}

// validateCacheTopology checks shards and replicas: their ranges, the node limit of a cluster-mode
// group, and that prod has a replica to fail over to.
func validateCacheTopology(env *Environment, r *report) {
	c := env.Cache
	replicasOK := c.ReplicasPerShard >= 0 && c.ReplicasPerShard <= MaxCacheReplicas
	if !replicasOK {
		r.add("cache.replicasPerShard", c.ReplicasPerShard, "must be 0 to %d", MaxCacheReplicas)
	}
	switch {
	case !c.ClusterMode && c.Shards != 1:
		r.add("cache.shards", c.Shards, "must be 1 unless clusterMode is true")
	case c.ClusterMode && (c.Shards < 1 || c.Shards > MaxCacheShards):
		r.add("cache.shards", c.Shards, "must be 1 to %d", MaxCacheShards)
	case c.ClusterMode && replicasOK && c.Shards*(1+c.ReplicasPerShard) > MaxCacheNodes:
		r.add("cache.shards", c.Shards, "with %d replicas per shard makes %d nodes; a replication group holds at most %d",
			c.ReplicasPerShard, c.Shards*(1+c.ReplicasPerShard), MaxCacheNodes)
	}
	if env.IsProd() && c.ReplicasPerShard < 1 {
		r.add("cache.replicasPerShard", c.ReplicasPerShard, "prod needs at least 1 replica for multi-AZ failover")
	}
}

// validateCacheWindows checks the snapshot and maintenance windows: their format, the 60-minute
// minimum, and that they do not overlap (AWS refuses both).
func validateCacheWindows(c Cache, r *report) {
	snapshot, snapshotOK := parseSnapshotWindow(c.SnapshotWindow)
	if !snapshotOK {
		r.add("cache.snapshotWindow", c.SnapshotWindow, "must be hh24:mi-hh24:mi in UTC, such as 03:00-04:00")
	} else if snapshot.length < MinCacheWindowMinutes {
		r.add("cache.snapshotWindow", c.SnapshotWindow, "must be at least %d minutes long", MinCacheWindowMinutes)
	}
	maintenance, maintenanceOK := parseMaintenanceWindow(c.MaintenanceWindow)
	if !maintenanceOK {
		r.add("cache.maintenanceWindow", c.MaintenanceWindow, "must be ddd:hh24:mi-ddd:hh24:mi in UTC, such as sun:05:00-sun:06:00")
	} else if maintenance.length < MinCacheWindowMinutes {
		r.add("cache.maintenanceWindow", c.MaintenanceWindow, "must be at least %d minutes long", MinCacheWindowMinutes)
	}
	if !snapshotOK || !maintenanceOK {
		return
	}
	for d := range 7 { // the snapshot window recurs every day of the maintenance window's week
		daily := window{start: d*minutesPerDay + snapshot.start, length: snapshot.length}
		if daily.overlaps(maintenance, minutesPerWeek) {
			r.add("cache.snapshotWindow", c.SnapshotWindow, "overlaps cache.maintenanceWindow %q; ElastiCache requires them apart", c.MaintenanceWindow)
			return
		}
	}
}

const (
	minutesPerDay  = 24 * 60
	minutesPerWeek = 7 * minutesPerDay
)

// window is a recurring time range: its start in minutes from the start of the day (snapshot)
// or of the week, Sunday 00:00 UTC (maintenance), and its length in minutes.
type window struct{ start, length int }

// overlaps tells whether two ranges on a clock of period minutes share a minute.
func (w window) overlaps(o window, period int) bool {
	return mod(o.start-w.start, period) < w.length || mod(w.start-o.start, period) < o.length
}

func mod(a, n int) int { return ((a % n) + n) % n }

func parseSnapshotWindow(s string) (window, bool) {
	if !snapshotWindowRE.MatchString(s) {
		return window{}, false
	}
	from, to, _ := strings.Cut(s, "-")
	start, end := clockMinutes(from), clockMinutes(to)
	return window{start: start, length: mod(end-start, minutesPerDay)}, true
}

func parseMaintenanceWindow(s string) (window, bool) {
	s = strings.ToLower(s)
	if !maintenanceRE.MatchString(s) {
		return window{}, false
	}
	from, to, _ := strings.Cut(s, "-")
	start, end := weekMinutes(from), weekMinutes(to)
	return window{start: start, length: mod(end-start, minutesPerWeek)}, true
}

var weekdays = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

// weekMinutes turns "ddd:hh:mm" (already matched) into minutes since Sunday 00:00.
func weekMinutes(s string) int {
	d, clock, _ := strings.Cut(s, ":")
	return weekdays[d]*minutesPerDay + clockMinutes(clock)
}

// clockMinutes turns "hh:mm" (already matched) into minutes since midnight.
func clockMinutes(s string) int {
	h, m, _ := strings.Cut(s, ":")
	hours, _ := strconv.Atoi(h)
	minutes, _ := strconv.Atoi(m)
	return hours*60 + minutes
}

// validateCacheAuthToken checks the AUTH token against the ElastiCache rules when the cache
// uses it (transit encryption on). The errors never show the value: it is a secret.
func validateCacheAuthToken(env *Environment, token string, hasToken bool, r *report) {
	if !hasToken || !env.Cache.TransitEncryption || token == SecretPlaceholder {
		return
	}
	if n := len(token); n < minAuthTokenLength || n > maxAuthTokenLength {
		r.missing(CacheAuthTokenKey, "must be %d to %d characters long (the value is secret and not shown)", minAuthTokenLength, maxAuthTokenLength)
	}
	for _, ch := range token {
		if !isAuthTokenChar(ch) {
			r.missing(CacheAuthTokenKey, "may hold only letters, digits and the characters %s (the value is secret and not shown)", authTokenSpecials)
			return
		}
	}
}

func isAuthTokenChar(ch rune) bool {
	return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.ContainsRune(authTokenSpecials, ch)
}
