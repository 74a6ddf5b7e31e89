package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

const anywhere = "0.0.0.0/0"

// publicRoutes sends the public subnets' internet traffic to the internet gateway. It returns the
// subnets' ids once they route to it.
func (n *Network) publicRoutes(ctx *pulumi.Context, name string, vpc *ec2.Vpc, igw *ec2.InternetGateway, public pulumi.StringArray, tags map[string]string) (pulumi.StringArrayOutput, error) {
	rt, err := ec2.NewRouteTable(ctx, name+"-public", &ec2.RouteTableArgs{
		VpcId:  vpc.ID(),
		Routes: ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{CidrBlock: pulumi.String(anywhere), GatewayId: igw.ID()}},
		Tags:   tagging.Named(tags, name+"-public"),
	}, pulumi.Parent(n))
	if err != nil {
		return pulumi.StringArrayOutput{}, fmt.Errorf("creating public route table of %s: %w", name, err)
	}
	ids, err := n.associate(ctx, name+"-public", rt, public)
	return ids.ToStringArrayOutput(), err
}

// privateRoutes gives each zone's private subnet a route table to the internet through a NAT
// gateway: the zone's own with perAz, the first zone's with single. It returns the subnets' ids
// once they route through it.
func (n *Network) privateRoutes(ctx *pulumi.Context, name string, vpc *ec2.Vpc, igw *ec2.InternetGateway, zones []string, public, private pulumi.StringArray, args Args) (pulumi.StringArrayOutput, error) {
	mode := args.NATGateways
	if mode == "" {
		mode = NATPerAZ
	}
	natZones := zones // perAz: one NAT gateway per zone
	switch mode {
	case NATSingle:
		natZones = zones[:1]
	case NATPerAZ:
	default:
		return pulumi.StringArrayOutput{}, fmt.Errorf("network %s: NAT gateway layout %q is not %s or %s", name, mode, NATSingle, NATPerAZ)
	}
	nats := make([]*ec2.NatGateway, len(natZones))
	for i, zone := range natZones {
		nat, err := n.natGateway(ctx, fmt.Sprintf("%s-%s", name, zone), public[i], igw, args.Tags)
		if err != nil {
			return pulumi.StringArrayOutput{}, err
		}
		nats[i] = nat
	}
	var routed pulumi.StringArray
	for i, zone := range zones {
		rtName := fmt.Sprintf("%s-private-%s", name, zone)
		nat := nats[min(i, len(nats)-1)]
		rt, err := ec2.NewRouteTable(ctx, rtName, &ec2.RouteTableArgs{
			VpcId:  vpc.ID(),
			Routes: ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{CidrBlock: pulumi.String(anywhere), NatGatewayId: nat.ID()}},
			Tags:   tagging.Named(args.Tags, rtName),
		}, pulumi.Parent(n))
		if err != nil {
			return pulumi.StringArrayOutput{}, fmt.Errorf("creating route table %s: %w", rtName, err)
		}
		ids, err := n.associate(ctx, rtName, rt, pulumi.StringArray{private[i]})
		if err != nil {
			return pulumi.StringArrayOutput{}, err
		}
		routed = append(routed, ids...)
	}
	return routed.ToStringArrayOutput(), nil
}

// natGateway registers a zone's NAT gateway and its address. Both wait for the internet gateway:
// an address or a NAT gateway made before the VPC has one fails, and on destroy they must go first.
func (n *Network) natGateway(ctx *pulumi.Context, name string, subnetID pulumi.StringInput, igw *ec2.InternetGateway, tags map[string]string) (*ec2.NatGateway, error) {
	afterGateway := pulumi.DependsOn([]pulumi.Resource{igw})
	eip, err := ec2.NewEip(ctx, name+"-nat", &ec2.EipArgs{
		Domain: pulumi.String("vpc"),
		Tags:   tagging.Named(tags, name+"-nat"),
	}, pulumi.Parent(n), afterGateway)
	if err != nil {
		return nil, fmt.Errorf("creating elastic IP for NAT gateway %s: %w", name, err)
	}
	nat, err := ec2.NewNatGateway(ctx, name, &ec2.NatGatewayArgs{
		AllocationId: eip.ID(),
		SubnetId:     subnetID,
		Tags:         tagging.Named(tags, name),
	}, pulumi.Parent(n), afterGateway)
	if err != nil {
		return nil, fmt.Errorf("creating NAT gateway %s: %w", name, err)
	}
	return nat, nil
}

// associate attaches the route table to the subnets and returns their ids once attached, so that
// whatever is placed into the subnets waits for their routes (and is destroyed before them).
func (n *Network) associate(ctx *pulumi.Context, name string, rt *ec2.RouteTable, subnets pulumi.StringArray) (pulumi.StringArray, error) {
	var attached pulumi.StringArray
	for i, subnet := range subnets {
		a, err := ec2.NewRouteTableAssociation(ctx, fmt.Sprintf("%s-%d", name, i), &ec2.RouteTableAssociationArgs{
			RouteTableId: rt.ID(),
			SubnetId:     subnet,
		}, pulumi.Parent(n))
		if err != nil {
			return nil, fmt.Errorf("associating route table %s: %w", name, err)
		}
		attached = append(attached, a.SubnetId.Elem())
	}
	return attached, nil
}
