package stacks_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks/envconfig"
)

const (
	monAlarmType     = "aws:cloudwatch/metricAlarm:MetricAlarm"
	monDashboardType = "aws:cloudwatch/dashboard:Dashboard"
	monTopicType     = "aws:sns/topic:Topic"
	monSubType       = "aws:sns/topicSubscription:TopicSubscription"
)

// monitored is what one run registered that the monitoring tier watches or is.
type monitored struct {
	t        *testing.T
	res      *offline.Result
	env      *envconfig.Environment
	prefix   string
	topicARN string
	alarms   map[string]offline.Resource // every alarm of the stack, by name
}

// runMonitored runs a shipped stack with overrides and reads its config the way the program does.
func runMonitored(t *testing.T, stack string, sets ...string) monitored {
	t.Helper()
	cfg := loadConfig(t, stack, sets...)
	env, err := envconfig.Load(cfg.Project, cfg.Stack, cfg.Lookup)
	if err != nil {
		t.Fatal(err)
	}
	m := monitored{t: t, res: runAs(t, cfg, false), env: env, prefix: "platform-" + stack, alarms: map[string]offline.Resource{}}
	m.topicARN = m.output(monTopicType, m.prefix+"-alarms", "arn")
	for _, a := range m.res.ByType(monAlarmType) {
		m.alarms[a.Name] = a
	}
	return m
}

