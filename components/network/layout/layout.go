// Package layout carves a VPC CIDR into one private and one public subnet per availability zone.
// It is pure arithmetic, shared by config validation and the network component.
//
// The private subnets (where nodes, caches and Cassandra live) take the first half of the VPC,
// one slot per zone rounded up to a power of two; the public subnets (load balancers and NAT
// gateways) take slots half that size from the second half. The rest stays free for growth.
package layout

import (
	"fmt"
	"math/bits"
	"net/netip"
)

// Limits AWS puts on VPC and subnet sizes (Amazon VPC user guide, "VPC CIDR blocks").
const (
	MinVPCPrefix = 16 // largest VPC: /16
	MaxVPCPrefix = 24 // smallest VPC this layout accepts: room for subnets in 2 zones
	// MaxPublicSubnetPrefix is the smallest public subnet: a load balancer's subnets need at
	// least a /27 and 8 free addresses (Elastic Load Balancing user guide, "Subnets for your
	// load balancer").
	MaxPublicSubnetPrefix = 27
	MinZones              = 2
	MaxZones              = 6
)

// Plan is the subnet layout of a VPC.
type Plan struct {
	VPC     netip.Prefix
	Private []netip.Prefix // one per zone, in zone order
	Public  []netip.Prefix // one per zone, in zone order
}

// Carve lays out subnets for zones availability zones in the VPC CIDR.
func Carve(cidr string, zones int) (Plan, error) {
	vpc, err := netip.ParsePrefix(cidr)
	if err != nil || !vpc.Addr().Is4() {
		return Plan{}, fmt.Errorf("must be an IPv4 CIDR such as 10.0.0.0/16")
	}
	if vpc.Masked() != vpc {
		return Plan{}, fmt.Errorf("has host bits set; the network address is %s", vpc.Masked())
	}
	if vpc.Bits() < MinVPCPrefix || vpc.Bits() > MaxVPCPrefix {
		return Plan{}, fmt.Errorf("prefix must be /%d to /%d", MinVPCPrefix, MaxVPCPrefix)
	}
	if zones < MinZones || zones > MaxZones {
		return Plan{}, fmt.Errorf("zones must be %d to %d", MinZones, MaxZones)
	}
	slotBits := bits.Len(uint(zones - 1)) // log2 of zones rounded up to a power of two
	privateBits := vpc.Bits() + 1 + slotBits
	publicBits := privateBits + 1
	if publicBits > MaxPublicSubnetPrefix {
		return Plan{}, fmt.Errorf("is too small for %d zones: public subnets would be /%d, smaller than the /%d a load balancer needs; use /%d or larger",
			zones, publicBits, MaxPublicSubnetPrefix, vpc.Bits()-(publicBits-MaxPublicSubnetPrefix))
	}
	plan := Plan{VPC: vpc}
	base := ipv4(vpc.Addr())
	half := uint32(1) << (32 - vpc.Bits() - 1)
	for i := 0; i < zones; i++ {
		plan.Private = append(plan.Private, prefixAt(base+uint32(i)<<(32-privateBits), privateBits))
		plan.Public = append(plan.Public, prefixAt(base+half+uint32(i)<<(32-publicBits), publicBits))
	}
	return plan, nil
}

func ipv4(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func prefixAt(addr uint32, bits int) netip.Prefix {
	a := netip.AddrFrom4([4]byte{byte(addr >> 24), byte(addr >> 16), byte(addr >> 8), byte(addr)})
	return netip.PrefixFrom(a, bits)
}
