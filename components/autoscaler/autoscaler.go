// Package autoscaler is the Kubernetes cluster autoscaler of an EKS cluster: the official Helm
// chart installed through pulumi-kubernetes with the cluster's kubeconfig, and an IAM role for
// its service account (IRSA) that may resize only the Auto Scaling groups tagged as this
// cluster's. It finds the node groups by those tags (auto-discovery), which EKS puts on the Auto
// Scaling group of every managed node group.
package autoscaler

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The chart, where it is installed and the service account it runs as. The IAM role trusts
// exactly this service account.
const (
	ChartRepo      = "https://kubernetes.github.io/autoscaler"
	Chart          = "cluster-autoscaler"
	Namespace      = "kube-system"
	ServiceAccount = "cluster-autoscaler"
	// ReleaseName is the Helm release's name, fixed so that the chart names its objects alike
	// in every stack.
	ReleaseName = "cluster-autoscaler"
)

// Args configure an Autoscaler. Every field is required.
type Args struct {
	// ClusterName is the EKS cluster whose node groups it resizes: auto-discovery and the IAM
	// role's tag condition both use k8s.io/cluster-autoscaler/<ClusterName>.
	ClusterName pulumi.StringInput
	// OIDCProviderARN is the cluster's IAM OIDC provider, which the service account's role trusts.
	OIDCProviderARN pulumi.StringInput
	// Kubeconfig reaches the cluster's API; a secret.
	Kubeconfig pulumi.StringInput
	// Region of the cluster and its Auto Scaling groups.
	Region string
	// ChartVersion of the cluster-autoscaler chart, e.g. "9.59.0".
	ChartVersion string
	// ImageTag of the autoscaler image, e.g. "v1.36.1"; its minor version must be the cluster's.
	ImageTag string
	// AutoScalingGroupNames are the node groups' Auto Scaling groups. The release waits for the
	// node groups behind them: the autoscaler's pod needs a node to run on.
	AutoScalingGroupNames pulumi.StringArrayInput
	// Tags are added to the IAM role.
	Tags map[string]string
}

// Autoscaler is the component.
type Autoscaler struct {
	pulumi.ResourceState

	// RoleARN is the IAM role the autoscaler's service account assumes.
	RoleARN pulumi.StringOutput `pulumi:"roleArn"`
	// ReleaseStatus is the Helm release's status, "deployed" once installed.
	ReleaseStatus pulumi.StringOutput `pulumi:"releaseStatus"`
}

// New registers the autoscaler component, its IAM role, a Kubernetes provider for the cluster
// and the Helm release.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Autoscaler, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("autoscaler %s: %w", name, err)
	}
	a := &Autoscaler{}
	if err := ctx.RegisterComponentResource("platform:autoscaler:ClusterAutoscaler", name, a, opts...); err != nil {
		return nil, err
	}
	roleARN, err := newServiceAccountRole(ctx, name, args, a)
	if err != nil {
		return nil, err
	}
	release, err := newRelease(ctx, name, args, roleARN, a)
	if err != nil {
		return nil, err
	}
	a.RoleARN = roleARN
	a.ReleaseStatus = release.Status.ApplyT(func(status map[string]any) string {
		s, _ := status["status"].(string)
		return s
	}).(pulumi.StringOutput)
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{
		"roleArn":       a.RoleARN,
		"releaseStatus": a.ReleaseStatus,
	})
}

func (a Args) check() error {
	var errs []error
	if a.ClusterName == nil || a.OIDCProviderARN == nil || a.Kubeconfig == nil || a.AutoScalingGroupNames == nil {
		errs = append(errs, errors.New("ClusterName, OIDCProviderARN, Kubeconfig and AutoScalingGroupNames are required"))
	}
	if a.Region == "" || a.ChartVersion == "" || a.ImageTag == "" {
		errs = append(errs, errors.New("Region, ChartVersion and ImageTag are required"))
	}
	return errors.Join(errs...)
}