// plain unwraps a secret.
func plain(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// output reads a string output of a named resource.
func (m monitored) output(typ, name, key string) string {
	m.t.Helper()
	r, ok := m.res.Find(typ, name)
	if !ok {
		m.t.Fatalf("no %s %s", typ, name)
	}
	v := plain(r.Outputs[resource.PropertyKey(key)])
	if !v.IsString() {
		m.t.Fatalf("%s %s: output %s = %v, want a string", typ, name, key, v)
	}
	return v.StringValue()
}

// alarm returns a named alarm, failing the test when it does not exist.
func (m monitored) alarm(name string) resource.PropertyMap {
	m.t.Helper()
	a, ok := m.alarms[name]
	if !ok {
		m.t.Fatalf("no alarm %s; alarms: %v", name, keys(m.alarms))
	}
	return a.Inputs
}

func keys(m map[string]offline.Resource) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func dims(in resource.PropertyMap) map[string]string {
	out := map[string]string{}
	for k, v := range in["dimensions"].ObjectValue() {
		out[string(k)] = plain(v).StringValue()
	}
	return out
}

func stringList(v resource.PropertyValue) []string {
	var out []string
	for _, x := range plain(v).ArrayValue() {
		out = append(out, plain(x).StringValue())
	}
	return out
}

// checkAlarm asserts an alarm's metric, statistic, dimensions, threshold and that it notifies
// the topic on alarm and on recovery.
func (m monitored) checkAlarm(name, metric, stat string, threshold float64, wantDims map[string]string) {
	m.t.Helper()
	in := m.alarm(name)
	gotStat := in["statistic"]
	if v, ok := in["extendedStatistic"]; ok {
		gotStat = v
	}
	if in["metricName"].StringValue() != metric || gotStat.StringValue() != stat || in["threshold"].NumberValue() != threshold {
		m.t.Errorf("%s: %s %s threshold %v, want %s %s %v", name, in["metricName"], gotStat, in["threshold"], metric, stat, threshold)
	}
	if got := dims(in); fmt.Sprint(got) != fmt.Sprint(wantDims) {
		m.t.Errorf("%s: dimensions %v, want %v", name, got, wantDims)
	}
	m.checkNotifies(name, in)
}

func (m monitored) checkNotifies(name string, in resource.PropertyMap) {
	m.t.Helper()
	for _, k := range []resource.PropertyKey{"alarmActions", "okActions"} {
		if !slices.Contains(stringList(in[k]), m.topicARN) {
			m.t.Errorf("%s: %s %v lack the topic %s", name, k, stringList(in[k]), m.topicARN)
		}
	}
}

// The load balancer's alarms watch its own dimensions with the configured thresholds: the ALB's
// 5xx rate as metric math over three of its metrics, its p95 response time, its target group's
// health.
func TestMonitoringLoadBalancerAlarms(t *testing.T) {
	m := runMonitored(t, "prod")
	th := m.env.Monitoring.Thresholds
	lbSuffix := m.output("aws:lb/loadBalancer:LoadBalancer", m.prefix+"-lb", "arnSuffix")
	tgSuffix := m.output("aws:lb/targetGroup:TargetGroup", m.prefix+"-lb-workers", "arnSuffix")
	lb := m.prefix + "-lb"
	targets := map[string]string{"LoadBalancer": lbSuffix, "TargetGroup": tgSuffix}

	m.checkAlarm(lb+"-target-response-time", "TargetResponseTime", "p95", th.LoadBalancer.TargetResponseTimeSeconds, map[string]string{"LoadBalancer": lbSuffix})
	m.checkAlarm(lb+"-unhealthy-hosts", "UnHealthyHostCount", "Maximum", float64(th.LoadBalancer.UnhealthyHosts), targets)
	m.checkAlarm(lb+"-no-healthy-hosts", "HealthyHostCount", "Minimum", 1, targets)
	if got := m.alarm(lb + "-no-healthy-hosts")["treatMissingData"].StringValue(); got != "breaching" {
		t.Errorf("no-healthy-hosts treats missing data as %s, want breaching (no data: no healthy target reports)", got)
	}

	name := lb + "-http-5xx-rate"
	in := m.alarm(name)
	if in["threshold"].NumberValue() != 2 || th.LoadBalancer.HTTP5xxPercent != 2 {
		t.Errorf("%s: threshold %v, want prod's 2 %%", name, in["threshold"])
	}
	var metrics []string
	var expression string
	for _, q := range in["metricQueries"].ArrayValue() {
		q := q.ObjectValue()
		if metric, ok := q["metric"]; ok {
			mm := metric.ObjectValue()
			metrics = append(metrics, mm["metricName"].StringValue())
			if fmt.Sprint(dims(mm)) != fmt.Sprint(map[string]string{"LoadBalancer": lbSuffix}) || mm["stat"].StringValue() != "Sum" ||
				mm["period"].NumberValue() != float64(th.PeriodSeconds) || q["returnData"].BoolValue() {
				t.Errorf("%s: metric query %v: want the Sum of the load balancer's metric over %d s, not returned", name, q, th.PeriodSeconds)
			}
		} else if q["returnData"].BoolValue() {
			expression = q["expression"].StringValue()
		}
	}
	slices.Sort(metrics)
	if fmt.Sprint(metrics) != "[HTTPCode_ELB_5XX_Count HTTPCode_Target_5XX_Count RequestCount]" ||
		!strings.Contains(expression, "/ requests") || !strings.Contains(expression, "100 *") {
		t.Errorf("%s: metrics %v, expression %q: want 5xx of both sources in percent of requests", name, metrics, expression)
	}
	if _, ok := in["metricName"]; ok {
		t.Errorf("%s: a metric math alarm must not also name a single metric", name)
	}
	m.checkNotifies(name, in)
	if _, ok := m.alarms[lb+"-tcp-resets"]; ok {
		t.Errorf("an ALB got the NLB's reset alarm")
	}
}

// An NLB has no HTTP codes or response time: it gets target health and reset alarms instead.
func TestMonitoringNetworkLoadBalancerAlarms(t *testing.T) {
	m := runMonitored(t, "dev", "loadBalancer.type=network", "loadBalancer.healthCheck.protocol=TCP")
	lb := m.prefix + "-lb"
	lbSuffix := m.output("aws:lb/loadBalancer:LoadBalancer", lb, "arnSuffix")
	m.checkAlarm(lb+"-tcp-resets", "TCP_ELB_Reset_Count", "Sum", 100, map[string]string{"LoadBalancer": lbSuffix})
	if ns := m.alarm(lb + "-unhealthy-hosts")["namespace"].StringValue(); ns != "AWS/NetworkELB" {
		t.Errorf("unhealthy-hosts namespace %s, want AWS/NetworkELB", ns)
	}
	for _, name := range []string{lb + "-http-5xx-rate", lb + "-target-response-time"} {
		if _, ok := m.alarms[name]; ok {
			t.Errorf("an NLB got %s", name)
		}
	}
}

// Every node of the cache has its CPU, memory and eviction alarms, and its replication lag alarm
// when the group has replicas, on its own CacheClusterId: exactly the group's memberClusters.
func TestMonitoringCacheAlarms(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := runMonitored(t, stack)
			th := m.env.Monitoring.Thresholds.Cache
			rg := replicationGroup(t, m.res)
			members := stringList(rg.Outputs["memberClusters"])
			wantNodes := 1 + m.env.Cache.ReplicasPerShard
			if m.env.Cache.ClusterMode {
				wantNodes *= m.env.Cache.Shards
			}
			if len(members) != wantNodes {
				t.Fatalf("%d members, want %d", len(members), wantNodes)
			}
			watched := map[string]int{}
			for name, a := range m.alarms {
				if ns := a.Inputs["namespace"]; !ns.IsString() || ns.StringValue() != "AWS/ElastiCache" {
					continue
				}
				id := dims(a.Inputs)["CacheClusterId"]
				watched[id]++
				suffix := strings.TrimPrefix(id, rg.Outputs["replicationGroupId"].StringValue()+"-")
				if !strings.HasPrefix(name, m.prefix+"-cache-"+suffix+"-") {
					t.Errorf("alarm %s on node %s does not name the node", name, id)
				}
			}
			perNode := 3
			if m.env.Cache.ReplicasPerShard > 0 {
				perNode = 4
			}
			for _, id := range members {
				if watched[id] != perNode {
					t.Errorf("member %s has %d alarms, want %d", id, watched[id], perNode)
				}
				delete(watched, id)
			}
			// Besides the members, exactly the nodes cache auto scaling may add are watched ahead.
			if as := m.env.Cache.AutoScaling; as.Enabled && as.Dimension == envconfig.CacheScaleReplicas {
				rg := rg.Outputs["replicationGroupId"].StringValue()
				for shard := 1; shard <= m.env.Cache.Shards; shard++ {
					for n := 2 + m.env.Cache.ReplicasPerShard; n <= 1+as.MaxCapacity; n++ {
						id := fmt.Sprintf("%s-%04d-%03d", rg, shard, n)
						if watched[id] != perNode {
							t.Errorf("node %s that auto scaling may add has %d alarms, want %d", id, watched[id], perNode)
						}
						delete(watched, id)
					}
				}
			}
			if len(watched) != 0 {
				t.Errorf("alarms watch nodes that are neither members nor added by auto scaling: %v", watched)
			}
			node := m.prefix + "-cache-" + strings.TrimPrefix(members[0], rg.Outputs["replicationGroupId"].StringValue()+"-")
			d := map[string]string{"CacheClusterId": members[0]}
			m.checkAlarm(node+"-engine-cpu", "EngineCPUUtilization", "Average", th.EngineCPUPercent, d)
			m.checkAlarm(node+"-memory", "DatabaseMemoryUsagePercentage", "Average", th.MemoryPercent, d)
			m.checkAlarm(node+"-evictions", "Evictions", "Sum", float64(th.EvictionsPerPeriod), d)
			if perNode == 4 {
				m.checkAlarm(node+"-replication-lag", "ReplicationLag", "Maximum", th.ReplicationLagSeconds, d)
			}
		})
	}
}

