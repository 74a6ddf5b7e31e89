package stacks_test

import (
	"fmt"
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

// instanceChanges checks that two runs differ in exactly the instances of the nodes listed, each
// in exactly the keys listed for it.
func instanceChanges(t *testing.T, got map[string][]string, ring cassandraRing, nodes map[int][]string) {
	t.Helper()
	want := map[string][]string{}
	for i, keys := range nodes {
		want[ring.nodes[i].instance.URN] = keys
	}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("changed %v, want the instances of nodes %v changing those keys", got, nodes)
	}
}

// rollout runs prod with a Cassandra rollout moving from one position to another.
func rollout(t *testing.T, sets []string, change string, from, to [2]int) *offline.Result {
	t.Helper()
	return mustRun(t, "prod", append(sets, change,
		fmt.Sprintf("cassandra.rollout.racks=%d", to[0]), fmt.Sprintf("cassandra.rollout.nodes=%d", to[1]),
		fmt.Sprintf("cassandra.rollout.from.racks=%d", from[0]), fmt.Sprintf("cassandra.rollout.from.nodes=%d", from[1]))...)
}

// A rollout covers whole racks in zone order, then the lowest-index nodes of the next rack, and
// changes nothing else: over 3 racks of 3 nodes, one rack and one node are nodes 0, 3, 6 and 1.
// A new instance type is applied in place, so protection stays.
func TestCassandraRolloutCoversRacksThenNodes(t *testing.T) {
	nine := []string{"cassandra.nodeCount=9"}
	base := mustRun(t, "prod", nine...)
	rolled := rollout(t, nine, "cassandra.rollout.instanceType=r6i.4xlarge", [2]int{1, 0}, [2]int{1, 1})
	ring := readRing(t, rolled, "prod")
	covered := []int{0, 3, 6, 1}
	typeOnly := map[int][]string{}
	for _, i := range covered {
		typeOnly[i] = []string{"instanceType"}
	}
	instanceChanges(t, changes(base, rolled), ring, typeOnly)
	for _, n := range ring.nodes {
		want := "r6i.2xlarge"
		if slices.Contains(covered, n.index) {
			want = "r6i.4xlarge"
		}
		if got := n.instance.Inputs["instanceType"].StringValue(); got != want || !n.instance.Protect {
			t.Errorf("node %d (rack %s) runs %s, protected %v; want %s, protected", n.index, n.zone, got, n.instance.Protect, want)
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

// A series upgrade goes through the user data of the covered nodes only. The node this step
// covers is replaced (it keeps its interface and data volume and boots the new series), so it
// alone is unprotected for this update; the node an earlier step covered is protected again.
func TestCassandraRolloutUpgradesSeries(t *testing.T) {
	v41 := []string{`cassandra.version="4.1"`}
	base := mustRun(t, "prod", v41...)
	rolled := rollout(t, v41, `cassandra.rollout.version="5.0"`, [2]int{0, 1}, [2]int{0, 2})
	ring := readRing(t, rolled, "prod")
	instanceChanges(t, changes(base, rolled), ring, map[int][]string{0: {"userData"}, 3: {"userData", "options"}})
	for _, n := range ring.nodes {
		series := "41x"
		if n.index == 0 || n.index == 3 {
			series = "50x"
		}
		if ud := n.instance.Inputs["userData"].StringValue(); !strings.Contains(ud, "https://debian.cassandra.apache.org "+series+" main") {
			t.Errorf("node %d does not install series %s", n.index, series)
		}
		if n.instance.Protect != (n.index != 3) || !n.volume.Protect || !n.volume.RetainOnDelete {
			t.Errorf("node %d: instance protected %v, volume protected %v retained %v", n.index, n.instance.Protect, n.volume.Protect, n.volume.RetainOnDelete)
		}
	}
	// A step back takes node 3 back to 4.1: it alone is replaced, and unprotected for that.
	back := rollout(t, v41, `cassandra.rollout.version="5.0"`, [2]int{0, 2}, [2]int{0, 1})
	instanceChanges(t, changes(base, back), readRing(t, back, "prod"), map[int][]string{0: {"userData"}, 3: {"options"}})
}

// The covered nodes take a pinned image and stop ignoring image changes; those of this step are
// unprotected for it. The others keep the looked-up image, still ignored.
func TestCassandraRolloutPinsImage(t *testing.T) {
	base := mustRun(t, "prod")
	rolled := rollout(t, nil, "cassandra.rollout.amiId=ami-0123456789abcdef0", [2]int{0, 0}, [2]int{1, 0})
	ring := readRing(t, rolled, "prod")
	instanceChanges(t, changes(base, rolled), ring, map[int][]string{0: {"ami", "options"}, 3: {"ami", "options"}})
	for _, n := range ring.nodes {
		pinned := n.instance.Inputs["ami"].StringValue() == "ami-0123456789abcdef0"
		if covered := n.index%3 == 0; pinned != covered || slices.Equal(n.instance.IgnoreChanges, []string{"ami"}) == covered || n.instance.Protect == covered {
			t.Errorf("node %d: ami %s, ignoreChanges %v, protected %v", n.index, n.instance.Inputs["ami"].StringValue(), n.instance.IgnoreChanges, n.instance.Protect)
		}
	}
}

// After the last step, an update with no step left (from where the last one ended) protects the
// replaced instances again; then moving the settings to the ring's keys and removing the rollout
// changes nothing at all.
func TestCassandraRolloutFoldsIntoRingKeys(t *testing.T) {
	v41 := []string{`cassandra.version="4.1"`, "cassandra.rollout.instanceType=r6i.4xlarge", "cassandra.rollout.amiId=ami-0123456789abcdef0"}
	lastStep := rollout(t, v41, `cassandra.rollout.version="5.0"`, [2]int{2, 0}, [2]int{3, 0})
	settled := rollout(t, v41, `cassandra.rollout.version="5.0"`, [2]int{3, 0}, [2]int{3, 0})
	ring := readRing(t, settled, "prod")
	instanceChanges(t, changes(lastStep, settled), ring, map[int][]string{2: {"options"}, 5: {"options"}})
	folded := mustRun(t, "prod", "cassandra.instanceType=r6i.4xlarge", "cassandra.amiId=ami-0123456789abcdef0", `cassandra.version="5.0"`)
	if got := changes(settled, folded); len(got) != 0 {
		t.Errorf("folding a settled rollout changed %v", got)
	}
	for _, n := range readRing(t, folded, "prod").nodes {
		if !n.instance.Protect {
			t.Errorf("node %d: instance not protected after the rollout was folded", n.index)
		}
	}
}
