package stacks

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/cost"
	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/stacks/envconfig"
)

// priceStack prices what the program registered (recorded by rec) and exports it as `cost`. The
// estimate depends only on config-derived inputs, so it is fully known during a preview.
func priceStack(ctx *pulumi.Context, env *envconfig.Environment, cat *catalog.Catalog, rec *cost.Recorder) error {
	est, err := cost.Price(cat, cost.InputsFor(env), rec.Resources())
	if err != nil {
		return err
	}
	// Exported as plain JSON-shaped values so `pulumi stack output cost --json` reads like the plan.
	b, err := json.Marshal(est)
	if err != nil {
		return fmt.Errorf("encoding the cost estimate: %w", err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Errorf("encoding the cost estimate: %w", err)
	}
	ctx.Export("cost", pulumi.ToMap(out))
	return nil
}
