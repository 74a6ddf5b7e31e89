package stacks_test

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/cluster"
	"github.com/platform-team/platform/offline"
)

const (
	eksClusterType     = "eks:index:Cluster"
	managedGroupType   = "eks:index:ManagedNodeGroup"
	launchTemplateType = "aws:ec2/launchTemplate:LaunchTemplate"
)

// asgNameOf is the Auto Scaling group EKS created for a managed node group.
func asgNameOf(ng offline.Resource) string {
	return ng.Outputs["resources"].ArrayValue()[0].ObjectValue()["autoscalingGroups"].ArrayValue()[0].ObjectValue()["name"].StringValue()
}

// clusterProp reads a dotted path ("scalingConfig.minSize") from a resource's properties.
func clusterProp(m resource.PropertyMap, path string) resource.PropertyValue {
	v := resource.NewProperty(m)
	for _, k := range strings.Split(path, ".") {
		if !v.IsObject() {
			return resource.PropertyValue{}
		}
		v = v.ObjectValue()[resource.PropertyKey(k)]
	}
	return v
}

func clusterStrings(v resource.PropertyValue) []string {
	var out []string
	if v.IsArray() {
		for _, item := range v.ArrayValue() {
			out = append(out, item.StringValue())
		}
	}
	return out
}

func mustFind(t *testing.T, res *offline.Result, typ, name string) offline.Resource {
	t.Helper()
	r, ok := res.Find(typ, name)
	if !ok {
		t.Fatalf("%s %s not registered", typ, name)
	}
	return r
}

