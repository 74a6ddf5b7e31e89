package layout

import (
	"net/netip"
	"strings"
	"testing"
)

func TestCarveLayouts(t *testing.T) {
	cases := []struct {
		cidr            string
		zones           int
		firstPrivate    string
		lastPrivate     string
		firstPublic     string
		lastPublic      string
		privateBitsWant int
		publicBitsWant  int
	}{
		{"10.0.0.0/16", 2, "10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/19", "10.0.160.0/19", 18, 19},
		{"10.0.0.0/16", 3, "10.0.0.0/19", "10.0.64.0/19", "10.0.128.0/20", "10.0.160.0/20", 19, 20},
		{"10.0.0.0/16", 4, "10.0.0.0/19", "10.0.96.0/19", "10.0.128.0/20", "10.0.176.0/20", 19, 20},
		{"10.0.0.0/16", 6, "10.0.0.0/20", "10.0.80.0/20", "10.0.128.0/21", "10.0.168.0/21", 20, 21},
		{"172.16.0.0/20", 3, "172.16.0.0/23", "172.16.4.0/23", "172.16.8.0/24", "172.16.10.0/24", 23, 24},
		{"192.168.1.0/24", 2, "192.168.1.0/26", "192.168.1.64/26", "192.168.1.128/27", "192.168.1.160/27", 26, 27},
		{"10.20.0.0/23", 4, "10.20.0.0/26", "10.20.0.192/26", "10.20.1.0/27", "10.20.1.96/27", 26, 27},
		{"10.20.0.0/22", 6, "10.20.0.0/26", "10.20.1.64/26", "10.20.2.0/27", "10.20.2.160/27", 26, 27},
	}
	for _, c := range cases {
		p, err := Carve(c.cidr, c.zones)
		if err != nil {
			t.Fatalf("Carve(%s, %d): %v", c.cidr, c.zones, err)
		}
		if len(p.Private) != c.zones || len(p.Public) != c.zones {
			t.Fatalf("Carve(%s, %d): %d private, %d public subnets", c.cidr, c.zones, len(p.Private), len(p.Public))
		}
		check := func(what string, got netip.Prefix, want string) {
			if got.String() != want {
				t.Errorf("Carve(%s, %d) %s = %s, want %s", c.cidr, c.zones, what, got, want)
			}
		}
		check("first private", p.Private[0], c.firstPrivate)
		check("last private", p.Private[c.zones-1], c.lastPrivate)
		check("first public", p.Public[0], c.firstPublic)
		check("last public", p.Public[c.zones-1], c.lastPublic)
		if p.Private[0].Bits() != c.privateBitsWant || p.Public[0].Bits() != c.publicBitsWant {
			t.Errorf("Carve(%s, %d) sizes /%d and /%d", c.cidr, c.zones, p.Private[0].Bits(), p.Public[0].Bits())
		}
		assertDisjointInside(t, p)
	}
}

// Every VPC size and zone count the layout accepts gives disjoint subnets inside the VPC.
func TestCarveAllSizesDisjoint(t *testing.T) {
	for prefix := MinVPCPrefix; prefix <= MaxVPCPrefix; prefix++ {
		for zones := MinZones; zones <= MaxZones; zones++ {
			cidr := netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), prefix).String()
			p, err := Carve(cidr, zones)
			if err != nil {
				if prefix >= 24 && zones > 2 || prefix == 23 && zones > 4 {
					continue // too small for /27 public subnets, asserted below
				}
				t.Fatalf("Carve(%s, %d): %v", cidr, zones, err)
			}
			assertDisjointInside(t, p)
		}
	}
}

func assertDisjointInside(t *testing.T, p Plan) {
	t.Helper()
	all := append(append([]netip.Prefix{}, p.Private...), p.Public...)
	for i, a := range all {
		if !p.VPC.Contains(a.Addr()) || a.Bits() < p.VPC.Bits() || a.Bits() > MaxPublicSubnetPrefix {
			t.Errorf("%s: subnet %s outside the VPC or out of AWS size limits", p.VPC, a)
		}
		for _, b := range all[i+1:] {
			if a.Overlaps(b) {
				t.Errorf("%s: subnets %s and %s overlap", p.VPC, a, b)
			}
		}
	}
}

func TestCarveRejects(t *testing.T) {
	cases := []struct {
		cidr  string
		zones int
		want  string
	}{
		{"10.0.0.0/24", 3, "public subnets would be /28, smaller than the /27 a load balancer needs; use /23 or larger"},
		{"10.0.0.0/24", 5, "too small for 5 zones"},
		{"10.0.0.0/24", 6, "use /22 or larger"},
		{"10.0.0.0/23", 5, "use /22 or larger"},
		{"10.0.0.0/15", 3, "prefix must be /16 to /24"},
		{"10.0.0.0/25", 2, "prefix must be /16 to /24"},
		{"10.0.1.0/16", 3, "host bits set"},
		{"10.0.0.0", 3, "IPv4 CIDR"},
		{"fd00::/56", 3, "IPv4 CIDR"},
		{"10.0.0.0/16", 1, "zones must be 2 to 6"},
		{"10.0.0.0/16", 7, "zones must be 2 to 6"},
	}
	for _, c := range cases {
		_, err := Carve(c.cidr, c.zones)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Carve(%q, %d) error = %v, want it to say %q", c.cidr, c.zones, err, c.want)
		}
	}
}
