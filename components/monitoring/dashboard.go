package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// dashboardData is what the dashboard names, once the resources exist.
type dashboardData struct {
	topicARN                string
	lbSuffix, targetsSuffix string
	cacheIDs                []string // in cacheNodes order
	asgNames                []string // in NodeGroups order
	instanceIDs             []string // Cassandra nodes in node order
}

// newDashboard registers the dashboard; its body is built once every id it names is known.
func (m *Monitoring) newDashboard(ctx *pulumi.Context, args Args, nodes []cacheNode) (*cloudwatch.Dashboard, error) {
	// Each tier has its place in the All below; an absent tier's place is empty, and body does
	// not read it.
	var lbSuffix, targetsSuffix pulumi.StringInput = pulumi.String(""), pulumi.String("")
	if lb := args.LoadBalancer; lb != nil {
		lbSuffix, targetsSuffix = lb.ARNSuffix, lb.TargetGroupARNSuffix
	}
	cacheIDs := make(pulumi.StringArray, len(nodes))
	for i, n := range nodes {
		cacheIDs[i] = n.id
	}
	asgNames := make(pulumi.StringArray, len(args.NodeGroups))
	for i, ng := range args.NodeGroups {
		asgNames[i] = ng.AutoScalingGroupName
	}
	var instanceIDs pulumi.StringArrayInput = pulumi.StringArray{}
	if args.Cassandra != nil {
		instanceIDs = args.Cassandra.InstanceIDs
	}
	body := pulumi.All(args.TopicARN, lbSuffix, targetsSuffix, cacheIDs, asgNames, instanceIDs).ApplyT(func(v []any) (string, error) {
		d := dashboardData{topicARN: v[0].(string), lbSuffix: v[1].(string), targetsSuffix: v[2].(string),
			cacheIDs: v[3].([]string), asgNames: v[4].([]string), instanceIDs: v[5].([]string)}
		return d.body(args, nodes)
	}).(pulumi.StringOutput)

	dashboard, err := cloudwatch.NewDashboard(ctx, args.DashboardName, &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(args.DashboardName),
		DashboardBody: body,
	}, pulumi.Parent(m))
	if err != nil {
		return nil, fmt.Errorf("creating dashboard %s: %w", args.DashboardName, err)
	}
	return dashboard, nil
}

// body lays out a heading and the key graphs of each tier, with alarm thresholds drawn as lines.
func (d dashboardData) body(args Args, nodes []cacheNode) (string, error) {
	l := &layout{region: args.Region, period: args.Thresholds.PeriodSeconds}
	l.heading(fmt.Sprintf("# %s\nEvery alarm of this stack notifies SNS topic `%s`. Horizontal lines are alarm thresholds. "+
		"Managed by Pulumi: edit the program, not this dashboard.", args.DashboardName, d.topicARN))
	if args.LoadBalancer != nil {
		d.loadBalancerGraphs(l, args)
	}
	if len(args.NodeGroups) > 0 {
		d.nodeGroupGraphs(l, args)
	}
	if args.Cache != nil {
		d.cacheGraphs(l, args, nodes)
	}
	if args.Cassandra != nil {
		d.cassandraGraphs(l, args)
	}
	return l.json()
}

func (d dashboardData) loadBalancerGraphs(l *layout, args Args) {
	lb, t := args.LoadBalancer, args.Thresholds
	lbDims := []string{"LoadBalancer", d.lbSuffix}
	targetDims := []string{"LoadBalancer", d.lbSuffix, "TargetGroup", d.targetsSuffix}
	if lb.Type == "network" {
		l.heading(fmt.Sprintf("## Load balancer %s (NLB `%s`)", lb.Name, d.lbSuffix))
		l.graph("Flows and resets", "Sum", 0, [][]any{
			row(nlbNamespace, "NewFlowCount", lbDims, metricOptions{Label: "new flows"}),
			row(nlbNamespace, "TCP_ELB_Reset_Count", lbDims, metricOptions{Label: "resets by the NLB"}),
			row(nlbNamespace, "TCP_Target_Reset_Count", lbDims, metricOptions{Label: "resets by targets"}),
		}, horizontalAnnotation{Label: "reset alarm", Value: float64(t.ResetsPerPeriod)})
		l.graph("Processed bytes", "Sum", 0, [][]any{row(nlbNamespace, "ProcessedBytes", lbDims, metricOptions{Label: "bytes"})})
	} else {
		l.heading(fmt.Sprintf("## Load balancer %s (ALB `%s`)", lb.Name, d.lbSuffix))
		l.graph("Requests and 5xx responses", "Sum", 0, [][]any{
			row(albNamespace, "RequestCount", lbDims, metricOptions{Label: "requests"}),
			row(albNamespace, "HTTPCode_ELB_5XX_Count", lbDims, metricOptions{Label: "5xx by the ALB"}),
			row(albNamespace, "HTTPCode_Target_5XX_Count", lbDims, metricOptions{Label: "5xx by targets"}),
		})
		l.graph("Target response time (s)", "p95", 0, [][]any{
			row(albNamespace, "TargetResponseTime", lbDims, metricOptions{Label: "p50", Stat: "p50"}),
			row(albNamespace, "TargetResponseTime", lbDims, metricOptions{Label: "p95", Stat: "p95"}),
			row(albNamespace, "TargetResponseTime", lbDims, metricOptions{Label: "p99", Stat: "p99"}),
		}, horizontalAnnotation{Label: "p95 alarm", Value: t.TargetResponseTimeSeconds})
	}
	namespace := lb.namespace()
	l.graph("Target health", "Maximum", 0, [][]any{
		row(namespace, "HealthyHostCount", targetDims, metricOptions{Label: "healthy", Stat: "Minimum"}),
		row(namespace, "UnHealthyHostCount", targetDims, metricOptions{Label: "unhealthy"}),
	}, horizontalAnnotation{Label: "unhealthy alarm", Value: float64(t.UnhealthyHosts)})
}

