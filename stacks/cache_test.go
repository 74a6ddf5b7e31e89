package stacks_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/platform-team/platform/offline"
)

const (
	replicationGroupType = "aws:elasticache/replicationGroup:ReplicationGroup"
	parameterGroupType   = "aws:elasticache/parameterGroup:ParameterGroup"
	cacheAuthToken       = "Cache-Auth-T0ken-for-tests-7f3a"
)

// replicationGroup returns the one replication group a run registered.
func replicationGroup(t *testing.T, res *offline.Result) offline.Resource {
	t.Helper()
	groups := res.ByType(replicationGroupType)
	if len(groups) != 1 {
		t.Fatalf("%d replication groups, want 1", len(groups))
	}
	return groups[0]
}

func boolInput(r offline.Resource, key resource.PropertyKey) bool {
	v, ok := r.Inputs[key]
	return ok && v.IsBool() && v.BoolValue()
}

func numberInput(r offline.Resource, key resource.PropertyKey) (float64, bool) {
	v, ok := r.Inputs[key]
	if !ok || !v.IsNumber() {
		return 0, false
	}
	return v.NumberValue(), true
}

func cacheEndpoint(t *testing.T, res *offline.Result) map[string]any {
	t.Helper()
	endpoints, ok := res.Outputs["endpoints"].Value.(map[string]any)
	if !ok {
		t.Fatalf("endpoints not exported: %+v", res.Outputs)
	}
	c, ok := endpoints["cache"].(map[string]any)
	if !ok {
		t.Fatalf("endpoints.cache missing: %+v", endpoints)
	}
	return c
}

// Cluster mode off: one primary plus replicas as cache clusters; failover and multi-AZ exactly
// when there is a replica.
func TestCacheClusterModeDisabled(t *testing.T) {
	for _, c := range []struct {
		stack    string
		replicas int
	}{{"dev", 0}, {"staging", 1}, {"staging", 5}} {
		res := mustRun(t, c.stack, fmt.Sprintf("cache.replicasPerShard=%d", c.replicas))
		rg := replicationGroup(t, res)
		if n, _ := numberInput(rg, "numCacheClusters"); int(n) != 1+c.replicas {
			t.Errorf("%s/%d: numCacheClusters %v, want %d", c.stack, c.replicas, n, 1+c.replicas)
		}
		for _, key := range []resource.PropertyKey{"numNodeGroups", "replicasPerNodeGroup", "clusterMode"} {
			if _, ok := rg.Inputs[key]; ok {
				t.Errorf("%s/%d: %s set without cluster mode", c.stack, c.replicas, key)
			}
		}
		want := c.replicas > 0
		if boolInput(rg, "automaticFailoverEnabled") != want || boolInput(rg, "multiAzEnabled") != want {
			t.Errorf("%s/%d replicas: failover %v, multi-AZ %v, want both %v", c.stack, c.replicas,
				rg.Inputs["automaticFailoverEnabled"], rg.Inputs["multiAzEnabled"], want)
		}
		if got := parameters(t, res)["cluster-enabled"]; got != "" {
			t.Errorf("%s: cluster-enabled %q without cluster mode", c.stack, got)
		}
		ep := cacheEndpoint(t, res)
		if !strings.HasPrefix(fmt.Sprint(ep["endpoint"]), "master.") || !strings.HasPrefix(fmt.Sprint(ep["readerEndpoint"]), "replica.") {
			t.Errorf("%s: endpoints %v, want the primary and reader endpoints", c.stack, ep)
		}
		if fmt.Sprint(ep["port"]) != "6379" || ep["clusterMode"] != false {
			t.Errorf("%s: endpoints %v", c.stack, ep)
		}
	}
}

