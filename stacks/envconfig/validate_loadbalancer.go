package envconfig

import (
	"regexp"
	"strconv"
	"strings"
)

// Elastic Load Balancing v2 target group and load balancer limits (ELB API reference,
// CreateTargetGroup and ModifyLoadBalancerAttributes; the same ranges apply to ALB and NLB
// target groups since NLB health checks became configurable in November 2022).
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
	// HTTP codes a health check may expect (Matcher.HttpCode): 200-499 on an ALB, 200-599 on an NLB.
	MinMatcherCode    = 200
	MaxALBMatcherCode = 499
	MaxNLBMatcherCode = 599
)

// Load balancer types of loadBalancer.type.
const (
	LBApplication = "application"
	LBNetwork     = "network"
)

var (
	tlsPolicies = []string{
		"ELBSecurityPolicy-TLS13-1-2-2021-06",
		"ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
		"ELBSecurityPolicy-TLS13-1-3-2021-06",
		"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
		"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
	}
	certificateARN = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate/[0-9a-f-]+$`)
	httpMatcher    = regexp.MustCompile(`^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$`)
	bucketName     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
)

// IsNetwork tells whether the load balancer is an NLB.
func (lb LoadBalancer) IsNetwork() bool { return lb.Type == LBNetwork }

func validateLoadBalancer(env *Environment, r *report) {
	lb := env.LoadBalancer
	r.oneOf("loadBalancer.type", lb.Type, LBApplication, LBNetwork)
	validateListener(env, r)
	if len(lb.AllowedCIDRs) == 0 {
		r.add("loadBalancer.allowedCidrs", lb.AllowedCIDRs, "must list at least one CIDR")
	}
	checkIPv4CIDRs(r, "loadBalancer.allowedCidrs", lb.AllowedCIDRs, "the load balancer is IPv4 only")
	r.intRange("loadBalancer.targetPort", lb.TargetPort, MinNodePort, MaxNodePort)
	validateAccessLogs(lb, r)
	validateTypeOptions(lb, r)
	validateHealthCheck(r, lb)
}

// validateListener checks that HTTPS and its certificate come together, the certificate in the
// stack's region (ACM certificates serve load balancers of their own region only).
func validateListener(env *Environment, r *report) {
	lb := env.LoadBalancer
	r.oneOf("loadBalancer.tlsPolicy", lb.TLSPolicy, tlsPolicies...)
	switch {
	case lb.HTTPS && lb.CertificateARN == "":
		r.missing("loadBalancer.certificateArn", "is required with loadBalancer.https: true (an ACM certificate ARN in %s)", env.Region)
	case !lb.HTTPS && lb.CertificateARN != "":
		r.add("loadBalancer.certificateArn", lb.CertificateARN, "is used only with loadBalancer.https: true; set https or leave the certificate out")
	case lb.CertificateARN != "":
		m := certificateARN.FindStringSubmatch(lb.CertificateARN)
		switch {
		case m == nil:
			r.add("loadBalancer.certificateArn", lb.CertificateARN, "must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)")
		case env.Region != "" && m[1] != env.Region:
			r.add("loadBalancer.certificateArn", lb.CertificateARN, "must be a certificate in the stack's region %s, not %s", env.Region, m[1])
		}
	}
}

func validateAccessLogs(lb LoadBalancer, r *report) {
	switch {
	case lb.AccessLogsBucket == "":
		if lb.AccessLogsPrefix != "" {
			r.add("loadBalancer.accessLogsPrefix", lb.AccessLogsPrefix, "needs loadBalancer.accessLogsBucket")
		}
		return
	case !bucketName.MatchString(lb.AccessLogsBucket):
		r.add("loadBalancer.accessLogsBucket", lb.AccessLogsBucket, "must be an S3 bucket name (3 to 63 lowercase letters, digits, dots, hyphens)")
	case lb.IsNetwork() && !lb.HTTPS:
		r.add("loadBalancer.accessLogsBucket", lb.AccessLogsBucket, "an NLB logs TLS connections only; it needs loadBalancer.https: true")
	}
	if strings.Contains(lb.AccessLogsPrefix, "AWSLogs") || strings.HasPrefix(lb.AccessLogsPrefix, "/") || strings.HasSuffix(lb.AccessLogsPrefix, "/") {
		r.add("loadBalancer.accessLogsPrefix", lb.AccessLogsPrefix, "must not contain AWSLogs (ELB appends it) nor start or end with /")
	}
}

// validateTypeOptions rejects options the chosen type does not have. The ALB-only options
// default to values an NLB ignores, so only a changed value is an error.
func validateTypeOptions(lb LoadBalancer, r *report) {
	def := Defaults().LoadBalancer
	if !lb.IsNetwork() {
		r.intRange("loadBalancer.idleTimeout", lb.IdleTimeoutSeconds, MinIdleTimeout, MaxIdleTimeout)
		if !lb.CrossZone {
			r.add("loadBalancer.crossZone", lb.CrossZone, "an ALB always balances across zones; leave it out")
		}
		return
	}
	if lb.IdleTimeoutSeconds != def.IdleTimeoutSeconds {
		r.add("loadBalancer.idleTimeout", lb.IdleTimeoutSeconds, "is an ALB option; an NLB's TCP idle timeout is fixed at 350 s, leave it out")
	}
	if lb.DropInvalidHeaderFields != def.DropInvalidHeaderFields {
		r.add("loadBalancer.dropInvalidHeaderFields", lb.DropInvalidHeaderFields, "is an ALB option; an NLB does not parse HTTP, leave it out")
	}
}

func validateHealthCheck(r *report, lb LoadBalancer) {
	hc := lb.HealthCheck
	def := Defaults().LoadBalancer.HealthCheck
	const p = "loadBalancer.healthCheck"
	r.oneOf(p+".protocol", hc.Protocol, "HTTP", "HTTPS", "TCP")
	switch {
	case hc.Protocol == "TCP" && !lb.IsNetwork():
		r.add(p+".protocol", hc.Protocol, "an ALB target group checks over HTTP or HTTPS")
	case hc.Protocol == "TCP":
		if hc.Path != def.Path {
			r.add(p+".path", hc.Path, "is used by HTTP and HTTPS checks only; leave it out with protocol TCP")
		}
		if hc.Matcher != def.Matcher {
			r.add(p+".matcher", hc.Matcher, "is used by HTTP and HTTPS checks only; leave it out with protocol TCP")
		}
	default:
		if !strings.HasPrefix(hc.Path, "/") || len(hc.Path) > 1024 {
			r.add(p+".path", hc.Path, "must start with / and be at most 1024 characters")
		}
		maxCode := MaxALBMatcherCode
		if lb.IsNetwork() {
			maxCode = MaxNLBMatcherCode
		}
		if !matcherWithin(hc.Matcher, MinMatcherCode, maxCode) {
			r.add(p+".matcher", hc.Matcher, "must be HTTP codes %d to %d like 200, 200,202 or 200-399", MinMatcherCode, maxCode)
		}
	}
	if hc.Port != TrafficPort {
		if n, err := strconv.Atoi(string(hc.Port)); err != nil || n < 1 || n > 65535 {
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

// matcherWithin tells whether a matcher ("200", "200,202", "200-399") names only codes lo..hi,
// each range ascending.
func matcherWithin(matcher string, lo, hi int) bool {
	if !httpMatcher.MatchString(matcher) {
		return false
	}
	for _, part := range strings.Split(matcher, ",") {
		first, last, isRange := strings.Cut(part, "-")
		a, _ := strconv.Atoi(first)
		b := a
		if isRange {
			b, _ = strconv.Atoi(last)
		}
		if a < lo || b > hi || a > b {
			return false
		}
	}
	return true
}
