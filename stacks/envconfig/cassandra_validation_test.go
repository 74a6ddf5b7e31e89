package envconfig_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/platform-team/platform/stacks/envconfig"
)

// loadCassandra loads a stack of environment env over azCount zones whose platform:cassandra is
// cassandraJSON; the other sections keep their defaults.
func loadCassandra(env string, azCount, cassandraJSON string) (*envconfig.Environment, error) {
	cfg := map[string]string{
		"aws:region":              "us-east-1",
		"platform:environment":    env,
		"platform:cacheAuthToken": "Cache-Token-0123456789-abc",
		"platform:network":        `{"cidr":"10.10.0.0/16","azCount":` + azCount + `}`,
		"platform:cassandra":      cassandraJSON,
	}
	return envconfig.Load("platform", "dev", func(k string) (string, bool) { v, ok := cfg[k]; return v, ok })
}

func TestCassandraConfigsThatAreValid(t *testing.T) {
	cases := []struct {
		env, azCount, cassandra string
	}{
		{"dev", "3", `{}`},
		{"dev", "2", `{"replicationFactor":2}`},
		{"dev", "3", `{"nodeCount":1000,"seedsPerRack":3}`},
		{"dev", "3", `{"nodeCount":9,"seedsPerRack":3,"version":"4.0","numTokens":256}`},
		{"staging", "3", `{"version":"4.1","instanceType":"c6i.2xlarge","clusterName":"orders"}`},
		{"prod", "3", `{"nodeCount":6,"instanceType":"r6i.2xlarge"}`},
		// Rollouts, each step within one rack: nothing covered yet, a canary, the rest of the first
		// rack, part of the second (of 7 nodes over 3 zones, rack 2 holds nodes 1 and 4), the last
		// rack, every rack with no step left, and a step back.
		{"prod", "3", `{"nodeCount":6,"instanceType":"r6i.2xlarge","rollout":{"instanceType":"r6i.4xlarge"}}`},
		{"prod", "3", `{"nodeCount":6,"rollout":{"instanceType":"r6i.4xlarge","nodes":1}}`},
		{"prod", "3", `{"nodeCount":7,"rollout":{"amiId":"ami-0123456789abcdef0","racks":1,"from":{"nodes":1}}}`},
		{"prod", "3", `{"nodeCount":7,"rollout":{"amiId":"ami-0123456789abcdef0","racks":1,"nodes":2,"from":{"racks":1}}}`},
		{"dev", "3", `{"version":"4.1","rollout":{"version":"5.0","racks":3,"from":{"racks":2}}}`},
		{"dev", "3", `{"version":"4.1","rollout":{"version":"5.0","racks":3,"from":{"racks":3}}}`},
		{"dev", "3", `{"version":"4.1","amiId":"ami-01234567","rollout":{"instanceType":"m6i.2xlarge","amiId":"ami-0fedcba9876543210","version":"5.0","racks":1,"from":{"racks":2}}}`},
		// The gp3 limits at both ends: AWS's since late 2025, and the 1000 MiB/s of throughput the
		// pinned provider still validates.
		{"dev", "3", `{"dataVolume":{"size":1,"iops":3000,"throughput":125}}`},
		{"dev", "3", `{"dataVolume":{"size":65536,"iops":80000,"throughput":1000}}`},
		// 500 IOPS per GiB and 0.25 MiB/s per IOPS, exactly.
		{"dev", "3", `{"dataVolume":{"size":8,"iops":4000,"throughput":1000}}`},
		// Snapshots: DLM's limits at both ends, and switched off (their settings then unchecked).
		{"dev", "3", `{"snapshots":{"time":"00:00","retainDays":1}}`},
		{"prod", "3", `{"snapshots":{"time":"23:59","retainDays":1000}}`},
		{"dev", "3", `{"snapshots":{"enabled":false,"time":"noon","retainDays":0}}`},
	}
	for _, c := range cases {
		_, err := loadCassandra(c.env, c.azCount, c.cassandra)
		if errs := (envconfig.Errors)(nil); err != nil && !errors.As(err, &errs) {
			t.Fatalf("%s: %v", c.cassandra, err)
		}
		for _, e := range cassandraProblems(err) {
			t.Errorf("%s over %s zones, cassandra %s: %v", c.env, c.azCount, c.cassandra, e)
		}
	}
}

// cassandraProblems are the problems of err with a platform:cassandra key. Prod guardrails of
// other sections (restricted EKS endpoint, HTTPS) are not this file's business.
func cassandraProblems(err error) []*envconfig.FieldError {
	var errs envconfig.Errors
	if err == nil || !errors.As(err, &errs) {
		return nil
	}
	var out []*envconfig.FieldError
	for _, e := range errs {
		if strings.HasPrefix(e.Key, "platform:cassandra") {
			out = append(out, e)
		}
	}
	return out
}

