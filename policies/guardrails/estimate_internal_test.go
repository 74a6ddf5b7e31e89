package guardrails

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks"
	"github.com/platform-team/platform/stacks/envconfig"
)

// The budget check prices a stack exactly as the stack prices itself in its `cost` output: the
// same cost.Price, the same settings, the same resources (the pack sees what the engine
// registers, the program what it registers itself).
func TestBudgetCheckPricesLikeTheStack(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			cfg, err := offline.LoadStack("../..", stack)
			if err != nil {
				t.Fatal(err)
			}
			res, err := offline.Run(stacks.Program, cfg.Options())
			if err != nil {
				t.Fatal(err)
			}
			env, err := envconfig.Load(cfg.Project, stack, cfg.Lookup)
			if err != nil {
				t.Fatal(err)
			}
			p, err := newPack(env)
			if err != nil {
				t.Fatal(err)
			}
			analyzed := make([]policyx.AnalyzerResource, len(res.Resources))
			for i, r := range res.Resources {
				analyzed[i] = policyx.AnalyzerResource{Type: r.Type, Name: r.Name, URN: r.URN, Parent: r.Parent,
					Properties: resource.FromResourcePropertyMap(r.Inputs), Options: pulumi.ResourceOptions{Protect: r.Protect}}
			}
			est, err := p.estimate(p.seen.stack(analyzed))
			if err != nil {
				t.Fatal(err)
			}
			exported, ok := res.Outputs["cost"].Value.(map[string]any)
			if !ok {
				t.Fatalf("the stack exports no cost: %v", res.Outputs["cost"])
			}
			if exported["monthly"] != est.Monthly {
				var lines []string
				for _, l := range est.Lines {
					lines = append(lines, strings.Join(l.Resources, ",")+" "+l.Item)
				}
				t.Errorf("the pack estimates %.2f USD/month, the stack's cost output says %v\npack lines: %s",
					est.Monthly, exported["monthly"], strings.Join(lines, "; "))
			}
		})
	}
}
