package envconfig

// Defaults that more than one place needs.
const (
	DefaultEKSVersion = "1.36"
	DefaultVPCCIDR    = "10.0.0.0/16"
	// DefaultAutoscalerChartVersion is the newest cluster-autoscaler chart as of 2026-09 (its
	// default image is v1.35.0; eks.autoscaler.imageTag follows eks.version instead, see
	// AutoscalerImageTags).
	DefaultAutoscalerChartVersion = "9.59.0"
)

// Defaults returns an Environment holding every default. It is the one source of defaults: the
// stack program, the offline plan and the policy pack all decode config on top of it, and
// Pulumi.yaml declares the top-level keys with an empty object as default so the CLI adds none.
func Defaults() Environment {
	return Environment{
		Project: "platform",
		Tags:    map[string]string{},
		Network: Network{
			CIDR:        DefaultVPCCIDR,
			AZCount:     3,
			NATGateways: NATPerAZ,
		},
		EKS: EKS{
			Version:           DefaultEKSVersion,
			PublicAccessCIDRs: []string{"0.0.0.0/0"},
			PrivateAccess:     true,
			LogTypes:          []string{"api", "audit", "authenticator", "controllerManager", "scheduler"},
			SecretsEncryption: true,
			NodeGroups:        []NodeGroup{DefaultNodeGroup("general")},
			Autoscaler:        ClusterAutoscaler{Enabled: true, ChartVersion: DefaultAutoscalerChartVersion},
		},
		LoadBalancer: LoadBalancer{
			Type:                    "application",
			AllowedCIDRs:            []string{"0.0.0.0/0"},
			TargetPort:              30080,
			IdleTimeoutSeconds:      60,
			DropInvalidHeaderFields: true,
			CrossZone:               true,
			TLSPolicy:               "ELBSecurityPolicy-TLS13-1-2-2021-06",
			HealthCheck: HealthCheck{
				Protocol:           "HTTP",
				Path:               "/healthz",
				Port:               TrafficPort,
				IntervalSeconds:    15,
				TimeoutSeconds:     5,
				HealthyThreshold:   3,
				UnhealthyThreshold: 3,
				Matcher:            "200-399",
			},
		},
		Cache: Cache{
			Engine:                  "valkey",
			EngineVersion:           "8.0",
			NodeType:                "cache.t4g.medium",
			Shards:                  1,
			ReplicasPerShard:        1,
			AtRestEncryption:        true,
			TransitEncryption:       true,
			AuthTokenUpdateStrategy: "ROTATE",
			EvictionPolicy:          "volatile-lru",
			SnapshotRetentionDays:   7,
			SnapshotWindow:          "03:00-04:00",
			MaintenanceWindow:       "sun:05:00-sun:06:00",
			Port:                    6379,
			AutoScaling: CacheAutoScaling{
				Dimension:   CacheScaleReplicas,
				MinCapacity: 1,
				MaxCapacity: MaxCacheReplicas,
				Metric:      MetricReplicaEngineCPU,
				TargetValue: 60,
			},
		},
		Cassandra: Cassandra{
			NodeCount:         3,
			InstanceType:      "m6i.xlarge",
			Version:           "5.0",
			ReplicationFactor: 3,
			NumTokens:         16,
			SeedsPerRack:      1,
			DataVolume:        DataVolume{SizeGiB: 500, IOPS: 3000, ThroughputMiBps: 125},
			Snapshots:         CassandraSnapshots{Enabled: true, Time: "03:00", RetainDays: 7},
		},
		Cost: Cost{
			Usage: Usage{
				LoadBalancerCapacityUnits:  1,
				NATGatewayGBPerMonth:       100,
				InterAZGBPerMonth:          100,
				ControlPlaneLogGBPerMonth:  10,
				SnapshotDailyChangePercent: 5,
				InternetEgressGBPerMonth:   100,
			},
		},
		Monitoring: Monitoring{
			Thresholds: Thresholds{
				PeriodSeconds:     60,
				EvaluationPeriods: 5,
				LoadBalancer: LoadBalancerThresholds{
					HTTP5xxPercent:            5,
					TargetResponseTimeSeconds: 1,
					UnhealthyHosts:            1,
					ResetsPerPeriod:           100,
				},
				Cache: CacheThresholds{
					EngineCPUPercent:      80,
					MemoryPercent:         80,
					EvictionsPerPeriod:    100,
					ReplicationLagSeconds: 10,
				},
				NodeGroups: NodeGroupThresholds{AtMaxMinutes: 30},
			},
		},
	}
}

// DefaultNodeGroup is the seed's reference node group: 3 × m5.xlarge on demand.
func DefaultNodeGroup(name string) NodeGroup {
	return NodeGroup{
		Name:           name,
		InstanceTypes:  []string{"m5.xlarge"},
		CapacityType:   "ON_DEMAND",
		MinSize:        3,
		DesiredSize:    3,
		MaxSize:        6,
		DiskSizeGiB:    50,
		AMIType:        "AL2023_x86_64_STANDARD",
		MaxUnavailable: 1,
	}
}
