package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/autoscaler"
	"github.com/platform-team/platform/components/cluster"
	"github.com/platform-team/platform/stacks/envconfig"
)

// newAutoscaler installs the cluster autoscaler into the cluster unless
// platform:eks.autoscaler.enabled is false.
func newAutoscaler(ctx *pulumi.Context, prefix string, env *envconfig.Environment, tags map[string]string, cl *cluster.Cluster) error {
	a := env.EKS.Autoscaler
	if !a.Enabled {
		return nil
	}
	_, err := autoscaler.New(ctx, prefix+"-cluster-autoscaler", autoscaler.Args{
		ClusterName:           cl.ClusterName,
		OIDCProviderARN:       cl.OIDCProviderARN,
		Kubeconfig:            cl.Kubeconfig,
		Region:                env.Region,
		ChartVersion:          a.ChartVersion,
		ImageTag:              env.EKS.AutoscalerImageTag(),
		AutoScalingGroupNames: cl.AutoScalingGroupNames,
		Tags:                  tags,
	})
	return err
}
