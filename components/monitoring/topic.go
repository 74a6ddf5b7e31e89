package monitoring

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// The services that publish to the topic: CloudWatch alarm notifications, and EventBridge rules
// that forward AWS events no metric shows (a snapshot policy gone into its error state).
const (
	cloudWatchPrincipal  = "cloudwatch.amazonaws.com"
	eventBridgePrincipal = "events.amazonaws.com"
)

// TopicArgs configure an AlarmTopic.
type TopicArgs struct {
	// Region of the stack; only its alarms may publish. Required.
	Region string
	// AlarmNamePrefix: only alarms whose names start with it may publish. Required.
	AlarmNamePrefix string
	// Email addresses subscribed to the topic. Optional.
	Email []string
	// HTTPSEndpoints subscribed to the topic. Optional. They are stored as secrets: an
	// integration URL carries its key.
	HTTPSEndpoints []string
	// KMSKeyARN is a customer managed key to encrypt the topic with, whose policy already admits
	// cloudwatch.amazonaws.com and events.amazonaws.com. Optional: by default the component creates one. The AWS managed
	// key alias/aws/sns cannot be used (CloudWatch cannot use it, so notifications are dropped).
	KMSKeyARN string
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// AlarmTopic is the stack's SNS topic for alarm notifications, encrypted with KMS.
type AlarmTopic struct {
	pulumi.ResourceState

	// ARN is what alarms name in their actions.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// KMSKeyARN is the key the topic is encrypted with.
	KMSKeyARN pulumi.StringOutput `pulumi:"kmsKeyArn"`
}

// NewAlarmTopic registers the topic, its key (unless one is given), its policy and its
// subscriptions.
func NewAlarmTopic(ctx *pulumi.Context, name string, args TopicArgs, opts ...pulumi.ResourceOption) (*AlarmTopic, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("alarm topic %s: %w", name, err)
	}
	t := &AlarmTopic{}
	if err := ctx.RegisterComponentResource("platform:monitoring:AlarmTopic", name, t, opts...); err != nil {
		return nil, err
	}
	caller, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{}, pulumi.Parent(t))
	if err != nil {
		return nil, fmt.Errorf("alarm topic %s: reading the account id: %w", name, err)
	}
	partition, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{}, pulumi.Parent(t))
	if err != nil {
		return nil, fmt.Errorf("alarm topic %s: reading the partition: %w", name, err)
	}
	acct := account{id: caller.AccountId, partition: partition.Partition, region: args.Region}

	keyARN := pulumi.String(args.KMSKeyARN).ToStringOutput()
	if args.KMSKeyARN == "" {
		if keyARN, err = t.newKey(ctx, name, acct, args.Tags); err != nil {
			return nil, err
		}
	}
	topic, err := sns.NewTopic(ctx, name, &sns.TopicArgs{
		Name:           pulumi.String(name),
		DisplayName:    pulumi.String(name), // the sender name of the emails
		KmsMasterKeyId: keyARN,
		Tags:           tagging.Named(args.Tags, name),
	}, pulumi.Parent(t))
	if err != nil {
		return nil, fmt.Errorf("creating SNS topic %s: %w", name, err)
	}
	policy := topic.Arn.ApplyT(func(arn string) (string, error) {
		return topicPolicy(arn, acct, args.AlarmNamePrefix)
	}).(pulumi.StringOutput)
	if _, err := sns.NewTopicPolicy(ctx, name, &sns.TopicPolicyArgs{Arn: topic.Arn, Policy: policy}, pulumi.Parent(topic)); err != nil {
		return nil, fmt.Errorf("creating the policy of SNS topic %s: %w", name, err)
	}
	if err := t.subscribe(ctx, name, topic, args); err != nil {
		return nil, err
	}

	t.ARN = topic.Arn
	t.KMSKeyARN = keyARN
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{"arn": t.ARN, "kmsKeyArn": t.KMSKeyARN})
}

func (a TopicArgs) check() error {
	var errs []error
	if a.Region == "" || a.AlarmNamePrefix == "" {
		errs = append(errs, errors.New("Region and AlarmNamePrefix are required"))
	}
	if strings.HasSuffix(a.KMSKeyARN, "alias/aws/sns") {
		errs = append(errs, errors.New("KMSKeyARN: CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key alias/aws/sns"))
	}
	return errors.Join(errs...)
}

// account is where the topic lives.
type account struct{ id, partition, region string }

