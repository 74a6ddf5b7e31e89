package cost

import (
	"fmt"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/stacks/envconfig"
)

// gp3's free baseline (Amazon EBS pricing): IOPS and throughput above it are billed.
const (
	gp3FreeIOPS       = 3000
	gp3FreeThroughput = 125
)

// pricers is the registry of billable resource types and how each is priced.
var pricers = map[string]pricer{
	"aws:ec2/instance:Instance":                         priceInstance,
	"aws:ebs/volume:Volume":                             priceVolume,
	"aws:ec2/natGateway:NatGateway":                     priceNATGateway,
	"aws:ec2/eip:Eip":                                   pricePublicIPv4,
	"platform:network:Network":                          priceTraffic,
	"aws:lb/loadBalancer:LoadBalancer":                  priceLoadBalancer,
	"aws:elasticache/replicationGroup:ReplicationGroup": priceReplicationGroup,
	"aws:cloudwatch/metricAlarm:MetricAlarm":            priceAlarm,
	"aws:cloudwatch/dashboard:Dashboard":                priceDashboard,
	"aws:kms/key:Key":                                   priceKMSKey,
	"eks:index:Cluster":                                 priceEKSCluster,
	"eks:index:ManagedNodeGroup":                        priceNodeGroup,
	"aws:appautoscaling/policy:Policy":                  priceScalingPolicy,
	"aws:dlm/lifecyclePolicy:LifecyclePolicy":           priceSnapshotPolicy,
}

// freeTypes cost nothing by themselves (AWS bills no charge for them, or their cost is priced on
// another resource: a target group's on its load balancer, a launch template's on its nodes).
var freeTypes = map[string]bool{
	"pulumi:pulumi:Stack":                                       true,
	"aws:ec2/vpc:Vpc":                                           true, // its cross-zone traffic is priced on the network component
	"aws:ec2/subnet:Subnet":                                     true,
	"aws:ec2/internetGateway:InternetGateway":                   true,
	"aws:ec2/routeTable:RouteTable":                             true,
	"aws:ec2/routeTableAssociation:RouteTableAssociation":       true,
	"aws:ec2/route:Route":                                       true,
	"aws:ec2/securityGroup:SecurityGroup":                       true,
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":         true,
	"aws:ec2/securityGroupRule:SecurityGroupRule":               true,
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": true,
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   true,
	"aws:ec2/networkInterface:NetworkInterface":                 true,
	"aws:ec2/volumeAttachment:VolumeAttachment":                 true,
	"aws:ec2/launchTemplate:LaunchTemplate":                     true,
	"aws:iam/role:Role":                                         true,
	"aws:iam/rolePolicy:RolePolicy":                             true,
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":         true,
	"aws:iam/instanceProfile:InstanceProfile":                   true,
	"aws:iam/policy:Policy":                                     true,
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider":       true,
	"aws:kms/alias:Alias":                                       true,
	"aws:lb/targetGroup:TargetGroup":                            true,
	"aws:lb/listener:Listener":                                  true,
	"aws:lb/listenerRule:ListenerRule":                          true,
	"aws:autoscaling/attachment:Attachment":                     true,
	"aws:elasticache/subnetGroup:SubnetGroup":                   true,
	"aws:elasticache/parameterGroup:ParameterGroup":             true,
	// SNS bills per request and notification beyond a free tier of one million requests a month;
	// alarm notifications stay far below it.
	"aws:sns/topic:Topic":                         true,
	"aws:sns/topicSubscription:TopicSubscription": true,
	"aws:sns/topicPolicy:TopicPolicy":             true,
	// Autoscaling costs nothing itself: the cluster autoscaler's Helm release runs on nodes
	// priced as the node group, its IAM role is free, and Application Auto Scaling bills only the
	// resources it resizes (priced with their range) and the CloudWatch alarms a policy makes
	// (priceScalingPolicy). The Kubernetes provider is free as every pulumi:providers: type.
	"kubernetes:helm.sh/v3:Release":    true,
	"aws:appautoscaling/target:Target": true,
	// State Manager associations on EC2 instances cost nothing (AWS Systems Manager pricing);
	// EventBridge delivers AWS services' events on the default bus free of charge.
	"aws:ssm/association:Association":        true,
	"aws:cloudwatch/eventRule:EventRule":     true,
	"aws:cloudwatch/eventTarget:EventTarget": true,
}

