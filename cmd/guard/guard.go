package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/policies/guardrails"
)

// preview is what the guard reads of `pulumi preview --json`: the CLI's display.PreviewDigest and
// display.PreviewStep (pulumi/pkg/v3 display/json.go), whose states are apitype.ResourceV3.
type preview struct {
	Steps []step `json:"steps"`
}

type step struct {
	Op             string              `json:"op"`
	URN            resource.URN        `json:"urn"`
	OldState       *apitype.ResourceV3 `json:"oldState"`
	NewState       *apitype.ResourceV3 `json:"newState"`
	DiffReasons    []string            `json:"diffReasons"`
	ReplaceReasons []string            `json:"replaceReasons"`
}

// removing are the ops that end a resource's life: its replacement or its deletion.
var removing = []string{"replace", "create-replacement", "delete-replaced", "delete"}

// serving are the types whose replacement or deletion cuts traffic or access, with what it does;
// the stateful ones (guardrails.StatefulTypes) lose data. pulumi-eks's components are left to
// their AWS children: the engine never replaces a component, and deleting one deletes these.
var serving = map[string]string{
	"aws:eks/cluster:Cluster":                   "the EKS control plane: a new cluster, without its workloads",
	"aws:eks/nodeGroup:NodeGroup":               "EKS drains every node of the old group at once; add a new group, drain the old one, then remove it (README: EKS)",
	"aws:lb/loadBalancer:LoadBalancer":          "serves traffic: a new load balancer has a new DNS name",
	"aws:lb/listener:Listener":                  "clients of this port lose the service (an NLB given a certificate closes 80)",
	"aws:lb/targetGroup:TargetGroup":            "traffic moves to the new target port at once: expose the workload on both ports first (README: load balancer)",
	"aws:ec2/vpc:Vpc":                           "the network every tier lives in",
	"aws:ec2/subnet:Subnet":                     "the network every tier lives in: node groups and Cassandra nodes move with it",
	"aws:ec2/natGateway:NatGateway":             "the private subnets' route out",
	"aws:ec2/eip:Eip":                           "a public address others may allow-list",
	"aws:kms/key:Key":                           "encrypts data: a deleted key is scheduled for deletion",
	"aws:ec2/networkInterface:NetworkInterface": "a Cassandra node's stable address, which its peers and clients know",
	"aws:dlm/lifecyclePolicy:LifecyclePolicy":   "the data volumes' daily snapshots stop; those taken stay, outside any retention (README: Snapshots)",
}

// replacedOnly are the types whose deletion is an ordinary change (a role removed from
// eks.adminRoleArns) but whose replacement fails: EKS holds one access entry per principal, and
// a replacement creates the new one before deleting the old.
var replacedOnly = map[string]string{
	"aws:eks/accessEntry:AccessEntry": "EKS holds one access entry per principal: the replacement fails with 409 until reverted (README: upgrading)",
}

// cassandraRing is the type of the Cassandra component, whose instances are checked rack by rack.
const cassandraRing = "platform:cassandra:Cassandra"

// Kinds of finding: each fails the guard but an allowed one.
const (
	disruptive = "disruptive" // replaces or deletes what holds data or serves traffic
	refused    = "refused"    // AWS refuses the change: the update would stop partway
	allowed    = "allowed"    // disruptive, but named by --allow
)

type finding struct {
	kind, text string
}

func (f finding) String() string { return f.kind + ": " + f.text }

