package stacks_test

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"gopkg.in/yaml.v3"

	"github.com/platform-team/platform/components/cassandra"
	"github.com/platform-team/platform/cost"
	"github.com/platform-team/platform/offline"
)

const (
	cassInstanceType   = "aws:ec2/instance:Instance"
	cassENIType        = "aws:ec2/networkInterface:NetworkInterface"
	cassVolumeType     = "aws:ebs/volume:Volume"
	cassAttachmentType = "aws:ec2/volumeAttachment:VolumeAttachment"
	cassAlarmType      = "aws:cloudwatch/metricAlarm:MetricAlarm"
	cassSGType         = "aws:ec2/securityGroup:SecurityGroup"
	cassIngressType    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	cassEgressType     = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
)

// cassandraNode is what one Cassandra node registered.
type cassandraNode struct {
	index                             int
	instance, eni, volume, attachment offline.Resource
	zone                              string // the zone of the interface's subnet
	ip                                string // the interface's address
}

// cassandraRing is what one run registered for the Cassandra tier.
type cassandraRing struct {
	res      *offline.Result
	name     string // the component's name, platform-<stack>-cassandra
	nodes    []cassandraNode
	sg       offline.Resource
	endpoint map[string]any
}

func runCassandra(t testing.TB, stack string, sets ...string) cassandraRing {
	t.Helper()
	return readRing(t, mustRun(t, stack, sets...), stack)
}

func readRing(t testing.TB, res *offline.Result, stack string) cassandraRing {
	t.Helper()
	type key struct{ typ, name string }
	byName := make(map[key]offline.Resource, len(res.Resources))
	for _, r := range res.Resources {
		byName[key{r.Type, r.Name}] = r
	}
	zoneOf := map[string]string{}
	for _, s := range res.ByType("aws:ec2/subnet:Subnet") {
		zoneOf[s.ID] = s.Inputs["availabilityZone"].StringValue()
	}
	ring := cassandraRing{res: res, name: "platform-" + stack + "-cassandra"}
	sg, ok := byName[key{cassSGType, ring.name}]
	if !ok {
		t.Fatalf("no security group %s", ring.name)
	}
	ring.sg = sg
	for i := 0; ; i++ {
		name := fmt.Sprintf("%s-node-%d", ring.name, i)
		instance, ok := byName[key{cassInstanceType, name}]
		if !ok {
			break
		}
		n := cassandraNode{index: i, instance: instance}
		for _, part := range []struct {
			into *offline.Resource
			typ  string
			name string
		}{
			{&n.eni, cassENIType, name + "-eni"},
			{&n.volume, cassVolumeType, name + "-data"},
			{&n.attachment, cassAttachmentType, name + "-data"},
		} {
			if *part.into, ok = byName[key{part.typ, part.name}]; !ok {
				t.Fatalf("node %d: no %s %s", i, part.typ, part.name)
			}
		}
		n.zone = zoneOf[n.eni.Inputs["subnetId"].StringValue()]
		n.ip = n.eni.Outputs["privateIp"].StringValue()
		ring.nodes = append(ring.nodes, n)
	}
	if got := len(res.ByType(cassInstanceType)); got != len(ring.nodes) {
		t.Fatalf("%d instances registered, %d of them named as nodes", got, len(ring.nodes))
	}
	endpoints, _ := res.Outputs["endpoints"].Value.(map[string]any)
	ring.endpoint, _ = endpoints["cassandra"].(map[string]any)
	return ring
}

// seeds are the seed addresses the endpoints output lists.
func (r cassandraRing) seeds(t testing.TB) []string {
	t.Helper()
	return r.addresses(t, "seeds")
}

// addresses reads a list of addresses from endpoints.cassandra.
func (r cassandraRing) addresses(t testing.TB, key string) []string {
	t.Helper()
	switch v := r.endpoint[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, len(v))
		for i, s := range v {
			out[i], _ = s.(string)
		}
		return out
	}
	t.Fatalf("endpoints.cassandra.%s = %#v, want a list of addresses", key, r.endpoint[key])
	return nil
}

// nodeFiles are the files a node's cloud-config writes, by path.
func nodeFiles(t *testing.T, n cassandraNode) (map[string]string, []string) {
	t.Helper()
	userData := n.instance.Inputs["userData"].StringValue()
	if !strings.HasPrefix(userData, "#cloud-config\n") {
		t.Fatalf("node %d: user data is not a cloud-config:\n%.200s", n.index, userData)
	}
	var doc struct {
		WriteFiles []struct {
			Path        string `yaml:"path"`
			Permissions string `yaml:"permissions"`
			Content     string `yaml:"content"`
		} `yaml:"write_files"`
		RunCmd []string `yaml:"runcmd"`
	}
	if err := yaml.Unmarshal([]byte(userData), &doc); err != nil {
		t.Fatalf("node %d: user data does not parse as YAML: %v", n.index, err)
	}
	files := map[string]string{}
	for _, f := range doc.WriteFiles {
		files[f.Path] = f.Content
	}
	return files, doc.RunCmd
}