// Each bad Cassandra config fails with its key named, its value and what is allowed.
func TestCassandraBadConfigsNameTheKey(t *testing.T) {
	cases := []struct {
		name, env, azCount, cassandra string
		key, detail                   string
	}{
		{"fewer nodes than the replication factor", "dev", "6", `{"nodeCount":6,"replicationFactor":7}`,
			"platform:cassandra.nodeCount", "6 is not allowed: must be at least the replication factor (7)"},
		{"replication factor above the racks", "dev", "2", `{"nodeCount":3,"replicationFactor":3}`,
			"platform:cassandra.replicationFactor", "3 is not allowed: must be at most the number of racks (one per zone: 2)"},
		{"replication factor zero", "dev", "3", `{"replicationFactor":0}`,
			"platform:cassandra.replicationFactor", "must be at least 1"},
		{"unknown instance type", "dev", "3", `{"instanceType":"m6i.huge"}`,
			"platform:cassandra.instanceType", `"m6i.huge" is not allowed: must be an instance type of the families`},
		{"unknown instance family", "dev", "3", `{"instanceType":"x9.large"}`,
			"platform:cassandra.instanceType", "must be an instance type of the families"},
		{"instance store family", "dev", "3", `{"instanceType":"i4i.xlarge"}`,
			"platform:cassandra.instanceType", "EC2 cannot recover"},
		{"burstable in prod", "prod", "3", `{"instanceType":"t3.large"}`,
			"platform:cassandra.instanceType", "burstable"},
		{"snapshot time not hh:mm", "dev", "3", `{"snapshots":{"time":"3:00"}}`,
			"platform:cassandra.snapshots.time", `"3:00" is not allowed: must be a time of day in UTC as hh:mm`},
		{"snapshot time past midnight", "dev", "3", `{"snapshots":{"time":"24:00"}}`,
			"platform:cassandra.snapshots.time", "must be a time of day in UTC as hh:mm"},
		{"no snapshots kept", "dev", "3", `{"snapshots":{"retainDays":0}}`,
			"platform:cassandra.snapshots.retainDays", "must be"},
		{"more snapshots than DLM keeps", "prod", "3", `{"snapshots":{"retainDays":1001}}`,
			"platform:cassandra.snapshots.retainDays", "1000"},
		{"unknown version", "dev", "3", `{"version":"3.11"}`,
			"platform:cassandra.version", "must be one of 4.0, 4.1, 5.0"},
		{"too few nodes for the seeds", "dev", "3", `{"nodeCount":5,"seedsPerRack":2}`,
			"platform:cassandra.nodeCount", "must be at least 6 (3 racks × seedsPerRack 2)"},
		{"too many seeds per rack", "dev", "3", `{"nodeCount":12,"seedsPerRack":4}`,
			"platform:cassandra.seedsPerRack", "must be 1 to 3"},
		{"num tokens zero", "dev", "3", `{"numTokens":0}`,
			"platform:cassandra.numTokens", "must be 1 to 256"},
		{"volume size zero", "dev", "3", `{"dataVolume":{"size":0}}`,
			"platform:cassandra.dataVolume.size", "0 is not allowed: must be 1 to 65536"},
		{"volume above 64 TiB", "dev", "3", `{"dataVolume":{"size":65537}}`,
			"platform:cassandra.dataVolume.size", "must be 1 to 65536"},
		{"IOPS below the gp3 baseline", "dev", "3", `{"dataVolume":{"iops":2999}}`,
			"platform:cassandra.dataVolume.iops", "2999 is not allowed: must be 3000 to 80000"},
		{"IOPS above gp3", "dev", "3", `{"dataVolume":{"size":1000,"iops":80001}}`,
			"platform:cassandra.dataVolume.iops", "must be 3000 to 80000"},
		{"IOPS above 500 per GiB", "dev", "3", `{"dataVolume":{"size":10,"iops":6000}}`,
			"platform:cassandra.dataVolume.iops", "at most 500 IOPS per GiB: 5000 for 10 GiB"},
		{"throughput below the gp3 baseline", "dev", "3", `{"dataVolume":{"throughput":124}}`,
			"platform:cassandra.dataVolume.throughput", "124 is not allowed: must be 125 to 1000"},
		{"throughput above what the pinned provider accepts", "dev", "3", `{"dataVolume":{"size":1000,"iops":16000,"throughput":1001}}`,
			"platform:cassandra.dataVolume.throughput", "1001 is not allowed: must be 125 to 1000"},
		{"throughput above 0.25 MiB/s per IOPS", "dev", "3", `{"dataVolume":{"iops":3000,"throughput":1000}}`,
			"platform:cassandra.dataVolume.throughput", "at most 0.25 MiB/s per provisioned IOPS: 750 for 3000 IOPS"},
		{"malformed pinned image", "dev", "3", `{"amiId":"ubuntu-24.04"}`,
			"platform:cassandra.amiId", `"ubuntu-24.04" is not allowed: must be an AMI id such as ami-0abcdef1234567890`},
		{"rollout of nothing", "dev", "3", `{"rollout":{"racks":1}}`,
			"platform:cassandra.rollout", "names nothing to roll out: set instanceType, amiId or version"},
		{"rollout to the ring's instance type", "dev", "3", `{"instanceType":"m6i.xlarge","rollout":{"instanceType":"m6i.xlarge"}}`,
			"platform:cassandra.rollout.instanceType", "is already the ring's platform:cassandra.instanceType: nothing to roll out, remove it"},
		{"rollout to an instance store family", "dev", "3", `{"rollout":{"instanceType":"i4i.xlarge"}}`,
			"platform:cassandra.rollout.instanceType", "EC2 cannot recover"},
		{"rollout to burstable in prod", "prod", "3", `{"rollout":{"instanceType":"t3.xlarge"}}`,
			"platform:cassandra.rollout.instanceType", "burstable"},
		{"rollout to a malformed image", "dev", "3", `{"rollout":{"amiId":"ami-1"}}`,
			"platform:cassandra.rollout.amiId", "must be an AMI id"},
		{"rollout to an unknown series", "dev", "3", `{"rollout":{"version":"6.0"}}`,
			"platform:cassandra.rollout.version", "must be one of 4.0, 4.1, 5.0"},
		{"rollout downgrading Cassandra", "dev", "3", `{"version":"5.0","rollout":{"version":"4.1"}}`,
			"platform:cassandra.rollout.version", "is older than platform:cassandra.version 5.0: Cassandra cannot be downgraded in place"},
		{"rollout step over two racks", "prod", "3", `{"nodeCount":9,"rollout":{"instanceType":"r6i.4xlarge","racks":1,"nodes":1}}`,
			"platform:cassandra.rollout.from", `"racks 0, nodes 0" is not allowed: the step from here to racks 1, nodes 1 changes nodes of racks 1, 2 (numbered in zone order) at once`},
		{"rollout step over every rack", "dev", "3", `{"version":"4.1","rollout":{"version":"5.0","racks":3,"from":{"nodes":1}}}`,
			"platform:cassandra.rollout.from", "changes nodes of racks 2, 3 (numbered in zone order)"},
		{"rollout from past the last rack", "dev", "3", `{"version":"4.1","rollout":{"version":"5.0","racks":3,"from":{"racks":5}}}`,
			"platform:cassandra.rollout.from.racks", "5 is not allowed: must be 0 to 3"},
		{"rollout from past its rack's nodes", "dev", "3", `{"version":"4.1","nodeCount":7,"rollout":{"version":"5.0","racks":1,"from":{"racks":1,"nodes":3}}}`,
			"platform:cassandra.rollout.from.nodes", "3 is not allowed: must be 0 to 2: rack 2 (zone order) holds 2 nodes"},
		{"rollout position without a change", "dev", "3", `{"rollout":{"from":{"racks":1}}}`,
			"platform:cassandra.rollout", "names nothing to roll out"},
		{"rollout over more racks than zones", "dev", "3", `{"rollout":{"version":"5.0","racks":4}}`,
			"platform:cassandra.rollout.racks", "4 is not allowed: must be 0 to 3"},
		{"rollout past the next rack's nodes", "dev", "3", `{"version":"4.1","nodeCount":7,"rollout":{"version":"5.0","racks":1,"nodes":3}}`,
			"platform:cassandra.rollout.nodes", "3 is not allowed: must be 0 to 2: rack 2 (zone order) holds 2 nodes"},
		{"rollout nodes past the last rack", "dev", "3", `{"version":"4.1","rollout":{"version":"5.0","racks":3,"nodes":1}}`,
			"platform:cassandra.rollout.nodes", "must be 0 when racks covers every rack (3)"},
		{"unknown key", "dev", "3", `{"nodes":6}`,
			"platform:cassandra.nodes", "unknown key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env, err := loadCassandra(c.env, c.azCount, c.cassandra)
			if err == nil {
				t.Fatalf("no error; cassandra %+v", env.Cassandra)
			}
			var errs envconfig.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error is not envconfig.Errors: %v", err)
			}
			for _, e := range errs {
				if e.Key == c.key && strings.Contains(e.Error(), c.detail) {
					return
				}
			}
			t.Fatalf("no problem names %s with %q; got:\n%v", c.key, c.detail, err)
		})
	}
}
