package cassandra

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// Canonical's Ubuntu 24.04 LTS (Noble) amd64 server images on EBS gp3.
const (
	canonicalOwner = "099720109477"
	ubuntuImages   = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"
)

// rootVolumeGiB holds the OS, the Cassandra package and its logs; data lives on the data volume.
const rootVolumeGiB = 30

// ring holds what every node of one component shares.
type ring struct {
	name    string
	args    Args
	parent  pulumi.ResourceOrInvokeOption
	subnets pulumi.StringArrayOutput

	image         string
	imageLookedUp bool // the image is "the newest", not pinned
	securityGroup *ec2.SecurityGroup
	profile       *iam.InstanceProfile
	seeds         pulumi.StringArrayOutput
	instanceIDs   pulumi.StringArray
	userDataShape shapeCache
}

// prepare registers the resources every node uses.
func (r *ring) prepare(ctx *pulumi.Context) error {
	if err := r.pickImage(ctx); err != nil {
		return err
	}
	var err error
	if r.securityGroup, err = r.newSecurityGroup(ctx); err != nil {
		return err
	}
	if r.profile, err = r.newInstanceProfile(ctx); err != nil {
		return err
	}
	if s := r.args.Snapshots; s != nil {
		if err := r.newSnapshotPolicy(ctx, *s); err != nil {
			return err
		}
	}
	return r.newHostSettings(ctx)
}

// pickImage uses the pinned AMI or looks up the newest Ubuntu 24.04 image.
func (r *ring) pickImage(ctx *pulumi.Context) error {
	if r.args.AMIID != "" {
		r.image = r.args.AMIID
		return nil
	}
	ami, err := ec2.LookupAmi(ctx, &ec2.LookupAmiArgs{
		MostRecent: pulumi.BoolRef(true),
		Owners:     []string{canonicalOwner},
		Filters: []ec2.GetAmiFilter{
			{Name: "name", Values: []string{ubuntuImages}},
			{Name: "architecture", Values: []string{"x86_64"}},
			{Name: "virtualization-type", Values: []string{"hvm"}},
			{Name: "root-device-type", Values: []string{"ebs"}},
		},
	}, r.parent)
	if err != nil {
		return fmt.Errorf("cassandra %s: looking up the Ubuntu 24.04 image: %w", r.name, err)
	}
	r.image, r.imageLookedUp = ami.Id, true
	return nil
}

// tags are the node's tags: Name plus where it sits in the ring, for operators and inventories.
func (r *ring) tags(n node, name string, extra ...map[string]string) pulumi.StringMap {
	return tagging.Named(r.args.Tags, name, append([]map[string]string{{
		tagCluster:      r.args.ClusterName,
		tagDatacenter:   r.args.Datacenter,
		"CassandraRack": n.Rack,
		"CassandraSeed": strconv.FormatBool(n.Seed),
	}}, extra...)...)
}

// newInterface registers the node's network interface: its private address belongs to the
// interface, not the instance, so it survives instance replacement and the seed list holds.
func (r *ring) newInterface(ctx *pulumi.Context, n node) (*ec2.NetworkInterface, error) {
	name := n.name(r.name)
	eni, err := ec2.NewNetworkInterface(ctx, name+"-eni", &ec2.NetworkInterfaceArgs{
		SubnetId:       r.subnets.Index(pulumi.Int(n.ZoneIndex)),
		SecurityGroups: pulumi.StringArray{r.securityGroup.ID()},
		Description:    pulumi.String(fmt.Sprintf("Cassandra node %d of %s (rack %s)", n.Index, r.args.ClusterName, n.Rack)),
		Tags:           r.tags(n, name),
	}, r.parent)
	if err != nil {
		return nil, fmt.Errorf("cassandra node %d: network interface: %w", n.Index, err)
	}
	return eni, nil
}

// spec is what one node runs.
type spec struct {
	instanceType  string
	image         string
	imageLookedUp bool // ignore later image changes: see newInstance
	version       string
	// replacing: this update's rollout step gives the node another image or series (or takes
	// them back), which replaces its instance, so the instance is not protected for this update:
	// the step is the operator's go-ahead for exactly these nodes, and the next update protects
	// them again.
	replacing bool
}