// Nodes go round-robin over the zones: every zone is a rack, rack sizes differ by at most one,
// and each node's interface, data volume and rack tag agree on its zone.
func TestCassandraNodesBalancedOverRacks(t *testing.T) {
	cases := []struct {
		stack     string
		sets      []string
		nodes     int
		zones     int
		rackSizes []int
	}{
		{"dev", nil, 3, 2, []int{2, 1}},
		{"prod", nil, 6, 3, []int{2, 2, 2}},
		{"prod", []string{"cassandra.nodeCount=10"}, 10, 3, []int{4, 3, 3}},
		{"staging", []string{"cassandra.nodeCount=22", "network.azCount=5", "network.natGateways=single"}, 22, 5, []int{5, 5, 4, 4, 4}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s-%d", c.stack, c.nodes), func(t *testing.T) {
			ring := runCassandra(t, c.stack, c.sets...)
			if len(ring.nodes) != c.nodes {
				t.Fatalf("%d nodes, want %d", len(ring.nodes), c.nodes)
			}
			perZone := map[string]int{}
			var zoneOrder []string
			for _, n := range ring.nodes {
				if n.zone == "" {
					t.Fatalf("node %d: interface subnet %v is not a subnet of the stack", n.index, n.eni.Inputs["subnetId"])
				}
				if perZone[n.zone] == 0 {
					zoneOrder = append(zoneOrder, n.zone)
				}
				perZone[n.zone]++
				if az := n.volume.Inputs["availabilityZone"].StringValue(); az != n.zone {
					t.Errorf("node %d: data volume in %s, interface in %s", n.index, az, n.zone)
				}
				if rack := n.instance.Inputs["tags"].ObjectValue()["CassandraRack"].StringValue(); rack != n.zone {
					t.Errorf("node %d: CassandraRack tag %s, zone %s", n.index, rack, n.zone)
				}
				if want := zoneOrder[n.index%c.zones]; n.zone != want {
					t.Errorf("node %d in %s, want %s (node i goes to zone i mod %d)", n.index, n.zone, want, c.zones)
				}
			}
			sizes := make([]int, len(zoneOrder))
			for i, z := range zoneOrder {
				sizes[i] = perZone[z]
			}
			if !slices.Equal(sizes, c.rackSizes) {
				t.Errorf("rack sizes %v (zones %v), want %v", sizes, zoneOrder, c.rackSizes)
			}
		})
	}
}

// Seeds are the lowest-index nodes of each rack: seedsPerRack in every rack, and the same
// seeds after the ring grows.
func TestCassandraSeedsStableAndSpread(t *testing.T) {
	for _, perRack := range []int{1, 2} {
		t.Run(fmt.Sprintf("seedsPerRack=%d", perRack), func(t *testing.T) {
			small := runCassandra(t, "prod", "cassandra.nodeCount=6", fmt.Sprintf("cassandra.seedsPerRack=%d", perRack))
			grown := runCassandra(t, "prod", "cassandra.nodeCount=9", fmt.Sprintf("cassandra.seedsPerRack=%d", perRack))
			seeds := small.seeds(t)
			if !slices.Equal(seeds, grown.seeds(t)) {
				t.Fatalf("seeds changed when the ring grew from 6 to 9 nodes: %v → %v", seeds, grown.seeds(t))
			}
			perZone := map[string]int{}
			for _, n := range small.nodes {
				isSeed := slices.Contains(seeds, n.ip)
				if isSeed {
					perZone[n.zone]++
				}
				if wantSeed := n.index < 3*perRack; isSeed != wantSeed {
					t.Errorf("node %d (%s): seed %v, want %v", n.index, n.ip, isSeed, wantSeed)
				}
				if tag := n.instance.Inputs["tags"].ObjectValue()["CassandraSeed"].StringValue(); tag != fmt.Sprint(isSeed) {
					t.Errorf("node %d: CassandraSeed tag %s, seed %v", n.index, tag, isSeed)
				}
			}
			if len(seeds) != 3*perRack || len(perZone) != 3 {
				t.Fatalf("%d seeds over %d racks, want %d over 3", len(seeds), len(perZone), 3*perRack)
			}
			for zone, count := range perZone {
				if count != perRack {
					t.Errorf("rack %s has %d seeds, want %d", zone, count, perRack)
				}
			}
		})
	}
}

