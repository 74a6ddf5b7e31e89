package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/cassandra"
	"github.com/platform-team/platform/components/network"
	"github.com/platform-team/platform/stacks/envconfig"
)

// newCassandra places the ring in the private subnets, one rack per zone, its datacenter named
// after the region, CQL open to the EKS nodes only. In prod the data volumes are protected and
// retained. The nodes' status-check alarms notify alarmTopicARN.
func newCassandra(ctx *pulumi.Context, env *envconfig.Environment, tags map[string]string,
	net *network.Network, nodeSecurityGroupID, alarmTopicARN pulumi.StringInput) (*cassandra.Cassandra, error) {
	c := env.Cassandra
	clusterName := c.ClusterName
	if clusterName == "" { // the documented default depends on the environment, so it is set here
		clusterName = env.Project + "-" + env.Name
	}
	return cassandra.New(ctx, env.CassandraName(), cassandra.Args{
		Zones:                 net.Zones,
		SubnetIDs:             net.PrivateSubnetIDs,
		VPCID:                 net.VPCID,
		ClientSecurityGroupID: nodeSecurityGroupID,
		Region:                env.Region,
		NodeCount:             c.NodeCount,
		InstanceType:          c.InstanceType,
		AMIID:                 c.AMIID,
		Version:               c.Version,
		ClusterName:           clusterName,
		Datacenter:            env.Region,
		NumTokens:             c.NumTokens,
		ReplicationFactor:     c.ReplicationFactor,
		SeedsPerRack:          c.SeedsPerRack,
		DataVolume: cassandra.DataVolume{
			SizeGiB:         c.DataVolume.SizeGiB,
			IOPS:            c.DataVolume.IOPS,
			ThroughputMiBps: c.DataVolume.ThroughputMiBps,
		},
		Protect:       env.IsProd(),
		Snapshots:     snapshots(c.Snapshots),
		AlarmTopicARN: alarmTopicARN,
		Tags:          tags,
		Rollout: cassandra.Rollout{
			InstanceType: c.Rollout.InstanceType,
			AMIID:        c.Rollout.AMIID,
			Version:      c.Rollout.Version,
			To:           cassandra.Position{Racks: c.Rollout.Racks, Nodes: c.Rollout.Nodes},
			From:         cassandra.Position(c.Rollout.From),
		},
	})
}

// snapshots are the ring's daily data volume snapshots, if on.
func snapshots(s envconfig.CassandraSnapshots) *cassandra.Snapshots {
	if !s.Enabled {
		return nil
	}
	return &cassandra.Snapshots{Time: s.Time, RetainDays: s.RetainDays}
}

// cassandraEndpoints is the ring's entry in the endpoints output.
func cassandraEndpoints(c *cassandra.Cassandra) pulumi.Map {
	return pulumi.Map{
		"contactPoints": c.ContactPoints,
		"seeds":         c.Seeds,
		"datacenter":    c.Datacenter,
		"port":          c.Port,
	}
}