func TestClusterNodeGroupsFollowConfig(t *testing.T) {
	res := mustRun(t, "prod")
	type group struct {
		types              []string
		capacity           string
		min, desired, max  float64
		labels             map[string]string
		taintKey, taintEff string
	}
	want := map[string]group{
		"platform-prod-eks-general": {[]string{"m5.xlarge"}, "ON_DEMAND", 3, 3, 12, map[string]string{}, "", ""},
		"platform-prod-eks-batch": {[]string{"c6i.2xlarge", "m6i.2xlarge"}, "SPOT", 0, 2, 10,
			map[string]string{"workload": "batch"}, "workload", "NO_SCHEDULE"},
	}
	groups := res.ByType(managedGroupType)
	if len(groups) != len(want) {
		t.Fatalf("%d managed node groups, want %d", len(groups), len(want))
	}
	for _, g := range groups {
		w, ok := want[g.Name]
		if !ok {
			t.Errorf("unexpected node group %s", g.Name)
			continue
		}
		in := g.Inputs
		if got := clusterStrings(in["instanceTypes"]); !slices.Equal(got, w.types) {
			t.Errorf("%s: instance types %v, want %v", g.Name, got, w.types)
		}
		if got := in["capacityType"].StringValue(); got != w.capacity {
			t.Errorf("%s: capacity %s, want %s", g.Name, got, w.capacity)
		}
		sizes := []float64{clusterProp(in, "scalingConfig.minSize").NumberValue(),
			clusterProp(in, "scalingConfig.desiredSize").NumberValue(), clusterProp(in, "scalingConfig.maxSize").NumberValue()}
		if !slices.Equal(sizes, []float64{w.min, w.desired, w.max}) {
			t.Errorf("%s: min/desired/max %v, want %v", g.Name, sizes, []float64{w.min, w.desired, w.max})
		}
		labels := map[string]string{}
		for k, v := range in["labels"].ObjectValue() {
			labels[string(k)] = v.StringValue()
		}
		if !mapsEqual(labels, w.labels) {
			t.Errorf("%s: labels %v, want %v", g.Name, labels, w.labels)
		}
		taints := in["taints"].ArrayValue()
		switch {
		case w.taintKey == "" && len(taints) != 0:
			t.Errorf("%s: taints %v, want none", g.Name, taints)
		case w.taintKey != "" && (len(taints) != 1 || taints[0].ObjectValue()["key"].StringValue() != w.taintKey ||
			taints[0].ObjectValue()["effect"].StringValue() != w.taintEff):
			t.Errorf("%s: taints %v, want %s:%s", g.Name, taints, w.taintKey, w.taintEff)
		}
		if in["amiType"].StringValue() != "AL2023_x86_64_STANDARD" || in["version"].StringValue() != "1.36" {
			t.Errorf("%s: AMI type %v, version %v", g.Name, in["amiType"], in["version"])
		}
		// The disk is the launch template's: EKS rejects diskSize next to a launch template.
		if _, ok := in["diskSize"]; ok {
			t.Errorf("%s sets diskSize next to its launch template", g.Name)
		}
		if got := clusterProp(in, "launchTemplate.name").StringValue(); got != g.Name {
			t.Errorf("%s: launch template %q", g.Name, got)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Nodes require IMDSv2 (on the host only: one hop) and boot from encrypted gp3 volumes:
// Amazon Linux's root volume of the configured size; Bottlerocket's container storage is its
// second volume, of the configured size, and its OS volume keeps the AMI's size, encrypted.
func TestClusterLaunchTemplatesRequireIMDSv2AndEncryptedGP3(t *testing.T) {
	res := mustRun(t, "prod", "eks.nodeGroups[0].diskSize=80", "eks.nodeGroups[1].amiType=BOTTLEROCKET_x86_64")
	want := map[string]map[string]float64{ // device → size (0: the AMI's)
		"platform-prod-eks-general": {"/dev/xvda": 80},
		"platform-prod-eks-batch":   {"/dev/xvda": 0, "/dev/xvdb": 50},
	}
	for name, w := range want {
		lt := mustFind(t, res, launchTemplateType, name)
		md := lt.Inputs["metadataOptions"].ObjectValue()
		if md["httpTokens"].StringValue() != "required" || md["httpPutResponseHopLimit"].NumberValue() != 1 ||
			md["httpEndpoint"].StringValue() != "enabled" {
			t.Errorf("%s: metadata options %v, want IMDSv2 required with hop limit 1", name, md)
		}
		bdms := lt.Inputs["blockDeviceMappings"].ArrayValue()
		if len(bdms) != len(w) {
			t.Fatalf("%s: %d block device mappings, want %d", name, len(bdms), len(w))
		}
		for _, b := range bdms {
			bdm := b.ObjectValue()
			ebs := bdm["ebs"].ObjectValue()
			size, ok := w[bdm["deviceName"].StringValue()]
			if !ok || ebs["volumeType"].StringValue() != "gp3" || ebs["encrypted"].StringValue() != "true" ||
				(size > 0) != ebs.HasValue("volumeSize") || size > 0 && ebs["volumeSize"].NumberValue() != size {
				t.Errorf("%s: volume %v, want encrypted gp3 volumes %v", name, bdm, w)
			}
		}
		// Neither AMI nor security groups: EKS keeps choosing the AMI and attaching the cluster SG.
		for _, k := range []resource.PropertyKey{"imageId", "vpcSecurityGroupIds", "securityGroupNames", "userData"} {
			if _, ok := lt.Inputs[k]; ok {
				t.Errorf("%s sets %s", name, k)
			}
		}
	}
	// The Bottlerocket OS volume, which the template leaves to the AMI, is flagged, not a silent zero.
	est := exportedCost(t, res)
	for _, l := range est.Lines {
		if l.Item == "gp3-storage" && slices.Contains(l.Resources, "platform-prod-eks-batch") && !strings.HasPrefix(l.Note, "node data volumes") {
			t.Errorf("Bottlerocket's priced volume is noted %q, want its data volumes", l.Note)
		}
	}
	var flagged []string
	for _, u := range est.Unpriced {
		if strings.Contains(u.Reason, "Bottlerocket OS volumes") {
			flagged = append(flagged, u.Resources...)
		}
	}
	if !slices.Equal(flagged, []string{"platform-prod-eks-batch"}) {
		t.Errorf("Bottlerocket OS volumes flagged unpriced on %v, want on platform-prod-eks-batch only", flagged)
	}
}

func TestClusterKubeconfigIsSecret(t *testing.T) {
	res := mustRun(t, "dev")
	out, ok := res.Outputs["kubeconfig"]
	if !ok || !out.Known || !out.Secret {
		t.Fatalf("kubeconfig output %+v, want a known secret", out)
	}
	var kc struct {
		Clusters []struct {
			Cluster struct {
				Server string `json:"server"`
			} `json:"cluster"`
		} `json:"clusters"`
	}
	if err := json.Unmarshal([]byte(out.Value.(string)), &kc); err != nil || len(kc.Clusters) != 1 {
		t.Fatalf("kubeconfig is not a kubeconfig: %v %v", err, out.Value)
	}
	eks := res.Outputs["endpoints"].Value.(map[string]any)["eks"].(map[string]any)
	if kc.Clusters[0].Cluster.Server != eks["endpoint"] {
		t.Errorf("kubeconfig server %s, endpoint %v", kc.Clusters[0].Cluster.Server, eks["endpoint"])
	}
	if _, leaked := eks["kubeconfig"]; leaked {
		t.Error("the kubeconfig is also in the plain endpoints output")
	}
}

// Prod keeps the public endpoint (pulumi-eks needs it) but only for its CIDRs, and private
// access on; dev leaves the public endpoint open as configured. Prod protects the cluster and
// its secrets key, dev does not.
func TestClusterEndpointAccessAndProtectionPerStack(t *testing.T) {
	cases := []struct {
		stack   string
		cidrs   []string
		protect bool
	}{
		{"dev", []string{"0.0.0.0/0"}, false},
		{"prod", []string{"203.0.113.0/24", "198.51.100.0/24"}, true},
	}
	for _, c := range cases {
		res := mustRun(t, c.stack)
		cl := mustFind(t, res, eksClusterType, "platform-"+c.stack+"-eks")
		in := cl.Inputs
		if !in["endpointPrivateAccess"].BoolValue() || !in["endpointPublicAccess"].BoolValue() {
			t.Errorf("%s: private %v public %v, want both on", c.stack, in["endpointPrivateAccess"], in["endpointPublicAccess"])
		}
		if got := clusterStrings(in["publicAccessCidrs"]); !slices.Equal(got, c.cidrs) {
			t.Errorf("%s: public access CIDRs %v, want %v", c.stack, got, c.cidrs)
		}
		key := mustFind(t, res, "aws:kms/key:Key", "platform-"+c.stack+"-eks-secrets")
		if cl.Protect != c.protect || key.Protect != c.protect {
			t.Errorf("%s: cluster protected %v, key protected %v, want %v", c.stack, cl.Protect, key.Protect, c.protect)
		}
		for _, g := range res.ByType(managedGroupType) {
			if g.Protect {
				t.Errorf("%s: node group %s is protected; replacing nodes must stay possible", c.stack, g.Name)
			}
		}
	}
}

// Dev and prod differ in node groups as their stack files say.
func TestClusterDevDiffersFromProd(t *testing.T) {
	summary := func(stack string) []string {
		var out []string
		for _, g := range mustRun(t, stack).ByType(managedGroupType) {
			out = append(out, strings.Join([]string{g.Name, g.Inputs["capacityType"].StringValue(),
				strings.Join(clusterStrings(g.Inputs["instanceTypes"]), "+"),
				clusterProp(g.Inputs, "scalingConfig.maxSize").String()}, " "))
		}
		return out
	}
	dev, prod := summary("dev"), summary("prod")
	wantDev := []string{"platform-dev-eks-general ON_DEMAND m5.large {4}"}
	wantProd := []string{"platform-prod-eks-batch SPOT c6i.2xlarge+m6i.2xlarge {10}", "platform-prod-eks-general ON_DEMAND m5.xlarge {12}"}
	if !slices.Equal(dev, wantDev) || !slices.Equal(prod, wantProd) {
		t.Errorf("dev %q, want %q\nprod %q, want %q", dev, wantDev, prod, wantProd)
	}
}

// The desired size is only the size at creation; the update strategy is per group. pulumi-eks
// v2 takes neither for the AWS node group it creates, so each ManagedNodeGroup carries a
// transform, which the engine runs on that child.
func TestClusterDesiredSizeIgnoredAfterCreation(t *testing.T) {
	res := mustRun(t, "prod", "eks.nodeGroups[1].maxUnavailable=3")
	withoutAutoscaler := mustRun(t, "prod", "eks.autoscaler.enabled=false")
	for name, maxUnavailable := range map[string]int{"platform-prod-eks-general": 1, "platform-prod-eks-batch": 3} {
		g := mustFind(t, res, managedGroupType, name)
		if len(g.Transforms) == 0 {
			t.Fatalf("%s has no transforms", name)
		}
		child := applyTransforms(g.Transforms, &pulumi.ResourceTransformArgs{
			Custom: true, Type: "aws:eks/nodeGroup:NodeGroup", Name: name,
			Props: pulumi.Map{"scalingConfig": pulumi.Map{"desiredSize": pulumi.Int(3)}},
			Opts:  pulumi.ResourceOptions{IgnoreChanges: []string{"tags"}},
		})
		if !slices.Equal(child.Opts.IgnoreChanges, []string{"tags", "scalingConfig.desiredSize"}) {
			t.Errorf("%s: child node group ignores %v", name, child.Opts.IgnoreChanges)
		}
		// Without the autoscaler nothing else sizes the group: the configured size applies.
		manual := mustFind(t, withoutAutoscaler, managedGroupType, name)
		sized := applyTransforms(manual.Transforms, &pulumi.ResourceTransformArgs{
			Custom: true, Type: "aws:eks/nodeGroup:NodeGroup", Name: name, Opts: pulumi.ResourceOptions{IgnoreChanges: []string{"tags"}},
		})
		if !slices.Equal(sized.Opts.IgnoreChanges, []string{"tags"}) {
			t.Errorf("%s without the autoscaler: child node group ignores %v", name, sized.Opts.IgnoreChanges)
		}
		update, _ := child.Props["updateConfig"].(pulumi.Map)
		if update["maxUnavailable"] != pulumi.Int(maxUnavailable) {
			t.Errorf("%s: child node group update config %v, want maxUnavailable %d", name, child.Props["updateConfig"], maxUnavailable)
		}
		if _, kept := child.Props["scalingConfig"]; !kept {
			t.Errorf("%s: the transform dropped the scaling config", name)
		}
		// Nothing else is touched: the component itself, or a launch template, passes unchanged.
		for _, typ := range []string{managedGroupType, launchTemplateType} {
			for _, tf := range g.Transforms {
				if tf(context.Background(), &pulumi.ResourceTransformArgs{Type: typ, Name: name}) != nil {
					t.Errorf("%s: transform changes a %s", name, typ)
				}
			}
		}
	}
}

func applyTransforms(tfs []pulumi.ResourceTransform, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
	out := &pulumi.ResourceTransformResult{Props: args.Props, Opts: args.Opts}
	for _, tf := range tfs {
		if r := tf(context.Background(), &pulumi.ResourceTransformArgs{
			Custom: args.Custom, Type: args.Type, Name: args.Name, Props: out.Props, Opts: out.Opts,
		}); r != nil {
			out = r
		}
	}
	return out
}

// Secrets are envelope-encrypted with a rotated key of the stack, unless turned off; the nodes'
// role carries the four managed policies and node groups wait for them.
func TestClusterSecretsKeyAndNodeRole(t *testing.T) {
	res := mustRun(t, "dev")
	key := mustFind(t, res, "aws:kms/key:Key", "platform-dev-eks-secrets")
	if !key.Inputs["enableKeyRotation"].BoolValue() {
		t.Error("secrets key is not rotated")
	}
	cl := mustFind(t, res, eksClusterType, "platform-dev-eks")
	if cl.Inputs["encryptionConfigKeyArn"].StringValue() != key.Outputs["arn"].StringValue() {
		t.Errorf("cluster encrypts with %v, want the secrets key %v", cl.Inputs["encryptionConfigKeyArn"], key.Outputs["arn"])
	}
	if cl.Inputs["skipDefaultNodeGroup"].BoolValue() != true || len(clusterStrings(cl.Inputs["enabledClusterLogTypes"])) != 5 {
		t.Errorf("cluster: skipDefaultNodeGroup %v, log types %v", cl.Inputs["skipDefaultNodeGroup"], cl.Inputs["enabledClusterLogTypes"])
	}

	var policies []string
	var attachments []string
	for _, a := range res.ByType("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if strings.HasPrefix(a.Name, "platform-dev-eks-nodes-") {
			policies = append(policies, strings.TrimPrefix(a.Inputs["policyArn"].StringValue(), "arn:aws:iam::aws:policy/"))
			attachments = append(attachments, a.URN)
		}
	}
	slices.Sort(policies)
	want := []string{"AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore"}
	if !slices.Equal(policies, want) {
		t.Errorf("node role policies %v, want %v", policies, want)
	}
	g := mustFind(t, res, managedGroupType, "platform-dev-eks-general")
	for _, a := range attachments {
		if !slices.Contains(g.DependsOn, a) {
			t.Errorf("node group does not wait for %s", a)
		}
	}

	off := mustRun(t, "dev", "eks.secretsEncryption=false")
	for _, k := range off.ByType("aws:kms/key:Key") {
		if off.Component(k) == "platform-dev-eks" { // the alarm topic has a key of its own
			t.Errorf("secretsEncryption false still creates key %s", k.Name)
		}
	}
	if _, ok := mustFind(t, off, eksClusterType, "platform-dev-eks").Inputs["encryptionConfigKeyArn"]; ok {
		t.Error("secretsEncryption false still encrypts")
	}
}

// endpoints.eks names the cluster, its API and the OIDC provider IRSA roles trust, whose issuer
// is the cluster's.
func TestClusterEndpoints(t *testing.T) {
	res := mustRun(t, "staging")
	eks := res.Outputs["endpoints"].Value.(map[string]any)["eks"].(map[string]any)
	oidc := mustFind(t, res, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "platform-staging-eks-oidc")
	issuer := oidc.Inputs["url"].StringValue()
	switch {
	case eks["clusterName"] != "platform-staging-eks":
		t.Errorf("clusterName %v", eks["clusterName"])
	case !strings.HasPrefix(eks["endpoint"].(string), "https://") || !strings.HasSuffix(eks["endpoint"].(string), ".eks.amazonaws.com"):
		t.Errorf("endpoint %v", eks["endpoint"])
	case !strings.HasPrefix(issuer, "https://oidc.eks.us-east-1.amazonaws.com/id/"):
		t.Errorf("OIDC provider URL %s is not the cluster's issuer", issuer)
	case eks["oidcProviderArn"] != "arn:aws:iam::"+offline.Account+":oidc-provider/"+strings.TrimPrefix(issuer, "https://"):
		t.Errorf("oidcProviderArn %v for issuer %s", eks["oidcProviderArn"], issuer)
	case !slices.Equal(clusterStrings(oidc.Inputs["clientIdLists"]), []string{"sts.amazonaws.com"}):
		t.Errorf("OIDC audiences %v", oidc.Inputs["clientIdLists"])
	}
}

// The fields other tiers build on: the nodes' security group and the groups' Auto Scaling groups,
// one per node group in config order.
func TestClusterOutputsForOtherTiers(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		ng := func(name string) cluster.NodeGroup {
			return cluster.NodeGroup{Name: name, InstanceTypes: []string{"m5.large"}, CapacityType: "ON_DEMAND",
				MinSize: 1, DesiredSize: 1, MaxSize: 2, DiskSizeGiB: 20, AMIType: "AL2023_x86_64_STANDARD", MaxUnavailable: 1}
		}
		cl, err := cluster.New(ctx, "unit", cluster.Args{
			Version:           "1.36",
			VPCID:             pulumi.String("vpc-0123456789abcdef0"),
			PrivateSubnetIDs:  pulumi.ToStringArray([]string{"subnet-0aaa", "subnet-0bbb"}),
			PublicAccessCIDRs: []string{"203.0.113.0/24"},
			NodeGroups:        []cluster.NodeGroup{ng("web"), ng("jobs")},
		})
		if err != nil {
			return err
		}
		ctx.Export("sg", cl.NodeSecurityGroupID)
		ctx.Export("asgs", cl.AutoScalingGroupNames)
		return nil
	}
	res, err := offline.Run(program, offline.Options{Project: "platform", Stack: "unit", Config: map[string]string{"aws:region": "us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if sg, _ := res.Outputs["sg"].Value.(string); !strings.HasPrefix(sg, "sg-") {
		t.Errorf("NodeSecurityGroupID %v", res.Outputs["sg"].Value)
	}
	asgs, _ := res.Outputs["asgs"].Value.([]string)
	if len(asgs) != 2 || !strings.HasPrefix(asgs[0], "eks-unit-web-") || !strings.HasPrefix(asgs[1], "eks-unit-jobs-") {
		t.Errorf("AutoScalingGroupNames %#v, want web's then jobs'", res.Outputs["asgs"].Value)
	}
	if _, err := offline.Run(func(ctx *pulumi.Context) error {
		_, err := cluster.New(ctx, "unit", cluster.Args{Version: "1.36", PrivateSubnetIDs: pulumi.StringArray{},
			PublicAccessCIDRs: []string{"203.0.113.0/24"},
			NodeGroups:        []cluster.NodeGroup{{Name: "a", InstanceTypes: []string{"m5.large"}}, {Name: "a", InstanceTypes: []string{"m5.large"}}}})
		return err
	}, offline.Options{Project: "platform", Stack: "unit", Config: map[string]string{"aws:region": "us-east-1"}}); err == nil ||
		!strings.Contains(err.Error(), `node group name "a" is used twice`) {
		t.Errorf("duplicate node group names: %v", err)
	}
}

// Bad EKS config fails naming the key, before any resource is registered.
func TestClusterBadConfigRegistersNothing(t *testing.T) {
	cases := []struct {
		stack, set, key string
	}{
		{"dev", "eks.nodeGroups[0].minSize=3", "platform:eks.nodeGroups[0].minSize"},
		{"dev", "eks.nodeGroups[0].desiredSize=5", "platform:eks.nodeGroups[0].desiredSize"},
		{"dev", "eks.nodeGroups[0].maxSize=451", "platform:eks.nodeGroups[0].maxSize"},
		{"dev", "eks.nodeGroups[0].instanceTypes=[]", "platform:eks.nodeGroups[0].instanceTypes"},
		{"dev", "eks.nodeGroups[0].capacityType=RESERVED", "platform:eks.nodeGroups[0].capacityType"},
		{"prod", "eks.nodeGroups[1].name=general", "platform:eks.nodeGroups[1].name"},
		{"dev", `eks.version="1.30"`, "platform:eks.version"},
		{"prod", "eks.publicAccessCidrs=[0.0.0.0/0]", "platform:eks.publicAccessCidrs"},
	}
	for _, c := range cases {
		if keys := badConfig(t, c.stack, c.set).Keys(); !slices.Equal(keys, []string{c.key}) {
			t.Errorf("%s %s: problems %v, want exactly %s", c.stack, c.set, keys, c.key)
		}
	}
}

// The configured roles get the Kubernetes API through EKS access entries (cluster-admin or
// view); without any, the cluster keeps EKS's default (only its creator) and aws-auth alone.
// Entries are named by role: reordering the lists, or moving a role from one to the other,
// keeps every entry's name, so no entry is created again (EKS refuses a second one per role).
func TestClusterAccessEntries(t *testing.T) {
	const (
		admin  = "arn:aws:iam::123456789012:role/platform-deploy"
		ops    = "arn:aws:iam::123456789012:role/ops"
		viewer = "arn:aws:iam::123456789012:role/platform-preview"
	)
	res := mustRun(t, "dev", "eks.adminRoleArns=["+admin+", "+ops+"]", "eks.viewerRoleArns=["+viewer+"]")
	in := mustFind(t, res, eksClusterType, "platform-dev-eks").Inputs
	if mode := clusterProp(in, "authenticationMode"); !mode.IsString() || mode.StringValue() != "API_AND_CONFIG_MAP" {
		t.Errorf("authenticationMode %v, want API_AND_CONFIG_MAP", mode)
	}
	entries := entriesByRole(t, in)
	for role, kind := range map[string]string{admin: "admin", ops: "admin", viewer: "viewer"} {
		entry, ok := entries[role]
		if !ok {
			t.Errorf("no access entry for %s", role)
			continue
		}
		policy := map[string]string{"admin": "AmazonEKSClusterAdminPolicy", "viewer": "AmazonEKSViewPolicy"}[kind]
		if got := clusterProp(in, "accessEntries."+entry+".accessPolicies."+kind+".policyArn"); !got.IsString() || got.StringValue() != "arn:aws:eks::aws:cluster-access-policy/"+policy {
			t.Errorf("%s policy %v, want %s", role, got, policy)
		}
		if got := clusterProp(in, "accessEntries."+entry+".accessPolicies."+kind+".accessScope.type"); !got.IsString() || got.StringValue() != "cluster" {
			t.Errorf("%s scope %v, want cluster", role, got)
		}
	}
	moved := mustRun(t, "dev", "eks.adminRoleArns=["+ops+"]", "eks.viewerRoleArns=["+admin+", "+viewer+"]")
	if after := entriesByRole(t, mustFind(t, moved, eksClusterType, "platform-dev-eks").Inputs); !maps.Equal(after, entries) {
		t.Errorf("access entry names %v changed to %v when the lists were reordered and a role moved", entries, after)
	}
	plain := mustFind(t, mustRun(t, "dev"), eksClusterType, "platform-dev-eks").Inputs
	for _, k := range []string{"authenticationMode", "accessEntries"} {
		if v := clusterProp(plain, k); !v.IsNull() {
			t.Errorf("without roles the cluster sets %s = %v", k, v)
		}
	}
}

// entriesByRole maps each access entry's principal to the entry's name.
func entriesByRole(t *testing.T, clusterInputs resource.PropertyMap) map[string]string {
	t.Helper()
	entries := clusterProp(clusterInputs, "accessEntries")
	if !entries.IsObject() {
		t.Fatalf("accessEntries %v", entries)
	}
	byRole := map[string]string{}
	for name, e := range entries.ObjectValue() {
		if p := e.ObjectValue()["principalArn"]; p.IsString() {
			byRole[p.StringValue()] = string(name)
		}
	}
	return byRole
}
