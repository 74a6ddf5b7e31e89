package guardrails_test

import (
	"strings"
	"testing"

	"github.com/platform-team/platform/stacks/envconfig"
)

const cassandraComponent = "platform:cassandra:Cassandra"

// node is a Cassandra instance of the ring component in a zone ("" leaves the zone unknown).
func node(i int, zone string) res {
	tags := map[string]any{"CassandraCluster": "platform-prod", "CassandraRack": zone}
	if zone == "" {
		tags["CassandraRack"] = unknown
	}
	return res{
		typ: instance, name: "ring-node-" + string(rune('0'+i)), parents: []string{cassandraComponent},
		parent: urn(cassandraComponent, "ring"),
		props: map[string]any{
			"instanceType":    "m6i.large",
			"rootBlockDevice": map[string]any{"volumeSize": 30, "volumeType": "gp3", "encrypted": true},
			"tags":            tags,
		},
	}
}

var ringComponent = res{typ: cassandraComponent, name: "ring"}

func wantStack(t *testing.T, got *violations, want ...string) {
	t.Helper()
	if len(got.messages) != len(want) {
		t.Fatalf("want %d violation(s) %q, got %q", len(want), want, got.messages)
	}
	for i, w := range want {
		if !strings.Contains(got.messages[i], w) {
			t.Errorf("violation %d: want it to contain %q, got %q", i, w, got.messages[i])
		}
	}
}

// withBudget is a dev environment with a monthly budget (0: none).
func withBudget(usd float64) *envconfig.Environment {
	env := testEnv("dev")
	env.Cost.BudgetMonthlyUSD = usd
	return env
}

// generalGroup is a node group's inputs: 3 m5.xlarge nodes, 6 at most. A function, so that no two
// tests share one props map.
func generalGroup() res {
	return res{typ: "eks:index:ManagedNodeGroup", name: "general", props: map[string]any{
		"instanceTypes": []string{"m5.xlarge"}, "diskSize": 50,
		"scalingConfig": map[string]any{"minSize": 3, "desiredSize": 3, "maxSize": 6},
	}}
}

func TestCostWithinBudget(t *testing.T) {
	ring := []res{ringComponent, node(0, "us-east-1a")} // about 72 USD a month
	t.Run("within", func(t *testing.T) {
		wantStack(t, checkStack(t, newPack(t, withBudget(1000)), "cost-within-budget", ring, nil))
	})
	t.Run("over the stack's budget", func(t *testing.T) {
		wantStack(t, checkStack(t, newPack(t, withBudget(50)), "cost-within-budget", ring, nil),
			"exceeds the budget of 50.00 USD/month by 22.48 (largest: ring 72.48)")
	})
	t.Run("over the pack config's budget", func(t *testing.T) {
		wantStack(t, checkStack(t, newPack(t, withBudget(1000)), "cost-within-budget", ring, map[string]any{"budgetMonthly": 20.0}),
			"exceeds the budget of 20.00 USD/month")
	})
	t.Run("no budget", func(t *testing.T) {
		wantStack(t, checkStack(t, newPack(t, withBudget(0)), "cost-within-budget", ring, nil))
	})
}

// AnalyzeStack sends outputs, and a remote component's outputs do not repeat its inputs: the
// stack policies price the inputs that Analyze saw.
func TestStackPoliciesSeeTheInputsAnalyzeSaw(t *testing.T) {
	env := withBudget(300)
	inputs := generalGroup()
	outputs := res{typ: inputs.typ, name: inputs.name, props: map[string]any{"nodeGroup": "ng-1"}}

	pack := newPack(t, env)
	checkResource(t, pack, "required-tags", inputs, nil) // the engine analyzes every resource first
	wantStack(t, checkStack(t, pack, "cost-within-budget", []res{outputs}, nil), "exceeds the budget of 300.00")

	unseen := newPack(t, env)
	wantStack(t, checkStack(t, unseen, "cost-within-budget", []res{outputs}, nil))
}

// The budget holds the configured sizes; the advisory check warns when the autoscalers' ceiling
// (here 6 instead of 3 m5.xlarge nodes) would exceed it.
func TestCostMaxWithinBudget(t *testing.T) {
	group := generalGroup()
	for budget, want := range map[float64][]string{
		2000: nil,
		600:  {"at the autoscalers' maximum sizes the stack would cost 864.96 USD/month, 264.96 over the budget of 600.00"},
		0:    nil,
	} {
		pack := newPack(t, withBudget(budget))
		checkResource(t, pack, "required-tags", group, nil) // Analyze sees the inputs first
		wantStack(t, checkStack(t, pack, "cost-max-within-budget", []res{group}, nil), want...)
		if budget == 600 {
			wantStack(t, checkStack(t, pack, "cost-within-budget", []res{group}, nil)) // 432.48 at desired size
		}
	}
}

