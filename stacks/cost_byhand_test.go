package stacks_test

import (
	"math"
	"testing"
	"time"

	"github.com/platform-team/platform/cost/catalog"
	"github.com/platform-team/platform/stacks/envconfig"
)

// us-east-1 unit prices of the shipped catalog, written out so each stack's total below is
// arithmetic on explicit numbers; TestByHandPricesAreTheCatalogs keeps them equal to the catalog.
var usEast1 = map[[2]string]float64{
	{"ec2", "m5.large"}:                       0.096,
	{"ec2", "m5.xlarge"}:                      0.192,
	{"ec2", "m6i.large"}:                      0.096,
	{"ec2", "m6i.xlarge"}:                     0.192,
	{"ec2", "r6i.2xlarge"}:                    0.504,
	{"ec2", "c6i.2xlarge"}:                    0.34,
	{"ec2", "m6i.2xlarge"}:                    0.384,
	{"ebs", "gp3-storage"}:                    0.08,
	{"ebs", "gp3-iops"}:                       0.005,
	{"ebs", "gp3-throughput"}:                 0.04,
	{"ebs", "snapshot-storage"}:               0.05,
	{"eks", "cluster-standard"}:               0.10,
	{"eks", "cluster-extended"}:               0.60,
	{"kms", "key"}:                            1,
	{"elasticache", "valkey:cache.r7g.large"}: 0.1752,
	{"elb", "alb-hour"}:                       0.0225,
	{"elb", "alb-lcu"}:                        0.008,
	{"vpc", "natgateway-hour"}:                0.045,
	{"vpc", "natgateway-gb"}:                  0.045,
	{"vpc", "public-ipv4-hour"}:               0.005,
	{"cloudwatch", "alarm-standard"}:          0.10,
	{"cloudwatch", "dashboard"}:               3.00,
	{"cloudwatch", "logs-ingested-gb"}:        0.50,
	{"cloudwatch", "logs-stored-gb"}:          0.03,
	{"datatransfer", "inter-az-gb"}:           0.01,
	{"datatransfer", "internet-out-gb"}:       0.09,
}

func price(service, item string) float64 { return usEast1[[2]string{service, item}] }

func TestByHandPricesAreTheCatalogs(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range usEast1 {
		p, ok := cat.Lookup("us-east-1", k[0], k[1])
		if !ok || p.USD != want {
			t.Errorf("%s/%s: catalog %v (found %v), test %v", k[0], k[1], p.USD, ok, want)
		}
	}
}

// Shared shape of the shipped stacks, per the stack files and the documented defaults.
const (
	hours           = 730.0
	nodeRootGiB     = 50  // eks.nodeGroups[].diskSize default
	cassandraRoot   = 30  // the Cassandra nodes' root volume
	alarmsPerNode   = 2   // system-recover and instance-reboot
	albAlarmMetrics = 6   // 5xx rate (metric math over 3 metrics), response time, unhealthy and no healthy hosts
	lcuPerHour      = 1   // cost.usage.loadBalancerCapacityUnits default
	natGBPerMonth   = 100 // cost.usage.natGatewayGbPerMonth default
	interAZPerMonth = 100 // cost.usage.interAzGbPerMonth default
	controlPlaneLog = 10  // cost.usage.controlPlaneLogGbPerMonth default, ingested and then stored
	internetEgress  = 100 // cost.usage.internetEgressGbPerMonth default
)

// common prices what every stack has: the EKS control plane, its logs and its secrets key, the ALB with a
// public address per zone, NAT gateways with their addresses, cross-zone traffic.
func common(zones, natGateways float64) float64 {
	return hours*price("eks", controlPlane()) + price("kms", "key") +
		controlPlaneLog*(price("cloudwatch", "logs-ingested-gb")+price("cloudwatch", "logs-stored-gb")) +
		hours*price("elb", "alb-hour") + lcuPerHour*hours*price("elb", "alb-lcu") + zones*hours*price("vpc", "public-ipv4-hour") +
		natGateways*(hours*price("vpc", "natgateway-hour")+natGBPerMonth*price("vpc", "natgateway-gb")+hours*price("vpc", "public-ipv4-hour")) +
		2*interAZPerMonth*price("datatransfer", "inter-az-gb") + internetEgress*price("datatransfer", "internet-out-gb")
}

// controlPlane is the cluster-hour item of the default Kubernetes version over the month ahead
// (standard support until it ends, then extended), as the estimate prices it today.
func controlPlane() string {
	monthAhead := time.Now().UTC().AddDate(0, 0, 30).Format(catalog.DateLayout)
	return "cluster-" + string(envconfig.EKSVersions[envconfig.DefaultEKSVersion].SupportOn(monthAhead))
}

// nodes prices n EKS nodes of a type with their root volumes.
func nodes(n float64, typ string, rootGiB float64) float64 {
	return n * (hours*price("ec2", typ) + rootGiB*price("ebs", "gp3-storage"))
}

