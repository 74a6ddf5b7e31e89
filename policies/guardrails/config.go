package guardrails

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Config is a policy pack config in the format `pulumi preview --policy-pack-config FILE` reads
// (policies/config/*.json): each key a policy name or "all", each value an enforcement level, or
// an object with an optional enforcementLevel and the policy's settings.
type Config map[string]PolicyConfig

// PolicyConfig is one entry of a Config.
type PolicyConfig struct {
	EnforcementLevel string         // advisory, mandatory, remediate or disabled; "" keeps the default
	Properties       map[string]any // the policy's settings
}

var levels = map[string]policyx.EnforcementLevel{
	"advisory":  policyx.EnforcementLevelAdvisory,
	"mandatory": policyx.EnforcementLevelMandatory,
	"remediate": policyx.EnforcementLevelRemediate,
	"disabled":  policyx.EnforcementLevelDisabled,
}

// LevelName is the name the CLI and the plan use for an enforcement level.
func LevelName(l policyx.EnforcementLevel) string {
	for name, v := range levels {
		if v == l {
			return name
		}
	}
	return fmt.Sprintf("level(%d)", l)
}

// ReadConfig reads a config file.
func ReadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := ParseConfig(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseConfig parses a config the way the Pulumi CLI does.
func ParseConfig(data []byte) (Config, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	c := Config{}
	for name, v := range raw {
		switch v := v.(type) {
		case string:
			c[name] = PolicyConfig{EnforcementLevel: v}
		case map[string]any:
			pc := PolicyConfig{Properties: maps.Clone(v)}
			if level, ok := v["enforcementLevel"]; ok {
				s, isString := level.(string)
				if !isString {
					return nil, fmt.Errorf("%s.enforcementLevel: %v is not a string", name, level)
				}
				pc.EnforcementLevel = s
				delete(pc.Properties, "enforcementLevel")
			}
			c[name] = pc
		default:
			return nil, fmt.Errorf("%s: %v is neither an enforcement level nor an object", name, v)
		}
		if l := c[name].EnforcementLevel; l != "" {
			if _, ok := levels[l]; !ok {
				return nil, fmt.Errorf("%s: enforcement level %q: want advisory, mandatory, remediate or disabled", name, l)
			}
		}
	}
	return c, nil
}

// Resolve is what the engine sends the pack (Configure) for this config: every policy's level and
// settings, from the policy's defaults, then "all", then the policy's own entry, a setting at a
// time. A name that is no policy of the pack is an error (the engine would ignore it silently).
func (c Config) Resolve(pack policyx.PolicyPack) (map[string]policyx.PolicyConfig, error) {
	known := map[string]bool{"all": true}
	out := map[string]policyx.PolicyConfig{}
	for _, p := range pack.Policies() {
		known[p.Name()] = true
		pc := policyx.PolicyConfig{EnforcementLevel: p.EnforcementLevel(), Properties: map[string]any{}}
		if schema := p.ConfigSchema(); schema != nil {
			for k, prop := range schema.Properties {
				if d, ok := prop["default"]; ok {
					pc.Properties[k] = d
				}
			}
		}
		if all := c["all"].EnforcementLevel; all != "" {
			pc.EnforcementLevel = levels[all]
		}
		if own, ok := c[p.Name()]; ok {
			if own.EnforcementLevel != "" {
				pc.EnforcementLevel = levels[own.EnforcementLevel]
			}
			maps.Copy(pc.Properties, own.Properties)
		}
		out[p.Name()] = pc
	}
	var unknownNames []string
	for name := range c {
		if !known[name] {
			unknownNames = append(unknownNames, name)
		}
	}
	if len(unknownNames) > 0 {
		sort.Strings(unknownNames)
		names := slices.Sorted(maps.Keys(known))
		return nil, fmt.Errorf("no such policy: %s (the pack has %s)", strings.Join(unknownNames, ", "), strings.Join(names, ", "))
	}
	return out, nil
}
