package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks"
)

// benchStacks are the plans measured: the shipped stacks, and prod grown to 100 and 1000
// Cassandra nodes and to 10 node groups.
var benchStacks = []struct {
	name  string
	stack string
	sets  []string
}{
	{"dev", "dev", nil},
	{"staging", "staging", nil},
	{"prod", "prod", nil},
	{"cassandra-100", "prod", []string{"cassandra.nodeCount=100"}},
	{"cassandra-1000", "prod", []string{"cassandra.nodeCount=1000"}},
	{"nodegroups-10", "prod", []string{"eks.nodeGroups=" + tenNodeGroups()}},
}

func tenNodeGroups() string {
	groups := make([]string, 10)
	for i := range groups {
		groups[i] = fmt.Sprintf("{name: group-%d, instanceTypes: [m6i.xlarge], minSize: 1, desiredSize: 2, maxSize: 20}", i)
	}
	return "[" + strings.Join(groups, ", ") + "]"
}

// BenchmarkPlan measures the whole offline plan: config, the program on the mock engine, the
// cost estimate and the policy verdicts.
func BenchmarkPlan(b *testing.B) {
	for _, s := range benchStacks {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			var resources int
			for i := 0; i < b.N; i++ {
				r, err := plan("../..", s.stack, s.sets)
				if err != nil {
					b.Fatal(err)
				}
				resources = len(r.Resources)
			}
			b.ReportMetric(float64(resources), "resources")
			reportPeakRSS(b)
		})
	}
}

// BenchmarkProgram measures the stack program alone on the mock engine, to set beside
// BenchmarkBareEngine with the same number of resources.
func BenchmarkProgram(b *testing.B) {
	for _, s := range benchStacks {
		b.Run(s.name, func(b *testing.B) {
			cfg, err := offline.LoadStack("../..", s.stack)
			if err != nil {
				b.Fatal(err)
			}
			for _, set := range s.sets {
				path, value, _ := strings.Cut(set, "=")
				if err := cfg.Set(path, value); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			var resources int
			for i := 0; i < b.N; i++ {
				res, err := offline.Run(stacks.Program, cfg.Options())
				if err != nil {
					b.Fatal(err)
				}
				resources = len(res.Resources)
			}
			b.ReportMetric(float64(resources), "resources")
		})
	}
}

// plainMocks answers every registration with its inputs: the least an SDK mock can do.
type plainMocks struct{}

func (plainMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return args.Name + "-id", args.Inputs, nil
}

func (plainMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

type plainResource struct{ pulumi.CustomResourceState }

// BenchmarkBareEngine registers N plain resources (a few inputs each) on the bare SDK mock engine:
// the floor any program registering N resources stands on.
func BenchmarkBareEngine(b *testing.B) {
	for _, n := range []int{100, 600, 1000, 6000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				err := pulumi.RunErr(func(ctx *pulumi.Context) error {
					for j := 0; j < n; j++ {
						var r plainResource
						props := pulumi.Map{"name": pulumi.String(fmt.Sprintf("r-%d", j)), "size": pulumi.Int(j)}
						if err := ctx.RegisterResource("bench:index:Plain", fmt.Sprintf("r-%d", j), props, &r); err != nil {
							return err
						}
					}
					return nil
				}, pulumi.WithMocks("bench", "bench", plainMocks{}))
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "resources")
		})
	}
}

// reportPeakRSS reports the process's peak resident memory (Linux VmHWM) so far.
func reportPeakRSS(b *testing.B) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err == nil {
				b.ReportMetric(float64(kb)/1024, "peak-RSS-MiB")
			}
		}
	}
}
