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
	// upgrade moves the control plane from the version last deployed (and, if given, the one AWS
	// last reported, such as after an automatic upgrade) to another.
	upgrade := func(from, to string, reported ...string) []step {
		old := &apitype.ResourceV3{URN: control, Inputs: map[string]any{"version": from}}
		if len(reported) > 0 {
			old.Outputs = map[string]any{"version": reported[0]}
		}
		return []step{{Op: "update", URN: control, DiffReasons: []string{"version"}, OldState: old,
			NewState: &apitype.ResourceV3{URN: control, Inputs: map[string]any{"version": to}}}}
	}
	// with copies a state with inputs or outputs changed.
	with := func(state *apitype.ResourceV3, inputs, outputs map[string]any) *apitype.ResourceV3 {
		c := *state
		c.Inputs, c.Outputs = maps.Clone(c.Inputs), maps.Clone(c.Outputs)
		if c.Outputs == nil {
			c.Outputs = map[string]any{}
		}
		maps.Copy(c.Inputs, inputs)
		maps.Copy(c.Outputs, outputs)
		return &c
	}
	// Prod's cache runs in cluster mode; the same group without it is what staging registers.
	cache := prod["aws:elasticache/replicationGroup:ReplicationGroup"][0]
	clustered := stepOf("update", cache, "clusterMode")
	unclustered := *clustered.OldState
	unclustered.Inputs = maps.Clone(unclustered.Inputs)
	delete(unclustered.Inputs, "clusterMode")
	cacheStep := func(op string, from, to *apitype.ResourceV3, replaceReasons ...string) []step {
		s := clustered
		s.Op, s.OldState, s.NewState, s.ReplaceReasons = op, from, to, replaceReasons
		return []step{s}
	}
	resize := func(op string, from, to float64, reported ...float64) []step {
		s := stepOf(op, volumes[0], "size")
		var outputs map[string]any
		if len(reported) > 0 {
			outputs = map[string]any{"size": reported[0]}
		}
		s.OldState = with(s.OldState, map[string]any{"size": from}, outputs)
		s.NewState = with(s.NewState, map[string]any{"size": to}, nil)
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
		want    []string // a substring of each finding ("kind: text"), in order
	}{
		{"creates and sames pass", []step{stepOf("create", volumes[0]), stepOf("same", nodeGroup[0])}, nil, nil},
		{"a replaced node group is named once, whatever its steps",
			[]step{stepOf("create-replacement", nodeGroup[0], "instanceTypes"), stepOf("replace", nodeGroup[0]), stepOf("delete-replaced", nodeGroup[0])},
			nil, []string{"disruptive: create-replacement " + nodeGroup[0].Type + " " + nodeGroup[0].Name + ": EKS drains every node"}},
		{"an allowed type is listed as allowed", []step{stepOf("replace", nodeGroup[0])}, []string{nodeGroup[0].Type}, []string{"allowed: replace " + nodeGroup[0].Type}},
		{"an allowed URN is listed as allowed", []step{stepOf("replace", nodeGroup[0])}, []string{nodeGroup[0].URN}, []string{"allowed: replace"}},
		// Removing a group (the end of the README's blue/green change) deletes the component and
		// its node group: allowing the node group's type is enough.
		{"a removed group, allowed by the node group's type", []step{stepOf("delete", component), stepOf("delete", nodeGroup[0])},
			[]string{"aws:eks/nodeGroup:NodeGroup"}, []string{"allowed: delete aws:eks/nodeGroup:NodeGroup"}},
		{"a new target port replaces the target group", []step{stepOf("replace", prod["aws:lb/targetGroup:TargetGroup"][0])}, nil,
			[]string{"disruptive: replace aws:lb/targetGroup:TargetGroup platform-prod-lb-workers: traffic moves to the new target port at once"}},
		{"a listener removed", []step{stepOf("delete", prod["aws:lb/listener:Listener"][0])}, nil, []string{"clients of this port lose the service"}},
		{"a listener added or changed", []step{stepOf("create", prod["aws:lb/listener:Listener"][0]), stepOf("update", prod["aws:lb/listener:Listener"][1])}, nil, nil},
		{"snapshots turned off", []step{stepOf("delete", prod["aws:dlm/lifecyclePolicy:LifecyclePolicy"][0])}, nil,
			[]string{"disruptive: delete aws:dlm/lifecyclePolicy:LifecyclePolicy platform-prod-cassandra-snapshots: the data volumes' daily snapshots stop"}},
		{"a removed role's access entry goes", []step{stepOf("delete", entry)}, nil, nil},
		{"a replaced access entry fails with 409", []step{stepOf("replace", entry)}, nil, []string{"disruptive: replace aws:eks/accessEntry:AccessEntry platform-prod-eks-role-0a1b2c3d: EKS holds one access entry per principal: the replacement fails with 409"}},
		{"a replaced data volume loses its data, retained or not", []step{stepOf("replace", volumes[0])}, nil, []string{"holds data"}},
		{"deleting a retained volume keeps it in AWS", []step{stepOf("delete", volumes[0])}, nil, nil},
		// Node i is in rack i mod 3: nodes 0 and 3 share a rack, 0, 1 and 2 do not.
		{"instance type of one rack", ring("update", []int{0, 3}, "instanceType"), nil, nil},
		{"instance type of three racks", ring("update", []int{0, 1, 2}, "instanceType"), nil,
			[]string{"disruptive: cassandra nodes of 3 racks restart in one update"}},
		{"replacements in two racks", ring("replace", []int{3, 4}), nil, []string{"cassandra nodes of 2 racks restart"}},
		{"tags of every node", ring("update", []int{0, 1, 2, 3, 4, 5}, "tags"), nil, nil},
		{"ring-wide change allowed", ring("update", []int{0, 1, 2}, "instanceType"), []string{"aws:ec2/instance:Instance"},
			[]string{"allowed: cassandra nodes of 3 racks"}},
		{"one node allowed, the rest still spans two racks", ring("update", []int{0, 1, 2}, "instanceType"), []string{instances[0].URN},
			[]string{"disruptive: cassandra nodes of 2 racks", "allowed: cassandra nodes of 3 racks"}},
		{"one node allowed, the rest in one rack", ring("update", []int{0, 1}, "instanceType"), []string{instances[0].URN},
			[]string{"allowed: cassandra nodes of 2 racks"}},
		{"EKS one minor version up", upgrade("1.35", "1.36"), nil, nil},
		{"EKS two minor versions up", upgrade("1.34", "1.36"), nil, []string{"refused: update aws:eks/cluster:Cluster platform-prod-eks-eksCluster: eks.version 1.34 → 1.36: EKS upgrades one minor version at a time; set 1.35 and deploy it first"}},
		{"EKS downgrade", upgrade("1.36", "1.35"), nil, []string{"refused: update aws:eks/cluster:Cluster platform-prod-eks-eksCluster: eks.version 1.36 → 1.35: EKS cannot downgrade a cluster; keep 1.36"}},
		{"EKS two minor versions up cannot be allowed", upgrade("1.34", "1.36"), []string{"aws:eks/cluster:Cluster"}, []string{"refused: "}},
		// AWS upgraded the cluster by itself (end of standard support): it moves from there.
		{"EKS one minor version up from the version AWS reports", upgrade("1.31", "1.33", "1.32"), nil, nil},
		{"EKS back from the version AWS reports", upgrade("1.31", "1.31", "1.32"), nil, []string{"refused: update aws:eks/cluster:Cluster platform-prod-eks-eksCluster: eks.version 1.32 → 1.31"}},
		{"cache cluster mode turned on", cacheStep("update", &unclustered, clustered.NewState), nil, []string{"refused: update aws:elasticache/replicationGroup:ReplicationGroup platform-prod-cache: cache.clusterMode false → true: ElastiCache enables cluster mode only through its compatible mode"}},
		{"cache cluster mode turned off", cacheStep("update", clustered.OldState, &unclustered), nil, []string{"refused: update aws:elasticache/replicationGroup:ReplicationGroup platform-prod-cache: cache.clusterMode true → false"}},
		{"cache cluster mode finished from compatible", cacheStep("update", with(&unclustered, nil, map[string]any{"clusterMode": "compatible"}), clustered.NewState), nil, nil},
		{"cache in cluster mode, node type changed", cacheStep("update", clustered.OldState, with(clustered.NewState, map[string]any{"nodeType": "cache.r7g.xlarge"}, nil)), nil, nil},
		{"cache engine upgraded", cacheStep("update", clustered.OldState, with(clustered.NewState, map[string]any{"engineVersion": "9.1"}, nil)), nil, nil},
		// The provider replaces the group for a lower version: a new, empty cache.
		{"cache engine downgraded", cacheStep("replace", clustered.OldState, with(clustered.NewState, map[string]any{"engineVersion": "7.2"}, nil), "engineVersion"), nil,
			[]string{"disruptive: replace aws:elasticache/replicationGroup:ReplicationGroup platform-prod-cache (engineVersion changed): holds data"}},
		{"a data volume grown", resize("update", 500, 750), nil, nil},
		{"a data volume shrunk", resize("update", 500, 400), nil, []string{"refused: update aws:ebs/volume:Volume platform-prod-cassandra-node-0-data: size 500 → 400 GiB: EBS cannot shrink"}},
		// Grown by hand in the console: AWS is asked to go from what it reports.
		{"a data volume shrunk from the size AWS reports", resize("update", 500, 600, 750), nil, []string{"refused: update aws:ebs/volume:Volume platform-prod-cassandra-node-0-data: size 750 → 600 GiB"}},
		{"a data volume replaced smaller is a replacement, not a refusal", resize("replace", 500, 400), nil, []string{"disruptive: replace aws:ebs/volume:Volume platform-prod-cassandra-node-0-data: holds data"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := check(preview{Steps: c.steps}, c.allowed)
			if len(got) != len(c.want) {
				t.Fatalf("findings %q, want %d", got, len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(got[i].String(), w) {
					t.Errorf("finding %q lacks %q", got[i], w)
				}
			}
		})
	}
	// The ring finding names each rack with its nodes.
	got := check(preview{Steps: ring("update", []int{0, 1}, "instanceType")}, nil)
	if len(got) != 1 || !strings.Contains(got[0].text, "us-east-1a: platform-prod-cassandra-node-0 (instance type changed)") ||
		!strings.Contains(got[0].text, "us-east-1b: platform-prod-cassandra-node-1") {
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
		{[]string{"--allow", "aws:kms/key:Key, aws:ec2/subnet:Subnet", path}, "", 0, "allowed: delete aws:ec2/subnet:Subnet"},
		{[]string{"--allow", "aws:ec2/subnet:Subnet", path}, "", 0, "nothing AWS refuses, but for 1 allowed change(s)"},
		{[]string{"--allow", "aws:ebs/volume:Volume", "-"}, `{"steps":[{"op":"update","urn":"urn:pulumi:prod::platform::aws:ebs/volume:Volume::v",
			"oldState":{"inputs":{"size":500}},"newState":{"inputs":{"size":400}}}]}`, 1, "guard: 1 change(s) AWS refuses"},
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
