package cassandra

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// forwardEvents sends the AWS events a pattern matches, the failures no metric shows, to the
// alarm topic through an EventBridge rule on the default bus, named after the ring, with an alarm
// on the deliveries the topic refuses.
func (r *ring) forwardEvents(ctx *pulumi.Context, name, description string, pattern pulumi.StringOutput) error {
	rule, err := cloudwatch.NewEventRule(ctx, name, &cloudwatch.EventRuleArgs{
		Name:         pulumi.String(name),
		Description:  pulumi.String(description),
		EventPattern: pattern,
		Tags:         tagging.Named(r.args.Tags, name),
	}, r.parent)
	if err != nil {
		return fmt.Errorf("event rule %s: %w", name, err)
	}
	if _, err := cloudwatch.NewEventTarget(ctx, name, &cloudwatch.EventTargetArgs{
		Rule: rule.Name,
		Arn:  r.args.AlarmTopicARN,
	}, r.parent); err != nil {
		return fmt.Errorf("event rule %s target: %w", name, err)
	}
	// A rule the topic refuses (a key or topic policy that does not admit EventBridge) fails
	// silently but for this metric; the alarm reaches the topic as CloudWatch, which it admits.
	return r.failureAlarm(ctx, name+"-undelivered", "EventBridge could not deliver rule "+name+
		" to the alarm topic: check that the topic's key and policy admit events.amazonaws.com",
		"AWS/Events", "FailedInvocations", pulumi.StringMap{"RuleName": rule.Name})
}

// failureAlarm notifies the alarm topic when a count of failures is 1 or more in an hour, and
// again when it is back to none; no data (nothing ran) is no failure.
func (r *ring) failureAlarm(ctx *pulumi.Context, name, description, namespace, metric string, dimensions pulumi.StringMap) error {
	_, err := cloudwatch.NewMetricAlarm(ctx, name, &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(name),
		AlarmDescription:   pulumi.String(description),
		Namespace:          pulumi.String(namespace),
		MetricName:         pulumi.String(metric),
		Dimensions:         dimensions,
		Statistic:          pulumi.String("Sum"),
		Period:             pulumi.Int(3600),
		EvaluationPeriods:  pulumi.Int(1),
		Threshold:          pulumi.Float64(1),
		ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
		TreatMissingData:   pulumi.String("notBreaching"),
		AlarmActions:       pulumi.Array{r.args.AlarmTopicARN},
		OkActions:          pulumi.Array{r.args.AlarmTopicARN},
		Tags:               tagging.Named(r.args.Tags, name),
	}, r.parent)
	if err != nil {
		return fmt.Errorf("alarm %s: %w", name, err)
	}
	return nil
}

// eventPattern matches the events of one source and detail type, about the given resources (none:
// any), whose detail holds the given values.
func eventPattern(source, detailType string, resources []string, detail map[string]any) (string, error) {
	p := map[string]any{"source": []string{source}, "detail-type": []string{detailType}, "detail": detail}
	if len(resources) > 0 {
		p["resources"] = resources
	}
	b, err := json.Marshal(p)
	return string(b), err
}