// spec is what node n runs: the rollout's settings where it covers n, the ring's elsewhere.
func (r *ring) spec(n node) spec {
	s := spec{instanceType: r.args.InstanceType, image: r.image, imageLookedUp: r.imageLookedUp, version: r.args.Version}
	ro := r.args.Rollout
	s.replacing = ro.steps(n) && (ro.AMIID != "" || ro.Version != "")
	if !covers(ro.To, n) {
		return s
	}
	if ro.InstanceType != "" {
		s.instanceType = ro.InstanceType
	}
	if ro.AMIID != "" {
		s.image, s.imageLookedUp = ro.AMIID, false
	}
	if ro.Version != "" {
		s.version = ro.Version
	}
	return s
}

// addNode registers the node's data volume, instance, attachment and alarms.
func (r *ring) addNode(ctx *pulumi.Context, n node, eni *ec2.NetworkInterface) error {
	volume, err := r.newDataVolume(ctx, n)
	if err != nil {
		return err
	}
	instance, err := r.newInstance(ctx, n, eni, volume.ID())
	if err != nil {
		return err
	}
	if err := r.attachDataVolume(ctx, n, volume.ID(), instance.ID()); err != nil {
		return err
	}
	r.instanceIDs = append(r.instanceIDs, instance.ID().ToStringOutput())
	return r.newStatusAlarms(ctx, n, instance.ID())
}

// newInstance registers the node's instance on its own network interface.
//
// A user data change replaces the instance: cloud-init applies user data once per instance, so a
// stop and start in place (the provider's default) would restart the node with its old
// configuration. Replacing it (another image, new user data) must free the interface and the
// data volume before the new instance takes them, hence delete-before-replace. With Protect no
// `up` replaces or removes a node until an operator unprotects it or a rollout covers it (README).
// A looked-up image is ignored after creation: a new Ubuntu release would otherwise replace every
// node at once.
func (r *ring) newInstance(ctx *pulumi.Context, n node, eni *ec2.NetworkInterface, volumeID pulumi.IDOutput) (*ec2.Instance, error) {
	name := n.name(r.name)
	runs := r.spec(n)
	opts := []pulumi.ResourceOption{r.parent, pulumi.DeleteBeforeReplace(true), pulumi.Protect(r.args.Protect && !runs.replacing)}
	if runs.imageLookedUp {
		opts = append(opts, pulumi.IgnoreChanges([]string{"ami"}))
	}
	instance, err := ec2.NewInstance(ctx, name, &ec2.InstanceArgs{
		Ami:                pulumi.String(runs.image),
		InstanceType:       pulumi.String(runs.instanceType),
		IamInstanceProfile: r.profile.Name,
		// The node's own interface as eth0: no public address, its security group, its fixed IP.
		NetworkInterfaces: ec2.InstanceNetworkInterfaceArray{
			ec2.InstanceNetworkInterfaceArgs{DeviceIndex: pulumi.Int(0), NetworkInterfaceId: eni.ID()},
		},
		MetadataOptions: &ec2.InstanceMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"), // IMDSv2 only
			HttpPutResponseHopLimit: pulumi.Int(1),
		},
		RootBlockDevice: &ec2.InstanceRootBlockDeviceArgs{
			VolumeType:          pulumi.String("gp3"),
			VolumeSize:          pulumi.Int(rootVolumeGiB),
			Encrypted:           pulumi.Bool(true),
			DeleteOnTermination: pulumi.Bool(true),
			Tags:                tagging.Named(r.args.Tags, name+"-root"),
		},
		UserData:                r.userData(n, runs.version, eni.PrivateIp, volumeID),
		UserDataReplaceOnChange: pulumi.Bool(true),
		Tags:                    r.tags(n, name),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("cassandra node %d: instance: %w", n.Index, err)
	}
	return instance, nil
}