func TestCostFullyPriced(t *testing.T) {
	pack := newPack(t, testEnv("dev"))
	wantStack(t, checkStack(t, pack, "cost-fully-priced", []res{ringComponent, node(0, "us-east-1a")}, nil))

	db := res{typ: "aws:rds/instance:Instance", name: "db", props: map[string]any{"instanceClass": "db.r6g.large"}}
	got := checkStack(t, pack, "cost-fully-priced", []res{db}, nil)
	wantStack(t, got, "aws:rds/instance:Instance db is not priced")
	if got.urns[0] != urn(db.typ, db.name) {
		t.Errorf("want the violation on %s, got %q", urn(db.typ, db.name), got.urns[0])
	}

	preview := node(1, "us-east-1a")
	preview.props["instanceType"] = unknown
	wantStack(t, checkStack(t, pack, "cost-fully-priced", []res{preview}, nil))

	// Resources unpriced alike are one report, on the first of them; one still unknown during a
	// preview is left out of it.
	dbs := []res{preview}
	for _, name := range []string{"db-2", "db-0", "db-1"} {
		dbs = append(dbs, res{typ: db.typ, name: name, props: map[string]any{"instanceClass": "db.r6g.large"}})
	}
	dbs = append(dbs, res{typ: db.typ, name: "db-3", props: map[string]any{"instanceClass": unknown}})
	got = checkStack(t, pack, "cost-fully-priced", dbs, nil)
	wantStack(t, got, "3 × aws:rds/instance:Instance (db-0 … db-2) are not priced")
	if got.urns[0] != urn(db.typ, "db-0") {
		t.Errorf("want the violation on %s, got %q", urn(db.typ, "db-0"), got.urns[0])
	}
}

func TestCassandraZoneSpread(t *testing.T) {
	prod := newPack(t, testEnv("prod")) // replication factor 3
	t.Run("three zones", func(t *testing.T) {
		wantStack(t, checkStack(t, prod, "cassandra-zone-spread",
			[]res{ringComponent, node(0, "us-east-1a"), node(1, "us-east-1b"), node(2, "us-east-1c")}, nil))
	})
	t.Run("two zones", func(t *testing.T) {
		got := checkStack(t, prod, "cassandra-zone-spread",
			[]res{ringComponent, node(0, "us-east-1a"), node(1, "us-east-1b"), node(2, "us-east-1a")}, nil)
		wantStack(t, got, "ring spans 2 zone(s) (us-east-1a, us-east-1b); prod needs at least 3")
		if got.urns[0] != urn(cassandraComponent, "ring") {
			t.Errorf("want the violation on the ring's component, got %q", got.urns[0])
		}
	})
	t.Run("fewer nodes than replicas", func(t *testing.T) {
		wantStack(t, checkStack(t, prod, "cassandra-zone-spread", []res{ringComponent, node(0, "us-east-1a"), node(1, "us-east-1b")},
			map[string]any{"cassandraMinZones": 2.0}),
			"ring has 2 nodes for replication factor 3")
	})
	t.Run("zone unknown at preview", func(t *testing.T) {
		wantStack(t, checkStack(t, prod, "cassandra-zone-spread", []res{ringComponent, node(0, "us-east-1a"), node(1, ""), node(2, "")}, nil))
	})
	t.Run("dev in two zones", func(t *testing.T) {
		dev := newPack(t, testEnv("dev"))
		wantStack(t, checkStack(t, dev, "cassandra-zone-spread", []res{ringComponent, node(0, "us-east-1a"), node(1, "us-east-1b"), node(2, "us-east-1a")}, nil))
	})
}

func TestStatefulResourcesProtected(t *testing.T) {
	data := res{typ: volume, name: "ring-node-0-data", props: map[string]any{"size": 500, "encrypted": true}, protect: true}
	cache := res{typ: replicationGroup, name: "cache", props: map[string]any{}}
	prod := newPack(t, testEnv("prod"))
	wantStack(t, checkStack(t, prod, "stateful-resources-protected", []res{data}, nil))
	wantStack(t, checkStack(t, prod, "stateful-resources-protected", []res{data, cache}, nil),
		"aws:elasticache/replicationGroup:ReplicationGroup cache holds data but is not protected")
	wantStack(t, checkStack(t, newPack(t, testEnv("dev")), "stateful-resources-protected", []res{cache}, nil))
}

func TestHTTPRedirectsToHTTPS(t *testing.T) {
	lb := urn(lbComponent, "lb")
	https := res{typ: listener, name: "lb-443", parents: []string{lbComponent}, parent: lb, props: map[string]any{
		"protocol": "HTTPS", "loadBalancerArn": unknown,
		"defaultActions": []any{map[string]any{"type": "forward"}},
	}}
	httpTo := func(action map[string]any) res {
		return res{typ: listener, name: "lb-80", parents: []string{lbComponent}, parent: lb, props: map[string]any{
			"protocol": "HTTP", "loadBalancerArn": unknown, "defaultActions": []any{action},
		}}
	}
	redirect := map[string]any{"type": "redirect", "redirect": map[string]any{"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}
	forward := map[string]any{"type": "forward"}
	pack := newPack(t, testEnv("prod"))
	wantStack(t, checkStack(t, pack, "lb-http-redirects-to-https", []res{https, httpTo(redirect)}, nil))
	wantStack(t, checkStack(t, pack, "lb-http-redirects-to-https", []res{https, httpTo(forward)}, nil),
		`HTTP listener lb-80 answers with "forward" next to an HTTPS listener`)
	wantStack(t, checkStack(t, pack, "lb-http-redirects-to-https", []res{httpTo(forward)}, nil))
}
