// Package cluster is the Kubernetes tier: an EKS control plane (pulumi-eks) in the network's
// private subnets and its managed node groups, with secrets encrypted by a KMS key of the stack,
// IMDSv2-only nodes on encrypted gp3 root volumes and an OIDC provider for IAM roles of service
// accounts.
package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// Args configure a Cluster. Version, PrivateSubnetIDs, PublicAccessCIDRs and at least one node
// group are required.
type Args struct {
	// Version is the Kubernetes minor version, e.g. "1.36". Node groups follow it.
	Version string
	// VPCID is the network's VPC.
	VPCID pulumi.StringInput
	// PrivateSubnetIDs hold the control plane's network interfaces and every node.
	PrivateSubnetIDs pulumi.StringArrayInput
	// PublicAccessCIDRs may reach the public API endpoint. The public endpoint always stays on:
	// pulumi-eks v2 writes the aws-auth ConfigMap through the API from wherever `pulumi up` runs.
	PublicAccessCIDRs []string
	// PrivateAccess turns on the API endpoint inside the VPC. Default false (the zero value);
	// the stacks turn it on.
	PrivateAccess bool
	// AdminRoleARNs get cluster-admin and ViewerRoleARNs read-only access to the Kubernetes API
	// (EKS access entries), besides the identity that creates the cluster. Optional.
	AdminRoleARNs  []string
	ViewerRoleARNs []string
	// LogTypes are the control-plane log types sent to CloudWatch Logs. Empty sends none.
	LogTypes []string
	// SecretsEncryption envelope-encrypts Kubernetes secrets with a KMS key (rotated yearly)
	// that the component creates.
	SecretsEncryption bool
	// NodeGroups are the managed node groups, at least one; names must be unique.
	NodeGroups []NodeGroup
	// Autoscaled tells that a cluster autoscaler owns the node groups' desired sizes: they are
	// then only the sizes at creation, and later changes to them are ignored. Without it the
	// configured desired size is applied on every update.
	Autoscaled bool
	// Protect guards the cluster and its secrets key against deletion (prod).
	Protect bool
	// Tags are added to every resource.
	Tags map[string]string
}

// Cluster is the component. NodeSecurityGroupID and AutoScalingGroupNames are what the load
// balancer, the cache and Cassandra use to let the nodes in.
type Cluster struct {
	pulumi.ResourceState

	ClusterName pulumi.StringOutput `pulumi:"clusterName"`
	// Endpoint is the Kubernetes API server URL.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// Kubeconfig is a kubeconfig (JSON) authenticating with `aws eks get-token`; a secret.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`
	// OIDCProviderARN is the IAM OIDC provider that IAM roles for service accounts trust.
	OIDCProviderARN pulumi.StringOutput `pulumi:"oidcProviderArn"`
	// NodeSecurityGroupID is the security group the nodes actually carry: the launch templates
	// name none, so EKS attaches the cluster security group to every node.
	NodeSecurityGroupID pulumi.StringOutput `pulumi:"nodeSecurityGroupId"`
	// AutoScalingGroupNames are the node groups' Auto Scaling groups, for target group attachments.
	AutoScalingGroupNames pulumi.StringArrayOutput `pulumi:"autoScalingGroupNames"`
}

// New registers the cluster component, its control plane and its node groups.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Cluster, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("cluster %s: %w", name, err)
	}
	c := &Cluster{}
	if err := ctx.RegisterComponentResource("platform:cluster:Cluster", name, c, opts...); err != nil {
		return nil, err
	}
	nodes, err := newNodeRole(ctx, name, args.Tags, c)
	if err != nil {
		return nil, err
	}
	control, err := c.newControlPlane(ctx, name, args, nodes.role)
	if err != nil {
		return nil, err
	}
	oidc, err := newOIDCProvider(ctx, name, control, args.Tags, c)
	if err != nil {
		return nil, err
	}
	groups, err := c.newNodeGroups(ctx, name, args, control, nodes)
	if err != nil {
		return nil, err
	}

	c.ClusterName = control.EksCluster.Name()
	c.Endpoint = control.EksCluster.Endpoint()
	c.Kubeconfig = pulumi.ToSecret(control.KubeconfigJson).(pulumi.StringOutput)
	c.OIDCProviderARN = oidc.Arn
	c.NodeSecurityGroupID = control.EksCluster.VpcConfig().ClusterSecurityGroupId().Elem()
	c.AutoScalingGroupNames = autoScalingGroupNames(groups)
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterName":           c.ClusterName,
		"endpoint":              c.Endpoint,
		"kubeconfig":            c.Kubeconfig,
		"oidcProviderArn":       c.OIDCProviderARN,
		"nodeSecurityGroupId":   c.NodeSecurityGroupID,
		"autoScalingGroupNames": c.AutoScalingGroupNames,
	})
}

