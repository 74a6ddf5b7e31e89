// Package monitoring watches a stack: an SNS topic encrypted with KMS that people and paging
// services subscribe to (AlarmTopic), CloudWatch alarms on every tier that notify it, and a
// CloudWatch dashboard with each tier's key graphs (Monitoring).
//
// The topic is its own component, registered before the tiers, so that tiers which raise alarms
// of their own (the Cassandra nodes' status checks) can notify it too; the alarms and the
// dashboard come after the tiers, whose resources they name.
package monitoring

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Args configure a Monitoring component. Every tier is optional: a nil tier gets no alarms and
// no graphs.
type Args struct {
	// Region of the stack, whose metrics the dashboard graphs. Required.
	Region string
	// TopicARN is the SNS topic every alarm notifies, on alarm and on recovery. Required.
	TopicARN pulumi.StringInput
	// DashboardName: letters, digits, - and _, at most 255 characters. Required.
	DashboardName string
	// Thresholds of the alarms. Required (see Thresholds for the ranges).
	Thresholds Thresholds

	LoadBalancer *LoadBalancer
	Cache        *Cache
	NodeGroups   []NodeGroup
	// Cassandra is graphed only: its nodes' status-check alarms belong to the Cassandra
	// component, which notifies the topic itself.
	Cassandra *Cassandra

	// Tags are added to every alarm.
	Tags map[string]string
}

// Thresholds of the alarms; the stack's config validation holds their ranges.
type Thresholds struct {
	// PeriodSeconds (a multiple of 60) and EvaluationPeriods (at least 1) of every tier alarm but
	// the node groups': the metric must breach in every one of the periods.
	PeriodSeconds     int
	EvaluationPeriods int

	HTTP5xxPercent            float64 // ALB: 5xx responses in percent of requests
	TargetResponseTimeSeconds float64 // ALB: p95 target response time
	UnhealthyHosts            int     // unhealthy targets in the target group
	ResetsPerPeriod           int     // NLB: TCP resets it sends

	CacheEngineCPUPercent      float64
	CacheMemoryPercent         float64 // DatabaseMemoryUsagePercentage
	CacheEvictionsPerPeriod    int
	CacheReplicationLagSeconds float64

	// NodeGroupAtMaxMinutes, a multiple of 5, a node group may sit at its maximum size.
	NodeGroupAtMaxMinutes int
}

// LoadBalancer is the ALB or NLB and its one target group.
type LoadBalancer struct {
	// Name of the load balancer component; it names the alarms.
	Name string
	// Type is "application" or "network".
	Type string
	// ARNSuffix and TargetGroupARNSuffix are the metrics' LoadBalancer and TargetGroup dimensions.
	ARNSuffix            pulumi.StringInput
	TargetGroupARNSuffix pulumi.StringInput
}

// namespace is the CloudWatch namespace of the load balancer's metrics.
func (lb *LoadBalancer) namespace() string {
	if lb.Type == "network" {
		return nlbNamespace
	}
	return albNamespace
}

// Cache is an ElastiCache replication group of Shards × (1 + ReplicasPerShard) nodes.
type Cache struct {
	// Name of the cache component; it names the alarms.
	Name               string
	ReplicationGroupID pulumi.StringInput
	// MemberClusters, the group's nodes as ElastiCache reports them, check the node ids the
	// alarms expect (see cacheNodes).
	MemberClusters   pulumi.StringArrayInput
	ClusterMode      bool
	Shards           int // with ClusterMode; 1 without
	ReplicasPerShard int
	// MaxShards and MaxReplicasPerShard are the size auto scaling may grow the group to; the
	// nodes it adds get their alarms and graphs ahead of time (a node that does not exist yet has
	// no data, which these alarms do not count as breaching). 0 means the configured size.
	MaxShards           int
	MaxReplicasPerShard int
}

// shape is the largest topology the group may take: shards and replicas per shard.
func (c *Cache) shape() (shards, replicas int) {
	return max(c.Shards, c.MaxShards), max(c.ReplicasPerShard, c.MaxReplicasPerShard)
}

