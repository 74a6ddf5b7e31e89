package loadbalancer

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/components/tagging"
)

// listeners creates what clients connect to. With a certificate: HTTPS 443 (ALB) or TLS 443
// (NLB) forwarding to the workers, and on an ALB HTTP 80 answering a permanent redirect to
// HTTPS. Without one: HTTP 80 (ALB) or TCP 80 (NLB) forwarding to the workers.
// Each listener waits for the rules that open its port; turning HTTPS on changes 80 from
// forwarding to redirecting, so 80 also waits for 443.
func (c *LoadBalancer) listeners(ctx *pulumi.Context, name string, args Args, balancer *lb.LoadBalancer, tg *lb.TargetGroup,
	openPorts map[int][]pulumi.Resource) error {
	forward := lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
		Type:           pulumi.String("forward"),
		TargetGroupArn: tg.Arn,
	}}
	if args.CertificateARN == "" {
		protocol := "HTTP"
		if args.isNetwork() {
			protocol = "TCP"
		}
		_, err := c.listener(ctx, name, args, balancer, httpPort, protocol, forward, pulumi.DependsOn(openPorts[httpPort]))
		return err
	}
	protocol := "HTTPS"
	if args.isNetwork() {
		protocol = "TLS"
	}
	secure, err := c.listener(ctx, name, args, balancer, httpsPort, protocol, forward, pulumi.DependsOn(openPorts[httpsPort]))
	if err != nil {
		return err
	}
	if args.isNetwork() {
		return nil // a layer-4 listener cannot redirect; 80 stays closed
	}
	redirect := lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
		Type: pulumi.String("redirect"),
		Redirect: lb.ListenerDefaultActionRedirectArgs{
			Protocol:   pulumi.String("HTTPS"),
			Port:       pulumi.String(strconv.Itoa(httpsPort)),
			StatusCode: pulumi.String("HTTP_301"),
		},
	}}
	_, err = c.listener(ctx, name, args, balancer, httpPort, "HTTP", redirect,
		pulumi.DependsOn(append([]pulumi.Resource{secure}, openPorts[httpPort]...)))
	return err
}

func (c *LoadBalancer) listener(ctx *pulumi.Context, name string, args Args, balancer *lb.LoadBalancer, port int, protocol string,
	actions lb.ListenerDefaultActionArray, opts ...pulumi.ResourceOption) (*lb.Listener, error) {
	lName := fmt.Sprintf("%s-%d", name, port)
	lArgs := &lb.ListenerArgs{
		LoadBalancerArn: balancer.Arn,
		Port:            pulumi.Int(port),
		Protocol:        pulumi.String(protocol),
		DefaultActions:  actions,
		Tags:            tagging.Named(args.Tags, lName),
	}
	if protocol == "HTTPS" || protocol == "TLS" {
		lArgs.CertificateArn = pulumi.String(args.CertificateARN)
		lArgs.SslPolicy = pulumi.String(args.TLSPolicy)
	}
	listener, err := lb.NewListener(ctx, lName, lArgs, append(opts, pulumi.Parent(c))...)
	if err != nil {
		return nil, fmt.Errorf("creating %s listener %s: %w", protocol, lName, err)
	}
	return listener, nil
}
