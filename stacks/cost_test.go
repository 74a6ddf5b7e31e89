package stacks_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/platform-team/platform/cost"
	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks/envconfig"
)

func envOf(t *testing.T, stack string) *envconfig.Environment {
	t.Helper()
	cfg := loadConfig(t, stack)
	env, err := envconfig.Load(cfg.Project, stack, cfg.Lookup)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// exportedCost decodes the stack's `cost` output.
func exportedCost(t *testing.T, res *offline.Result) cost.Estimate {
	t.Helper()
	out, ok := res.Outputs["cost"]
	if !ok || !out.Known {
		t.Fatalf("cost not exported or unknown: %+v", out)
	}
	b, err := json.Marshal(out.Value)
	if err != nil {
		t.Fatal(err)
	}
	var est cost.Estimate
	if err := json.Unmarshal(b, &est); err != nil {
		t.Fatal(err)
	}
	return est
}

// The stack's own `cost` output (priced from what the program recorded as it registered) equals
// the model run over what the engine received: the recorder misses nothing and adds nothing. Its
// oldestPriceDate is the oldest source date of the prices its lines use.
func TestCostOutputMatchesRegisteredResources(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, stack := range shippedStacks {
		res := mustRun(t, stack)
		exported := exportedCost(t, res)
		planned, err := cost.Price(cat, cost.InputsFor(envOf(t, stack)), res.Planned())
		if err != nil {
			t.Fatal(err)
		}
		if exported.Monthly != planned.Monthly || len(exported.Lines) != len(planned.Lines) || len(exported.Unpriced) != len(planned.Unpriced) {
			t.Errorf("%s: exported %.2f/month in %d lines (%d unpriced), engine view %.2f in %d lines (%d unpriced)",
				stack, exported.Monthly, len(exported.Lines), len(exported.Unpriced), planned.Monthly, len(planned.Lines), len(planned.Unpriced))
		}
		if diff := lineDiff(exported.Lines, planned.Lines); diff != "" {
			t.Errorf("%s: lines differ:\n%s", stack, diff)
		}
		if exported.Monthly <= 0 {
			t.Errorf("%s: nothing priced", stack)
		}
		// oldestPriceDate is the oldest source date among the prices the lines use, looked up
		// here independently in the catalog.
		oldest := ""
		for _, l := range exported.Lines {
			p, ok := cat.Lookup(exported.Region, l.Service, l.Item)
			if !ok {
				t.Fatalf("%s: line %s/%s not in the catalog", stack, l.Service, l.Item)
			}
			if oldest == "" || p.Date < oldest {
				oldest = p.Date
			}
		}
		if exported.OldestPriceDate != oldest || oldest == "" || oldest > exported.CatalogDate {
			t.Errorf("%s: oldestPriceDate %q, want %q (catalog date %s)", stack, exported.OldestPriceDate, oldest, exported.CatalogDate)
		}
	}
}

// During a preview, ids and addresses are unknown, but the estimate is complete: it depends only
// on config-derived inputs.
func TestCostKnownDuringPreview(t *testing.T) {
	preview := exportedCost(t, runAs(t, loadConfig(t, "prod"), true))
	full := exportedCost(t, mustRun(t, "prod"))
	if preview.Monthly != full.Monthly || len(preview.Lines) != len(full.Lines) {
		t.Fatalf("preview %.2f in %d lines, up %.2f in %d lines", preview.Monthly, len(preview.Lines), full.Monthly, len(full.Lines))
	}
}

// lineDiff lists the lines only one side has.
func lineDiff(a, b []cost.Line) string {
	count := map[string]int{}
	for _, l := range a {
		count[fmt.Sprintf("%+v", l)]++
	}
	for _, l := range b {
		count[fmt.Sprintf("%+v", l)]--
	}
	var out []string
	for l, n := range count {
		switch {
		case n > 0:
			out = append(out, "  only exported: "+l)
		case n < 0:
			out = append(out, "  only registered: "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
