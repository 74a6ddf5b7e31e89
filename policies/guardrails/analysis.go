package guardrails

import (
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/cost"
)

// analysis is what the pack learns while the engine calls Analyze, for the stack policies, to
// which policyx (v3.274) hands less than a resource policy gets:
//
//   - AnalyzeStack carries each resource's outputs, not its inputs. A remote component's outputs
//     (eks:index:Cluster, eks:index:ManagedNodeGroup) do not repeat its inputs, so the cost model
//     could not price a node group from them. The engine calls Analyze with the inputs of every
//     resource before AnalyzeStack, and every resource policy records them here.
//   - A stack policy gets no config (StackValidationArgs has none, although the engine sends it).
//     Its settings ride on the resource policy stack-settings, which records them here.
//
// Every stack policy of one AnalyzeStack call gets the same resources slice; the view built from
// it is kept for the next policy until Analyze records anything new.
type analysis struct {
	mu       sync.Mutex
	inputs   map[string]property.Map // by URN, as Analyze saw them
	settings stackSettings
	view     *stackView                 // the last view built, nil once something new is recorded
	viewOf   []policyx.AnalyzerResource // the resources it was built from
}

func newAnalysis() *analysis {
	return &analysis{inputs: map[string]property.Map{}, settings: defaultStackSettings()}
}

func (a *analysis) record(r policyx.AnalyzerResource) {
	if r.URN == "" {
		return
	}
	a.mu.Lock()
	a.inputs[r.URN] = r.Properties
	a.view = nil
	a.mu.Unlock()
}

func (a *analysis) setSettings(s stackSettings) {
	a.mu.Lock()
	a.settings = s
	a.view = nil
	a.mu.Unlock()
}

// stack is the view a stack policy gets: every resource with the inputs Analyze saw in place of
// its outputs (a resource Analyze never saw keeps the properties AnalyzeStack sent).
// The view is shared by the stack policies of one AnalyzeStack call: they only read it.
func (a *analysis) stack(resources []policyx.AnalyzerResource) *stackView {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.view != nil && sameResources(a.viewOf, resources) {
		return a.view
	}
	s := &stackView{resources: make([]target, len(resources)), byURN: make(map[string]*target, len(resources)), settings: a.settings}
	for i, r := range resources {
		if in, ok := a.inputs[r.URN]; ok {
			r.Properties = in
		}
		s.resources[i] = target{r}
		s.byURN[r.URN] = &s.resources[i]
	}
	a.view, a.viewOf = s, resources
	return s
}

// sameResources tells whether a and b are the same slice (not merely equal ones).
func sameResources(a, b []policyx.AnalyzerResource) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// target is the resource a policy looks at.
type target struct {
	policyx.AnalyzerResource
}

// ancestors are the types of the components above the resource, outermost first: its URN names
// them (parentType$…$type). ok is false when the URN is not a URN.
func (t target) ancestors() (types []string, ok bool) {
	u := resource.URN(t.URN)
	if !u.IsValid() {
		return nil, false
	}
	chain := strings.Split(string(u.QualifiedType()), "$")
	return chain[:len(chain)-1], true
}

// within tells whether the resource belongs, at any depth, to a component of type typ.
func (t target) within(typ string) bool {
	types, ok := t.ancestors()
	if !ok { // built without a URN: its parent's URN names the same chain
		parent := resource.URN(t.Parent)
		if !parent.IsValid() {
			return false
		}
		types = strings.Split(string(parent.QualifiedType()), "$")
	}
	return slices.Contains(types, typ)
}

// insideForeignComponent tells whether a component that is not ours (pulumi-eks's, say)
// registered the resource. Our components are platform:*; an aws:* ancestor is one of our own
// resources parenting another (a role its policy attachments), pulumi-aws has no components.
func (t target) insideForeignComponent() bool {
	types, _ := t.ancestors()
	for _, typ := range types {
		if !strings.HasPrefix(typ, "platform:") && !strings.HasPrefix(typ, "aws:") {
			return true
		}
	}
	return false
}

// tag reads one of the resource's tags.
func (t target) tag(key string) (string, status) {
	return stringAt(t.Properties, "tags."+key)
}

// stackView is every resource of the stack, for a stack policy.
type stackView struct {
	resources []target
	byURN     map[string]*target // into resources
	settings  stackSettings

	// The cost estimate, made once for the policies that need it (pack.estimate).
	priced   sync.Once
	estimate *cost.Estimate
	priceErr error
}

func (s *stackView) ofType(types ...string) []target {
	var out []target
	for _, r := range s.resources {
		if slices.Contains(types, r.Type) {
			out = append(out, r)
		}
	}
	return out
}

// find returns the resource of a type and name.
func (s *stackView) find(typ, name string) (target, bool) {
	for _, r := range s.resources {
		if r.Type == typ && r.Name == name {
			return r, true
		}
	}
	return target{}, false
}

// component names the nearest of our components (platform:*) above r, "" at the top level: the
// attribution the cost model and the offline plan make.
func (s *stackView) component(r *target) string {
	for p, ok := s.byURN[r.Parent]; ok; p, ok = s.byURN[p.Parent] {
		if strings.HasPrefix(p.Type, "platform:") {
			return p.Name
		}
	}
	return ""
}