// Data lives on a separate encrypted gp3 volume per node, attached, never on the instance's own
// block devices; the instance runs on its own interface with IMDSv2 and no public address.
func TestCassandraVolumesSeparateAndEncrypted(t *testing.T) {
	ring := runCassandra(t, "prod")
	if len(ring.res.ByType(cassVolumeType)) != len(ring.nodes) || len(ring.res.ByType(cassAttachmentType)) != len(ring.nodes) {
		t.Fatalf("%d volumes and %d attachments for %d nodes", len(ring.res.ByType(cassVolumeType)),
			len(ring.res.ByType(cassAttachmentType)), len(ring.nodes))
	}
	for _, n := range ring.nodes {
		v := n.volume.Inputs
		if !v["encrypted"].BoolValue() || v["type"].StringValue() != "gp3" ||
			v["size"].NumberValue() != 1000 || v["iops"].NumberValue() != 6000 || v["throughput"].NumberValue() != 250 {
			t.Errorf("node %d: data volume %v, want encrypted gp3 of 1000 GiB, 6000 IOPS, 250 MiB/s", n.index, v)
		}
		a := n.attachment.Inputs
		if a["volumeId"].StringValue() != n.volume.ID || a["instanceId"].StringValue() != n.instance.ID ||
			a["deviceName"].StringValue() != "/dev/sdf" || !a["stopInstanceBeforeDetaching"].BoolValue() {
			t.Errorf("node %d: attachment %v does not attach %s to %s at /dev/sdf stopping first", n.index, a, n.volume.ID, n.instance.ID)
		}
		in := n.instance.Inputs
		for _, k := range []resource.PropertyKey{"ebsBlockDevices", "subnetId", "associatePublicIpAddress", "vpcSecurityGroupIds"} {
			if v, ok := in[k]; ok && !v.IsNull() {
				t.Errorf("node %d: instance sets %s = %v; the interface and the volume carry those", n.index, k, v)
			}
		}
		root := in["rootBlockDevice"].ObjectValue()
		if !root["encrypted"].BoolValue() || root["volumeType"].StringValue() != "gp3" {
			t.Errorf("node %d: root device %v, want encrypted gp3", n.index, root)
		}
		if tokens := in["metadataOptions"].ObjectValue()["httpTokens"].StringValue(); tokens != "required" {
			t.Errorf("node %d: httpTokens %q, want required (IMDSv2)", n.index, tokens)
		}
		nics := in["networkInterfaces"].ArrayValue()
		if len(nics) != 1 || nics[0].ObjectValue()["networkInterfaceId"].StringValue() != n.eni.ID ||
			nics[0].ObjectValue()["deviceIndex"].NumberValue() != 0 {
			t.Errorf("node %d: network interfaces %v, want %s at device index 0", n.index, nics, n.eni.ID)
		}
		if in["iamInstanceProfile"].StringValue() == "" {
			t.Errorf("node %d: no instance profile (SSM needs one)", n.index)
		}
		// The newest Ubuntu image at creation; a later release must not replace the nodes.
		if !slices.Equal(n.instance.IgnoreChanges, []string{"ami"}) {
			t.Errorf("node %d: ignoreChanges %v, want [ami]", n.index, n.instance.IgnoreChanges)
		}
	}
}

// A pinned image is used as is and changing it rolls the nodes: no ignoreChanges.
func TestCassandraPinnedImage(t *testing.T) {
	ring := runCassandra(t, "dev", "cassandra.amiId=ami-0123456789abcdef0")
	for _, n := range ring.nodes {
		if ami := n.instance.Inputs["ami"].StringValue(); ami != "ami-0123456789abcdef0" || len(n.instance.IgnoreChanges) != 0 {
			t.Errorf("node %d: ami %s ignoreChanges %v, want the pinned image, nothing ignored", n.index, ami, n.instance.IgnoreChanges)
		}
	}
}

