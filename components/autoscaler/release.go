package autoscaler

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
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

// helmReleaseType is pulumi-kubernetes's Helm release (helm/v3.Release).
const helmReleaseType = "kubernetes:helm.sh/v3:Release"

// helmRelease is a helm/v3.Release registered by its type token with the same inputs. The typed
// helm/v3 package pulls 55 packages of Kubernetes API types into the program, 3 s more on every
// rebuild (cmd/bench -build), for one resource of which only the status is read.
type helmRelease struct {
	pulumi.CustomResourceState

	// Status is the release's status object; its "status" is "deployed" once installed.
	Status pulumi.MapOutput `pulumi:"status"`
}

// newRelease installs the chart with a Kubernetes provider of its own, built from the cluster's
// kubeconfig. helm/v3.Release runs Helm as a library inside the provider, so `pulumi up` needs
// neither helm nor kubectl. Atomic rolls a failed upgrade back instead of leaving it half done.
func newRelease(ctx *pulumi.Context, name string, args Args, roleARN pulumi.StringOutput, parent pulumi.Resource) (*helmRelease, error) {
	provider, err := kubernetes.NewProvider(ctx, name, &kubernetes.ProviderArgs{
		Kubeconfig: args.Kubeconfig,
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, fmt.Errorf("creating the Kubernetes provider of autoscaler %s: %w", name, err)
	}
	var release helmRelease
	err = ctx.RegisterResource(helmReleaseType, name, pulumi.Map{
		"name":           pulumi.String(ReleaseName),
		"chart":          pulumi.String(Chart),
		"version":        pulumi.String(args.ChartVersion),
		"repositoryOpts": pulumi.Map{"repo": pulumi.String(ChartRepo)},
		"namespace":      pulumi.String(Namespace),
		"atomic":         pulumi.Bool(true),
		"cleanupOnFail":  pulumi.Bool(true),
		"values": pulumi.Map{
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
	}, &release, pulumi.Parent(parent), pulumi.Provider(provider), pulumi.DependsOnInputs(nodeGroupsOf(args.AutoScalingGroupNames)))
	if err != nil {
		return nil, fmt.Errorf("installing the cluster-autoscaler chart of autoscaler %s: %w", name, err)
	}
	return &release, nil
}

// nodeGroupsOf turns the node groups' Auto Scaling group names into a dependency on the node
// groups themselves: the output carries them. (A dependency on the cluster component would
// cover only the children the SDK has attached to it by then, which races with the node groups'
// own registration.)
func nodeGroupsOf(names pulumi.StringArrayInput) pulumi.ResourceArrayOutput {
	return names.ToStringArrayOutput().ApplyT(func([]string) []pulumi.Resource { return nil }).(pulumi.ResourceArrayOutput)
}
