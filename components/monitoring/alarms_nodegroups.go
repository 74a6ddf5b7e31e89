package monitoring

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// nodeSampleMinutes: EC2 basic monitoring reports each instance's metrics every 5 minutes.
const nodeSampleMinutes = 5

// nodeGroups registers, per node group, an alarm for sitting at its maximum size: the cluster
// autoscaler can add no node, and pods that do not fit stay Pending.
//
// The natural metric, AWS/AutoScaling GroupInServiceInstances against GroupMaxSize, exists only
// once group metrics collection is enabled on the Auto Scaling group, and EKS creates managed node
// groups' groups with it off, with no API to turn it on (aws/containers-roadmap#762); enabling it
// from outside would mean managing a group EKS owns. The group's size is counted instead from
// what EC2 publishes for free: the CPUUtilization samples of the group's instances
// (AutoScalingGroupName dimension), one per instance per 5 minutes under basic monitoring, which
// the node groups' launch templates keep. The maximum size comes from the config, which sets it.
func (a *alarms) nodeGroups() error {
	minutes := a.args.Thresholds.NodeGroupAtMaxMinutes
	for _, ng := range a.args.NodeGroups {
		err := a.add(alarm{
			name: ng.Name + "-at-max-size",
			description: pulumi.Sprintf("Node group %s (Auto Scaling group %s) ran at its maximum of %d nodes for %d minutes: the "+
				"cluster autoscaler cannot add nodes and pods that do not fit stay Pending. Runbook: list them (kubectl get pods -A "+
				"--field-selector=status.phase=Pending), read the autoscaler's log, then raise the group's maxSize in "+
				"eks.nodeGroups or lower the pods' requests. Counted from EC2's per-instance samples.",
				ng.Name, ng.AutoScalingGroupName, ng.MaxSize, minutes),
			namespace:  "AWS/EC2",
			metric:     "CPUUtilization",
			dimensions: pulumi.StringMap{"AutoScalingGroupName": ng.AutoScalingGroupName},
			period:     nodeSampleMinutes * 60,
			periods:    minutes / nodeSampleMinutes,
			statistic:  "SampleCount",
			comparison: atLeast,
			threshold:  float64(ng.MaxSize),
			missing:    missingIsFine, // no samples: no instances, far from the maximum
		})
		if err != nil {
			return err
		}
	}
	return nil
}
