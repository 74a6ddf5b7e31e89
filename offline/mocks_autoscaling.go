package offline

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// elastiCacheScalingRole is the service-linked role Application Auto Scaling creates for
// ElastiCache and names as the target's role.
const elastiCacheScalingRole = "role/aws-service-role/elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG"

// scalableTargetOutputs: a scalable target's ARN and the service-linked role it runs with.
func scalableTargetOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:application-autoscaling:%s:%s:scalable-target/%s", m.region, Account, m.hex("target/" + id)[:36]))
	if str(args.Inputs, "roleArn") == "" {
		out["roleArn"] = resource.NewProperty(fmt.Sprintf("arn:aws:iam::%s:%s", Account, elastiCacheScalingRole))
	}
}

// scalingPolicyOutputs: a scaling policy's ARN names its resource and its name; target tracking
// creates its CloudWatch alarms itself.
func scalingPolicyOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	name := str(args.Inputs, "name")
	if name == "" {
		name = args.Name
		out["name"] = resource.NewProperty(name)
	}
	h := m.hex("policy/" + id)
	namespace := str(args.Inputs, "serviceNamespace")
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:autoscaling:%s:%s:scalingPolicy:%s:resource/%s/%s:policyName/%s",
		m.region, Account, uuid(h), namespace, str(args.Inputs, "resourceId"), name))
	alarms := make([]resource.PropertyValue, 0, 2)
	for _, kind := range []string{"AlarmHigh", "AlarmLow"} {
		alarms = append(alarms, resource.NewProperty(fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:TargetTracking-%s-%s-%s",
			m.region, Account, strings.ReplaceAll(str(args.Inputs, "resourceId"), "/", "-"), kind, h[:36])))
	}
	out["alarmArns"] = resource.NewProperty(alarms)
}

// helmReleaseOutputs answers a helm/v3 Release the way the Kubernetes provider does after a
// successful install: revision 1, deployed, in its namespace.
func helmReleaseOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	name := str(args.Inputs, "name")
	if name == "" {
		name = args.Name
	}
	namespace := str(args.Inputs, "namespace")
	if namespace == "" {
		namespace = "default"
	}
	out["status"] = resource.NewPropertyValue(map[string]any{
		"name":      name,
		"namespace": namespace,
		"chart":     str(args.Inputs, "chart"),
		"version":   str(args.Inputs, "version"),
		"revision":  1,
		"status":    "deployed",
	})
}