// Each node's cloud-config holds a cassandra.yaml fragment that is real YAML with the ring's
// settings, the rack file, and the install from the Apache repository at the configured series.
func TestCassandraUserDataRendersConfig(t *testing.T) {
	cases := []struct {
		stack, version, series string
		clusterName            string
		sets                   []string
	}{
		{"prod", "5.0", "50x", "platform-prod", nil},
		{"dev", "4.1", "41x", "orders", []string{`cassandra.version="4.1"`, "cassandra.clusterName=orders", "cassandra.numTokens=8"}},
		{"staging", "4.0", "40x", "platform-staging", []string{`cassandra.version="4.0"`}},
	}
	for _, c := range cases {
		t.Run(c.stack+"-"+c.version, func(t *testing.T) {
			ring := runCassandra(t, c.stack, c.sets...)
			seeds := strings.Join(ring.seeds(t), ",")
			wantTokens := 16
			if c.stack == "dev" {
				wantTokens = 8
			}
			for _, n := range ring.nodes {
				if size := len(n.instance.Inputs["userData"].StringValue()); size > 16*1024 {
					t.Errorf("node %d: user data is %d bytes, EC2 allows 16 KiB", n.index, size)
				}
				files, runcmd := nodeFiles(t, n)
				var conf map[string]any
				if err := yaml.Unmarshal([]byte(files[cassandra.FragmentPath]), &conf); err != nil || conf == nil {
					t.Fatalf("node %d: %s is not a YAML document (%v):\n%s", n.index, cassandra.FragmentPath, err, files[cassandra.FragmentPath])
				}
				provider := conf["seed_provider"].([]any)[0].(map[string]any)
				gotSeeds := provider["parameters"].([]any)[0].(map[string]any)["seeds"]
				want := map[string]any{
					"cluster_name":           c.clusterName,
					"listen_address":         n.ip,
					"rpc_address":            n.ip,
					"endpoint_snitch":        "GossipingPropertyFileSnitch",
					"num_tokens":             wantTokens,
					"commitlog_directory":    "/var/lib/cassandra/commitlog",
					"hints_directory":        "/var/lib/cassandra/hints",
					"saved_caches_directory": "/var/lib/cassandra/saved_caches",
					"authenticator":          "PasswordAuthenticator",
					"authorizer":             "CassandraAuthorizer",
				}
				for k, v := range want {
					if conf[k] != v {
						t.Errorf("node %d: %s = %v, want %v", n.index, k, conf[k], v)
					}
				}
				if gotSeeds != seeds || provider["class_name"] != "org.apache.cassandra.locator.SimpleSeedProvider" {
					t.Errorf("node %d: seed provider %v, want SimpleSeedProvider with seeds %q", n.index, provider, seeds)
				}
				if dirs := fmt.Sprint(conf["data_file_directories"]); dirs != "[/var/lib/cassandra/data]" {
					t.Errorf("node %d: data_file_directories %s", n.index, dirs)
				}
				rackdc := files[cassandra.RackDCPath]
				if want := fmt.Sprintf("dc=us-east-1\nrack=%s\n", n.zone); rackdc != want {
					t.Errorf("node %d: rackdc %q, want %q", n.index, rackdc, want)
				}
				script := files["/usr/local/sbin/cassandra-bootstrap"]
				for _, want := range []string{
					"https://debian.cassandra.apache.org " + c.series + " main",
					"https://downloads.apache.org/cassandra/KEYS",
					"volume_id='" + n.volume.ID + "'",
					"mkfs.xfs",
					"UUID=$uuid $data_dir xfs defaults,noatime,nofail",
					"systemctl enable --now cassandra",
				} {
					if !strings.Contains(script, want) {
						t.Errorf("node %d: bootstrap script lacks %q", n.index, want)
					}
				}
				if !slices.Equal(runcmd, []string{"/usr/local/sbin/cassandra-bootstrap"}) {
					t.Errorf("node %d: runcmd %v", n.index, runcmd)
				}
			}
		})
	}
}

// Prod protects the data volumes (and retains them) and the instances: a change that would
// replace every node at once stops at the first protected one instead.
func TestCassandraProdProtectsDataVolumes(t *testing.T) {
	for stack, want := range map[string]bool{"prod": true, "dev": false} {
		for _, n := range runCassandra(t, stack).nodes {
			if n.volume.Protect != want || n.volume.RetainOnDelete != want {
				t.Errorf("%s node %d: data volume protect %v retainOnDelete %v, want %v", stack, n.index,
					n.volume.Protect, n.volume.RetainOnDelete, want)
			}
			if n.instance.Protect != want {
				t.Errorf("%s node %d: instance protect %v, want %v", stack, n.index, n.instance.Protect, want)
			}
		}
	}
}

// New user data replaces a node (cloud-init applies user data once per instance): a stop and
// start in place would keep the old configuration.
func TestCassandraUserDataChangeReplaces(t *testing.T) {
	for _, n := range runCassandra(t, "dev").nodes {
		if !boolInput(n.instance, "userDataReplaceOnChange") {
			t.Errorf("node %d: userDataReplaceOnChange %v, want true", n.index, n.instance.Inputs["userDataReplaceOnChange"])
		}
	}
}

