package cost

import (
	"fmt"

	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/stacks/envconfig"
)

// CheckConfig finds what the catalog cannot price in a stack's config before anything is
// registered: the region and every EC2 instance type, each named by key. (ElastiCache node types
// are priced where the catalog has them and listed as unpriced otherwise: the shipped catalog
// holds Valkey r7g prices in us-east-1 only, as no other could be sourced offline.)
func CheckConfig(cat *catalog.Catalog, env *envconfig.Environment) error {
	var errs envconfig.Errors
	if !hasRegion(cat, env.Region) {
		return append(errs, &envconfig.FieldError{Key: "aws:region", Value: env.Region,
			Detail: fmt.Sprintf("the cost catalog has no prices for it; covered regions: %v", cat.Regions())})
	}
	need := func(key, service, item, value string) {
		if _, ok := cat.Lookup(env.Region, service, item); !ok {
			errs = append(errs, &envconfig.FieldError{Key: env.Project + ":" + key, Value: value,
				Detail: fmt.Sprintf("the cost catalog has no %s price for it in %s; pick a priced type or add its price (cmd/pricecatalog)", service, env.Region)})
		}
	}
	for i, ng := range env.EKS.NodeGroups {
		for j, t := range ng.InstanceTypes {
			need(fmt.Sprintf("eks.nodeGroups[%d].instanceTypes[%d]", i, j), "ec2", t, t)
		}
	}
	need("cassandra.instanceType", "ec2", env.Cassandra.InstanceType, env.Cassandra.InstanceType)
	if t := env.Cassandra.Rollout.InstanceType; t != "" {
		need("cassandra.rollout.instanceType", "ec2", t, t)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}
