package main

// query describes one catalog item and how to find it in the AWS Price List
// API: the GetProducts filters for one region, and the checks a returned
// product must pass before its on-demand price is accepted.
type query struct {
	// Service, Item and Unit are the catalog vocabulary (see package catalog).
	Service, Item, Unit string
	// ServiceCode is the Price List service code, e.g. "AmazonEC2".
	ServiceCode string
	// Filters are TERM_MATCH filters sent to GetProducts in addition to the
	// region filter.
	Filters map[string]string
	// RegionField is the attribute that carries the region code;
	// "regionCode" when empty.
	RegionField string
	// UsageType, when set, must equal the product's usagetype once the
	// region prefix ("USE2-", "EU-", ...) is removed. It separates SKUs that
	// share the filters, e.g. NAT gateway hours from bytes, or plain cache
	// nodes from extended-support and durability add-ons.
	UsageType string
	// PriceUnits lists the priceDimensions units accepted (case-insensitive);
	// any other unit is rejected rather than converted by guess.
	PriceUnits []string
	// Scale converts the Price List price to the catalog unit; 0 means 1.
	Scale float64
	// Note is copied to the catalog entry.
	Note string
	// AddItem names another item of the same service and region whose
	// refreshed price is added to this one: the Price List prices a
	// surcharge where the catalog prices the total.
	AddItem string
}

// defaultEC2Types are the instance types the cost model prices.
var defaultEC2Types = []string{
	"t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge",
	"m5.large", "m5.xlarge", "m5.2xlarge", "m5.4xlarge", "m5.8xlarge",
	"m6i.large", "m6i.xlarge", "m6i.2xlarge", "m6i.4xlarge", "m6i.8xlarge",
	"m7i.large", "m7i.xlarge", "m7i.2xlarge", "m7i.4xlarge", "m7i.8xlarge",
	"c6i.large", "c6i.xlarge", "c6i.2xlarge", "c6i.4xlarge", "c6i.8xlarge",
	"r6i.large", "r6i.xlarge", "r6i.2xlarge", "r6i.4xlarge", "r6i.8xlarge",
	"i3.large", "i3.xlarge", "i3.2xlarge", "i3.4xlarge",
	"i4i.large", "i4i.xlarge", "i4i.2xlarge", "i4i.4xlarge",
}

// defaultCacheTypes are the ElastiCache node types the cost model prices.
var defaultCacheTypes = []string{
	"cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium",
	"cache.m6g.large", "cache.m6g.xlarge", "cache.m6g.2xlarge", "cache.m6g.4xlarge",
	"cache.m7g.large", "cache.m7g.xlarge", "cache.m7g.2xlarge", "cache.m7g.4xlarge",
	"cache.r6g.large", "cache.r6g.xlarge", "cache.r6g.2xlarge", "cache.r6g.4xlarge",
	"cache.r7g.large", "cache.r7g.xlarge", "cache.r7g.2xlarge", "cache.r7g.4xlarge",
}

var hours = []string{"Hrs", "Hours"}