// The security group holds exactly: storage 7000 from the nodes themselves, CQL 9042 from the EKS
// nodes, no SSH, no JMX, all egress.
func TestCassandraSecurityGroupRulesExact(t *testing.T) {
	ring := runCassandra(t, "prod")
	sgID := ring.sg.ID
	client := nodeSecurityGroupID(t, ring.res)
	want := []string{
		"tcp 7000-7000 from " + sgID,
		"tcp 9042-9042 from " + client,
	}
	rule := func(r offline.Resource) string {
		in := r.Inputs
		var source string
		for _, k := range []resource.PropertyKey{"referencedSecurityGroupId", "cidrIpv4", "cidrIpv6", "prefixListId"} {
			if v, ok := in[k]; ok && v.IsString() {
				source += v.StringValue()
			}
		}
		if in["ipProtocol"].StringValue() == "-1" {
			return "all to " + source
		}
		return fmt.Sprintf("%s %v-%v from %s", in["ipProtocol"].StringValue(), in["fromPort"].NumberValue(), in["toPort"].NumberValue(), source)
	}
	var ingress, egress []string
	for _, r := range ring.res.ByType(cassIngressType) {
		if r.Inputs["securityGroupId"].StringValue() == sgID {
			ingress = append(ingress, rule(r))
		}
	}
	for _, r := range ring.res.ByType(cassEgressType) {
		if r.Inputs["securityGroupId"].StringValue() == sgID {
			egress = append(egress, rule(r))
		}
	}
	slices.Sort(ingress)
	if !slices.Equal(ingress, want) {
		t.Errorf("ingress rules:\n  %s\nwant:\n  %s", strings.Join(ingress, "\n  "), strings.Join(want, "\n  "))
	}
	if !slices.Equal(egress, []string{"all to 0.0.0.0/0"}) {
		t.Errorf("egress rules %v, want all to 0.0.0.0/0", egress)
	}
	if in := ring.sg.Inputs; in["ingress"].IsArray() && len(in["ingress"].ArrayValue()) > 0 {
		t.Errorf("security group has inline ingress %v besides the rule resources", in["ingress"])
	}
	for _, n := range ring.nodes {
		groups := n.eni.Inputs["securityGroups"].ArrayValue()
		if len(groups) != 1 || groups[0].StringValue() != sgID {
			t.Errorf("node %d: interface security groups %v, want [%s]", n.index, groups, sgID)
		}
	}
}

// Every node has a status-check alarm that recovers it and one that reboots it.
func TestCassandraStatusAlarms(t *testing.T) {
	ring := runCassandra(t, "staging")
	alarms := map[string]offline.Resource{}
	for _, a := range ring.res.ByType(cassAlarmType) {
		alarms[a.Name] = a
	}
	for _, n := range ring.nodes {
		for suffix, want := range map[string][2]string{
			"-system-recover":  {"StatusCheckFailed_System", "arn:aws:automate:us-east-1:ec2:recover"},
			"-instance-reboot": {"StatusCheckFailed_Instance", "arn:aws:automate:us-east-1:ec2:reboot"},
		} {
			a, ok := alarms[n.instance.Name+suffix]
			if !ok {
				t.Errorf("node %d: no alarm %s", n.index, n.instance.Name+suffix)
				continue
			}
			in := a.Inputs
			actions := in["alarmActions"].ArrayValue() // the EC2 action, then the alarm topic (monitoring_test.go)
			if in["metricName"].StringValue() != want[0] || in["namespace"].StringValue() != "AWS/EC2" ||
				in["dimensions"].ObjectValue()["InstanceId"].StringValue() != n.instance.ID ||
				len(actions) != 2 || actions[0].StringValue() != want[1] {
				t.Errorf("node %d: alarm %s = %v, want %s on %s → %s", n.index, a.Name, in, want[0], n.instance.ID, want[1])
			}
		}
	}
}

// endpoints.cassandra lists every node's address, the seeds, the datacenter and the CQL port.
func TestCassandraEndpoints(t *testing.T) {
	ring := runCassandra(t, "prod")
	points := ring.addresses(t, "contactPoints")
	if len(points) != len(ring.nodes) {
		t.Fatalf("%d contact points for %d nodes: %v", len(points), len(ring.nodes), ring.endpoint)
	}
	for i, n := range ring.nodes {
		if points[i] != n.ip {
			t.Errorf("contact point %d = %v, want node %d's address %s", i, points[i], n.index, n.ip)
		}
	}
	if ring.endpoint["datacenter"] != "us-east-1" || fmt.Sprint(ring.endpoint["port"]) != "9042" {
		t.Errorf("datacenter %v port %v, want us-east-1 and 9042", ring.endpoint["datacenter"], ring.endpoint["port"])
	}
}

