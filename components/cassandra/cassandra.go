// Package cassandra is the self-managed Apache Cassandra component: N nodes on EC2 spread
// round-robin over the availability zones (one rack per zone, one datacenter per stack), each
// with a network interface of its own (a private address that outlives the instance) and an
// encrypted gp3 data volume of its own (data that outlives the instance), installed and
// configured by cloud-init, kept by an SSM association (host settings that must not replace a
// node), watched by EC2 status-check alarms that recover or reboot it.
package cassandra

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/cassandra/racks"
)

// CQLPort is where clients reach Cassandra (the native transport).
const CQLPort = 9042

// Release series the Apache Debian repository publishes, by Cassandra version.
var releaseSeries = map[string]string{"4.0": "40x", "4.1": "41x", "5.0": "50x"}

// Args configure a Cassandra ring. Every field is required unless it says otherwise.
type Args struct {
	// Zones are the availability zones, one rack each, in the order of SubnetIDs.
	Zones []string
	// SubnetIDs are the private subnets the nodes live in, one per zone.
	SubnetIDs pulumi.StringArrayInput
	// VPCID holds the nodes' security group.
	VPCID pulumi.StringInput
	// ClientSecurityGroupID is the only source allowed to reach CQL (the EKS nodes).
	ClientSecurityGroupID pulumi.StringInput
	// Region of the stack; the status-check alarms' EC2 actions are regional.
	Region string

	// NodeCount nodes, at least len(Zones) × SeedsPerRack so every rack holds its seeds.
	NodeCount int
	// InstanceType of every node a rollout does not cover, e.g. r6i.2xlarge (x86_64).
	InstanceType string
	// AMIID pins the image. Optional: empty means the newest Canonical Ubuntu 24.04 LTS amd64
	// image at creation; later image releases are ignored so they never roll the ring.
	AMIID string
	// Version is the Cassandra release series: 4.0, 4.1 or 5.0.
	Version string
	// ClusterName is cassandra.yaml's cluster_name; it must never change once the ring runs.
	ClusterName string
	// Datacenter is the one datacenter of this ring (cassandra-rackdc.properties dc).
	Datacenter string
	// NumTokens per node (num_tokens); it must never change once a node has joined.
	NumTokens int
	// ReplicationFactor the keyspaces use in this datacenter; the token allocator balances
	// ownership for it (allocate_tokens_for_local_replication_factor).
	ReplicationFactor int
	// SeedsPerRack stable seed nodes in each rack: the lowest-index nodes of the rack.
	SeedsPerRack int
	// DataVolume is each node's gp3 data volume.
	DataVolume DataVolume
	// Protect marks the data volumes protected and retained on delete, and the instances
	// protected, so that no update replaces or removes a node before an operator unprotects it
	// (prod); a rollout that replaces nodes (another image or series) unprotects the instances it
	// covers. Optional.
	Protect bool
	// Snapshots, when set, are taken of every data volume daily. Optional.
	Snapshots *Snapshots
	// AlarmTopicARN is an SNS topic the status-check alarms also notify, on alarm and on
	// recovery. Optional: without it they only act (recover, reboot).
	AlarmTopicARN pulumi.StringInput
	// Tags are added to every taggable resource. Optional.
	Tags map[string]string
	// Rollout gives part of the ring another instance type, image or Cassandra series, so that
	// one update changes only the nodes it covers. Optional.
	Rollout Rollout
}

// Rollout is a ring-wide change applied rack by rack: the nodes it covers run its settings, the
// others keep the ring's. Each update moves it From one position To the next and changes only the
// nodes in between, which are all in one rack (the stack's validation checks it): with a
// replication factor of 3 or more over as many racks, every token range keeps a quorum.
type Rollout struct {
	// InstanceType, AMIID and Version replace the ring's on the covered nodes; empty ones do not.
	InstanceType string
	AMIID        string
	Version      string
	// To covers the nodes that run the rollout's settings after this update.
	To Position
	// From covers the nodes that ran them before it (where the last update left off).
	From Position
}

// Position covers whole racks in zone order, then the lowest-index nodes of the next rack.
type Position = racks.Position

// covers tells whether the position covers n.
func covers(p Position, n node) bool { return p.Covers(n.ZoneIndex, n.RackOrdinal) }

// steps tells whether this update moves n into or out of the rollout.
func (ro Rollout) steps(n node) bool { return covers(ro.To, n) != covers(ro.From, n) }

// DataVolume sizes the gp3 data volume of each node.
type DataVolume struct {
	SizeGiB         int
	IOPS            int
	ThroughputMiBps int
}

