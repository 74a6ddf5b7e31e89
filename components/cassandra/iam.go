package cassandra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// ssmManagedInstanceCore lets Systems Manager reach the nodes (Session Manager replaces SSH).
const ssmManagedInstanceCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"

// newInstanceProfile registers the nodes' role, which holds only what SSM needs.
func (r *ring) newInstanceProfile(ctx *pulumi.Context) (*iam.InstanceProfile, error) {
	name := r.name + "-nodes"
	role, _, err := r.newServiceRole(ctx, name, name+"-ssm", "ec2.amazonaws.com",
		"Cassandra nodes of "+r.args.ClusterName+": Systems Manager access", ssmManagedInstanceCore)
	if err != nil {
		return nil, fmt.Errorf("cassandra %s: node role: %w", r.name, err)
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

// newServiceRole registers a role an AWS service assumes, with one AWS managed policy attached
// (as attachmentName).
func (r *ring) newServiceRole(ctx *pulumi.Context, name, attachmentName, service, description, policyARN string) (*iam.Role, *iam.RolePolicyAttachment, error) {
	trust := fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"Service": %q}, "Action": "sts:AssumeRole"}]
}`, service)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust),
		Description:      pulumi.String(description),
		Tags:             tagging.Named(r.args.Tags, name),
	}, r.parent)
	if err != nil {
		return nil, nil, err
	}
	attached, err := iam.NewRolePolicyAttachment(ctx, attachmentName, &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(policyARN),
	}, r.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("policy %s: %w", policyARN, err)
	}
	return role, attached, nil
}
