package monitoring

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CloudWatch namespaces of the load balancers.
const (
	albNamespace = "AWS/ApplicationELB"
	nlbNamespace = "AWS/NetworkELB"
)

// http5xxRate is the percentage of requests answered 5xx, by the ALB itself (no healthy target,
// a target that failed to connect) or by its targets (the application). No requests: 0.
const http5xxRate = "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)"

// loadBalancer registers the target health alarms of either type, and the ALB's 5xx rate and
// response time alarms or the NLB's reset alarm (an NLB sees no HTTP codes).
func (a *alarms) loadBalancer() error {
	lb := a.args.LoadBalancer
	if lb == nil {
		return nil
	}
	namespace := lb.namespace()
	targets := pulumi.StringMap{"LoadBalancer": lb.ARNSuffix, "TargetGroup": lb.TargetGroupARNSuffix}
	t := a.args.Thresholds
	list := []alarm{
		{
			name: lb.Name + "-unhealthy-hosts",
			description: pulumi.Sprintf("%d or more targets of target group %s failed their health checks for %s. "+
				"Runbook: list them (aws elbv2 describe-target-health), check the NodePort service and its pods on those nodes "+
				"(kubectl get pods -o wide), and cordon and drain a broken node so the autoscaler replaces it.",
				t.UnhealthyHosts, lb.TargetGroupARNSuffix, a.window()),
			namespace: namespace, metric: "UnHealthyHostCount", dimensions: targets, statistic: "Maximum",
			comparison: atLeast, threshold: float64(t.UnhealthyHosts), missing: missingIsFine,
		},
		{
			name: lb.Name + "-no-healthy-hosts",
			description: pulumi.Sprintf("Target group %s of load balancer %s had no healthy target for %s: every request fails. "+
				"No data counts as none healthy. Runbook: check that the node groups have nodes, that the workload's NodePort "+
				"service answers its health check on every node, and that the node security group admits the load balancer.",
				lb.TargetGroupARNSuffix, lb.ARNSuffix, a.window()),
			namespace: namespace, metric: "HealthyHostCount", dimensions: targets, statistic: "Minimum",
			comparison: below, threshold: 1, missing: missingIsBad,
		},
	}
	if lb.Type == "network" {
		list = append(list, alarm{
			name: lb.Name + "-tcp-resets",
			description: pulumi.Sprintf("Load balancer %s sent %d or more TCP resets per period for %s: clients' connections are "+
				"refused or cut (no healthy target, idle timeout, a closed listener). Runbook: compare with the target health "+
				"graph, and check the clients' keep-alive against the NLB's 350 s idle timeout.",
				lb.ARNSuffix, t.ResetsPerPeriod, a.window()),
			namespace: namespace, metric: "TCP_ELB_Reset_Count", dimensions: pulumi.StringMap{"LoadBalancer": lb.ARNSuffix},
			statistic: "Sum", comparison: atLeast, threshold: float64(t.ResetsPerPeriod), missing: missingIsFine,
		})
	} else {
		list = append(list, a.http5xxAlarm(lb), alarm{
			name: lb.Name + "-target-response-time",
			description: pulumi.Sprintf("The p95 target response time of load balancer %s was above %g s for %s. Runbook: look "+
				"for a slow dependency on the dashboard (cache engine CPU, Cassandra node CPU), check the nodes' CPU, and "+
				"scale the workload out (kubectl scale, or its HorizontalPodAutoscaler) if they are saturated.",
				lb.ARNSuffix, t.TargetResponseTimeSeconds, a.window()),
			namespace: namespace, metric: "TargetResponseTime", dimensions: pulumi.StringMap{"LoadBalancer": lb.ARNSuffix},
			extendedStatistic: "p95", comparison: above, threshold: t.TargetResponseTimeSeconds, missing: missingIsFine,
		})
	}
	for _, al := range list {
		if err := a.add(al); err != nil {
			return err
		}
	}
	return nil
}

// http5xxAlarm is the ALB's 5xx rate: metric math over the two 5xx counts and the requests.
func (a *alarms) http5xxAlarm(lb *LoadBalancer) alarm {
	t := a.args.Thresholds
	sum := func(id, metric string) cloudwatch.MetricAlarmMetricQueryArgs {
		return cloudwatch.MetricAlarmMetricQueryArgs{
			Id: pulumi.String(id),
			Metric: &cloudwatch.MetricAlarmMetricQueryMetricArgs{
				Namespace:  pulumi.String(albNamespace),
				MetricName: pulumi.String(metric),
				Dimensions: pulumi.StringMap{"LoadBalancer": lb.ARNSuffix},
				Period:     pulumi.Int(t.PeriodSeconds),
				Stat:       pulumi.String("Sum"),
			},
			ReturnData: pulumi.Bool(false),
		}
	}
	return alarm{
		name: lb.Name + "-http-5xx-rate",
		description: pulumi.Sprintf("More than %g%% of the requests to load balancer %s were answered 5xx for %s. Runbook: "+
			"the dashboard shows whether the load balancer (ELB 5xx: no healthy target, connection failures) or the "+
			"application (target 5xx) answers them; check the workload's logs and recent rollouts (kubectl rollout history) "+
			"and roll a bad one back (kubectl rollout undo).",
			t.HTTP5xxPercent, lb.ARNSuffix, a.window()),
		comparison: above, threshold: t.HTTP5xxPercent, missing: missingIsFine,
		queries: cloudwatch.MetricAlarmMetricQueryArray{
			sum("elb5xx", "HTTPCode_ELB_5XX_Count"),
			sum("target5xx", "HTTPCode_Target_5XX_Count"),
			sum("requests", "RequestCount"),
			cloudwatch.MetricAlarmMetricQueryArgs{
				Id:         pulumi.String("rate"),
				Expression: pulumi.String(http5xxRate),
				Label:      pulumi.String("5xx responses, % of requests"),
				ReturnData: pulumi.Bool(true),
			},
		},
	}
}
