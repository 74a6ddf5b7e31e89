// Package racks is how a Cassandra ring's nodes sit on its racks (one rack per zone) and which of
// them a rollout position covers. The component places and rolls its nodes by it and the stack's
// config validation checks rollout positions and steps by it, so the two cannot disagree; it
// imports no Pulumi package, so validation stays light.
package racks

// Of places node i of a ring over zones racks: in rack i mod zones, at place i div zones in it
// (lowest index first).
func Of(i, zones int) (rack, ordinal int) { return i % zones, i / zones }

// Size is how many of a ring's count nodes the rack holds.
func Size(count, zones, rack int) int { return (count - rack + zones - 1) / zones }

// Position covers whole racks in zone order, then the lowest-ordinal nodes of the next rack.
type Position struct {
	Racks int
	Nodes int
}

// Covers tells whether the position covers the node at ordinal in rack.
func (p Position) Covers(rack, ordinal int) bool {
	return rack < p.Racks || (rack == p.Racks && ordinal < p.Nodes)
}

// Stepped lists, in zone order and counted from 0, the racks holding nodes that one position
// covers and the other does not: the racks a step from one position to the other changes.
func Stepped(from, to Position, count, zones int) []int {
	var stepped []int
	for rack := range zones {
		for ordinal := range Size(count, zones, rack) {
			if from.Covers(rack, ordinal) != to.Covers(rack, ordinal) {
				stepped = append(stepped, rack)
				break
			}
		}
	}
	return stepped
}
