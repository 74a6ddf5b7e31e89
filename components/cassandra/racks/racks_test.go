package racks

import (
	"slices"
	"testing"
)

// Seven nodes over three racks: rack 0 holds nodes 0, 3, 6; racks 1 and 2 hold two each.
func TestPlacement(t *testing.T) {
	for i, want := range [][2]int{{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}, {0, 2}} {
		if rack, ordinal := Of(i, 3); rack != want[0] || ordinal != want[1] {
			t.Errorf("node %d in rack %d at %d, want %v", i, rack, ordinal, want)
		}
	}
	if got := []int{Size(7, 3, 0), Size(7, 3, 1), Size(7, 3, 2)}; !slices.Equal(got, []int{3, 2, 2}) {
		t.Errorf("rack sizes %v, want [3 2 2]", got)
	}
}

func TestStepped(t *testing.T) {
	cases := []struct {
		from, to Position
		want     []int
	}{
		{Position{}, Position{}, nil},
		{Position{Racks: 1}, Position{Racks: 1, Nodes: 1}, []int{1}},
		{Position{}, Position{Racks: 1, Nodes: 1}, []int{0, 1}},
		{Position{Nodes: 2}, Position{Nodes: 1}, []int{0}}, // a step back
		{Position{Racks: 2}, Position{Racks: 3}, []int{2}}, // the last rack
		{Position{Nodes: 3}, Position{Racks: 1}, nil},      // the same nodes: rack 0 holds three
		{Position{Racks: 0}, Position{Racks: 3}, []int{0, 1, 2}},
	}
	for _, c := range cases {
		if got := Stepped(c.from, c.to, 7, 3); !slices.Equal(got, c.want) {
			t.Errorf("from %+v to %+v steps racks %v, want %v", c.from, c.to, got, c.want)
		}
	}
}
