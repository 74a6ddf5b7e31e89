package envconfig

// EKS is platform:eks: the Kubernetes control plane and its managed node groups.
type EKS struct {
	// Version is the Kubernetes minor version, e.g. "1.36". Default DefaultEKSVersion (1.36).
	Version string `json:"version"`
	// PublicAccessCIDRs may reach the public API endpoint. The public endpoint stays on because
	// pulumi-eks writes the aws-auth ConfigMap through it. Default ["0.0.0.0/0"]; prod must restrict it.
	PublicAccessCIDRs []string `json:"publicAccessCidrs"`
	// PrivateAccess turns on the endpoint inside the VPC. Default true.
	PrivateAccess bool `json:"privateAccess"`
	// AdminRoleARNs are IAM roles given cluster-admin on the Kubernetes API (EKS access entries),
	// such as the CI deploy role and the operators' role: without them only the identity that
	// created the cluster can use it. Default none.
	AdminRoleARNs []string `json:"adminRoleArns"`
	// ViewerRoleARNs are IAM roles given read-only access, such as the CI preview role. Default none.
	ViewerRoleARNs []string `json:"viewerRoleArns"`
	// LogTypes are the control-plane log types sent to CloudWatch. Default all five.
	LogTypes []string `json:"logTypes"`
	// SecretsEncryption encrypts Kubernetes secrets with a KMS key of the stack. Default true.
	SecretsEncryption bool `json:"secretsEncryption"`
	// NodeGroups are the managed node groups. Default one "general" group of 3 × m5.xlarge.
	NodeGroups []NodeGroup `json:"nodeGroups"`
	// Autoscaler is the Kubernetes cluster autoscaler, which resizes every node group between its
	// minSize and maxSize. On by default.
	Autoscaler ClusterAutoscaler `json:"autoscaler"`
}

// ClusterAutoscaler is platform:eks.autoscaler: the cluster autoscaler from its official Helm
// chart, with an IAM role for its service account limited to this cluster's node groups.
type ClusterAutoscaler struct {
	// Enabled installs it. Default true.
	Enabled bool `json:"enabled"`
	// ChartVersion of the cluster-autoscaler chart (https://kubernetes.github.io/autoscaler).
	// Default DefaultAutoscalerChartVersion.
	ChartVersion string `json:"chartVersion"`
	// ImageTag of registry.k8s.io/autoscaling/cluster-autoscaler, v1.<minor>.<patch>; its minor
	// must equal eks.version's. Default "": the release AutoscalerImageTags pins for eks.version.
	ImageTag string `json:"imageTag"`
}

// NodeGroup is one managed node group, platform:eks.nodeGroups[i].
type NodeGroup struct {
	// Name is unique within the cluster. Required.
	Name string `json:"name"`
	// InstanceTypes, at least one. Default ["m5.xlarge"].
	InstanceTypes []string `json:"instanceTypes"`
	// CapacityType is ON_DEMAND or SPOT. Default ON_DEMAND.
	CapacityType string `json:"capacityType"`
	// MinSize, DesiredSize and MaxSize bound the group; desired is only the size at creation
	// (the cluster autoscaler owns it afterwards). Defaults 3, 3, 6.
	MinSize     int `json:"minSize"`
	DesiredSize int `json:"desiredSize"`
	MaxSize     int `json:"maxSize"`
	// DiskSizeGiB of each node's encrypted gp3 root volume (Bottlerocket: its data volume), 20 to
	// 65536. Default 50.
	DiskSizeGiB int `json:"diskSize"`
	// AMIType of the nodes: AL2023_x86_64_STANDARD (default) or BOTTLEROCKET_x86_64.
	AMIType string `json:"amiType"`
	// Labels are Kubernetes node labels.
	Labels map[string]string `json:"labels"`
	// Taints are Kubernetes node taints.
	Taints []Taint `json:"taints"`
	// MaxUnavailable nodes during an update. Default 1.
	MaxUnavailable int `json:"maxUnavailable"`
}

// Taint is a Kubernetes node taint.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Effect string `json:"effect"` // NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE
}