// Cassandra does not autoscale: nodes are added on purpose, by raising nodeCount. Growing the
// ring by 3 adds 3 nodes' resources, leaves every existing resource as it was (inputs and
// options; the dashboard graphs every node, so it changes by design), keeps each node in its
// zone at its address, and places the new nodes so that the racks stay balanced.
func TestCassandraGrowingKeepsExistingNodes(t *testing.T) {
	for _, c := range []struct {
		stack string
		from  int
	}{{"prod", 6}, {"dev", 3}} { // 3 zones, evenly filled; 2 zones, one rack a node ahead
		small := mustRun(t, c.stack, fmt.Sprintf("cassandra.nodeCount=%d", c.from))
		grown := mustRun(t, c.stack, fmt.Sprintf("cassandra.nodeCount=%d", c.from+3))
		after := make(map[string]offline.Resource, len(grown.Resources))
		for _, r := range grown.Resources {
			after[r.URN] = r
		}
		for _, before := range small.Resources {
			if before.Type == "aws:cloudwatch/dashboard:Dashboard" {
				continue
			}
			r, ok := after[before.URN]
			switch {
			case !ok:
				t.Errorf("%s: %s is gone after growing", c.stack, before.URN)
			case !before.Inputs.DeepEquals(r.Inputs):
				t.Errorf("%s: %s %s: inputs changed after growing:\n  before %v\n  after  %v", c.stack, r.Type, r.Name, before.Inputs, r.Inputs)
			case before.Protect != r.Protect || before.RetainOnDelete != r.RetainOnDelete || !slices.Equal(before.IgnoreChanges, r.IgnoreChanges):
				t.Errorf("%s: %s %s: options changed after growing", c.stack, r.Type, r.Name)
			}
		}
		// Per node: interface, volume, instance, attachment and two alarms.
		if added := len(grown.Resources) - len(small.Resources); added != 3*6 {
			t.Errorf("%s: growing by 3 nodes added %d resources, want 18", c.stack, added)
		}

		before, now := readRing(t, small, c.stack), readRing(t, grown, c.stack)
		if len(now.nodes) != c.from+3 {
			t.Fatalf("%s: %d nodes after growing from %d by 3", c.stack, len(now.nodes), c.from)
		}
		for i, old := range before.nodes {
			if n := now.nodes[i]; n.zone != old.zone || n.ip != old.ip {
				t.Errorf("%s: node %d moved from %s/%s to %s/%s", c.stack, i, old.zone, old.ip, n.zone, n.ip)
			}
		}
		perZone := map[string]int{}
		for _, n := range now.nodes {
			perZone[n.zone]++
		}
		lo, hi := math.MaxInt, 0
		for _, count := range perZone {
			lo, hi = min(lo, count), max(hi, count)
		}
		if hi-lo > 1 {
			t.Errorf("%s: racks after growing %v differ by more than one node", c.stack, perZone)
		}
		for _, n := range now.nodes[c.from:] {
			if n.volume.Protect != (c.stack == "prod") || !boolInput(n.volume, "encrypted") {
				t.Errorf("%s: new node %d's data volume protected %v encrypted %v", c.stack, n.index, n.volume.Protect, boolInput(n.volume, "encrypted"))
			}
		}
	}
}

// Bad Cassandra config fails before anything is registered, naming the key.
func TestCassandraBadConfigRegistersNothing(t *testing.T) {
	errs := badConfig(t, "prod", "cassandra.replicationFactor=4")
	if !slices.Contains(errs.Keys(), "platform:cassandra.replicationFactor") {
		t.Errorf("problems %v lack platform:cassandra.replicationFactor", errs.Keys())
	}
}

// The seed's largest ring, 1000 nodes over 3 racks, runs on the mock engine: every node placed,
// every address distinct, the racks balanced.
func TestCassandraThousandNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("1000-node ring in -short mode")
	}
	ring := runCassandra(t, "prod", "cassandra.nodeCount=1000")
	if len(ring.nodes) != 1000 {
		t.Fatalf("%d nodes, want 1000", len(ring.nodes))
	}
	addresses := map[string]bool{}
	perZone := map[string]int{}
	for _, n := range ring.nodes {
		addresses[n.ip] = true
		perZone[n.zone]++
	}
	if len(addresses) != 1000 {
		t.Errorf("%d distinct addresses for 1000 nodes", len(addresses))
	}
	for zone, count := range perZone {
		if count < 333 || count > 334 {
			t.Errorf("rack %s holds %d nodes, want 333 or 334", zone, count)
		}
	}
	components := ring.res.ByType("platform:cassandra:Cassandra")
	if len(components) != 1 {
		t.Fatalf("%d Cassandra components, want 1", len(components))
	}
	children := 0
	for _, r := range ring.res.Resources {
		if r.Parent == components[0].URN {
			children++
		}
	}
	// Per node: interface, data volume, instance, attachment, two alarms. Shared: the security
	// group with 2 ingress and 1 egress rules, the role, its policy attachment, the profile, the
	// host settings association, the snapshot policy with its role, the role's policy, the alarm
	// on failed snapshots, and the event rules (each with its target and an alarm on failed
	// deliveries) on the policy's error state and on failed host settings.
	if want := 6*1000 + 18; children != want {
		t.Errorf("the ring registered %d resources, want %d", children, want)
	}
	t.Logf("1000-node prod stack: %d resources registered, %d of them the ring's", len(ring.res.Resources), children)
}