// priceSnapshotPolicy prices the snapshots a lifecycle policy keeps of every volume it targets
// (volumes carrying any of its target tags): one full copy at the provisioned size (the first
// snapshot holds the written blocks, which XFS without TRIM brings close to it), plus the blocks
// written anew each day (cost.usage.snapshotDailyChangePercent) for each retained day.
func priceSnapshotPolicy(e *estimator, r Resource) {
	if propString(r.Inputs, "state") == "DISABLED" {
		return
	}
	targets, _ := prop(r.Inputs, "policyDetails.targetTags")
	if !targets.IsObject() {
		return // it targets nothing known
	}
	var gib float64
	volumes := 0
	for _, v := range e.byType["aws:ebs/volume:Volume"] {
		tags, _ := prop(v.Inputs, "tags")
		if !tags.IsObject() || !anyTag(targets.ObjectValue(), tags.ObjectValue()) {
			continue
		}
		size, ok := propNumber(v.Inputs, "size")
		if !ok {
			e.unpricedf(r, "the size of volume %s it snapshots is unknown", v.Name)
			return
		}
		gib += size
		volumes++
	}
	if volumes == 0 {
		return // it snapshots nothing yet
	}
	schedules := propArray(r.Inputs, "policyDetails.schedules")
	var retained float64
	ok := len(schedules) == 1 && schedules[0].IsObject()
	if ok {
		retained, ok = propNumber(schedules[0].ObjectValue(), "retainRule.count")
	}
	if !ok {
		e.unpricedf(r, "its retention (one schedule's retainRule.count) is unknown")
		return
	}
	change := e.in.Usage.SnapshotDailyChangePercent / 100
	e.add(r, "ebs", "snapshot-storage", gib*(1+retained*change), fmt.Sprintf(
		"%d volumes of %g GiB in all: one full copy, plus %g%% of them written anew each day for %g retained days (cost.usage.snapshotDailyChangePercent)",
		volumes, gib, change*100, retained))
}

// anyTag tells whether tags hold any of the wanted key-value pairs.
func anyTag(wanted, tags resource.PropertyMap) bool {
	for k, want := range wanted {
		if got, ok := tags[k]; ok && got.IsString() && want.IsString() && got.StringValue() == want.StringValue() {
			return true
		}
	}
	return false
}

// readByPricers are the free types whose inputs a pricer reads to price another resource.
var readByPricers = map[string]bool{
	scalableTargetType:                      true, // a replication group's replica range
	"aws:ec2/launchTemplate:LaunchTemplate": true, // a node group's root volumes
}

// inputsRead tells whether pricing reads a type's inputs; the Recorder converts no others.
func inputsRead(typ string) bool {
	_, priced := pricers[typ]
	return priced || readByPricers[typ]
}

func free(typ string) bool {
	// Our own components (platform:*) hold no cost of their own; their children are priced.
	return freeTypes[typ] || strings.HasPrefix(typ, "platform:") || strings.HasPrefix(typ, "pulumi:providers:")
}

func priceInstance(e *estimator, r Resource) {
	typ := propString(r.Inputs, "instanceType")
	if typ == "" {
		e.unpricedf(r, "instanceType is unknown")
		return
	}
	e.add(r, "ec2", typ, HoursPerMonth, "")
	size, ok := propNumber(r.Inputs, "rootBlockDevice.volumeSize")
	if !ok {
		e.unpricedf(r, "root volume size comes from the AMI: set rootBlockDevice.volumeSize so it can be priced")
		return
	}
	e.priceEBS(r, volumeType(propString(r.Inputs, "rootBlockDevice.volumeType")), size, r.Inputs, "rootBlockDevice.", "root volume")
}

func volumeType(t string) string {
	if t == "" {
		return "gp3" // the type pulumi-aws v6 and EC2 default to for new volumes in this toolkit
	}
	return t
}