// newControlPlane registers the pulumi-eks cluster without its default (self-managed) node group.
func (c *Cluster) newControlPlane(ctx *pulumi.Context, name string, args Args, nodeRole *iam.Role) (*eks.Cluster, error) {
	clusterArgs := &eks.ClusterArgs{
		Name:                   pulumi.String(name),
		Version:                pulumi.String(args.Version),
		VpcId:                  args.VPCID,
		PrivateSubnetIds:       args.PrivateSubnetIDs,
		EndpointPrivateAccess:  pulumi.Bool(args.PrivateAccess),
		EndpointPublicAccess:   pulumi.Bool(true),
		PublicAccessCidrs:      pulumi.ToStringArray(args.PublicAccessCIDRs),
		EnabledClusterLogTypes: pulumi.ToStringArray(args.LogTypes),
		SkipDefaultNodeGroup:   pulumi.BoolRef(true),
		// pulumi-eks refuses a managed node group whose role the cluster does not map in aws-auth.
		InstanceRoles: iam.RoleArray{nodeRole},
		// The OIDC provider is this component's own resource (iam.go), visible to tests and policy.
		CreateOidcProvider: pulumi.Bool(false),
		// Keep the VPC CNI that EKS installs: pulumi-eks v2's own CNI manifest is an old release
		// applied with kubectl, which `pulumi up` would then need on its PATH.
		UseDefaultVpcCni: pulumi.BoolRef(true),
		Tags:             pulumi.ToStringMap(args.Tags),
	}
	grantAccess(clusterArgs, args)
	if args.SecretsEncryption {
		key, err := kms.NewKey(ctx, name+"-secrets", &kms.KeyArgs{
			Description:          pulumi.Sprintf("Envelope encryption of the Kubernetes secrets of EKS cluster %s", name),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(30),
			Tags:                 tagging.Named(args.Tags, name+"-secrets"),
		}, pulumi.Parent(c), pulumi.Protect(args.Protect))
		if err != nil {
			return nil, fmt.Errorf("creating the secrets key of cluster %s: %w", name, err)
		}
		clusterArgs.EncryptionConfigKeyArn = key.Arn.ToStringPtrOutput()
	}
	control, err := eks.NewCluster(ctx, name, clusterArgs, pulumi.Parent(c), pulumi.Protect(args.Protect))
	if err != nil {
		return nil, fmt.Errorf("creating EKS cluster %s: %w", name, err)
	}
	return control, nil
}

// check guards the Args the component cannot work without; envconfig validates the stack's
// config fully before this runs.
func (a Args) check() error {
	switch {
	case a.Version == "":
		return fmt.Errorf("a Kubernetes version is required")
	case a.PrivateSubnetIDs == nil:
		return fmt.Errorf("private subnets are required")
	case len(a.PublicAccessCIDRs) == 0:
		return fmt.Errorf("at least one public access CIDR is required: pulumi-eks manages aws-auth through the public endpoint")
	case len(a.NodeGroups) == 0:
		return fmt.Errorf("at least one node group is required")
	}
	seen := map[string]bool{}
	for _, ng := range a.NodeGroups {
		switch {
		case ng.Name == "":
			return fmt.Errorf("every node group needs a name")
		case seen[ng.Name]:
			return fmt.Errorf("node group name %q is used twice", ng.Name)
		case len(ng.InstanceTypes) == 0:
			return fmt.Errorf("node group %s needs at least one instance type", ng.Name)
		}
		seen[ng.Name] = true
	}
	return nil
}
