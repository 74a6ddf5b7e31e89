package stacks_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/offline"
)

const (
	lbType         = "aws:lb/loadBalancer:LoadBalancer"
	targetGroupTyp = "aws:lb/targetGroup:TargetGroup"
	listenerType   = "aws:lb/listener:Listener"
	attachmentType = "aws:autoscaling/attachment:Attachment"
	ingressType    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressType     = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	prodCert       = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
)

// lbStack is what one run registered for the load balancer tier.
type lbStack struct {
	res       *offline.Result
	lb, tg    offline.Resource
	listeners map[int]offline.Resource // by port
	sgID      string
	endpoint  map[string]any
}

func runLB(t *testing.T, stack string, sets ...string) lbStack {
	t.Helper()
	res := mustRun(t, stack, sets...)
	one := func(typ string) offline.Resource {
		all := res.ByType(typ)
		if len(all) != 1 {
			t.Fatalf("%d %s registered, want 1", len(all), typ)
		}
		return all[0]
	}
	s := lbStack{res: res, lb: one(lbType), tg: one(targetGroupTyp), listeners: map[int]offline.Resource{}}
	for _, l := range res.ByType(listenerType) {
		s.listeners[int(l.Inputs["port"].NumberValue())] = l
	}
	sg, ok := res.Find("aws:ec2/securityGroup:SecurityGroup", "platform-"+stack+"-lb-sg")
	if !ok {
		t.Fatalf("no load balancer security group platform-%s-lb", stack)
	}
	s.sgID = sg.ID
	if groups := s.lb.Inputs["securityGroups"].ArrayValue(); len(groups) != 1 || groups[0].StringValue() != s.sgID {
		t.Errorf("load balancer security groups %v, want [%s]", groups, s.sgID)
	}
	s.endpoint, _ = res.Outputs["endpoints"].Value.(map[string]any)["loadBalancer"].(map[string]any)
	return s
}

func (s lbStack) out(r offline.Resource, key string) string {
	return r.Outputs[resource.PropertyKey(key)].StringValue()
}

// forwardsToTargets tells whether a listener's only action forwards to the target group.
func (s lbStack) forwardsToTargets(l offline.Resource) bool {
	actions := l.Inputs["defaultActions"].ArrayValue()
	if len(actions) != 1 {
		return false
	}
	a := actions[0].ObjectValue()
	return a["type"].StringValue() == "forward" && a["targetGroupArn"].StringValue() == s.out(s.tg, "arn")
}

func TestLoadBalancerALBOverHTTP(t *testing.T) {
	s := runLB(t, "dev")
	in := s.lb.Inputs
	if in["loadBalancerType"].StringValue() != "application" || in["internal"].BoolValue() {
		t.Errorf("want an internet-facing ALB, got %v internal=%v", in["loadBalancerType"], in["internal"])
	}
	if !in["dropInvalidHeaderFields"].BoolValue() || in["idleTimeout"].NumberValue() != 60 {
		t.Errorf("dropInvalidHeaderFields %v, idleTimeout %v; want true, 60", in["dropInvalidHeaderFields"], in["idleTimeout"])
	}
	if in["enableDeletionProtection"].BoolValue() {
		t.Error("dev load balancer has deletion protection")
	}
	for _, k := range []resource.PropertyKey{"enableCrossZoneLoadBalancing", "accessLogs"} {
		if _, ok := in[k]; ok {
			t.Errorf("ALB sets %s = %v", k, in[k])
		}
	}
	public := s.res.Outputs["endpoints"].Value.(map[string]any)["network"].(map[string]any)["publicSubnetIds"]
	if got := fmt.Sprint(in["subnets"].Mappable()); got != fmt.Sprint(public) {
		t.Errorf("subnets %s, want the public subnets %v", got, public)
	}
	tg := s.tg.Inputs
	if tg["targetType"].StringValue() != "instance" || tg["protocol"].StringValue() != "HTTP" || tg["port"].NumberValue() != 30080 {
		t.Errorf("target group %v %v %v, want instance HTTP 30080", tg["targetType"], tg["protocol"], tg["port"])
	}
	if len(s.listeners) != 1 {
		t.Fatalf("%d listeners, want HTTP 80 only", len(s.listeners))
	}
	l := s.listeners[80]
	if l.Inputs["protocol"].StringValue() != "HTTP" || !s.forwardsToTargets(l) {
		t.Errorf("listener 80: %v", l.Inputs)
	}
	if _, ok := l.Inputs["certificateArn"]; ok {
		t.Error("plain HTTP listener has a certificate")
	}
	if s.endpoint["url"] != "http://"+s.out(s.lb, "dnsName") {
		t.Errorf("url %v", s.endpoint["url"])
	}
}

