package guardrails

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

const (
	typeReplicationGroup = "aws:elasticache/replicationGroup:ReplicationGroup"
	typeCacheCluster     = "aws:elasticache/cluster:Cluster"
)

// elastiCacheEncryption: the data at rest (nodes' disks, snapshots) and in transit (TLS, which
// AUTH requires) is encrypted.
func (p *pack) elastiCacheEncryption() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "elasticache-encryption",
		description: "ElastiCache replication groups encrypt data at rest and in transit; no standalone cache clusters, which cannot encrypt at rest.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		switch r.Type {
		case typeReplicationGroup:
			requireTrue(r, "atRestEncryptionEnabled", "encryption at rest", report)
			requireTrue(r, "transitEncryptionEnabled", "encryption in transit (TLS)", report)
		case typeCacheCluster:
			// A cluster that joins a replication group is encrypted as the group is.
			if _, st := stringAt(r.Properties, "replicationGroupId"); st == absent {
				report("a standalone cache cluster cannot encrypt data at rest; create a replication group instead")
			}
		}
	})
}

// elastiCacheMultiAZ: in prod a cache survives the loss of a zone by promoting a replica there.
func (p *pack) elastiCacheMultiAZ() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "elasticache-multi-az",
		description: "In prod, ElastiCache replication groups are multi-AZ with automatic failover.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		if r.Type != typeReplicationGroup || !p.env.IsProd() {
			return
		}
		requireTrue(r, "multiAzEnabled", "multi-AZ", report)
		requireTrue(r, "automaticFailoverEnabled", "automatic failover", report)
	})
}

// requireTrue reports a boolean input that is false or left to its (false) default. Unknown
// passes: it is decided once the value exists.
func requireTrue(r target, key, what string, report reportFunc) {
	v, st := boolAt(r.Properties, key)
	switch {
	case st == absent:
		report("%s is off: %s is not set (its default is false); set it to true", what, key)
	case st == known && !v:
		report("%s is off: %s is false; set it to true", what, key)
	}
}
