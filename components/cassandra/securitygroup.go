package cassandra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// nodePorts are open only between the nodes themselves (the security group as its own source).
var nodePorts = []struct {
	name string
	port int
	what string
}{
	{"storage", 7000, "inter-node gossip, messaging and streaming"},
	{"storage-tls", 7001, "inter-node traffic on the legacy TLS storage port"},
	{"jmx", 7199, "JMX (nodetool) between nodes"},
}

// newSecurityGroup registers the nodes' security group with one rule per port and source: the
// storage and JMX ports among the nodes, CQL from the clients only, no SSH (SSM instead), and
// all egress (packages come through the NAT gateways).
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
	for _, p := range nodePorts {
		if err := ingress(p.name, p.port, sg.ID(), p.what); err != nil {
			return nil, err
		}
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
