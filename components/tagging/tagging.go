// Package tagging builds the AWS tags of each resource: the stack's common tags plus a Name.
package tagging

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Named returns the common tags with Name set, and any extra tags on top.
func Named(common map[string]string, name string, extra ...map[string]string) pulumi.StringMap {
	tags := make(pulumi.StringMap, len(common)+1)
	for k, v := range common {
		tags[k] = pulumi.String(v)
	}
	tags["Name"] = pulumi.String(name)
	for _, e := range extra {
		for k, v := range e {
			tags[k] = pulumi.String(v)
		}
	}
	return tags
}
