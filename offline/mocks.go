package offline

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Account is the AWS account id the mocks answer with.
const Account = "123456789012"

// awsMocks answers the SDK's mock engine the way AWS would: ids with the right prefixes, ARNs in
// the stack's region, DNS names and endpoints, private addresses. Every answer is derived from
// the resource's name, so two runs of the same stack register identical values.
type awsMocks struct {
	region  string
	zones   []string
	project string
	stack   string

	mu          sync.Mutex
	resources   []Resource
	subnetCIDRs map[string]string // subnet id → CIDR, to hand out addresses inside it
}

var _ pulumi.MockResourceMonitorWithMethodCall = (*awsMocks)(nil)

// outputFunc adds the outputs AWS computes for one resource type to the echoed inputs.
type outputFunc func(m *awsMocks, args pulumi.MockResourceArgs, id string, out resource.PropertyMap)

// outputsByType lists the resource types whose computed outputs the program reads.
var outputsByType = map[string]outputFunc{
	"aws:ec2/vpc:Vpc":                                   vpcOutputs,
	"aws:ec2/subnet:Subnet":                             subnetOutputs,
	"aws:ec2/eip:Eip":                                   eipOutputs,
	"aws:ec2/networkInterface:NetworkInterface":         nodeInterfaceOutputs,
	"aws:ec2/instance:Instance":                         instanceOutputs,
	"aws:lb/loadBalancer:LoadBalancer":                  loadBalancerOutputs,
	"aws:lb/targetGroup:TargetGroup":                    targetGroupOutputs,
	"aws:elasticache/replicationGroup:ReplicationGroup": replicationGroupOutputs,
	"aws:kms/key:Key":                                   kmsKeyOutputs,
	"aws:ssm/association:Association":                   associationOutputs,

	// The EKS tier (mocks_eks.go).
	"eks:index:Cluster":                                   eksClusterOutputs,
	"eks:index:ManagedNodeGroup":                          managedNodeGroupOutputs,
	"aws:ec2/launchTemplate:LaunchTemplate":               launchTemplateOutputs,
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": oidcProviderOutputs,

	// Autoscaling (mocks_autoscaling.go).
	"aws:appautoscaling/target:Target": scalableTargetOutputs,
	"aws:appautoscaling/policy:Policy": scalingPolicyOutputs,
	"kubernetes:helm.sh/v3:Release":    helmReleaseOutputs,

	// Monitoring (mocks_monitoring.go).
	"aws:sns/topic:Topic":                         topicOutputs,
	"aws:sns/topicSubscription:TopicSubscription": topicSubscriptionOutputs,
	"aws:cloudwatch/metricAlarm:MetricAlarm":      metricAlarmOutputs,
	"aws:cloudwatch/dashboard:Dashboard":          dashboardOutputs,
}

// idPrefixes are the prefixes of AWS resource ids by type.
var idPrefixes = map[string]string{
	"aws:ec2/vpc:Vpc":                                           "vpc-",
	"aws:ec2/subnet:Subnet":                                     "subnet-",
	"aws:ec2/internetGateway:InternetGateway":                   "igw-",
	"aws:ec2/eip:Eip":                                           "eipalloc-",
	"aws:ec2/natGateway:NatGateway":                             "nat-",
	"aws:ec2/routeTable:RouteTable":                             "rtb-",
	"aws:ec2/routeTableAssociation:RouteTableAssociation":       "rtbassoc-",
	"aws:ec2/securityGroup:SecurityGroup":                       "sg-",
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr-",
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   "sgr-",
	"aws:ec2/instance:Instance":                                 "i-",
	"aws:ec2/networkInterface:NetworkInterface":                 "eni-",
	"aws:ebs/volume:Volume":                                     "vol-",
	"aws:ec2/launchTemplate:LaunchTemplate":                     "lt-",
	"aws:dlm/lifecyclePolicy:LifecyclePolicy":                   "policy-",
}

func (m *awsMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	id := args.ID
	if id == "" {
		id = m.physicalID(args.TypeToken, args.Name)
	}
	out := args.Inputs.Copy()
	if args.Custom && strings.HasPrefix(args.TypeToken, "aws:") {
		out["arn"] = resource.NewProperty(m.arn(args.TypeToken, id))
		if tags, ok := args.Inputs["tags"]; ok {
			out["tagsAll"] = tags
		}
	}
	if err := m.autoNameOutputs(args, out); err != nil {
		return "", nil, err
	}
	if f, ok := outputsByType[args.TypeToken]; ok {
		f(m, args, id, out)
	}
	m.record(args, id, out)
	return id, out, nil
}

func (m *awsMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if f, ok := invokes[args.Token]; ok {
		return f(m, args)
	}
	return nil, fmt.Errorf("offline: no mock answer for invoke %s", args.Token)
}

func (m *awsMocks) MethodCall(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if f, ok := methods[args.Token]; ok {
		return f(m, args)
	}
	return nil, fmt.Errorf("offline: no mock answer for method %s", args.Token)
}

// physicalID is a stable AWS-looking id: the type's prefix and 17 hex digits from the name.
func (m *awsMocks) physicalID(typ, name string) string {
	prefix, ok := idPrefixes[typ]
	if !ok {
		return name + "-" + m.hex(typ + name)[:8]
	}
	return prefix + m.hex(typ + name)[:17]
}

func (m *awsMocks) hex(s string) string {
	sum := sha256.Sum256([]byte(m.stack + "/" + s))
	return hex.EncodeToString(sum[:])
}

// uuid shapes the first 32 digits of a hex string as a UUID (8-4-4-4-12), as the ids of KMS
// keys, scaling policies, subscriptions and EKS node groups' Auto Scaling groups are.
func uuid(h string) string {
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// number is a stable small number derived from s.
func (m *awsMocks) number(s string, mod uint32) uint32 {
	sum := sha256.Sum256([]byte(m.stack + "/" + s))
	return binary.BigEndian.Uint32(sum[:4]) % mod
}

func (m *awsMocks) arn(typ, id string) string {
	service := strings.SplitN(strings.TrimPrefix(typ, "aws:"), "/", 2)[0]
	kind := typ[strings.LastIndex(typ, ":")+1:]
	region := m.region
	if service == "iam" {
		region = "" // IAM is global: arn:aws:iam::<account>:role/<name>
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", service, region, Account, strings.ToLower(kind), id)
}
