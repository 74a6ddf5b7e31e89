package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/cluster"
	"github.com/platform-team/platform/components/network"
	"github.com/platform-team/platform/stacks/envconfig"
)

func newCluster(ctx *pulumi.Context, env *envconfig.Environment, tags map[string]string, net *network.Network) (*cluster.Cluster, error) {
	e := env.EKS
	groups := make([]cluster.NodeGroup, len(e.NodeGroups))
	for i, ng := range e.NodeGroups {
		taints := make([]cluster.Taint, len(ng.Taints))
		for j, t := range ng.Taints {
			taints[j] = cluster.Taint{Key: t.Key, Value: t.Value, Effect: t.Effect}
		}
		groups[i] = cluster.NodeGroup{
			Name:           ng.Name,
			InstanceTypes:  ng.InstanceTypes,
			CapacityType:   ng.CapacityType,
			MinSize:        ng.MinSize,
			DesiredSize:    ng.DesiredSize,
			MaxSize:        ng.MaxSize,
			DiskSizeGiB:    ng.DiskSizeGiB,
			AMIType:        ng.AMIType,
			Labels:         ng.Labels,
			Taints:         taints,
			MaxUnavailable: ng.MaxUnavailable,
		}
	}
	return cluster.New(ctx, env.EKSName(), cluster.Args{
		Version:           e.Version,
		VPCID:             net.VPCID,
		PrivateSubnetIDs:  net.PrivateSubnetIDs,
		PublicAccessCIDRs: e.PublicAccessCIDRs,
		PrivateAccess:     e.PrivateAccess,
		AdminRoleARNs:     e.AdminRoleARNs,
		ViewerRoleARNs:    e.ViewerRoleARNs,
		LogTypes:          e.LogTypes,
		SecretsEncryption: e.SecretsEncryption,
		NodeGroups:        groups,
		Autoscaled:        e.Autoscaler.Enabled,
		Protect:           env.IsProd(),
		Tags:              tags,
	})
}
