package main

import (
	"fmt"
	"sort"

	"github.com/platform-team/platform/cost"
)

// Comparison is this stack's cost beside another's, item by item.
type Comparison struct {
	Other        string         `json:"other"`
	Monthly      float64        `json:"monthly"`
	OtherMonthly float64        `json:"otherMonthly"`
	Difference   float64        `json:"difference"` // this minus other, per month
	Items        []ComparedItem `json:"items"`
}

// ComparedItem is one priced item (service and item) summed over each stack's resources.
type ComparedItem struct {
	Service       string  `json:"service"`
	Item          string  `json:"item"`
	Unit          string  `json:"unit"`
	Quantity      float64 `json:"quantity"`
	OtherQuantity float64 `json:"otherQuantity"`
	Monthly       float64 `json:"monthly"`
	OtherMonthly  float64 `json:"otherMonthly"`
	Difference    float64 `json:"difference"`
}

// compare sums both estimates by service and item; resource names differ between stacks, what
// they buy does not.
func compare(this, other *cost.Estimate, otherName string) *Comparison {
	type key struct{ service, item string }
	items := map[key]*ComparedItem{}
	get := func(l cost.Line) *ComparedItem {
		k := key{l.Service, l.Item}
		if items[k] == nil {
			items[k] = &ComparedItem{Service: l.Service, Item: l.Item, Unit: l.Unit}
		}
		return items[k]
	}
	for _, l := range this.Lines {
		it := get(l)
		it.Quantity += l.Quantity
		it.Monthly += l.Monthly
	}
	for _, l := range other.Lines {
		it := get(l)
		it.OtherQuantity += l.Quantity
		it.OtherMonthly += l.Monthly
	}
	c := &Comparison{Other: otherName, Monthly: this.Monthly, OtherMonthly: other.Monthly, Difference: cost.Cents(this.Monthly - other.Monthly)}
	for _, it := range items {
		it.Monthly, it.OtherMonthly = cost.Cents(it.Monthly), cost.Cents(it.OtherMonthly)
		it.Difference = cost.Cents(it.Monthly - it.OtherMonthly)
		c.Items = append(c.Items, *it)
	}
	sort.Slice(c.Items, func(i, j int) bool {
		a, b := c.Items[i], c.Items[j]
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		return a.Item < b.Item
	})
	return c
}

func (c *Comparison) table() table {
	t := table{
		title:  fmt.Sprintf("Cost compared with stack %s (monthly)", c.Other),
		header: []string{"SERVICE", "ITEM", "UNIT", "QUANTITY", c.Other + " QUANTITY", "MONTHLY", c.Other + " MONTHLY", "DIFFERENCE"},
	}
	for _, it := range c.Items {
		t.rows = append(t.rows, []string{it.Service, it.Item, it.Unit, trimFloat(it.Quantity), trimFloat(it.OtherQuantity),
			usd(it.Monthly), usd(it.OtherMonthly), signedUSD(it.Difference)})
	}
	t.notes = []string{fmt.Sprintf("TOTAL: %s vs %s: %s/month", usd(c.Monthly), usd(c.OtherMonthly), signedUSD(c.Difference))}
	return t
}

func signedUSD(v float64) string {
	if v < 0 {
		return "-" + usd(-v)
	}
	return "+" + usd(v)
}