// Cluster mode on: shards × replicas as node groups, failover always (AWS requires it), multi-AZ
// when there is a replica, cluster-enabled yes, and the configuration endpoint exported.
func TestCacheClusterModeEnabled(t *testing.T) {
	for _, c := range []struct {
		stack            string
		sets             []string
		shards, replicas int
	}{
		{"prod", nil, 3, 2}, // as shipped
		{"staging", []string{"cache.clusterMode=true", "cache.shards=4", "cache.replicasPerShard=0"}, 4, 0},
	} {
		res := mustRun(t, c.stack, c.sets...)
		rg := replicationGroup(t, res)
		shards, _ := numberInput(rg, "numNodeGroups")
		replicas, _ := numberInput(rg, "replicasPerNodeGroup")
		if int(shards) != c.shards || int(replicas) != c.replicas || rg.Inputs["clusterMode"].StringValue() != "enabled" {
			t.Errorf("%s: shards %v, replicas %v, clusterMode %v; want %d, %d, enabled", c.stack, shards, replicas, rg.Inputs["clusterMode"], c.shards, c.replicas)
		}
		if _, ok := rg.Inputs["numCacheClusters"]; ok {
			t.Errorf("%s: numCacheClusters set with cluster mode", c.stack)
		}
		if !boolInput(rg, "automaticFailoverEnabled") || boolInput(rg, "multiAzEnabled") != (c.replicas > 0) {
			t.Errorf("%s: failover %v, multi-AZ %v", c.stack, rg.Inputs["automaticFailoverEnabled"], rg.Inputs["multiAzEnabled"])
		}
		if got := parameters(t, res)["cluster-enabled"]; got != "yes" {
			t.Errorf("%s: cluster-enabled %q, want yes", c.stack, got)
		}
		ep := cacheEndpoint(t, res)
		if !strings.HasPrefix(fmt.Sprint(ep["endpoint"]), "clustercfg.") || ep["clusterMode"] != true {
			t.Errorf("%s: endpoints %v, want the configuration endpoint", c.stack, ep)
		}
		if _, ok := ep["readerEndpoint"]; ok {
			t.Errorf("%s: a reader endpoint exported with cluster mode: %v", c.stack, ep)
		}
	}
}

// parameters returns the cache parameter group's parameters by name, after checking its family.
func parameters(t *testing.T, res *offline.Result) map[string]string {
	t.Helper()
	groups := res.ByType(parameterGroupType)
	if len(groups) != 1 {
		t.Fatalf("%d parameter groups, want 1", len(groups))
	}
	rg := replicationGroup(t, res)
	if rg.Inputs["parameterGroupName"].StringValue() != groups[0].Outputs["name"].StringValue() {
		t.Errorf("replication group uses parameter group %v, not %v", rg.Inputs["parameterGroupName"], groups[0].Outputs["name"])
	}
	out := map[string]string{}
	for _, p := range groups[0].Inputs["parameters"].ArrayValue() {
		o := p.ObjectValue()
		out[o["name"].StringValue()] = o["value"].StringValue()
	}
	return out
}

func TestCacheParameterGroupFamilyAndEviction(t *testing.T) {
	for _, c := range []struct {
		engine, version, family string
	}{
		{"valkey", "7.2", "valkey7"}, {"valkey", "8.2", "valkey8"}, {"valkey", "9.1", "valkey9"},
		{"redis", "6.2", "redis6.x"}, {"redis", "7.1", "redis7"},
	} {
		res := mustRun(t, "dev", "cache.engine="+c.engine, `cache.engineVersion="`+c.version+`"`, "cache.evictionPolicy=allkeys-lfu")
		pg := res.ByType(parameterGroupType)[0]
		if got := pg.Inputs["family"].StringValue(); got != c.family {
			t.Errorf("%s %s: family %s, want %s", c.engine, c.version, got, c.family)
		}
		if got := parameters(t, res)["maxmemory-policy"]; got != "allkeys-lfu" {
			t.Errorf("%s %s: maxmemory-policy %q", c.engine, c.version, got)
		}
		rg := replicationGroup(t, res)
		if rg.Inputs["engine"].StringValue() != c.engine || rg.Inputs["engineVersion"].StringValue() != c.version {
			t.Errorf("replication group runs %v %v", rg.Inputs["engine"], rg.Inputs["engineVersion"])
		}
	}
}

