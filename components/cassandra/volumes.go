package cassandra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// dataDevice is the name the data volume is attached under. Nitro instances show it as an NVMe
// disk instead; the bootstrap script finds it by the volume id (userdata.go).
const dataDevice = "/dev/sdf"

// newDataVolume registers the node's data volume. It is its own resource, not a block device of
// the instance, so replacing the instance keeps the data; size, IOPS and throughput change in
// place (ModifyVolume). With Protect it can be neither deleted nor lost with the stack.
func (r *ring) newDataVolume(ctx *pulumi.Context, n node) (*ebs.Volume, error) {
	name := n.name(r.name) + "-data"
	opts := []pulumi.ResourceOption{r.parent}
	if r.args.Protect {
		opts = append(opts, pulumi.Protect(true), pulumi.RetainOnDelete(true))
	}
	v := r.args.DataVolume
	volume, err := ebs.NewVolume(ctx, name, &ebs.VolumeArgs{
		AvailabilityZone: pulumi.String(n.Rack), // the rack is the zone
		Type:             pulumi.String("gp3"),
		Size:             pulumi.Int(v.SizeGiB),
		Iops:             pulumi.Int(v.IOPS),
		Throughput:       pulumi.Int(v.ThroughputMiBps),
		Encrypted:        pulumi.Bool(true),
		Tags:             r.tags(n, name, map[string]string{ringTag: r.name}),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("cassandra node %d: data volume: %w", n.Index, err)
	}
	return volume, nil
}

// attachDataVolume attaches the data volume. Detaching stops the instance first so Cassandra's
// files are never cut off under a running process; the attachment goes before a replacement
// instance comes, as a volume attaches to one instance at a time.
func (r *ring) attachDataVolume(ctx *pulumi.Context, n node, volumeID, instanceID pulumi.IDOutput) error {
	_, err := ec2.NewVolumeAttachment(ctx, n.name(r.name)+"-data", &ec2.VolumeAttachmentArgs{
		DeviceName:                  pulumi.String(dataDevice),
		VolumeId:                    volumeID,
		InstanceId:                  instanceID,
		StopInstanceBeforeDetaching: pulumi.Bool(true),
	}, r.parent, pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return fmt.Errorf("cassandra node %d: data volume attachment: %w", n.Index, err)
	}
	return nil
}