// Cassandra is the component. Its outputs are what clients need to connect.
type Cassandra struct {
	pulumi.ResourceState

	// ContactPoints are the private addresses of every node, in node order.
	ContactPoints pulumi.StringArrayOutput `pulumi:"contactPoints"`
	// Seeds are the private addresses of the seed nodes.
	Seeds pulumi.StringArrayOutput `pulumi:"seeds"`
	// Datacenter is the local datacenter name drivers must be configured with.
	Datacenter pulumi.StringOutput `pulumi:"datacenter"`
	// Port is the CQL port.
	Port pulumi.IntOutput `pulumi:"port"`
	// SecurityGroupID is the nodes' security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// InstanceIDs are the nodes' EC2 instances, in node order (the InstanceId dimension of
	// their metrics).
	InstanceIDs pulumi.StringArrayOutput `pulumi:"instanceIds"`
}

// check guards the Args that would otherwise fail deep inside AWS or on the nodes; the stack's
// config validation reports the same problems by config key before anything is registered.
func (a Args) check() error {
	var errs []error
	if len(a.Zones) == 0 || a.SubnetIDs == nil || a.VPCID == nil || a.ClientSecurityGroupID == nil {
		errs = append(errs, errors.New("Zones, SubnetIDs, VPCID and ClientSecurityGroupID are required"))
	}
	if a.Region == "" || a.InstanceType == "" || a.ClusterName == "" || a.Datacenter == "" {
		errs = append(errs, errors.New("Region, InstanceType, ClusterName and Datacenter are required"))
	}
	if _, ok := releaseSeries[a.Version]; !ok {
		errs = append(errs, fmt.Errorf("Version %q: want one of 4.0, 4.1, 5.0", a.Version))
	}
	if _, ok := releaseSeries[a.Rollout.Version]; a.Rollout.Version != "" && !ok {
		errs = append(errs, fmt.Errorf("Rollout.Version %q: want one of 4.0, 4.1, 5.0", a.Rollout.Version))
	}
	if p, q := a.Rollout.To, a.Rollout.From; min(p.Racks, p.Nodes, q.Racks, q.Nodes) < 0 {
		errs = append(errs, errors.New("Rollout positions must not be negative"))
	}
	if a.NumTokens < 1 || a.ReplicationFactor < 1 || a.SeedsPerRack < 1 {
		errs = append(errs, errors.New("NumTokens, ReplicationFactor and SeedsPerRack must be at least 1"))
	}
	if a.NodeCount < len(a.Zones)*a.SeedsPerRack {
		errs = append(errs, fmt.Errorf("NodeCount %d: want at least %d (%d zones × %d seeds per rack)",
			a.NodeCount, len(a.Zones)*a.SeedsPerRack, len(a.Zones), a.SeedsPerRack))
	}
	if slices.Contains(a.Zones, "") {
		errs = append(errs, errors.New("Zones must all be named"))
	}
	if s := a.Snapshots; s != nil && (s.Time == "" || s.RetainDays < 1) {
		errs = append(errs, fmt.Errorf("Snapshots %+v: want a Time and at least one RetainDays", *s))
	}
	for _, standIn := range standIns {
		if strings.Contains(a.ClusterName+" "+a.Datacenter, standIn) {
			errs = append(errs, fmt.Errorf("ClusterName %q or Datacenter %q contains %q, which the user data renderer stands in for each node's own values", a.ClusterName, a.Datacenter, standIn))
		}
	}
	return errors.Join(errs...)
}

// New registers the Cassandra component and its nodes.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Cassandra, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("cassandra %s: %w", name, err)
	}
	c := &Cassandra{}
	if err := ctx.RegisterComponentResource("platform:cassandra:Cassandra", name, c, opts...); err != nil {
		return nil, err
	}
	r := &ring{name: name, args: args, parent: pulumi.Parent(c), subnets: args.SubnetIDs.ToStringArrayOutput()}
	if err := r.prepare(ctx); err != nil {
		return nil, err
	}
	nodes := placeNodes(args.NodeCount, args.Zones, args.SeedsPerRack)
	interfaces := make([]*ec2.NetworkInterface, len(nodes))
	var seeds pulumi.StringArray
	for i, n := range nodes {
		eni, err := r.newInterface(ctx, n)
		if err != nil {
			return nil, err
		}
		interfaces[i] = eni
		if n.Seed {
			seeds = append(seeds, eni.PrivateIp)
		}
	}
	r.seeds = seeds.ToStringArrayOutput()
	contactPoints := make(pulumi.StringArray, len(nodes))
	for i, n := range nodes {
		if err := r.addNode(ctx, n, interfaces[i]); err != nil {
			return nil, err
		}
		contactPoints[i] = interfaces[i].PrivateIp
	}

	c.ContactPoints = contactPoints.ToStringArrayOutput()
	c.Seeds = r.seeds
	c.Datacenter = pulumi.String(args.Datacenter).ToStringOutput()
	c.Port = pulumi.Int(CQLPort).ToIntOutput()
	c.SecurityGroupID = r.securityGroup.ID().ToStringOutput()
	c.InstanceIDs = r.instanceIDs.ToStringArrayOutput()
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"contactPoints":   c.ContactPoints,
		"seeds":           c.Seeds,
		"datacenter":      c.Datacenter,
		"port":            c.Port,
		"securityGroupId": c.SecurityGroupID,
		"instanceIds":     c.InstanceIDs,
	})
}
