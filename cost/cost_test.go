package cost

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/stacks/envconfig"
)

// testCatalog holds round, explicit test prices for one region, so every expected total below is
// arithmetic a reader can check by hand.
func testCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	prices := []struct {
		service, item, unit string
		usd                 float64
	}{
		{"ec2", "m5.xlarge", "hour", 0.2},
		{"ec2", "m6i.large", "hour", 0.1},
		{"ebs", "gp3-storage", "GB-month", 0.08},
		{"ebs", "gp3-iops", "IOPS-month", 0.005},
		{"ebs", "gp3-throughput", "MiBps-month", 0.04},
		{"ebs", "gp2-storage", "GB-month", 0.1},
		{"eks", "cluster-standard", "hour", 0.1},
		{"eks", "cluster-extended", "hour", 0.6},
		{"elb", "alb-hour", "hour", 0.02},
		{"elb", "alb-lcu", "LCU-hour", 0.01},
		{"elb", "nlb-hour", "hour", 0.03},
		{"elb", "nlb-nlcu", "NLCU-hour", 0.005},
		{"vpc", "natgateway-hour", "hour", 0.05},
		{"vpc", "natgateway-gb", "GB", 0.04},
		{"vpc", "public-ipv4-hour", "hour", 0.005},
		{"elasticache", "valkey:cache.r7g.large", "hour", 0.2},
		{"cloudwatch", "alarm-standard", "alarm-month", 0.1},
		{"kms", "key", "key-month", 1},
		{"datatransfer", "inter-az-gb", "GB", 0.01},
		{"datatransfer", "internet-out-gb", "GB", 0.09},
	}
	var entries []string
	for _, p := range prices {
		entries = append(entries, fmt.Sprintf(`{"service":%q,"item":%q,"region":"test-1","unit":%q,"usd":%v,"source":"test","date":"2026-01-01"}`,
			p.service, p.item, p.unit, p.usd))
	}
	cat, err := catalog.Parse([]byte(`{"currency":"USD","prices":[` + strings.Join(entries, ",") + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func props(t *testing.T, v map[string]any) resource.PropertyMap {
	t.Helper()
	return resource.NewPropertyMapFromMap(v)
}

var testInputs = Inputs{Region: "test-1", Zones: 2, Usage: envconfig.Usage{LoadBalancerCapacityUnits: 2, NATGatewayGBPerMonth: 100, InterAZGBPerMonth: 50, InternetEgressGBPerMonth: 20}, BudgetMonthly: 500, Day: "2026-10-01"}

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

func TestPriceLinesByHand(t *testing.T) {
	resources := []Resource{
		{Type: "eks:index:Cluster", Name: "eks", Component: "cluster", Inputs: props(t, map[string]any{"version": "1.34"})},
		{Type: "eks:index:ManagedNodeGroup", Name: "general", Component: "cluster", Inputs: props(t, map[string]any{
			"instanceTypes": []any{"m5.xlarge"}, "scalingConfig": map[string]any{"minSize": 2, "desiredSize": 3, "maxSize": 6},
			"launchTemplate": map[string]any{"name": "general-lt"},
		})},
		{Type: "aws:ec2/launchTemplate:LaunchTemplate", Name: "general-lt", Component: "cluster", Inputs: props(t, map[string]any{
			"name": "general-lt", "blockDeviceMappings": []any{map[string]any{"ebs": map[string]any{"volumeSize": 50, "volumeType": "gp3"}}},
		})},
		{Type: "aws:ec2/instance:Instance", Name: "node-0", Component: "cassandra", Inputs: props(t, map[string]any{
			"instanceType": "m6i.large", "rootBlockDevice": map[string]any{"volumeSize": 20, "volumeType": "gp3"},
		})},
		{Type: "aws:ebs/volume:Volume", Name: "data-0", Component: "cassandra", Inputs: props(t, map[string]any{
			"type": "gp3", "size": 500, "iops": 6000, "throughput": 250,
		})},
		{Type: "aws:lb/loadBalancer:LoadBalancer", Name: "lb", Component: "lb", Inputs: props(t, map[string]any{
			"loadBalancerType": "application", "subnets": []any{"subnet-a", "subnet-b"},
		})},
		{Type: "aws:ec2/natGateway:NatGateway", Name: "nat", Component: "network", Inputs: props(t, map[string]any{})},
		{Type: "platform:network:Network", Name: "network", Inputs: props(t, map[string]any{})},
		{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Name: "cache", Component: "cache", Inputs: props(t, map[string]any{
			"engine": "valkey", "nodeType": "cache.r7g.large", "numNodeGroups": 3, "replicasPerNodeGroup": 2,
		})},
		{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: "alarm", Component: "cassandra", Inputs: props(t, map[string]any{"period": 60})},
		{Type: "aws:kms/key:Key", Name: "key", Component: "cluster", Inputs: props(t, map[string]any{})},
		{Type: "aws:ec2/subnet:Subnet", Name: "subnet", Component: "network", Inputs: props(t, map[string]any{})},
	}
	est, err := Price(testCatalog(t), testInputs, resources)
	if err != nil {
		t.Fatal(err)
	}
	if len(est.Unpriced) != 0 {
		t.Fatalf("unpriced: %+v", est.Unpriced)
	}
	want := map[string]float64{
		"cluster": 0.1*730 + // EKS 1.34: standard support
			3*0.2*730 + // 3 × m5.xlarge at desired size
			3*50*0.08 + // their 50 GiB gp3 root volumes
			1, // KMS key
		"cassandra": 0.1*730 + 20*0.08 + // m6i.large and its root volume
			500*0.08 + 3000*0.005 + 125*0.04 + // data volume: storage, IOPS and throughput above the baseline
			0.1, // status alarm
		"lb":      0.02*730 + 2*0.01*730 + 2*0.005*730,       // ALB hour, 2 LCU, 2 public IPv4
		"network": 0.05*730 + 100*0.04 + 2*50*0.01 + 20*0.09, // NAT hour and GB, inter-AZ both ways, internet egress
		"cache":   9 * 0.2 * 730,                             // 3 shards × (1 primary + 2 replicas)
	}
	total := 0.0
	for comp, w := range want {
		total += w
		if !near(est.Components[comp], w) {
			t.Errorf("component %s: %.4f, want %.4f", comp, est.Components[comp], w)
		}
	}
	if !near(est.Monthly, total) {
		t.Errorf("monthly %.2f, want %.2f", est.Monthly, total)
	}
	if !near(est.Hourly, math.Round(total/730*1e4)/1e4) {
		t.Errorf("hourly %.4f, want %.4f", est.Hourly, total/730)
	}
	nodeMin := 2*0.2*730 + 2*50*0.08
	nodeMax := 6*0.2*730 + 6*50*0.08
	nodeDesired := 3*0.2*730 + 3*50*0.08
	if !near(est.MinMonthly, total-nodeDesired+nodeMin) || !near(est.MaxMonthly, total-nodeDesired+nodeMax) {
		t.Errorf("range %.2f–%.2f, want %.2f–%.2f", est.MinMonthly, est.MaxMonthly, total-nodeDesired+nodeMin, total-nodeDesired+nodeMax)
	}
	if !est.OverBudget || est.BudgetMonthly != 500 {
		t.Errorf("over budget = %v at %.2f against 500", est.OverBudget, est.Monthly)
	}
}

func TestUnpricedIsNeverSilent(t *testing.T) {
	resources := []Resource{
		{Type: "aws:ec2/instance:Instance", Name: "unknown-type", Inputs: props(t, map[string]any{"instanceType": "x9.huge", "rootBlockDevice": map[string]any{"volumeSize": 8}})},
		{Type: "aws:ec2/instance:Instance", Name: "no-root-size", Inputs: props(t, map[string]any{"instanceType": "m6i.large"})},
		{Type: "aws:ebs/volume:Volume", Name: "io2", Inputs: props(t, map[string]any{"type": "io2", "size": 100})},
		{Type: "aws:rds/instance:Instance", Name: "db", Inputs: props(t, map[string]any{})},
		{Type: "eks:index:Cluster", Name: "old", Inputs: props(t, map[string]any{"version": "1.20"})},
		{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: "fast", Inputs: props(t, map[string]any{"period": 10})},
		{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: "insights", Inputs: props(t, map[string]any{"metricQueries": []any{
			map[string]any{"id": "q", "expression": `SELECT AVG(CPUUtilization) FROM "AWS/EC2"`, "period": 300, "returnData": true},
		}})},
		{Type: "aws:ebs/volume:Volume", Name: "unknown-size", Inputs: resource.PropertyMap{"size": resource.MakeComputed(resource.NewProperty(""))}},
	}
	est, err := Price(testCatalog(t), testInputs, resources)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range est.Unpriced {
		for _, name := range u.Resources {
			got[name] = u.Reason
		}
	}
	for _, name := range []string{"unknown-type", "no-root-size", "io2", "db", "old", "fast", "insights", "unknown-size"} {
		if got[name] == "" {
			t.Errorf("%s is not listed as unpriced; unpriced: %v", name, got)
		}
	}
	if !strings.Contains(got["unknown-type"], `"x9.huge"`) || !strings.Contains(got["db"], "registry") {
		t.Errorf("reasons do not say what is missing: %v", got)
	}
}

func TestUnknownRegionIsAnError(t *testing.T) {
	_, err := Price(testCatalog(t), Inputs{Region: "ap-nowhere-1"}, nil)
	if err == nil || !strings.Contains(err.Error(), "aws:region") {
		t.Fatalf("want an error naming aws:region, got %v", err)
	}
}

func TestSpotAndNLB(t *testing.T) {
	resources := []Resource{
		{Type: "eks:index:ManagedNodeGroup", Name: "spot", Inputs: props(t, map[string]any{
			"instanceTypes": []any{"m6i.large", "m5.xlarge"}, "capacityType": "SPOT", "diskSize": 20,
			"scalingConfig": map[string]any{"minSize": 0, "desiredSize": 1, "maxSize": 4},
		})},
		{Type: "aws:lb/loadBalancer:LoadBalancer", Name: "nlb", Inputs: props(t, map[string]any{"loadBalancerType": "network", "internal": true})},
	}
	est, err := Price(testCatalog(t), testInputs, resources)
	if err != nil {
		t.Fatal(err)
	}
	// Spot at the on-demand rate of its dearest type (m5.xlarge, listed second), its disk; NLB hour
	// and 2 NLCU, no public IPs.
	want := 0.2*730 + 20*0.08 + 0.03*730 + 2*0.005*730
	if !near(est.Monthly, want) {
		t.Errorf("monthly %.2f, want %.2f; lines %+v", est.Monthly, want, est.Lines)
	}
	flagged := false
	for _, l := range est.Lines {
		flagged = flagged || (l.Item == "m5.xlarge" && strings.Contains(l.Note, "spot") && strings.Contains(l.Note, "dearest"))
	}
	if !flagged {
		t.Errorf("spot line not flagged: %+v", est.Lines)
	}
	if est.MinMonthly >= est.Monthly || est.MaxMonthly <= est.Monthly {
		t.Errorf("range %.2f–%.2f around %.2f", est.MinMonthly, est.MaxMonthly, est.Monthly)
	}
}

func TestCheckConfigNamesUnpricedTypes(t *testing.T) {
	env := envconfig.Defaults()
	env.Region = "test-1"
	env.EKS.NodeGroups[0].InstanceTypes = []string{"m5.xlarge", "c6i.large"}
	env.Cassandra.InstanceType = "r6i.large"
	env.Cassandra.Rollout.InstanceType = "r6i.xlarge"
	err := CheckConfig(testCatalog(t), &env)
	var errs envconfig.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want config errors, got %v", err)
	}
	got := strings.Join(errs.Keys(), " ")
	for _, key := range []string{"platform:eks.nodeGroups[0].instanceTypes[1]", "platform:cassandra.instanceType", "platform:cassandra.rollout.instanceType"} {
		if !strings.Contains(got, key) {
			t.Errorf("problems %q do not name %s", got, key)
		}
	}
	if strings.Contains(got, "instanceTypes[0]") {
		t.Errorf("the priced m5.xlarge was reported: %v", err)
	}

	env.Region = "eu-north-1"
	err = CheckConfig(testCatalog(t), &env)
	if !errors.As(err, &errs) || errs[0].Key != "aws:region" {
		t.Fatalf("want aws:region named for an uncovered region, got %v", err)
	}
}

// The seed's example: a node group of 3 × m5.xlarge in us-east-1, the EKS control plane and an
// internet-facing ALB over two zones, priced from the shipped catalog.
func TestSeedExample(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	resources := []Resource{
		{Type: "eks:index:Cluster", Name: "eks", Inputs: props(t, map[string]any{"version": "1.36"})},
		{Type: "eks:index:ManagedNodeGroup", Name: "workers", Inputs: props(t, map[string]any{
			"instanceTypes": []any{"m5.xlarge"}, "diskSize": 20, "scalingConfig": map[string]any{"minSize": 3, "desiredSize": 3, "maxSize": 3},
		})},
		{Type: "aws:lb/loadBalancer:LoadBalancer", Name: "alb", Inputs: props(t, map[string]any{"loadBalancerType": "application"})},
	}
	in := Inputs{Region: "us-east-1", Zones: 2, Usage: envconfig.Usage{LoadBalancerCapacityUnits: 1}}
	est, err := Price(cat, in, resources)
	if err != nil {
		t.Fatal(err)
	}
	// 3 × $0.192 × 730 h = $420.48 and 3 × 20 GiB × $0.08 = $4.80 for the nodes; $0.10 × 730 = $73.00
	// for the control plane; $0.0225 × 730 = $16.425, 1 LCU × $0.008 × 730 = $5.84 and
	// 2 addresses × $0.005 × 730 = $7.30 for the ALB.
	const want = 420.48 + 4.80 + 73.00 + 16.425 + 5.84 + 7.30
	if !near(est.Monthly, want) || len(est.Unpriced) != 0 {
		t.Fatalf("monthly %.2f (unpriced %v), want %.2f", est.Monthly, est.Unpriced, want)
	}
}

// An auto scaled cache is priced at its configured size with the range from the scalable
// target's min to max capacity: the target is found by resourceId when the group's id is a plain
// input, else as the one elasticache target beside the only group of its component (an autonamed
// group's id is unknown before it exists). The autoscaling resources themselves are free.
func TestAutoScaledCacheRange(t *testing.T) {
	unknown := resource.MakeComputed(resource.NewProperty(""))
	group := func(name, component string, extra map[string]any) Resource {
		in := map[string]any{"engine": "valkey", "nodeType": "cache.r7g.large", "numNodeGroups": 3, "replicasPerNodeGroup": 2}
		for k, v := range extra {
			in[k] = v
		}
		return Resource{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Name: name, Component: component, Inputs: props(t, in)}
	}
	target := func(component, dimension string, lo, hi int, resourceID *resource.PropertyValue) Resource {
		in := props(t, map[string]any{"serviceNamespace": "elasticache", "scalableDimension": dimension, "minCapacity": lo, "maxCapacity": hi})
		if resourceID != nil {
			in["resourceId"] = *resourceID
		}
		return Resource{Type: "aws:appautoscaling/target:Target", Name: "scaling", Component: component, Inputs: in}
	}
	named := resource.NewProperty("replication-group/orders")
	free := []Resource{
		{Type: "kubernetes:helm.sh/v3:Release", Name: "autoscaler", Component: "autoscaler", Inputs: props(t, map[string]any{})},
		{Type: "pulumi:providers:kubernetes", Name: "autoscaler", Component: "autoscaler", Inputs: props(t, map[string]any{})},
	}
	const nodeMonth = 0.2 * 730
	cases := []struct {
		name              string
		resources         []Resource
		nodes, minN, maxN float64
	}{
		{"replicas 1 to 4, autonamed group", []Resource{group("cache", "cache", nil),
			target("cache", "elasticache:replication-group:Replicas", 1, 4, &unknown)}, 9, 3 * 2, 3 * 5},
		{"shards 2 to 6, named group", []Resource{group("orders", "", map[string]any{"replicationGroupId": "orders"}),
			target("scaling", "elasticache:replication-group:NodeGroups", 2, 6, &named)}, 9, 2 * 3, 6 * 3},
		{"target of another group", []Resource{group("orders", "cache", map[string]any{"replicationGroupId": "orders"}),
			target("cache", "elasticache:replication-group:Replicas", 1, 4, &named), group("sessions", "cache", map[string]any{"replicationGroupId": "sessions"})}, 18, 9 + 3*2, 9 + 3*5},
		{"two groups, one unnamed target", []Resource{group("a", "cache", nil), group("b", "cache", nil),
			target("cache", "elasticache:replication-group:Replicas", 1, 4, &unknown)}, 18, 18, 18},
		{"no target", []Resource{group("cache", "cache", nil)}, 9, 9, 9},
	}
	for _, c := range cases {
		est, err := Price(testCatalog(t), testInputs, append(c.resources, free...))
		if err != nil {
			t.Fatal(err)
		}
		if len(est.Unpriced) != 0 {
			t.Errorf("%s: unpriced %+v", c.name, est.Unpriced)
		}
		if !near(est.Monthly, c.nodes*nodeMonth) || !near(est.MinMonthly, c.minN*nodeMonth) || !near(est.MaxMonthly, c.maxN*nodeMonth) {
			t.Errorf("%s: %.2f (%.2f–%.2f), want %.2f (%.2f–%.2f)", c.name, est.Monthly, est.MinMonthly, est.MaxMonthly,
				c.nodes*nodeMonth, c.minN*nodeMonth, c.maxN*nodeMonth)
		}
	}
}

// The control plane is priced for the month after the estimate's day: a version whose standard
// support ends within it costs the extended cluster-hour, with a note saying when it changes.
func TestEKSClusterPricedForTheMonthAhead(t *testing.T) {
	cases := []struct {
		version, day, item, note string
	}{
		{"1.34", "2026-10-01", "cluster-standard", ""},
		{"1.34", "2026-11-25", "cluster-extended", "standard support of Kubernetes 1.34 ends 2026-12-02"},
		{"1.34", "2026-12-02", "cluster-extended", ""},
		{"1.33", "2026-11-25", "cluster-extended", ""},
		{"1.36", "2026-11-25", "cluster-standard", ""},
	}
	for _, c := range cases {
		in := testInputs
		in.Day = c.day
		est, err := Price(testCatalog(t), in, []Resource{{Type: "eks:index:Cluster", Name: "eks", Inputs: props(t, map[string]any{"version": c.version})}})
		if err != nil {
			t.Fatal(err)
		}
		if len(est.Lines) != 1 || est.Lines[0].Item != c.item || !strings.Contains(est.Lines[0].Note, c.note) || (c.note == "") != (est.Lines[0].Note == "") {
			t.Errorf("%s on %s: lines %+v, want %s noting %q", c.version, c.day, est.Lines, c.item, c.note)
		}
	}
}

// A target tracking policy bills the two alarms Application Auto Scaling makes for it; another
// kind of policy is listed as unpriced rather than free.
func TestScalingPolicyPricesItsAlarms(t *testing.T) {
	est, err := Price(testCatalog(t), testInputs, []Resource{
		{Type: "aws:appautoscaling/policy:Policy", Name: "tracking", Inputs: props(t, map[string]any{"policyType": "TargetTrackingScaling"})},
		{Type: "aws:appautoscaling/policy:Policy", Name: "steps", Inputs: props(t, map[string]any{"policyType": "StepScaling"})},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(est.Lines) != 1 || est.Lines[0].Item != "alarm-standard" || est.Lines[0].Quantity != 2 {
		t.Errorf("lines %+v, want 2 standard alarms for the tracking policy", est.Lines)
	}
	if len(est.Unpriced) != 1 || !slices.Equal(est.Unpriced[0].Resources, []string{"steps"}) {
		t.Errorf("unpriced %+v, want the step policy", est.Unpriced)
	}
}
