package guardrails

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

const (
	typeSecurityGroup     = "aws:ec2/securityGroup:SecurityGroup"
	typeSecurityGroupRule = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeIngressRule       = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	// typeLoadBalancerComponent owns the one security group open to the internet
	// (components/loadbalancer: its group and ingress rules are the component's children).
	typeLoadBalancerComponent = "platform:loadbalancer:LoadBalancer"
)

var worldCIDRs = []string{"0.0.0.0/0", "::/0"}

// Administrative ports that stay closed: instances are reached through SSM Session Manager.
var adminPorts = []struct {
	port int
	name string
}{{22, "SSH"}, {3389, "RDP"}}

// ingress is one ingress permission, whichever resource declares it.
type ingress struct {
	where       string // "" for a rule resource, "ingress[i]" for a group's inline block
	protocol    string // "-1" is every protocol and port
	from, to    int
	cidrs       []string // IPv4 and IPv6 sources
	otherSource bool     // a security group, prefix list or the group itself
}

// ingresses reads the ingress permissions of a security group, a security group rule or an
// ingress rule; permissions with an unknown protocol, port or source are left out (they are
// decided once known).
func ingresses(r target) []ingress {
	m := r.Properties
	switch r.Type {
	case typeIngressRule:
		in, ok := readIngress(m, "ipProtocol", []string{"cidrIpv4", "cidrIpv6"}, []string{"referencedSecurityGroupId", "prefixListId"})
		if !ok {
			return nil
		}
		return []ingress{in}
	case typeSecurityGroupRule:
		if kind, st := stringAt(m, "type"); st != known || kind != "ingress" {
			return nil
		}
		in, ok := readIngress(m, "protocol", []string{"cidrBlocks", "ipv6CidrBlocks"}, []string{"sourceSecurityGroupId", "self", "prefixListIds"})
		if !ok {
			return nil
		}
		return []ingress{in}
	case typeSecurityGroup:
		blocks, _ := objectsAt(m, "ingress")
		var out []ingress
		for i, b := range blocks {
			if in, ok := readIngress(b, "protocol", []string{"cidrBlocks", "ipv6CidrBlocks"}, []string{"securityGroups", "self", "prefixListIds"}); ok {
				in.where = fmt.Sprintf("ingress[%d] ", i)
				out = append(out, in)
			}
		}
		return out
	}
	return nil
}

func readIngress(m property.Map, protocolKey string, cidrKeys, otherKeys []string) (ingress, bool) {
	protocol, st := stringAt(m, protocolKey)
	if st != known {
		return ingress{}, false
	}
	in := ingress{protocol: protocol}
	if !in.allPorts() {
		from, stFrom := numberAt(m, "fromPort")
		to, stTo := numberAt(m, "toPort")
		if stFrom != known || stTo != known {
			return ingress{}, false
		}
		in.from, in.to = int(from), int(to)
	}
	for _, key := range cidrKeys {
		v, st := lookup(m, key)
		switch {
		case st == unknown:
			return ingress{}, false
		case st == known && v.IsString():
			in.cidrs = append(in.cidrs, v.AsString())
		case st == known && v.IsArray():
			list, lst := stringsAt(m, key)
			if lst != known {
				return ingress{}, false
			}
			in.cidrs = append(in.cidrs, list...)
		}
	}
	for _, key := range otherKeys {
		if v, st := lookup(m, key); st == unknown || st == known && !(v.IsBool() && !v.AsBool()) && !(v.IsArray() && v.AsArray().Len() == 0) {
			in.otherSource = true
		}
	}
	return in, true
}

func (in ingress) allPorts() bool { return in.protocol == "-1" || in.protocol == "all" }

// portProtocol tells whether the permission's ports are TCP or UDP ports.
func (in ingress) portProtocol() bool {
	switch in.protocol {
	case "tcp", "udp", "6", "17":
		return true
	}
	return false
}

// covers tells whether a TCP connection to port is let in.
func (in ingress) covers(port int) bool {
	return in.allPorts() || (in.protocol == "tcp" || in.protocol == "6") && in.from <= port && port <= in.to
}

// onlyTCP tells whether the permission lets in nothing but TCP ports of allowed.
func (in ingress) onlyTCP(allowed []int) bool {
	if in.protocol != "tcp" && in.protocol != "6" || in.to-in.from >= len(allowed) {
		return false
	}
	for port := in.from; port <= in.to; port++ {
		if !slices.Contains(allowed, port) {
			return false
		}
	}
	return true
}

func (in ingress) ports() string {
	switch {
	case in.allPorts():
		return "all traffic"
	case !in.portProtocol():
		return "protocol " + in.protocol
	case in.from == in.to:
		return in.protocol + " port " + strconv.Itoa(in.from)
	}
	return fmt.Sprintf("%s ports %d-%d", in.protocol, in.from, in.to)
}

type publicIngressSettings struct {
	// ListenerPorts the load balancer's security group may open to the internet.
	ListenerPorts []int `json:"listenerPorts"`
}

// noPublicIngress: nothing takes connections from the whole internet except the load balancer,
// on its listener ports; everything else is reached through it or from inside the VPC.
func (p *pack) noPublicIngress() policyx.ResourceValidationPolicy {
	return resourcePolicyWith(p, policySpec{
		name: "no-public-ingress",
		description: "No security group ingress from 0.0.0.0/0 or ::/0, except the load balancer's listener " +
			"ports on the load balancer's security group.",
		level: policyx.EnforcementLevelMandatory,
	}, settingsSpec[publicIngressSettings]{
		defaults: func() publicIngressSettings { return publicIngressSettings{ListenerPorts: []int{80, 443}} },
		properties: map[string]map[string]any{"listenerPorts": {
			"type": "array", "items": map[string]any{"type": "integer", "minimum": 1, "maximum": 65535},
			"description": "Ports the load balancer's security group may open to the internet.",
		}},
	}, func(r target, s publicIngressSettings, report reportFunc) {
		lbGroup := r.within(typeLoadBalancerComponent)
		for _, in := range ingresses(r) {
			for _, cidr := range in.cidrs {
				if !slices.Contains(worldCIDRs, cidr) || lbGroup && in.onlyTCP(s.ListenerPorts) {
					continue
				}
				if lbGroup {
					report("%sopens %s to %s: the load balancer's security group may open only its listener ports %v", in.where, in.ports(), cidr, s.ListenerPorts)
					continue
				}
				report("%sopens %s to %s: only the load balancer's security group may take traffic from the internet; allow the VPC or a security group instead", in.where, in.ports(), cidr)
			}
		}
	})
}

// noSSHOrRDP: administrative ports are never opened, from any network, and never by a rule of
// their own; operators use SSM Session Manager.
func (p *pack) noSSHOrRDP() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "no-ssh-rdp",
		description: "No security group opens SSH (22) or RDP (3389): not from any CIDR, not by a rule of its own from a security group.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		for _, in := range ingresses(r) {
			for _, admin := range adminPorts {
				if !in.covers(admin.port) {
					continue
				}
				switch {
				case len(in.cidrs) > 0:
					report("%sopens %s (%s) to %v; use SSM Session Manager instead", in.where, admin.name, in.ports(), in.cidrs)
				case in.otherSource && in.from == admin.port && in.to == admin.port:
					report("%sopens %s (port %d) to a security group or prefix list; use SSM Session Manager instead", in.where, admin.name, admin.port)
				}
			}
		}
	})
}