// LoadBalancer is platform:loadBalancer: an ALB or NLB in front of the EKS workers.
type LoadBalancer struct {
	// Type is application or network. Default application.
	Type string `json:"type"`
	// Internal places the load balancer in the private subnets. Default false (internet-facing).
	Internal bool `json:"internal"`
	// HTTPS turns on the encrypted listener on 443: HTTPS on an ALB (with HTTP 80 redirected to
	// it), TLS on an NLB (which has no redirect, so 80 stays closed). Requires CertificateARN.
	// Default false: plain HTTP (ALB) or TCP (NLB) on 80.
	HTTPS bool `json:"https"`
	// CertificateARN is the ACM certificate of the encrypted listener, in the stack's region.
	// Only with HTTPS.
	CertificateARN string `json:"certificateArn"`
	// AllowedCIDRs may reach the listener ports. Default ["0.0.0.0/0"].
	AllowedCIDRs []string `json:"allowedCidrs"`
	// TargetPort is the NodePort on the workers the targets forward to. Default 30080.
	TargetPort int `json:"targetPort"`
	// HealthCheck of the target group.
	HealthCheck HealthCheck `json:"healthCheck"`
	// IdleTimeoutSeconds of an ALB connection, 1 to 4000. Default 60. ALB only.
	IdleTimeoutSeconds int `json:"idleTimeout"`
	// DropInvalidHeaderFields makes an ALB drop HTTP headers that are not valid (request
	// smuggling defence). Default true. ALB only.
	DropInvalidHeaderFields bool `json:"dropInvalidHeaderFields"`
	// CrossZone load balancing of an NLB. Default true. An ALB always balances across zones.
	CrossZone bool `json:"crossZone"`
	// AccessLogsBucket, when set, receives access logs under AccessLogsPrefix.
	AccessLogsBucket string `json:"accessLogsBucket"`
	AccessLogsPrefix string `json:"accessLogsPrefix"`
	// TLSPolicy of the HTTPS listener. Default ELBSecurityPolicy-TLS13-1-2-2021-06.
	TLSPolicy string `json:"tlsPolicy"`
}

// HealthCheck is platform:loadBalancer.healthCheck: the heartbeat to each worker.
type HealthCheck struct {
	Protocol           string          `json:"protocol"`           // HTTP, HTTPS or TCP. Default HTTP.
	Path               string          `json:"path"`               // Default /healthz.
	Port               HealthCheckPort `json:"port"`               // "traffic-port" or a port. Default traffic-port.
	IntervalSeconds    int             `json:"interval"`           // Default 15.
	TimeoutSeconds     int             `json:"timeout"`            // Default 5.
	HealthyThreshold   int             `json:"healthyThreshold"`   // Default 3.
	UnhealthyThreshold int             `json:"unhealthyThreshold"` // Default 3.
	Matcher            string          `json:"matcher"`            // HTTP codes. Default 200-399.
}