func priceVolume(e *estimator, r Resource) {
	size, ok := propNumber(r.Inputs, "size")
	if !ok {
		e.unpricedf(r, "volume size is unknown")
		return
	}
	e.priceEBS(r, volumeType(propString(r.Inputs, "type")), size, r.Inputs, "", "")
}

// ebsVolume is what an EBS volume is priced by.
type ebsVolume struct {
	typ        string
	sizeGiB    float64
	iops       float64
	throughput float64
}

// readVolume reads size, iops and throughput at prefix ("" or "rootBlockDevice.").
func readVolume(in resource.PropertyMap, typ string, size float64, prefix string) ebsVolume {
	v := ebsVolume{typ: typ, sizeGiB: size}
	v.iops, _ = propNumber(in, prefix+"iops")
	v.throughput, _ = propNumber(in, prefix+"throughput")
	return v
}

// priceEBS prices one volume.
func (e *estimator) priceEBS(r Resource, typ string, size float64, in resource.PropertyMap, prefix, note string) {
	e.priceVolumes(r, readVolume(in, typ, size, prefix), note, 1, 1, 1)
}

// priceVolumes prices count volumes alike (min and max for autoscaled groups).
func (e *estimator) priceVolumes(r Resource, v ebsVolume, note string, count, minCount, maxCount float64) {
	switch v.typ {
	case "gp3":
		e.addRange(r, "ebs", "gp3-storage", v.sizeGiB*count, v.sizeGiB*minCount, v.sizeGiB*maxCount, note)
		if extra := v.iops - gp3FreeIOPS; extra > 0 {
			e.addRange(r, "ebs", "gp3-iops", extra*count, extra*minCount, extra*maxCount, joinNote(note, "IOPS above the free 3000"))
		}
		if extra := v.throughput - gp3FreeThroughput; extra > 0 {
			e.addRange(r, "ebs", "gp3-throughput", extra*count, extra*minCount, extra*maxCount, joinNote(note, "MiB/s above the free 125"))
		}
	case "gp2":
		e.addRange(r, "ebs", "gp2-storage", v.sizeGiB*count, v.sizeGiB*minCount, v.sizeGiB*maxCount, note)
	default:
		e.unpricedf(r, "EBS volume type %q is not in the cost catalog (gp3 and gp2 are)", v.typ)
	}
}

func priceNATGateway(e *estimator, r Resource) {
	e.add(r, "vpc", "natgateway-hour", HoursPerMonth, "")
	e.add(r, "vpc", "natgateway-gb", e.in.Usage.NATGatewayGBPerMonth, "")
	e.usage("platform:cost.usage.natGatewayGbPerMonth")
}

func pricePublicIPv4(e *estimator, r Resource) {
	e.add(r, "vpc", "public-ipv4-hour", HoursPerMonth, "")
}

// priceTraffic prices the traffic crossing zones and leaving for the internet on the network
// component, which every stack has, with a new VPC or an existing one; the lines belong to it.
// AWS bills each cross-zone GB twice: once leaving one zone and once entering the other.
func priceTraffic(e *estimator, r Resource) {
	r.Component = r.Name
	e.add(r, "datatransfer", "inter-az-gb", 2*e.in.Usage.InterAZGBPerMonth, "billed leaving one zone and entering another: 2 × usage")
	e.usage("platform:cost.usage.interAzGbPerMonth")
	e.add(r, "datatransfer", "internet-out-gb", e.in.Usage.InternetEgressGBPerMonth,
		"load balancer responses and NAT egress, at the first-10-TB rate; AWS waives 100 GB a month per account")
	e.usage("platform:cost.usage.internetEgressGbPerMonth")
}

