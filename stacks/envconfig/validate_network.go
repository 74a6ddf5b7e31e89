package envconfig

import (
	"strings"

	"github.com/platform-team/platform/components/network/layout"
)

func validateNetwork(env *Environment, r *report) {
	n := env.Network
	switch {
	case n.BringYourOwn():
		// An existing VPC keeps its own routing and this stack creates no NAT gateway in it, so
		// none says what happens; any known layout is accepted and ignored.
		r.oneOf("network.natGateways", n.NATGateways, natNone, NATSingle, NATPerAZ)
	case n.NATGateways == natNone:
		// Nothing here creates VPC endpoints: without a NAT gateway, nodes can reach neither ECR
		// nor the EKS, EC2 and STS APIs, and node groups fail to join after a long wait.
		r.add("network.natGateways", n.NATGateways, "leaves the private subnets without a route out, so EKS nodes cannot pull images or join the cluster: use single (one NAT gateway) or perAz")
	default:
		r.oneOf("network.natGateways", n.NATGateways, NATSingle, NATPerAZ)
	}
	if n.BringYourOwn() {
		validateExistingVPC(n, r)
		return
	}
	if len(n.PublicSubnetIDs) > 0 || len(n.PrivateSubnetIDs) > 0 {
		r.add("network.vpcId", "", "is required when publicSubnetIds or privateSubnetIds are given (bring your own VPC)")
	}
	r.intRange("network.azCount", n.AZCount, layout.MinZones, layout.MaxZones)
	if n.AZCount >= layout.MinZones && n.AZCount <= layout.MaxZones {
		if _, err := layout.Carve(n.CIDR, n.AZCount); err != nil {
			r.add("network.cidr", n.CIDR, "%s", err)
		}
	}
	if len(n.AvailabilityZones) > 0 && len(n.AvailabilityZones) != n.AZCount {
		r.add("network.availabilityZones", n.AvailabilityZones, "must list exactly azCount (%d) zones, or be left out", n.AZCount)
	}
	seen := map[string]bool{}
	for i, az := range n.AvailabilityZones {
		if env.Region != "" && (!strings.HasPrefix(az, env.Region) || len(az) != len(env.Region)+1) {
			r.add(indexed("network.availabilityZones", i), az, "must be a zone of %s such as %sa", env.Region, env.Region)
		}
		if seen[az] {
			r.add(indexed("network.availabilityZones", i), az, "is listed twice; zones must be distinct")
		}
		seen[az] = true
	}
}

func validateExistingVPC(n Network, r *report) {
	if !strings.HasPrefix(n.VPCID, "vpc-") {
		r.add("network.vpcId", n.VPCID, "must be a VPC id such as vpc-0abc1234")
	}
	if len(n.PrivateSubnetIDs) < layout.MinZones || len(n.PrivateSubnetIDs) > layout.MaxZones {
		r.add("network.privateSubnetIds", n.PrivateSubnetIDs, "must list %d to %d subnet ids, one per zone", layout.MinZones, layout.MaxZones)
	}
	if len(n.PublicSubnetIDs) != len(n.PrivateSubnetIDs) {
		r.add("network.publicSubnetIds", n.PublicSubnetIDs, "must list one subnet per zone, as many as privateSubnetIds (%d)", len(n.PrivateSubnetIDs))
	}
	for i, id := range append(append([]string{}, n.PrivateSubnetIDs...), n.PublicSubnetIDs...) {
		if !strings.HasPrefix(id, "subnet-") {
			path := indexed("network.privateSubnetIds", i)
			if i >= len(n.PrivateSubnetIDs) {
				path = indexed("network.publicSubnetIds", i-len(n.PrivateSubnetIDs))
			}
			r.add(path, id, "must be a subnet id such as subnet-0abc1234")
		}
	}
	if len(n.AvailabilityZones) > 0 {
		r.add("network.availabilityZones", n.AvailabilityZones, "must be left out with an existing VPC (the subnets fix the zones)")
	}
}
