package cassandra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// ssmManagedInstanceCore lets Systems Manager reach the nodes (Session Manager replaces SSH).
const ssmManagedInstanceCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"

const ec2AssumeRolePolicy = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
}`

// newInstanceProfile registers the nodes' role, which holds only what SSM needs.
func (r *ring) newInstanceProfile(ctx *pulumi.Context) (*iam.InstanceProfile, error) {
	name := r.name + "-nodes"
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(ec2AssumeRolePolicy),
		Description:      pulumi.String("Cassandra nodes of " + r.args.ClusterName + ": Systems Manager access"),
		Tags:             tagging.Named(r.args.Tags, name),
	}, r.parent)
	if err != nil {
		return nil, fmt.Errorf("cassandra %s: node role: %w", r.name, err)
	}
	if _, err := iam.NewRolePolicyAttachment(ctx, name+"-ssm", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(ssmManagedInstanceCore),
	}, r.parent); err != nil {
		return nil, fmt.Errorf("cassandra %s: SSM policy: %w", r.name, err)
	}
	profile, err := iam.NewInstanceProfile(ctx, name, &iam.InstanceProfileArgs{
		Role: role.Name,
		Tags: tagging.Named(r.args.Tags, name),
	}, r.parent)
	if err != nil {
		return nil, fmt.Errorf("cassandra %s: instance profile: %w", r.name, err)
	}
	return profile, nil
}
