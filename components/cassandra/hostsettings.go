package cassandra

import (
	_ "embed"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// hostSettingsScript keeps the settings a running node needs without replacing it (a change of
// user data replaces every instance); it must stay idempotent. Its data directory is dataDir.
//
//go:embed templates/host-settings.sh
var hostSettingsScript string

// hostSettingsSchedule re-applies them to every node, and grows each data volume's filesystem
// after the volume grew; 30 minutes is the shortest rate State Manager accepts.
const hostSettingsSchedule = "rate(30 minutes)"

// newHostSettings registers the SSM State Manager association that applies hostSettingsScript to
// the ring's nodes, found by their cluster and datacenter tags: when it is created or changed, when
// a node registers with SSM, and on hostSettingsSchedule. State Manager is free.
func (r *ring) newHostSettings(ctx *pulumi.Context) error {
	name := r.name + "-host-settings"
	association, err := ssm.NewAssociation(ctx, name, &ssm.AssociationArgs{
		AssociationName: pulumi.String(name),
		Name:            pulumi.String("AWS-RunShellScript"),
		Parameters:      pulumi.StringMap{"commands": pulumi.String(hostSettingsScript)},
		Targets: ssm.AssociationTargetArray{
			ssm.AssociationTargetArgs{Key: pulumi.String("tag:" + tagCluster), Values: pulumi.ToStringArray([]string{r.args.ClusterName})},
			ssm.AssociationTargetArgs{Key: pulumi.String("tag:" + tagDatacenter), Values: pulumi.ToStringArray([]string{r.args.Datacenter})},
		},
		ScheduleExpression: pulumi.String(hostSettingsSchedule),
		// One node failing (still booting, say) must not stop the others; failures show as
		// non-compliant in Systems Manager (and Security Hub).
		MaxErrors:          pulumi.String("100%"),
		ComplianceSeverity: pulumi.String("HIGH"),
		Tags:               tagging.Named(r.args.Tags, name),
	}, r.parent)
	if err != nil {
		return fmt.Errorf("cassandra %s: host settings association: %w", r.name, err)
	}
	if r.args.AlarmTopicARN == nil {
		return nil
	}
	// A node where the settings fail would restart Cassandra at the next security upgrade.
	pattern := association.AssociationId.ApplyT(func(id string) (string, error) {
		return eventPattern("aws.ssm", "EC2 State Manager Instance Association State Change", nil,
			map[string]any{"association-id": []string{id}, "status": []string{"Failed"}})
	}).(pulumi.StringOutput)
	if err := r.forwardEvents(ctx, name+"-failed", "The host settings failed on a Cassandra node of "+r.name, pattern); err != nil {
		return fmt.Errorf("cassandra %s: %w", r.name, err)
	}
	return nil
}
