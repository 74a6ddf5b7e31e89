package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/network/layout"
	"github.com/platform-team/platform/components/tagging"
)

// Subnet tags the AWS Load Balancer Controller and Kubernetes use to place load balancers.
var (
	publicSubnetTags  = map[string]string{"kubernetes.io/role/elb": "1", "tier": "public"}
	privateSubnetTags = map[string]string{"kubernetes.io/role/internal-elb": "1", "tier": "private"}
)

// create builds a new VPC: subnets per zone, internet gateway, NAT gateways and route tables.
func (n *Network) create(ctx *pulumi.Context, name string, args Args) error {
	zones, err := n.zones(ctx, args)
	if err != nil {
		return err
	}
	plan, err := layout.Carve(args.CIDR, len(zones))
	if err != nil {
		return fmt.Errorf("network %s: CIDR %s: %w", name, args.CIDR, err)
	}
	n.Zones = zones
	parent := pulumi.Parent(n)

	vpc, err := ec2.NewVpc(ctx, name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(args.CIDR),
		EnableDnsHostnames: pulumi.Bool(true), // EKS nodes and private endpoints need DNS hostnames
		EnableDnsSupport:   pulumi.Bool(true),
		Tags:               tagging.Named(args.Tags, name),
	}, parent)
	if err != nil {
		return fmt.Errorf("creating VPC %s: %w", name, err)
	}
	// The VPC's default security group admits all traffic among its members and all egress.
	// Nothing here uses it (every tier has a group of its own), so it keeps no rules (CIS AWS
	// Foundations): whatever is launched into it by mistake reaches nothing.
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  tagging.Named(args.Tags, name+"-default"),
	}, parent); err != nil {
		return fmt.Errorf("emptying the default security group of VPC %s: %w", name, err)
	}
	igw, err := ec2.NewInternetGateway(ctx, name, &ec2.InternetGatewayArgs{
		VpcId: vpc.ID(),
		Tags:  tagging.Named(args.Tags, name),
	}, parent)
	if err != nil {
		return fmt.Errorf("creating internet gateway for VPC %s: %w", name, err)
	}

	var public, private pulumi.StringArray
	for i, zone := range zones {
		pub, err := n.subnet(ctx, fmt.Sprintf("%s-public-%s", name, zone), vpc, zone, plan.Public[i].String(), true, args.Tags)
		if err != nil {
			return err
		}
		priv, err := n.subnet(ctx, fmt.Sprintf("%s-private-%s", name, zone), vpc, zone, plan.Private[i].String(), false, args.Tags)
		if err != nil {
			return err
		}
		public = append(public, pub.ID())
		private = append(private, priv.ID())
	}
	routedPublic, err := n.publicRoutes(ctx, name, vpc, igw, public, args.Tags)
	if err != nil {
		return err
	}
	routedPrivate, err := n.privateRoutes(ctx, name, vpc, igw, zones, public, private, args)
	if err != nil {
		return err
	}
	n.VPCID = vpc.ID().ToStringOutput()
	n.CIDR = vpc.CidrBlock
	// The subnets are handed out through their route table associations: a load balancer in a
	// public subnet needs the internet gateway's route, nodes in a private one the NAT's.
	n.PublicSubnetIDs = routedPublic
	n.PrivateSubnetIDs = routedPrivate
	return nil
}

func (n *Network) subnet(ctx *pulumi.Context, name string, vpc *ec2.Vpc, zone, cidr string, public bool, tags map[string]string) (*ec2.Subnet, error) {
	role := privateSubnetTags
	if public {
		role = publicSubnetTags
	}
	s, err := ec2.NewSubnet(ctx, name, &ec2.SubnetArgs{
		VpcId:            vpc.ID(),
		AvailabilityZone: pulumi.String(zone),
		CidrBlock:        pulumi.String(cidr),
		// Nothing in this platform needs a public IP on launch: load balancers and NAT gateways
		// get theirs from AWS, instances stay private.
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                tagging.Named(tags, name, role),
	}, pulumi.Parent(n))
	if err != nil {
		return nil, fmt.Errorf("creating subnet %s (%s in %s): %w", name, cidr, zone, err)
	}
	return s, nil
}
