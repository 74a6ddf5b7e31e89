package loadbalancer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// Listener ports.
const (
	httpPort  = 80
	httpsPort = 443
)

// listenerPorts are the ports clients may reach: an ALB keeps 80 open to redirect it to HTTPS; an
// NLB cannot redirect, so with a certificate it listens on 443 only.
func (a Args) listenerPorts() []int {
	switch {
	case a.CertificateARN == "":
		return []int{httpPort}
	case a.isNetwork():
		return []int{httpsPort}
	default:
		return []int{httpPort, httpsPort}
	}
}

// workerPorts are the ports the load balancer reaches on the workers: the NodePort, and the
// health-check port when it is another one.
func (a Args) workerPorts() []int {
	ports := []int{a.TargetPort}
	if n, err := strconv.Atoi(a.HealthCheck.Port); err == nil && n != a.TargetPort {
		ports = append(ports, n)
	}
	return ports
}

// securityGroup creates the load balancer's security group (an NLB takes one only at creation,
// so both types get it from the start): in, the listener ports from the allowed CIDRs; out, the
// worker ports to the workers' security group. The workers' group is opened to it on those ports.
// Each rule is its own resource, so a change to one CIDR or port replaces only that rule. It
// returns the rules that open each listener port, which that port's listener waits for.
func (c *LoadBalancer) securityGroup(ctx *pulumi.Context, name string, args Args) (*ec2.SecurityGroup, map[int][]pulumi.Resource, error) {
	sgName := name + "-sg"
	sg, err := ec2.NewSecurityGroup(ctx, sgName, &ec2.SecurityGroupArgs{
		VpcId:       args.VPCID,
		Description: pulumi.String("Load balancer " + name + ": listener ports from the allowed CIDRs, out to the workers"),
		Tags:        tagging.Named(args.Tags, sgName),
	}, pulumi.Parent(c))
	if err != nil {
		return nil, nil, fmt.Errorf("creating security group %s: %w", sgName, err)
	}
	openPorts := map[int][]pulumi.Resource{}
	for _, port := range args.listenerPorts() {
		for _, cidr := range args.AllowedCIDRs {
			ruleName := fmt.Sprintf("%s-in-%d-%s", sgName, port, cidrSlug(cidr))
			rule, err := vpc.NewSecurityGroupIngressRule(ctx, ruleName, &vpc.SecurityGroupIngressRuleArgs{
				SecurityGroupId: sg.ID(),
				Description:     pulumi.Sprintf("Clients from %s to listener port %d", cidr, port),
				IpProtocol:      pulumi.String("tcp"),
				FromPort:        pulumi.Int(port),
				ToPort:          pulumi.Int(port),
				CidrIpv4:        pulumi.String(cidr),
				Tags:            tagging.Named(args.Tags, ruleName),
			}, pulumi.Parent(c))
			if err != nil {
				return nil, nil, fmt.Errorf("creating ingress rule %s: %w", ruleName, err)
			}
			openPorts[port] = append(openPorts[port], rule)
		}
	}
	for _, port := range args.workerPorts() {
		outName := fmt.Sprintf("%s-out-%d", sgName, port)
		_, err := vpc.NewSecurityGroupEgressRule(ctx, outName, &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId:           sg.ID(),
			Description:               pulumi.Sprintf("To the workers on port %d", port),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(port),
			ToPort:                    pulumi.Int(port),
			ReferencedSecurityGroupId: args.WorkerSecurityGroupID,
			Tags:                      tagging.Named(args.Tags, outName),
		}, pulumi.Parent(c))
		if err != nil {
			return nil, nil, fmt.Errorf("creating egress rule %s: %w", outName, err)
		}
		inName := fmt.Sprintf("%s-workers-in-%d", name, port)
		_, err = vpc.NewSecurityGroupIngressRule(ctx, inName, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           args.WorkerSecurityGroupID,
			Description:               pulumi.Sprintf("Load balancer %s to port %d", name, port),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(port),
			ToPort:                    pulumi.Int(port),
			ReferencedSecurityGroupId: sg.ID(),
			Tags:                      tagging.Named(args.Tags, inName),
		}, pulumi.Parent(c))
		if err != nil {
			return nil, nil, fmt.Errorf("creating worker ingress rule %s: %w", inName, err)
		}
	}
	return sg, openPorts, nil
}

// cidrSlug makes a CIDR part of a resource name: 203.0.113.0/24 → 203.0.113.0-24.
func cidrSlug(cidr string) string {
	return strings.ReplaceAll(cidr, "/", "-")
}
