package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "PULUMI_") {
			os.Unsetenv(k)
		}
	}
	os.Exit(m.Run())
}

// plan runs the command in-process from the project root.
func runPlan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"--dir", "../.."}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func jsonReport(t *testing.T, args ...string) (int, map[string]any) {
	t.Helper()
	code, out, errOut := runPlan(t, append(args, "--format", "json")...)
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("plan %v: output is not JSON (%v); stderr: %s", args, err, errOut)
	}
	return code, r
}

// The JSON form is the documented contract: every field the README lists is there.
func TestJSONContract(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "prod"} {
		code, r := jsonReport(t, "--stack", stack)
		if code != exitOK {
			t.Fatalf("%s: exit %d", stack, code)
		}
		for _, k := range []string{"stack", "resources", "endpoints", "cost", "policies", "notices"} {
			if _, ok := r[k]; !ok {
				t.Errorf("%s: no %q", stack, k)
			}
		}
		if r["stack"] != stack {
			t.Errorf("stack = %v", r["stack"])
		}
		res := r["resources"].([]any)[0].(map[string]any)
		for _, k := range []string{"type", "name", "component"} {
			if _, ok := res[k]; !ok {
				t.Errorf("%s: resources[] lack %q", stack, k)
			}
		}
		c := r["cost"].(map[string]any)
		for _, k := range []string{"currency", "region", "hourly", "monthly", "budgetMonthly", "overBudget", "lines", "unpriced"} {
			if _, ok := c[k]; !ok {
				t.Errorf("%s: cost lacks %q", stack, k)
			}
		}
		line := c["lines"].([]any)[0].(map[string]any)
		for _, k := range []string{"service", "item", "unit", "unitPrice", "quantity", "hourly", "monthly", "count", "resources", "component"} {
			if _, ok := line[k]; !ok {
				t.Errorf("%s: cost.lines[] lack %q", stack, k)
			}
		}
		policies := r["policies"].(map[string]any)
		if _, ok := policies["violations"].([]any); !ok || policies["evaluated"] != true {
			t.Errorf("%s: policies not evaluated: %v", stack, policies)
		}
	}
}

func TestTableAndMarkdown(t *testing.T) {
	code, out, _ := runPlan(t)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Stack dev", "Resources (", "Endpoints", "Cost (USD, us-east-1", "TOTAL:", "budget: $1500.00/month", "Policies"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runPlan(t, "--stack", "prod", "--format", "markdown")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"## Plan of stack `prod`", "### Cost", "| COMPONENT | RESOURCES | SERVICE |", "r6i.2xlarge"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestSetOverridesConfig(t *testing.T) {
	_, base := jsonReport(t)
	_, grown := jsonReport(t, "--set", "cassandra.nodeCount=6", "--set", "platform:cost.budgetMonthly=5000")
	count := func(r map[string]any) float64 {
		return r["counts"].(map[string]any)["aws:ec2/instance:Instance"].(float64)
	}
	if count(base) != 3 || count(grown) != 6 {
		t.Fatalf("instances %v → %v, want 3 → 6", count(base), count(grown))
	}
	if grown["cost"].(map[string]any)["budgetMonthly"].(float64) != 5000 {
		t.Errorf("budget not overridden: %v", grown["cost"].(map[string]any)["budgetMonthly"])
	}
}

func TestCompare(t *testing.T) {
	code, r := jsonReport(t, "--compare", "prod")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	cmp := r["compare"].(map[string]any)
	monthly, other := cmp["monthly"].(float64), cmp["otherMonthly"].(float64)
	if cmp["other"] != "prod" || other <= monthly {
		t.Fatalf("compare %v", cmp)
	}
	if diff := cmp["difference"].(float64); diff > monthly-other+0.01 || diff < monthly-other-0.01 {
		t.Errorf("difference %.2f, want %.2f", diff, monthly-other)
	}
	sum := 0.0
	for _, it := range cmp["items"].([]any) {
		sum += it.(map[string]any)["difference"].(float64)
	}
	if d := sum - (monthly - other); d > 0.5 || d < -0.5 {
		t.Errorf("items add up to %.2f, totals differ by %.2f", sum, monthly-other)
	}
}

func TestGraph(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ file, want string }{
		{"dev.dot", "subgraph cluster_platform_dev_cassandra"},
		{"dev.mmd", "flowchart LR"},
	} {
		path := filepath.Join(dir, c.file)
		if code, _, errOut := runPlan(t, "--graph", path); code != exitOK {
			t.Fatalf("%s: exit %d: %s", c.file, code, errOut)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		g := string(b)
		if !strings.Contains(g, c.want) || !strings.Contains(g, "Instance × 3") {
			t.Errorf("%s lacks %q or the Cassandra instances:\n%s", c.file, c.want, g)
		}
		if !strings.Contains(g, "platform_dev_lb") || !strings.Contains(g, "platform_dev_eks") {
			t.Errorf("%s lacks the load balancer → cluster flow:\n%s", c.file, g)
		}
	}
}

func TestExitCodes(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"fine", nil, exitOK, ""},
		{"over budget", []string{"--set", "cost.budgetMonthly=100"}, exitFailed, ""},
		{"mandatory policy", []string{"--set", "cache.atRestEncryption=false"}, exitFailed, ""},
		{"bad config", []string{"--set", "cassandra.nodeCount=2", "--set", "network.azCount=9"}, exitConfig, "platform:network.azCount"},
		{"unknown stack", []string{"--stack", "qa"}, exitConfig, "Pulumi.qa.yaml"},
		{"unknown format", []string{"--format", "xml"}, exitConfig, "--format"},
		{"bad set", []string{"--set", "cassandra.nodeCount"}, exitConfig, "PATH=VALUE"},
		{"stray argument", []string{"prod"}, exitConfig, "unexpected"},
	}
	for _, c := range cases {
		code, out, errOut := runPlan(t, c.args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d; stderr %s", c.name, code, c.code, errOut)
		}
		if !strings.Contains(errOut, c.err) {
			t.Errorf("%s: stderr %q lacks %q", c.name, errOut, c.err)
		}
		if c.code == exitFailed && !strings.Contains(out, "OVER BUDGET") && !strings.Contains(out, "mandatory") {
			t.Errorf("%s: output does not say why:\n%s", c.name, out)
		}
	}
	// Every problem is named at once.
	_, _, errOut := runPlan(t, "--set", "cassandra.nodeCount=2", "--set", "network.azCount=9")
	if !strings.Contains(errOut, "platform:cassandra.nodeCount") {
		t.Errorf("not every problem named: %s", errOut)
	}
}

// The README's way to keep the PagerDuty URL secret (`pulumi config set --secret --path
// 'monitoring.httpsEndpoints[0]' <url>`) leaves a secure value the offline plan cannot decrypt:
// it must still plan the stack, as the real run will.
func TestSecretEndpointPlansOffline(t *testing.T) {
	dir := t.TempDir()
	project, err := os.ReadFile("../../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	prod, err := os.ReadFile("../../Pulumi.prod.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const email = "    email: [platform-oncall@example.com]\n"
	secure := strings.Replace(string(prod), email, email+"    httpsEndpoints:\n      - secure: v1:c2VjcmV0:ZW5jcnlwdGVkLXVybA==\n", 1)
	if secure == string(prod) {
		t.Fatalf("Pulumi.prod.yaml no longer holds the line %q", email)
	}
	for name, body := range map[string][]byte{"Pulumi.yaml": project, "Pulumi.prod.yaml": []byte(secure)} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"--dir", dir, "--stack", "prod"}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d with a secret endpoint; stderr:\n%s", code, errOut.String())
	}
}
