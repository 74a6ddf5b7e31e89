package offline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/platform-team/platform/stacks/envconfig"
)

// SecretPlaceholder stands for a secure config value the offline run cannot decrypt (it has no
// access to the stack's secrets provider). It is passed as a secret, like the real value would be,
// and is the value validation knows not to check.
const SecretPlaceholder = envconfig.SecretPlaceholder

// projectFile is the part of Pulumi.yaml the config needs.
type projectFile struct {
	Name   string                       `yaml:"name"`
	Config map[string]projectConfigType `yaml:"config"`
}

type projectConfigType struct {
	Type        string `yaml:"type"`
	Description string `yaml:"description"`
	Secret      bool   `yaml:"secret"`
	Default     any    `yaml:"default"`
	Value       any    `yaml:"value"`
}

type stackFile struct {
	Config map[string]any `yaml:"config"`
}

// StackConfig is a stack's config as the Pulumi CLI hands it to the program.
type StackConfig struct {
	Project    string
	Stack      string
	Values     map[string]string // namespaced key → raw value (JSON for structured values)
	SecretKeys []string
	// Placeholders are declared secrets the stack file leaves unset. The CLI would refuse to run
	// until they are set; offline, SecretPlaceholder stands in so the rest can still be planned.
	Placeholders []string
}

// Options turns the config into run options.
func (c *StackConfig) Options() Options {
	return Options{Project: c.Project, Stack: c.Stack, Config: c.Values, SecretKeys: c.SecretKeys}
}

// LoadStack reads Pulumi.yaml and Pulumi.<stack>.yaml in dir and builds the config the CLI would
// pass: stack values, then Pulumi.yaml defaults for keys the stack leaves out. Like the CLI, it
// fails when a declared key without a default is missing. Then it applies sets, PATH=VALUE
// overrides as the plan command's --set takes them.
func LoadStack(dir, stack string, sets ...string) (*StackConfig, error) {
	var proj projectFile
	if err := readYAML(filepath.Join(dir, "Pulumi.yaml"), &proj); err != nil {
		return nil, err
	}
	var st stackFile
	if err := readYAML(filepath.Join(dir, "Pulumi."+stack+".yaml"), &st); err != nil {
		return nil, err
	}
	cfg := &StackConfig{Project: proj.Name, Stack: stack, Values: map[string]string{}}
	for key, raw := range st.Config {
		if err := cfg.set(namespaced(proj.Name, key), raw); err != nil {
			return nil, fmt.Errorf("Pulumi.%s.yaml: %w", stack, err)
		}
	}
	var missing []string
	for key, decl := range proj.Config {
		full := namespaced(proj.Name, key)
		if _, ok := cfg.Values[full]; ok {
			continue
		}
		switch {
		case decl.Value != nil:
			if err := cfg.set(full, decl.Value); err != nil {
				return nil, fmt.Errorf("Pulumi.yaml: %w", err)
			}
		case decl.Default != nil:
			if err := cfg.set(full, decl.Default); err != nil {
				return nil, fmt.Errorf("Pulumi.yaml: %w", err)
			}
		case decl.Secret:
			cfg.Values[full] = SecretPlaceholder
			cfg.SecretKeys = append(cfg.SecretKeys, full)
			cfg.Placeholders = append(cfg.Placeholders, full)
		default:
			missing = append(missing, full)
		}
	}
	slices.Sort(cfg.SecretKeys)
	slices.Sort(cfg.Placeholders)
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("stack %s is missing configuration values %s (declared in Pulumi.yaml without a default)",
			stack, strings.Join(missing, ", "))
	}
	if err := cfg.setAll(sets); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Lookup reads one namespaced config value ("platform:network"), as envconfig.Load takes it.
func (c *StackConfig) Lookup(key string) (string, bool) {
	v, ok := c.Values[key]
	return v, ok
}

// setAll applies overrides given as PATH=VALUE (the plan command's --set), in order.
func (c *StackConfig) setAll(sets []string) error {
	for _, s := range sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok {
			return fmt.Errorf("--set %q: want PATH=VALUE", s)
		}
		if err := c.Set(path, value); err != nil {
			return err
		}
	}
	return nil
}