// The host settings reach every node of the ring and only its nodes (the association's tag
// targets match the tags each instance carries), keep needrestart from restarting Cassandra after
// security upgrades, and grow the data volume's filesystem, on a schedule.
func TestCassandraHostSettings(t *testing.T) {
	ring := runCassandra(t, "staging")
	assocs := ring.res.ByType("aws:ssm/association:Association")
	if len(assocs) != 1 {
		t.Fatalf("%d SSM associations, want 1", len(assocs))
	}
	a := assocs[0].Inputs
	if a["name"].StringValue() != "AWS-RunShellScript" || a["scheduleExpression"].StringValue() != "rate(30 minutes)" ||
		a["maxErrors"].StringValue() != "100%" {
		t.Errorf("association %v", a)
	}
	script := a["parameters"].ObjectValue()["commands"].StringValue()
	for _, want := range []string{
		`printf '%s\n' '$nrconf{override_rc}{qr(^cassandra\.service$)} = 0;' >/etc/needrestart/conf.d/90-cassandra.conf`,
		"mountpoint -q /var/lib/cassandra",
		"xfs_growfs /var/lib/cassandra",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("host settings script lacks %q", want)
		}
	}
	// A node where they fail reaches the alarm topic.
	rule := mustFind(t, ring.res, "aws:cloudwatch/eventRule:EventRule", ring.name+"-host-settings-failed")
	wantPattern := `{"detail":{"association-id":["` + assocs[0].Outputs["associationId"].StringValue() +
		`"],"status":["Failed"]},"detail-type":["EC2 State Manager Instance Association State Change"],"source":["aws.ssm"]}`
	if got := rule.Inputs["eventPattern"].StringValue(); got != wantPattern || assocs[0].Outputs["associationId"].StringValue() == "" {
		t.Errorf("host settings rule pattern %s, want %s", got, wantPattern)
	}
	send := mustFind(t, ring.res, "aws:cloudwatch/eventTarget:EventTarget", ring.name+"-host-settings-failed")
	if send.Inputs["rule"].StringValue() != rule.Inputs["name"].StringValue() || !strings.Contains(send.Inputs["arn"].StringValue(), ":sns:") {
		t.Errorf("host settings rule sends to %v", send.Inputs)
	}
	targets := a["targets"].ArrayValue()
	if len(targets) != 2 {
		t.Fatalf("targets %v, want the cluster and datacenter tags", targets)
	}
	for _, n := range ring.nodes {
		tags := n.instance.Inputs["tags"].ObjectValue()
		for _, target := range targets {
			key, values := target.ObjectValue()["key"].StringValue(), target.ObjectValue()["values"].ArrayValue()
			tag, ok := strings.CutPrefix(key, "tag:")
			if !ok || len(values) != 1 || tags[resource.PropertyKey(tag)].StringValue() != values[0].StringValue() {
				t.Errorf("node %d (tags %v) is not a target of %s = %v", n.index, tags, key, values)
			}
		}
	}
	// Another stack's ring (another datacenter) is not.
	other := runCassandra(t, "staging", "aws:region=us-west-2", "loadBalancer.certificateArn=")
	otherTags := other.nodes[0].instance.Inputs["tags"].ObjectValue()
	if otherTags["CassandraDatacenter"].StringValue() == targets[1].ObjectValue()["values"].ArrayValue()[0].StringValue() {
		t.Errorf("a ring in another region carries the same datacenter tag %v", otherTags["CassandraDatacenter"])
	}
}

