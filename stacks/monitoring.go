package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/cache"
	"github.com/platform-team/platform/components/cassandra"
	"github.com/platform-team/platform/components/cluster"
	"github.com/platform-team/platform/components/loadbalancer"
	"github.com/platform-team/platform/components/monitoring"
	"github.com/platform-team/platform/stacks/envconfig"
)

// newAlarmTopic registers the stack's alarm topic. It comes before the tiers, since the Cassandra
// nodes' own status-check alarms notify it too. Only alarms named <prefix>-… may publish, which
// every alarm of the stack is.
func newAlarmTopic(ctx *pulumi.Context, prefix string, env *envconfig.Environment, tags map[string]string) (*monitoring.AlarmTopic, error) {
	m := env.Monitoring
	return monitoring.NewAlarmTopic(ctx, prefix+"-alarms", monitoring.TopicArgs{
		Region:          env.Region,
		AlarmNamePrefix: prefix + "-",
		Email:           m.Email,
		HTTPSEndpoints:  m.HTTPSEndpoints,
		KMSKeyARN:       m.KMSKeyARN,
		Tags:            tags,
	})
}

// newMonitoring registers the alarms on the load balancer, the node groups and the cache, and
// the stack's dashboard over every tier, named after the stack's prefix.
func newMonitoring(ctx *pulumi.Context, prefix string, env *envconfig.Environment, tags map[string]string,
	topic *monitoring.AlarmTopic, cl *cluster.Cluster, lb *loadbalancer.LoadBalancer, c *cache.Cache, ring *cassandra.Cassandra) (*monitoring.Monitoring, error) {
	th := env.Monitoring.Thresholds
	maxShards, maxReplicas := cacheScalesTo(env.Cache)
	groups := make([]monitoring.NodeGroup, len(env.EKS.NodeGroups))
	for i, t := range nodeGroupTargets(env.EKS.NodeGroups, cl.AutoScalingGroupNames) {
		groups[i] = monitoring.NodeGroup{
			Name:                 env.NodeGroupName(t.Name),
			AutoScalingGroupName: t.AutoScalingGroupName,
			MaxSize:              env.EKS.NodeGroups[i].MaxSize,
		}
	}
	return monitoring.New(ctx, prefix+"-monitoring", monitoring.Args{
		Region:        env.Region,
		TopicARN:      topic.ARN,
		DashboardName: prefix,
		Thresholds: monitoring.Thresholds{
			PeriodSeconds:              th.PeriodSeconds,
			EvaluationPeriods:          th.EvaluationPeriods,
			HTTP5xxPercent:             th.LoadBalancer.HTTP5xxPercent,
			TargetResponseTimeSeconds:  th.LoadBalancer.TargetResponseTimeSeconds,
			UnhealthyHosts:             th.LoadBalancer.UnhealthyHosts,
			ResetsPerPeriod:            th.LoadBalancer.ResetsPerPeriod,
			CacheEngineCPUPercent:      th.Cache.EngineCPUPercent,
			CacheMemoryPercent:         th.Cache.MemoryPercent,
			CacheEvictionsPerPeriod:    th.Cache.EvictionsPerPeriod,
			CacheReplicationLagSeconds: th.Cache.ReplicationLagSeconds,
			NodeGroupAtMaxMinutes:      th.NodeGroups.AtMaxMinutes,
		},
		LoadBalancer: &monitoring.LoadBalancer{
			Name:                 env.LoadBalancerName(),
			Type:                 env.LoadBalancer.Type,
			ARNSuffix:            lb.ARNSuffix,
			TargetGroupARNSuffix: lb.TargetGroupARNSuffix,
		},
		Cache: &monitoring.Cache{
			Name:                env.CacheName(),
			ReplicationGroupID:  c.ReplicationGroupID,
			MemberClusters:      c.MemberClusters,
			ClusterMode:         env.Cache.ClusterMode,
			Shards:              env.Cache.Shards, // 1 unless in cluster mode (validated)
			ReplicasPerShard:    env.Cache.ReplicasPerShard,
			MaxShards:           maxShards,
			MaxReplicasPerShard: maxReplicas,
		},
		NodeGroups: groups,
		Cassandra:  &monitoring.Cassandra{Name: env.CassandraName(), InstanceIDs: ring.InstanceIDs},
		Tags:       tags,
	})
}

// monitoringEndpoints is the stack's endpoints.monitoring entry.
func monitoringEndpoints(topic *monitoring.AlarmTopic, m *monitoring.Monitoring) pulumi.Map {
	return pulumi.Map{
		"alarmTopicArn": topic.ARN,
		"dashboardName": m.DashboardName,
		"dashboardUrl":  m.DashboardURL,
	}
}

// cacheScalesTo is the size cache auto scaling may grow the group to, as shards and replicas per
// shard (0: it does not scale that dimension), so the nodes it adds are watched too.
func cacheScalesTo(c envconfig.Cache) (shards, replicas int) {
	if !c.AutoScaling.Enabled {
		return 0, 0
	}
	if c.AutoScaling.Dimension == envconfig.CacheScaleShards {
		return c.AutoScaling.MaxCapacity, 0
	}
	return 0, c.AutoScaling.MaxCapacity
}