// alarmARNs matches the ARNs of the alarms allowed to publish.
func (a account) alarmARNs(prefix string) string {
	return fmt.Sprintf("arn:%s:cloudwatch:%s:%s:alarm:%s*", a.partition, a.region, a.id, prefix)
}

// newKey creates the topic's customer managed key. CloudWatch can publish to an encrypted topic
// only if the key's policy lets cloudwatch.amazonaws.com use it; the AWS managed key of SNS
// cannot say so (SNS developer guide, "Enable compatibility between event sources from AWS
// services and encrypted topics"). The statement carries no condition, as in that guide: the key
// encrypts this topic only, and the topic policy already limits who may publish.
func (t *AlarmTopic) newKey(ctx *pulumi.Context, name string, acct account, tags map[string]string) (pulumi.StringOutput, error) {
	policy, err := json.Marshal(policyDocument{Version: policyVersion, Statement: []statement{
		{ // the account manages the key through IAM, as with the default key policy
			Sid: "AccountAdministersTheKey", Effect: "Allow",
			Principal: principal{AWS: fmt.Sprintf("arn:%s:iam::%s:root", acct.partition, acct.id)},
			Action:    "kms:*", Resource: "*",
		},
		{
			Sid: "CloudWatchAlarmsEncryptNotifications", Effect: "Allow",
			Principal: principal{Service: cloudWatchPrincipal},
			Action:    []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: "*",
		},
		{
			Sid: "EventRulesEncryptNotifications", Effect: "Allow",
			Principal: principal{Service: eventBridgePrincipal},
			Action:    []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: "*",
		},
	}})
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("encoding the key policy of %s: %w", name, err)
	}
	key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts SNS topic %s, which CloudWatch alarms publish to", name),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy:               pulumi.String(string(policy)),
		Tags:                 tagging.Named(tags, name),
	}, pulumi.Parent(t))
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("creating the key of SNS topic %s: %w", name, err)
	}
	return key.Arn, nil
}

// topicPolicy lets this account's alarms in this region, named with the stack's prefix, publish
// (the aws:SourceArn and aws:SourceAccount conditions keep other accounts' alarms out), and
// EventBridge rules publish. That statement carries no condition: EventBridge's guide says SNS
// topic policies for it cannot use Condition blocks.
func topicPolicy(topicARN string, acct account, prefix string) (string, error) {
	b, err := json.Marshal(policyDocument{Version: policyVersion, Statement: []statement{
		{
			Sid: "CloudWatchAlarmsPublish", Effect: "Allow", Principal: principal{Service: cloudWatchPrincipal},
			Action: "sns:Publish", Resource: topicARN,
			Condition: map[string]map[string]string{
				"ArnLike":      {"aws:SourceArn": acct.alarmARNs(prefix)},
				"StringEquals": {"aws:SourceAccount": acct.id},
			},
		},
		{
			Sid: "EventRulesPublish", Effect: "Allow", Principal: principal{Service: eventBridgePrincipal},
			Action: "sns:Publish", Resource: topicARN,
		},
	}})
	return string(b), err
}

// subscribe registers one subscription per address and endpoint, each named by a hash of its
// endpoint: reordering the lists touches nothing, and no address or key shows in a URN.
func (t *AlarmTopic) subscribe(ctx *pulumi.Context, name string, topic *sns.Topic, args TopicArgs) error {
	add := func(protocol, endpoint string, value pulumi.StringInput) error {
		subName := fmt.Sprintf("%s-%s-%s", name, protocol, shortHash(endpoint))
		_, err := sns.NewTopicSubscription(ctx, subName, &sns.TopicSubscriptionArgs{
			Topic:    topic.Arn,
			Protocol: pulumi.String(protocol),
			Endpoint: value,
		}, pulumi.Parent(topic))
		if err != nil {
			return fmt.Errorf("subscribing %s endpoint %s to %s: %w", protocol, subName, name, err)
		}
		return nil
	}
	for _, e := range args.Email {
		if err := add("email", e, pulumi.String(e)); err != nil {
			return err
		}
	}
	for _, u := range args.HTTPSEndpoints {
		if err := add("https", u, pulumi.ToSecret(pulumi.String(u)).(pulumi.StringOutput)); err != nil {
			return err
		}
	}
	return nil
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

// IAM policy documents, encoded with encoding/json.
const policyVersion = "2012-10-17"

type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Principal principal                    `json:"Principal"`
	Action    any                          `json:"Action"` // a string or a list
	Resource  string                       `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

type principal struct {
	AWS     string `json:"AWS,omitempty"`
	Service string `json:"Service,omitempty"`
}