func priceLoadBalancer(e *estimator, r Resource) {
	prefix, capacity := "alb", "alb-lcu"
	if propString(r.Inputs, "loadBalancerType") == "network" {
		prefix, capacity = "nlb", "nlb-nlcu"
	}
	e.add(r, "elb", prefix+"-hour", HoursPerMonth, "")
	e.add(r, "elb", capacity, e.in.Usage.LoadBalancerCapacityUnits*HoursPerMonth, "")
	e.usage("platform:cost.usage.loadBalancerCapacityUnits")
	if propBool(r.Inputs, "internal") {
		return
	}
	// An internet-facing load balancer holds one public IPv4 address per zone, billed since 2024.
	// Its subnet ids are unknown until the VPC exists, so the stack's zone count stands for them.
	if e.in.Zones == 0 {
		e.unpricedf(r, "the stack's zone count is unknown: cannot count the public IPv4 addresses")
		return
	}
	e.add(r, "vpc", "public-ipv4-hour", float64(e.in.Zones)*HoursPerMonth, "one public IPv4 address per zone")
}

// priceReplicationGroup prices the group's nodes at its configured size; an auto scaled
// cluster-mode group also gets the range from its scalable target's min to max capacity.
func priceReplicationGroup(e *estimator, r Resource) {
	engine := propString(r.Inputs, "engine")
	if engine == "" {
		engine = "redis"
	}
	nodeType := propString(r.Inputs, "nodeType")
	nodes := 0.0
	minNodes, maxNodes := 0.0, 0.0
	note := ""
	if shards, ok := propNumber(r.Inputs, "numNodeGroups"); ok {
		replicas, _ := propNumber(r.Inputs, "replicasPerNodeGroup")
		nodes = shards * (1 + replicas)
		minNodes, maxNodes = nodes, nodes
		if t, ok := e.autoScalingTarget(r); ok {
			lo, hi, scaled := scalingBounds(t)
			switch scaled {
			case replicasDimension:
				minNodes, maxNodes = shards*(1+lo), shards*(1+hi)
				note = "nodes at the configured size; range from min to max replicas per shard (auto scaling)"
			case shardsDimension:
				minNodes, maxNodes = lo*(1+replicas), hi*(1+replicas)
				note = "nodes at the configured size; range from min to max shards (auto scaling)"
			}
		}
	} else if n, ok := propNumber(r.Inputs, "numCacheClusters"); ok {
		nodes, minNodes, maxNodes = n, n, n
	}
	if nodeType == "" || nodes == 0 {
		e.unpricedf(r, "node type or node count is unknown")
		return
	}
	e.addRange(r, "elasticache", engine+":"+nodeType, nodes*HoursPerMonth, minNodes*HoursPerMonth, maxNodes*HoursPerMonth, note)
}

// Application Auto Scaling's ElastiCache target type and dimensions.
const (
	scalableTargetType = "aws:appautoscaling/target:Target"
	replicasDimension  = "elasticache:replication-group:Replicas"
	shardsDimension    = "elasticache:replication-group:NodeGroups"
)

// autoScalingTarget finds the scalable target that resizes a replication group: the elasticache
// target whose resourceId is replication-group/<id> when the group's id is a plain input. An
// autonamed group's id is unknown before it exists (and so is the target's resourceId during a
// preview), so otherwise it is the one elasticache target beside the only group of a component.
func (e *estimator) autoScalingTarget(rg Resource) (Resource, bool) {
	id := propString(rg.Inputs, "replicationGroupId")
	var beside []Resource
	for _, t := range e.byType[scalableTargetType] {
		if propString(t.Inputs, "serviceNamespace") != "elasticache" {
			continue
		}
		resourceID := propString(t.Inputs, "resourceId")
		if id != "" && resourceID == "replication-group/"+id {
			return t, true
		}
		if rg.Component != "" && t.Component == rg.Component && (id == "" || resourceID == "") {
			beside = append(beside, t)
		}
	}
	groups := 0
	for _, g := range e.byType[rg.Type] {
		if g.Component == rg.Component {
			groups++
		}
	}
	if len(beside) == 1 && groups == 1 {
		return beside[0], true
	}
	return Resource{}, false
}

// scalingBounds reads a scalable target's min and max capacity and its dimension ("" when any
// is unknown).
func scalingBounds(t Resource) (lo, hi float64, dimension string) {
	lo, okLo := propNumber(t.Inputs, "minCapacity")
	hi, okHi := propNumber(t.Inputs, "maxCapacity")
	if !okLo || !okHi {
		return 0, 0, ""
	}
	return lo, hi, propString(t.Inputs, "scalableDimension")
}

