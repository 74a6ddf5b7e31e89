package guardrails

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// status tells what a policy may conclude from a property. During a preview a value that depends
// on another resource's output is unknown (computed): a policy skips what it cannot know and
// never fails on it.
type status int

const (
	absent  status = iota // not set (or null): the provider's default applies
	unknown               // set, but computed until the resource it depends on exists
	known
)

// lookup walks a dotted path of object keys ("metadataOptions.httpTokens"). A computed step makes
// the rest unknown; a missing or null step makes it absent.
func lookup(m property.Map, path string) (property.Value, status) {
	var v property.Value
	for i, key := range strings.Split(path, ".") {
		if i > 0 {
			if !v.IsMap() {
				return property.Value{}, absent
			}
			m = v.AsMap()
		}
		var ok bool
		if v, ok = m.GetOk(key); !ok || v.IsNull() {
			return property.Value{}, absent
		}
		if v.IsComputed() {
			return v, unknown
		}
	}
	return v, known
}

func stringAt(m property.Map, path string) (string, status) {
	v, st := lookup(m, path)
	if st != known {
		return "", st
	}
	if !v.IsString() {
		return "", absent
	}
	return v.AsString(), known
}

// boolAt reads a boolean; launch templates write theirs as the strings "true" and "false".
func boolAt(m property.Map, path string) (bool, status) {
	v, st := lookup(m, path)
	switch {
	case st != known:
		return false, st
	case v.IsBool():
		return v.AsBool(), known
	case v.IsString() && (v.AsString() == "true" || v.AsString() == "false"):
		return v.AsString() == "true", known
	}
	return false, absent
}

func numberAt(m property.Map, path string) (float64, status) {
	v, st := lookup(m, path)
	if st != known {
		return 0, st
	}
	if !v.IsNumber() {
		return 0, absent
	}
	return v.AsNumber(), known
}

// listAt reads an array; its elements may still be unknown.
func listAt(m property.Map, path string) ([]property.Value, status) {
	v, st := lookup(m, path)
	if st != known {
		return nil, st
	}
	if !v.IsArray() {
		return nil, absent
	}
	return v.AsArray().AsSlice(), known
}

// stringsAt reads an array of strings: unknown when any element is.
func stringsAt(m property.Map, path string) ([]string, status) {
	items, st := listAt(m, path)
	if st != known {
		return nil, st
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		switch {
		case it.IsComputed():
			return nil, unknown
		case it.IsString():
			out = append(out, it.AsString())
		}
	}
	return out, known
}

// objectsAt reads an array of objects (block devices, ingress blocks); unknown when any is.
func objectsAt(m property.Map, path string) ([]property.Map, status) {
	items, st := listAt(m, path)
	if st != known {
		return nil, st
	}
	out := make([]property.Map, 0, len(items))
	for _, it := range items {
		switch {
		case it.IsComputed():
			return nil, unknown
		case it.IsMap():
			out = append(out, it.AsMap())
		}
	}
	return out, known
}

// mapAt reads an object such as tags.
func mapAt(m property.Map, path string) (property.Map, status) {
	v, st := lookup(m, path)
	if st != known {
		return property.Map{}, st
	}
	if !v.IsMap() {
		return property.Map{}, absent
	}
	return v.AsMap(), known
}
