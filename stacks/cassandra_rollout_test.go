package stacks_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/platform-team/platform/offline"
)

// changes maps the URN of each resource that two runs of a stack register differently to what
// differs: the input keys, and "options" when protection, retention or ignored changes differ.
func changes(before, after *offline.Result) map[string][]string {
	out := map[string][]string{}
	was := make(map[string]offline.Resource, len(before.Resources))
	for _, r := range before.Resources {
		was[r.URN] = r
	}
	for _, r := range after.Resources {
		old, ok := was[r.URN]
		if !ok {
			out[r.URN] = []string{"added"}
			continue
		}
		delete(was, r.URN)
		var keys []string
		for _, k := range slices.Sorted(maps.Keys(r.Inputs)) {
			if v, ok := old.Inputs[k]; !ok || !v.DeepEquals(r.Inputs[k]) {
				keys = append(keys, string(k))
			}
		}
		for k := range old.Inputs {
			if _, ok := r.Inputs[k]; !ok {
				keys = append(keys, string(k))
			}
		}
		if old.Protect != r.Protect || old.RetainOnDelete != r.RetainOnDelete || old.DeleteBeforeReplace != r.DeleteBeforeReplace ||
			!slices.Equal(old.IgnoreChanges, r.IgnoreChanges) {
			keys = append(keys, "options")
		}
		if len(keys) > 0 {
			out[r.URN] = keys
		}
	}
	for urn := range was {
		out[urn] = []string{"removed"}
	}
	return out
}

// instanceChanges checks that the rollout changed exactly the instances of the nodes listed, and
// in each only the keys listed.
func instanceChanges(t *testing.T, got map[string][]string, ring cassandraRing, nodes []int, keys ...string) {
	t.Helper()
	want := map[string][]string{}
	for _, i := range nodes {
		want[ring.nodes[i].instance.URN] = keys
	}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("the rollout changed %v, want the instances of nodes %v changing %v", got, nodes, keys)
	}
}

// A rollout covers whole racks in zone order, then the lowest-index nodes of the next rack, and
// changes nothing else: over 3 racks of 3 nodes, one rack and one node are nodes 0, 3, 6 and 1.
func TestCassandraRolloutCoversRacksThenNodes(t *testing.T) {
	base := mustRun(t, "prod", "cassandra.nodeCount=9")
	rolled := mustRun(t, "prod", "cassandra.nodeCount=9", "cassandra.rollout.instanceType=r6i.4xlarge",
		"cassandra.rollout.racks=1", "cassandra.rollout.nodes=1")
	ring := readRing(t, rolled, "prod")
	covered := []int{0, 3, 6, 1}
	instanceChanges(t, changes(base, rolled), ring, covered, "instanceType")
	for _, n := range ring.nodes {
		want := "r6i.2xlarge"
		if slices.Contains(covered, n.index) {
			want = "r6i.4xlarge"
		}
		if got := n.instance.Inputs["instanceType"].StringValue(); got != want {
			t.Errorf("node %d (rack %s) runs %s, want %s", n.index, n.zone, got, want)
		}
	}
	// The estimate prices each node at the type it runs.
	counts := map[string]int{}
	for _, l := range exportedCost(t, rolled).Lines {
		if l.Type == cassInstanceType {
			counts[l.Item] += l.Count
		}
	}
	if counts["r6i.2xlarge"] != 5 || counts["r6i.4xlarge"] != 4 {
		t.Errorf("cost lines count instances by type %v, want 5 r6i.2xlarge and 4 r6i.4xlarge", counts)
	}
}

// A series upgrade rolls through the user data of the covered nodes only: each is replaced (so
// in prod no longer protected), keeps its interface and data volume, and boots the new series.
func TestCassandraRolloutUpgradesSeries(t *testing.T) {
	base := mustRun(t, "prod", `cassandra.version="4.1"`)
	rolled := mustRun(t, "prod", `cassandra.version="4.1"`, `cassandra.rollout.version="5.0"`, "cassandra.rollout.nodes=2")
	ring := readRing(t, rolled, "prod")
	instanceChanges(t, changes(base, rolled), ring, []int{0, 3}, "userData", "options")
	for _, n := range ring.nodes {
		series := "41x"
		if n.index == 0 || n.index == 3 {
			series = "50x"
		}
		if ud := n.instance.Inputs["userData"].StringValue(); !strings.Contains(ud, "https://debian.cassandra.apache.org "+series+" main") {
			t.Errorf("node %d does not install series %s", n.index, series)
		}
		if n.instance.Protect != (series == "41x") || !n.volume.Protect || !n.volume.RetainOnDelete {
			t.Errorf("node %d: instance protected %v, volume protected %v retained %v", n.index, n.instance.Protect, n.volume.Protect, n.volume.RetainOnDelete)
		}
	}
}

// The covered nodes take a pinned image and stop ignoring image changes; the others keep the
// looked-up image, still ignored.
func TestCassandraRolloutPinsImage(t *testing.T) {
	base := mustRun(t, "prod")
	rolled := mustRun(t, "prod", "cassandra.rollout.amiId=ami-0123456789abcdef0", "cassandra.rollout.racks=1")
	ring := readRing(t, rolled, "prod")
	instanceChanges(t, changes(base, rolled), ring, []int{0, 3}, "ami", "options")
	for _, n := range ring.nodes {
		pinned := n.instance.Inputs["ami"].StringValue() == "ami-0123456789abcdef0"
		if covered := n.index%3 == 0; pinned != covered || slices.Equal(n.instance.IgnoreChanges, []string{"ami"}) == covered || n.instance.Protect == covered {
			t.Errorf("node %d: ami %s, ignoreChanges %v, protected %v", n.index, n.instance.Inputs["ami"].StringValue(), n.instance.IgnoreChanges, n.instance.Protect)
		}
	}
}

// Once a rollout covers every rack, moving its settings to the ring's keys and removing it
// changes no resource in the cloud: in prod it only protects the replaced instances again.
func TestCassandraRolloutFoldsIntoRingKeys(t *testing.T) {
	rolled := mustRun(t, "prod", `cassandra.version="4.1"`, "cassandra.rollout.instanceType=r6i.4xlarge",
		"cassandra.rollout.amiId=ami-0123456789abcdef0", `cassandra.rollout.version="5.0"`, "cassandra.rollout.racks=3")
	folded := mustRun(t, "prod", "cassandra.instanceType=r6i.4xlarge", "cassandra.amiId=ami-0123456789abcdef0", `cassandra.version="5.0"`)
	ring := readRing(t, folded, "prod")
	instanceChanges(t, changes(rolled, folded), ring, []int{0, 1, 2, 3, 4, 5}, "options")
	for _, n := range ring.nodes {
		if !n.instance.Protect {
			t.Errorf("node %d: instance not protected again after the rollout was folded", n.index)
		}
	}
}
