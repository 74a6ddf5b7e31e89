// Package offline runs the real stack program on the Pulumi SDK's mock engine, with mocks that
// answer the way AWS would, and returns what was registered and exported. Tests, the cost model's
// checks, the policy pack's tests and the offline plan command all run stacks through it.
package offline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/platform-team/platform/cost"
)

// Options describe one mocked run.
type Options struct {
	Project string
	Stack   string
	// Config holds namespaced keys ("platform:network", "aws:region") with the raw values the
	// engine passes: plain text for scalars, JSON for structured values.
	Config map[string]string
	// SecretKeys are the config keys that are secret.
	SecretKeys []string
	// DryRun runs as a preview would.
	DryRun bool
	// Zones the mocked getAvailabilityZones answers; default the region's real zones.
	Zones []string
}

// Output is one resolved stack output.
type Output struct {
	Value  any
	Known  bool
	Secret bool
}

// Result is what one mocked run registered and exported.
type Result struct {
	Project, Stack, Region string
	Resources              []Resource
	Outputs                map[string]Output

	indexOnce  sync.Once
	components map[string]string // URN → component name
}

// awaitTimeout bounds how long an export may take to resolve: an apply that never runs must fail
// the run, not hang it.
const awaitTimeout = 2 * time.Minute

// Run runs program on the mock engine. A program error (bad config included) is returned as is,
// wrapped, so errors.As finds it; the Result holds what was registered before it.
func Run(program pulumi.RunFunc, opts Options) (*Result, error) {
	region := opts.Config["aws:region"]
	mocks := &awsMocks{region: region, zones: opts.Zones, project: opts.Project, stack: opts.Stack}
	if len(mocks.zones) == 0 {
		mocks.zones = RegionZones(region)
	}
	res := &Result{Project: opts.Project, Stack: opts.Stack, Region: region, Outputs: map[string]Output{}}

	body := func(ctx *pulumi.Context) error {
		if err := program(ctx); err != nil {
			return err
		}
		return awaitExports(ctx, res.Outputs)
	}
	err := pulumi.RunErr(body,
		pulumi.WithMocks(opts.Project, opts.Stack, mocks),
		func(info *pulumi.RunInfo) {
			info.Config = opts.Config
			info.ConfigSecretKeys = opts.SecretKeys
			info.DryRun = opts.DryRun
		})
	// The mocks hand their records over rather than copy them: the SDK (v3.274) keeps a run's
	// context, and through it the mocks, alive for good once any resource has a transform
	// (docs/performance.md), and it need not keep the records too.
	mocks.mu.Lock()
	res.Resources, mocks.resources = mocks.resources, nil
	mocks.mu.Unlock()
	slices.SortStableFunc(res.Resources, func(a, b Resource) int { return strings.Compare(a.URN, b.URN) })
	if err != nil {
		return res, fmt.Errorf("stack %s: %w", opts.Stack, err)
	}
	return res, nil
}

func awaitExports(ctx *pulumi.Context, into map[string]Output) error {
	wait, cancel := context.WithTimeout(ctx.Context(), awaitTimeout)
	defer cancel()
	var errs []error
	for name, v := range ctx.GetCurrentExportMap() {
		r, err := internals.UnsafeAwaitOutput(wait, pulumi.ToOutput(v))
		if err != nil {
			errs = append(errs, fmt.Errorf("export %q: %w", name, err))
			continue
		}
		into[name] = Output{Value: r.Value, Known: r.Known, Secret: r.Secret}
	}
	return errors.Join(errs...)
}

// regionZoneCounts are how many availability zones each region offers to a new account.
var regionZoneCounts = map[string]int{"us-east-1": 6, "us-west-2": 4}

// RegionZones names the zones of a region the mocks answer with (three unless known otherwise).
func RegionZones(region string) []string {
	n, ok := regionZoneCounts[region]
	if !ok {
		n = 3
	}
	zones := make([]string, n)
	for i := range zones {
		zones[i] = region + string(rune('a'+i))
	}
	return zones
}

// ByType returns the registered resources of one type, in URN order.
func (r *Result) ByType(typ string) []Resource {
	var out []Resource
	for _, res := range r.Resources {
		if res.Type == typ {
			out = append(out, res)
		}
	}
	return out
}

// Find returns the resource with the given type and name.
func (r *Result) Find(typ, name string) (Resource, bool) {
	for _, res := range r.Resources {
		if res.Type == typ && res.Name == name {
			return res, true
		}
	}
	return Resource{}, false
}

// Component returns the name of the nearest of our components (type platform:*) above a
// resource, or "" for top-level resources: the same attribution the cost Recorder makes.
func (r *Result) Component(res Resource) string {
	r.indexOnce.Do(r.indexComponents)
	return r.components[res.URN]
}

// indexComponents attributes every resource to its component in one pass.
func (r *Result) indexComponents() {
	byURN := make(map[string]Resource, len(r.Resources))
	for _, x := range r.Resources {
		byURN[x.URN] = x
	}
	r.components = make(map[string]string, len(r.Resources))
	for _, res := range r.Resources {
		for p, ok := byURN[res.Parent]; ok; p, ok = byURN[p.Parent] {
			if strings.HasPrefix(p.Type, "platform:") {
				r.components[res.URN] = p.Name
				break
			}
		}
	}
}

// Planned returns the registered resources as the cost model reads them.
func (r *Result) Planned() []cost.Resource {
	out := make([]cost.Resource, 0, len(r.Resources))
	for _, res := range r.Resources {
		out = append(out, cost.Resource{Type: res.Type, Name: res.Name, Component: r.Component(res), Inputs: res.Inputs})
	}
	return out
}
