package offline

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// topicOutputs answers like CreateTopic: a topic's ARN is arn:aws:sns:<region>:<account>:<name>
// and is also its id. The alarm topic is always named (components/monitoring/topic.go).
func topicOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:sns:%s:%s:%s", m.region, Account, str(args.Inputs, "name")))
	out["owner"] = resource.NewProperty(Account)
}

// topicSubscriptionOutputs: a subscription's ARN is its topic's ARN and a UUID.
func topicSubscriptionOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["arn"] = resource.NewProperty(str(args.Inputs, "topic") + ":" + uuid(m.hex("subscription/"+args.Name)))
	out["pendingConfirmation"] = resource.NewProperty(str(args.Inputs, "protocol") == "email")
}

// metricAlarmOutputs: arn:aws:cloudwatch:<region>:<account>:alarm:<name>.
func metricAlarmOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", m.region, Account, str(args.Inputs, "name")))
}

// dashboardOutputs: dashboards are global, arn:aws:cloudwatch::<account>:dashboard/<name>.
func dashboardOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["dashboardArn"] = resource.NewProperty(fmt.Sprintf("arn:aws:cloudwatch::%s:dashboard/%s", Account, str(args.Inputs, "dashboardName")))
}
