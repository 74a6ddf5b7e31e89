package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

const anywhere = "0.0.0.0/0"

// publicRoutes sends the public subnets' internet traffic to the internet gateway.
func (n *Network) publicRoutes(ctx *pulumi.Context, name string, vpc *ec2.Vpc, igw *ec2.InternetGateway, public pulumi.StringArray, tags map[string]string) error {
	rt, err := ec2.NewRouteTable(ctx, name+"-public", &ec2.RouteTableArgs{
		VpcId:  vpc.ID(),
		Routes: ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{CidrBlock: pulumi.String(anywhere), GatewayId: igw.ID()}},
		Tags:   tagging.Named(tags, name+"-public"),
	}, pulumi.Parent(n))
	if err != nil {
		return fmt.Errorf("creating public route table of %s: %w", name, err)
	}
	return n.associate(ctx, name+"-public", rt, public)
}

// privateRoutes gives each zone's private subnet a route table, through a NAT gateway when the
// layout has them: the zone's own with perAz, the first zone's with single.
func (n *Network) privateRoutes(ctx *pulumi.Context, name string, vpc *ec2.Vpc, zones []string, public, private pulumi.StringArray, args Args) error {
	mode := args.NATGateways
	if mode == "" {
		mode = NATPerAZ
	}
	var nats []*ec2.NatGateway
	switch mode {
	case NATSingle:
		nat, err := n.natGateway(ctx, fmt.Sprintf("%s-%s", name, zones[0]), public[0], args.Tags)
		if err != nil {
			return err
		}
		nats = []*ec2.NatGateway{nat}
	case NATPerAZ:
		for i, zone := range zones {
			nat, err := n.natGateway(ctx, fmt.Sprintf("%s-%s", name, zone), public[i], args.Tags)
			if err != nil {
				return err
			}
			nats = append(nats, nat)
		}
	}
	for i, zone := range zones {
		rtName := fmt.Sprintf("%s-private-%s", name, zone)
		var routes ec2.RouteTableRouteArray
		if len(nats) > 0 {
			nat := nats[min(i, len(nats)-1)]
			routes = ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{CidrBlock: pulumi.String(anywhere), NatGatewayId: nat.ID()}}
		}
		rt, err := ec2.NewRouteTable(ctx, rtName, &ec2.RouteTableArgs{
			VpcId:  vpc.ID(),
			Routes: routes,
			Tags:   tagging.Named(args.Tags, rtName),
		}, pulumi.Parent(n))
		if err != nil {
			return fmt.Errorf("creating route table %s: %w", rtName, err)
		}
		if err := n.associate(ctx, rtName, rt, pulumi.StringArray{private[i]}); err != nil {
			return err
		}
	}
	return nil
}

func (n *Network) natGateway(ctx *pulumi.Context, name string, subnetID pulumi.StringInput, tags map[string]string) (*ec2.NatGateway, error) {
	eip, err := ec2.NewEip(ctx, name+"-nat", &ec2.EipArgs{
		Domain: pulumi.String("vpc"),
		Tags:   tagging.Named(tags, name+"-nat"),
	}, pulumi.Parent(n))
	if err != nil {
		return nil, fmt.Errorf("creating elastic IP for NAT gateway %s: %w", name, err)
	}
	nat, err := ec2.NewNatGateway(ctx, name, &ec2.NatGatewayArgs{
		AllocationId: eip.ID(),
		SubnetId:     subnetID,
		Tags:         tagging.Named(tags, name),
	}, pulumi.Parent(n))
	if err != nil {
		return nil, fmt.Errorf("creating NAT gateway %s: %w", name, err)
	}
	return nat, nil
}

func (n *Network) associate(ctx *pulumi.Context, name string, rt *ec2.RouteTable, subnets pulumi.StringArray) error {
	for i, subnet := range subnets {
		_, err := ec2.NewRouteTableAssociation(ctx, fmt.Sprintf("%s-%d", name, i), &ec2.RouteTableAssociationArgs{
			RouteTableId: rt.ID(),
			SubnetId:     subnet,
		}, pulumi.Parent(n))
		if err != nil {
			return fmt.Errorf("associating route table %s: %w", name, err)
		}
	}
	return nil
}