func TestLoadBalancerALBOverHTTPSRedirectsHTTP(t *testing.T) {
	s := runLB(t, "prod")
	if len(s.listeners) != 2 {
		t.Fatalf("%d listeners, want 443 and 80", len(s.listeners))
	}
	https := s.listeners[443].Inputs
	if https["protocol"].StringValue() != "HTTPS" || https["certificateArn"].StringValue() != prodCert ||
		https["sslPolicy"].StringValue() != "ELBSecurityPolicy-TLS13-1-2-2021-06" || !s.forwardsToTargets(s.listeners[443]) {
		t.Errorf("listener 443: %v", https)
	}
	http := s.listeners[80].Inputs
	actions := http["defaultActions"].ArrayValue()
	if http["protocol"].StringValue() != "HTTP" || len(actions) != 1 || actions[0].ObjectValue()["type"].StringValue() != "redirect" {
		t.Fatalf("listener 80 does not redirect: %v", http)
	}
	redirect := actions[0].ObjectValue()["redirect"].ObjectValue()
	if redirect["protocol"].StringValue() != "HTTPS" || redirect["port"].StringValue() != "443" || redirect["statusCode"].StringValue() != "HTTP_301" {
		t.Errorf("redirect %v, want HTTPS 443 HTTP_301", redirect)
	}
	if _, ok := http["certificateArn"]; ok {
		t.Error("redirect listener has a certificate")
	}
	// Turning HTTPS on turns 80 into the redirect: the engine must create 443, and open its
	// port, first. Each listener waits for the rules that open its port.
	if !slices.Contains(s.listeners[80].DependsOn, s.listeners[443].URN) {
		t.Errorf("listener 80 depends on %v, not on listener 443", s.listeners[80].DependsOn)
	}
	for port, l := range s.listeners {
		rules := 0
		for _, r := range s.res.ByType(ingressType) {
			if strings.Contains(r.Name, fmt.Sprintf("-lb-sg-in-%d-", port)) {
				rules++
				if !slices.Contains(l.DependsOn, r.URN) {
					t.Errorf("listener %d does not wait for the rule %s that opens its port", port, r.Name)
				}
			}
		}
		if rules == 0 {
			t.Errorf("no ingress rule opens listener port %d", port)
		}
	}
	if s.endpoint["url"] != "https://"+s.out(s.lb, "dnsName") {
		t.Errorf("url %v", s.endpoint["url"])
	}
}

func TestLoadBalancerDeletionProtectionInProdOnly(t *testing.T) {
	for _, stack := range shippedStacks {
		s := runLB(t, stack)
		if got := s.lb.Inputs["enableDeletionProtection"].BoolValue(); got != (stack == "prod") {
			t.Errorf("%s: deletion protection %v", stack, got)
		}
	}
}

func TestLoadBalancerNLBOverTCP(t *testing.T) {
	s := runLB(t, "dev", "loadBalancer.type=network")
	in := s.lb.Inputs
	if in["loadBalancerType"].StringValue() != "network" || !in["enableCrossZoneLoadBalancing"].BoolValue() {
		t.Errorf("want a cross-zone NLB: %v", in)
	}
	for _, k := range []resource.PropertyKey{"dropInvalidHeaderFields", "idleTimeout"} {
		if _, ok := in[k]; ok {
			t.Errorf("NLB sets the ALB option %s", k)
		}
	}
	if s.tg.Inputs["protocol"].StringValue() != "TCP" {
		t.Errorf("target group protocol %v, want TCP", s.tg.Inputs["protocol"])
	}
	l, ok := s.listeners[80]
	if len(s.listeners) != 1 || !ok || l.Inputs["protocol"].StringValue() != "TCP" || !s.forwardsToTargets(l) {
		t.Errorf("want one TCP 80 listener forwarding to the workers, got %v", s.listeners)
	}
}

