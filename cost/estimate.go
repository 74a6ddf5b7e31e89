package cost

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/stacks/envconfig"
)

// Inputs of one estimate besides the resources.
type Inputs struct {
	Region string
	// Zones the stack spans: an internet-facing load balancer holds a public IPv4 address in each.
	Zones         int
	Usage         envconfig.Usage
	BudgetMonthly float64
	// Day (YYYY-MM-DD, UTC) the estimate is made: it prices the month that follows, so an EKS
	// version whose standard support ends within it is priced at the extended cluster-hour.
	Day string
}

// InputsFor are the estimate's settings from a stack's config: the stack's own `cost` output,
// the offline plan and the policy pack's budget check all price with them.
func InputsFor(env *envconfig.Environment) Inputs {
	return Inputs{Region: env.Region, Zones: env.Network.Zones(), Usage: env.Cost.Usage, BudgetMonthly: env.Cost.BudgetMonthlyUSD,
		Day: time.Now().UTC().Format(catalog.DateLayout)}
}

// pricer prices one resource; it adds lines and unpriced entries through the estimator.
type pricer func(e *estimator, r Resource)

// estimator holds the state of one estimate.
type estimator struct {
	cat      *catalog.Catalog
	in       Inputs
	byType   map[string][]Resource
	lines    []resourceLine     // one per resource and item, grouped into Lines at the end
	unpriced []resourceUnpriced // grouped into Unpriced at the end
	oldest   string             // source date of the oldest price used
}

// Price prices resources in the catalog's prices for the region. A region the catalog does
// not cover is an error; a billable resource it cannot price is listed in Unpriced.
func Price(cat *catalog.Catalog, in Inputs, resources []Resource) (*Estimate, error) {
	if !hasRegion(cat, in.Region) {
		return nil, fmt.Errorf("aws:region: %q has no prices in the cost catalog; covered regions: %v", in.Region, cat.Regions())
	}
	e := &estimator{cat: cat, in: in, byType: map[string][]Resource{}, lines: make([]resourceLine, 0, len(resources))}
	for _, r := range resources {
		e.byType[r.Type] = append(e.byType[r.Type], r)
	}
	for _, r := range resources {
		if p, ok := pricers[r.Type]; ok {
			p(e, r)
			continue
		}
		if !free(r.Type) {
			e.unpricedf(r, "resource type is not in the cost model's registry (cost/pricers.go): add a pricer or list it as free")
		}
	}
	return e.result(), nil
}

func hasRegion(cat *catalog.Catalog, region string) bool {
	for _, r := range cat.Regions() {
		if r == region {
			return true
		}
	}
	return false
}

// add prices quantity units (per month) of a catalog item for a resource.
func (e *estimator) add(r Resource, service, item string, quantity float64, note string) {
	e.addRange(r, service, item, quantity, quantity, quantity, note)
}

// addRange is add for an autoscaled item: quantity at desired size, and its min and max.
func (e *estimator) addRange(r Resource, service, item string, quantity, minQ, maxQ float64, note string) {
	p, ok := e.cat.Lookup(e.in.Region, service, item)
	if !ok {
		e.unpricedf(r, "the catalog has no price for %s %q in %s", service, item, e.in.Region)
		return
	}
	if e.oldest == "" || p.Date < e.oldest {
		e.oldest = p.Date
	}
	monthly := p.USD * quantity
	e.lines = append(e.lines, resourceLine{resource: r.Name, Line: Line{
		Service: service, Item: item, Note: note, Unit: p.Unit, UnitPrice: p.USD, Quantity: quantity,
		Hourly: monthly / HoursPerMonth, Monthly: monthly,
		MinMonthly: p.USD * minQ, MaxMonthly: p.USD * maxQ,
		Type: r.Type, Component: r.Component,
	}})
}

// usage marks the last line as coming from a usage assumption.
func (e *estimator) usage(key string) {
	if n := len(e.lines); n > 0 {
		e.lines[n-1].Usage = key
	}
}

func (e *estimator) unpricedf(r Resource, format string, args ...any) {
	e.unpriced = append(e.unpriced, resourceUnpriced{resource: r.Name,
		Unpriced: Unpriced{Type: r.Type, Component: r.Component, Reason: fmt.Sprintf(format, args...)}})
}

