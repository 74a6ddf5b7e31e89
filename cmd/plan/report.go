package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/platform-team/platform/cost"
	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks"
	"github.com/platform-team/platform/stacks/envconfig"
)

// Report is the plan of one stack. Its JSON form is the stable contract documented in README.md.
type Report struct {
	Stack     string         `json:"stack"`
	Project   string         `json:"project"`
	Region    string         `json:"region"`
	Resources []ResourceRow  `json:"resources"`
	Counts    map[string]int `json:"counts"` // registered resources by type
	// Endpoints are the stack's `endpoints` output as the mock engine answered it: their shape is
	// real, their values are known only after `pulumi up`.
	Endpoints      map[string]any `json:"endpoints"`
	EndpointsKnown bool           `json:"endpointsKnown"`
	Cost           *cost.Estimate `json:"cost"`
	Policies       PolicyReport   `json:"policies"`
	Notices        []string       `json:"notices"`
	Compare        *Comparison    `json:"compare,omitempty"`
}

// ResourceRow is one registered resource.
type ResourceRow struct {
	Type      string `json:"type"`
	Name      string `json:"name"`
	Component string `json:"component"`
	Protect   bool   `json:"protect"`
}

// PolicyReport holds the policy pack's verdicts.
type PolicyReport struct {
	Evaluated  bool        `json:"evaluated"`
	Violations []Violation `json:"violations"`
}

// Violation is one policy verdict against a resource or the stack.
type Violation struct {
	Policy   string `json:"policy"`
	Level    string `json:"level"` // mandatory or advisory
	Resource string `json:"resource"`
	Message  string `json:"message"`
}

// Failed tells whether the plan must exit 1: a mandatory policy failed or the budget is exceeded.
func (r *Report) Failed() bool {
	if r.Cost != nil && r.Cost.OverBudget {
		return true
	}
	for _, v := range r.Policies.Violations {
		if v.Level == "mandatory" {
			return true
		}
	}
	return false
}

// errConfig marks errors of the stack's config or of the command's usage (exit code 2).
var errConfig = errors.New("bad configuration")

// plan runs one stack on the mock engine and builds its report.
func plan(dir, stack string, sets []string) (*Report, error) {
	cfg, err := offline.LoadStack(dir, stack, sets...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errConfig, err)
	}
	res, err := offline.Run(stacks.Program, cfg.Options())
	if err != nil {
		var problems envconfig.Errors
		if errors.As(err, &problems) {
			return nil, fmt.Errorf("%w: %w", errConfig, problems)
		}
		return nil, err
	}
	env, err := envconfig.Load(cfg.Project, stack, cfg.Lookup)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errConfig, err)
	}
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	est, err := cost.Price(cat, cost.InputsFor(env), res.Planned())
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errConfig, err)
	}
	report := &Report{
		Stack: stack, Project: cfg.Project, Region: env.Region,
		Counts: map[string]int{}, Cost: est, Policies: PolicyReport{Violations: []Violation{}},
		Endpoints: map[string]any{}, Notices: []string{},
	}
	for _, r := range res.Resources {
		if r.Type == "pulumi:pulumi:Stack" {
			continue
		}
		report.Resources = append(report.Resources, ResourceRow{Type: r.Type, Name: r.Name, Component: res.Component(r), Protect: r.Protect})
		report.Counts[r.Type]++
	}
	if out, ok := res.Outputs["endpoints"]; ok {
		if m, ok := out.Value.(map[string]any); ok {
			report.Endpoints = m
		}
	}
	for _, key := range cfg.Placeholders {
		report.Notices = append(report.Notices, fmt.Sprintf(
			"%s is a secret the stack file does not set: a placeholder stands in offline; `pulumi up` needs it (pulumi config set --secret %s ...)",
			key, strings.TrimPrefix(key, cfg.Project+":")))
	}
	if err := evaluatePolicies(report, dir, env, res); err != nil {
		return nil, err
	}
	return report, nil
}

// components lists the report's components with their resource counts, in name order.
func (r *Report) components() []string {
	seen := map[string]bool{}
	for _, row := range r.Resources {
		seen[row.Component] = true
	}
	names := make([]string, 0, len(seen))
	for c := range seen {
		names = append(names, c)
	}
	sort.Strings(names)
	return names
}
