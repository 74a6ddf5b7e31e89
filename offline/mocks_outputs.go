package offline

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func str(m resource.PropertyMap, key string) string {
	if v, ok := m[resource.PropertyKey(key)]; ok {
		if v.IsSecret() {
			v = v.SecretValue().Element
		}
		if v.IsString() {
			return v.StringValue()
		}
	}
	return ""
}

func vpcOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["defaultSecurityGroupId"] = resource.NewProperty("sg-" + m.hex(id)[:17])
	out["mainRouteTableId"] = resource.NewProperty("rtb-" + m.hex(id + "main")[:17])
}

func subnetOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.subnetCIDRs == nil {
		m.subnetCIDRs = map[string]string{}
	}
	m.subnetCIDRs[id] = str(args.Inputs, "cidrBlock")
}

func eipOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["publicIp"] = resource.NewProperty(fmt.Sprintf("203.0.113.%d", 1+m.number(id, 254)))
	out["allocationId"] = resource.NewProperty(id)
}

// privateIP is a stable address inside the subnet's CIDR (past the 4 addresses AWS reserves).
func (m *awsMocks) privateIP(subnetID, name string) string {
	m.mu.Lock()
	cidr := m.subnetCIDRs[subnetID]
	m.mu.Unlock()
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		p = netip.MustParsePrefix("10.0.0.0/16") // an existing VPC's subnet: any private range will do
	}
	size := uint32(1) << (32 - p.Bits())
	a := ipv4(p.Addr()) + 4 + m.number(name, size-5)
	return netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}).String()
}

func ipv4(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func networkInterfaceOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	ip := m.privateIP(str(args.Inputs, "subnetId"), args.Name)
	out["privateIp"] = resource.NewProperty(ip)
	out["privateIps"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(ip)})
	out["privateDnsName"] = resource.NewProperty(fmt.Sprintf("ip-%s.%s.compute.internal", dashed(ip), m.region))
	out["macAddress"] = resource.NewProperty("02:" + m.hex(id)[:2] + ":" + m.hex(id)[2:4] + ":00:00:01")
}

func instanceOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	ip := m.privateIP(str(args.Inputs, "subnetId"), args.Name)
	out["privateIp"] = resource.NewProperty(ip)
	out["privateDns"] = resource.NewProperty(fmt.Sprintf("ip-%s.%s.compute.internal", dashed(ip), m.region))
	out["instanceState"] = resource.NewProperty("running")
	out["primaryNetworkInterfaceId"] = resource.NewProperty("eni-" + m.hex(id)[:17])
}

func dashed(ip string) string {
	b := []byte(ip)
	for i, c := range b {
		if c == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}

// elbZones are the Route 53 hosted zone ids of Elastic Load Balancing per region (AWS General
// Reference, "Elastic Load Balancing endpoints and quotas"): ALB first, NLB second.
var elbZones = map[string][2]string{
	"us-east-1":    {"Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"},
	"us-east-2":    {"Z3AADJGX6KTTL2", "ZLMOA37VPKANP"},
	"us-west-2":    {"Z1H1FL5HABSF5", "Z18D5FSROUN65G"},
	"eu-west-1":    {"Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"},
	"eu-central-1": {"Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"},
}

func loadBalancerOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	name := str(out, "name") // given or auto-named (mocks_autonames.go)
	network := str(args.Inputs, "loadBalancerType") == "network"
	kind, zoneIdx := "app", 0
	if network {
		kind, zoneIdx = "net", 1
	}
	prefix := ""
	if v, ok := args.Inputs["internal"]; ok && v.IsBool() && v.BoolValue() {
		prefix = "internal-"
	}
	suffix := m.hex(id)[:16]
	dns := fmt.Sprintf("%s%s-%s.elb.%s.amazonaws.com", prefix, name, suffix, m.region)
	if network {
		dns = fmt.Sprintf("%s-%s.elb.%s.amazonaws.com", name, suffix, m.region)
	}
	out["dnsName"] = resource.NewProperty(dns)
	out["zoneId"] = resource.NewProperty(elbZones[m.region][zoneIdx])
	arn := fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/%s/%s/%s", m.region, Account, kind, name, suffix)
	out["arn"] = resource.NewProperty(arn)
	out["arnSuffix"] = resource.NewProperty(fmt.Sprintf("%s/%s/%s", kind, name, suffix))
}

func replicationGroupOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	rg := str(out, "replicationGroupId") // given or auto-named (mocks_autonames.go)
	host := fmt.Sprintf("%s.%s.%s.cache.amazonaws.com", rg, m.hex(id)[:6], regionCode(m.region))
	clusterMode := false
	if v, ok := args.Inputs["numNodeGroups"]; ok && v.IsNumber() && v.NumberValue() > 1 {
		clusterMode = true
	}
	if v, ok := args.Inputs["clusterMode"]; ok && v.IsString() && v.StringValue() == "enabled" {
		clusterMode = true
	}
	if clusterMode {
		out["configurationEndpointAddress"] = resource.NewProperty("clustercfg." + host)
	} else {
		out["primaryEndpointAddress"] = resource.NewProperty("master." + host)
		out["readerEndpointAddress"] = resource.NewProperty("replica." + host)
	}
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:elasticache:%s:%s:replicationgroup:%s", m.region, Account, rg))
	out["clusterEnabled"] = resource.NewProperty(clusterMode)
	out["memberClusters"] = resource.NewProperty(memberClusters(rg, args.Inputs, clusterMode))
}

// memberClusters names the nodes the way ElastiCache does: <group>-001, -002, … without cluster
// mode, <group>-0001-001 (shard, node) with it.
func memberClusters(rg string, in resource.PropertyMap, clusterMode bool) []resource.PropertyValue {
	count := func(key string, def int) int {
		if v, ok := in[resource.PropertyKey(key)]; ok && v.IsNumber() {
			return int(v.NumberValue())
		}
		return def
	}
	var names []resource.PropertyValue
	if !clusterMode {
		for n := 1; n <= count("numCacheClusters", 1); n++ {
			names = append(names, resource.NewProperty(fmt.Sprintf("%s-%03d", rg, n)))
		}
		return names
	}
	for shard := 1; shard <= count("numNodeGroups", 1); shard++ {
		for n := 1; n <= 1+count("replicasPerNodeGroup", 0); n++ {
			names = append(names, resource.NewProperty(fmt.Sprintf("%s-%04d-%03d", rg, shard, n)))
		}
	}
	return names
}

// zoneIDs is the mocked account's mapping of zone names (in order) to zone ids where it is not
// the identity. Every account maps names to ids differently; in this one us-east-1e is
// use1-az3, the zone without Nitro instance types, as in many older accounts.
var zoneIDs = map[string][]int{"us-east-1": {1, 2, 4, 6, 3, 5}}

// zoneID is the id of the i-th zone name of a region in the mocked account.
func zoneID(region string, i int) string {
	n := i + 1
	if ids, ok := zoneIDs[region]; ok && i < len(ids) {
		n = ids[i]
	}
	return fmt.Sprintf("%s-az%d", regionCode(region), n)
}

// regionCode is ElastiCache's short region code in endpoint names (us-east-1 → use1).
func regionCode(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 {
		return region
	}
	return parts[0] + parts[1][:1] + parts[2]
}

func kmsKeyOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	keyID := uuid(m.hex(id))
	out["keyId"] = resource.NewProperty(keyID)
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", m.region, Account, keyID))
}
