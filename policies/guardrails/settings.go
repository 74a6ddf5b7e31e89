package guardrails

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// settingsSpec declares a policy's settings: a fresh value holding the defaults (decoding lays the
// config over it, so it must not be shared) and the JSON schema of each property. The schema's
// defaults are taken from defaults(), so the engine (which fills them in before Configure) and
// the policy agree on one value.
type settingsSpec[S any] struct {
	defaults   func() S
	properties map[string]map[string]any
}

// schema is the policy's config schema as policyx hands it to the engine; nil without settings.
func (s settingsSpec[S]) schema() *policyx.ConfigSchema {
	if len(s.properties) == 0 {
		return nil
	}
	// A JSON round trip turns the defaults into the []any, map[string]any and float64 values that
	// policyx's protobuf encoding of the schema accepts.
	var defaults map[string]any
	b, err := json.Marshal(s.defaults())
	if err == nil {
		err = json.Unmarshal(b, &defaults)
	}
	if err != nil {
		panic(fmt.Sprintf("guardrails: settings defaults %T do not encode as JSON: %v", s.defaults(), err))
	}
	props := make(map[string]map[string]any, len(s.properties))
	for k, v := range s.properties {
		p := maps.Clone(v)
		if d, ok := defaults[k]; ok {
			p["default"] = d
		}
		props[k] = p
	}
	return &policyx.ConfigSchema{Properties: props}
}

// decode reads a policy's settings from its config (as the engine sends it, JSON-decoded). Each
// setting the config holds replaces the default whole, as the engine's own merge of a config file
// over the schema's defaults does. A key the settings do not know is an error: the engine's
// schema check lets typos through.
func (s settingsSpec[S]) decode(config map[string]any) (S, error) {
	var out S
	if s.defaults == nil {
		if len(config) > 0 {
			return out, fmt.Errorf("the policy has no settings, got %s", strings.Join(slices.Sorted(maps.Keys(config)), ", "))
		}
		return out, nil
	}
	if len(config) == 0 {
		return s.defaults(), nil
	}
	merged := map[string]any{}
	b, err := json.Marshal(s.defaults())
	if err == nil {
		err = json.Unmarshal(b, &merged)
	}
	if err != nil {
		return out, err
	}
	maps.Copy(merged, config)
	if b, err = json.Marshal(merged); err != nil {
		return out, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return out, dec.Decode(&out)
}

// decodedSettings remembers a policy's settings decoded from the last config map it was handed.
// The engine (policyx's Configure) and Evaluate both hand a policy the same map for every
// resource, and replace the map, never edit it, when the config changes; so a policy decodes its
// settings once per config instead of once per resource (a JSON round trip that took a fifth
// of a 1000-node offline plan). The settings are shared by every call: checks only read them.
type decodedSettings[S any] struct {
	mu     sync.Mutex
	config map[string]any // the map decoded last, held so its address is not reused
	seen   bool
	value  S
	err    error
}

func (d *decodedSettings[S]) get(spec settingsSpec[S], config map[string]any) (S, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.seen || !sameMap(d.config, config) {
		d.value, d.err = spec.decode(config)
		d.config, d.seen = config, true
	}
	return d.value, d.err
}

// sameMap tells whether a and b are the same map (not merely equal ones); two nil maps are.
func sameMap(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// stringList is the JSON schema of a list of strings.
func stringList(description string) map[string]any {
	return map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "description": description}
}

// perEnvironmentList is the JSON schema of an object mapping environment names to string lists.
func perEnvironmentList(description string) map[string]any {
	return map[string]any{
		"type":                 "object",
		"additionalProperties": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		"description":          description,
	}
}
