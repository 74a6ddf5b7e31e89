package cassandra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// statusAlarm is an EC2 status check watched once a minute (status check metrics are free at
// one-minute resolution) with the EC2 action that repairs what it detects.
type statusAlarm struct {
	suffix  string
	metric  string
	periods int
	action  string // recover or reboot: arn:aws:automate:<region>:ec2:<action>
	why     string
}

// statusAlarms are every node's heartbeat. A failed system check (host hardware, power, network)
// recovers the instance onto another host, keeping its id, interface, address and volumes; a
// failed instance check (kernel, exhausted memory, broken network stack) reboots it.
var statusAlarms = []statusAlarm{
	{"system-recover", "StatusCheckFailed_System", 2, "recover", "the host failed its system status check: recover onto healthy hardware"},
	{"instance-reboot", "StatusCheckFailed_Instance", 3, "reboot", "the OS failed its instance status check: reboot"},
}

func (r *ring) newStatusAlarms(ctx *pulumi.Context, n node, instanceID pulumi.IDOutput) error {
	node := n.name(r.name)
	for _, a := range statusAlarms {
		name := node + "-" + a.suffix
		actions := pulumi.Array{pulumi.String(fmt.Sprintf("arn:aws:automate:%s:ec2:%s", r.args.Region, a.action))}
		var okActions pulumi.Array
		if r.args.AlarmTopicARN != nil { // people hear of the failure and of the recovery
			actions = append(actions, r.args.AlarmTopicARN)
			okActions = pulumi.Array{r.args.AlarmTopicARN}
		}
		_, err := cloudwatch.NewMetricAlarm(ctx, name, &cloudwatch.MetricAlarmArgs{
			Name:               pulumi.String(name),
			AlarmDescription:   pulumi.String(fmt.Sprintf("Cassandra node %d (rack %s): %s", n.Index, n.Rack, a.why)),
			Namespace:          pulumi.String("AWS/EC2"),
			MetricName:         pulumi.String(a.metric),
			Dimensions:         pulumi.StringMap{"InstanceId": instanceID},
			Statistic:          pulumi.String("Maximum"),
			Period:             pulumi.Int(60),
			EvaluationPeriods:  pulumi.Int(a.periods),
			Threshold:          pulumi.Float64(1),
			ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
			AlarmActions:       actions,
			OkActions:          okActions,
			Tags:               r.tags(n, name),
		}, r.parent)
		if err != nil {
			return fmt.Errorf("cassandra node %d: %s alarm: %w", n.Index, a.metric, err)
		}
	}
	return nil
}
