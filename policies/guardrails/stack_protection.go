package guardrails

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

// StatefulTypes hold data a replacement or a deletion would lose (cmd/guard reads them too).
var StatefulTypes = []string{
	typeVolume, // Cassandra's data volumes
	typeReplicationGroup,
	typeCacheCluster,
	"aws:rds/instance:Instance",
	"aws:rds/cluster:Cluster",
	"aws:dynamodb/table:Table",
	"aws:efs/fileSystem:FileSystem",
}

// statefulProtected: in prod `pulumi destroy`, or a change that replaces one, cannot delete a
// resource holding data. The engine passes each resource's protect option to the pack
// (AnalyzerResource.Options.Protect).
func (p *pack) statefulProtected() policyx.StackValidationPolicy {
	return p.stackPolicy(policySpec{
		name:        "stateful-resources-protected",
		description: "In prod, resources that hold data (EBS volumes, caches, databases) are protected.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(s *stackView, report stackReportFunc) {
		if !p.env.IsProd() {
			return
		}
		for _, r := range s.ofType(StatefulTypes...) {
			if !r.Options.Protect {
				report(r.URN, "%s %s holds data but is not protected: register it with pulumi.Protect(true)", r.Type, r.Name)
			}
		}
	})
}
