package envconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Lookup returns the raw value of a namespaced config key ("platform:network", "aws:region") the
// way the Pulumi engine passes it: plain text for strings, JSON for structured values.
type Lookup func(key string) (string, bool)

// CacheAuthTokenKey is the secret that authenticates clients to the cache when transit
// encryption is on. It never enters the Environment: the stack reads it as a Pulumi secret.
const CacheAuthTokenKey = "cacheAuthToken"

// Load decodes a stack's config on top of Defaults and validates it, returning every problem at
// once as Errors. It registers nothing and has no side effects.
func Load(project, stack string, lookup Lookup) (*Environment, error) {
	env := Defaults()
	env.Project, env.Stack = project, stack
	r := &report{project: project}

	if v, ok := lookup("aws:region"); ok {
		env.Region = v
	}
	if v, ok := lookup(project + ":environment"); ok {
		env.Name = v
	}
	sections := []struct {
		key  string
		into any
	}{
		{"tags", &env.Tags},
		{"network", &env.Network},
		{"eks", &env.EKS},
		{"loadBalancer", &env.LoadBalancer},
		{"cache", &env.Cache},
		{"cassandra", &env.Cassandra},
		{"cost", &env.Cost},
		{"monitoring", &env.Monitoring},
	}
	for _, s := range sections {
		raw, ok := lookup(project + ":" + s.key)
		if !ok {
			continue
		}
		if err := decodeStrict(raw, s.into); err != nil {
			r.errs = append(r.errs, decodeError(r, s.key, err))
			continue
		}
		if s.key == "eks" {
			decodeNodeGroups(raw, &env.EKS, r)
		}
	}
	token, hasToken := lookup(project + ":" + CacheAuthTokenKey)

	if len(r.errs) > 0 {
		return nil, r.errs // validation of half-decoded sections would only add noise
	}
	validate(&env, hasToken, r)
	validateCacheAuthToken(&env, token, hasToken, r) // the value is only read here, never kept
	if err := r.result(); err != nil {
		return nil, err
	}
	return &env, nil
}

// decodeStrict decodes JSON into v, refusing keys the model does not know (typos).
func decodeStrict(raw string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the value")
	}
	return nil
}

// decodeError turns a JSON decoding error into a FieldError naming the key. A whole section's
// value is not echoed: set with --secret --path, it arrives decrypted and may hold a secret.
func decodeError(r *report, section string, err error) *FieldError {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		detail := fmt.Sprintf("got a %s, want %s", typeErr.Value, jsonKind(typeErr.Type.Kind().String()))
		if typeErr.Field == "" {
			return &FieldError{Key: r.key(section), Detail: detail + sectionNotShown}
		}
		return &FieldError{Key: r.key(section + "." + typeErr.Field), Detail: detail}
	case errors.As(err, &syntaxErr):
		return &FieldError{Key: r.key(section), Detail: "must be a structured (object) value" + sectionNotShown}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &FieldError{Key: r.key(section + "." + field), Detail: "unknown key (check its spelling against Pulumi.yaml and the README)"}
	default:
		return &FieldError{Key: r.key(section), Detail: err.Error() + sectionNotShown}
	}
}

// sectionNotShown ends an error about a whole section, whose value is left out.
const sectionNotShown = " (the value is not shown, as it may hold a secret)"

func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	case "map", "struct":
		return "an object"
	default:
		return "a " + goKind
	}
}

// decodeNodeGroups decodes each node group on top of DefaultNodeGroup: a list element starts from
// zero in encoding/json, so the defaults inside list elements need this second pass.
func decodeNodeGroups(raw string, eks *EKS, r *report) {
	var lists struct {
		NodeGroups []json.RawMessage `json:"nodeGroups"`
	}
	if err := json.Unmarshal([]byte(raw), &lists); err != nil || lists.NodeGroups == nil {
		return
	}
	eks.NodeGroups = make([]NodeGroup, len(lists.NodeGroups))
	for i, item := range lists.NodeGroups {
		eks.NodeGroups[i] = DefaultNodeGroup("")
		if err := decodeStrict(string(item), &eks.NodeGroups[i]); err != nil {
			r.errs = append(r.errs, decodeError(r, indexed("eks.nodeGroups", i), err))
		}
	}
}