func TestCacheEncryption(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	rg := replicationGroup(t, mustRun(t, "staging", "cache.kmsKeyArn="+key))
	if !boolInput(rg, "atRestEncryptionEnabled") || !boolInput(rg, "transitEncryptionEnabled") {
		t.Errorf("encryption flags: at rest %v, in transit %v", rg.Inputs["atRestEncryptionEnabled"], rg.Inputs["transitEncryptionEnabled"])
	}
	if rg.Inputs["kmsKeyId"].StringValue() != key {
		t.Errorf("kmsKeyId %v, want %s", rg.Inputs["kmsKeyId"], key)
	}
	if _, ok := rg.Inputs["authToken"]; !ok {
		t.Error("transit encryption without an auth token")
	}

	// The AWS managed key by default; no TLS and so no AUTH when transit encryption is off.
	rg = replicationGroup(t, mustRun(t, "dev", "cache.transitEncryption=false"))
	if _, ok := rg.Inputs["kmsKeyId"]; ok {
		t.Errorf("kmsKeyId %v without cache.kmsKeyArn", rg.Inputs["kmsKeyId"])
	}
	if boolInput(rg, "transitEncryptionEnabled") || !boolInput(rg, "atRestEncryptionEnabled") {
		t.Errorf("flags: at rest %v, in transit %v", rg.Inputs["atRestEncryptionEnabled"], rg.Inputs["transitEncryptionEnabled"])
	}
	if _, ok := rg.Inputs["authToken"]; ok {
		t.Error("auth token passed without transit encryption")
	}
}

// The token reaches the replication group as a secret and nowhere in plain text: not in any
// resource's inputs or outputs, nor in the stack outputs.
func TestCacheAuthTokenStaysSecret(t *testing.T) {
	for _, stack := range shippedStacks {
		res := mustRun(t, stack, "cacheAuthToken="+cacheAuthToken)
		rg := replicationGroup(t, res)
		token := rg.Inputs["authToken"]
		if !token.IsSecret() || token.SecretValue().Element.StringValue() != cacheAuthToken {
			t.Errorf("%s: authToken input %v, want the token as a secret", stack, token)
		}
		if !slices.Contains(rg.AdditionalSecretOutputs, "authToken") {
			t.Errorf("%s: authToken not among the additional secret outputs %v", stack, rg.AdditionalSecretOutputs)
		}
		for _, r := range res.Resources {
			for where, props := range map[string]resource.PropertyMap{"inputs": r.Inputs, "outputs": r.Outputs} {
				if path, found := plainTextIn(resource.NewProperty(props), cacheAuthToken, ""); found {
					t.Errorf("%s: the token is plain text in the %s of %s %s at %s", stack, where, r.Type, r.Name, path)
				}
			}
		}
		for name, out := range res.Outputs {
			if strings.Contains(fmt.Sprint(out.Value), cacheAuthToken) {
				t.Errorf("%s: the token is in stack output %s", stack, name)
			}
		}
	}
}

// plainTextIn finds s in a string outside any secret, returning where.
func plainTextIn(v resource.PropertyValue, s, path string) (string, bool) {
	switch {
	case v.IsSecret():
		return "", false
	case v.IsOutput():
		if v.OutputValue().Secret {
			return "", false
		}
		return plainTextIn(v.OutputValue().Element, s, path)
	case v.IsString():
		return path, strings.Contains(v.StringValue(), s)
	case v.IsArray():
		for i, e := range v.ArrayValue() {
			if p, ok := plainTextIn(e, s, fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, true
			}
		}
	case v.IsObject():
		for k, e := range v.ObjectValue() {
			if p, ok := plainTextIn(e, s, path+"."+string(k)); ok {
				return p, true
			}
		}
	}
	return "", false
}

