package cache

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// AutoScaling resizes a cluster-mode replication group with load through Application Auto
// Scaling: a scalable target bounding one dimension and a target-tracking policy on a predefined
// metric. Envconfig checks the metric, the bounds and the node type against what ElastiCache
// supports.
type AutoScaling struct {
	// Dimension is ScaleReplicas (replicas per shard, added and removed in every shard alike)
	// or ScaleShards.
	Dimension string
	// MinCapacity and MaxCapacity bound the dimension.
	MinCapacity, MaxCapacity int
	// Metric is the predefined metric type the policy tracks, e.g.
	// ElastiCacheReplicaEngineCPUUtilization.
	Metric string
	// TargetValue of the metric, in percent.
	TargetValue float64
}

// Scalable dimensions of AutoScaling.
const (
	ScaleReplicas = "replicas"
	ScaleShards   = "shards"
)

// scalableDimensions are Application Auto Scaling's names of the dimensions.
var scalableDimensions = map[string]string{
	ScaleReplicas: "elasticache:replication-group:Replicas",
	ScaleShards:   "elasticache:replication-group:NodeGroups",
}

// scaledInputs are the replication group inputs auto scaling moves: `pulumi up` leaves them
// alone after creation, or it would undo every scaling action.
var scaledInputs = map[string]string{
	ScaleReplicas: "replicasPerNodeGroup",
	ScaleShards:   "numNodeGroups",
}

// autoScalingOptions are the replication group's extra options when it is auto scaled.
func autoScalingOptions(s *AutoScaling) []pulumi.ResourceOption {
	if s == nil {
		return nil
	}
	return []pulumi.ResourceOption{pulumi.IgnoreChanges([]string{scaledInputs[s.Dimension]})}
}

// autoScale registers the scalable target of the replication group and its target-tracking
// policy. Application Auto Scaling uses its ElastiCache service-linked role, which it creates on
// first use, so no role is passed.
func (c *Cache) autoScale(ctx *pulumi.Context, name string, s AutoScaling, rg *elasticache.ReplicationGroup, tags map[string]string) error {
	target, err := appautoscaling.NewTarget(ctx, name, &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("elasticache"),
		ResourceId:        pulumi.Sprintf("replication-group/%s", rg.ReplicationGroupId),
		ScalableDimension: pulumi.String(scalableDimensions[s.Dimension]),
		MinCapacity:       pulumi.Int(s.MinCapacity),
		MaxCapacity:       pulumi.Int(s.MaxCapacity),
		Tags:              tagging.Named(tags, name),
	}, pulumi.Parent(c))
	if err != nil {
		return fmt.Errorf("creating the auto scaling target of %s: %w", name, err)
	}
	_, err = appautoscaling.NewPolicy(ctx, name, &appautoscaling.PolicyArgs{
		Name:              pulumi.Sprintf("%s-%s", name, s.Dimension),
		PolicyType:        pulumi.String("TargetTrackingScaling"),
		ServiceNamespace:  target.ServiceNamespace,
		ResourceId:        target.ResourceId,
		ScalableDimension: target.ScalableDimension,
		TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
			TargetValue: pulumi.Float64(s.TargetValue),
			PredefinedMetricSpecification: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
				PredefinedMetricType: pulumi.String(s.Metric),
			},
		},
	}, pulumi.Parent(target))
	if err != nil {
		return fmt.Errorf("creating the auto scaling policy of %s: %w", name, err)
	}
	return nil
}

// check refuses auto scaling the group cannot have.
func (s *AutoScaling) check(clusterMode bool) error {
	switch {
	case s == nil:
		return nil
	case !clusterMode:
		return fmt.Errorf("auto scaling needs cluster mode")
	case scalableDimensions[s.Dimension] == "":
		return fmt.Errorf("auto scaling dimension %q is neither %s nor %s", s.Dimension, ScaleReplicas, ScaleShards)
	case s.MinCapacity > s.MaxCapacity:
		return fmt.Errorf("auto scaling minimum %d is above the maximum %d", s.MinCapacity, s.MaxCapacity)
	}
	return nil
}
