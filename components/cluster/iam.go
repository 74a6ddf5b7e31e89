package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// nodePolicies are the AWS managed policies every node needs: joining the cluster, the VPC CNI's
// address management, pulling images from ECR, and Session Manager access instead of SSH.
var nodePolicies = []struct {
	short  string // names the attachment
	policy iam.ManagedPolicy
}{
	{"worker", iam.ManagedPolicyAmazonEKSWorkerNodePolicy},
	{"cni", iam.ManagedPolicy_AmazonEKS_CNI_Policy},
	{"ecr", iam.ManagedPolicyAmazonEC2ContainerRegistryReadOnly},
	{"ssm", iam.ManagedPolicyAmazonSSMManagedInstanceCore},
}

// ec2AssumeRole lets EC2 instances take the node role.
const ec2AssumeRole = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// nodeRole is the IAM role of every node and the attachments of its policies, which node groups
// must wait for (a node without them cannot join).
type nodeRole struct {
	role        *iam.Role
	attachments []pulumi.Resource
}

func newNodeRole(ctx *pulumi.Context, name string, tags map[string]string, parent pulumi.Resource) (*nodeRole, error) {
	role, err := iam.NewRole(ctx, name+"-nodes", &iam.RoleArgs{
		Description:      pulumi.Sprintf("Nodes of EKS cluster %s", name),
		AssumeRolePolicy: pulumi.String(ec2AssumeRole),
		Tags:             tagging.Named(tags, name+"-nodes"),
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, fmt.Errorf("creating the node role of cluster %s: %w", name, err)
	}
	n := &nodeRole{role: role}
	for _, p := range nodePolicies {
		a, err := iam.NewRolePolicyAttachment(ctx, name+"-nodes-"+p.short, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(string(p.policy)),
		}, pulumi.Parent(role))
		if err != nil {
			return nil, fmt.Errorf("attaching %s to the node role of cluster %s: %w", p.policy, name, err)
		}
		n.attachments = append(n.attachments, a)
	}
	return n, nil
}

// newOIDCProvider registers the cluster's OIDC issuer with IAM so that IAM roles can trust the
// cluster's service accounts (IRSA). No thumbprint: IAM fetches and pins the issuer's
// certificate authority itself when the list is left out.
func newOIDCProvider(ctx *pulumi.Context, name string, control *eks.Cluster, tags map[string]string, parent pulumi.Resource) (*iam.OpenIdConnectProvider, error) {
	issuer := control.EksCluster.Identities().Index(pulumi.Int(0)).Oidcs().Index(pulumi.Int(0)).Issuer().Elem()
	p, err := iam.NewOpenIdConnectProvider(ctx, name+"-oidc", &iam.OpenIdConnectProviderArgs{
		Url:           issuer,
		ClientIdLists: pulumi.StringArray{pulumi.String("sts.amazonaws.com")},
		Tags:          tagging.Named(tags, name+"-oidc"),
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, fmt.Errorf("creating the OIDC provider of cluster %s: %w", name, err)
	}
	return p, nil
}