func (e *estimator) result() *Estimate {
	slices.SortStableFunc(e.lines, func(a, b resourceLine) int {
		return cmp.Or(cmp.Compare(a.Component, b.Component), cmp.Compare(a.resource, b.resource),
			cmp.Compare(a.Type, b.Type), cmp.Compare(a.Item, b.Item))
	})
	est := &Estimate{
		Currency: catalog.Currency, Region: e.in.Region, CatalogDate: e.cat.Date(), OldestPriceDate: e.oldest,
		Components: map[string]float64{}, BudgetMonthly: e.in.BudgetMonthly,
		Lines: groupLines(e.lines), Unpriced: groupUnpriced(e.unpriced),
	}
	for _, l := range est.Lines {
		est.Monthly += l.Monthly
		est.MinMonthly += l.MinMonthly
		est.MaxMonthly += l.MaxMonthly
		est.Components[componentKey(l.Component)] += l.Monthly
	}
	est.Monthly = Cents(est.Monthly)
	est.MinMonthly = Cents(est.MinMonthly)
	est.MaxMonthly = Cents(est.MaxMonthly)
	est.Hourly = math.Round(est.Monthly/HoursPerMonth*1e4) / 1e4
	for k, v := range est.Components {
		est.Components[k] = Cents(v)
	}
	est.OverBudget = est.BudgetMonthly > 0 && est.Monthly > est.BudgetMonthly
	return est
}

// resourceLine is one resource's line before grouping: Quantity and the amounts are its own.
type resourceLine struct {
	Line
	resource string
}

// groupLines makes one Line of the resources priced alike, in the order of their first
// resource. Nothing but the resource's name may differ within a line, so its amounts are those of
// one entry times the entries (a resource may have two alike, such as two equal volumes of a
// launch template), computed once rather than summed, so that they stay exact.
func groupLines(lines []resourceLine) []Line {
	type alike struct {
		service, item, unit, typ, component, usage, note string
		unitPrice, quantity, minMonthly, maxMonthly      float64
	}
	var (
		grouped = []Line{} // each keeps one entry's amounts until they are multiplied below
		entries []int
		index   = map[alike]int{}
	)
	for _, r := range lines {
		k := alike{r.Service, r.Item, r.Unit, r.Type, r.Component, r.Usage, r.Note, r.UnitPrice, r.Quantity, r.MinMonthly, r.MaxMonthly}
		i, ok := index[k]
		if !ok {
			i = len(grouped)
			index[k] = i
			grouped, entries = append(grouped, r.Line), append(entries, 0)
		}
		entries[i]++
		grouped[i].Resources = appendName(grouped[i].Resources, r.resource)
	}
	for i := range grouped {
		l, n := &grouped[i], float64(entries[i])
		l.Count = len(l.Resources)
		l.Quantity *= n
		l.Monthly = l.UnitPrice * l.Quantity
		l.Hourly = l.Monthly / HoursPerMonth
		l.MinMonthly *= n
		l.MaxMonthly *= n
	}
	return grouped
}

// appendName adds a resource's name unless it is the last one: a resource's entries of one
// group come one after another.
func appendName(names []string, name string) []string {
	if n := len(names); n > 0 && names[n-1] == name {
		return names
	}
	return append(names, name)
}

// resourceUnpriced is one resource's unpriced entry before grouping.
type resourceUnpriced struct {
	Unpriced
	resource string
}

// groupUnpriced makes one entry of the resources of a type and component unpriced for the same
// reason (a ring's 2000 alarms in a region without CloudWatch prices), names sorted.
func groupUnpriced(entries []resourceUnpriced) []Unpriced {
	slices.SortStableFunc(entries, func(a, b resourceUnpriced) int {
		return cmp.Or(cmp.Compare(a.Component, b.Component), cmp.Compare(a.resource, b.resource),
			cmp.Compare(a.Type, b.Type), cmp.Compare(a.Reason, b.Reason))
	})
	type alike struct{ typ, component, reason string }
	grouped := []Unpriced{}
	index := map[alike]int{}
	for _, r := range entries {
		k := alike{r.Type, r.Component, r.Reason}
		i, ok := index[k]
		if !ok {
			i = len(grouped)
			index[k] = i
			grouped = append(grouped, r.Unpriced)
		}
		grouped[i].Resources = appendName(grouped[i].Resources, r.resource)
		grouped[i].Count = len(grouped[i].Resources)
	}
	return grouped
}

func componentKey(c string) string {
	if c == "" {
		return "stack"
	}
	return c
}

// Cents rounds an amount to the cent, the precision totals are reported at.
func Cents(v float64) float64 { return math.Round(v*100) / 100 }
