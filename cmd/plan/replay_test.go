package main

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks"
)

// BenchmarkReplay registers, for each stack of BenchmarkProgram, the very resources its program
// registers: the same types with the same SDK resource structs (so as many outputs each), names,
// parents, providers, options and input values, on the same AWS-like mocks, each straight from a
// recording, with no component code, no applies, no cost recorder and no exports. The program's
// gap to it is what the program itself adds; the replay's gap to BenchmarkTypedEngine is the
// price of the inputs a production node carries and the baseline does not.
//
// The inputs go in as untyped maps, not typed Args, which costs the SDK no more: the replay is a
// floor for these resources, not an estimate of them.
func BenchmarkReplay(b *testing.B) {
	for _, s := range benchStacks {
		b.Run(s.name, func(b *testing.B) {
			cfg := benchConfig(b, s.stack, s.sets)
			recorded := record(b, cfg)
			if resources := benchRun(b, recorded.replay, cfg); resources != len(recorded.resources) {
				b.Fatalf("replayed %d resources of %d", resources, len(recorded.resources))
			}
		})
	}
}

// recording is one run of a stack's program: what the engine received, parents first, and the
// SDK resource struct of each resource.
type recording struct {
	resources []offline.Resource
	structs   map[string]reflect.Type // "type name" → the struct the program registered it with
}

// record runs the stack's program once, noting each resource's struct through a stack
// transformation (as the cost recorder does) and its inputs and options through the mocks.
func record(tb testing.TB, cfg *offline.StackConfig) *recording {
	rec := &recording{structs: map[string]reflect.Type{}}
	var mu sync.Mutex // the SDK runs transformations on its own goroutines too
	program := func(ctx *pulumi.Context) error {
		err := ctx.RegisterStackTransformation(func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
			if opts, err := pulumi.NewResourceOptions(args.Opts...); err == nil && opts.URN != "" {
				return nil // a reference the SDK rebuilds, not a registration
			}
			mu.Lock()
			rec.structs[args.Type+" "+args.Name] = reflect.TypeOf(args.Resource).Elem()
			mu.Unlock()
			return nil
		})
		if err != nil {
			return err
		}
		return stacks.Program(ctx)
	}
	res, err := offline.Run(program, cfg.Options())
	if err != nil {
		tb.Fatal(err)
	}
	rec.resources = dependenciesFirst(res.Resources)
	if len(rec.resources) != len(res.Resources) {
		tb.Fatalf("ordering kept %d of %d resources", len(rec.resources), len(res.Resources))
	}
	return rec
}

// dependenciesFirst orders resources so that each comes after its parent, its provider, what
// it depends on and the resources its inputs refer to, as the program registered them.
func dependenciesFirst(resources []offline.Resource) []offline.Resource {
	byURN := make(map[string]offline.Resource, len(resources))
	for _, r := range resources {
		byURN[r.URN] = r
	}
	ordered := make([]offline.Resource, 0, len(resources))
	done := map[string]bool{}
	var visit func(urn string)
	visit = func(urn string) {
		r, ok := byURN[urn]
		if !ok || done[urn] {
			return
		}
		done[urn] = true
		for _, dep := range dependencies(r) {
			visit(dep)
		}
		ordered = append(ordered, r)
	}
	for _, r := range resources {
		visit(r.URN)
	}
	return ordered
}

func dependencies(r offline.Resource) []string {
	deps := append([]string{r.Parent, providerURN(r.Provider)}, r.DependsOn...)
	var refs func(v resource.PropertyValue)
	refs = func(v resource.PropertyValue) {
		switch {
		case v.IsResourceReference():
			deps = append(deps, string(v.ResourceReferenceValue().URN))
		case v.IsArray():
			for _, item := range v.ArrayValue() {
				refs(item)
			}
		case v.IsObject():
			for _, item := range v.ObjectValue() {
				refs(item)
			}
		case v.IsSecret():
			refs(v.SecretValue().Element)
		}
	}
	refs(resource.NewProperty(r.Inputs))
	return deps
}

// providerURN is the URN of a provider reference, "<urn>::<id>".
func providerURN(ref string) string { return ref[:max(strings.LastIndex(ref, "::"), 0)] }

// replay is the program that registers the recording.
func (rec *recording) replay(ctx *pulumi.Context) error {
	registered := make(map[string]pulumi.Resource, len(rec.resources))
	for _, r := range rec.resources {
		state, err := rec.newStruct(r)
		if err != nil {
			return err
		}
		opts := []pulumi.ResourceOption{pulumi.Protect(r.Protect), pulumi.RetainOnDelete(r.RetainOnDelete),
			pulumi.DeleteBeforeReplace(r.DeleteBeforeReplace)}
		if p, ok := registered[r.Parent]; ok {
			opts = append(opts, pulumi.Parent(p))
		}
		if p, ok := registered[providerURN(r.Provider)].(pulumi.ProviderResource); ok {
			opts = append(opts, pulumi.Provider(p))
		}
		var dependsOn []pulumi.Resource
		for _, urn := range r.DependsOn {
			if d, ok := registered[urn]; ok {
				dependsOn = append(dependsOn, d)
			}
		}
		if len(dependsOn) > 0 {
			opts = append(opts, pulumi.DependsOn(dependsOn))
		}
		if len(r.IgnoreChanges) > 0 {
			opts = append(opts, pulumi.IgnoreChanges(r.IgnoreChanges))
		}
		if len(r.Transforms) > 0 {
			opts = append(opts, pulumi.Transforms(r.Transforms))
		}
		if len(r.AdditionalSecretOutputs) > 0 {
			opts = append(opts, pulumi.AdditionalSecretOutputs(r.AdditionalSecretOutputs))
		}
		inputs := inputsOf(r.Inputs, registered)
		if component, ok := state.(pulumi.ComponentResource); ok && r.Remote {
			err = ctx.RegisterRemoteComponentResource(r.Type, r.Name, inputs, component, opts...)
		} else {
			err = ctx.RegisterResource(r.Type, r.Name, inputs, state, opts...)
		}
		if err != nil {
			return fmt.Errorf("replaying %s %s: %w", r.Type, r.Name, err)
		}
		registered[r.URN] = state
	}
	return nil
}