// fixedQueries is the table of non-instance items.
var fixedQueries = []query{
	{
		Service: "ebs", Item: "gp3-storage", Unit: "GB-month", ServiceCode: "AmazonEC2",
		Filters:    map[string]string{"productFamily": "Storage", "volumeApiName": "gp3"},
		PriceUnits: []string{"GB-Mo"},
	},
	{
		Service: "ebs", Item: "gp3-iops", Unit: "IOPS-month", ServiceCode: "AmazonEC2",
		Filters:    map[string]string{"productFamily": "System Operation", "volumeApiName": "gp3"},
		UsageType:  "EBS:VolumeP-IOPS.gp3",
		PriceUnits: []string{"IOPS-Mo"},
		Note:       "per provisioned IOPS-month above the 3,000 IOPS included with every gp3 volume",
	},
	{
		Service: "ebs", Item: "gp3-throughput", Unit: "MiBps-month", ServiceCode: "AmazonEC2",
		Filters:    map[string]string{"productFamily": "Provisioned Throughput", "volumeApiName": "gp3"},
		UsageType:  "EBS:VolumeP-Throughput.gp3",
		PriceUnits: []string{"GiBps-mo"},
		Scale:      1.0 / 1024,
		Note:       "per provisioned MiB/s-month above the 125 MiB/s included with every gp3 volume; converted from the Price List's GiBps-mo price (divided by 1024)",
	},
	{
		Service: "ebs", Item: "gp2-storage", Unit: "GB-month", ServiceCode: "AmazonEC2",
		Filters:    map[string]string{"productFamily": "Storage", "volumeApiName": "gp2"},
		PriceUnits: []string{"GB-Mo"},
	},
	{
		Service: "eks", Item: "cluster-standard", Unit: "hour", ServiceCode: "AmazonEKS",
		UsageType: "AmazonEKS-Hours:perCluster", PriceUnits: hours,
	},
	// The catalog item is the whole cluster-hour in extended support; the
	// Price List's extendedSupport SKU is the surcharge billed on top of the
	// perCluster hour (real billing data shows both lines for the same
	// hours; see testdata/real/README.md), so the two are added.
	{
		Service: "eks", Item: "cluster-extended", Unit: "hour", ServiceCode: "AmazonEKS",
		UsageType: "AmazonEKS-Hours:extendedSupport", PriceUnits: hours, AddItem: "cluster-standard",
		Note: "per cluster-hour while the cluster's Kubernetes version is in extended support: the standard cluster-hour plus the extended-support surcharge",
	},
	{
		Service: "elb", Item: "alb-hour", Unit: "hour", ServiceCode: "AWSELB",
		Filters:   map[string]string{"productFamily": "Load Balancer-Application"},
		UsageType: "LoadBalancerUsage", PriceUnits: hours,
	},
	{
		Service: "elb", Item: "alb-lcu", Unit: "LCU-hour", ServiceCode: "AWSELB",
		Filters:   map[string]string{"productFamily": "Load Balancer-Application"},
		UsageType: "LCUUsage", PriceUnits: []string{"LCU-Hrs"},
	},
	{
		Service: "elb", Item: "nlb-hour", Unit: "hour", ServiceCode: "AWSELB",
		Filters:   map[string]string{"productFamily": "Load Balancer-Network"},
		UsageType: "LoadBalancerUsage", PriceUnits: hours,
	},
	{
		Service: "elb", Item: "nlb-nlcu", Unit: "NLCU-hour", ServiceCode: "AWSELB",
		Filters:   map[string]string{"productFamily": "Load Balancer-Network"},
		UsageType: "LCUUsage", PriceUnits: []string{"LCU-Hrs", "NLCU-Hrs"},
	},
	{
		Service: "vpc", Item: "natgateway-hour", Unit: "hour", ServiceCode: "AmazonEC2",
		Filters:   map[string]string{"productFamily": "NAT Gateway"},
		UsageType: "NatGateway-Hours", PriceUnits: hours,
	},
	{
		Service: "vpc", Item: "natgateway-gb", Unit: "GB", ServiceCode: "AmazonEC2",
		Filters:   map[string]string{"productFamily": "NAT Gateway"},
		UsageType: "NatGateway-Bytes", PriceUnits: []string{"GB"},
		Note: "data processed by the NAT gateway; data transfer charges apply on top",
	},
	{
		Service: "vpc", Item: "public-ipv4-hour", Unit: "hour", ServiceCode: "AmazonVPC",
		UsageType: "PublicIPv4:InUseAddress", PriceUnits: hours,
	},
	{
		Service: "cloudwatch", Item: "alarm-standard", Unit: "alarm-month", ServiceCode: "AmazonCloudWatch",
		Filters:   map[string]string{"productFamily": "Alarm"},
		UsageType: "CW:AlarmMonitorUsage", PriceUnits: []string{"Alarms"},
	},
	{
		Service: "kms", Item: "key", Unit: "key-month", ServiceCode: "awskms",
		UsageType: "KMS-Keys", PriceUnits: []string{"Keys"},
	},
	{
		Service: "datatransfer", Item: "inter-az-gb", Unit: "GB", ServiceCode: "AWSDataTransfer",
		Filters:     map[string]string{"transferType": "IntraRegion"},
		RegionField: "fromRegionCode",
		UsageType:   "DataTransfer-Regional-Bytes", PriceUnits: []string{"GB"},
		Note: "per GB in each direction between Availability Zones of the same region",
	},
	// CloudWatch dashboards are deliberately absent: their Price List unit
	// could not be confirmed without network access, and a wrong unit
	// conversion would put a wrong number in the catalog.
}

// defaultQueries returns the full query table for the given instance and
// cache node types.
func defaultQueries(ec2Types, cacheTypes []string) []query {
	var qs []query
	for _, t := range ec2Types {
		qs = append(qs, query{
			Service: "ec2", Item: t, Unit: "hour", ServiceCode: "AmazonEC2",
			Filters: map[string]string{
				"productFamily":   "Compute Instance",
				"instanceType":    t,
				"operatingSystem": "Linux",
				"tenancy":         "Shared",
				"preInstalledSw":  "NA",
				"licenseModel":    "No License required",
				"capacitystatus":  "Used",
				// Capacity Block SKUs share every other attribute and the
				// usage type with the on-demand SKU but cost something else
				// (opencost pricing-us-east-1.json: YSXJGN78QTXNVGDQ,
				// operation RunInstances:CB, beside H7NGEAC6UEHNTKSJ).
				"operation": "RunInstances",
			},
			UsageType:  "BoxUsage:" + t,
			PriceUnits: hours,
		})
	}
	qs = append(qs, fixedQueries...)
	for _, engine := range []struct{ item, name string }{{"redis", "Redis"}, {"valkey", "Valkey"}} {
		for _, t := range cacheTypes {
			qs = append(qs, query{
				Service: "elasticache", Item: engine.item + ":" + t, Unit: "hour",
				ServiceCode: "AmazonElastiCache",
				Filters: map[string]string{
					"productFamily": "Cache Instance",
					"instanceType":  t,
					"cacheEngine":   engine.name,
				},
				UsageType:  "NodeUsage:" + t,
				PriceUnits: hours,
			})
		}
	}
	return qs
}
