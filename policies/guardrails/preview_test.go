package guardrails_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/policies/guardrails"
)

// computed is a value unknown during a preview, as the engine sends it.
var computed = resource.MakeComputed(resource.NewProperty(""))

// computedAtTop makes every input unknown (a value taken whole from another resource's output).
func computedAtTop(m resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k := range m {
		out[k] = computed
	}
	return out
}

// computedLeaves keeps objects and lists and makes every value inside them unknown (an output in
// a tag, a port, an ARN inside a block).
func computedLeaves(m resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range m {
		out[k] = computedLeaf(v)
	}
	return out
}

func computedLeaf(v resource.PropertyValue) resource.PropertyValue {
	switch {
	case v.IsObject():
		return resource.NewProperty(computedLeaves(v.ObjectValue()))
	case v.IsArray():
		items := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, item := range v.ArrayValue() {
			items[i] = computedLeaf(item)
		}
		return resource.NewProperty(items)
	case v.IsSecret():
		return resource.MakeSecret(computedLeaf(v.SecretValue().Element))
	}
	return computed
}

// A value unknown during a preview never fails a policy: with every input of every shipped stack
// unknown, whole or inside its objects and lists, no policy reports anything (and none errs).
func TestUnknownValuesNeverFail(t *testing.T) {
	for _, stack := range shippedStacks {
		planned := planStack(t, stack)
		for name, unknownize := range map[string]func(resource.PropertyMap) resource.PropertyMap{
			"whole inputs": computedAtTop, "values inside inputs": computedLeaves,
		} {
			t.Run(stack+"/"+name, func(t *testing.T) {
				resources := make([]guardrails.Resource, len(planned.resources))
				for i, r := range planned.resources {
					r.Inputs = unknownize(r.Inputs)
					resources[i] = r
				}
				for _, v := range evaluate(t, planned.env, sampleConfig(t, stack), resources) {
					t.Errorf("%s %s on %s: %s", v.Level, v.Policy, v.Resource, v.Message)
				}
			})
		}
	}
}
