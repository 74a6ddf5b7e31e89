package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/network"
	"github.com/platform-team/platform/stacks/envconfig"
)

func newNetwork(ctx *pulumi.Context, prefix string, env *envconfig.Environment, tags map[string]string) (*network.Network, error) {
	n := env.Network
	return network.New(ctx, prefix+"-network", network.Args{
		CIDR:             n.CIDR,
		AZCount:          n.AZCount,
		Zones:            n.AvailabilityZones,
		NATGateways:      n.NATGateways,
		VPCID:            n.VPCID,
		PublicSubnetIDs:  n.PublicSubnetIDs,
		PrivateSubnetIDs: n.PrivateSubnetIDs,
		Tags:             tags,
	})
}