func TestLoadBalancerNLBOverTLSHasNoPlainListener(t *testing.T) {
	s := runLB(t, "dev", "loadBalancer.type=network", "loadBalancer.https=true",
		"loadBalancer.certificateArn="+prodCert, "loadBalancer.crossZone=false")
	if len(s.listeners) != 1 {
		t.Fatalf("%d listeners, want TLS 443 only (an NLB cannot redirect)", len(s.listeners))
	}
	tls := s.listeners[443].Inputs
	if tls["protocol"].StringValue() != "TLS" || tls["certificateArn"].StringValue() != prodCert ||
		tls["sslPolicy"].StringValue() == "" || !s.forwardsToTargets(s.listeners[443]) {
		t.Errorf("listener 443: %v", tls)
	}
	if s.lb.Inputs["enableCrossZoneLoadBalancing"].BoolValue() {
		t.Error("crossZone false not applied")
	}
}

func TestLoadBalancerInternalUsesPrivateSubnets(t *testing.T) {
	s := runLB(t, "staging", "loadBalancer.internal=true")
	private := s.res.Outputs["endpoints"].Value.(map[string]any)["network"].(map[string]any)["privateSubnetIds"]
	if !s.lb.Inputs["internal"].BoolValue() || fmt.Sprint(s.lb.Inputs["subnets"].Mappable()) != fmt.Sprint(private) {
		t.Errorf("internal %v subnets %v, want true and the private subnets %v", s.lb.Inputs["internal"], s.lb.Inputs["subnets"], private)
	}
}

// rule is a security group rule reduced to what it opens.
type rule struct {
	group, peer string // peer: a CIDR or a security group id
	port        int
}

// rulesTouching returns the rules of a type on or from security group sg, each checked to open
// one TCP port to one peer.
func rulesTouching(t *testing.T, res *offline.Result, typ, sg string) []rule {
	t.Helper()
	var rules []rule
	for _, r := range res.ByType(typ) {
		in := r.Inputs
		peer := ""
		for _, k := range []resource.PropertyKey{"cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"} {
			if v, ok := in[k]; ok {
				if peer != "" {
					t.Errorf("%s has two peers", r.Name)
				}
				peer = v.StringValue()
			}
		}
		group := in["securityGroupId"].StringValue()
		if group != sg && peer != sg {
			continue
		}
		from, to := in["fromPort"], in["toPort"]
		if in["ipProtocol"].StringValue() != "tcp" || !from.IsNumber() || !to.IsNumber() || from.NumberValue() != to.NumberValue() {
			t.Errorf("%s: want one TCP port, got %v %v-%v", r.Name, in["ipProtocol"], from, to)
			continue
		}
		rules = append(rules, rule{group: group, peer: peer, port: int(from.NumberValue())})
	}
	return rules
}

// The load balancer's security group admits the listener ports from the allowed CIDRs and
// nothing else, sends only to the workers' ports, and the workers admit it on those ports only.
func TestLoadBalancerSecurityGroupRulesAreExact(t *testing.T) {
	cases := []struct {
		name        string
		stack       string
		sets        []string
		cidrs       []string
		ports       []int // listener ports
		workerPorts []int
	}{
		{"ALB over HTTP", "dev", nil, []string{"0.0.0.0/0"}, []int{80}, []int{30080}},
		{"ALB over HTTPS", "prod", nil, []string{"0.0.0.0/0"}, []int{80, 443}, []int{30080}},
		{"NLB over TLS", "dev", []string{"loadBalancer.type=network", "loadBalancer.https=true", "loadBalancer.certificateArn=" + prodCert},
			[]string{"0.0.0.0/0"}, []int{443}, []int{30080}},
		{"restricted CIDRs and a health-check port", "dev",
			[]string{"loadBalancer.allowedCidrs=[203.0.113.0/24, 198.51.100.0/24]", "loadBalancer.healthCheck.port=10256", "loadBalancer.targetPort=31000"},
			[]string{"203.0.113.0/24", "198.51.100.0/24"}, []int{80}, []int{31000, 10256}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := runLB(t, c.stack, c.sets...)
			var wantIn, gotIn, wantOut, gotOut, wantWorker, gotWorker []rule
			for _, p := range c.ports {
				for _, cidr := range c.cidrs {
					wantIn = append(wantIn, rule{s.sgID, cidr, p})
				}
			}
			var workerSG string
			for _, r := range rulesTouching(t, s.res, egressType, s.sgID) {
				if r.group == s.sgID {
					gotOut = append(gotOut, r)
					workerSG = r.peer
				}
			}
			if nodeSG := nodeSecurityGroupID(t, s.res); workerSG != nodeSG {
				t.Fatalf("egress goes to %q, want the nodes' security group %s", workerSG, nodeSG)
			}
			for _, p := range c.workerPorts {
				wantOut = append(wantOut, rule{s.sgID, workerSG, p})
				wantWorker = append(wantWorker, rule{workerSG, s.sgID, p})
			}
			for _, r := range rulesTouching(t, s.res, ingressType, s.sgID) {
				switch {
				case r.group == s.sgID:
					gotIn = append(gotIn, r)
				case r.peer == s.sgID:
					gotWorker = append(gotWorker, r)
				}
			}
			sameRules(t, "load balancer ingress", gotIn, wantIn)
			sameRules(t, "load balancer egress", gotOut, wantOut)
			sameRules(t, "ingress from the load balancer", gotWorker, wantWorker)
			sg, _ := s.res.Find("aws:ec2/securityGroup:SecurityGroup", "platform-"+c.stack+"-lb-sg")
			for _, k := range []resource.PropertyKey{"ingress", "egress"} {
				if v, ok := sg.Inputs[k]; ok && v.IsArray() && len(v.ArrayValue()) > 0 {
					t.Errorf("security group has inline %s rules %v", k, v)
				}
			}
		})
	}
}

func sameRules(t *testing.T, what string, got, want []rule) {
	t.Helper()
	key := func(r rule) string { return fmt.Sprintf("%s<-%s:%d", r.group, r.peer, r.port) }
	g, w := make([]string, len(got)), make([]string, len(want))
	for i, r := range got {
		g[i] = key(r)
	}
	for i, r := range want {
		w[i] = key(r)
	}
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s:\n got  %v\n want %v", what, g, w)
	}
}

// Every managed node group's autoscaling group is attached to the target group, each attachment
// named after its node group.
func TestLoadBalancerTargetsEveryNodeGroup(t *testing.T) {
	cases := []struct {
		stack string
		sets  []string
		names []string
	}{
		{"dev", nil, []string{"platform-dev-lb-general"}},
		{"prod", nil, []string{"platform-prod-lb-batch", "platform-prod-lb-general"}},
		{"staging", []string{"eks.nodeGroups[1].name=memory", "eks.nodeGroups[1].instanceTypes=[r6i.xlarge]"},
			[]string{"platform-staging-lb-general", "platform-staging-lb-memory"}},
	}
	for _, c := range cases {
		s := runLB(t, c.stack, c.sets...)
		asgOf := map[string]string{} // managed node group name → its autoscaling group
		for _, g := range s.res.ByType(managedGroupType) {
			asgOf[g.Name] = asgNameOf(g)
		}
		var names []string
		for _, a := range s.res.ByType(attachmentType) {
			names = append(names, a.Name)
			if a.Inputs["lbTargetGroupArn"].StringValue() != s.out(s.tg, "arn") {
				t.Errorf("%s: attachment %s targets %v", c.stack, a.Name, a.Inputs["lbTargetGroupArn"])
			}
			nodeGroup := strings.Replace(a.Name, "-lb-", "-eks-", 1) // <prefix>-lb-<group> attaches <prefix>-eks-<group>
			if got, want := a.Inputs["autoscalingGroupName"].StringValue(), asgOf[nodeGroup]; got != want || want == "" {
				t.Errorf("%s: attachment %s attaches %q, want node group %s's autoscaling group %q", c.stack, a.Name, got, a.Name, want)
			}
		}
		slices.Sort(names)
		if !slices.Equal(names, c.names) || len(asgOf) != len(names) {
			t.Errorf("%s: attachments %v for node groups %v, want %v", c.stack, names, asgOf, c.names)
		}
	}
}

func TestLoadBalancerHealthCheckFromConfig(t *testing.T) {
	s := runLB(t, "dev", "loadBalancer.healthCheck.interval=30", "loadBalancer.healthCheck.timeout=10",
		"loadBalancer.healthCheck.healthyThreshold=2", "loadBalancer.healthCheck.unhealthyThreshold=5",
		"loadBalancer.healthCheck.path=/ready", "loadBalancer.healthCheck.matcher=200-299",
		"loadBalancer.healthCheck.port='10256'", "loadBalancer.healthCheck.protocol=HTTPS")
	got := s.tg.Inputs["healthCheck"].ObjectValue().Mappable()
	want := map[string]any{"enabled": true, "protocol": "HTTPS", "port": "10256", "path": "/ready", "matcher": "200-299",
		"interval": 30.0, "timeout": 10.0, "healthyThreshold": 2.0, "unhealthyThreshold": 5.0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("health check\n got  %v\n want %v", got, want)
	}

	nlb := runLB(t, "dev", "loadBalancer.type=network", "loadBalancer.healthCheck.protocol=TCP")
	tcp := nlb.tg.Inputs["healthCheck"].ObjectValue()
	for _, k := range []resource.PropertyKey{"path", "matcher"} {
		if _, ok := tcp[k]; ok {
			t.Errorf("TCP health check sets %s = %v", k, tcp[k])
		}
	}
	if tcp["protocol"].StringValue() != "TCP" || tcp["port"].StringValue() != "traffic-port" {
		t.Errorf("TCP health check %v", tcp)
	}
}

func TestLoadBalancerAccessLogsOnlyWithBucket(t *testing.T) {
	s := runLB(t, "dev", "loadBalancer.accessLogsBucket=platform-lb-logs", "loadBalancer.accessLogsPrefix=dev")
	logs := s.lb.Inputs["accessLogs"].ObjectValue()
	if logs["bucket"].StringValue() != "platform-lb-logs" || logs["prefix"].StringValue() != "dev" || !logs["enabled"].BoolValue() {
		t.Errorf("access logs %v", logs)
	}
}

func TestLoadBalancerEndpoints(t *testing.T) {
	s := runLB(t, "prod")
	want := map[string]string{
		"dnsName":         s.out(s.lb, "dnsName"),
		"zoneId":          s.out(s.lb, "zoneId"),
		"arn":             s.out(s.lb, "arn"),
		"targetGroupArn":  s.out(s.tg, "arn"),
		"securityGroupId": s.sgID,
	}
	for k, v := range want {
		if v == "" || s.endpoint[k] != v {
			t.Errorf("endpoints.loadBalancer.%s = %v, want %q", k, s.endpoint[k], v)
		}
	}
}

// Bad load balancer config fails before anything is registered, naming the key.
func TestLoadBalancerBadConfigRegistersNothing(t *testing.T) {
	cases := []struct{ set, key string }{
		{"loadBalancer.type=classic", "platform:loadBalancer.type"},
		{"loadBalancer.targetPort=8080", "platform:loadBalancer.targetPort"},
		{"loadBalancer.https=true", "platform:loadBalancer.certificateArn"},
		{"loadBalancer.healthCheck.unhealthyThreshold=11", "platform:loadBalancer.healthCheck.unhealthyThreshold"},
		{"loadBalancer.idleTimeout=600", "platform:loadBalancer.idleTimeout"}, // on the NLB below
	}
	for i, c := range cases {
		sets := []string{c.set}
		if i == len(cases)-1 {
			sets = append(sets, "loadBalancer.type=network")
		}
		if errs := badConfig(t, "dev", sets...); !slices.Contains(errs.Keys(), c.key) {
			t.Errorf("%s: errors %v do not name %s", c.set, errs, c.key)
		}
	}
}

// loadBalancer.dropInvalidHeaderFields reaches the ALB (the policy pack then reports it).
func TestLoadBalancerDropInvalidHeaderFieldsFromConfig(t *testing.T) {
	s := runLB(t, "dev", "loadBalancer.dropInvalidHeaderFields=false")
	if v, ok := s.lb.Inputs["dropInvalidHeaderFields"]; !ok || v.BoolValue() {
		t.Errorf("dropInvalidHeaderFields = %v, want false from config", v)
	}
}
