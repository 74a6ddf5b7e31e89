package cost

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// prop reads a dotted path of inputs ("scalingConfig.desiredSize"); ok is false when a step is
// missing, unknown (computed during a preview) or not an object.
func prop(m resource.PropertyMap, path string) (resource.PropertyValue, bool) {
	var v resource.PropertyValue
	for i, key := range strings.Split(path, ".") {
		if i > 0 {
			if !v.IsObject() {
				return resource.PropertyValue{}, false
			}
			m = v.ObjectValue()
		}
		var ok bool
		if v, ok = m[resource.PropertyKey(key)]; !ok {
			return resource.PropertyValue{}, false
		}
		for v.IsSecret() {
			v = v.SecretValue().Element
		}
		if v.IsOutput() {
			o := v.OutputValue()
			if !o.Known {
				return resource.PropertyValue{}, false
			}
			v = o.Element
		}
		if v.IsComputed() || v.IsNull() {
			return resource.PropertyValue{}, false
		}
	}
	return v, true
}

func propString(m resource.PropertyMap, path string) string {
	if v, ok := prop(m, path); ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

// propNumber reads a number; ok is false when it is missing or unknown.
func propNumber(m resource.PropertyMap, path string) (float64, bool) {
	if v, ok := prop(m, path); ok && v.IsNumber() {
		return v.NumberValue(), true
	}
	return 0, false
}

func propBool(m resource.PropertyMap, path string) bool {
	v, ok := prop(m, path)
	return ok && v.IsBool() && v.BoolValue()
}

func propArray(m resource.PropertyMap, path string) []resource.PropertyValue {
	if v, ok := prop(m, path); ok && v.IsArray() {
		return v.ArrayValue()
	}
	return nil
}
