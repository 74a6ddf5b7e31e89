package envconfig

import (
	"slices"
	"strings"
)

// Limits of the Cassandra tier and of gp3 volumes. AWS raised gp3 limits in late 2025 (EC2 API
// reference, CreateVolume: 1 GiB to 64 TiB, 3,000 to 80,000 IOPS, 125 to 2,000 MiB/s, at most
// 500 IOPS per GiB and 0.25 MiB/s per provisioned IOPS).
const (
	MinCassandraNodes       = 3
	MaxCassandraNodes       = 1000
	MinGP3SizeGiB           = 1
	MaxGP3SizeGiB           = 65536
	MinGP3IOPS              = 3000
	MaxGP3IOPS              = 80000
	MaxGP3IOPSPerGiB        = 500
	MinGP3ThroughputMiBps   = 125
	MaxGP3ThroughputMiBps   = 2000
	MaxGP3ThroughputPerIOPS = 0.25
	MaxSeedsPerRack         = 3
)

var cassandraVersions = []string{"4.0", "4.1", "5.0"}

// instanceStoreFamilies come with NVMe instance store. EC2 recovery (the nodes' status-check
// alarm action) does not support instances with instance store volumes.
var instanceStoreFamilies = []string{"i3", "i4i"}

func validateCassandra(env *Environment, r *report) {
	c := env.Cassandra
	r.intRange("cassandra.nodeCount", c.NodeCount, MinCassandraNodes, MaxCassandraNodes)
	if !KnownInstanceType(c.InstanceType) {
		r.add("cassandra.instanceType", c.InstanceType, "must be an instance type of the families %s", familyList(ec2Families))
	} else if family := strings.SplitN(c.InstanceType, ".", 2)[0]; slices.Contains(instanceStoreFamilies, family) {
		r.add("cassandra.instanceType", c.InstanceType, "%s instances carry instance store, which the nodes leave unused (data lives on EBS) and which EC2 cannot recover after a host failure; use the m, r or c families", family)
	} else if strings.HasPrefix(c.InstanceType, "t3.") && env.IsProd() {
		r.add("cassandra.instanceType", c.InstanceType, "burstable t3 instances starve Cassandra of CPU; prod needs the m, r or c families")
	}
	r.oneOf("cassandra.version", c.Version, cassandraVersions...)
	if c.ClusterName != "" && (len(c.ClusterName) > 64 || strings.ContainsAny(c.ClusterName, "'\"\n")) {
		r.add("cassandra.clusterName", c.ClusterName, "must be at most 64 characters without quotes")
	}
	zones := env.Network.Zones()
	if c.ReplicationFactor < 1 {
		r.add("cassandra.replicationFactor", c.ReplicationFactor, "must be at least 1")
	} else {
		if c.NodeCount < c.ReplicationFactor {
			r.add("cassandra.nodeCount", c.NodeCount, "must be at least the replication factor (%d)", c.ReplicationFactor)
		}
		if zones > 0 && c.ReplicationFactor > zones {
			r.add("cassandra.replicationFactor", c.ReplicationFactor, "must be at most the number of racks (one per zone: %d) so no rack holds two replicas", zones)
		}
	}
	r.intRange("cassandra.numTokens", c.NumTokens, 1, 256)
	r.intRange("cassandra.seedsPerRack", c.SeedsPerRack, 1, MaxSeedsPerRack)
	if zones > 0 && c.SeedsPerRack >= 1 && c.NodeCount < zones*c.SeedsPerRack {
		r.add("cassandra.nodeCount", c.NodeCount, "must be at least %d (%d racks × seedsPerRack %d) so every rack holds its seeds and adding nodes never changes them",
			zones*c.SeedsPerRack, zones, c.SeedsPerRack)
	}
	validateDataVolume(r, c.DataVolume)
}

func validateDataVolume(r *report, v DataVolume) {
	const p = "cassandra.dataVolume"
	r.intRange(p+".size", v.SizeGiB, MinGP3SizeGiB, MaxGP3SizeGiB)
	r.intRange(p+".iops", v.IOPS, MinGP3IOPS, MaxGP3IOPS)
	if v.IOPS > MinGP3IOPS && v.IOPS > v.SizeGiB*MaxGP3IOPSPerGiB {
		r.add(p+".iops", v.IOPS, "gp3 allows at most %d IOPS per GiB: %d for %d GiB", MaxGP3IOPSPerGiB, v.SizeGiB*MaxGP3IOPSPerGiB, v.SizeGiB)
	}
	r.intRange(p+".throughput", v.ThroughputMiBps, MinGP3ThroughputMiBps, MaxGP3ThroughputMiBps)
	if v.ThroughputMiBps > MinGP3ThroughputMiBps && float64(v.ThroughputMiBps) > float64(v.IOPS)*MaxGP3ThroughputPerIOPS {
		r.add(p+".throughput", v.ThroughputMiBps, "gp3 allows at most %.2f MiB/s per provisioned IOPS: %d for %d IOPS",
			MaxGP3ThroughputPerIOPS, int(float64(v.IOPS)*MaxGP3ThroughputPerIOPS), v.IOPS)
	}
}
