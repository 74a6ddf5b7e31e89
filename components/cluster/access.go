package cluster

import (
	"crypto/sha256"
	"encoding/hex"

	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// EKS's managed access policies (Amazon EKS User Guide, "Associate access policies with access
// entries"): they grant Kubernetes permissions without any RBAC object in the cluster.
const (
	clusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
	viewPolicy         = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
)

// grantAccess gives the configured IAM roles access to the Kubernetes API through EKS access
// entries. Without them only the identity that created the cluster may use it: a `pulumi up`
// from another role, or people with the exported kubeconfig, would be refused. The
// authentication mode then also admits access entries beside the aws-auth ConfigMap that
// pulumi-eks keeps for the nodes.
func grantAccess(clusterArgs *eks.ClusterArgs, args Args) {
	if len(args.AdminRoleARNs) == 0 && len(args.ViewerRoleARNs) == 0 {
		return
	}
	mode := eks.AuthenticationModeApiAndConfigMap
	clusterArgs.AuthenticationMode = &mode
	clusterArgs.AccessEntries = map[string]eks.AccessEntryArgs{}
	// Each entry is named by its role, not by its place in a list: EKS holds one entry per
	// principal, so an entry that moved to another name would be created again before the old
	// one is deleted and fail with 409 ResourceInUseException. Reordering the lists then changes
	// nothing, and moving a role from one list to the other only swaps its access policy.
	add := func(kind, policy string, roles []string) {
		for _, role := range roles {
			clusterArgs.AccessEntries[accessEntryKey(role)] = eks.AccessEntryArgs{
				PrincipalArn: pulumi.String(role),
				AccessPolicies: map[string]eks.AccessPolicyAssociationInput{
					kind: eks.AccessPolicyAssociationArgs{
						PolicyArn:   pulumi.String(policy),
						AccessScope: awseks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
					},
				},
			}
		}
	}
	add("admin", clusterAdminPolicy, args.AdminRoleARNs)
	add("viewer", viewPolicy, args.ViewerRoleARNs)
}

// accessEntryKey names a role's access entry: "role-" and the first 8 hex digits of the ARN's
// SHA-256 (ARNs hold characters resource names cannot).
func accessEntryKey(role string) string {
	sum := sha256.Sum256([]byte(role))
	return "role-" + hex.EncodeToString(sum[:4])
}
