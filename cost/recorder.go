package cost

import (
	"reflect"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Recorder collects the planned resources of a program as it registers them, so the program
// can price itself: during `pulumi preview` and `pulumi up` alike, before anything exists.
//
// It uses the SDK-side stack transformation (ctx.RegisterStackTransformation): it sees the typed
// Args of every resource this program registers, the same in a real run and on the mock engine,
// and never the children of remote components (pulumi-eks's), which are priced as their parent.
// It keeps the inputs only of the types pricing reads (inputsRead); others are recorded bare.
type Recorder struct {
	mu         sync.Mutex
	resources  []Resource
	components map[pulumi.Resource]string // our components → their names
	parents    map[pulumi.Resource]string // every resource → its nearest component's name
}

// Record starts recording the resources the program registers from now on.
func Record(ctx *pulumi.Context) (*Recorder, error) {
	r := &Recorder{components: map[pulumi.Resource]string{}, parents: map[pulumi.Resource]string{}}
	err := ctx.RegisterStackTransformation(func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		r.add(args)
		return nil // leave the resource as it is
	})
	return r, err
}

// Resources returns what has been registered so far, in registration order.
func (r *Recorder) Resources() []Resource {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Resource(nil), r.resources...)
}

func (r *Recorder) add(args *pulumi.ResourceTransformationArgs) {
	component := ""
	if opts, err := pulumi.NewResourceOptions(args.Opts...); err == nil {
		if opts.URN != "" {
			// A reference to a resource registered elsewhere (the SDK rebuilds the children
			// pulumi-eks returns, such as its aws:eks/cluster:Cluster): not planned here.
			return
		}
		if opts.Parent != nil {
			r.mu.Lock()
			component = r.parents[opts.Parent]
			r.mu.Unlock()
		}
	}
	inputs := resource.PropertyMap{}
	// Converting typed Args is most of the recorder's work; a free type's inputs go unread.
	if args.Props != nil && inputsRead(args.Type) {
		if v, ok := toProperty(reflect.ValueOf(args.Props)); ok && v.IsObject() {
			inputs = v.ObjectValue()
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if strings.HasPrefix(args.Type, "platform:") {
		r.components[args.Resource] = args.Name
		r.parents[args.Resource] = args.Name
	} else {
		r.parents[args.Resource] = component
	}
	r.resources = append(r.resources, Resource{Type: args.Type, Name: args.Name, Component: component, Inputs: inputs})
}

var outputType = reflect.TypeOf((*pulumi.Output)(nil)).Elem()

// toProperty converts a typed Args value to property values: plain values as they are, Outputs
// as unknown (computed), nil and empty values left out.
func toProperty(v reflect.Value) (resource.PropertyValue, bool) {
	if !v.IsValid() {
		return resource.PropertyValue{}, false
	}
	if isOutput(v) {
		return resource.MakeComputed(resource.NewProperty("")), true
	}
	if isResource(v) {
		// A resource passed as an input (eks's instanceRoles, say): the engine gets a reference,
		// pricing reads none, and its state belongs to the SDK's goroutines, which write it.
		return resource.PropertyValue{}, false
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return resource.PropertyValue{}, false
		}
		return toProperty(v.Elem())
	case reflect.String:
		return resource.NewProperty(v.String()), true
	case reflect.Bool:
		return resource.NewProperty(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return resource.NewProperty(float64(v.Int())), true
	case reflect.Float32, reflect.Float64:
		return resource.NewProperty(v.Float()), true
	case reflect.Slice, reflect.Array:
		items := make([]resource.PropertyValue, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			if item, ok := toProperty(v.Index(i)); ok {
				items = append(items, item)
			}
		}
		return resource.NewProperty(items), true
	case reflect.Map:
		m := resource.PropertyMap{}
		iter := v.MapRange()
		for iter.Next() {
			if item, ok := toProperty(iter.Value()); ok {
				m[resource.PropertyKey(iter.Key().String())] = item
			}
		}
		return resource.NewProperty(m), true
	case reflect.Struct:
		m := resource.PropertyMap{}
		for i, tag := range fieldNames(v) {
			if tag == "" {
				continue
			}
			if item, ok := toProperty(v.Field(i)); ok {
				m[resource.PropertyKey(tag)] = item
			}
		}
		return resource.NewProperty(m), true
	}
	return resource.PropertyValue{}, false
}

// outputTypes and resourceTypes cache, per type, whether it implements pulumi.Output or
// pulumi.Resource (Implements walks method sets, and every field of every registered resource asks).
var outputTypes, resourceTypes sync.Map // reflect.Type → bool

// isOutput tells whether v is a pulumi.Output. Output has an unexported method of the SDK's
// internal package, so only types embedding its *OutputState implement it: structs, pointers to
// them, and interfaces that include Output; values of other kinds never do.
func isOutput(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Struct, reflect.Pointer, reflect.Interface:
	default:
		return false
	}
	return implements(v.Type(), outputType, &outputTypes)
}

var resourceType = reflect.TypeOf((*pulumi.Resource)(nil)).Elem()

// isResource tells whether v is a resource (an *ec2.Instance, say), as the SDK's marshalling does.
func isResource(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return implements(v.Type(), resourceType, &resourceTypes)
	}
	return false
}

func implements(t, iface reflect.Type, cache *sync.Map) bool {
	if is, ok := cache.Load(t); ok {
		return is.(bool)
	}
	is := t.Implements(iface)
	cache.Store(t, is)
	return is
}

// elementTyper is what generated Args types implement: a resource's Args struct carries no
// `pulumi` tags, its ElementType (the SDK's private input struct) does, field for field.
type elementTyper interface{ ElementType() reflect.Type }

// propertyNames caches, per struct type, the engine's property name of each field ("" to skip):
// a 1000-node stack registers thousands of resources of a handful of types.
var propertyNames sync.Map // reflect.Type → []string

func fieldNames(v reflect.Value) []string {
	t := v.Type()
	if names, ok := propertyNames.Load(t); ok {
		return names.([]string)
	}
	var elem reflect.Type
	// A zero value, not v: ElementType depends only on the type, and copying v would read
	// memory other goroutines may write.
	if et, ok := reflect.Zero(t).Interface().(elementTyper); ok {
		elem = et.ElementType()
		for elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
	}
	names := make([]string, t.NumField())
	for i := range names {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		names[i] = strings.Split(f.Tag.Get("pulumi"), ",")[0]
		if names[i] == "" && elem != nil && elem.Kind() == reflect.Struct {
			if ef, ok := elem.FieldByName(f.Name); ok {
				names[i] = strings.Split(ef.Tag.Get("pulumi"), ",")[0]
			}
		}
	}
	propertyNames.Store(t, names)
	return names
}
