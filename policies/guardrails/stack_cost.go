package guardrails

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/cost"
)

// costWithinBudget prices the stack with the shared cost model (cost.Price, the same call as the
// stack's `cost` output and the offline plan) and holds it to the budget.
func (p *pack) costWithinBudget() policyx.StackValidationPolicy {
	return p.stackPolicy(policySpec{
		name: "cost-within-budget",
		description: "The stack's estimated monthly cost stays within its budget (platform:cost.budgetMonthly, " +
			"or stack-settings' budgetMonthly).",
		level: policyx.EnforcementLevelMandatory,
	}, func(s *stackView, report stackReportFunc) {
		est, budget, ok := p.budgeted(s, report)
		if !ok || est.Monthly <= budget { // cost.Estimate's OverBudget, for this budget
			return
		}
		msg := fmt.Sprintf("estimated %.2f USD/month exceeds the budget of %.2f USD/month by %.2f (largest: %s)",
			est.Monthly, budget, est.Monthly-budget, largest(est.Components, 3))
		if n := unpricedResources(est); n > 0 {
			msg += fmt.Sprintf("; %d item(s) are not priced, see cost-fully-priced", n)
		}
		report("", "%s", msg)
	})
}

// budgeted returns the stack's estimate and the monthly budget the cost policies hold it to: the
// pack's own setting when given, the stack's platform:cost.budgetMonthly otherwise. It is not ok
// without a budget, or when the estimate fails (which it reports).
func (p *pack) budgeted(s *stackView, report stackReportFunc) (*cost.Estimate, float64, bool) {
	budget := p.env.Cost.BudgetMonthlyUSD
	if s.settings.BudgetMonthly > 0 {
		budget = s.settings.BudgetMonthly
	}
	if budget <= 0 {
		return nil, 0, false
	}
	est, err := p.estimate(s)
	if err != nil {
		report("", "the cost estimate failed: %v", err)
		return nil, 0, false
	}
	return est, budget, true
}

// costMaxWithinBudget: the budget check holds the stack at its configured sizes, but the
// autoscalers may take node groups and caches to their maximum. Advisory: that is a ceiling, not
// a bill.
func (p *pack) costMaxWithinBudget() policyx.StackValidationPolicy {
	return p.stackPolicy(policySpec{
		name:        "cost-max-within-budget",
		description: "At the largest sizes its autoscalers may reach, the stack's monthly cost stays within its budget.",
		level:       policyx.EnforcementLevelAdvisory,
	}, func(s *stackView, report stackReportFunc) {
		est, budget, ok := p.budgeted(s, report)
		if !ok || est.MaxMonthly <= budget {
			return
		}
		report("", "at the autoscalers' maximum sizes the stack would cost %.2f USD/month, %.2f over the budget of %.2f: lower maxSize or autoScaling.maxCapacity, or raise the budget",
			est.MaxMonthly, est.MaxMonthly-budget, budget)
	})
}

// costFullyPriced: a resource the catalog cannot price makes the estimate too low. Values unknown
// during a preview are not held against a resource. Advisory: the estimate still stands.
func (p *pack) costFullyPriced() policyx.StackValidationPolicy {
	return p.stackPolicy(policySpec{
		name:        "cost-fully-priced",
		description: "Every billable resource is priced by the cost model, so the budget check sees the whole stack.",
		level:       policyx.EnforcementLevelAdvisory,
	}, func(s *stackView, report stackReportFunc) {
		est, err := p.estimate(s)
		if err != nil {
			report("", "the cost estimate failed: %v", err)
			return
		}
		// One report per group (a ring's 2000 alarms in a region without CloudWatch prices), on
		// its first resource.
		for _, u := range est.Unpriced {
			var urn string
			var names []string
			for _, name := range u.Resources {
				r, ok := s.find(u.Type, name)
				if ok && r.Properties.HasComputed() {
					continue
				}
				if urn == "" && ok {
					urn = r.URN
				}
				names = append(names, name)
			}
			switch len(names) {
			case 0:
			case 1:
				report(urn, "%s %s is not priced: %s", u.Type, names[0], u.Reason)
			default:
				report(urn, "%d × %s (%s … %s) are not priced: %s", len(names), u.Type, names[0], names[len(names)-1], u.Reason)
			}
		}
	})
}

// estimate prices the stack as the program prices itself: every resource it registers, remote
// components by their inputs, without the children those components register (cost.Recorder never
// sees them either, and pricing both would count node groups twice). It prices without a budget,
// once per stack view, for every policy that asks.
func (p *pack) estimate(s *stackView) (*cost.Estimate, error) {
	s.priced.Do(func() {
		planned := make([]cost.Resource, 0, len(s.resources))
		for i := range s.resources {
			r := &s.resources[i]
			if r.insideForeignComponent() {
				continue
			}
			planned = append(planned, cost.Resource{
				Type: r.Type, Name: r.Name, Component: s.component(r),
				Inputs: resource.ToResourcePropertyMap(r.Properties),
			})
		}
		in := cost.InputsFor(p.env)
		in.BudgetMonthly = 0 // the budget check compares against the estimate itself
		s.estimate, s.priceErr = cost.Price(p.cat, in, planned)
	})
	return s.estimate, s.priceErr
}

// largest lists the n most expensive components.
func largest(components map[string]float64, n int) string {
	names := make([]string, 0, len(components))
	for c := range components {
		names = append(names, c)
	}
	sort.Slice(names, func(i, j int) bool {
		if components[names[i]] != components[names[j]] {
			return components[names[i]] > components[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > n {
		names = names[:n]
	}
	parts := make([]string, len(names))
	for i, c := range names {
		parts[i] = fmt.Sprintf("%s %.2f", c, components[c])
	}
	return strings.Join(parts, ", ")
}

// unpricedResources counts what the estimate could not price: a resource once per reason (a
// volume whose IOPS and throughput are unpriced counts twice).
func unpricedResources(est *cost.Estimate) int {
	n := 0
	for _, u := range est.Unpriced {
		n += u.Count
	}
	return n
}
