package envconfig

import (
	"encoding/json"
	"fmt"
	"strings"
)

// FieldError is one problem with one config key: the key by its full path, the bad value and
// what is allowed.
type FieldError struct {
	Key    string // e.g. platform:cassandra.nodeCount
	Value  any    // the offending value, nil when the key is missing
	Detail string // what is allowed
}

func (e *FieldError) Error() string {
	if e.Value == nil {
		return fmt.Sprintf("%s: %s", e.Key, e.Detail)
	}
	return fmt.Sprintf("%s: %s is not allowed: %s", e.Key, formatValue(e.Value), e.Detail)
}

func formatValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Errors is every problem found in one pass over a stack's config.
type Errors []*FieldError

func (es Errors) Error() string {
	lines := make([]string, 0, len(es)+1)
	lines = append(lines, fmt.Sprintf("invalid stack configuration (%d problem%s):", len(es), plural(len(es))))
	for _, e := range es {
		lines = append(lines, "  - "+e.Error())
	}
	return strings.Join(lines, "\n")
}

// Keys lists the config keys that have problems, in report order.
func (es Errors) Keys() []string {
	keys := make([]string, len(es))
	for i, e := range es {
		keys[i] = e.Key
	}
	return keys
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// report collects problems; paths are relative to the project namespace ("cassandra.nodeCount").
type report struct {
	project string
	errs    Errors
}

func (r *report) add(path string, value any, format string, args ...any) {
	r.errs = append(r.errs, &FieldError{Key: r.key(path), Value: value, Detail: fmt.Sprintf(format, args...)})
}

func (r *report) missing(path, format string, args ...any) {
	r.errs = append(r.errs, &FieldError{Key: r.key(path), Detail: fmt.Sprintf(format, args...)})
}

func (r *report) key(path string) string {
	if strings.Contains(path, ":") {
		return path // already namespaced, e.g. aws:region
	}
	return r.project + ":" + path
}

func (r *report) intRange(path string, v, lo, hi int) {
	if v < lo || v > hi {
		r.add(path, v, "must be %d to %d", lo, hi)
	}
}

func (r *report) oneOf(path, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	r.add(path, v, "must be one of %s", strings.Join(allowed, ", "))
}

func (r *report) result() error {
	if len(r.errs) == 0 {
		return nil
	}
	return r.errs
}