// Set overrides one value the way `pulumi config set --path` names it: "cassandra.nodeCount"
// (with or without the project prefix), "eks.nodeGroups[0].maxSize", the value read as YAML.
func (c *StackConfig) Set(path, value string) error {
	var v any
	if err := yaml.Unmarshal([]byte(value), &v); err != nil {
		return fmt.Errorf("--set %s: value %q is not valid YAML: %w", path, value, err)
	}
	key, rest := splitPath(namespaced(c.Project, path))
	if len(rest) == 0 {
		return c.set(key, v)
	}
	var root any
	if raw, ok := c.Values[key]; ok {
		if err := json.Unmarshal([]byte(raw), &root); err != nil {
			return fmt.Errorf("--set %s: %s is not a structured value", path, key)
		}
	}
	root, err := setPath(root, rest, v)
	if err != nil {
		return fmt.Errorf("--set %s: %w", path, err)
	}
	return c.set(key, root)
}

func (c *StackConfig) set(key string, raw any) error {
	v, secret := revealSecure(raw)
	if secret && !slices.Contains(c.SecretKeys, key) {
		c.SecretKeys = append(c.SecretKeys, key)
		slices.Sort(c.SecretKeys)
	}
	switch x := v.(type) {
	case string:
		c.Values[key] = x
	case map[string]any, []any:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		c.Values[key] = string(b)
	case nil:
		delete(c.Values, key)
	default:
		c.Values[key] = fmt.Sprint(x)
	}
	return nil
}

// revealSecure replaces {secure: ...} values, at any depth, with the placeholder and reports
// whether there were any.
func revealSecure(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["secure"]; ok && len(x) == 1 {
			return SecretPlaceholder, true
		}
		found := false
		out := make(map[string]any, len(x))
		for k, e := range x {
			var s bool
			out[k], s = revealSecure(e)
			found = found || s
		}
		return out, found
	case []any:
		found := false
		out := make([]any, len(x))
		for i, e := range x {
			var s bool
			out[i], s = revealSecure(e)
			found = found || s
		}
		return out, found
	}
	return v, false
}

func namespaced(project, key string) string {
	if strings.Contains(strings.SplitN(key, ".", 2)[0], ":") {
		return key
	}
	return project + ":" + key
}

// splitPath splits "platform:eks.nodeGroups[0].maxSize" into the top-level key and the path
// below it: "nodeGroups", 0, "maxSize".
func splitPath(full string) (string, []any) {
	var parts []any
	key, rest, _ := strings.Cut(full, ".")
	if i := strings.Index(key, "["); i >= 0 {
		rest = key[i:] + rest
		key = key[:i]
	}
	for _, seg := range strings.Split(rest, ".") {
		for seg != "" {
			if i := strings.Index(seg, "["); i > 0 {
				parts = append(parts, seg[:i])
				seg = seg[i:]
				continue
			}
			if strings.HasPrefix(seg, "[") {
				end := strings.Index(seg, "]")
				if n, err := strconv.Atoi(seg[1:max(end, 1)]); end > 0 && err == nil {
					parts = append(parts, n)
					seg = seg[end+1:]
					continue
				}
			}
			parts = append(parts, seg)
			seg = ""
		}
	}
	return key, parts
}

func setPath(node any, path []any, v any) (any, error) {
	if len(path) == 0 {
		return v, nil
	}
	switch p := path[0].(type) {
	case string:
		m, ok := node.(map[string]any)
		if node == nil {
			m, ok = map[string]any{}, true
		}
		if !ok {
			return nil, fmt.Errorf("%q is not inside an object", p)
		}
		child, err := setPath(m[p], path[1:], v)
		if err != nil {
			return nil, err
		}
		m[p] = child
		return m, nil
	default:
		i := p.(int)
		list, ok := node.([]any)
		if node == nil {
			ok = true
		}
		if !ok || i < 0 || i > len(list) {
			return nil, fmt.Errorf("index [%d] is out of range (the list has %d items)", i, len(list))
		}
		if i == len(list) {
			list = append(list, nil)
		}
		child, err := setPath(list[i], path[1:], v)
		if err != nil {
			return nil, err
		}
		list[i] = child
		return list, nil
	}
}

func readYAML(path string, into any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, into); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
