package offline

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// pulumi-eks components reach the mocks as themselves (eks:index:Cluster, eks:index:ManagedNodeGroup);
// the AWS resources they create inside never do. The Go SDK reads those inner resources from the
// component's outputs as resource references (eksCluster, nodeGroup) and resolves a reference by
// looking its URN up among the registered resources. So each component answers with a reference to
// its own URN, typed as the AWS resource, and carries that resource's fields in its own outputs.

// eksClusterOutputs answers eks:index:Cluster with what AWS and pulumi-eks compute for the cluster.
func eksClusterOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	name := str(args.Inputs, "name")
	if name == "" {
		name = args.Name
	}
	ref := m.selfReference(args, "aws:eks/cluster:Cluster", name)
	code := strings.ToUpper(m.hex("eks/" + name)[:32])
	endpoint := fmt.Sprintf("https://%s.gr7.%s.eks.amazonaws.com", code, m.region)
	ca := base64.StdEncoding.EncodeToString([]byte("-----BEGIN CERTIFICATE-----\noffline " + name + "\n-----END CERTIFICATE-----\n"))

	// The aws:eks Cluster's fields, read through eksCluster.
	out["name"] = resource.NewProperty(name)
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:eks:%s:%s:cluster/%s", m.region, Account, name))
	out["endpoint"] = resource.NewProperty(endpoint)
	out["status"] = resource.NewProperty("ACTIVE")
	out["platformVersion"] = resource.NewProperty("eks.1")
	out["certificateAuthority"] = resource.NewPropertyValue(map[string]any{"data": ca})
	out["identities"] = resource.NewPropertyValue([]any{map[string]any{"oidcs": []any{map[string]any{
		"issuer": fmt.Sprintf("https://oidc.eks.%s.amazonaws.com/id/%s", m.region, code),
	}}}})
	out["vpcConfig"] = resource.NewPropertyValue(map[string]any{
		"clusterSecurityGroupId": "sg-" + m.hex("eks-cluster-sg/" + name)[:17],
		"vpcId":                  str(args.Inputs, "vpcId"),
		"endpointPrivateAccess":  boolInput(args.Inputs, "endpointPrivateAccess"),
		"endpointPublicAccess":   boolInput(args.Inputs, "endpointPublicAccess"),
	})

	// pulumi-eks's own outputs.
	kubeconfig := kubeconfigFor(name, endpoint, ca)
	kubeconfigJSON, _ := json.Marshal(kubeconfig)
	out["eksCluster"] = ref
	out["kubeconfig"] = resource.NewPropertyValue(kubeconfig)
	out["kubeconfigJson"] = resource.NewProperty(string(kubeconfigJSON))
	out["core"] = resource.NewProperty(resource.PropertyMap{
		"cluster":          ref,
		"endpoint":         resource.NewProperty(endpoint),
		"vpcId":            args.Inputs["vpcId"],
		"privateSubnetIds": args.Inputs["privateSubnetIds"],
		"instanceRoles":    args.Inputs["instanceRoles"],
		"tags":             args.Inputs["tags"],
		"kubeconfig":       out["kubeconfig"],
	})
}

// kubeconfigFor is the kubeconfig pulumi-eks v2 builds: it authenticates with `aws eks get-token`.
func kubeconfigFor(cluster, endpoint, ca string) map[string]any {
	return map[string]any{
		"apiVersion": "v1",
		"kind":       "Config",
		"clusters": []any{map[string]any{"name": "kubernetes", "cluster": map[string]any{
			"server": endpoint, "certificate-authority-data": ca,
		}}},
		"contexts":        []any{map[string]any{"name": "aws", "context": map[string]any{"cluster": "kubernetes", "user": "aws"}}},
		"current-context": "aws",
		"users": []any{map[string]any{"name": "aws", "user": map[string]any{"exec": map[string]any{
			"apiVersion": "client.authentication.k8s.io/v1beta1",
			"command":    "aws",
			"args":       []any{"eks", "get-token", "--cluster-name", cluster},
		}}}},
	}
}

// managedNodeGroupOutputs answers eks:index:ManagedNodeGroup with the aws:eks NodeGroup inside it,
// including the Auto Scaling group EKS creates for the group.
func managedNodeGroupOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	cluster := m.clusterNameOf(args.Inputs["cluster"])
	nodeGroupName := args.Name + "-" + m.hex("nodegroup/" + args.Name)[:7]
	h := m.hex("asg/" + nodeGroupName)
	asg := "eks-" + nodeGroupName + "-" + uuid(h)

	out["nodeGroup"] = m.selfReference(args, "aws:eks/nodeGroup:NodeGroup", cluster+":"+nodeGroupName)
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:eks:%s:%s:nodegroup/%s/%s/%s", m.region, Account, cluster, nodeGroupName, h[:36]))
	out["clusterName"] = resource.NewProperty(cluster)
	out["nodeGroupName"] = resource.NewProperty(nodeGroupName)
	out["status"] = resource.NewProperty("ACTIVE")
	out["resources"] = resource.NewPropertyValue([]any{map[string]any{
		"autoscalingGroups": []any{map[string]any{"name": asg}},
	}})
}

// clusterNameOf follows a ManagedNodeGroup's cluster input (a reference to the eks:index:Cluster)
// to the cluster's name.
func (m *awsMocks) clusterNameOf(v resource.PropertyValue) string {
	if !v.IsResourceReference() {
		return ""
	}
	urn := string(v.ResourceReferenceValue().URN)
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.resources {
		if r.URN == urn {
			return str(r.Outputs, "name")
		}
	}
	return ""
}

// selfReference is a reference to the resource being registered, typed as typ: the Go SDK then
// reads typ's fields from this resource's outputs.
func (m *awsMocks) selfReference(args pulumi.MockResourceArgs, typ, id string) resource.PropertyValue {
	parent := ""
	if args.RegisterRPC != nil {
		parent = args.RegisterRPC.GetParent()
	}
	return resource.NewResourceReferenceProperty(resource.ResourceReference{
		URN:  resource.URN(m.urn(parent, args.TypeToken, args.Name)),
		Type: typ,
		ID:   resource.NewProperty(id),
	})
}

func boolInput(inputs resource.PropertyMap, key string) bool {
	v, ok := inputs[resource.PropertyKey(key)]
	return ok && v.IsBool() && v.BoolValue()
}

// launchTemplateOutputs: a new launch template is at version 1.
func launchTemplateOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	out["latestVersion"] = resource.NewProperty(1.0)
	out["defaultVersion"] = resource.NewProperty(1.0)
	if str(args.Inputs, "name") == "" {
		out["name"] = resource.NewProperty(args.Name + "-" + m.hex(id)[:7])
	}
}

// oidcProviderOutputs: IAM is global, and an OIDC provider's ARN ends in its issuer's host and path.
func oidcProviderOutputs(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap) {
	issuer := strings.TrimPrefix(str(args.Inputs, "url"), "https://")
	out["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", Account, issuer))
}
