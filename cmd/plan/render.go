package main

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"text/tabwriter"
)

// table is a titled grid the text and markdown renderers both draw.
type table struct {
	title  string
	header []string
	rows   [][]string
	notes  []string
}

func render(w io.Writer, format string, r *Report) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "table":
		fmt.Fprintf(w, "Stack %s (project %s, %s)\n", r.Stack, r.Project, r.Region)
		for _, t := range r.tables() {
			writeText(w, t)
		}
		return nil
	case "markdown":
		fmt.Fprintf(w, "## Plan of stack `%s` (%s)\n", r.Stack, r.Region)
		for _, t := range r.tables() {
			writeMarkdown(w, t)
		}
		return nil
	}
	return fmt.Errorf("%w: --format %q: want table, json or markdown", errConfig, format)
}

func writeText(w io.Writer, t table) {
	fmt.Fprintf(w, "\n%s\n", t.title)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	if len(t.header) > 0 {
		fmt.Fprintln(tw, "  "+strings.Join(t.header, "\t"))
	}
	for _, row := range t.rows {
		fmt.Fprintln(tw, "  "+strings.Join(row, "\t"))
	}
	tw.Flush()
	for _, n := range t.notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
}

func writeMarkdown(w io.Writer, t table) {
	fmt.Fprintf(w, "\n### %s\n\n", t.title)
	if len(t.header) > 0 {
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(t.header, " | "), strings.Repeat(" --- |", len(t.header)))
		for _, row := range t.rows {
			cells := make([]string, len(row))
			for i, c := range row {
				cells[i] = strings.ReplaceAll(c, "|", `\|`)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		fmt.Fprintln(w)
	}
	for _, n := range t.notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
}

func (r *Report) tables() []table {
	ts := []table{r.resourceTable(), r.endpointTable(), r.costTable(), r.policyTable()}
	if r.Compare != nil {
		ts = append(ts, r.Compare.table())
	}
	if len(r.Notices) > 0 {
		ts = append(ts, table{title: "Notices", notes: r.Notices})
	}
	return ts
}

func (r *Report) resourceTable() table {
	t := table{title: fmt.Sprintf("Resources (%d)", len(r.Resources)), header: []string{"COMPONENT", "TYPE", "COUNT", "PROTECTED"}}
	for _, c := range r.components() {
		counts, protected := map[string]int{}, map[string]int{}
		for _, row := range r.Resources {
			if row.Component == c {
				counts[row.Type]++
				if row.Protect {
					protected[row.Type]++
				}
			}
		}
		types := make([]string, 0, len(counts))
		for typ := range counts {
			types = append(types, typ)
		}
		sort.Strings(types)
		for _, typ := range types {
			name := c
			if name == "" {
				name = "(stack)"
			}
			prot := ""
			if protected[typ] > 0 {
				prot = fmt.Sprint(protected[typ])
			}
			t.rows = append(t.rows, []string{name, typ, fmt.Sprint(counts[typ]), prot})
		}
	}
	return t
}

func (r *Report) endpointTable() table {
	t := table{title: "Endpoints (known after `pulumi up`; shown as the mock engine answers)", header: []string{"KEY", "VALUE"}}
	flatten("", r.Endpoints, func(k, v string) { t.rows = append(t.rows, []string{k, v}) })
	sort.Slice(t.rows, func(i, j int) bool { return t.rows[i][0] < t.rows[j][0] })
	return t
}

// flatten walks nested endpoint values into dotted keys; long lists are shortened.
func flatten(prefix string, v any, emit func(k, v string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			flatten(key, e, emit)
		}
	default:
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice {
			emit(prefix, fmt.Sprint(x))
			return
		}
		parts := make([]string, 0, min(rv.Len(), 6))
		for i := 0; i < rv.Len(); i++ {
			if i == 5 {
				parts = append(parts, fmt.Sprintf("… (%d in all)", rv.Len()))
				break
			}
			parts = append(parts, fmt.Sprint(rv.Index(i).Interface()))
		}
		emit(prefix, strings.Join(parts, ", "))
	}
}

func usd(v float64) string { return fmt.Sprintf("$%.2f", v) }

func (r *Report) costTable() table {
	c := r.Cost
	t := table{
		title: fmt.Sprintf("Cost (%s, %s, catalog of %s, oldest price used from %s, 730 h/month)",
			c.Currency, c.Region, c.CatalogDate, c.OldestPriceDate),
		header: []string{"COMPONENT", "RESOURCES", "SERVICE", "ITEM", "QUANTITY", "UNIT", "UNIT PRICE", "HOURLY", "MONTHLY"},
	}
	for _, l := range c.Lines {
		t.rows = append(t.rows, []string{l.Component, resourcesCell(l.Resources), l.Service, l.Item,
			trimFloat(l.Quantity), l.Unit, fmt.Sprintf("$%g", l.UnitPrice), fmt.Sprintf("$%.4f", l.Hourly), usd(l.Monthly)})
	}
	comps := make([]string, 0, len(c.Components))
	for k := range c.Components {
		comps = append(comps, k)
	}
	sort.Strings(comps)
	for _, k := range comps {
		t.notes = append(t.notes, fmt.Sprintf("component %s: %s/month", k, usd(c.Components[k])))
	}
	total := fmt.Sprintf("TOTAL: %s/hour, %s/month", usd(c.Hourly), usd(c.Monthly))
	if c.MinMonthly != c.MaxMonthly {
		total += fmt.Sprintf(" (autoscaling range %s to %s)", usd(c.MinMonthly), usd(c.MaxMonthly))
	}
	t.notes = append(t.notes, total)
	switch {
	case c.BudgetMonthly == 0:
		t.notes = append(t.notes, "budget: none set (platform:cost.budgetMonthly)")
	case c.OverBudget:
		t.notes = append(t.notes, fmt.Sprintf("budget: %s/month: OVER BUDGET by %s", usd(c.BudgetMonthly), usd(c.Monthly-c.BudgetMonthly)))
	default:
		t.notes = append(t.notes, fmt.Sprintf("budget: %s/month: within budget (%.0f%% used)", usd(c.BudgetMonthly), 100*c.Monthly/c.BudgetMonthly))
	}
	for _, u := range c.Unpriced {
		t.notes = append(t.notes, fmt.Sprintf("UNPRICED %s %s (%s): %s", u.Type, resourcesCell(u.Resources), u.Component, u.Reason))
	}
	return t
}

// resourcesCell names a line's resource, or the first and last of many and how many they are.
func resourcesCell(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	case 2:
		return names[0] + ", " + names[1]
	}
	return fmt.Sprintf("%s … %s (%d)", names[0], names[len(names)-1], len(names))
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	return strings.TrimSuffix(strings.TrimSuffix(s, "0"), ".0")
}

func (r *Report) policyTable() table {
	t := table{title: "Policies", header: []string{"LEVEL", "POLICY", "RESOURCE", "MESSAGE"}}
	if !r.Policies.Evaluated {
		t.header = nil
		t.notes = []string{"not evaluated"}
		return t
	}
	for _, v := range r.Policies.Violations {
		t.rows = append(t.rows, []string{v.Level, v.Policy, v.Resource, v.Message})
	}
	if len(t.rows) == 0 {
		t.header = nil
		t.notes = []string{"every policy passes"}
	}
	return t
}
