package cluster

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// NodeGroup is one EKS managed node group.
type NodeGroup struct {
	// Name is unique within the cluster; it names the group's resources.
	Name string
	// InstanceTypes, at least one; several diversify SPOT capacity.
	InstanceTypes []string
	// CapacityType is ON_DEMAND or SPOT.
	CapacityType string
	// MinSize, DesiredSize and MaxSize bound the group. DesiredSize is only the size at
	// creation: afterwards the cluster autoscaler owns it and `pulumi up` leaves it alone.
	MinSize, DesiredSize, MaxSize int
	// DiskSizeGiB of each node's encrypted gp3 root volume (Bottlerocket: its data volume).
	DiskSizeGiB int
	// AMIType is the EKS AMI type, e.g. AL2023_x86_64_STANDARD or BOTTLEROCKET_x86_64.
	AMIType string
	// Labels and Taints are applied to every node of the group.
	Labels map[string]string
	Taints []Taint
	// MaxUnavailable nodes while EKS rolls the group to a new launch template or AMI.
	MaxUnavailable int
}

// Taint is a Kubernetes node taint; Effect is NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE.
type Taint struct {
	Key, Value, Effect string
}

// Instance metadata: tokens required (IMDSv2 only); one hop, so that pods, a network hop behind
// the node, cannot reach it for the node role's credentials (which may change any network
// interface in the account). Host-network pods (the VPC CNI, kube-proxy) still reach it; the
// cluster autoscaler and other workloads get AWS credentials through IRSA.
const (
	imdsTokens   = "required"
	imdsHopLimit = 1
)

// awsNodeGroupType is the type of the node group pulumi-eks registers inside a ManagedNodeGroup.
const awsNodeGroupType = "aws:eks/nodeGroup:NodeGroup"

func (c *Cluster) newNodeGroups(ctx *pulumi.Context, name string, args Args, control *eks.Cluster, nodes *nodeRole) ([]*eks.ManagedNodeGroup, error) {
	groups := make([]*eks.ManagedNodeGroup, 0, len(args.NodeGroups))
	for _, ng := range args.NodeGroups {
		g, err := c.newNodeGroup(ctx, name+"-"+ng.Name, args, ng, control, nodes)
		if err != nil {
			return nil, fmt.Errorf("node group %s of cluster %s: %w", ng.Name, name, err)
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// newNodeGroup registers a launch template and the managed node group that uses it. The launch
// template carries what the node group's own inputs cannot express (IMDSv2, an encrypted gp3
// volume), so the node group sets no diskSize: EKS rejects diskSize next to a launch template.
// It names no AMI, so EKS still picks the AMI of AMIType, and no security group, so EKS attaches
// the cluster security group.
func (c *Cluster) newNodeGroup(ctx *pulumi.Context, name string, args Args, ng NodeGroup, control *eks.Cluster, nodes *nodeRole) (*eks.ManagedNodeGroup, error) {
	tags := tagging.Named(args.Tags, name)
	// A plain name (not the id) lets the node group name its launch template in a preview too.
	lt, err := ec2.NewLaunchTemplate(ctx, name, &ec2.LaunchTemplateArgs{
		Name:        pulumi.String(name),
		Description: pulumi.Sprintf("Nodes of EKS managed node group %s", name),
		MetadataOptions: &ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String(imdsTokens),
			HttpPutResponseHopLimit: pulumi.Int(imdsHopLimit),
		},
		BlockDeviceMappings: blockDevices(ng),
		TagSpecifications: ec2.LaunchTemplateTagSpecificationArray{
			&ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("instance"), Tags: tags},
			&ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("volume"), Tags: tags},
		},
		Tags: tags,
	}, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("creating launch template: %w", err)
	}
	taints := make(awseks.NodeGroupTaintArray, len(ng.Taints))
	for i, t := range ng.Taints {
		taints[i] = awseks.NodeGroupTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect)}
	}
	return eks.NewManagedNodeGroup(ctx, name, &eks.ManagedNodeGroupArgs{
		Cluster:       control,
		NodeRole:      nodes.role,
		Version:       pulumi.String(args.Version),
		SubnetIds:     args.PrivateSubnetIDs,
		InstanceTypes: pulumi.ToStringArray(ng.InstanceTypes),
		CapacityType:  pulumi.String(ng.CapacityType),
		AmiType:       pulumi.String(ng.AMIType),
		ScalingConfig: &awseks.NodeGroupScalingConfigArgs{
			MinSize:     pulumi.Int(ng.MinSize),
			DesiredSize: pulumi.Int(ng.DesiredSize),
			MaxSize:     pulumi.Int(ng.MaxSize),
		},
		Labels: pulumi.ToStringMap(ng.Labels),
		Taints: taints,
		LaunchTemplate: &awseks.NodeGroupLaunchTemplateArgs{
			Name:    pulumi.String(name),
			Version: lt.LatestVersion.ApplyT(strconv.Itoa).(pulumi.StringOutput),
		},
		Tags: tags,
	}, pulumi.Parent(c), pulumi.DependsOn(nodes.attachments),
		pulumi.Transforms([]pulumi.ResourceTransform{completeNodeGroup(ng.MaxUnavailable, args.Autoscaled)}))
}

