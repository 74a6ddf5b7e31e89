package cache

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// securityGroup admits the cache port from the EKS nodes' security group and nothing else. The
// rules are separate vpc.SecurityGroupIngressRule resources (AWS's recommended form, one rule per
// resource). There is no egress rule: cache nodes open no connections, and the provider removes
// the allow-all egress rule AWS adds to a new group.
func (c *Cache) securityGroup(ctx *pulumi.Context, name string, a Args) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       a.VPCID,
		Description: pulumi.String("ElastiCache nodes of " + name + ": the cache port from the EKS nodes only"),
		Tags:        tagging.Named(a.Tags, name),
	}, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("creating security group %s: %w", name, err)
	}
	_, err = vpc.NewSecurityGroupIngressRule(ctx, name+"-from-eks-nodes", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           sg.ID(),
		ReferencedSecurityGroupId: a.NodeSecurityGroupID,
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(a.Port),
		ToPort:                    pulumi.Int(a.Port),
		Description:               pulumi.String("cache clients on the EKS nodes"),
		Tags:                      tagging.Named(a.Tags, name+"-from-eks-nodes"),
	}, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("creating ingress rule of security group %s: %w", name, err)
	}
	return sg, nil
}
