package cassandra

import (
	"fmt"

	"github.com/platform-team/platform/components/cassandra/racks"
)

// node is one Cassandra node's place in the ring. Everything about it follows from its index, so
// growing the ring appends nodes and never moves, renames or re-seeds an existing one.
type node struct {
	Index int
	// ZoneIndex picks the zone (and its private subnet): node i lives in zone i mod zones.
	ZoneIndex int
	// Rack is the zone's name: one Cassandra rack per availability zone.
	Rack string
	// RackOrdinal is the node's place in its rack, lowest index first: i div zones.
	RackOrdinal int
	// Seed marks the first seedsPerRack nodes of each rack, which are the lowest indexes of
	// the ring: nodes added later never become seeds.
	Seed bool
}

// placeNodes lays count nodes round-robin over the zones, so rack sizes differ by at most one.
func placeNodes(count int, zones []string, seedsPerRack int) []node {
	nodes := make([]node, count)
	for i := range nodes {
		z, ordinal := racks.Of(i, len(zones))
		nodes[i] = node{Index: i, ZoneIndex: z, Rack: zones[z], RackOrdinal: ordinal, Seed: ordinal < seedsPerRack}
	}
	return nodes
}

// name is the stable resource name of the node: "<component>-node-<index>".
func (n node) name(component string) string {
	return fmt.Sprintf("%s-node-%d", component, n.Index)
}
