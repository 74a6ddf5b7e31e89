package guardrails

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

// stackSettings are the settings of the stack policies. policyx gives a stack policy no config,
// so they are the config of the resource policy stack-settings, which records them (analysis.go).
type stackSettings struct {
	// BudgetMonthly, when above 0, replaces platform:cost.budgetMonthly (USD per month).
	BudgetMonthly float64 `json:"budgetMonthly"`
	// CassandraMinZones is how many availability zones a prod Cassandra ring must span.
	CassandraMinZones int `json:"cassandraMinZones"`
}

func defaultStackSettings() stackSettings {
	return stackSettings{CassandraMinZones: 3}
}

var stackSettingsSpec = settingsSpec[stackSettings]{
	defaults: defaultStackSettings,
	properties: map[string]map[string]any{
		"budgetMonthly": {"type": "number", "minimum": 0,
			"description": "Monthly budget in USD for cost-within-budget; 0 keeps the stack's platform:cost.budgetMonthly."},
		"cassandraMinZones": {"type": "integer", "minimum": 1,
			"description": "Availability zones a prod Cassandra ring must span (cassandra-zone-spread)."},
	},
}

// stackSettings reports nothing: it carries the stack policies' settings. Disabling it leaves
// them at their defaults.
func (p *pack) stackSettings() policyx.ResourceValidationPolicy {
	return resourcePolicyWith(p, policySpec{
		name: "stack-settings",
		description: "Carries the settings of the stack policies (cost-within-budget, cassandra-zone-spread), " +
			"which policyx gives no config of their own; it reports nothing.",
		level: policyx.EnforcementLevelAdvisory,
	}, stackSettingsSpec, func(_ target, s stackSettings, _ reportFunc) {
		p.seen.setSettings(s)
	})
}
