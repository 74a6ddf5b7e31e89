package cassandra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// storagePort carries gossip, messaging and streaming between the nodes, TLS or not (Cassandra 4.0
// and later use 7001 only while a 3.x ring upgrades). JMX (7199) stays on localhost, Cassandra's
// default: nodetool runs on the node, through SSM.
const storagePort = 7000

// newSecurityGroup registers the nodes' security group with one rule per port and source: the
// storage port among the nodes, CQL from the clients only, no SSH (SSM instead), and all egress
// (packages come through the NAT gateways).
func (r *ring) newSecurityGroup(ctx *pulumi.Context) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, r.name, &ec2.SecurityGroupArgs{
		VpcId:       r.args.VPCID,
		Description: pulumi.String("Cassandra nodes of " + r.args.ClusterName),
		Tags:        tagging.Named(r.args.Tags, r.name),
	}, r.parent)
	if err != nil {
		return nil, fmt.Errorf("cassandra %s: security group: %w", r.name, err)
	}
	ingress := func(suffix string, port int, source pulumi.StringInput, what string) error {
		_, err := vpc.NewSecurityGroupIngressRule(ctx, r.name+"-"+suffix, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           sg.ID(),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(port),
			ToPort:                    pulumi.Int(port),
			ReferencedSecurityGroupId: source,
			Description:               pulumi.String(what),
			Tags:                      tagging.Named(r.args.Tags, r.name+"-"+suffix),
		}, r.parent)
		if err != nil {
			return fmt.Errorf("cassandra %s: ingress rule %s: %w", r.name, suffix, err)
		}
		return nil
	}
	if err := ingress("storage", storagePort, sg.ID(), "inter-node gossip, messaging and streaming"); err != nil {
		return nil, err
	}
	if err := ingress("cql", CQLPort, r.args.ClientSecurityGroupID, "CQL from the clients (EKS nodes)"); err != nil {
		return nil, err
	}
	_, err = vpc.NewSecurityGroupEgressRule(ctx, r.name+"-egress", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(),
		IpProtocol:      pulumi.String("-1"),
		CidrIpv4:        pulumi.String("0.0.0.0/0"),
		Description:     pulumi.String("all egress: packages, AWS APIs, SSM"),
		Tags:            tagging.Named(r.args.Tags, r.name+"-egress"),
	}, r.parent)
	if err != nil {
		return nil, fmt.Errorf("cassandra %s: egress rule: %w", r.name, err)
	}
	return sg, nil
}