// Daily snapshots target the ring's data volumes, not the nodes' root volumes (DLM snapshots
// every volume that carries any of its target tags), with the configured time and retention,
// through a role DLM can assume; a failed snapshot raises an alarm; the estimate prices them.
// Off, nothing is created.
func TestCassandraSnapshots(t *testing.T) {
	ring := runCassandra(t, "prod")
	policy := mustFind(t, ring.res, "aws:dlm/lifecyclePolicy:LifecyclePolicy", ring.name+"-snapshots")
	details := policy.Inputs["policyDetails"].ObjectValue()
	schedule := details["schedules"].ArrayValue()[0].ObjectValue()
	create, retain := schedule["createRule"].ObjectValue(), schedule["retainRule"].ObjectValue()
	if policy.Inputs["state"].StringValue() != "ENABLED" || details["policyType"].StringValue() != "EBS_SNAPSHOT_MANAGEMENT" ||
		create["interval"].NumberValue() != 24 || create["intervalUnit"].StringValue() != "HOURS" || create["times"].StringValue() != "03:00" ||
		retain["count"].NumberValue() != 14 || !schedule["copyTags"].BoolValue() {
		t.Errorf("snapshot policy %v", policy.Inputs)
	}
	role := mustFind(t, ring.res, "aws:iam/role:Role", ring.name+"-snapshots")
	if policy.Inputs["executionRoleArn"].StringValue() != role.Outputs["arn"].StringValue() ||
		!strings.Contains(role.Inputs["assumeRolePolicy"].StringValue(), `"Service": "dlm.amazonaws.com"`) {
		t.Errorf("snapshot policy runs as %v, role trusts %s", policy.Inputs["executionRoleArn"], role.Inputs["assumeRolePolicy"].StringValue())
	}
	attached := mustFind(t, ring.res, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", ring.name+"-snapshots")
	if attached.Inputs["policyArn"].StringValue() != "arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole" ||
		!slices.Contains(policy.DependsOn, attached.URN) {
		t.Errorf("snapshot role policy %v, policy depends on %v", attached.Inputs, policy.DependsOn)
	}
	targets := details["targetTags"].ObjectValue()
	targeted := func(r offline.Resource) bool {
		tags := r.Inputs["tags"].ObjectValue()
		for k, v := range targets {
			if tags[k].IsString() && tags[k].StringValue() == v.StringValue() {
				return true
			}
		}
		return false
	}
	var dataGiB float64
	for _, n := range ring.nodes {
		if !targeted(n.volume) {
			t.Errorf("data volume %s is not targeted", n.volume.Name)
		}
		dataGiB += n.volume.Inputs["size"].NumberValue()
		// DLM matches a volume's own tags: the root volume's come from rootBlockDevice.tags.
		root := offline.Resource{Inputs: n.instance.Inputs["rootBlockDevice"].ObjectValue()}
		if targeted(root) {
			t.Errorf("the root volume of %s carries the snapshot target tag", n.instance.Name)
		}
	}
	// One full copy of the 6 volumes of 1000 GiB, plus 5 % written anew each of 14 days.
	est := exportedCost(t, ring.res)
	i := slices.IndexFunc(est.Lines, func(l cost.Line) bool { return l.Item == "snapshot-storage" })
	if i < 0 || dataGiB != 6*1000 || math.Abs(est.Lines[i].Quantity-dataGiB*(1+14*0.05)) > 1e-6 {
		t.Errorf("snapshot storage line %+v, want %v GiB", est.Lines, dataGiB*(1+14*0.05))
	}
	// A failed snapshot, and the policy going into its error state, reach the alarm topic.
	rule := mustFind(t, ring.res, "aws:cloudwatch/eventRule:EventRule", ring.name+"-snapshots-error")
	var pattern struct {
		Source     []string `json:"source"`
		DetailType []string `json:"detail-type"`
		Resources  []string `json:"resources"`
		Detail     struct {
			State []string `json:"state"`
		} `json:"detail"`
	}
	if err := json.Unmarshal([]byte(rule.Inputs["eventPattern"].StringValue()), &pattern); err != nil ||
		!slices.Equal(pattern.Source, []string{"aws.dlm"}) || !slices.Equal(pattern.DetailType, []string{"DLM Policy State Change"}) ||
		policy.Outputs["arn"].StringValue() == "" || !slices.Equal(pattern.Resources, []string{policy.Outputs["arn"].StringValue()}) || !slices.Equal(pattern.Detail.State, []string{"ERROR"}) {
		t.Errorf("error rule pattern %s (%v)", rule.Inputs["eventPattern"].StringValue(), err)
	}
	send := mustFind(t, ring.res, "aws:cloudwatch/eventTarget:EventTarget", ring.name+"-snapshots-error")
	if send.Inputs["rule"].StringValue() != rule.Inputs["name"].StringValue() || !strings.Contains(send.Inputs["arn"].StringValue(), ":sns:") ||
		!strings.HasPrefix(rule.Inputs["name"].StringValue(), "platform-prod-") {
		t.Errorf("error rule %v sends to %v", rule.Inputs["name"], send.Inputs)
	}
	// A rule the topic refuses shows only in EventBridge's FailedInvocations: alarmed on.
	undelivered := mustFind(t, ring.res, "aws:cloudwatch/metricAlarm:MetricAlarm", ring.name+"-snapshots-error-undelivered").Inputs
	if undelivered["namespace"].StringValue() != "AWS/Events" || undelivered["metricName"].StringValue() != "FailedInvocations" ||
		undelivered["dimensions"].ObjectValue()["RuleName"].StringValue() != rule.Inputs["name"].StringValue() {
		t.Errorf("undelivered alarm %v", undelivered)
	}
	alarm := mustFind(t, ring.res, "aws:cloudwatch/metricAlarm:MetricAlarm", ring.name+"-snapshots-failed")
	a := alarm.Inputs
	if a["namespace"].StringValue() != "AWS/EBS" || a["metricName"].StringValue() != "SnapshotsCreateFailed" ||
		a["dimensions"].ObjectValue()["DLMPolicyId"].StringValue() != policy.ID || a["treatMissingData"].StringValue() != "notBreaching" ||
		len(a["alarmActions"].ArrayValue()) != 1 || !strings.Contains(a["alarmActions"].ArrayValue()[0].StringValue(), ":sns:") {
		t.Errorf("snapshot alarm %v", a)
	}

	off := mustRun(t, "staging", "cassandra.snapshots.enabled=false")
	if n := len(off.ByType("aws:dlm/lifecyclePolicy:LifecyclePolicy")); n != 0 {
		t.Errorf("snapshots off: %d lifecycle policies", n)
	}
	for _, r := range off.Resources {
		if strings.Contains(r.Name, "-snapshots") {
			t.Errorf("snapshots off: %s %s is still registered", r.Type, r.Name)
		}
	}
	if slices.ContainsFunc(exportedCost(t, off).Lines, func(l cost.Line) bool { return l.Item == "snapshot-storage" }) {
		t.Error("snapshots off: snapshot storage still priced")
	}
}
