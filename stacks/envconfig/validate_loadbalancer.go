package envconfig

import (
	"regexp"
	"strconv"
	"strings"
)

// Elastic Load Balancing v2 target group and load balancer limits (ELB API reference,
// CreateTargetGroup and ModifyLoadBalancerAttributes).
const (
	MinHealthCheckInterval  = 5
	MaxHealthCheckInterval  = 300
	MinHealthCheckTimeout   = 2
	MaxHealthCheckTimeout   = 120
	MinHealthCheckThreshold = 2
	MaxHealthCheckThreshold = 10
	MinIdleTimeout          = 1
	MaxIdleTimeout          = 4000
	MinNodePort             = 30000 // Kubernetes' default NodePort range
	MaxNodePort             = 32767
)

var (
	tlsPolicies = []string{
		"ELBSecurityPolicy-TLS13-1-2-2021-06",
		"ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
		"ELBSecurityPolicy-TLS13-1-3-2021-06",
		"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
		"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
	}
	certificateARN = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[0-9a-f-]+$`)
	httpMatcher    = regexp.MustCompile(`^[1-5]\d\d(-[1-5]\d\d)?(,[1-5]\d\d(-[1-5]\d\d)?)*$`)
	bucketName     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
)

// IsNetwork tells whether the load balancer is an NLB.
func (lb LoadBalancer) IsNetwork() bool { return lb.Type == "network" }

func validateLoadBalancer(env *Environment, r *report) {
	lb := env.LoadBalancer
	r.oneOf("loadBalancer.type", lb.Type, "application", "network")
	if lb.CertificateARN != "" && !certificateARN.MatchString(lb.CertificateARN) {
		r.add("loadBalancer.certificateArn", lb.CertificateARN, "must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)")
	}
	if len(lb.AllowedCIDRs) == 0 {
		r.add("loadBalancer.allowedCidrs", lb.AllowedCIDRs, "must list at least one CIDR")
	}
	checkCIDRs(r, "loadBalancer.allowedCidrs", lb.AllowedCIDRs)
	r.intRange("loadBalancer.targetPort", lb.TargetPort, MinNodePort, MaxNodePort)
	r.oneOf("loadBalancer.tlsPolicy", lb.TLSPolicy, tlsPolicies...)
	if lb.AccessLogsBucket != "" && !bucketName.MatchString(lb.AccessLogsBucket) {
		r.add("loadBalancer.accessLogsBucket", lb.AccessLogsBucket, "must be an S3 bucket name (3 to 63 lowercase letters, digits, dots, hyphens)")
	}
	if lb.IsNetwork() {
		if lb.IdleTimeoutSeconds != Defaults().LoadBalancer.IdleTimeoutSeconds {
			r.add("loadBalancer.idleTimeout", lb.IdleTimeoutSeconds, "is an ALB option; an NLB's TCP idle timeout is fixed at 350 s, leave it out")
		}
	} else {
		r.intRange("loadBalancer.idleTimeout", lb.IdleTimeoutSeconds, MinIdleTimeout, MaxIdleTimeout)
	}
	validateHealthCheck(r, lb)
}

func validateHealthCheck(r *report, lb LoadBalancer) {
	hc := lb.HealthCheck
	const p = "loadBalancer.healthCheck"
	r.oneOf(p+".protocol", hc.Protocol, "HTTP", "HTTPS", "TCP")
	if hc.Protocol == "TCP" && !lb.IsNetwork() {
		r.add(p+".protocol", hc.Protocol, "an ALB target group checks over HTTP or HTTPS")
	}
	if hc.Protocol != "TCP" {
		if !strings.HasPrefix(hc.Path, "/") || len(hc.Path) > 1024 {
			r.add(p+".path", hc.Path, "must start with / and be at most 1024 characters")
		}
		if !httpMatcher.MatchString(hc.Matcher) {
			r.add(p+".matcher", hc.Matcher, "must be HTTP codes like 200, 200,202 or 200-399")
		}
	}
	if hc.Port != "traffic-port" {
		if n, err := strconv.Atoi(hc.Port); err != nil || n < 1 || n > 65535 {
			r.add(p+".port", hc.Port, "must be traffic-port or a port 1 to 65535")
		}
	}
	r.intRange(p+".interval", hc.IntervalSeconds, MinHealthCheckInterval, MaxHealthCheckInterval)
	r.intRange(p+".timeout", hc.TimeoutSeconds, MinHealthCheckTimeout, MaxHealthCheckTimeout)
	if hc.TimeoutSeconds >= hc.IntervalSeconds {
		r.add(p+".timeout", hc.TimeoutSeconds, "must be less than the interval (%d s)", hc.IntervalSeconds)
	}
	r.intRange(p+".healthyThreshold", hc.HealthyThreshold, MinHealthCheckThreshold, MaxHealthCheckThreshold)
	r.intRange(p+".unhealthyThreshold", hc.UnhealthyThreshold, MinHealthCheckThreshold, MaxHealthCheckThreshold)
}
