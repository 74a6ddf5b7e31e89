// Package cache is the ElastiCache component: a Valkey or Redis OSS replication group in the
// private subnets, reachable on its port only from the EKS nodes, encrypted at rest and in
// transit, with its own parameter group, subnet group and security group.
package cache

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// Args configure a Cache. Validation of the values against AWS's limits is envconfig's job; New
// only refuses combinations that cannot build a working group.
type Args struct {
	// Engine is "valkey" or "redis". Required.
	Engine string
	// EngineVersion is major.minor, e.g. "8.0" (valkey) or "7.1" (redis). Required.
	EngineVersion string
	// NodeType of every node, e.g. cache.r7g.large. Required.
	NodeType string
	// ClusterMode shards the keyspace over Shards node groups. Default false: one primary and
	// its replicas.
	ClusterMode bool
	// Shards (node groups) with ClusterMode, at least 1. Ignored without ClusterMode.
	Shards int
	// ReplicasPerShard, 0 to 5. With at least one, the group is multi-AZ with automatic failover.
	ReplicasPerShard int
	// Port clients connect to. Required.
	Port int
	// EvictionPolicy is the maxmemory-policy parameter, e.g. volatile-lru. Required.
	EvictionPolicy string

	// AtRestEncryption encrypts the nodes' disks and snapshots, with KMSKeyARN when set (else the
	// AWS managed key). KMSKeyARN needs AtRestEncryption.
	AtRestEncryption bool
	KMSKeyARN        string
	// TransitEncryption turns on TLS and AUTH; AuthToken is then required. AuthToken must be a
	// secret Output (the SDK also wraps it as one, and marks the authToken output secret).
	TransitEncryption bool
	AuthToken         pulumi.StringInput
	// AuthTokenUpdateStrategy applies a changed AuthToken: ROTATE (the provider's default) keeps
	// the old token valid too, SET leaves only the new one.
	AuthTokenUpdateStrategy string

	// SnapshotRetentionDays, 0 (no automatic snapshots) to 35.
	SnapshotRetentionDays int
	// SnapshotWindow (hh24:mi-hh24:mi) and MaintenanceWindow (ddd:hh24:mi-ddd:hh24:mi), UTC.
	SnapshotWindow    string
	MaintenanceWindow string
	// ApplyImmediately applies modifications now; false defers them to MaintenanceWindow.
	ApplyImmediately bool
	// FinalSnapshotName, when set, is the snapshot ElastiCache takes when the group is deleted.
	FinalSnapshotName string
	// Protect guards the replication group against deletion (pulumi protect). Default false.
	Protect bool
	// AutoScaling, when set, resizes the group with load (autoscaling.go); it needs ClusterMode.
	// Default nil: the group keeps its configured size.
	AutoScaling *AutoScaling

	// VPCID and PrivateSubnetIDs place the group; one subnet per zone. Required.
	VPCID            pulumi.StringInput
	PrivateSubnetIDs pulumi.StringArrayInput
	// NodeSecurityGroupID is the EKS nodes' security group, the only source admitted on Port.
	// Required.
	NodeSecurityGroupID pulumi.StringInput
	// Tags are added to every resource.
	Tags map[string]string
}

// Cache is the component. Clients connect to Endpoint on Port with TLS when transit encryption
// is on; the auth token is never one of its outputs.
type Cache struct {
	pulumi.ResourceState

	// Endpoint is the primary endpoint, or with cluster mode the configuration endpoint.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// ReaderEndpoint balances over the replicas; empty with cluster mode, where cluster-aware
	// clients find the replicas through the configuration endpoint.
	ReaderEndpoint pulumi.StringOutput `pulumi:"readerEndpoint"`
	Port           pulumi.IntOutput    `pulumi:"port"`
	// SecurityGroupID is the group on the cache nodes.
	SecurityGroupID    pulumi.StringOutput `pulumi:"securityGroupId"`
	ReplicationGroupID pulumi.StringOutput `pulumi:"replicationGroupId"`
	ARN                pulumi.StringOutput `pulumi:"arn"`
	// MemberClusters are the group's nodes (cache cluster ids, the CacheClusterId dimension of
	// their CloudWatch metrics), known once the group exists.
	MemberClusters pulumi.StringArrayOutput `pulumi:"memberClusters"`
	// ClusterMode tells clients whether to speak the cluster protocol.
	ClusterMode bool
}