// priceAlarm prices an alarm per alarm metric, as CloudWatch bills it: one for an alarm on a
// metric, and one for each metric (not each expression) of a metric math alarm's metricQueries.
func priceAlarm(e *estimator, r Resource) {
	metrics := []resource.PropertyMap{r.Inputs} // each holds a period
	prefix := ""
	if queries := propArray(r.Inputs, "metricQueries"); len(queries) > 0 {
		metrics, prefix = nil, "metric."
		for _, q := range queries {
			if q.IsObject() && q.ObjectValue().HasValue("metric") {
				metrics = append(metrics, q.ObjectValue())
			}
		}
	}
	if len(metrics) == 0 {
		// Only expressions (a Metrics Insights query, anomaly detection): billed per metric the
		// query analyses, which the inputs do not tell.
		e.unpricedf(r, "an alarm on expressions alone is billed per metric its query analyses, which its inputs do not tell")
		return
	}
	for _, m := range metrics {
		if period, ok := propNumber(m, prefix+"period"); ok && period < 60 {
			e.unpricedf(r, "high-resolution alarms (period %v s) are not in the cost catalog", period)
			return
		}
	}
	note := ""
	if prefix != "" {
		note = fmt.Sprintf("metric math over %d metrics, each billed as an alarm metric", len(metrics))
	}
	e.add(r, "cloudwatch", "alarm-standard", float64(len(metrics)), note)
}

func priceDashboard(e *estimator, r Resource) { e.add(r, "cloudwatch", "dashboard", 1, "") }

func priceKMSKey(e *estimator, r Resource) { e.add(r, "kms", "key", 1, "") }

// priceEKSCluster prices the control plane at the support class of its Kubernetes version over
// the month after the estimate's day: standard support ending within it costs the extended
// cluster-hour (six times the standard one) from then on, so the month is priced at that.
func priceEKSCluster(e *estimator, r Resource) {
	version := propString(r.Inputs, "version")
	v, ok := envconfig.EKSVersions[version]
	if !ok {
		e.unpricedf(r, "Kubernetes version %q has no known EKS support dates", version)
		return
	}
	monthAhead := e.in.Day
	if day, err := time.Parse(catalog.DateLayout, e.in.Day); err == nil {
		monthAhead = day.AddDate(0, 0, HoursPerMonth/24).Format(catalog.DateLayout)
	}
	note := ""
	if v.SupportOn(e.in.Day) == envconfig.StandardSupport && v.SupportOn(monthAhead) == envconfig.ExtendedSupport {
		note = fmt.Sprintf("standard support of Kubernetes %s ends %s: priced at extended support, which applies from then", version, v.StandardEnds)
	}
	e.add(r, "eks", "cluster-"+string(v.SupportOn(monthAhead)), HoursPerMonth, note)
	if logTypes := propArray(r.Inputs, "enabledClusterLogTypes"); len(logTypes) > 0 {
		gb := e.in.Usage.ControlPlaneLogGBPerMonth
		e.add(r, "cloudwatch", "logs-ingested-gb", gb, "control-plane logs (cost.usage.controlPlaneLogGbPerMonth)")
		// EKS creates its log group without an expiry: a month's logs are stored the month
		// after, and storage grows by as much every month they are kept.
		e.add(r, "cloudwatch", "logs-stored-gb", gb, "a month of control-plane logs kept; grows each month while EKS's log group keeps them")
	}
}

// dearest is the instance type with the highest on-demand price in the region; unpriced types
// count as dearest, so that the line reports them.
func (e *estimator) dearest(types []resource.PropertyValue) string {
	best, bestUSD := "", -1.0
	for _, t := range types {
		if !t.IsString() {
			continue
		}
		p, ok := e.cat.Lookup(e.in.Region, "ec2", t.StringValue())
		if !ok {
			return t.StringValue()
		}
		if p.USD > bestUSD {
			best, bestUSD = t.StringValue(), p.USD
		}
	}
	return best
}