// blockDevices are a node's encrypted gp3 volumes (with the account's default EBS key): the one
// that holds images and containers, of DiskSizeGiB, is the root volume of Amazon Linux and the
// second (data) volume of Bottlerocket. Bottlerocket's small OS volume keeps its AMI's size, but
// is encrypted too: its public AMI's snapshot is not.
func blockDevices(ng NodeGroup) ec2.LaunchTemplateBlockDeviceMappingArray {
	volume := func(device string, sizeGiB int) *ec2.LaunchTemplateBlockDeviceMappingArgs {
		ebs := &ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
			VolumeType:          pulumi.String("gp3"),
			Encrypted:           pulumi.String("true"),
			DeleteOnTermination: pulumi.String("true"),
		}
		if sizeGiB > 0 {
			ebs.VolumeSize = pulumi.Int(sizeGiB)
		}
		return &ec2.LaunchTemplateBlockDeviceMappingArgs{DeviceName: pulumi.String(device), Ebs: ebs}
	}
	if strings.HasPrefix(ng.AMIType, "BOTTLEROCKET_") {
		return ec2.LaunchTemplateBlockDeviceMappingArray{volume("/dev/xvda", 0), volume("/dev/xvdb", ng.DiskSizeGiB)}
	}
	return ec2.LaunchTemplateBlockDeviceMappingArray{volume("/dev/xvda", ng.DiskSizeGiB)}
}

// completeNodeGroup finishes the AWS node group that pulumi-eks v2 creates inside a
// ManagedNodeGroup with what the v2 component cannot take or pass on: the update strategy
// (it has no updateConfig input) and, when an autoscaler owns it, ignoring the desired size
// after creation (ignoreChanges on a component does not reach its children). The engine runs a
// resource's transforms on the children a component provider registers too, so this reaches the
// aws:eks NodeGroup.
func completeNodeGroup(maxUnavailable int, autoscaled bool) pulumi.ResourceTransform {
	return func(_ context.Context, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
		if args.Type != awsNodeGroupType {
			return nil
		}
		props := pulumi.Map{}
		for k, v := range args.Props {
			props[k] = v
		}
		props["updateConfig"] = pulumi.Map{"maxUnavailable": pulumi.Int(maxUnavailable)}
		opts := args.Opts
		if autoscaled {
			opts.IgnoreChanges = append(slices.Clone(opts.IgnoreChanges), "scalingConfig.desiredSize")
		}
		return &pulumi.ResourceTransformResult{Props: props, Opts: opts}
	}
}

// autoScalingGroupNames collects the Auto Scaling groups EKS created for the node groups.
func autoScalingGroupNames(groups []*eks.ManagedNodeGroup) pulumi.StringArrayOutput {
	perGroup := make([]any, len(groups))
	for i, g := range groups {
		perGroup[i] = g.NodeGroup.Resources()
	}
	return pulumi.All(perGroup...).ApplyT(func(all []any) []string {
		var names []string
		for _, resources := range all {
			for _, r := range resources.([]awseks.NodeGroupResource) {
				for _, asg := range r.AutoscalingGroups {
					if asg.Name != nil {
						names = append(names, *asg.Name)
					}
				}
			}
		}
		return names
	}).(pulumi.StringArrayOutput)
}
