package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks"
)

// prodResources is what the prod program registers, as the engine would hold it: the guard's
// findings are built from real URNs, types and tags, not made-up ones.
func prodResources(t *testing.T, sets ...string) map[string][]offline.Resource {
	t.Helper()
	cfg, err := offline.LoadStack("../..", "prod", sets...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := offline.Run(stacks.Program, cfg.Options())
	if err != nil {
		t.Fatal(err)
	}
	byType := map[string][]offline.Resource{}
	for _, r := range res.Resources {
		byType[r.Type] = append(byType[r.Type], r)
	}
	return byType
}

func stepOf(op string, r offline.Resource, diff ...string) step {
	state := &apitype.ResourceV3{URN: resource.URN(r.URN), Type: tokens.Type(r.Type), Inputs: r.Inputs.Mappable(),
		Protect: r.Protect, RetainOnDelete: r.RetainOnDelete}
	return step{Op: op, URN: resource.URN(r.URN), OldState: state, NewState: state, DiffReasons: diff}
}

func TestGuard(t *testing.T) {
	prod := prodResources(t, "cassandra.nodeCount=6")
	groups, instances, volumes := prod["eks:index:ManagedNodeGroup"], prod["aws:ec2/instance:Instance"], prod["aws:ebs/volume:Volume"]
	if len(groups) == 0 || len(instances) != 6 || len(volumes) != 6 {
		t.Fatalf("prod registered %d node groups, %d instances, %d volumes", len(groups), len(instances), len(volumes))
	}
	// pulumi-eks registers the AWS node group inside its component, under the component's name
	// (the mock engine runs no component provider, so its URN is built as the engine would):
	// that child is what EKS replaces and drains.
	component := groups[0]
	parent := resource.URN(component.URN)
	child := resource.NewURN(parent.Stack(), parent.Project(), parent.QualifiedType(), "aws:eks/nodeGroup:NodeGroup", component.Name)
	nodeGroup := []offline.Resource{{URN: string(child), Type: string(child.Type()), Name: child.Name()}}
	cluster := resource.URN(prod["eks:index:Cluster"][0].URN)
	entryURN := resource.NewURN(cluster.Stack(), cluster.Project(), cluster.QualifiedType(), "aws:eks/accessEntry:AccessEntry", cluster.Name()+"-role-0a1b2c3d")
	entry := offline.Resource{URN: string(entryURN), Type: string(entryURN.Type()), Name: entryURN.Name()}
	control := resource.NewURN(cluster.Stack(), cluster.Project(), cluster.QualifiedType(), "aws:eks/cluster:Cluster", cluster.Name()+"-eksCluster")
	upgrade := func(from, to string) []step {
		return []step{{Op: "update", URN: control, DiffReasons: []string{"version"},
			OldState: &apitype.ResourceV3{URN: control, Inputs: map[string]any{"version": from}},
			NewState: &apitype.ResourceV3{URN: control, Inputs: map[string]any{"version": to}}}}
	}
	// Prod's cache runs in cluster mode; the same group without it is what staging registers.
	clustered := stepOf("update", prod["aws:elasticache/replicationGroup:ReplicationGroup"][0], "clusterMode")
	unclustered := *clustered.OldState
	unclustered.Inputs = maps.Clone(unclustered.Inputs)
	delete(unclustered.Inputs, "clusterMode")
	modeChange := func(from, to *apitype.ResourceV3) []step {
		s := clustered
		s.OldState, s.NewState = from, to
		return []step{s}
	}
	engineChange := func(fromEngine, fromVersion, toEngine, toVersion string) []step {
		with := func(engine, version string) *apitype.ResourceV3 {
			state := *clustered.OldState
			state.Inputs = maps.Clone(state.Inputs)
			state.Inputs["engine"], state.Inputs["engineVersion"] = engine, version
			return &state
		}
		return modeChange(with(fromEngine, fromVersion), with(toEngine, toVersion))
	}
	resize := func(from, to float64) []step {
		s := stepOf("update", volumes[0], "size")
		old, next := *s.OldState, *s.NewState
		old.Inputs, next.Inputs = maps.Clone(old.Inputs), maps.Clone(next.Inputs)
		old.Inputs["size"], next.Inputs["size"] = from, to
		s.OldState, s.NewState = &old, &next
		return []step{s}
	}
	ring := func(op string, nodes []int, diff ...string) []step {
		var steps []step
		for _, i := range nodes {
			steps = append(steps, stepOf(op, instances[i], diff...))
		}
		return steps
	}
	cases := []struct {
		name    string
		steps   []step
		allowed []string
		want    []string // a substring of each finding, in order
	}{
		{"creates and sames pass", []step{stepOf("create", volumes[0]), stepOf("same", nodeGroup[0])}, nil, nil},
		{"a replaced node group is named once, whatever its steps",
			[]step{stepOf("create-replacement", nodeGroup[0], "instanceTypes"), stepOf("replace", nodeGroup[0]), stepOf("delete-replaced", nodeGroup[0])},
			nil, []string{"create-replacement " + nodeGroup[0].Type + " " + nodeGroup[0].Name + ": EKS drains every node"}},
		{"an allowed type passes", []step{stepOf("replace", nodeGroup[0])}, []string{nodeGroup[0].Type}, nil},
		{"an allowed URN passes", []step{stepOf("replace", nodeGroup[0])}, []string{nodeGroup[0].URN}, nil},
		// Removing a group (the end of the README's blue/green change) deletes the component and
		// its node group: allowing the node group's type is enough.
		{"a removed group, allowed by the node group's type", []step{stepOf("delete", component), stepOf("delete", nodeGroup[0])},
			[]string{"aws:eks/nodeGroup:NodeGroup"}, nil},
		{"a removed role's access entry goes", []step{stepOf("delete", entry)}, nil, nil},
		{"a replaced access entry fails with 409", []step{stepOf("replace", entry)}, nil, []string{"409"}},
		{"a replaced data volume loses its data, retained or not", []step{stepOf("replace", volumes[0])}, nil, []string{"holds data"}},
		{"deleting a retained volume keeps it in AWS", []step{stepOf("delete", volumes[0])}, nil, nil},
		// Node i is in rack i mod 3: nodes 0 and 3 share a rack, 0, 1 and 2 do not.
		{"instance type of one rack", ring("update", []int{0, 3}, "instanceType"), nil, nil},
		{"instance type of three racks", ring("update", []int{0, 1, 2}, "instanceType"), nil,
			[]string{"cassandra nodes of 3 racks restart in one update"}},
		{"replacements in two racks", ring("replace", []int{3, 4}), nil, []string{"cassandra nodes of 2 racks restart"}},
		{"tags of every node", ring("update", []int{0, 1, 2, 3, 4, 5}, "tags"), nil, nil},
		{"EKS one minor version up", upgrade("1.35", "1.36"), nil, nil},
		{"EKS two minor versions up", upgrade("1.34", "1.36"), nil, []string{"eks.version 1.34 → 1.36: EKS upgrades one minor version at a time; deploy 1.35 first"}},
		{"EKS downgrade", upgrade("1.36", "1.35"), nil, []string{"EKS cannot downgrade"}},
		{"cache cluster mode turned on", modeChange(&unclustered, clustered.NewState), nil, []string{"cache.clusterMode false → true: ElastiCache enables cluster mode only through its compatible mode"}},
		{"cache cluster mode turned off", modeChange(clustered.OldState, &unclustered), nil, []string{"cache.clusterMode true → false"}},
		{"cache in cluster mode, other settings changed", modeChange(clustered.OldState, clustered.NewState), nil, nil},
		{"cache engine upgraded", engineChange("valkey", "8.0", "valkey", "8.1"), nil, nil},
		{"cache moved from Redis OSS to Valkey", engineChange("redis", "7.1", "valkey", "7.2"), nil, nil},
		{"cache engine downgraded", engineChange("valkey", "8.1", "valkey", "8.0"), nil, []string{"cache.engineVersion 8.1 → 8.0: ElastiCache cannot downgrade"}},
		{"cache engine downgraded by major", engineChange("valkey", "9.0", "valkey", "8.2"), nil, []string{"cannot downgrade"}},
		{"cache moved from Valkey to Redis OSS, which AWS allows", engineChange("valkey", "7.2", "redis", "7.1"), nil, nil},
		{"a data volume grown", resize(500, 750), nil, nil},
		{"a data volume shrunk", resize(500, 400), nil, []string{"update aws:ebs/volume:Volume platform-prod-cassandra-node-0-data: size 500 → 400 GiB: EBS cannot shrink"}},
		{"ring-wide change allowed", ring("update", []int{0, 1, 2}, "instanceType"), []string{"aws:ec2/instance:Instance"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := check(preview{Steps: c.steps}, c.allowed)
			if len(got) != len(c.want) {
				t.Fatalf("findings %q, want %d", got, len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("finding %q lacks %q", got[i], w)
				}
			}
		})
	}
	// The ring finding names each rack with its nodes.
	got := check(preview{Steps: ring("update", []int{0, 1}, "instanceType")}, nil)
	if len(got) != 1 || !strings.Contains(got[0], "us-east-1a: platform-prod-cassandra-node-0 (instance type changed)") ||
		!strings.Contains(got[0], "us-east-1b: platform-prod-cassandra-node-1") {
		t.Errorf("ring finding %q does not name the racks and nodes", got)
	}
}

// The command reads a file or standard input and exits 0, 1 or 2.
func TestRunExitCodes(t *testing.T) {
	prod := prodResources(t)
	disruptive, err := json.Marshal(preview{Steps: []step{stepOf("delete", prod["aws:ec2/subnet:Subnet"][0])}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "preview.json")
	if err := os.WriteFile(path, disruptive, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args  []string
		stdin string
		code  int
		out   string
	}{
		{[]string{path}, "", 1, "delete aws:ec2/subnet:Subnet"},
		{[]string{"--allow", "aws:kms/key:Key, aws:ec2/subnet:Subnet", path}, "", 0, "nothing that holds data"},
		{[]string{"-"}, `{"steps":[{"op":"create","urn":"urn:pulumi:prod::platform::aws:ec2/vpc:Vpc::v"}]}`, 0, "nothing"},
		{[]string{"-"}, "not json", 2, ""},
		{[]string{"-"}, "{}", 2, ""},
		{[]string{"-"}, `{"steps":[{"op":"delete","urn":"vpc-1"}]}`, 2, ""},
		{nil, "", 2, ""},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, strings.NewReader(c.stdin), &stdout, &stderr); code != c.code || !strings.Contains(stdout.String(), c.out) {
			t.Errorf("guard %v: exit %d, output %q; want %d and %q (stderr %q)", c.args, code, stdout.String(), c.code, c.out, stderr.String())
		}
	}
}
