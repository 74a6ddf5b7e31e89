package cassandra

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dlm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// Snapshots are daily EBS snapshots of the data volumes, taken by Amazon Data Lifecycle Manager.
// The commit log lives on the data volume, so each snapshot is crash-consistent for its node; a
// restored ring catches up with a repair.
type Snapshots struct {
	// Time of day, UTC (hh:mm), at which the daily snapshots start; DLM takes them within the
	// hour after.
	Time string
	// RetainDays daily snapshots of each volume are kept (DLM keeps at most 1000).
	RetainDays int
}

// Tags of the nodes and volumes that other resources find them by: the host settings
// association targets the cluster and datacenter, the snapshot policy the ring's data volumes
// (the ring's component name), the only resources it targets: DLM targets resources that carry
// any of its tags.
const (
	tagCluster    = "CassandraCluster"
	tagDatacenter = "CassandraDatacenter"
	ringTag       = "CassandraRing"
)

// dlmServiceRole is AWS's managed policy for DLM's snapshot management of EBS volumes.
const dlmServiceRole = "arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole"

// newSnapshotPolicy registers the lifecycle policy and the role DLM runs it with. Its snapshots
// are not Pulumi resources: removing the policy, or the stack, leaves them in place.
func (r *ring) newSnapshotPolicy(ctx *pulumi.Context, s Snapshots) error {
	name := r.name + "-snapshots"
	role, attached, err := r.newServiceRole(ctx, name, name, "dlm.amazonaws.com",
		"Data Lifecycle Manager: snapshots of the Cassandra data volumes of "+r.name, dlmServiceRole)
	if err != nil {
		return fmt.Errorf("cassandra %s: snapshot role: %w", r.name, err)
	}
	policy, err := dlm.NewLifecyclePolicy(ctx, name, &dlm.LifecyclePolicyArgs{
		// DLM allows letters, digits, spaces, hyphens and underscores here.
		Description:      pulumi.String("Daily snapshots of the Cassandra data volumes of " + notDescriptionChar.ReplaceAllString(r.name, "-")),
		ExecutionRoleArn: role.Arn,
		State:            pulumi.String("ENABLED"),
		PolicyDetails: &dlm.LifecyclePolicyPolicyDetailsArgs{
			PolicyType:    pulumi.String("EBS_SNAPSHOT_MANAGEMENT"),
			ResourceTypes: pulumi.StringArray{pulumi.String("VOLUME")},
			TargetTags:    pulumi.StringMap{ringTag: pulumi.String(r.name)},
			Schedules: dlm.LifecyclePolicyPolicyDetailsScheduleArray{dlm.LifecyclePolicyPolicyDetailsScheduleArgs{
				Name: pulumi.String("daily"),
				CreateRule: dlm.LifecyclePolicyPolicyDetailsScheduleCreateRuleArgs{
					Interval:     pulumi.Int(24),
					IntervalUnit: pulumi.String("HOURS"),
					Times:        pulumi.String(s.Time),
				},
				RetainRule: dlm.LifecyclePolicyPolicyDetailsScheduleRetainRuleArgs{Count: pulumi.Int(s.RetainDays)},
				CopyTags:   pulumi.Bool(true), // the volume's node, rack and cost tags
			}},
		},
		Tags: tagging.Named(r.args.Tags, name),
	}, r.parent, pulumi.DependsOn([]pulumi.Resource{attached}))
	if err != nil {
		return fmt.Errorf("cassandra %s: snapshot policy: %w", r.name, err)
	}
	if r.args.AlarmTopicARN == nil {
		return nil
	}
	if err := r.watchSnapshots(ctx, name, policy); err != nil {
		return fmt.Errorf("cassandra %s: %w", r.name, err)
	}
	return nil
}

// watchSnapshots tells the alarm topic when snapshots fail: DLM counts the snapshots it fails to
// take (AWS/EBS SnapshotsCreateFailed, by policy id), and a policy AWS puts in its error state
// (a role that cannot use the volumes' key, a snapshot quota) takes none and counts nothing, so
// an EventBridge rule forwards that state change.
func (r *ring) watchSnapshots(ctx *pulumi.Context, name string, policy *dlm.LifecyclePolicy) error {
	if err := r.failureAlarm(ctx, name+"-failed", "Data Lifecycle Manager failed to snapshot a Cassandra data volume of "+r.name,
		"AWS/EBS", "SnapshotsCreateFailed", pulumi.StringMap{"DLMPolicyId": policy.ID()}); err != nil {
		return err
	}
	pattern := policy.Arn.ApplyT(func(arn string) (string, error) {
		return eventPattern("aws.dlm", "DLM Policy State Change", []string{arn}, map[string]any{"state": []string{"ERROR"}})
	}).(pulumi.StringOutput)
	return r.forwardEvents(ctx, name+"-error", "The snapshot policy of the Cassandra data volumes of "+r.name+" went into its error state", pattern)
}

// notDescriptionChar is what DLM refuses in a policy description.
var notDescriptionChar = regexp.MustCompile(`[^0-9A-Za-z _-]`)
