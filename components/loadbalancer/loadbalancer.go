// Package loadbalancer is the Elastic Load Balancing v2 component in front of the EKS workers: an
// ALB or NLB, its security group, listeners, and a target group of instance targets on the
// workers' NodePort, attached to every managed node group's autoscaling group.
//
// Instance targets on a NodePort, not ip targets: ip targets need the AWS Load Balancer
// Controller inside the cluster to register pod IPs, while instance targets work from
// infrastructure alone and follow the cluster autoscaler through the autoscaling group
// attachment (new nodes register, drained ones deregister).
package loadbalancer

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// Load balancer types.
const (
	TypeApplication = "application" // ALB: HTTP/HTTPS, layer 7
	TypeNetwork     = "network"     // NLB: TCP/TLS, layer 4
)

// Args configure a LoadBalancer.
type Args struct {
	// Type is TypeApplication or TypeNetwork. Required.
	Type string
	// Internal places the load balancer in SubnetIDs as an internal one; otherwise it is
	// internet-facing. Pass private subnets with Internal, public ones without.
	Internal bool
	// VPCID of the subnets and the workers. Required.
	VPCID pulumi.StringInput
	// SubnetIDs the load balancer spans, one per zone. Required.
	SubnetIDs pulumi.StringArrayInput
	// CertificateARN turns on the encrypted listener on 443 (HTTPS on an ALB, TLS on an NLB), and on
	// an ALB redirects HTTP 80 to it. Empty: plain HTTP (ALB) or TCP (NLB) on 80.
	CertificateARN string
	// TLSPolicy of the encrypted listener, e.g. ELBSecurityPolicy-TLS13-1-2-2021-06. Required with
	// CertificateARN.
	TLSPolicy string
	// AllowedCIDRs (IPv4) may reach the listener ports. At least one.
	AllowedCIDRs []string
	// TargetPort is the NodePort on the workers the target group forwards to. Required.
	TargetPort int
	// HealthCheck of the target group.
	HealthCheck HealthCheck
	// IdleTimeoutSeconds of an ALB connection; ignored on an NLB. 0 keeps AWS's 60.
	IdleTimeoutSeconds int
	// DropInvalidHeaderFields makes an ALB drop HTTP headers that are not valid (a defence against
	// request smuggling); ignored on an NLB. The stacks default it to true.
	DropInvalidHeaderFields bool
	// CrossZone turns on cross-zone load balancing of an NLB; an ALB always balances across zones.
	CrossZone bool
	// AccessLogsBucket, when set, receives access logs under AccessLogsPrefix. Its bucket policy
	// must let ELB log delivery write. An NLB logs TLS connections only.
	AccessLogsBucket string
	AccessLogsPrefix string
	// DeletionProtection refuses deletion through the API (prod).
	DeletionProtection bool
	// WorkerSecurityGroupID is the workers' security group; it is opened to the load balancer's
	// security group on the target (and health-check) port only. Required.
	WorkerSecurityGroupID pulumi.StringInput
	// NodeGroups whose autoscaling groups register their instances as targets. At least one.
	NodeGroups []NodeGroupTarget
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// NodeGroupTarget is one managed node group: its name (which names the attachment, so adding,
// removing or reordering node groups touches no other attachment) and its autoscaling group.
type NodeGroupTarget struct {
	Name                 string
	AutoScalingGroupName pulumi.StringInput
}

// HealthCheck is the target group's heartbeat to each worker.
type HealthCheck struct {
	Protocol           string // HTTP, HTTPS or TCP (NLB only)
	Path               string // HTTP and HTTPS only
	Port               string // "traffic-port" or a port number
	IntervalSeconds    int
	TimeoutSeconds     int
	HealthyThreshold   int
	UnhealthyThreshold int
	Matcher            string // HTTP codes, HTTP and HTTPS only
}

// LoadBalancer is the component.
type LoadBalancer struct {
	pulumi.ResourceState

	DNSName         pulumi.StringOutput `pulumi:"dnsName"`
	ZoneID          pulumi.StringOutput `pulumi:"zoneId"`
	ARN             pulumi.StringOutput `pulumi:"arn"`
	TargetGroupARN  pulumi.StringOutput `pulumi:"targetGroupArn"`
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// ARNSuffix and TargetGroupARNSuffix are the LoadBalancer and TargetGroup dimensions of the
	// load balancer's CloudWatch metrics.
	ARNSuffix            pulumi.StringOutput `pulumi:"arnSuffix"`
	TargetGroupARNSuffix pulumi.StringOutput `pulumi:"targetGroupArnSuffix"`
}

// New registers the load balancer component and its resources.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*LoadBalancer, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("load balancer %s: %w", name, err)
	}
	c := &LoadBalancer{}
	if err := ctx.RegisterComponentResource("platform:loadbalancer:LoadBalancer", name, c, opts...); err != nil {
		return nil, err
	}
	sg, openPorts, err := c.securityGroup(ctx, name, args)
	if err != nil {
		return nil, err
	}
	balancer, err := c.loadBalancer(ctx, name, args, sg)
	if err != nil {
		return nil, err
	}
	tg, err := c.targetGroup(ctx, name, args)
	if err != nil {
		return nil, err
	}
	if err := c.attachNodeGroups(ctx, name, args, tg); err != nil {
		return nil, err
	}
	if err := c.listeners(ctx, name, args, balancer, tg, openPorts); err != nil {
		return nil, err
	}
	c.DNSName = balancer.DnsName
	c.ZoneID = balancer.ZoneId
	c.ARN = balancer.Arn
	c.TargetGroupARN = tg.Arn
	c.SecurityGroupID = sg.ID().ToStringOutput()
	c.ARNSuffix = balancer.ArnSuffix
	c.TargetGroupARNSuffix = tg.ArnSuffix
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"dnsName":              c.DNSName,
		"zoneId":               c.ZoneID,
		"arn":                  c.ARN,
		"targetGroupArn":       c.TargetGroupARN,
		"securityGroupId":      c.SecurityGroupID,
		"arnSuffix":            c.ARNSuffix,
		"targetGroupArnSuffix": c.TargetGroupARNSuffix,
	})
}