// newStruct is a new SDK resource struct of the kind the program registered r with: the typed
// one (ec2.Instance, eks.Cluster, ...), or a bare state for what the mocks saw registered some
// other way.
func (rec *recording) newStruct(r offline.Resource) (pulumi.Resource, error) {
	t, ok := rec.structs[r.Type+" "+r.Name]
	if !ok {
		if r.Custom {
			return new(pulumi.CustomResourceState), nil
		}
		return new(pulumi.ResourceState), nil
	}
	state, ok := reflect.New(t).Interface().(pulumi.Resource)
	if !ok {
		return nil, fmt.Errorf("%s %s: %s is not a resource", r.Type, r.Name, t)
	}
	return state, nil
}

// inputsOf turns recorded input values back into SDK inputs; a reference is to the replayed
// resource of that URN.
func inputsOf(props resource.PropertyMap, registered map[string]pulumi.Resource) pulumi.Map {
	m := make(pulumi.Map, len(props))
	for k, v := range props {
		if in := inputOf(v, registered); in != nil {
			m[string(k)] = in
		}
	}
	return m
}

func inputOf(v resource.PropertyValue, registered map[string]pulumi.Resource) pulumi.Input {
	switch {
	case v.IsString():
		return pulumi.String(v.StringValue())
	case v.IsNumber():
		return pulumi.Float64(v.NumberValue())
	case v.IsBool():
		return pulumi.Bool(v.BoolValue())
	case v.IsArray():
		a := make(pulumi.Array, 0, len(v.ArrayValue()))
		for _, item := range v.ArrayValue() {
			if in := inputOf(item, registered); in != nil {
				a = append(a, in)
			}
		}
		return a
	case v.IsObject():
		return inputsOf(v.ObjectValue(), registered)
	case v.IsSecret():
		return pulumi.ToSecret(inputOf(v.SecretValue().Element, registered))
	case v.IsResourceReference():
		if r, ok := registered[string(v.ResourceReferenceValue().URN)]; ok {
			return pulumi.NewResourceInput(r)
		}
	}
	return nil // null, or a value a completed run does not hold (unknowns, assets)
}

// The replay registers what the program registers, input for input and option for option, each
// with the program's own resource struct: else BenchmarkReplay would measure something else.
func TestReplayRegistersWhatTheProgramRegisters(t *testing.T) {
	cfg := benchConfig(t, "prod", nil)
	rec := record(t, cfg)
	replayed, err := offline.Run(rec.replay, cfg.Options())
	if err != nil {
		t.Fatal(err)
	}
	program := map[string]offline.Resource{}
	for _, r := range rec.resources {
		program[r.URN] = r
	}
	if len(replayed.Resources) != len(program) {
		t.Fatalf("replayed %d resources, the program registered %d", len(replayed.Resources), len(program))
	}
	typed := 0
	for _, got := range replayed.Resources {
		want, ok := program[got.URN]
		switch {
		case !ok:
			t.Errorf("replayed %s, which the program did not register", got.URN)
		case !got.Inputs.DeepEquals(want.Inputs):
			t.Errorf("%s: inputs differ:\n replayed %v\n program  %v", got.URN, got.Inputs, want.Inputs)
		case got.Parent != want.Parent || got.Custom != want.Custom || got.Remote != want.Remote || got.Protect != want.Protect ||
			got.RetainOnDelete != want.RetainOnDelete || got.DeleteBeforeReplace != want.DeleteBeforeReplace ||
			len(got.Transforms) != len(want.Transforms) || !slices.Equal(sorted(got.AdditionalSecretOutputs), sorted(want.AdditionalSecretOutputs)) ||
			got.Provider != want.Provider || strings.Join(got.IgnoreChanges, ",") != strings.Join(want.IgnoreChanges, ",") ||
			!slices.Equal(sorted(got.DependsOn), sorted(want.DependsOn)):
			t.Errorf("%s: options differ:\n replayed %v %q %v %v\n program  %v %q %v %v", got.URN,
				got.Protect, got.Provider, got.IgnoreChanges, sorted(got.DependsOn), want.Protect, want.Provider, want.IgnoreChanges, sorted(want.DependsOn))
		}
		if _, ok := rec.structs[got.Type+" "+got.Name]; ok {
			typed++
		}
	}
	if typed < len(program)-5 {
		t.Errorf("only %d of %d resources replayed with the program's resource struct", typed, len(program))
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }
