// Package cost is the one cost model of the platform: it turns planned resources (type and
// inputs, as the engine sees them) into priced line items from the embedded catalog. The stack's
// `cost` output, the offline plan and the policy pack's budget check all call Estimate.
package cost

import "github.com/pulumi/pulumi/sdk/v3/go/common/resource"

// HoursPerMonth is the month AWS and Infracost price with: 730 hours.
const HoursPerMonth = 730

// Resource is one planned resource.
type Resource struct {
	Type      string // e.g. aws:ec2/instance:Instance
	Name      string // logical name
	Component string // name of the component it belongs to, "" for top-level resources
	Inputs    resource.PropertyMap
}

// Line is one priced item of the resources priced alike: the same service, item, unit price and
// quantity each, of the same type in the same component (a ring's 1000 nodes are one line, not
// 1000). Quantity and the amounts are the line's totals, over all its resources.
type Line struct {
	Service   string  `json:"service"`         // catalog service: ec2, ebs, eks, elb, vpc, elasticache, ...
	Item      string  `json:"item"`            // what is priced: an instance type, gp3-storage, alb-lcu, ...
	Unit      string  `json:"unit"`            // the catalog unit: hour, GB-month, LCU-hour, GB, ...
	UnitPrice float64 `json:"unitPrice"`       // USD per unit
	Quantity  float64 `json:"quantity"`        // units per month, all the line's resources together
	Hourly    float64 `json:"hourly"`          // USD per hour
	Monthly   float64 `json:"monthly"`         // USD per month (730 h)
	Type      string  `json:"type"`            // the resources' type token
	Component string  `json:"component"`       // their component
	Usage     string  `json:"usage,omitempty"` // the platform:cost.usage key a usage-based quantity comes from
	Note      string  `json:"note,omitempty"`  // how the quantity was counted, where it is not plain
	// MinMonthly and MaxMonthly bound an autoscaled item (node groups from min to max size);
	// both equal Monthly for fixed items.
	MinMonthly float64 `json:"minMonthly"`
	MaxMonthly float64 `json:"maxMonthly"`
	// Count is how many resources the line prices; Resources are their logical names, sorted.
	Count     int      `json:"count"`
	Resources []string `json:"resources"`
}

// Unpriced is what the catalog cannot price, for the resources of one type in one component
// that it cannot price for the same reason. It is never a silent zero: the estimate lists it and
// the policy pack and the plan report it.
type Unpriced struct {
	Type      string   `json:"type"`
	Component string   `json:"component"`
	Reason    string   `json:"reason"`
	Count     int      `json:"count"`     // how many resources
	Resources []string `json:"resources"` // their logical names, sorted
}

// Estimate is the priced plan of one stack.
type Estimate struct {
	Currency    string `json:"currency"`
	Region      string `json:"region"`
	CatalogDate string `json:"catalogDate"`
	// OldestPriceDate is the source date of the oldest price the lines use: how stale the
	// estimate may be, where CatalogDate tells only the newest entry.
	OldestPriceDate string             `json:"oldestPriceDate"`
	Hourly          float64            `json:"hourly"`
	Monthly         float64            `json:"monthly"`
	MinMonthly      float64            `json:"minMonthly"` // every autoscaled group at its minimum
	MaxMonthly      float64            `json:"maxMonthly"` // every autoscaled group at its maximum
	Components      map[string]float64 `json:"components"` // monthly total per component
	BudgetMonthly   float64            `json:"budgetMonthly"`
	OverBudget      bool               `json:"overBudget"`
	Lines           []Line             `json:"lines"`
	Unpriced        []Unpriced         `json:"unpriced"`
}
