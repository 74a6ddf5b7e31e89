package cost

import (
	"fmt"
	"slices"
	"testing"
)

// Resources priced alike share a line: quantity and amounts are summed, the names kept. A resource
// that differs in anything priced (its size, its component) gets a line of its own.
func TestLinesGroupResourcesPricedAlike(t *testing.T) {
	volume := func(name, component string, size int) Resource {
		return Resource{Type: "aws:ebs/volume:Volume", Name: name, Component: component, Inputs: props(t, map[string]any{"type": "gp2", "size": size})}
	}
	est, err := Price(testCatalog(t), testInputs, []Resource{
		volume("data-2", "ring", 100), volume("data-0", "ring", 100), volume("data-1", "ring", 100),
		volume("data-big", "ring", 300), volume("data-0", "other", 100),
	})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		component string
		resources []string
		quantity  float64
	}
	wants := []want{
		{"other", []string{"data-0"}, 100},
		{"ring", []string{"data-0", "data-1", "data-2"}, 300},
		{"ring", []string{"data-big"}, 300},
	}
	if len(est.Lines) != len(wants) {
		t.Fatalf("%d lines, want %d: %+v", len(est.Lines), len(wants), est.Lines)
	}
	total := 0.0
	for i, w := range wants {
		l := est.Lines[i]
		if l.Component != w.component || !slices.Equal(l.Resources, w.resources) || l.Count != len(w.resources) ||
			l.Quantity != w.quantity || !near(l.Monthly, w.quantity*l.UnitPrice) || !near(l.MaxMonthly, l.Monthly) {
			t.Errorf("line %d: %+v, want %s %v with %v GB-month", i, l, w.component, w.resources, w.quantity)
		}
		total += l.Monthly
	}
	if !near(est.Monthly, total) || !near(est.Components["ring"], 600*est.Lines[1].UnitPrice) {
		t.Errorf("monthly %.2f, components %v: the lines sum to %.2f", est.Monthly, est.Components, total)
	}
}

// What the catalog cannot price is grouped the same way: by type, component and reason.
func TestUnpricedGroupsResourcesAlike(t *testing.T) {
	instance := func(name, typ string) Resource {
		return Resource{Type: "aws:ec2/instance:Instance", Name: name, Component: "ring", Inputs: props(t, map[string]any{
			"instanceType": typ, "rootBlockDevice": map[string]any{"volumeSize": 8, "volumeType": "gp2"},
		})}
	}
	est, err := Price(testCatalog(t), testInputs, []Resource{
		instance("node-1", "x9.huge"), instance("node-0", "x9.huge"), instance("odd", "x8.huge"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(est.Unpriced) != 2 {
		t.Fatalf("unpriced %+v, want two entries", est.Unpriced)
	}
	for i, want := range [][]string{{"node-0", "node-1"}, {"odd"}} {
		u := est.Unpriced[i]
		if !slices.Equal(u.Resources, want) || u.Count != len(want) || u.Component != "ring" {
			t.Errorf("unpriced %d: %+v, want %v", i, u, want)
		}
	}
	if est.Lines[0].Count != 3 || est.Lines[0].Item != "gp2-storage" {
		t.Errorf("the root volumes are still priced, in one line: %+v", est.Lines)
	}
}

// A line's amounts are computed, not summed, so they stay exact for 1000 resources; a resource
// with two alike entries (a launch template's two equal volumes) counts once.
func TestGroupedAmountsAreExact(t *testing.T) {
	var resources []Resource
	for i := 0; i < 1000; i++ {
		resources = append(resources, Resource{Type: "aws:ebs/volume:Volume", Name: fmt.Sprintf("data-%d", i), Component: "ring",
			Inputs: props(t, map[string]any{"type": "gp2", "size": 100})})
	}
	resources = append(resources,
		Resource{Type: "eks:index:ManagedNodeGroup", Name: "ng", Component: "cluster", Inputs: props(t, map[string]any{
			"instanceTypes": []any{"m5.xlarge"}, "scalingConfig": map[string]any{"minSize": 2, "desiredSize": 2, "maxSize": 2},
			"launchTemplate": map[string]any{"name": "ng-lt"},
		})},
		Resource{Type: "aws:ec2/launchTemplate:LaunchTemplate", Name: "ng-lt", Component: "cluster", Inputs: props(t, map[string]any{
			"name": "ng-lt", "blockDeviceMappings": []any{
				map[string]any{"ebs": map[string]any{"volumeSize": 50, "volumeType": "gp3"}},
				map[string]any{"ebs": map[string]any{"volumeSize": 50, "volumeType": "gp3"}},
			},
		})})
	est, err := Price(testCatalog(t), testInputs, resources)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range est.Lines {
		if l.Monthly != l.UnitPrice*l.Quantity || l.Hourly != l.Monthly/HoursPerMonth {
			t.Errorf("%s %s: monthly %v, hourly %v: not unit price × quantity %v", l.Service, l.Item, l.Monthly, l.Hourly, l.Quantity)
		}
		switch {
		case l.Item == "gp2-storage" && (l.Count != 1000 || l.Quantity != 100000):
			t.Errorf("data volumes: %d resources, %v GB-month; want 1000 and 100000", l.Count, l.Quantity)
		case l.Item == "gp3-storage" && (l.Count != 1 || !slices.Equal(l.Resources, []string{"ng"}) || l.Quantity != 200):
			t.Errorf("node volumes: %+v; want ng once, 2 volumes × 2 nodes × 50 GB", l)
		}
	}
}