func (a Args) check() error {
	switch {
	case a.Type != TypeApplication && a.Type != TypeNetwork:
		return fmt.Errorf("type %q: want %s or %s", a.Type, TypeApplication, TypeNetwork)
	case a.VPCID == nil || a.SubnetIDs == nil || a.WorkerSecurityGroupID == nil:
		return fmt.Errorf("VPCID, SubnetIDs and WorkerSecurityGroupID are required")
	case a.TargetPort < 1 || a.TargetPort > 65535:
		return fmt.Errorf("target port %d: want 1 to 65535", a.TargetPort)
	case len(a.AllowedCIDRs) == 0:
		return fmt.Errorf("AllowedCIDRs: want at least one CIDR")
	case len(a.NodeGroups) == 0:
		return fmt.Errorf("NodeGroups: want at least one node group to send traffic to")
	case a.CertificateARN != "" && a.TLSPolicy == "":
		return fmt.Errorf("TLSPolicy is required with a certificate")
	case a.HealthCheck.Protocol == "TCP" && !a.isNetwork():
		return fmt.Errorf("health check protocol TCP: an ALB target group checks over HTTP or HTTPS")
	}
	return nil
}

func (a Args) isNetwork() bool { return a.Type == TypeNetwork }

// loadBalancer registers the ALB or NLB itself.
func (c *LoadBalancer) loadBalancer(ctx *pulumi.Context, name string, args Args, sg *ec2.SecurityGroup) (*lb.LoadBalancer, error) {
	lbArgs := &lb.LoadBalancerArgs{
		LoadBalancerType:         pulumi.String(args.Type),
		Internal:                 pulumi.Bool(args.Internal),
		Subnets:                  args.SubnetIDs,
		SecurityGroups:           pulumi.StringArray{sg.ID()},
		EnableDeletionProtection: pulumi.Bool(args.DeletionProtection),
		Tags:                     tagging.Named(args.Tags, name),
	}
	if args.isNetwork() {
		lbArgs.EnableCrossZoneLoadBalancing = pulumi.Bool(args.CrossZone)
	} else {
		lbArgs.DropInvalidHeaderFields = pulumi.Bool(args.DropInvalidHeaderFields)
		if args.IdleTimeoutSeconds > 0 {
			lbArgs.IdleTimeout = pulumi.Int(args.IdleTimeoutSeconds)
		}
	}
	if args.AccessLogsBucket != "" {
		logs := &lb.LoadBalancerAccessLogsArgs{Bucket: pulumi.String(args.AccessLogsBucket), Enabled: pulumi.Bool(true)}
		if args.AccessLogsPrefix != "" {
			logs.Prefix = pulumi.String(args.AccessLogsPrefix)
		}
		lbArgs.AccessLogs = logs
	}
	balancer, err := lb.NewLoadBalancer(ctx, name, lbArgs, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("creating %s load balancer %s: %w", args.Type, name, err)
	}
	return balancer, nil
}