// targetTrackingAlarms is how many CloudWatch alarms Application Auto Scaling creates for a target
// tracking policy: one to scale out, one to scale in (Application Auto Scaling user guide,
// "Target tracking scaling policies"); they bill as standard alarms.
const targetTrackingAlarms = 2

// priceScalingPolicy prices the alarms a target tracking policy creates and manages.
func priceScalingPolicy(e *estimator, r Resource) {
	if propString(r.Inputs, "policyType") != "TargetTrackingScaling" {
		e.unpricedf(r, "only target tracking policies are in the cost model")
		return
	}
	e.add(r, "cloudwatch", "alarm-standard", targetTrackingAlarms, "the scale-out and scale-in alarms Application Auto Scaling manages")
}

// priceNodeGroup prices a managed node group at its desired size, with the range from min to
// max size, and its nodes' root volumes from its launch template.
func priceNodeGroup(e *estimator, r Resource) {
	types := propArray(r.Inputs, "instanceTypes")
	desired, okD := propNumber(r.Inputs, "scalingConfig.desiredSize")
	minSize, okMin := propNumber(r.Inputs, "scalingConfig.minSize")
	maxSize, okMax := propNumber(r.Inputs, "scalingConfig.maxSize")
	if len(types) == 0 || !types[0].IsString() || !okD || !okMin || !okMax {
		e.unpricedf(r, "instanceTypes or scalingConfig is unknown")
		return
	}
	// An on-demand group launches its first instance type; price at it. A spot group may get
	// any of its types: priced at the dearest on-demand rate among them, an upper bound.
	typ := types[0].StringValue()
	note := "nodes at desired size; range from min to max size"
	if propString(r.Inputs, "capacityType") == "SPOT" {
		typ = e.dearest(types)
		note = "spot nodes priced at the on-demand rate of " + typ + ", the dearest of their types (an upper bound); " + note
	}
	e.addRange(r, "ec2", typ, desired*HoursPerMonth, minSize*HoursPerMonth, maxSize*HoursPerMonth, note)

	volumes := "node root volumes"
	if strings.HasPrefix(propString(r.Inputs, "amiType"), "BOTTLEROCKET_") {
		// Bottlerocket's sized volume is its data volume; its OS volume keeps the AMI's size,
		// which no input states.
		volumes = "node data volumes"
		e.unpricedf(r, "Bottlerocket OS volumes (/dev/xvda) keep their AMI's size, which no input states; the data volumes are priced")
	}
	if size, ok := propNumber(r.Inputs, "diskSize"); ok {
		e.priceVolumes(r, ebsVolume{typ: "gp3", sizeGiB: size}, volumes, desired, minSize, maxSize)
		return
	}
	lt, ok := e.launchTemplate(r)
	if !ok {
		e.unpricedf(r, "node root volumes: no diskSize and no launch template found by launchTemplate.name")
		return
	}
	for _, bdm := range propArray(lt.Inputs, "blockDeviceMappings") {
		if !bdm.IsObject() {
			continue
		}
		m := bdm.ObjectValue()
		size, ok := propNumber(m, "ebs.volumeSize")
		if !ok && volumes == "node data volumes" && propString(m, "deviceName") == "/dev/xvda" {
			continue // the Bottlerocket OS volume, listed as unpriced above
		}
		if !ok {
			e.unpricedf(r, "launch template %s: volume size is unknown", lt.Name)
			continue
		}
		v := readVolume(m, volumeType(propString(m, "ebs.volumeType")), size, "ebs.")
		e.priceVolumes(r, v, volumes, desired, minSize, maxSize)
	}
}

// launchTemplate finds the launch template a node group names.
func (e *estimator) launchTemplate(ng Resource) (Resource, bool) {
	name := propString(ng.Inputs, "launchTemplate.name")
	for _, lt := range e.byType["aws:ec2/launchTemplate:LaunchTemplate"] {
		if name != "" && propString(lt.Inputs, "name") == name {
			return lt, true
		}
	}
	return Resource{}, false
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
