package envconfig

func validateCost(env *Environment, r *report) {
	c := env.Cost
	if c.BudgetMonthlyUSD < 0 {
		r.add("cost.budgetMonthly", c.BudgetMonthlyUSD, "must be 0 (no budget) or a positive amount in USD")
	}
	u := c.Usage
	for _, q := range []struct {
		path  string
		value float64
	}{
		{"cost.usage.loadBalancerCapacityUnits", u.LoadBalancerCapacityUnits},
		{"cost.usage.natGatewayGbPerMonth", u.NATGatewayGBPerMonth},
		{"cost.usage.interAzGbPerMonth", u.InterAZGBPerMonth},
		{"cost.usage.controlPlaneLogGbPerMonth", u.ControlPlaneLogGBPerMonth},
		{"cost.usage.internetEgressGbPerMonth", u.InternetEgressGBPerMonth},
		{"cost.usage.snapshotDailyChangePercent", u.SnapshotDailyChangePercent},
	} {
		if q.value < 0 {
			r.add(q.path, q.value, "must be 0 or more")
		}
	}
	if u.SnapshotDailyChangePercent > 100 {
		r.add("cost.usage.snapshotDailyChangePercent", u.SnapshotDailyChangePercent, "must be a percentage, 0 to 100")
	}
}
