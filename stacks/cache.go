package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/cache"
	"github.com/platform-team/platform/components/network"
	"github.com/platform-team/platform/stacks/envconfig"
)

// newCache places the replication group in the private subnets, open to the EKS nodes only. In
// prod it is protected and leaves a final snapshot when deleted.
func newCache(ctx *pulumi.Context, env *envconfig.Environment, tags map[string]string,
	net *network.Network, nodeSecurityGroupID pulumi.StringInput) (*cache.Cache, error) {
	c := env.Cache
	name := env.CacheName()
	args := cache.Args{
		Engine:                  c.Engine,
		EngineVersion:           c.EngineVersion,
		NodeType:                c.NodeType,
		ClusterMode:             c.ClusterMode,
		Shards:                  c.Shards,
		ReplicasPerShard:        c.ReplicasPerShard,
		Port:                    c.Port,
		EvictionPolicy:          c.EvictionPolicy,
		AtRestEncryption:        c.AtRestEncryption,
		KMSKeyARN:               c.KMSKeyARN,
		TransitEncryption:       c.TransitEncryption,
		SnapshotRetentionDays:   c.SnapshotRetentionDays,
		SnapshotWindow:          c.SnapshotWindow,
		MaintenanceWindow:       c.MaintenanceWindow,
		ApplyImmediately:        c.ApplyImmediately,
		AuthTokenUpdateStrategy: c.AuthTokenUpdateStrategy,
		VPCID:                   net.VPCID,
		PrivateSubnetIDs:        net.PrivateSubnetIDs,
		NodeSecurityGroupID:     nodeSecurityGroupID,
		Tags:                    tags,
	}
	if c.TransitEncryption {
		key := env.Project + ":" + envconfig.CacheAuthTokenKey
		token, ok := ctx.GetConfig(key)
		if !ok { // envconfig.Load reports it first; this guards callers that skip it
			return nil, fmt.Errorf("%s is required when cache.transitEncryption is true", key)
		}
		// Wrapped at once: the token reaches the resource, its state and any log only as a secret.
		args.AuthToken = pulumi.ToSecret(pulumi.String(token)).(pulumi.StringOutput)
	}
	if env.IsProd() {
		args.Protect = true
		args.FinalSnapshotName = name + "-final"
	}
	if s := c.AutoScaling; s.Enabled {
		args.AutoScaling = &cache.AutoScaling{
			Dimension:   s.Dimension, // envconfig's names are the component's
			MinCapacity: s.MinCapacity,
			MaxCapacity: s.MaxCapacity,
			Metric:      s.Metric,
			TargetValue: s.TargetValue,
		}
	}
	return cache.New(ctx, name, args)
}

// cacheEndpoints is the cache's entry in the endpoints output. It never holds the auth token.
func cacheEndpoints(c *cache.Cache, env *envconfig.Environment) pulumi.Map {
	m := pulumi.Map{
		"endpoint":    c.Endpoint,
		"port":        c.Port,
		"engine":      pulumi.String(env.Cache.Engine),
		"clusterMode": pulumi.Bool(c.ClusterMode),
		"tls":         pulumi.Bool(env.Cache.TransitEncryption),
	}
	if !c.ClusterMode {
		m["readerEndpoint"] = c.ReaderEndpoint
	}
	return m
}