// New registers the cache component and its resources.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Cache, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("cache %s: %w", name, err)
	}
	family, err := ParameterGroupFamily(args.Engine, args.EngineVersion)
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", name, err)
	}
	c := &Cache{ClusterMode: args.ClusterMode}
	if err := ctx.RegisterComponentResource("platform:cache:Cache", name, c, opts...); err != nil {
		return nil, err
	}
	params, err := c.parameterGroup(ctx, name, family, args)
	if err != nil {
		return nil, err
	}
	subnets, err := elasticache.NewSubnetGroup(ctx, name, &elasticache.SubnetGroupArgs{
		Description: pulumi.String("Private subnets of " + name),
		SubnetIds:   args.PrivateSubnetIDs,
		Tags:        tagging.Named(args.Tags, name),
	}, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("creating subnet group %s: %w", name, err)
	}
	sg, err := c.securityGroup(ctx, name, args)
	if err != nil {
		return nil, err
	}
	rg, err := elasticache.NewReplicationGroup(ctx, name, replicationGroupArgs(name, args, params, subnets, sg.ID()),
		append([]pulumi.ResourceOption{pulumi.Parent(c), pulumi.Protect(args.Protect)}, autoScalingOptions(args.AutoScaling)...)...)
	if err != nil {
		return nil, fmt.Errorf("creating replication group %s: %w", name, err)
	}
	if args.AutoScaling != nil {
		if err := c.autoScale(ctx, name, *args.AutoScaling, rg, args.Tags); err != nil {
			return nil, err
		}
	}

	c.Port = rg.Port.Elem()
	c.SecurityGroupID = sg.ID().ToStringOutput()
	c.ReplicationGroupID = rg.ReplicationGroupId
	c.ARN = rg.Arn
	c.MemberClusters = rg.MemberClusters
	if args.ClusterMode {
		c.Endpoint = rg.ConfigurationEndpointAddress
		c.ReaderEndpoint = pulumi.String("").ToStringOutput()
	} else {
		c.Endpoint = rg.PrimaryEndpointAddress
		c.ReaderEndpoint = rg.ReaderEndpointAddress
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"endpoint":           c.Endpoint,
		"readerEndpoint":     c.ReaderEndpoint,
		"port":               c.Port,
		"securityGroupId":    c.SecurityGroupID,
		"replicationGroupId": c.ReplicationGroupID,
		"arn":                c.ARN,
		"memberClusters":     c.MemberClusters,
	})
}

// check refuses Args that cannot build a working group; ranges are envconfig's to report.
func (a Args) check() error {
	var errs []error
	if a.Engine == "" || a.EngineVersion == "" || a.NodeType == "" || a.EvictionPolicy == "" || a.Port == 0 {
		errs = append(errs, errors.New("Engine, EngineVersion, NodeType, EvictionPolicy and Port are required"))
	}
	if a.VPCID == nil || a.PrivateSubnetIDs == nil || a.NodeSecurityGroupID == nil {
		errs = append(errs, errors.New("VPCID, PrivateSubnetIDs and NodeSecurityGroupID are required"))
	}
	if a.ClusterMode && a.Shards < 1 {
		errs = append(errs, fmt.Errorf("cluster mode needs at least 1 shard, got %d", a.Shards))
	}
	if a.TransitEncryption && a.AuthToken == nil {
		errs = append(errs, errors.New("transit encryption needs an AuthToken"))
	}
	if a.KMSKeyARN != "" && !a.AtRestEncryption {
		errs = append(errs, errors.New("KMSKeyARN needs AtRestEncryption"))
	}
	if err := a.AutoScaling.check(a.ClusterMode); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// replicationGroupArgs maps Args to the replication group. Failover and multi-AZ follow the
// replicas: a group with a replica in another zone promotes it when the primary fails. Cluster
// mode requires automatic failover even without replicas.
func replicationGroupArgs(name string, a Args, params *elasticache.ParameterGroup, subnets *elasticache.SubnetGroup, sgID pulumi.IDOutput) *elasticache.ReplicationGroupArgs {
	hasReplicas := a.ReplicasPerShard > 0
	rg := &elasticache.ReplicationGroupArgs{
		Description:              pulumi.Sprintf("%s %s cache of %s", a.Engine, a.EngineVersion, name),
		Engine:                   pulumi.String(a.Engine),
		EngineVersion:            pulumi.String(a.EngineVersion),
		NodeType:                 pulumi.String(a.NodeType),
		Port:                     pulumi.Int(a.Port),
		ParameterGroupName:       params.Name,
		SubnetGroupName:          subnets.Name,
		SecurityGroupIds:         pulumi.StringArray{sgID.ToStringOutput()},
		AutomaticFailoverEnabled: pulumi.Bool(hasReplicas || a.ClusterMode),
		MultiAzEnabled:           pulumi.Bool(hasReplicas),
		AtRestEncryptionEnabled:  pulumi.Bool(a.AtRestEncryption),
		TransitEncryptionEnabled: pulumi.Bool(a.TransitEncryption),
		SnapshotRetentionLimit:   pulumi.Int(a.SnapshotRetentionDays),
		SnapshotWindow:           pulumi.String(a.SnapshotWindow),
		MaintenanceWindow:        pulumi.String(a.MaintenanceWindow),
		// By default changes wait for the maintenance window: a node type or version change
		// restarts nodes.
		ApplyImmediately: pulumi.Bool(a.ApplyImmediately),
		Tags:             tagging.Named(a.Tags, name),
	}
	if a.ClusterMode {
		rg.ClusterMode = pulumi.String("enabled")
		rg.NumNodeGroups = pulumi.Int(a.Shards)
		rg.ReplicasPerNodeGroup = pulumi.Int(a.ReplicasPerShard)
	} else {
		rg.NumCacheClusters = pulumi.Int(1 + a.ReplicasPerShard)
	}
	if a.KMSKeyARN != "" {
		rg.KmsKeyId = pulumi.String(a.KMSKeyARN)
	}
	if a.TransitEncryption {
		rg.AuthToken = a.AuthToken.ToStringOutput().ToStringPtrOutput()
		if a.AuthTokenUpdateStrategy != "" {
			rg.AuthTokenUpdateStrategy = pulumi.String(a.AuthTokenUpdateStrategy)
		}
	}
	if a.FinalSnapshotName != "" {
		rg.FinalSnapshotIdentifier = pulumi.String(a.FinalSnapshotName)
	}
	return rg
}
