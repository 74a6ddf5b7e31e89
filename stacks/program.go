// Package stacks composes the platform's components into one environment's stack: it reads and
// validates the stack config once (envconfig), hands each component its Args, and exports the
// stack outputs `endpoints` and `cost`.
package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/cost"
	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/stacks/envconfig"
)

// Program is the Pulumi program of every stack. Bad config fails here, before any resource is
// registered, with every problem named.
func Program(ctx *pulumi.Context) error {
	env, err := envconfig.Load(ctx.Project(), ctx.Stack(), ctx.GetConfig)
	if err != nil {
		return err
	}
	cat, err := catalog.Default()
	if err != nil {
		return err
	}
	if err := cost.CheckConfig(cat, env); err != nil {
		return err
	}
	rec, err := cost.Record(ctx)
	if err != nil {
		return err
	}
	if err := compose(ctx, env); err != nil {
		return err
	}
	return priceStack(ctx, env, cat, rec)
}

// compose registers the tiers in dependency order and exports their endpoints.
func compose(ctx *pulumi.Context, env *envconfig.Environment) error {
	prefix := env.NamePrefix()
	tags := env.CommonTags()

	net, err := newNetwork(ctx, prefix, env, tags)
	if err != nil {
		return err
	}
	endpoints := pulumi.Map{
		"network": pulumi.Map{
			"vpcId":            net.VPCID,
			"cidr":             net.CIDR,
			"privateSubnetIds": net.PrivateSubnetIDs,
			"publicSubnetIds":  net.PublicSubnetIDs,
			"zones":            pulumi.ToStringArray(net.Zones),
		},
	}
	// Each tier below adds its entry to endpoints.

	cl, err := newCluster(ctx, env, tags, net)
	if err != nil {
		return err
	}
	endpoints["eks"] = pulumi.Map{
		"clusterName":     cl.ClusterName,
		"endpoint":        cl.Endpoint,
		"oidcProviderArn": cl.OIDCProviderARN,
	}
	ctx.Export("kubeconfig", cl.Kubeconfig) // a secret, apart from the plain endpoints
	if err := newAutoscaler(ctx, prefix, env, tags, cl); err != nil {
		return err
	}

	lb, err := newLoadBalancer(ctx, env, tags, net, cl.NodeSecurityGroupID, cl.AutoScalingGroupNames)
	if err != nil {
		return err
	}
	endpoints["loadBalancer"] = loadBalancerEndpoints(env, lb)

	cache, err := newCache(ctx, env, tags, net, cl.NodeSecurityGroupID)
	if err != nil {
		return err
	}
	endpoints["cache"] = cacheEndpoints(cache, env)

	// The alarm topic precedes the ring: the nodes' status-check alarms notify it.
	alarmTopic, err := newAlarmTopic(ctx, prefix, env, tags)
	if err != nil {
		return err
	}
	ring, err := newCassandra(ctx, env, tags, net, cl.NodeSecurityGroupID, alarmTopic.ARN)
	if err != nil {
		return err
	}
	endpoints["cassandra"] = cassandraEndpoints(ring)

	mon, err := newMonitoring(ctx, prefix, env, tags, alarmTopic, cl, lb, cache, ring)
	if err != nil {
		return err
	}
	endpoints["monitoring"] = monitoringEndpoints(alarmTopic, mon)

	ctx.Export("endpoints", endpoints)
	return nil
}
