package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// How an alarm treats periods without data (CloudWatch's treatMissingData), chosen per alarm.
const (
	// missingIsFine: no data means nothing happened (no requests, no evictions, a primary's
	// absent replication lag).
	missingIsFine = "notBreaching"
	// missingIsBad: no data means the thing watched is gone (no healthy target reporting).
	missingIsBad = "breaching"
	// missingHolds: a gap (a node being replaced) neither raises nor clears the alarm; a metric
	// that stops for good turns it INSUFFICIENT_DATA.
	missingHolds = "missing"
)

// Comparison operators.
const (
	above   = "GreaterThanThreshold"
	atLeast = "GreaterThanOrEqualToThreshold"
	below   = "LessThanThreshold"
)

// alarms registers the alarms of one Monitoring component.
type alarms struct {
	ctx        *pulumi.Context
	parent     pulumi.Resource
	args       Args
	cacheNodes []cacheNode
}

// alarm is one CloudWatch alarm on a single metric, or on metric math over several (queries).
type alarm struct {
	// name is the alarm's name in Pulumi and in CloudWatch; it starts with the resource's name.
	name string
	// description says what the alarm means and what to do (a runbook sentence).
	description pulumi.StringInput
	comparison  string
	threshold   float64
	missing     string
	// periods to evaluate; 0 means the configured EvaluationPeriods.
	periods int

	// A single metric: namespace, metric, dimensions, period (0: the configured period) and a
	// statistic or an extended statistic (a percentile such as p95).
	namespace, metric            string
	dimensions                   pulumi.StringMap
	period                       int
	statistic, extendedStatistic string
	queries                      cloudwatch.MetricAlarmMetricQueryArray
}

// add registers an alarm that notifies the topic when it fires and when it clears.
func (a *alarms) add(al alarm) error {
	t := a.args.Thresholds
	periods := al.periods
	if periods == 0 {
		periods = t.EvaluationPeriods
	}
	args := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(al.name),
		AlarmDescription:   al.description,
		ComparisonOperator: pulumi.String(al.comparison),
		Threshold:          pulumi.Float64(al.threshold),
		EvaluationPeriods:  pulumi.Int(periods),
		TreatMissingData:   pulumi.String(al.missing),
		AlarmActions:       pulumi.Array{a.args.TopicARN},
		OkActions:          pulumi.Array{a.args.TopicARN},
		Tags:               tagging.Named(a.args.Tags, al.name),
	}
	if al.queries != nil {
		args.MetricQueries = al.queries
	} else {
		period := al.period
		if period == 0 {
			period = t.PeriodSeconds
		}
		args.Namespace = pulumi.String(al.namespace)
		args.MetricName = pulumi.String(al.metric)
		args.Dimensions = al.dimensions
		args.Period = pulumi.Int(period)
		if al.extendedStatistic != "" {
			args.ExtendedStatistic = pulumi.String(al.extendedStatistic)
		} else {
			args.Statistic = pulumi.String(al.statistic)
		}
	}
	if _, err := cloudwatch.NewMetricAlarm(a.ctx, al.name, args, pulumi.Parent(a.parent)); err != nil {
		return fmt.Errorf("creating alarm %s: %w", al.name, err)
	}
	return nil
}

// window describes the evaluation window for descriptions: "5 consecutive 60 s periods".
func (a *alarms) window() string {
	t := a.args.Thresholds
	if t.EvaluationPeriods == 1 {
		return fmt.Sprintf("one %d s period", t.PeriodSeconds)
	}
	return fmt.Sprintf("%d consecutive %d s periods", t.EvaluationPeriods, t.PeriodSeconds)
}
