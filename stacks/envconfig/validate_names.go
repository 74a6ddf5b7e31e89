package envconfig

import "regexp"

// NamePrefix starts every resource name of the stack: the project and the stack ("platform-dev").
func (e *Environment) NamePrefix() string { return e.Project + "-" + e.Stack }

// LoadBalancerName names the load balancer component (and so the load balancer AWS creates).
func (e *Environment) LoadBalancerName() string { return e.NamePrefix() + "-lb" }

// EKSName names the EKS component; NodeGroupName a node group in it, as the cluster component
// names its groups (component name, a hyphen, the group's name).
func (e *Environment) EKSName() string { return e.NamePrefix() + "-eks" }

// CacheName names the cache component, and so its replication group; the monitoring component
// names the cache's alarms after it.
func (e *Environment) CacheName() string { return e.NamePrefix() + "-cache" }

// CassandraName names the Cassandra component, its nodes and, in monitoring, their alarms.
func (e *Environment) CassandraName() string { return e.NamePrefix() + "-cassandra" }

// NodeGroupName: see EKSName.
func (e *Environment) NodeGroupName(group string) string { return e.EKSName() + "-" + group }

// Names AWS limits tightly, built from NamePrefix plus Pulumi's auto-name suffix (a dash and 7
// random characters): Elastic Load Balancing CreateLoadBalancer (32) and EKS CreateNodegroup (63).
const (
	autoNameSuffix      = 8
	maxLoadBalancerName = 32
	maxNodeGroupName    = 63
)

// awsNamePart is what AWS accepts in every name the stack name ends up in.
var awsNamePart = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)

// validateNames checks that the names derived from the stack name fit AWS, so that a long or
// odd stack name fails here and not halfway through `pulumi up`.
func validateNames(env *Environment, r *report) {
	if !awsNamePart.MatchString(env.Stack) {
		r.add("pulumi:stack", env.Stack, "must be letters, digits and single hyphens: it starts the AWS names of the stack's resources")
		return
	}
	if lbName := env.LoadBalancerName(); len(lbName)+autoNameSuffix > maxLoadBalancerName {
		r.add("pulumi:stack", env.Stack, "the load balancer's name %s plus Pulumi's %d-character suffix exceeds AWS's %d characters: stack names of up to %d characters fit",
			lbName, autoNameSuffix, maxLoadBalancerName, maxLoadBalancerName-autoNameSuffix-(len(lbName)-len(env.Stack)))
	}
	for i, ng := range env.EKS.NodeGroups {
		if ngName := env.NodeGroupName(ng.Name); len(ngName)+autoNameSuffix > maxNodeGroupName {
			r.add(indexed("eks.nodeGroups", i)+".name", ng.Name, "the node group's name %s plus Pulumi's %d-character suffix exceeds AWS's %d characters: names of up to %d characters fit in this stack",
				ngName, autoNameSuffix, maxNodeGroupName, maxNodeGroupName-autoNameSuffix-len(env.NodeGroupName("")))
		}
	}
}
