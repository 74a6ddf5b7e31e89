package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
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
// cost estimate and the policy verdicts. Peak memory is not measured here but by cmd/bench, on
// the plan command, one plan per process: the SDK keeps every mocked run's state alive
// (docs/performance.md), so a benchmark process's memory only grows.
func BenchmarkPlan(b *testing.B) {
	for _, s := range benchStacks {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			var resources int
			for b.Loop() {
				r, err := plan("../..", s.stack, s.sets)
				if err != nil {
					b.Fatal(err)
				}
				resources = len(r.Resources)
			}
			b.ReportMetric(float64(resources), "resources")
		})
	}
}

// BenchmarkProgram measures the stack program alone on the mock engine, to set beside
// BenchmarkBareEngine with the same number of resources.
func BenchmarkProgram(b *testing.B) {
	for _, s := range benchStacks {
		b.Run(s.name, func(b *testing.B) {
			benchRun(b, stacks.Program, benchConfig(b, s.stack, s.sets))
		})
	}
}

// benchRun times program on the mock engine with the stack's config (what b.Loop runs is timed,
// the setup before it is not, and it runs once) and reports how many resources it registered.
func benchRun(b *testing.B, program pulumi.RunFunc, cfg *offline.StackConfig) int {
	b.ReportAllocs()
	var resources int
	for b.Loop() {
		res, err := offline.Run(program, cfg.Options())
		if err != nil {
			b.Fatal(err)
		}
		resources = len(res.Resources)
	}
	b.ReportMetric(float64(resources), "resources")
	return resources
}

func benchConfig(b testing.TB, stack string, sets []string) *offline.StackConfig {
	cfg, err := offline.LoadStack("../..", stack, sets...)
	if err != nil {
		b.Fatal(err)
	}
	return cfg
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

// BenchmarkBareEngine registers, for each stack of BenchmarkProgram, as many plain resources (two
// inputs each) on the bare SDK mock engine as that stack's program registers: the floor any
// program registering that many resources stands on.
func BenchmarkBareEngine(b *testing.B) { benchBaseline(b, registerPlain) }

// BenchmarkTypedEngine is the baseline: as many resources as the program registers, of
// the typed pulumi-aws kinds a Cassandra node is made of (network interface, data volume,
// instance, volume attachment, status alarm), each with the inputs AWS requires and no more, on
// the bare SDK mock engine. Its gap to BenchmarkBareEngine is the SDK's own price of typed
// resources; the program's gap to it is what the program adds.
func BenchmarkTypedEngine(b *testing.B) { benchBaseline(b, registerTyped) }

// benchBaseline times register with each stack's resource count (neither count holds the stack
// resource, which the mock engine does not record). The sub-benchmarks carry the stacks' names,
// so they pair up with BenchmarkProgram's by name; counting takes one run of each program before
// the clock starts.
func benchBaseline(b *testing.B, register func(n int) error) {
	for _, s := range benchStacks {
		b.Run(s.name, func(b *testing.B) {
			n := programResources(b, s.stack, s.sets)
			b.ReportAllocs()
			for b.Loop() {
				if err := register(n); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "resources")
		})
	}
}

// programResources runs a stack's program once and counts what it registers.
func programResources(b *testing.B, stack string, sets []string) int {
	res, err := offline.Run(stacks.Program, benchConfig(b, stack, sets).Options())
	if err != nil {
		b.Fatal(err)
	}
	return len(res.Resources)
}

func registerPlain(n int) error {
	return pulumi.RunErr(func(ctx *pulumi.Context) error {
		for j := 0; j < n; j++ {
			var r plainResource
			name := "r-" + strconv.Itoa(j)
			props := pulumi.Map{"name": pulumi.String(name), "size": pulumi.Int(j)}
			if err := ctx.RegisterResource("bench:index:Plain", name, props, &r); err != nil {
				return err
			}
		}
		return nil
	}, pulumi.WithMocks("bench", "bench", plainMocks{}))
}

// registerTyped registers n typed resources, five to a node as a Cassandra node's (the last node
// cut short so that the count is exact).
func registerTyped(n int) error {
	return pulumi.RunErr(func(ctx *pulumi.Context) error {
		var (
			eni      *ec2.NetworkInterface
			volume   *ebs.Volume
			instance *ec2.Instance
			err      error
		)
		for i := 0; i < n && err == nil; i++ {
			name := "node-" + strconv.Itoa(i/5)
			switch i % 5 {
			case 0:
				eni, err = ec2.NewNetworkInterface(ctx, name+"-eni", &ec2.NetworkInterfaceArgs{SubnetId: pulumi.String("subnet-0a1b2c3d")})
			case 1:
				volume, err = ebs.NewVolume(ctx, name+"-data", &ebs.VolumeArgs{AvailabilityZone: pulumi.String("us-east-1a"), Size: pulumi.Int(500)})
			case 2:
				instance, err = ec2.NewInstance(ctx, name, &ec2.InstanceArgs{
					Ami: pulumi.String("ami-0abcdef1234567890"), InstanceType: pulumi.String("r6i.2xlarge"),
					NetworkInterfaces: ec2.InstanceNetworkInterfaceArray{
						ec2.InstanceNetworkInterfaceArgs{DeviceIndex: pulumi.Int(0), NetworkInterfaceId: eni.ID()},
					},
				})
			case 3:
				_, err = ec2.NewVolumeAttachment(ctx, name+"-data", &ec2.VolumeAttachmentArgs{
					DeviceName: pulumi.String("/dev/sdf"), VolumeId: volume.ID(), InstanceId: instance.ID(),
				})
			case 4:
				_, err = cloudwatch.NewMetricAlarm(ctx, name+"-status", &cloudwatch.MetricAlarmArgs{
					ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"), EvaluationPeriods: pulumi.Int(2),
					MetricName: pulumi.String("StatusCheckFailed_System"), Namespace: pulumi.String("AWS/EC2"),
					Period: pulumi.Int(60), Statistic: pulumi.String("Maximum"), Threshold: pulumi.Float64(1),
					Dimensions: pulumi.StringMap{"InstanceId": instance.ID()},
				})
			}
		}
		return err
	}, pulumi.WithMocks("bench", "bench", plainMocks{}))
}
