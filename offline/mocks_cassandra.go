package offline

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// nodeIndex finds the index in a per-node resource name such as "platform-dev-cassandra-node-12-eni".
var nodeIndex = regexp.MustCompile(`-node-(\d+)(-|$)`)

// nodeInterfaceOutputs answers like networkInterfaceOutputs, except that the interfaces of
// indexed nodes get distinct addresses: hashed addresses collide by the birthday bound long
// before 1000 nodes, and AWS never hands one address out twice in a subnet.
func nodeInterfaceOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	networkInterfaceOutputs(m, args, id, out)
	match := nodeIndex.FindStringSubmatch(args.Name)
	if match == nil {
		return
	}
	i, err := strconv.Atoi(match[1])
	if err != nil {
		return
	}
	ip := m.indexedIP(str(args.Inputs, "subnetId"), uint32(i))
	out["privateIp"] = resource.NewProperty(ip)
	out["privateIps"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(ip)})
	out["privateDnsName"] = resource.NewProperty(fmt.Sprintf("ip-%s.%s.compute.internal", dashed(ip), m.region))
}

// indexedIP is the i-th address of the subnet past the 4 addresses AWS reserves at its start.
func (m *awsMocks) indexedIP(subnetID string, i uint32) string {
	m.mu.Lock()
	cidr := m.subnetCIDRs[subnetID]
	m.mu.Unlock()
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		p = netip.MustParsePrefix("10.0.0.0/16")
	}
	size := uint32(1) << (32 - p.Bits())
	a := ipv4(p.Addr()) + 4 + i%(size-5)
	return netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}).String()
}

// associationOutputs gives an SSM association the UUID State Manager names it by.
func associationOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["associationId"] = resource.NewProperty(uuid(m.hex(id)))
}
