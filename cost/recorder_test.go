package cost

import (
	"reflect"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type roleResource struct{ pulumi.CustomResourceState }

type groupArgs struct {
	Name  pulumi.StringInput `pulumi:"name"`
	Size  pulumi.IntInput    `pulumi:"size"`
	Roles []pulumi.Resource  `pulumi:"roles"`
	Owner pulumi.Resource    `pulumi:"owner"`
	ID    pulumi.IDInput     `pulumi:"id"`
}

// Plain values are kept, outputs become unknown, and a resource passed as an input is left out:
// its state is the SDK's, written by its goroutines while the program runs, and pricing reads
// none.
func TestRecordedInputs(t *testing.T) {
	v, ok := toProperty(reflect.ValueOf(groupArgs{
		Name: pulumi.String("workers"), Size: pulumi.Int(3),
		Roles: []pulumi.Resource{&roleResource{}}, Owner: &roleResource{},
		ID: pulumi.ID("x").ToIDOutput(),
	}))
	if !ok || !v.IsObject() {
		t.Fatalf("got %v", v)
	}
	want := resource.PropertyMap{
		"name":  resource.NewProperty("workers"),
		"size":  resource.NewProperty(3.0),
		"roles": resource.NewProperty([]resource.PropertyValue{}),
		"id":    resource.MakeComputed(resource.NewProperty("")),
	}
	if got := v.ObjectValue(); !got.DeepEquals(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