// Each node group has an alarm for sitting at its maxSize, counted per Auto Scaling group over
// 5-minute samples for the configured number of minutes.
func TestMonitoringNodeGroupAlarms(t *testing.T) {
	m := runMonitored(t, "prod")
	minutes := m.env.Monitoring.Thresholds.NodeGroups.AtMaxMinutes
	for _, ng := range m.env.EKS.NodeGroups {
		group := m.prefix + "-eks-" + ng.Name
		asg := asgNameOf(mustFind(t, m.res, managedGroupType, group))
		name := group + "-at-max-size"
		m.checkAlarm(name, "CPUUtilization", "SampleCount", float64(ng.MaxSize), map[string]string{"AutoScalingGroupName": asg})
		in := m.alarm(name)
		if in["period"].NumberValue() != 300 || in["evaluationPeriods"].NumberValue() != float64(minutes/5) ||
			in["comparisonOperator"].StringValue() != "GreaterThanOrEqualToThreshold" {
			t.Errorf("%s: period %v × %v %v, want 300 s × %d at or above the maximum", name, in["period"], in["evaluationPeriods"], in["comparisonOperator"], minutes/5)
		}
	}
}

// The Cassandra nodes' status-check alarms still recover or reboot the node, and notify the topic.
func TestMonitoringCassandraStatusAlarmsNotify(t *testing.T) {
	m := runMonitored(t, "staging")
	n := 0
	for name, a := range m.alarms {
		if !strings.HasPrefix(name, m.prefix+"-cassandra-node-") {
			continue
		}
		n++
		actions := stringList(a.Inputs["alarmActions"])
		if len(actions) != 2 || !strings.HasPrefix(actions[0], "arn:aws:automate:us-east-1:ec2:") {
			t.Errorf("%s: actions %v, want the EC2 action and the topic", name, actions)
		}
		m.checkNotifies(name, a.Inputs)
	}
	if n != 2*m.env.Cassandra.NodeCount {
		t.Errorf("%d Cassandra status alarms, want 2 per node", n)
	}
}