// Cache is platform:cache: an ElastiCache replication group.
type Cache struct {
	// Engine is redis or valkey. Default valkey.
	Engine string `json:"engine"`
	// EngineVersion, e.g. "8.0" for valkey or "7.1" for redis. Default 8.0.
	EngineVersion string `json:"engineVersion"`
	// NodeType, e.g. cache.r7g.large. Default cache.t4g.medium.
	NodeType string `json:"nodeType"`
	// ClusterMode shards the keyspace. Default false (one primary and its replicas).
	ClusterMode bool `json:"clusterMode"`
	// Shards with cluster mode on, 1 to 500. Default 1.
	Shards int `json:"shards"`
	// ReplicasPerShard, 0 to 5. Default 1.
	ReplicasPerShard int `json:"replicasPerShard"`
	// AtRestEncryption, with KMSKeyARN when set (else the AWS managed key). Default true.
	AtRestEncryption bool   `json:"atRestEncryption"`
	KMSKeyARN        string `json:"kmsKeyArn"`
	// TransitEncryption requires the secret platform:cacheAuthToken. Default true.
	TransitEncryption bool `json:"transitEncryption"`
	// AuthTokenUpdateStrategy is how a new cacheAuthToken is applied: ROTATE (default) keeps the
	// old token valid beside the new one while clients move over; SET then makes the new one the
	// only token. Rotating a leaked token takes both steps.
	AuthTokenUpdateStrategy string `json:"authTokenUpdateStrategy"`
	// EvictionPolicy is the maxmemory-policy parameter. Default volatile-lru.
	EvictionPolicy string `json:"evictionPolicy"`
	// SnapshotRetentionDays, 0 to 35. Default 7.
	SnapshotRetentionDays int `json:"snapshotRetentionDays"`
	// SnapshotWindow as hh24:mi-hh24:mi UTC. Default 03:00-04:00.
	SnapshotWindow string `json:"snapshotWindow"`
	// MaintenanceWindow as ddd:hh24:mi-ddd:hh24:mi UTC. Default sun:05:00-sun:06:00.
	MaintenanceWindow string `json:"maintenanceWindow"`
	// ApplyImmediately applies node type, version and failover changes during `pulumi up`
	// (nodes restart or fail over then) instead of in the next maintenance window. Default false.
	ApplyImmediately bool `json:"applyImmediately"`
	// Port of the cache. Default 6379.
	Port int `json:"port"`
	// AutoScaling resizes the group with load through Application Auto Scaling. Off by default;
	// it needs clusterMode.
	AutoScaling CacheAutoScaling `json:"autoScaling"`
}

// CacheAutoScaling is platform:cache.autoScaling: a target-tracking policy that adds and removes
// replicas (in every shard alike) or shards. While it is on, replicasPerShard (or shards) is only
// the size at creation, as desiredSize is for a node group; it must lie within the bounds.
type CacheAutoScaling struct {
	// Enabled turns it on. Default false.
	Enabled bool `json:"enabled"`
	// Dimension is replicas (per shard) or shards. Default replicas.
	Dimension string `json:"dimension"`
	// MinCapacity and MaxCapacity bound the dimension: replicas 0 to 5, shards 1 to 500.
	// Defaults 1 and 5.
	MinCapacity int `json:"minCapacity"`
	MaxCapacity int `json:"maxCapacity"`
	// Metric is the predefined metric the policy tracks; which ones fit depends on the dimension.
	// Default ElastiCacheReplicaEngineCPUUtilization (replicas).
	Metric string `json:"metric"`
	// TargetValue of the metric in percent, 35 to 70. Default 60.
	TargetValue float64 `json:"targetValue"`
}

// Cassandra is platform:cassandra: self-managed Apache Cassandra nodes on EC2.
type Cassandra struct {
	// NodeCount, 3 to 1000, placed round-robin over the zones (one rack per zone). Default 3.
	NodeCount int `json:"nodeCount"`
	// InstanceType of every node a rollout does not cover. Default m6i.xlarge.
	InstanceType string `json:"instanceType"`
	// Version is the Apache Cassandra release series: 4.0, 4.1 or 5.0. Default 5.0.
	Version string `json:"version"`
	// ClusterName; default platform-<environment>.
	ClusterName string `json:"clusterName"`
	// ReplicationFactor the keyspaces are planned for; nodes must be at least this many. Default 3.
	ReplicationFactor int `json:"replicationFactor"`
	// NumTokens per node. Default 16.
	NumTokens int `json:"numTokens"`
	// SeedsPerRack stable seed nodes in each rack. Default 1.
	SeedsPerRack int `json:"seedsPerRack"`
	// DataVolume is each node's gp3 data volume.
	DataVolume DataVolume `json:"dataVolume"`
	// AMIID pins the image; empty means the newest Ubuntu 24.04 LTS from Canonical.
	AMIID string `json:"amiId"`
	// Rollout gives part of the ring a new instance type, image or series, rack by rack, so
	// that one `pulumi up` changes only the nodes it covers. Default none.
	Rollout CassandraRollout `json:"rollout"`
	// Snapshots are daily EBS snapshots of the data volumes. On by default.
	Snapshots CassandraSnapshots `json:"snapshots"`
}

