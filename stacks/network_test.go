package stacks_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/cost"
	"github.com/platform-team/platform/offline"
)

const defaultSGType = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"

func TestShippedStacksRun(t *testing.T) {
	for _, stack := range shippedStacks {
		res := mustRun(t, stack)
		vpcs := res.ByType("aws:ec2/vpc:Vpc")
		if len(vpcs) != 1 {
			t.Fatalf("%s: want one VPC", stack)
		}
		// The new VPC's default security group is adopted with no rules at all.
		defaults := res.ByType(defaultSGType)
		if len(defaults) != 1 || defaults[0].Inputs["vpcId"].StringValue() != vpcs[0].ID ||
			defaults[0].Inputs.HasValue("ingress") || defaults[0].Inputs.HasValue("egress") {
			t.Errorf("%s: default security groups %v, want the VPC's, without rules", stack, defaults)
		}
		endpoints, ok := res.Outputs["endpoints"]
		if !ok || !endpoints.Known {
			t.Errorf("%s: endpoints not exported: %+v", stack, res.Outputs)
		}
		for _, r := range res.Resources {
			if r.Type != "pulumi:pulumi:Stack" && r.Parent == "" {
				t.Errorf("%s: %s %s has no parent", stack, r.Type, r.Name)
			}
		}
	}
}

// The dev/prod network differences, read off the registered resources.
func TestNetworkLayoutPerStack(t *testing.T) {
	cases := []struct {
		stack        string
		zones        int
		natGateways  int
		privateRoute map[string]int // NAT gateway count referenced by the private route tables
	}{
		{"dev", 2, 1, nil},
		{"staging", 3, 3, nil},
		{"prod", 3, 3, nil},
	}
	for _, c := range cases {
		res := mustRun(t, c.stack)
		subnets := res.ByType("aws:ec2/subnet:Subnet")
		if len(subnets) != 2*c.zones {
			t.Errorf("%s: %d subnets, want %d", c.stack, len(subnets), 2*c.zones)
		}
		zones := map[string]bool{}
		for _, s := range subnets {
			zones[s.Inputs["availabilityZone"].StringValue()] = true
			if s.Inputs["mapPublicIpOnLaunch"].BoolValue() {
				t.Errorf("%s: subnet %s maps public IPs on launch", c.stack, s.Name)
			}
		}
		if len(zones) != c.zones {
			t.Errorf("%s: subnets span %d zones, want %d", c.stack, len(zones), c.zones)
		}
		nats := res.ByType("aws:ec2/natGateway:NatGateway")
		if len(nats) != c.natGateways {
			t.Errorf("%s: %d NAT gateways, want %d", c.stack, len(nats), c.natGateways)
		}
		natZones := map[string]bool{}
		for _, rt := range res.ByType("aws:ec2/routeTable:RouteTable") {
			routes := rt.Inputs["routes"]
			if !routes.IsArray() || len(routes.ArrayValue()) != 1 {
				t.Errorf("%s: route table %s has routes %v, want one default route", c.stack, rt.Name, routes)
				continue
			}
			route := routes.ArrayValue()[0].ObjectValue()
			if nat, ok := route["natGatewayId"]; ok {
				natZones[nat.StringValue()] = true
			}
		}
		if len(natZones) != c.natGateways {
			t.Errorf("%s: private routes use %d distinct NAT gateways, want %d", c.stack, len(natZones), c.natGateways)
		}
	}
}