// Every alarm of the stack is named after its stack (the topic admits only those), describes
// itself with a runbook, treats missing data deliberately and notifies the topic.
func TestMonitoringEveryAlarm(t *testing.T) {
	m := runMonitored(t, "prod")
	for name, a := range m.alarms {
		in := a.Inputs
		desc := in["alarmDescription"].StringValue()
		if !strings.HasPrefix(name, m.prefix+"-") || in["name"].StringValue() != name {
			t.Errorf("alarm %s (%s) is not named <stack prefix>-…", name, in["name"])
		}
		if len(desc) > 1024 {
			t.Errorf("%s: description of %d characters; CloudWatch takes 1024", name, len(desc))
		}
		if strings.HasPrefix(name, m.prefix+"-cassandra-") {
			continue // the Cassandra component's own alarms
		}
		if !strings.Contains(desc, "Runbook:") || in["treatMissingData"].StringValue() == "" {
			t.Errorf("%s: description %q / treatMissingData %v: want a runbook and a deliberate choice", name, desc, in["treatMissingData"])
		}
		m.checkNotifies(name, in)
	}
}

// Thresholds come from config: overriding one changes the alarm and nothing else.
func TestMonitoringThresholdsFollowConfig(t *testing.T) {
	m := runMonitored(t, "dev", "monitoring.thresholds.cache.memoryPercent=42", "monitoring.thresholds.evaluationPeriods=7",
		"monitoring.thresholds.nodeGroups.atMaxMinutes=45")
	memory := m.alarm(m.prefix + "-cache-001-memory")
	cpu := m.alarm(m.prefix + "-cache-001-engine-cpu")
	atMax := m.alarm(m.prefix + "-eks-general-at-max-size")
	if memory["threshold"].NumberValue() != 42 || memory["evaluationPeriods"].NumberValue() != 7 || cpu["threshold"].NumberValue() != 90 {
		t.Errorf("memory %v × %v, cpu %v: want 42 × 7 and dev's 90", memory["threshold"], memory["evaluationPeriods"], cpu["threshold"])
	}
	if atMax["evaluationPeriods"].NumberValue() != 9 || atMax["threshold"].NumberValue() != 4 {
		t.Errorf("at-max %v × 5 min at %v nodes: want 9 samples (45 minutes) at dev's maxSize 4", atMax["evaluationPeriods"], atMax["threshold"])
	}
}

// The dashboard body is JSON (as CloudWatch parses it) naming the stack's resources: the load
// balancer, every cache node, every node group's Auto Scaling group, every Cassandra instance.
func TestMonitoringDashboard(t *testing.T) {
	m := runMonitored(t, "prod")
	d, ok := m.res.Find(monDashboardType, m.prefix)
	if !ok {
		t.Fatalf("no dashboard %s", m.prefix)
	}
	raw := d.Inputs["dashboardBody"].StringValue()
	var body struct {
		Widgets []struct {
			Type       string `json:"type"`
			Properties struct {
				Region   string  `json:"region"`
				Metrics  [][]any `json:"metrics"`
				Markdown string  `json:"markdown"`
			} `json:"properties"`
		} `json:"widgets"`
	}
	if err := json.Unmarshal([]byte(raw), &body); err != nil {
		t.Fatalf("dashboard body is not JSON: %v\n%.300s", err, raw)
	}
	// Every dimension value the graphs name.
	named := map[string]bool{}
	for _, w := range body.Widgets {
		if w.Type == "metric" && w.Properties.Region != "us-east-1" {
			t.Errorf("graph in region %q", w.Properties.Region)
		}
		for _, row := range w.Properties.Metrics {
			for i := 3; i < len(row); i += 2 {
				if s, ok := row[i].(string); ok {
					named[s] = true
				}
			}
		}
	}
	want := []string{
		m.output("aws:lb/loadBalancer:LoadBalancer", m.prefix+"-lb", "arnSuffix"),
		m.output("aws:lb/targetGroup:TargetGroup", m.prefix+"-lb-workers", "arnSuffix"),
	}
	want = append(want, stringList(replicationGroup(t, m.res).Outputs["memberClusters"])...)
	for _, i := range m.res.ByType("aws:ec2/instance:Instance") {
		want = append(want, i.ID)
	}
	for _, ng := range m.res.ByType(managedGroupType) {
		want = append(want, asgNameOf(ng))
	}
	if len(want) != 2+9+6+2 {
		t.Fatalf("expected 2 load balancer, 9 cache, 6 Cassandra and 2 node group ids, have %d", len(want))
	}
	for _, id := range want {
		if !named[id] {
			t.Errorf("the dashboard graphs nothing of %s", id)
		}
	}
	if !strings.Contains(raw, m.topicARN) {
		t.Errorf("the dashboard's heading does not name the alarm topic %s", m.topicARN)
	}
}

