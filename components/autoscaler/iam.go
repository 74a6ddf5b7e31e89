package autoscaler

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// describeActions are the read-only calls the autoscaler makes on any resource: the Auto Scaling
// groups and their launch templates, instance types, and the managed node groups' labels and
// taints (which let it scale a group up from zero). The list is the one the autoscaler's AWS
// documentation recommends (kubernetes/autoscaler, cluster-autoscaler/cloudprovider/aws/README.md).
var describeActions = []string{
	"autoscaling:DescribeAutoScalingGroups",
	"autoscaling:DescribeAutoScalingInstances",
	"autoscaling:DescribeLaunchConfigurations",
	"autoscaling:DescribeScalingActivities",
	"autoscaling:DescribeTags",
	"ec2:DescribeImages",
	"ec2:DescribeInstanceTypes",
	"ec2:DescribeLaunchTemplateVersions",
	"ec2:GetInstanceTypesFromInstanceRequirements",
}

// scaleActions change a group's size; the role may use them only on groups tagged as this
// cluster's.
var scaleActions = []string{
	"autoscaling:SetDesiredCapacity",
	"autoscaling:TerminateInstanceInAutoScalingGroup",
}

// Auto-discovery tags: EKS puts both on the Auto Scaling group of every managed node group.
const (
	enabledTag     = "k8s.io/cluster-autoscaler/enabled"
	clusterTagBase = "k8s.io/cluster-autoscaler/"
)

type statement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal,omitempty"`
	Action    any                          `json:"Action"`
	Resource  any                          `json:"Resource,omitempty"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

type policy struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

// newServiceAccountRole registers the role the autoscaler's service account assumes through the
// cluster's OIDC provider, and its permissions. It returns the role's ARN once the permissions are
// attached, so that the release started with it does not crash-loop on denied calls meanwhile.
func newServiceAccountRole(ctx *pulumi.Context, name string, args Args, parent pulumi.Resource) (pulumi.StringOutput, error) {
	trust := args.OIDCProviderARN.ToStringOutput().ApplyT(trustPolicy).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("Cluster autoscaler service account " + Namespace + "/" + ServiceAccount + " (IRSA)"),
		AssumeRolePolicy: trust,
		Tags:             tagging.Named(args.Tags, name),
	}, pulumi.Parent(parent))
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("creating the role of autoscaler %s: %w", name, err)
	}
	perms := pulumi.All(args.ClusterName, args.OIDCProviderARN).ApplyT(func(v []any) (string, error) {
		return permissionsPolicy(v[0].(string), args.Region, v[1].(string))
	}).(pulumi.StringOutput)
	permissions, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: perms,
	}, pulumi.Parent(role))
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("creating the policy of autoscaler %s: %w", name, err)
	}
	return pulumi.All(role.Arn, permissions.ID()).ApplyT(func(v []any) string { return v[0].(string) }).(pulumi.StringOutput), nil
}

// oidcIssuer is the issuer host and path an OIDC provider's ARN ends in
// (arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>), the prefix of
// the condition keys of a role that trusts it.
func oidcIssuer(providerARN string) (string, error) {
	_, issuer, ok := strings.Cut(providerARN, ":oidc-provider/")
	if !ok || issuer == "" {
		return "", fmt.Errorf("%q is not an IAM OIDC provider ARN", providerARN)
	}
	return issuer, nil
}

// trustPolicy lets only the autoscaler's service account, with a token meant for STS, assume the
// role through the cluster's OIDC provider.
func trustPolicy(providerARN string) (string, error) {
	issuer, err := oidcIssuer(providerARN)
	if err != nil {
		return "", err
	}
	return marshal(policy{Version: "2012-10-17", Statement: []statement{{
		Sid:       "ClusterAutoscalerServiceAccount",
		Effect:    "Allow",
		Principal: map[string]string{"Federated": providerARN},
		Action:    "sts:AssumeRoleWithWebIdentity",
		Condition: map[string]map[string]string{"StringEquals": {
			issuer + ":sub": "system:serviceaccount:" + Namespace + ":" + ServiceAccount,
			issuer + ":aud": "sts.amazonaws.com",
		}},
	}}})
}

// permissionsPolicy allows the describe calls everywhere, resizing only the Auto Scaling groups
// tagged for this cluster, and reading only this cluster's node groups. The partition and the
// account come from the OIDC provider's ARN, which belongs to the same account.
func permissionsPolicy(cluster, region, providerARN string) (string, error) {
	arn := strings.SplitN(providerARN, ":", 6)
	if len(arn) != 6 {
		return "", fmt.Errorf("%q is not an ARN", providerARN)
	}
	partition, account := arn[1], arn[4]
	return marshal(policy{Version: "2012-10-17", Statement: []statement{
		{Sid: "Describe", Effect: "Allow", Action: describeActions, Resource: "*"},
		{
			Sid: "ResizeOwnNodeGroups", Effect: "Allow", Action: scaleActions, Resource: "*",
			Condition: map[string]map[string]string{"StringEquals": {
				"aws:ResourceTag/" + clusterTagBase + cluster: "owned",
				"aws:ResourceTag/" + enabledTag:               "true",
			}},
		},
		{
			Sid: "DescribeOwnNodeGroups", Effect: "Allow", Action: "eks:DescribeNodegroup",
			Resource: fmt.Sprintf("arn:%s:eks:%s:%s:nodegroup/%s/*", partition, region, account, cluster),
		},
	}})
}

func marshal(p policy) (string, error) {
	b, err := json.Marshal(p)
	return string(b), err
}
