package envconfig

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/platform-team/platform/components/cassandra/racks"
)

// Limits of the Cassandra tier and of gp3 volumes. AWS raised gp3 limits in late 2025 (EC2 API
// reference, CreateVolume: 1 GiB to 64 TiB, 3,000 to 80,000 IOPS, 125 to 2,000 MiB/s, at most
// 500 IOPS per GiB and 0.25 MiB/s per provisioned IOPS). The pinned pulumi-aws v6.83.4 still
// validates a volume's throughput at 125 to 1,000 MiB/s (terraform-provider-aws raised it in
// October 2025, PR 44514, in its v6 line), so more would fail at preview: 1,000 is the cap here.
const (
	MinCassandraNodes       = 3
	MaxCassandraNodes       = 1000
	MinGP3SizeGiB           = 1
	MaxGP3SizeGiB           = 65536
	MinGP3IOPS              = 3000
	MaxGP3IOPS              = 80000
	MaxGP3IOPSPerGiB        = 500
	MinGP3ThroughputMiBps   = 125
	MaxGP3ThroughputMiBps   = 1000
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
	validateNodeInstanceType(r, "cassandra.instanceType", c.InstanceType, env.IsProd())
	r.oneOf("cassandra.version", c.Version, cassandraVersions...)
	validateAMIID(r, "cassandra.amiId", c.AMIID)
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
	validateSnapshots(r, c.Snapshots)
	validateRollout(r, c, zones, env.IsProd())
}

// MaxSnapshotRetainDays is Data Lifecycle Manager's limit on the snapshots a count-based
// schedule keeps of each volume.
const MaxSnapshotRetainDays = 1000

// snapshotTime is DLM's time of day: hh:mm, UTC.
var snapshotTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

func validateSnapshots(r *report, s CassandraSnapshots) {
	if !s.Enabled {
		return
	}
	if !snapshotTime.MatchString(s.Time) {
		r.add("cassandra.snapshots.time", s.Time, "must be a time of day in UTC as hh:mm, e.g. 03:00")
	}
	r.intRange("cassandra.snapshots.retainDays", s.RetainDays, 1, MaxSnapshotRetainDays)
}

func validateNodeInstanceType(r *report, key, typ string, prod bool) {
	if !KnownInstanceType(typ) {
		r.add(key, typ, "must be an instance type of the families %s", familyList(ec2Families))
	} else if family := strings.SplitN(typ, ".", 2)[0]; slices.Contains(instanceStoreFamilies, family) {
		r.add(key, typ, "%s instances carry instance store, which the nodes leave unused (data lives on EBS) and which EC2 cannot recover after a host failure; use the m, r or c families", family)
	} else if strings.HasPrefix(typ, "t3.") && prod {
		r.add(key, typ, "burstable t3 instances starve Cassandra of CPU; prod needs the m, r or c families")
	}
}

func validateAMIID(r *report, key, id string) {
	if id != "" && (!strings.HasPrefix(id, "ami-") || len(id) < len("ami-")+8) {
		r.add(key, id, "must be an AMI id such as ami-0abcdef1234567890, or be left out")
	}
}

// validateRollout checks that a rollout changes something the ring runs, and that the nodes it
// covers exist: whole racks in zone order, then the lowest-index nodes of the next rack.
func validateRollout(r *report, c Cassandra, zones int, prod bool) {
	const p = "cassandra.rollout"
	ro := c.Rollout
	if !ro.Changes() {
		if ro.Racks != 0 || ro.Nodes != 0 || ro.From != (RolloutPosition{}) {
			r.add(p, fmt.Sprintf("racks %d, nodes %d", ro.Racks, ro.Nodes), "names nothing to roll out: set instanceType, amiId or version")
		}
		return
	}
	unchanged := "is already the ring's %s: nothing to roll out, remove it"
	if ro.InstanceType != "" {
		if ro.InstanceType == c.InstanceType {
			r.add(p+".instanceType", ro.InstanceType, unchanged, r.key("cassandra.instanceType"))
		} else {
			validateNodeInstanceType(r, p+".instanceType", ro.InstanceType, prod)
		}
	}
	if ro.AMIID != "" {
		if ro.AMIID == c.AMIID {
			r.add(p+".amiId", ro.AMIID, unchanged, r.key("cassandra.amiId"))
		} else {
			validateAMIID(r, p+".amiId", ro.AMIID)
		}
	}
	if ro.Version != "" {
		switch {
		case ro.Version == c.Version:
			r.add(p+".version", ro.Version, unchanged, r.key("cassandra.version"))
		case !slices.Contains(cassandraVersions, ro.Version):
			r.oneOf(p+".version", ro.Version, cassandraVersions...)
		case slices.Index(cassandraVersions, ro.Version) < slices.Index(cassandraVersions, c.Version):
			r.add(p+".version", ro.Version, "is older than %s %s: Cassandra cannot be downgraded in place", r.key("cassandra.version"), c.Version)
		}
	}
	if zones < 1 || c.NodeCount < 1 {
		return
	}
	to := RolloutPosition{Racks: ro.Racks, Nodes: ro.Nodes}
	toValid := validPosition(r, p, to, c.NodeCount, zones)
	if fromValid := validPosition(r, p+".from", ro.From, c.NodeCount, zones); !toValid || !fromValid {
		return
	}
	if stepped := racks.Stepped(racks.Position(ro.From), racks.Position(to), c.NodeCount, zones); len(stepped) > 1 {
		numbers := make([]string, len(stepped))
		for i, rack := range stepped {
			numbers[i] = strconv.Itoa(rack + 1)
		}
		r.add(p+".from", fmt.Sprintf("racks %d, nodes %d", ro.From.Racks, ro.From.Nodes),
			"the step from here to racks %d, nodes %d changes nodes of racks %s (numbered in zone order) at once; a step stays within one rack so that every token range keeps a quorum: set from to where the last pulumi up left off, and move one rack at a time",
			ro.Racks, ro.Nodes, strings.Join(numbers, ", "))
	}
}

// validPosition checks a rollout position: whole racks (0 to zones), then nodes of the next rack
// (0 to its size).
func validPosition(r *report, key string, pos RolloutPosition, count, zones int) bool {
	problems := len(r.errs)
	r.intRange(key+".racks", pos.Racks, 0, zones)
	switch {
	case pos.Racks == zones && pos.Nodes != 0:
		r.add(key+".nodes", pos.Nodes, "must be 0 when racks covers every rack (%d)", zones)
	case pos.Racks >= 0 && pos.Racks < zones:
		if inRack := racks.Size(count, zones, pos.Racks); pos.Nodes < 0 || pos.Nodes > inRack {
			r.add(key+".nodes", pos.Nodes, "must be 0 to %d: rack %d (zone order) holds %d nodes", inRack, pos.Racks+1, inRack)
		}
	}
	return len(r.errs) == problems
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
