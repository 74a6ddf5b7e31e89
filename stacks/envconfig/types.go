// Package envconfig is the one config model of an environment: the types read from a stack's
// structured Pulumi config, their defaults (defaults.go) and their validation (validate_*.go).
//
// It imports no cloud SDK, so the cost model, the policy pack and the offline plan read it cheaply.
package envconfig

// Environment is the whole, validated configuration of one stack.
type Environment struct {
	// Project is the Pulumi project name; it prefixes every config key ("platform").
	Project string `json:"-"`
	// Stack is the Pulumi stack name (dev, staging, prod or any other).
	Stack string `json:"-"`
	// Name is platform:environment, one of dev, staging, prod. Required.
	Name string `json:"environment"`
	// Region is aws:region. Required.
	Region string `json:"region"`
	// Tags is platform:tags, added to every taggable resource besides the standard ones. Default empty.
	Tags map[string]string `json:"tags"`

	Network      Network      `json:"network"`
	EKS          EKS          `json:"eks"`
	LoadBalancer LoadBalancer `json:"loadBalancer"`
	Cache        Cache        `json:"cache"`
	Cassandra    Cassandra    `json:"cassandra"`
	Cost         Cost         `json:"cost"`
	Monitoring   Monitoring   `json:"monitoring"`
}

// IsProd tells whether the stack is a production environment: protection and retention apply.
func (e *Environment) IsProd() bool { return e.Name == EnvProd }

// Environment names.
const (
	EnvDev     = "dev"
	EnvStaging = "staging"
	EnvProd    = "prod"
)

// NAT gateway layouts of network.natGateways.
const (
	natNone   = "none" // accepted only with an existing VPC: see validateNetwork
	NATSingle = "single"
	NATPerAZ  = "perAz"
)

// Network is platform:network: a new VPC carved over N availability zones, or an existing one.
type Network struct {
	// CIDR of a new VPC, /16 to /24. Default 10.0.0.0/16. Excludes vpcId.
	CIDR string `json:"cidr"`
	// AZCount is how many availability zones a new VPC spans, 2 to 6. Default 3.
	AZCount int `json:"azCount"`
	// AvailabilityZones names the zones; empty means the first azCount zones of the region
	// (aws.getAvailabilityZones). When set, its length must equal azCount.
	AvailabilityZones []string `json:"availabilityZones"`
	// NATGateways is single or perAz. Default perAz. Ignored with an existing VPC, whose
	// routing stays as it is; there none is accepted too.
	NATGateways string `json:"natGateways"`
	// VPCID brings your own VPC; then publicSubnetIds and privateSubnetIds are required, one per zone.
	VPCID string `json:"vpcId"`
	// PublicSubnetIDs of an existing VPC, in zone order.
	PublicSubnetIDs []string `json:"publicSubnetIds"`
	// PrivateSubnetIDs of an existing VPC, in zone order.
	PrivateSubnetIDs []string `json:"privateSubnetIds"`
}

// BringYourOwn tells whether the network is an existing VPC.
func (n Network) BringYourOwn() bool { return n.VPCID != "" }

// Zones is the number of availability zones the stack spans.
func (n Network) Zones() int {
	if n.BringYourOwn() {
		return len(n.PrivateSubnetIDs)
	}
	return n.AZCount
}

// CommonTags are the tags every taggable resource carries: the configured tags plus the
// standard ones (which win, so reports and the policy pack can rely on them).
func (e *Environment) CommonTags() map[string]string {
	tags := make(map[string]string, len(e.Tags)+4)
	for k, v := range e.Tags {
		tags[k] = v
	}
	tags[TagProject] = e.Project
	tags[TagEnvironment] = e.Name
	tags[TagStack] = e.Stack
	tags[TagManagedBy] = "pulumi"
	return tags
}

// Standard tag keys.
const (
	TagProject     = "Project"
	TagEnvironment = "Environment"
	TagStack       = "Stack"
	TagManagedBy   = "ManagedBy"
)
