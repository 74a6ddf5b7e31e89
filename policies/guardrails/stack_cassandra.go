package guardrails

import (
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// How components/cassandra marks its nodes: instances under its component, tagged with the ring
// (cluster name) and the rack, which is the node's availability zone.
const (
	typeCassandraComponent = "platform:cassandra:Cassandra"
	tagCassandraCluster    = "CassandraCluster"
	tagCassandraRack       = "CassandraRack"
)

// cassandraSpread: in prod a ring survives the loss of a zone (racks in at least three zones)
// and holds every replica its replication factor asks for (nodes ≥ platform:cassandra.replicationFactor).
func (p *pack) cassandraSpread() policyx.StackValidationPolicy {
	return p.stackPolicy(policySpec{
		name: "cassandra-zone-spread",
		description: "In prod, every Cassandra ring spans at least three availability zones (stack-settings' " +
			"cassandraMinZones) and has at least as many nodes as its replication factor.",
		level: policyx.EnforcementLevelMandatory,
	}, func(s *stackView, report stackReportFunc) {
		if !p.env.IsProd() {
			return
		}
		rf := p.env.Cassandra.ReplicationFactor
		for _, ring := range cassandraRings(s) {
			if len(ring.nodes) < rf {
				report(ring.urn, "ring %s has %d nodes for replication factor %d: every replica needs a node of its own", ring.name, len(ring.nodes), rf)
			}
			if ring.zonesKnown && len(ring.zones) < s.settings.CassandraMinZones {
				report(ring.urn, "ring %s spans %d zone(s) (%s); prod needs at least %d so losing a zone keeps a quorum",
					ring.name, len(ring.zones), strings.Join(ring.zones, ", "), s.settings.CassandraMinZones)
			}
		}
	})
}

// ring is one Cassandra cluster's nodes.
type ring struct {
	name       string
	urn        string // its component, where the violation is reported
	nodes      []target
	zones      []string
	zonesKnown bool
}

// cassandraRings groups the Cassandra instances by ring (the component they belong to, else
// their cluster tag) and finds each node's zone: its availabilityZone, else its rack tag.
func cassandraRings(s *stackView) []*ring {
	rings := map[string]*ring{}
	for _, r := range s.ofType(typeInstance) {
		cluster, cst := r.tag(tagCassandraCluster)
		inComponent := r.within(typeCassandraComponent)
		if !inComponent && cst != known {
			continue
		}
		key, name := cluster, cluster
		if inComponent {
			key, name = r.Parent, s.component(&r)
		}
		g, ok := rings[key]
		if !ok {
			g = &ring{name: name, urn: r.Parent, zonesKnown: true}
			rings[key] = g
		}
		g.nodes = append(g.nodes, r)
		zone, st := stringAt(r.Properties, "availabilityZone")
		if st != known {
			zone, st = r.tag(tagCassandraRack)
		}
		switch {
		case st != known:
			g.zonesKnown = false // decided once known
		case !slices.Contains(g.zones, zone):
			g.zones = append(g.zones, zone)
		}
	}
	out := make([]*ring, 0, len(rings))
	for _, g := range rings {
		sort.Strings(g.zones)
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// typeSnapshotPolicy is an Amazon Data Lifecycle Manager policy (dlm.LifecyclePolicy).
const typeSnapshotPolicy = "aws:dlm/lifecyclePolicy:LifecyclePolicy"

// cassandraSnapshots: in prod a ring's data can be restored after it is destroyed by mistake or
// by software: every data volume is in an enabled snapshot policy, one that targets volumes
// carrying any of its target tags.
func (p *pack) cassandraSnapshots() policyx.StackValidationPolicy {
	return p.stackPolicy(policySpec{
		name:        "cassandra-snapshots",
		description: "In prod, every Cassandra data volume is in an enabled Data Lifecycle Manager snapshot policy of the stack (platform:cassandra.snapshots); AWS Backup plans and policies outside the stack are not seen.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(s *stackView, report stackReportFunc) {
		if !p.env.IsProd() {
			return
		}
		var targets []property.Map
		for _, policy := range s.ofType(typeSnapshotPolicy) {
			state, st := stringAt(policy.Properties, "state")
			types, yst := stringsAt(policy.Properties, "policyDetails.resourceTypes")
			tags, tst := mapAt(policy.Properties, "policyDetails.targetTags")
			if st == unknown || yst == unknown || tst == unknown {
				return // decided once known (a preview)
			}
			if state != "DISABLED" && tst == known && slices.Contains(types, "VOLUME") {
				targets = append(targets, tags)
			}
		}
		missed := map[string][]target{} // ring component → its data volumes in no policy
		var rings []string
		for _, v := range s.ofType(typeVolume) {
			if !v.within(typeCassandraComponent) || slices.ContainsFunc(targets, func(t property.Map) bool { return targetedBy(v, t) }) {
				continue
			}
			if _, st := mapAt(v.Properties, "tags"); st == unknown {
				continue // decided once known
			}
			ring := s.component(&v)
			if missed[ring] == nil {
				rings = append(rings, ring)
			}
			missed[ring] = append(missed[ring], v)
		}
		for _, ring := range rings {
			volumes := missed[ring]
			names := volumes[0].Name
			if n := len(volumes); n > 1 {
				names += " … " + volumes[n-1].Name
			}
			report(volumes[0].URN, "%d data volume(s) of Cassandra ring %s (%s) are in no enabled snapshot policy: a ring destroyed by mistake could not be restored; set platform:cassandra.snapshots.enabled to true, and keep the volumes' CassandraRing tag",
				len(volumes), ring, names)
		}
	})
}

// targetedBy tells whether a resource carries any of a snapshot policy's target tags; a tag
// still unknown (a preview) counts as carried, decided once known.
func targetedBy(r target, targetTags property.Map) bool {
	for key, want := range targetTags.All {
		got, st := r.tag(key)
		if st == unknown || want.IsComputed() || st == known && want.IsString() && got == want.AsString() {
			return true
		}
	}
	return false
}
