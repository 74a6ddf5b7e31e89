package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/loadbalancer"
	"github.com/platform-team/platform/components/network"
	"github.com/platform-team/platform/stacks/envconfig"
)

// newLoadBalancer puts the ALB or NLB in front of the EKS workers: workerSG is the node security
// group, asgNames the node groups' autoscaling groups in config order.
func newLoadBalancer(ctx *pulumi.Context, env *envconfig.Environment, tags map[string]string,
	net *network.Network, workerSG pulumi.StringOutput, asgNames pulumi.StringArrayOutput) (*loadbalancer.LoadBalancer, error) {
	c := env.LoadBalancer
	subnets := net.PublicSubnetIDs
	if c.Internal {
		subnets = net.PrivateSubnetIDs
	}
	hc := c.HealthCheck
	return loadbalancer.New(ctx, env.LoadBalancerName(), loadbalancer.Args{
		Type:           c.Type,
		Internal:       c.Internal,
		VPCID:          net.VPCID,
		SubnetIDs:      subnets,
		CertificateARN: c.CertificateARN,
		TLSPolicy:      c.TLSPolicy,
		AllowedCIDRs:   c.AllowedCIDRs,
		TargetPort:     c.TargetPort,
		HealthCheck: loadbalancer.HealthCheck{
			Protocol:           hc.Protocol,
			Path:               hc.Path,
			Port:               string(hc.Port),
			IntervalSeconds:    hc.IntervalSeconds,
			TimeoutSeconds:     hc.TimeoutSeconds,
			HealthyThreshold:   hc.HealthyThreshold,
			UnhealthyThreshold: hc.UnhealthyThreshold,
			Matcher:            hc.Matcher,
		},
		IdleTimeoutSeconds:      c.IdleTimeoutSeconds,
		DropInvalidHeaderFields: c.DropInvalidHeaderFields,
		CrossZone:               c.CrossZone,
		AccessLogsBucket:        c.AccessLogsBucket,
		AccessLogsPrefix:        c.AccessLogsPrefix,
		DeletionProtection:      env.IsProd(),
		WorkerSecurityGroupID:   workerSG,
		NodeGroups:              nodeGroupTargets(env.EKS.NodeGroups, asgNames),
		Tags:                    tags,
	})
}

// nodeGroupTargets pairs each configured node group with its autoscaling group. The number of
// node groups is known from config while the names are known only after the cluster exists, so
// the i-th name is taken from the array by index, and each attachment is named after its node
// group: adding, removing or reordering node groups leaves the other attachments alone.
func nodeGroupTargets(groups []envconfig.NodeGroup, asgNames pulumi.StringArrayOutput) []loadbalancer.NodeGroupTarget {
	targets := make([]loadbalancer.NodeGroupTarget, len(groups))
	for i, g := range groups {
		name := asgNames.ApplyT(func(names []string) (string, error) {
			if len(names) != len(groups) {
				return "", fmt.Errorf("node group %s: the cluster reports %d autoscaling groups for %d node groups", g.Name, len(names), len(groups))
			}
			return names[i], nil
		}).(pulumi.StringOutput)
		targets[i] = loadbalancer.NodeGroupTarget{Name: g.Name, AutoScalingGroupName: name}
	}
	return targets
}

// loadBalancerEndpoints is the stack's endpoints.loadBalancer entry.
func loadBalancerEndpoints(env *envconfig.Environment, lb *loadbalancer.LoadBalancer) pulumi.Map {
	scheme := "http://"
	if env.LoadBalancer.HTTPS {
		scheme = "https://"
	}
	return pulumi.Map{
		"dnsName":         lb.DNSName,
		"zoneId":          lb.ZoneID,
		"arn":             lb.ARN,
		"targetGroupArn":  lb.TargetGroupARN,
		"securityGroupId": lb.SecurityGroupID,
		"url":             pulumi.Sprintf("%s%s", scheme, lb.DNSName),
	}
}