// check lists the findings of a preview. Disruptive steps of the types and URNs allowed are
// listed as allowed; changes AWS refuses cannot be allowed.
func check(p preview, allow []string) []finding {
	var findings []finding
	seen := map[resource.URN]bool{}
	// rack → the Cassandra nodes restarted in it: all of them, and those not allowed
	restarts, unallowedRestarts := map[string][]string{}, map[string][]string{}
	allowedRestart := false
	for _, s := range p.Steps {
		typ := string(s.URN.Type())
		kind := disruptive
		if slices.Contains(allow, typ) || slices.Contains(allow, string(s.URN)) {
			kind = allowed
		}
		if why, ok := refusedUpdate(s); ok {
			findings = append(findings, finding{refused, fmt.Sprintf("%s %s %s: %s", s.Op, typ, s.URN.Name(), why)})
			continue
		}
		if rack, why, ok := cassandraRestart(s); ok {
			node := s.URN.Name() + " (" + why + ")"
			restarts[rack] = append(restarts[rack], node)
			if kind == allowed {
				allowedRestart = true
			} else {
				unallowedRestarts[rack] = append(unallowedRestarts[rack], node)
			}
			continue
		}
		if !slices.Contains(removing, s.Op) || seen[s.URN] || retained(s) {
			continue
		}
		why, ok := serving[typ]
		if !ok && slices.Contains(guardrails.StatefulTypes, typ) {
			why, ok = "holds data, which goes with it", true
		}
		if r, replaced := replacedOnly[typ]; replaced && s.Op != "delete" {
			why, ok = r, true
		}
		if ok {
			seen[s.URN] = true
			findings = append(findings, finding{kind, fmt.Sprintf("%s %s %s%s: %s", s.Op, typ, s.URN.Name(), reasons(s), why)})
		}
	}
	// The ring's restarts are disruptive when those not allowed span racks; allowed ones are
	// listed when all of them together span racks.
	if f, ok := ringRestarts(unallowedRestarts); ok {
		findings = append(findings, finding{disruptive, f})
	}
	if f, ok := ringRestarts(restarts); ok && allowedRestart {
		findings = append(findings, finding{allowed, f})
	}
	return findings
}

// ringRestarts describes Cassandra restarts that span more than one rack.
func ringRestarts(byRack map[string][]string) (string, bool) {
	if len(byRack) < 2 {
		return "", false
	}
	racks := make([]string, 0, len(byRack))
	for rack := range byRack {
		racks = append(racks, rack)
	}
	sort.Strings(racks)
	var each []string
	for _, rack := range racks {
		nodes := slices.Clone(byRack[rack])
		sort.Strings(nodes)
		each = append(each, fmt.Sprintf("%s: %s", rack, strings.Join(nodes, ", ")))
	}
	return fmt.Sprintf("cassandra nodes of %d racks restart in one update, which can cost token ranges their quorum; move the change through platform:cassandra.rollout, one rack per step (%s)",
		len(racks), strings.Join(each, "; ")), true
}

// reasons names the properties that force a replacement, as the preview gives them.
func reasons(s step) string {
	if len(s.ReplaceReasons) == 0 {
		return ""
	}
	return " (" + strings.Join(s.ReplaceReasons, ", ") + " changed)"
}

// cassandraRestart tells whether a step stops or replaces a Cassandra node's instance, and in
// which rack: a replacement, or an update of its instance type (stop, change, start). Updates of
// tags and other settings EC2 changes on a running instance are not restarts.
func cassandraRestart(s step) (rack, why string, ok bool) {
	if s.URN.Type() != "aws:ec2/instance:Instance" || !strings.Contains(string(s.URN.QualifiedType()), cassandraRing+"$") {
		return "", "", false
	}
	switch {
	case s.Op == "replace" || s.Op == "create-replacement":
		why = "replaced"
	case s.Op == "update" && slices.Contains(s.DiffReasons, "instanceType"):
		why = "instance type changed"
	default:
		return "", "", false
	}
	for _, state := range []*apitype.ResourceV3{s.NewState, s.OldState} {
		if state == nil {
			continue
		}
		if tags, _ := state.Inputs["tags"].(map[string]any); tags != nil {
			if r, _ := tags["CassandraRack"].(string); r != "" {
				return r, why, true
			}
		}
	}
	return "unknown rack", why, true
}

// retained tells whether a deletion leaves the resource in AWS (prod's data volumes, retained on
// delete). A replacement is disruptive all the same: the node gets a new, empty volume.
func retained(s step) bool {
	return s.Op == "delete" && s.OldState != nil && s.OldState.RetainOnDelete
}