// cassandraNodes prices n Cassandra nodes with root and data volumes and status alarms.
func cassandraNodes(n float64, typ string, dataGiB, iops, throughput float64) float64 {
	return n * (hours*price("ec2", typ) + cassandraRoot*price("ebs", "gp3-storage") +
		dataGiB*price("ebs", "gp3-storage") + (iops-3000)*price("ebs", "gp3-iops") + (throughput-125)*price("ebs", "gp3-throughput") +
		alarmsPerNode*price("cloudwatch", "alarm-standard"))
}

// snapshots prices the daily snapshots of n data volumes kept retainDays: one full copy each plus
// the default 5 % of it written anew each day, the alarm on failed snapshots and the one on the
// error-state rule's failed deliveries.
func snapshots(n, dataGiB, retainDays float64) float64 {
	return n*dataGiB*(1+retainDays*0.05)*price("ebs", "snapshot-storage") + 2*price("cloudwatch", "alarm-standard")
}

// hostSettingsAlarm watches the deliveries of the rule that forwards failed host settings.
var hostSettingsAlarm = price("cloudwatch", "alarm-standard")

func cacheNodes(n float64) float64 { return n * hours * price("elasticache", "valkey:cache.r7g.large") }

// monitoringTier prices the monitoring tier: the alarm topic's KMS key, the stack's dashboard, and
// alarm metrics for the ALB, each cache node (engine CPU, memory, evictions, and replication lag
// when the group has replicas) and each node group (at max size). SNS is free at alarm volumes.
func monitoringTier(cacheNodes, alarmsPerCacheNode, nodeGroups float64) float64 {
	return price("kms", "key") + // the topic's customer managed key
		price("cloudwatch", "dashboard") + // one dashboard per stack
		albAlarmMetrics*price("cloudwatch", "alarm-standard") +
		cacheNodes*alarmsPerCacheNode*price("cloudwatch", "alarm-standard") +
		nodeGroups*price("cloudwatch", "alarm-standard")
}

func TestShippedStackCostsByHand(t *testing.T) {
	want := map[string]float64{
		// dev: 2 zones, one NAT gateway; 2 × m5.large; 1 cache node; 3 × m6i.large with 100 GiB, no snapshots;
		// monitoring: 3 alarms on the one cache node (no replica, no lag), 1 node group.
		"dev": common(2, 1) + nodes(2, "m5.large", nodeRootGiB) + cacheNodes(1) + cassandraNodes(3, "m6i.large", 100, 3000, 125) +
			hostSettingsAlarm + monitoringTier(1, 3, 1),
		// staging: 3 zones, NAT per zone; 3 × m5.xlarge; primary + replica; 3 × m6i.xlarge with 250 GiB
		// and their snapshots kept 7 days; monitoring: 4 alarms on each of the 2 cache nodes, 1 node group.
		"staging": common(3, 3) + nodes(3, "m5.xlarge", nodeRootGiB) + cacheNodes(2) + cassandraNodes(3, "m6i.xlarge", 250, 3000, 125) +
			snapshots(3, 250, 7) + hostSettingsAlarm + monitoringTier(2, 4, 1),
		// prod: 3 zones, NAT per zone; 3 × m5.xlarge and 2 spot nodes of c6i/m6i.2xlarge (at the
		// dearer on-demand rate, m6i's); 3 shards × 3 nodes, with the 2 alarms of the replicas'
		// target tracking policy; 6 × r6i.2xlarge with 1000 GiB, 6000 IOPS and 250 MiB/s, and their
		// snapshots kept 14 days;
		// monitoring: 4 alarms on each of the 15 cache nodes auto scaling may run (3 shards × (1 +
		// up to 4 replicas)), 2 node groups.
		"prod": common(3, 3) + nodes(3, "m5.xlarge", nodeRootGiB) + nodes(2, "m6i.2xlarge", nodeRootGiB) + cacheNodes(9) +
			2*price("cloudwatch", "alarm-standard") +
			cassandraNodes(6, "r6i.2xlarge", 1000, 6000, 250) + snapshots(6, 1000, 14) + hostSettingsAlarm + monitoringTier(15, 4, 2),
	}
	for _, stack := range shippedStacks {
		est := exportedCost(t, mustRun(t, stack))
		if len(est.Unpriced) != 0 {
			t.Errorf("%s: unpriced resources: %+v", stack, est.Unpriced)
		}
		if math.Abs(est.Monthly-want[stack]) >= 0.005 {
			t.Errorf("%s: monthly %.2f, by hand %.2f", stack, est.Monthly, want[stack])
		}
		if est.OverBudget {
			t.Errorf("%s: %.2f is over its budget %.2f", stack, est.Monthly, est.BudgetMonthly)
		}
	}
}