// The topic is encrypted with a key of the stack whose policy admits CloudWatch, publishing is
// limited to the stack's alarms, and the configured addresses and endpoints are subscribed (an
// HTTPS endpoint as a secret: it carries its integration key).
func TestMonitoringTopicAndSubscriptions(t *testing.T) {
	m := runMonitored(t, "prod", "monitoring.httpsEndpoints=[https://events.pagerduty.com/integration/0123456789abcdef/enqueue]")
	topic, _ := m.res.Find(monTopicType, m.prefix+"-alarms")
	key, ok := m.res.Find("aws:kms/key:Key", m.prefix+"-alarms")
	if !ok {
		t.Fatal("no KMS key for the topic")
	}
	if got := topic.Inputs["kmsMasterKeyId"].StringValue(); got != key.Outputs["arn"].StringValue() {
		t.Errorf("topic encrypted with %q, want the stack's key %s", got, key.Outputs["arn"].StringValue())
	}
	keyPolicy := parseDocument(t, "the key policy", key.Inputs["policy"].StringValue())
	for _, service := range []string{"cloudwatch.amazonaws.com", "events.amazonaws.com"} {
		if !slices.ContainsFunc(keyPolicy.Statement, func(s iamStatement) bool {
			return s.Principal["Service"] == service && fmt.Sprint(s.Action) == "[kms:Decrypt kms:GenerateDataKey*]"
		}) {
			t.Errorf("key policy does not let %s use the key: %s", service, key.Inputs["policy"].StringValue())
		}
	}
	policies := m.res.ByType("aws:sns/topicPolicy:TopicPolicy")
	if len(policies) != 1 || policies[0].Inputs["arn"].StringValue() != m.topicARN {
		t.Fatalf("topic policies %v, want one on %s", policies, m.topicARN)
	}
	topicPolicy := parseDocument(t, "the topic policy", plain(policies[0].Inputs["policy"]).StringValue())
	s := topicPolicy.Statement[0]
	if s.Principal["Service"] != "cloudwatch.amazonaws.com" || s.Action != "sns:Publish" ||
		s.Condition["ArnLike"]["aws:SourceArn"] != "arn:aws:cloudwatch:us-east-1:"+offline.Account+":alarm:"+m.prefix+"-*" ||
		s.Condition["StringEquals"]["aws:SourceAccount"] != offline.Account {
		t.Errorf("topic policy %+v: want CloudWatch to publish for this account's %s-* alarms only", topicPolicy, m.prefix)
	}
	if len(topicPolicy.Statement) != 2 {
		t.Fatalf("topic policy %+v: want the alarms' and the event rules' statements", topicPolicy)
	}
	// EventBridge's guide: SNS topic policies for it cannot use conditions.
	if s := topicPolicy.Statement[1]; s.Principal["Service"] != "events.amazonaws.com" || s.Action != "sns:Publish" || len(s.Condition) != 0 {
		t.Errorf("topic policy %+v: want EventBridge to publish, without conditions", topicPolicy)
	}

	subs := map[string]offline.Resource{}
	for _, sub := range m.res.ByType(monSubType) {
		subs[sub.Inputs["protocol"].StringValue()] = sub
		if sub.Inputs["topic"].StringValue() != m.topicARN {
			t.Errorf("subscription %s is on %v", sub.Name, sub.Inputs["topic"])
		}
	}
	if len(subs) != 2 || len(m.res.ByType(monSubType)) != 2 {
		t.Fatalf("subscriptions %v, want one email and one https", keys(subs))
	}
	if got := subs["email"].Inputs["endpoint"].StringValue(); got != m.env.Monitoring.Email[0] {
		t.Errorf("email subscription to %q, want %q", got, m.env.Monitoring.Email[0])
	}
	https := subs["https"].Inputs["endpoint"]
	if !https.IsSecret() || plain(https).StringValue() != m.env.Monitoring.HTTPSEndpoints[0] || strings.Contains(subs["https"].URN, "pagerduty") {
		t.Errorf("https subscription endpoint %v (URN %s): want the configured URL as a secret, not in the URN", https, subs["https"].URN)
	}
}

