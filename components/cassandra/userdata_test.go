package cassandra

import (
	"strings"
	"testing"
)

// Rendering once with stand-ins and replacing them gives, byte for byte, what rendering each node
// gives, for each series a ring runs during a rollout (the cache holds one shape per series).
func TestShapeEqualsDirectRender(t *testing.T) {
	a := Args{Version: "5.0", ClusterName: "platform-prod", Datacenter: "us-east-1", NumTokens: 16, ReplicationFactor: 3}
	seeds := []string{"10.30.0.10", "10.30.32.11", "10.30.64.12"}
	var cache shapeCache
	for _, n := range []node{{Index: 0, Rack: "us-east-1a"}, {Index: 17, Rack: "us-east-1b"}, {Index: 999, Rack: "us-east-1c"}} {
		for _, version := range []string{"5.0", "4.1"} {
			s, err := cache.get(a, version, seeds)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.forNode(n, "10.30.5.77", "vol-0123456789abcdef0")
			if err != nil {
				t.Fatal(err)
			}
			want, err := renderUserData(a.settings(version, n, seeds, "10.30.5.77", "vol-0123456789abcdef0"))
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("node %d, series %s: shape render differs from direct render:\n%s\n---\n%s", n.Index, version, got, want)
			}
		}
	}
}

// A cluster name holding a stand-in would be replaced in every node's user data, so it is refused.
func TestClusterNameHoldingAStandInIsRefused(t *testing.T) {
	a := Args{ClusterName: "orders-987654321", Datacenter: "us-east-1"}
	if err := a.check(); err == nil || !strings.Contains(err.Error(), `contains "987654321"`) {
		t.Errorf("check() = %v, want the stand-in named", err)
	}
}

// cut and forNode handle stand-ins at the ends of the document and next to each other.
func TestShapeFillsStandInsAnywhere(t *testing.T) {
	doc := "987654321" + "rack-stand-in" + " x " + "volume-stand-in" + "address-stand-in"
	got, err := cut(doc).forNode(node{Index: 7, Rack: "us-east-1b"}, "10.0.0.9", "vol-1")
	if want := "7us-east-1b x vol-110.0.0.9"; err != nil || got != want {
		t.Errorf("forNode = %q, %v; want %q", got, err, want)
	}
}

// The component refuses a rollout it cannot place before registering anything.
func TestRolloutArgsChecked(t *testing.T) {
	a := Args{Version: "5.0", Rollout: Rollout{Version: "6.0", To: Position{Racks: -1}}}
	err := a.check()
	for _, want := range []string{`Rollout.Version "6.0"`, "Rollout positions must not be negative"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("check() = %v, want %q", err, want)
		}
	}
}
