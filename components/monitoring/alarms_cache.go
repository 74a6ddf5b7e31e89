package monitoring

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const cacheNamespace = "AWS/ElastiCache"

// cacheNode is one node of the replication group.
type cacheNode struct {
	// suffix is what ElastiCache appends to the group id to name the node (its cache cluster):
	// 001, 002, … without cluster mode; 0001-001 (shard, node) with it.
	suffix string
	// id is the node's cache cluster id, the CacheClusterId dimension of its metrics.
	id pulumi.StringOutput
}

// cacheNodes lists the nodes the config asks for, named the way ElastiCache names them.
//
// ElastiCache publishes node-based groups' metrics per node only (CacheClusterId), and the
// group's memberClusters output is known only after the group exists: alarms made from it would
// not appear in a preview and would come and go with it. So the alarms follow the config's shape
// (shards × (1 + replicas)) and ElastiCache's naming, both known before anything exists, and
// each node id is checked against memberClusters once known: a node ElastiCache numbered
// otherwise (after a reshard or a replica removed by hand) is reported as a warning of `pulumi up`.
func cacheNodes(ctx *pulumi.Context, parent pulumi.Resource, c *Cache) []cacheNode {
	if c == nil {
		return nil
	}
	var nodes []cacheNode
	shards, replicas := c.shape()
	for shard := 1; shard <= shards; shard++ {
		for n := 1; n <= 1+replicas; n++ {
			suffix := fmt.Sprintf("%03d", n)
			if c.ClusterMode {
				suffix = fmt.Sprintf("%04d-%03d", shard, n)
			}
			// Only the nodes of the configured size must exist; auto scaling adds the others.
			configured := shard <= c.Shards && n <= 1+c.ReplicasPerShard
			nodes = append(nodes, cacheNode{suffix: suffix, id: c.nodeID(ctx, parent, suffix, configured)})
		}
	}
	return nodes
}

// nodeID is a node's cache cluster id; a configured node missing from memberClusters is reported.
func (c *Cache) nodeID(ctx *pulumi.Context, parent pulumi.Resource, suffix string, configured bool) pulumi.StringOutput {
	return pulumi.All(c.ReplicationGroupID, c.MemberClusters).ApplyT(func(v []any) string {
		id := v[0].(string) + "-" + suffix
		if members := v[1].([]string); configured && !slices.Contains(members, id) {
			_ = ctx.Log.Warn(fmt.Sprintf("cache node %s is not among the replication group's members %v: its alarms and graphs "+
				"watch no node; align cache.shards and cache.replicasPerShard with the group", id, members),
				&pulumi.LogArgs{Resource: parent})
		}
		return id
	}).(pulumi.StringOutput)
}

// cache registers, per node, alarms on the engine's CPU, memory and evictions, and on
// replication lag when the group has replicas (every node: the primary's role moves on failover,
// and a primary reports no lag).
func (a *alarms) cache() error {
	c := a.args.Cache
	if c == nil {
		return nil
	}
	t := a.args.Thresholds
	for _, n := range a.cacheNodes {
		name := c.Name + "-" + n.suffix
		dims := pulumi.StringMap{"CacheClusterId": n.id}
		list := []alarm{
			{
				name: name + "-engine-cpu",
				description: pulumi.Sprintf("The engine thread of cache node %s used more than %g%% CPU for %s: commands queue up. "+
					"Runbook: find slow commands and hot keys (SLOWLOG GET, redis-cli --hotkeys), move reads to replicas, or add "+
					"shards (cache.shards) or a larger cache.nodeType.", n.id, t.CacheEngineCPUPercent, a.window()),
				namespace: cacheNamespace, metric: "EngineCPUUtilization", dimensions: dims, statistic: "Average",
				comparison: above, threshold: t.CacheEngineCPUPercent, missing: missingHolds,
			},
			{
				name: name + "-memory",
				description: pulumi.Sprintf("Cache node %s used more than %g%% of its memory for %s; when full it evicts keys or "+
					"refuses writes. Runbook: check the evictions graph and the keys' TTLs, expire what grows without bound, or add "+
					"shards (cache.shards) or a larger cache.nodeType.", n.id, t.CacheMemoryPercent, a.window()),
				namespace: cacheNamespace, metric: "DatabaseMemoryUsagePercentage", dimensions: dims, statistic: "Average",
				comparison: above, threshold: t.CacheMemoryPercent, missing: missingHolds,
			},
			{
				name: name + "-evictions",
				description: pulumi.Sprintf("Cache node %s evicted %d or more keys per period for %s: it is full and drops data "+
					"under its eviction policy, so clients miss. Runbook: as for its memory alarm; raise the memory before the hit "+
					"rate falls.", n.id, t.CacheEvictionsPerPeriod, a.window()),
				namespace: cacheNamespace, metric: "Evictions", dimensions: dims, statistic: "Sum",
				comparison: atLeast, threshold: float64(t.CacheEvictionsPerPeriod), missing: missingIsFine,
			},
		}
		if _, replicas := c.shape(); replicas > 0 {
			list = append(list, alarm{
				name: name + "-replication-lag",
				description: pulumi.Sprintf("Replica %s lagged its primary by more than %g s for %s: reads from it are stale, and a "+
					"failover to it would lose the writes not yet copied. Runbook: check the primary's write load and engine CPU "+
					"and the replica's network; a larger cache.nodeType has more bandwidth.", n.id, t.CacheReplicationLagSeconds, a.window()),
				namespace: cacheNamespace, metric: "ReplicationLag", dimensions: dims, statistic: "Maximum",
				comparison: above, threshold: t.CacheReplicationLagSeconds, missing: missingIsFine,
			})
		}
		for _, al := range list {
			if err := a.add(al); err != nil {
				return err
			}
		}
	}
	return nil
}