// A configured customer managed key replaces the stack's own; no extra subscriptions appear.
func TestMonitoringConfiguredKey(t *testing.T) {
	const arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	m := runMonitored(t, "dev", "monitoring.kmsKeyArn="+arn)
	if _, ok := m.res.Find("aws:kms/key:Key", m.prefix+"-alarms"); ok {
		t.Error("a key was created although one is configured")
	}
	topic, _ := m.res.Find(monTopicType, m.prefix+"-alarms")
	if got := topic.Inputs["kmsMasterKeyId"].StringValue(); got != arn {
		t.Errorf("topic key %q, want %s", got, arn)
	}
	if subs := m.res.ByType(monSubType); len(subs) != 1 || subs[0].Inputs["protocol"].StringValue() != "email" {
		t.Errorf("dev subscriptions %v, want its one email", subs)
	}
}

// endpoints.monitoring gives the topic to subscribe to and the dashboard's console URL.
func TestMonitoringEndpoints(t *testing.T) {
	m := runMonitored(t, "staging")
	e, _ := m.res.Outputs["endpoints"].Value.(map[string]any)["monitoring"].(map[string]any)
	want := "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/platform-staging"
	if e["alarmTopicArn"] != m.topicARN || e["dashboardUrl"] != want || e["dashboardName"] != "platform-staging" {
		t.Errorf("endpoints.monitoring = %v, want topic %s and %s", e, m.topicARN, want)
	}
}

// Bad monitoring config fails before anything is registered, naming the key.
func TestMonitoringBadConfigRegistersNothing(t *testing.T) {
	for _, c := range []struct{ set, key string }{
		{"monitoring.email[0]=oncall-at-example.com", "platform:monitoring.email[0]"},
		{"monitoring.httpsEndpoints[0]=http://events.pagerduty.com/integration/k/enqueue", "platform:monitoring.httpsEndpoints[0]"},
		{"monitoring.thresholds.cache.memoryPercent=120", "platform:monitoring.thresholds.cache.memoryPercent"},
		{"monitoring.thresholds.periodSeconds=45", "platform:monitoring.thresholds.periodSeconds"},
		{"monitoring.thresholds.evaluationPeriods=0", "platform:monitoring.thresholds.evaluationPeriods"},
		{"monitoring.thresholds.loadBalancer.unhealthyHosts=0", "platform:monitoring.thresholds.loadBalancer.unhealthyHosts"},
	} {
		if errs := badConfig(t, "prod", c.set); !slices.Contains(errs.Keys(), c.key) {
			t.Errorf("%s: problems %v lack %s", c.set, errs.Keys(), c.key)
		}
	}
}

// A 1000-node ring keeps the dashboard readable and within CloudWatch's limits: a graph draws at
// most 100 nodes and says so in its title; the nodes' own status alarms still cover every node.
func TestMonitoringDashboardOfALargeRing(t *testing.T) {
	if testing.Short() {
		t.Skip("1000-node ring in -short mode")
	}
	m := runMonitored(t, "prod", "cassandra.nodeCount=1000")
	d, _ := m.res.Find(monDashboardType, m.prefix)
	var body struct {
		Widgets []struct {
			Properties struct {
				Title   string  `json:"title"`
				Metrics [][]any `json:"metrics"`
			} `json:"properties"`
		} `json:"widgets"`
	}
	if err := json.Unmarshal([]byte(d.Inputs["dashboardBody"].StringValue()), &body); err != nil {
		t.Fatal(err)
	}
	capped := 0
	for _, w := range body.Widgets {
		if n := len(w.Properties.Metrics); n > 100 {
			t.Errorf("graph %q draws %d lines", w.Properties.Title, n)
		}
		if strings.HasSuffix(w.Properties.Title, "(first 100 of 1000)") {
			capped++
		}
	}
	if capped != 2 {
		t.Errorf("%d graphs say they show the first 100 of 1000 nodes, want the two Cassandra graphs", capped)
	}
}