// nodeSecurityGroupID is the group EKS attaches to every node: the cluster security group.
func nodeSecurityGroupID(t *testing.T, res *offline.Result) string {
	t.Helper()
	clusters := res.ByType("eks:index:Cluster")
	if len(clusters) != 1 {
		t.Fatalf("%d EKS clusters, want 1", len(clusters))
	}
	id := clusters[0].Outputs["vpcConfig"].ObjectValue()["clusterSecurityGroupId"].StringValue()
	if !strings.HasPrefix(id, "sg-") {
		t.Fatalf("cluster security group id %q", id)
	}
	return id
}

// The cache security group admits the cache port from the EKS nodes' group and nothing else.
func TestCacheSecurityGroupAdmitsOnlyTheNodes(t *testing.T) {
	for _, c := range []struct{ stack, port string }{{"dev", "6379"}, {"prod", "6380"}} {
		res := mustRun(t, c.stack, "cache.port="+c.port)
		rg := replicationGroup(t, res)
		groups := rg.Inputs["securityGroupIds"].ArrayValue()
		if len(groups) != 1 {
			t.Fatalf("%s: replication group in security groups %v, want its own one", c.stack, groups)
		}
		cacheSG := groups[0].StringValue()
		nodeSG := nodeSecurityGroupID(t, res)
		var rules []offline.Resource
		for _, typ := range []string{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"} {
			for _, r := range res.ByType(typ) {
				if r.Inputs["securityGroupId"].StringValue() == cacheSG {
					rules = append(rules, r)
				}
			}
		}
		if len(rules) != 1 || rules[0].Type != "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" {
			t.Fatalf("%s: %d rules on the cache security group, want one ingress rule", c.stack, len(rules))
		}
		in := rules[0].Inputs
		from, _ := numberInput(rules[0], "fromPort")
		to, _ := numberInput(rules[0], "toPort")
		if in["referencedSecurityGroupId"].StringValue() != nodeSG || in["ipProtocol"].StringValue() != "tcp" ||
			fmt.Sprint(from) != c.port || fmt.Sprint(to) != c.port {
			t.Errorf("%s: rule %v, want tcp %s from %s", c.stack, in, c.port, nodeSG)
		}
		for _, open := range []resource.PropertyKey{"cidrIpv4", "cidrIpv6", "prefixListId"} {
			if _, ok := in[open]; ok {
				t.Errorf("%s: the cache rule also admits %s %v", c.stack, open, in[open])
			}
		}
		for _, sg := range res.ByType("aws:ec2/securityGroup:SecurityGroup") {
			if sg.ID == cacheSG {
				for _, inline := range []resource.PropertyKey{"ingress", "egress"} {
					if v, ok := sg.Inputs[inline]; ok && v.IsArray() && len(v.ArrayValue()) > 0 {
						t.Errorf("%s: inline %s rules on the cache security group: %v", c.stack, inline, v)
					}
				}
			}
		}
	}
}

// Prod's cache survives a mistaken delete: protected, and a final snapshot if deleted anyway.
func TestCacheProdProtection(t *testing.T) {
	rg := replicationGroup(t, mustRun(t, "prod"))
	if !rg.Protect {
		t.Error("prod replication group not protected")
	}
	if got := rg.Inputs["finalSnapshotIdentifier"].StringValue(); got != "platform-prod-cache-final" {
		t.Errorf("prod final snapshot %q", got)
	}
	if boolInput(rg, "applyImmediately") {
		t.Error("prod changes applied immediately, outside the maintenance window")
	}
	for _, stack := range []string{"dev", "staging"} {
		rg := replicationGroup(t, mustRun(t, stack))
		if _, ok := rg.Inputs["finalSnapshotIdentifier"]; ok || rg.Protect {
			t.Errorf("%s: protect %v, final snapshot %v", stack, rg.Protect, rg.Inputs["finalSnapshotIdentifier"])
		}
	}
}

