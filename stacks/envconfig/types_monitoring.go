package envconfig

// Monitoring is platform:monitoring: the stack's alarm topic, who it notifies, and the
// thresholds of the alarms on every tier.
type Monitoring struct {
	// Email addresses subscribed to the alarm topic; each confirms from the email AWS sends.
	// Default none. Prod needs at least one subscriber (email or HTTPS endpoint).
	Email []string `json:"email"`
	// HTTPSEndpoints subscribed to the topic, e.g. a PagerDuty integration URL
	// (https://events.pagerduty.com/integration/<key>/enqueue). HTTPS only. Default none.
	HTTPSEndpoints []string `json:"httpsEndpoints"`
	// KMSKeyARN is a customer managed key to encrypt the topic with; its key policy must let
	// cloudwatch.amazonaws.com and events.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*
	// (EventBridge forwards the events no alarm sees). Default empty: the stack
	// creates a key with that policy. The AWS managed key alias/aws/sns is refused, because its
	// policy cannot admit CloudWatch, which then drops every alarm notification.
	KMSKeyARN string `json:"kmsKeyArn"`
	// Thresholds of the alarms.
	Thresholds Thresholds `json:"thresholds"`
}

// Thresholds is platform:monitoring.thresholds. An alarm fires when its metric breaches in every
// one of EvaluationPeriods consecutive periods of PeriodSeconds.
type Thresholds struct {
	// PeriodSeconds of every tier alarm, a multiple of 60. Default 60.
	PeriodSeconds int `json:"periodSeconds"`
	// EvaluationPeriods that must all breach, at least 1. Default 5 (five minutes at the default
	// period).
	EvaluationPeriods int `json:"evaluationPeriods"`

	LoadBalancer LoadBalancerThresholds `json:"loadBalancer"`
	Cache        CacheThresholds        `json:"cache"`
	NodeGroups   NodeGroupThresholds    `json:"nodeGroups"`
}

// LoadBalancerThresholds is platform:monitoring.thresholds.loadBalancer.
type LoadBalancerThresholds struct {
	// HTTP5xxPercent of requests answered 5xx by the ALB or its targets, 0 to 100. Default 5.
	HTTP5xxPercent float64 `json:"http5xxPercent"`
	// TargetResponseTimeSeconds of the ALB's p95 target response time. Default 1.
	TargetResponseTimeSeconds float64 `json:"targetResponseTimeSeconds"`
	// UnhealthyHosts in the target group that fire the alarm, at least 1. Default 1.
	UnhealthyHosts int `json:"unhealthyHosts"`
	// ResetsPerPeriod: TCP resets the NLB itself sends in a period, at least 1. Default 100.
	// NLB only (an NLB has no HTTP codes).
	ResetsPerPeriod int `json:"resetsPerPeriod"`
}

// CacheThresholds is platform:monitoring.thresholds.cache, per cache node.
type CacheThresholds struct {
	// EngineCPUPercent: the Valkey/Redis engine thread's CPU, 0 to 100. Default 80.
	EngineCPUPercent float64 `json:"engineCpuPercent"`
	// MemoryPercent: DatabaseMemoryUsagePercentage of maxmemory, 0 to 100. Default 80.
	MemoryPercent float64 `json:"memoryPercent"`
	// EvictionsPerPeriod: keys evicted in a period, at least 1. Default 100.
	EvictionsPerPeriod int `json:"evictionsPerPeriod"`
	// ReplicationLagSeconds of a replica behind its primary. Default 10.
	ReplicationLagSeconds float64 `json:"replicationLagSeconds"`
}

// NodeGroupThresholds is platform:monitoring.thresholds.nodeGroups.
type NodeGroupThresholds struct {
	// AtMaxMinutes a node group may run at its maxSize before the alarm fires: the cluster
	// autoscaler cannot add nodes any more. A multiple of 5 (EC2 basic monitoring reports every
	// 5 minutes), 5 to 1440. Default 30.
	AtMaxMinutes int `json:"atMaxMinutes"`
}
