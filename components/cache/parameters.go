package cache

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// ParameterGroupFamily names the parameter group family of an engine version (ElastiCache user
// guide, "Engine specific parameters"): valkey7, valkey8 and valkey9 by major version; Redis OSS
// 6.x is redis6.x and 7.x is redis7.
func ParameterGroupFamily(engine, version string) (string, error) {
	major, _, _ := strings.Cut(version, ".")
	switch {
	case engine == "valkey" && (major == "7" || major == "8" || major == "9"):
		return "valkey" + major, nil
	case engine == "redis" && major == "6":
		return "redis6.x", nil
	case engine == "redis" && major == "7":
		return "redis7", nil
	}
	return "", fmt.Errorf("no parameter group family for %s %s", engine, version)
}

// parameterGroup holds the settings the engine defaults do not fit: the eviction policy, and with
// cluster mode cluster-enabled yes (without cluster mode the family's default, no, applies).
func (c *Cache) parameterGroup(ctx *pulumi.Context, name, family string, a Args) (*elasticache.ParameterGroup, error) {
	params := elasticache.ParameterGroupParameterArray{
		elasticache.ParameterGroupParameterArgs{Name: pulumi.String("maxmemory-policy"), Value: pulumi.String(a.EvictionPolicy)},
	}
	if a.ClusterMode {
		params = append(params, elasticache.ParameterGroupParameterArgs{Name: pulumi.String("cluster-enabled"), Value: pulumi.String("yes")})
	}
	pg, err := elasticache.NewParameterGroup(ctx, name, &elasticache.ParameterGroupArgs{
		Family:      pulumi.String(family),
		Description: pulumi.String("Parameters of " + name),
		Parameters:  params,
		Tags:        tagging.Named(a.Tags, name),
		// A major version upgrade moves the cache to a new group of the new family; unless
		// applied immediately the old one stays attached until the maintenance window, and
		// deleting it then fails (InvalidCacheParameterGroupState). Kept in AWS instead, it
		// costs nothing and can be deleted by hand afterwards.
	}, pulumi.Parent(c), pulumi.RetainOnDelete(true))
	if err != nil {
		return nil, fmt.Errorf("creating parameter group %s (%s): %w", name, family, err)
	}
	return pg, nil
}