func TestCacheSnapshotsAndMaintenance(t *testing.T) {
	rg := replicationGroup(t, mustRun(t, "staging", "cache.snapshotWindow=22:00-23:30", "cache.maintenanceWindow=tue:01:00-tue:02:00", "cache.snapshotRetentionDays=10"))
	retention, _ := numberInput(rg, "snapshotRetentionLimit")
	if retention != 10 || rg.Inputs["snapshotWindow"].StringValue() != "22:00-23:30" || rg.Inputs["maintenanceWindow"].StringValue() != "tue:01:00-tue:02:00" {
		t.Errorf("snapshots %v at %v, maintenance %v", retention, rg.Inputs["snapshotWindow"], rg.Inputs["maintenanceWindow"])
	}
}

// Bad cache config fails naming its key, before any resource is registered.
func TestBadCacheConfigRegistersNothing(t *testing.T) {
	cases := []struct {
		stack string
		sets  []string
		key   string
	}{
		{"dev", []string{"cache.engine=memcached"}, "platform:cache.engine"},
		{"dev", []string{`cache.engineVersion="6.0"`}, "platform:cache.engineVersion"},
		{"dev", []string{"cache.nodeType=cache.x9.large"}, "platform:cache.nodeType"},
		{"dev", []string{"cache.replicasPerShard=6"}, "platform:cache.replicasPerShard"},
		{"dev", []string{"cache.replicasPerShard=-1"}, "platform:cache.replicasPerShard"},
		{"prod", []string{"cache.shards=501"}, "platform:cache.shards"},
		{"prod", []string{"cache.shards=0"}, "platform:cache.shards"},
		{"dev", []string{"cache.shards=3"}, "platform:cache.shards"}, // without cluster mode
		{"prod", []string{"cache.replicasPerShard=0"}, "platform:cache.replicasPerShard"},
		{"dev", []string{"cacheAuthToken=null"}, "platform:cacheAuthToken"},
		{"dev", []string{"cacheAuthToken=too-short"}, "platform:cacheAuthToken"},
		{"dev", []string{"cache.snapshotWindow=3am-4am"}, "platform:cache.snapshotWindow"},
		{"dev", []string{"cache.snapshotWindow=05:00-06:00"}, "platform:cache.snapshotWindow"}, // overlaps maintenance
		{"dev", []string{"cache.maintenanceWindow=sun:05:00"}, "platform:cache.maintenanceWindow"},
	}
	for _, c := range cases {
		errs := badConfig(t, c.stack, c.sets...)
		if !slices.Contains(errs.Keys(), c.key) {
			t.Errorf("%s %v: problems %v do not name %s", c.stack, c.sets, errs.Keys(), c.key)
		}
	}
}

// cache.applyImmediately and cache.authTokenUpdateStrategy reach the replication group (a token
// rotation is ROTATE, then SET); the parameter group is kept in AWS when
// Pulumi drops it, as a major upgrade leaves the old one attached until the window.
func TestCacheApplyImmediatelyAndRetainedParameterGroup(t *testing.T) {
	res := mustRun(t, "dev", "cache.applyImmediately=true", "cache.authTokenUpdateStrategy=SET")
	if !boolInput(replicationGroup(t, res), "applyImmediately") {
		t.Error("cache.applyImmediately true not passed to the replication group")
	}
	if got := replicationGroup(t, res).Inputs["authTokenUpdateStrategy"].StringValue(); got != "SET" {
		t.Errorf("authTokenUpdateStrategy %q, want SET from config", got)
	}
	for _, stack := range []string{"dev", "staging"} {
		if got := replicationGroup(t, mustRun(t, stack)).Inputs["authTokenUpdateStrategy"].StringValue(); got != "ROTATE" {
			t.Errorf("%s: authTokenUpdateStrategy %q, want ROTATE", stack, got)
		}
	}
	pgs := res.ByType(parameterGroupType)
	if len(pgs) != 1 || !pgs[0].RetainOnDelete {
		t.Errorf("parameter groups %d, retainOnDelete %v; want one, retained", len(pgs), len(pgs) == 1 && pgs[0].RetainOnDelete)
	}
}
