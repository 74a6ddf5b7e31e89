package guardrails_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/policies/guardrails"
)

// The pack binary, built and started as `pulumi preview --policy-pack ./policies` does, answers
// the analyzer protocol the way the engine drives it (pulumi/pkg's analyzer plugin and
// installAndLoadPolicyPlugins): Handshake, ConfigureStack with the stack's config, GetAnalyzerInfo,
// Configure with the policy config reconciled over the schema defaults, Analyze with each
// resource's inputs, AnalyzeStack with every resource's outputs. Its verdicts are the in-process
// ones (Evaluate), which is what the offline plan reports.
func TestPackOverTheAnalyzerProtocol(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "pack")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build ./policies: %v\n%s", err, out)
	}
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			planned := planStack(t, stack)
			cfg, err := offline.LoadStack("../..", stack)
			if err != nil {
				t.Fatal(err)
			}
			a := startPack(t, bin)

			root := ".."
			call(t, "Handshake", func(ctx context.Context) error {
				_, err := a.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{RootDirectory: &root, ProgramDirectory: &root})
				return err
			})
			call(t, "ConfigureStack", func(ctx context.Context) error {
				_, err := a.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
					Project: cfg.Project, Stack: stack, Organization: "organization",
					Config: cfg.Values, ConfigSecretKeys: cfg.SecretKeys, DryRun: true,
				})
				return err
			})
			var info *pulumirpc.AnalyzerInfo
			call(t, "GetAnalyzerInfo", func(ctx context.Context) (err error) {
				info, err = a.GetAnalyzerInfo(ctx, &emptypb.Empty{})
				return err
			})
			checkInfo(t, info)

			// The shipped config: no mandatory verdict, the same verdicts as in-process.
			got := configureAndAnalyze(t, a, sampleConfig(t, stack), planned)
			for _, v := range got {
				if v.level == "mandatory" {
					t.Errorf("shipped stack %s fails %s on %s: %s", stack, v.policy, v.urn, v.message)
				}
			}
			// A broken resource is caught over the wire; the same one with its port unknown (as a
			// preview sends it) is not held against it.
			cql := find(t, planned.result, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cassandra-cql")
			open := cql.Inputs.Copy()
			delete(open, "referencedSecurityGroupId")
			open["cidrIpv4"] = resource.NewProperty("0.0.0.0/0")
			if v := analyze(t, a, cql, open); len(v) != 1 || v[0].policy != "no-public-ingress" || v[0].level != "mandatory" {
				t.Errorf("CQL open to the internet: want one mandatory no-public-ingress verdict, got %v", v)
			}
			open["fromPort"] = resource.MakeComputed(resource.NewProperty(""))
			if v := analyze(t, a, cql, open); len(v) != 0 {
				t.Errorf("an unknown port must not fail a policy, got %v", v)
			}
			if stack == "prod" { // a stack policy reads the protect option AnalyzeStack carries
				unprotected := slices.Clone(planned.result.Resources)
				i := slices.IndexFunc(unprotected, func(r offline.Resource) bool { return r.Type == "aws:ebs/volume:Volume" })
				unprotected[i].Protect = false
				v := analyzeStack(t, a, unprotected)
				if !slices.ContainsFunc(v, func(v verdict) bool {
					return v.policy == "stateful-resources-protected" && v.level == "mandatory" && v.urn == unprotected[i].URN
				}) {
					t.Errorf("an unprotected prod data volume: want a mandatory stateful-resources-protected verdict on it, got %v", v)
				}
			}

			// A stricter config, whose settings reach the resource policies (Configure) and the
			// stack policies (through stack-settings), makes both paths report plenty.
			strict, err := guardrails.ParseConfig([]byte(`{
				"required-tags": {"tags": ["Owner"]},
				"allowed-instance-types": {"instanceTypes": {"` + planned.env.Name + `": ["t3.micro"]}},
				"stack-settings": {"budgetMonthly": 1}}`))
			if err != nil {
				t.Fatal(err)
			}
			got = configureAndAnalyze(t, a, strict, planned)
			t.Logf("strict config: %d verdicts over gRPC, the same as in-process", len(got))
			for _, policy := range []string{"required-tags", "allowed-instance-types", "cost-within-budget"} {
				if !slices.ContainsFunc(got, func(v verdict) bool { return v.policy == policy }) {
					t.Errorf("the strict config: no %s verdict over gRPC", policy)
				}
			}
		})
	}
}

// configureAndAnalyze configures the pack with cfg, analyzes every resource and the stack, and
// checks that the verdicts are Evaluate's.
func configureAndAnalyze(t *testing.T, a pulumirpc.AnalyzerClient, cfg guardrails.Config, planned plannedStack) []verdict {
	t.Helper()
	call(t, "Configure", func(ctx context.Context) error {
		_, err := a.Configure(ctx, configureRequest(t, cfg, planned))
		return err
	})
	var got []verdict
	for _, r := range planned.result.Resources {
		got = append(got, analyze(t, a, r, r.Inputs)...)
	}
	got = append(got, analyzeStack(t, a, planned.result.Resources)...)

	var want []verdict
	for _, v := range evaluate(t, planned.env, cfg, planned.resources) {
		want = append(want, verdict{policy: v.Policy, level: v.Level, urn: v.URN, message: v.Message})
	}
	sortVerdicts(got)
	sortVerdicts(want)
	if !slices.Equal(got, want) {
		t.Errorf("the pack over gRPC and Evaluate disagree:\ngRPC:       %v\nin-process: %v", got, want)
	}
	return got
}

