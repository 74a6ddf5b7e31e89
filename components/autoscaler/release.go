package autoscaler

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// extraArgs are the autoscaler flags the stack sets on top of the chart's:
//   - balance-similar-node-groups keeps node groups of the same shape (one per zone, say) at
//     similar sizes;
//   - skip-nodes-with-system-pods=false lets it remove a node that runs kube-system pods such as
//     CoreDNS, which are rescheduled elsewhere (else nearly every node is pinned);
//   - expander least-waste picks the node group that leaves the least CPU and memory idle.
var extraArgs = pulumi.Map{
	"balance-similar-node-groups": pulumi.Bool(true),
	"skip-nodes-with-system-pods": pulumi.Bool(false),
	"expander":                    pulumi.String("least-waste"),
}

// newRelease installs the chart with a Kubernetes provider of its own, built from the cluster's
// kubeconfig. helm/v3.Release runs Helm as a library inside the provider, so `pulumi up` needs
// neither helm nor kubectl. Atomic rolls a failed upgrade back instead of leaving it half done.
func newRelease(ctx *pulumi.Context, name string, args Args, roleARN pulumi.StringOutput, parent pulumi.Resource) (*helmv3.Release, error) {
	provider, err := kubernetes.NewProvider(ctx, name, &kubernetes.ProviderArgs{
		Kubeconfig: args.Kubeconfig,
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, fmt.Errorf("creating the Kubernetes provider of autoscaler %s: %w", name, err)
	}
	release, err := helmv3.NewRelease(ctx, name, &helmv3.ReleaseArgs{
		Name:           pulumi.String(ReleaseName),
		Chart:          pulumi.String(Chart),
		Version:        pulumi.String(args.ChartVersion),
		RepositoryOpts: &helmv3.RepositoryOptsArgs{Repo: pulumi.String(ChartRepo)},
		Namespace:      pulumi.String(Namespace),
		Atomic:         pulumi.Bool(true),
		CleanupOnFail:  pulumi.Bool(true),
		Values: pulumi.Map{
			"cloudProvider": pulumi.String("aws"),
			"awsRegion":     pulumi.String(args.Region),
			"autoDiscovery": pulumi.Map{"clusterName": args.ClusterName},
			"image":         pulumi.Map{"tag": pulumi.String(args.ImageTag)},
			"rbac": pulumi.Map{"serviceAccount": pulumi.Map{
				"create":      pulumi.Bool(true),
				"name":        pulumi.String(ServiceAccount),
				"annotations": pulumi.Map{"eks.amazonaws.com/role-arn": roleARN},
			}},
			"extraArgs": extraArgs,
		},
	}, pulumi.Parent(parent), pulumi.Provider(provider), pulumi.DependsOnInputs(nodeGroupsOf(args.AutoScalingGroupNames)))
	if err != nil {
		return nil, fmt.Errorf("installing the cluster-autoscaler chart of autoscaler %s: %w", name, err)
	}
	return release, nil
}

// nodeGroupsOf turns the node groups' Auto Scaling group names into a dependency on the node
// groups themselves: the output carries them. (A dependency on the cluster component would
// cover only the children the SDK has attached to it by then, which races with the node groups'
// own registration.)
func nodeGroupsOf(names pulumi.StringArrayInput) pulumi.ResourceArrayOutput {
	return names.ToStringArrayOutput().ApplyT(func([]string) []pulumi.Resource { return nil }).(pulumi.ResourceArrayOutput)
}
