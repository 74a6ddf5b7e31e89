package loadbalancer

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/autoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// targetGroupNamePrefix starts the target group's name; AWS allows 6 characters before the
// provider's 26-character unique suffix.
const targetGroupNamePrefix = "wkr-"

// targetGroup creates the target group of worker instances on the NodePort: HTTP behind an ALB,
// TCP behind an NLB (which terminates TLS itself).
func (c *LoadBalancer) targetGroup(ctx *pulumi.Context, name string, args Args) (*lb.TargetGroup, error) {
	protocol := "HTTP"
	if args.isNetwork() {
		protocol = "TCP"
	}
	tgName := name + "-workers"
	// No fixed name: a change of port or protocol replaces the group, and a unique name lets the
	// new one exist next to the old until the listeners move over. Not Pulumi's auto-name either:
	// the resource name plus 8 characters exceeds AWS's 32 for stack names over 4 characters.
	// The provider appends 26 unique characters to the prefix; the Name tag stays readable.
	tg, err := lb.NewTargetGroup(ctx, tgName, &lb.TargetGroupArgs{
		NamePrefix:  pulumi.String(targetGroupNamePrefix),
		TargetType:  pulumi.String("instance"),
		Protocol:    pulumi.String(protocol),
		Port:        pulumi.Int(args.TargetPort),
		VpcId:       args.VPCID,
		HealthCheck: args.HealthCheck.args(),
		Tags:        tagging.Named(args.Tags, tgName),
	}, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("creating target group %s: %w", tgName, err)
	}
	return tg, nil
}

// args is the target group's health check; path and matcher only for HTTP and HTTPS checks.
func (hc HealthCheck) args() *lb.TargetGroupHealthCheckArgs {
	out := &lb.TargetGroupHealthCheckArgs{
		Enabled:            pulumi.Bool(true),
		Protocol:           pulumi.String(hc.Protocol),
		Port:               pulumi.String(hc.Port),
		Interval:           pulumi.Int(hc.IntervalSeconds),
		Timeout:            pulumi.Int(hc.TimeoutSeconds),
		HealthyThreshold:   pulumi.Int(hc.HealthyThreshold),
		UnhealthyThreshold: pulumi.Int(hc.UnhealthyThreshold),
	}
	if hc.Protocol != "TCP" {
		out.Path = pulumi.String(hc.Path)
		out.Matcher = pulumi.String(hc.Matcher)
	}
	return out
}

// attachNodeGroups registers each node group's autoscaling group with the target group, so the
// instances the autoscaler adds or removes join and leave the target group by themselves.
func (c *LoadBalancer) attachNodeGroups(ctx *pulumi.Context, name string, args Args, tg *lb.TargetGroup) error {
	for _, ng := range args.NodeGroups {
		attName := name + "-" + ng.Name
		_, err := autoscaling.NewAttachment(ctx, attName, &autoscaling.AttachmentArgs{
			AutoscalingGroupName: ng.AutoScalingGroupName,
			LbTargetGroupArn:     tg.Arn,
		}, pulumi.Parent(c))
		if err != nil {
			return fmt.Errorf("attaching node group %s to target group of %s: %w", ng.Name, name, err)
		}
	}
	return nil
}