// startPack starts the pack binary and connects to the port it prints, as the engine does.
func startPack(t *testing.T, bin string) pulumirpc.AnalyzerClient {
	t.Helper()
	cmd := exec.Command(bin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("pack stderr:\n%s", stderr.String())
		}
	})
	port := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		port <- strings.TrimSpace(line)
	}()
	var p string
	select {
	case p = <-port:
	case <-time.After(30 * time.Second):
		t.Fatal("the pack printed no port within 30 s")
	}
	conn, err := grpc.NewClient("127.0.0.1:"+p, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("connecting to the pack on port %q: %v", p, err)
	}
	t.Cleanup(func() { conn.Close() })
	return pulumirpc.NewAnalyzerClient(conn)
}

func call(t *testing.T, name string, f func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := f(ctx); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// checkInfo checks what the binary announces: the pack, its levels and settings.
func checkInfo(t *testing.T, info *pulumirpc.AnalyzerInfo) {
	t.Helper()
	if info.GetName() != guardrails.PackName || info.GetVersion() != guardrails.PackVersion || !info.GetSupportsConfig() {
		t.Errorf("analyzer info: name %q version %q supportsConfig %v", info.GetName(), info.GetVersion(), info.GetSupportsConfig())
	}
	levels := map[string]pulumirpc.EnforcementLevel{}
	for _, p := range info.GetPolicies() {
		levels[p.GetName()] = p.GetEnforcementLevel()
		if p.GetName() == "required-tags" && p.GetConfigSchema().GetProperties().GetFields()["tags"] == nil {
			t.Errorf("required-tags announces no tags setting: %v", p.GetConfigSchema())
		}
	}
	if levels["ebs-encryption"] != pulumirpc.EnforcementLevel_MANDATORY || levels["required-tags"] != pulumirpc.EnforcementLevel_ADVISORY {
		t.Errorf("announced levels: %v", levels)
	}
}

// configureRequest is what the engine sends after reconciling a --policy-pack-config file with
// the pack's schema: every policy, with its level and settings.
func configureRequest(t *testing.T, cfg guardrails.Config, planned plannedStack) *pulumirpc.ConfigureAnalyzerRequest {
	t.Helper()
	resolved, err := cfg.Resolve(newPack(t, planned.env))
	if err != nil {
		t.Fatal(err)
	}
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for name, c := range resolved {
		props, err := structpb.NewStruct(c.Properties)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		req.PolicyConfig[name] = &pulumirpc.PolicyConfig{EnforcementLevel: pulumirpc.EnforcementLevel(c.EnforcementLevel), Properties: props}
	}
	return req
}

// verdict is a diagnostic reduced to what both paths report.
type verdict struct{ policy, level, urn, message string }

func (v verdict) String() string { return fmt.Sprintf("%s/%s@%s", v.level, v.policy, v.urn) }

func sortVerdicts(vs []verdict) {
	slices.SortFunc(vs, func(a, b verdict) int { return strings.Compare(a.String()+a.message, b.String()+b.message) })
}

func verdictsOf(t *testing.T, diags []*pulumirpc.AnalyzeDiagnostic) []verdict {
	t.Helper()
	var out []verdict
	for _, d := range diags {
		// policyx prefixes the message with the policy's description.
		message, ok := strings.CutPrefix(d.GetMessage(), d.GetDescription()+"\n")
		if !ok {
			t.Errorf("diagnostic message %q does not start with the description %q", d.GetMessage(), d.GetDescription())
		}
		level := strings.ToLower(d.GetEnforcementLevel().String())
		out = append(out, verdict{policy: d.GetPolicyName(), level: level, urn: d.GetUrn(), message: message})
	}
	return out
}

// marshal encodes properties as the engine does for an analyzer: unknowns and secrets kept.
func marshal(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(m, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, SkipInternalKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func analyze(t *testing.T, a pulumirpc.AnalyzerClient, r offline.Resource, inputs resource.PropertyMap) []verdict {
	t.Helper()
	var resp *pulumirpc.AnalyzeResponse
	call(t, "Analyze "+r.URN, func(ctx context.Context) (err error) {
		resp, err = a.Analyze(ctx, &pulumirpc.AnalyzeRequest{
			Urn: r.URN, Type: r.Type, Name: r.Name, Properties: marshal(t, inputs),
			Options: &pulumirpc.AnalyzerResourceOptions{Protect: r.Protect, Parent: r.Parent},
		})
		return err
	})
	return verdictsOf(t, resp.GetDiagnostics())
}

func analyzeStack(t *testing.T, a pulumirpc.AnalyzerClient, resources []offline.Resource) []verdict {
	t.Helper()
	req := &pulumirpc.AnalyzeStackRequest{}
	for _, r := range resources {
		req.Resources = append(req.Resources, &pulumirpc.AnalyzerResource{
			Urn: r.URN, Type: r.Type, Name: r.Name, Properties: marshal(t, r.Outputs),
			Options: &pulumirpc.AnalyzerResourceOptions{Protect: r.Protect, Parent: r.Parent},
			Parent:  r.Parent, Dependencies: r.DependsOn,
		})
	}
	var resp *pulumirpc.AnalyzeResponse
	call(t, "AnalyzeStack", func(ctx context.Context) (err error) {
		resp, err = a.AnalyzeStack(ctx, req)
		return err
	})
	return verdictsOf(t, resp.GetDiagnostics())
}

func find(t *testing.T, res *offline.Result, typ, name string) offline.Resource {
	t.Helper()
	for _, r := range res.Resources {
		if r.Type == typ && strings.Contains(r.Name, name) {
			return r
		}
	}
	t.Fatalf("no %s named like %q", typ, name)
	return offline.Resource{}
}