func (d dashboardData) nodeGroupGraphs(l *layout, args Args) {
	l.heading("## EKS node groups\nNodes are counted from EC2's per-instance samples (5-minute basic monitoring): EKS managed " +
		"node groups publish no Auto Scaling group metrics.")
	var sizes, cpu [][]any
	var maxLines []horizontalAnnotation
	for i, ng := range args.NodeGroups {
		dims := []string{"AutoScalingGroupName", d.asgNames[i]}
		sizes = append(sizes, row("AWS/EC2", "CPUUtilization", dims, metricOptions{Label: ng.Name + " nodes"}))
		cpu = append(cpu, row("AWS/EC2", "CPUUtilization", dims, metricOptions{Label: ng.Name}))
		maxLines = append(maxLines, horizontalAnnotation{Label: "max " + ng.Name, Value: float64(ng.MaxSize)})
	}
	l.graph("Nodes per node group", "SampleCount", nodeSampleMinutes*60, sizes, maxLines...)
	l.graph("Node CPU (%)", "Average", nodeSampleMinutes*60, cpu)
}

func (d dashboardData) cacheGraphs(l *layout, args Args, nodes []cacheNode) {
	c, t := args.Cache, args.Thresholds
	l.heading(fmt.Sprintf("## Cache %s (%s)", c.Name, count(len(nodes), "node")))
	perNode := func(metric string) [][]any {
		rows := make([][]any, len(nodes))
		for i, n := range nodes {
			rows[i] = row(cacheNamespace, metric, []string{"CacheClusterId", d.cacheIDs[i]}, metricOptions{Label: n.suffix})
		}
		return rows
	}
	l.graph("Engine CPU (%)", "Average", 0, perNode("EngineCPUUtilization"),
		horizontalAnnotation{Label: "alarm", Value: t.CacheEngineCPUPercent})
	l.graph("Memory used (% of maxmemory)", "Average", 0, perNode("DatabaseMemoryUsagePercentage"),
		horizontalAnnotation{Label: "alarm", Value: t.CacheMemoryPercent})
	l.graph("Evictions", "Sum", 0, perNode("Evictions"),
		horizontalAnnotation{Label: "alarm", Value: float64(t.CacheEvictionsPerPeriod)})
	if _, replicas := c.shape(); replicas > 0 {
		l.graph("Replication lag (s)", "Maximum", 0, perNode("ReplicationLag"),
			horizontalAnnotation{Label: "alarm", Value: t.CacheReplicationLagSeconds})
	}
}

func (d dashboardData) cassandraGraphs(l *layout, args Args) {
	l.heading(fmt.Sprintf("## Cassandra %s (%s)\nA failed status check recovers (system) or reboots (instance) the node "+
		"and notifies the topic.", args.Cassandra.Name, count(len(d.instanceIDs), "node")))
	var cpu, status [][]any
	for i, id := range d.instanceIDs {
		dims := []string{"InstanceId", id}
		label := fmt.Sprintf("node %d", i)
		cpu = append(cpu, row("AWS/EC2", "CPUUtilization", dims, metricOptions{Label: label}))
		status = append(status, row("AWS/EC2", "StatusCheckFailed", dims, metricOptions{Label: label}))
	}
	l.graph("Node CPU (%)", "Average", nodeSampleMinutes*60, cpu)
	l.graph("Status check failures", "Maximum", 60, status)
}

// count is "1 node", "3 nodes".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