// NodeGroup is an EKS managed node group and the Auto Scaling group EKS made for it.
type NodeGroup struct {
	// Name of the node group's resources, e.g. platform-prod-eks-general; it names the alarm.
	Name                 string
	AutoScalingGroupName pulumi.StringInput
	// MaxSize is the node group's maxSize, the size the alarm watches for.
	MaxSize int
}

// Cassandra is the ring's nodes.
type Cassandra struct {
	// Name of the Cassandra component.
	Name        string
	InstanceIDs pulumi.StringArrayInput
}

// Monitoring is the component: the alarms and the dashboard.
type Monitoring struct {
	pulumi.ResourceState

	// DashboardName and DashboardURL (the console page of the dashboard).
	DashboardName pulumi.StringOutput `pulumi:"dashboardName"`
	DashboardURL  pulumi.StringOutput `pulumi:"dashboardUrl"`
}

// dashboardNameRE is what PutDashboard accepts as a name.
var dashboardNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// New registers the alarms of every tier given and the dashboard.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Monitoring, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("monitoring %s: %w", name, err)
	}
	m := &Monitoring{}
	if err := ctx.RegisterComponentResource("platform:monitoring:Monitoring", name, m, opts...); err != nil {
		return nil, err
	}
	nodes := cacheNodes(ctx, m, args.Cache)
	a := &alarms{ctx: ctx, parent: m, args: args, cacheNodes: nodes}
	if err := a.loadBalancer(); err != nil {
		return nil, err
	}
	if err := a.cache(); err != nil {
		return nil, err
	}
	if err := a.nodeGroups(); err != nil {
		return nil, err
	}
	dashboard, err := m.newDashboard(ctx, args, nodes)
	if err != nil {
		return nil, err
	}
	m.DashboardName = dashboard.DashboardName
	m.DashboardURL = dashboard.DashboardName.ApplyT(func(n string) string {
		return fmt.Sprintf("https://%s.console.aws.amazon.com/cloudwatch/home?region=%s#dashboards/dashboard/%s", args.Region, args.Region, n)
	}).(pulumi.StringOutput)
	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{"dashboardName": m.DashboardName, "dashboardUrl": m.DashboardURL})
}

// check refuses Args that cannot build working alarms; the stack's config validation reports
// bad values by config key first.
func (a Args) check() error {
	var errs []error
	if a.Region == "" || a.TopicARN == nil {
		errs = append(errs, errors.New("Region and TopicARN are required"))
	}
	if !dashboardNameRE.MatchString(a.DashboardName) {
		errs = append(errs, fmt.Errorf("DashboardName %q: want 1 to 255 letters, digits, - or _", a.DashboardName))
	}
	t := a.Thresholds
	if t.PeriodSeconds < 60 || t.PeriodSeconds%60 != 0 || t.EvaluationPeriods < 1 {
		errs = append(errs, fmt.Errorf("Thresholds: period %d s × %d: want a multiple of 60 s and at least one period", t.PeriodSeconds, t.EvaluationPeriods))
	}
	if len(a.NodeGroups) > 0 && (t.NodeGroupAtMaxMinutes < nodeSampleMinutes || t.NodeGroupAtMaxMinutes%nodeSampleMinutes != 0) {
		errs = append(errs, fmt.Errorf("Thresholds.NodeGroupAtMaxMinutes %d: want a multiple of %d", t.NodeGroupAtMaxMinutes, nodeSampleMinutes))
	}
	if lb := a.LoadBalancer; lb != nil && lb.Type != "application" && lb.Type != "network" {
		errs = append(errs, fmt.Errorf("LoadBalancer.Type %q: want application or network", lb.Type))
	}
	if c := a.Cache; c != nil && (c.Shards < 1 || c.ReplicasPerShard < 0 || (!c.ClusterMode && c.Shards != 1)) {
		errs = append(errs, fmt.Errorf("Cache: %d shards × %d replicas: want at least one shard (exactly one without cluster mode)", c.Shards, c.ReplicasPerShard))
	}
	for _, ng := range a.NodeGroups {
		if ng.MaxSize < 1 {
			errs = append(errs, fmt.Errorf("node group %s: MaxSize %d: want at least 1", ng.Name, ng.MaxSize))
		}
	}
	return errors.Join(errs...)
}