// CassandraSnapshots is platform:cassandra.snapshots: daily EBS snapshots of every data volume,
// taken by Amazon Data Lifecycle Manager and kept for RetainDays.
type CassandraSnapshots struct {
	// Enabled takes them. Default true.
	Enabled bool `json:"enabled"`
	// Time of day, UTC (hh:mm), at which they start. Default 03:00.
	Time string `json:"time"`
	// RetainDays, 1 to MaxSnapshotRetainDays: daily snapshots kept of each volume. Default 7.
	RetainDays int `json:"retainDays"`
}

// CassandraRollout is platform:cassandra.rollout. The nodes it covers run its settings; the
// others keep the ring's. Each `pulumi up` moves it from where the last one left off (from) to
// racks and nodes, and changes only the nodes in between, all in one rack. When it covers every
// node, its settings move to the ring's keys and it is removed, which changes no resource.
type CassandraRollout struct {
	// InstanceType, AMIID and Version replace the ring's on the covered nodes; at least one is set.
	InstanceType string `json:"instanceType"`
	AMIID        string `json:"amiId"`
	Version      string `json:"version"`
	// Racks whose every node is covered, counted in zone order. Default 0.
	Racks int `json:"racks"`
	// Nodes of the next rack that are covered too, lowest index first. Default 0.
	Nodes int `json:"nodes"`
	// From is the position the last `pulumi up` left: its racks and nodes. Default 0 and 0.
	From RolloutPosition `json:"from"`
}

// RolloutPosition is platform:cassandra.rollout.from.
type RolloutPosition struct {
	Racks int `json:"racks"`
	Nodes int `json:"nodes"`
}

// Changes tells whether the rollout names anything to change.
func (ro CassandraRollout) Changes() bool {
	return ro.InstanceType != "" || ro.AMIID != "" || ro.Version != ""
}

// DataVolume is a gp3 EBS volume, platform:cassandra.dataVolume.
type DataVolume struct {
	SizeGiB         int `json:"size"`       // Default 500.
	IOPS            int `json:"iops"`       // Default 3000 (the gp3 baseline).
	ThroughputMiBps int `json:"throughput"` // Default 125 (the gp3 baseline).
}

// Cost is platform:cost: the budget and the usage assumptions the estimate prices.
type Cost struct {
	// BudgetMonthlyUSD; 0 means no budget. Default 0.
	BudgetMonthlyUSD float64 `json:"budgetMonthly"`
	// Usage holds the usage-based quantities, like Infracost's usage file.
	Usage Usage `json:"usage"`
}

// Usage are monthly usage assumptions, platform:cost.usage.
type Usage struct {
	// LoadBalancerCapacityUnits is the average LCU (ALB) or NLCU (NLB) per hour. Default 1.
	LoadBalancerCapacityUnits float64 `json:"loadBalancerCapacityUnits"`
	// NATGatewayGBPerMonth processed by each NAT gateway. Default 100.
	NATGatewayGBPerMonth float64 `json:"natGatewayGbPerMonth"`
	// InterAZGBPerMonth crossing zones (Cassandra replication, cache replicas). Default 100.
	InterAZGBPerMonth float64 `json:"interAzGbPerMonth"`
	// InternetEgressGBPerMonth leaving the stack for the internet: load balancer responses and
	// traffic out through the NAT gateways. Default 100.
	InternetEgressGBPerMonth float64 `json:"internetEgressGbPerMonth"`
	// ControlPlaneLogGBPerMonth the EKS control plane sends to CloudWatch Logs with the
	// configured eks.logTypes (audit logs dominate). Default 10.
	ControlPlaneLogGBPerMonth float64 `json:"controlPlaneLogGbPerMonth"`
	// SnapshotDailyChangePercent of a Cassandra data volume's blocks written anew each day
	// (compaction rewrites SSTables), which each retained daily snapshot keeps. Default 5.
	SnapshotDailyChangePercent float64 `json:"snapshotDailyChangePercent"`
}
