// Package network is the VPC component: a new VPC carved over N availability zones with public
// and private subnets, an internet gateway, NAT gateways and routes, or an existing VPC by id.
package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/network/layout"
)

// NAT gateway layouts.
const (
	NATSingle = "single" // one NAT gateway in the first zone serves every zone (cheap, one zone's outage cuts egress)
	NATPerAZ  = "perAz"  // one NAT gateway per zone (highly available)
)

// Args configure a Network. Either CIDR (a new VPC) or VPCID (an existing one) is set.
type Args struct {
	// CIDR of a new VPC, /16 to /24.
	CIDR string
	// AZCount zones for a new VPC, 2 to 6; ignored when Zones is set.
	AZCount int
	// Zones names the zones; empty means the first AZCount zones the region offers.
	Zones []string
	// NATGateways is NATSingle or NATPerAZ. Default NATPerAZ.
	NATGateways string
	// VPCID, PublicSubnetIDs and PrivateSubnetIDs bring an existing VPC; subnets in zone order.
	VPCID            string
	PublicSubnetIDs  []string
	PrivateSubnetIDs []string
	// Tags are added to every resource.
	Tags map[string]string
}

// Network is the component. Its outputs are what the other tiers place themselves into.
type Network struct {
	pulumi.ResourceState

	VPCID            pulumi.StringOutput      `pulumi:"vpcId"`
	CIDR             pulumi.StringOutput      `pulumi:"cidr"`
	PublicSubnetIDs  pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	PrivateSubnetIDs pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	// Zones are the availability zones in subnet order, known when the program runs.
	Zones []string
}

// New registers the network component and its resources.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Network, error) {
	if args.VPCID == "" {
		if _, err := layout.Carve(args.CIDR, max(args.AZCount, len(args.Zones))); err != nil {
			return nil, fmt.Errorf("network %s: CIDR %s: %w", name, args.CIDR, err)
		}
	}
	n := &Network{}
	if err := ctx.RegisterComponentResource("platform:network:Network", name, n, opts...); err != nil {
		return nil, err
	}
	var err error
	if args.VPCID != "" {
		err = n.adopt(ctx, args)
	} else {
		err = n.create(ctx, name, args)
	}
	if err != nil {
		return nil, err
	}
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":            n.VPCID,
		"cidr":             n.CIDR,
		"publicSubnetIds":  n.PublicSubnetIDs,
		"privateSubnetIds": n.PrivateSubnetIDs,
		"zones":            pulumi.ToStringArray(n.Zones),
	})
}

// adopt reads an existing VPC's CIDR, and its subnets' zones.
func (n *Network) adopt(ctx *pulumi.Context, args Args) error {
	vpc, err := ec2.LookupVpc(ctx, &ec2.LookupVpcArgs{Id: pulumi.StringRef(args.VPCID)}, pulumi.Parent(n))
	if err != nil {
		return fmt.Errorf("looking up VPC %s: %w", args.VPCID, err)
	}
	n.CIDR = pulumi.String(vpc.CidrBlock).ToStringOutput()
	for _, id := range args.PrivateSubnetIDs {
		subnet, err := ec2.LookupSubnet(ctx, &ec2.LookupSubnetArgs{Id: pulumi.StringRef(id)}, pulumi.Parent(n))
		if err != nil {
			return fmt.Errorf("looking up subnet %s: %w", id, err)
		}
		n.Zones = append(n.Zones, subnet.AvailabilityZone)
	}
	n.VPCID = pulumi.String(args.VPCID).ToStringOutput()
	n.PublicSubnetIDs = pulumi.ToStringArray(args.PublicSubnetIDs).ToStringArrayOutput()
	n.PrivateSubnetIDs = pulumi.ToStringArray(args.PrivateSubnetIDs).ToStringArrayOutput()
	return nil
}

// limitedZoneIDs are zones (by id: zone names map to different zones in each account) that lack
// what this platform runs: use1-az3 offers no Nitro instance types (m6i, r6i, m7i, c6i) and
// rejects EKS control-plane subnets (UnsupportedAvailabilityZoneException).
var limitedZoneIDs = []string{"use1-az3"}

// zones picks the configured zones or the first azCount the region offers.
func (n *Network) zones(ctx *pulumi.Context, args Args) ([]string, error) {
	if len(args.Zones) > 0 {
		return args.Zones, nil
	}
	// No state filter: a zone that is impaired for a while must not shift the list, which would
	// move every subnet, NAT gateway and Cassandra node to another zone on the next update.
	available, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		ExcludeZoneIds: limitedZoneIDs,
		// Local Zones and Wavelength Zones are opt-in; a VPC spans only the region's own zones.
		Filters: []aws.GetAvailabilityZonesFilter{{Name: "opt-in-status", Values: []string{"opt-in-not-required"}}},
	}, pulumi.Parent(n))
	if err != nil {
		return nil, fmt.Errorf("listing availability zones: %w", err)
	}
	if len(available.Names) < args.AZCount {
		return nil, fmt.Errorf("platform:network.azCount: %d is not allowed: the region offers only %d zones (%v)",
			args.AZCount, len(available.Names), available.Names)
	}
	return available.Names[:args.AZCount], nil
}