// Creation order the engine cannot infer from ids alone: NAT gateways and their addresses wait
// for the internet gateway, and whatever is placed into a subnet waits for its routes (so it is
// also destroyed before them).
func TestNetworkCreationOrder(t *testing.T) {
	res := mustRun(t, "prod")
	urns := func(typ, namePart string) []string {
		var out []string
		for _, r := range res.ByType(typ) {
			if strings.Contains(r.Name, namePart) {
				out = append(out, r.URN)
			}
		}
		return out
	}
	dependsOnAll := func(r offline.Resource, what string, want []string) {
		t.Helper()
		if len(want) == 0 {
			t.Fatalf("no %s registered", what)
		}
		for _, u := range want {
			if !slices.Contains(r.DependsOn, u) {
				t.Errorf("%s %s does not wait for %s %s", r.Type, r.Name, what, u)
			}
		}
	}
	igw := urns("aws:ec2/internetGateway:InternetGateway", "")
	for _, typ := range []string{"aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"} {
		for _, r := range res.ByType(typ) {
			dependsOnAll(r, "the internet gateway", igw)
		}
	}
	public := urns("aws:ec2/routeTableAssociation:RouteTableAssociation", "-public-")
	for _, r := range res.ByType(lbType) {
		dependsOnAll(r, "the public route associations", public)
	}
	private := urns("aws:ec2/routeTableAssociation:RouteTableAssociation", "-private-")
	for _, r := range res.ByType(managedGroupType) {
		dependsOnAll(r, "the private route associations", private)
	}
}

func TestSubnetRoleTags(t *testing.T) {
	res := mustRun(t, "prod")
	for _, s := range res.ByType("aws:ec2/subnet:Subnet") {
		tags := s.Inputs["tags"].ObjectValue()
		_, elb := tags["kubernetes.io/role/elb"]
		_, internal := tags["kubernetes.io/role/internal-elb"]
		if elb == internal {
			t.Errorf("subnet %s: want exactly one of the elb/internal-elb role tags, got %v", s.Name, tags)
		}
		for _, k := range []resource.PropertyKey{"Project", "Environment", "Stack", "ManagedBy", "Name", "CostCenter"} {
			if _, ok := tags[k]; !ok {
				t.Errorf("subnet %s lacks tag %s", s.Name, k)
			}
		}
	}
}

func TestBringYourOwnVPC(t *testing.T) {
	res := mustRun(t, "dev",
		"network.vpcId=vpc-0abc1234def567890",
		"network.privateSubnetIds=[subnet-0aaa1111, subnet-0bbb2222]",
		"network.publicSubnetIds=[subnet-0ccc3333, subnet-0ddd4444]",
		"network.natGateways=none") // true of an existing VPC: this stack creates no NAT gateway there
	// An existing VPC's default security group is its owner's: left alone.
	for _, typ := range []string{"aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", defaultSGType} {
		if n := len(res.ByType(typ)); n != 0 {
			t.Errorf("bring your own VPC created %d %s", n, typ)
		}
	}
	net := res.Outputs["endpoints"].Value.(map[string]any)["network"].(map[string]any)
	if net["vpcId"] != "vpc-0abc1234def567890" {
		t.Errorf("endpoints.network.vpcId = %v", net["vpcId"])
	}
	// Traffic between zones is billed with an existing VPC too: priced on the network component.
	est := exportedCost(t, res)
	if i := slices.IndexFunc(est.Lines, func(l cost.Line) bool { return l.Item == "inter-az-gb" }); i < 0 || est.Lines[i].Component != "platform-dev-network" {
		t.Errorf("no inter-AZ line on the network component with an existing VPC: %+v", est.Lines)
	}
	// The exported cidr is the VPC's (the mocked VPC has 10.40.0.0/16), not one subnet's.
	if net["cidr"] != "10.40.0.0/16" {
		t.Errorf("endpoints.network.cidr = %v, want the VPC's 10.40.0.0/16", net["cidr"])
	}
}

// Zones come from the region minus those that cannot run this platform: in the mocked account
// us-east-1e is use1-az3 (no Nitro instance types, no EKS control plane), so it is never used.
func TestLimitedZoneSkipped(t *testing.T) {
	res := mustRun(t, "staging", "network.azCount=5", "cassandra.nodeCount=5")
	for _, s := range res.ByType("aws:ec2/subnet:Subnet") {
		if z := s.Inputs["availabilityZone"].StringValue(); z == "us-east-1e" {
			t.Errorf("subnet %s in us-east-1e (use1-az3)", s.Name)
		}
	}
	_, err := runStack(t, "staging", "network.azCount=6", "cassandra.nodeCount=6")
	if err == nil || !strings.Contains(err.Error(), "platform:network.azCount: 6 is not allowed: the region offers only 5 zones") {
		t.Fatalf("azCount 6 in us-east-1: got %v, want the 5 usable zones named", err)
	}
}
