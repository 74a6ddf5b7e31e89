package offline

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type callFunc func(m *awsMocks, args pulumi.MockCallArgs) (resource.PropertyMap, error)

// invokes answers the data sources the program reads.
var invokes = map[string]callFunc{
	"aws:index/getAvailabilityZones:getAvailabilityZones": func(m *awsMocks, args pulumi.MockCallArgs) (resource.PropertyMap, error) {
		excluded := map[string]bool{}
		if v, ok := args.Args["excludeZoneIds"]; ok && v.IsArray() {
			for _, id := range v.ArrayValue() {
				excluded[id.StringValue()] = true
			}
		}
		var names, ids []resource.PropertyValue
		for i, z := range m.zones {
			id := zoneID(m.region, i)
			if excluded[id] {
				continue
			}
			names = append(names, resource.NewProperty(z))
			ids = append(ids, resource.NewProperty(id))
		}
		return resource.PropertyMap{
			"names": resource.NewProperty(names), "zoneIds": resource.NewProperty(ids),
			"id": resource.NewProperty(m.region), "state": resource.NewProperty("available"),
		}, nil
	},
	"aws:ec2/getVpc:getVpc": func(m *awsMocks, args pulumi.MockCallArgs) (resource.PropertyMap, error) {
		id := str(args.Args, "id")
		return resource.PropertyMap{
			"id": resource.NewProperty(id), "cidrBlock": resource.NewProperty("10.40.0.0/16"),
			"arn": resource.NewProperty(fmt.Sprintf("arn:aws:ec2:%s:%s:vpc/%s", m.region, Account, id)),
		}, nil
	},
	"aws:ec2/getSubnet:getSubnet": func(m *awsMocks, args pulumi.MockCallArgs) (resource.PropertyMap, error) {
		id := str(args.Args, "id")
		zone := m.zones[m.number(id, uint32(len(m.zones)))]
		return resource.PropertyMap{
			"id": resource.NewProperty(id), "availabilityZone": resource.NewProperty(zone),
			"vpcId": resource.NewProperty("vpc-" + m.hex(id)[:17]), "cidrBlock": resource.NewProperty("10.0.0.0/24"),
		}, nil
	},
	"aws:ec2/getAmi:getAmi": func(m *awsMocks, args pulumi.MockCallArgs) (resource.PropertyMap, error) {
		return resource.PropertyMap{
			"id": resource.NewProperty("ami-" + m.hex("ami")[:17]), "architecture": resource.NewProperty("x86_64"),
			"name": resource.NewProperty("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101"),
		}, nil
	},
	"aws:index/getCallerIdentity:getCallerIdentity": func(m *awsMocks, _ pulumi.MockCallArgs) (resource.PropertyMap, error) {
		return resource.PropertyMap{
			"accountId": resource.NewProperty(Account), "id": resource.NewProperty(Account),
			"arn": resource.NewProperty("arn:aws:iam::" + Account + ":user/offline"), "userId": resource.NewProperty("AIDAOFFLINE"),
		}, nil
	},
	"aws:index/getPartition:getPartition": func(m *awsMocks, _ pulumi.MockCallArgs) (resource.PropertyMap, error) {
		return resource.PropertyMap{"partition": resource.NewProperty("aws"), "dnsSuffix": resource.NewProperty("amazonaws.com"), "id": resource.NewProperty("aws")}, nil
	},
	"aws:index/getRegion:getRegion": func(m *awsMocks, _ pulumi.MockCallArgs) (resource.PropertyMap, error) {
		return resource.PropertyMap{"name": resource.NewProperty(m.region), "id": resource.NewProperty(m.region)}, nil
	},
}

// methods answers component methods (pulumi-eks's Cluster.getKubeconfig and the like).
var methods = map[string]callFunc{}
