package envconfig_test

import (
	"strings"
	"testing"

	"github.com/platform-team/platform/stacks/envconfig"
)

const testCertificate = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

// loadLoadBalancer loads a dev stack in us-east-1 whose platform:loadBalancer is lbJSON.
func loadLoadBalancer(lbJSON string) (*envconfig.Environment, error) {
	cfg := map[string]string{
		"aws:region":              "us-east-1",
		"platform:environment":    "dev",
		"platform:cacheAuthToken": "0123456789abcdef0123",
		"platform:loadBalancer":   lbJSON,
	}
	return envconfig.Load("platform", "dev", func(k string) (string, bool) { v, ok := cfg[k]; return v, ok })
}

func TestLoadBalancerConfigsThatAreValid(t *testing.T) {
	for _, lbJSON := range []string{
		`{}`,
		`{"type":"application","https":true,"certificateArn":"` + testCertificate + `","accessLogsBucket":"lb-logs.example","accessLogsPrefix":"platform/dev"}`,
		`{"type":"network","healthCheck":{"protocol":"TCP"}}`,
		`{"type":"network","https":true,"certificateArn":"` + testCertificate + `","accessLogsBucket":"lb-logs","crossZone":false}`,
		`{"type":"network","healthCheck":{"protocol":"HTTP","matcher":"200-599"}}`,
		`{"internal":true,"allowedCidrs":["10.0.0.0/8"],"targetPort":32767,"idleTimeout":4000}`,
		`{"healthCheck":{"interval":300,"timeout":120,"healthyThreshold":10,"unhealthyThreshold":2,"port":"10256","matcher":"200,202-204"}}`,
		`{"healthCheck":{"port":10256}}`, // pulumi config set --path stores a bare number
	} {
		if _, err := loadLoadBalancer(lbJSON); err != nil {
			t.Errorf("%s: %v", lbJSON, err)
		}
	}
}

// Each bad load balancer config fails with exactly one problem, naming its key, the bad value
// and what is allowed.
func TestLoadBalancerBadConfigNamesTheKey(t *testing.T) {
	cases := []struct {
		name, lbJSON, key, detail string
	}{
		{"unknown type", `{"type":"gateway"}`, "loadBalancer.type", `"gateway" is not allowed: must be one of application, network`},
		{"unknown key", `{"listenerPort":8080}`, "loadBalancer.listenerPort", "unknown key"},
		{"target port below NodePorts", `{"targetPort":80}`, "loadBalancer.targetPort", "80 is not allowed: must be 30000 to 32767"},
		{"target port above NodePorts", `{"targetPort":40000}`, "loadBalancer.targetPort", "must be 30000 to 32767"},
		{"health-check port out of range", `{"healthCheck":{"port":"70000"}}`, "loadBalancer.healthCheck.port", "traffic-port or a port 1 to 65535"},
		{"health-check port bare and out of range", `{"healthCheck":{"port":0}}`, "loadBalancer.healthCheck.port", `"0" is not allowed`},
		{"health-check port neither number nor string", `{"healthCheck":{"port":true}}`, "loadBalancer.healthCheck.port", "got a bool"},
		{"HTTPS without certificate", `{"https":true}`, "loadBalancer.certificateArn", "is required with loadBalancer.https: true"},
		{"certificate without HTTPS", `{"certificateArn":"` + testCertificate + `"}`, "loadBalancer.certificateArn", "only with loadBalancer.https: true"},
		{"certificate not an ACM ARN", `{"https":true,"certificateArn":"arn:aws:iam::123456789012:server-certificate/x"}`, "loadBalancer.certificateArn", "must be an ACM certificate ARN"},
		{"certificate in another region", `{"https":true,"certificateArn":"` + strings.Replace(testCertificate, "us-east-1", "eu-west-1", 1) + `"}`, "loadBalancer.certificateArn", "stack's region us-east-1, not eu-west-1"},
		{"TLS policy not current", `{"https":true,"certificateArn":"` + testCertificate + `","tlsPolicy":"ELBSecurityPolicy-2016-08"}`, "loadBalancer.tlsPolicy", "must be one of ELBSecurityPolicy-TLS13-1-2-2021-06"},
		{"no allowed CIDRs", `{"allowedCidrs":[]}`, "loadBalancer.allowedCidrs", "at least one CIDR"},
		{"IPv6 CIDR on an IPv4 load balancer", `{"allowedCidrs":["2001:db8::/32"]}`, "loadBalancer.allowedCidrs[0]", "IPv4 only"},
		{"healthy threshold below 2", `{"healthCheck":{"healthyThreshold":1}}`, "loadBalancer.healthCheck.healthyThreshold", "must be 2 to 10"},
		{"unhealthy threshold above 10", `{"healthCheck":{"unhealthyThreshold":11}}`, "loadBalancer.healthCheck.unhealthyThreshold", "must be 2 to 10"},
		{"interval below 5", `{"healthCheck":{"interval":4,"timeout":3}}`, "loadBalancer.healthCheck.interval", "must be 5 to 300"},
		{"interval above 300", `{"healthCheck":{"interval":301}}`, "loadBalancer.healthCheck.interval", "must be 5 to 300"},
		{"timeout below 2", `{"healthCheck":{"timeout":1}}`, "loadBalancer.healthCheck.timeout", "must be 2 to 120"},
		{"timeout above 120", `{"healthCheck":{"interval":300,"timeout":121}}`, "loadBalancer.healthCheck.timeout", "must be 2 to 120"},
		{"timeout not below interval", `{"healthCheck":{"interval":10,"timeout":10}}`, "loadBalancer.healthCheck.timeout", "less than the interval (10 s)"},
		{"ALB matcher above 499", `{"healthCheck":{"matcher":"200-599"}}`, "loadBalancer.healthCheck.matcher", "HTTP codes 200 to 499"},
		{"NLB matcher below 200", `{"type":"network","healthCheck":{"matcher":"100-399"}}`, "loadBalancer.healthCheck.matcher", "HTTP codes 200 to 599"},
		{"matcher range descending", `{"healthCheck":{"matcher":"399-200"}}`, "loadBalancer.healthCheck.matcher", "HTTP codes 200 to 499"},
		{"path without slash", `{"healthCheck":{"path":"healthz"}}`, "loadBalancer.healthCheck.path", "must start with /"},
		{"TCP check on an ALB", `{"healthCheck":{"protocol":"TCP"}}`, "loadBalancer.healthCheck.protocol", "an ALB target group checks over HTTP or HTTPS"},
		{"path with a TCP check", `{"type":"network","healthCheck":{"protocol":"TCP","path":"/ready"}}`, "loadBalancer.healthCheck.path", "HTTP and HTTPS checks only"},
		{"matcher with a TCP check", `{"type":"network","healthCheck":{"protocol":"TCP","matcher":"200"}}`, "loadBalancer.healthCheck.matcher", "HTTP and HTTPS checks only"},
		{"NLB with idle timeout", `{"type":"network","idleTimeout":120}`, "loadBalancer.idleTimeout", "is an ALB option"},
		{"NLB without dropping invalid headers", `{"type":"network","dropInvalidHeaderFields":false}`, "loadBalancer.dropInvalidHeaderFields", "is an ALB option"},
		{"ALB idle timeout above 4000", `{"idleTimeout":4001}`, "loadBalancer.idleTimeout", "must be 1 to 4000"},
		{"ALB without cross-zone", `{"crossZone":false}`, "loadBalancer.crossZone", "an ALB always balances across zones"},
		{"access-log prefix without bucket", `{"accessLogsPrefix":"lb"}`, "loadBalancer.accessLogsPrefix", "needs loadBalancer.accessLogsBucket"},
		{"access-log prefix with AWSLogs", `{"accessLogsBucket":"lb-logs","accessLogsPrefix":"x/AWSLogs"}`, "loadBalancer.accessLogsPrefix", "must not contain AWSLogs"},
		{"access-log bucket not a bucket name", `{"accessLogsBucket":"LB_Logs"}`, "loadBalancer.accessLogsBucket", "must be an S3 bucket name"},
		{"NLB access logs without TLS", `{"type":"network","accessLogsBucket":"lb-logs"}`, "loadBalancer.accessLogsBucket", "logs TLS connections only"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadLoadBalancer(c.lbJSON)
			onlyProblem(t, err, "platform:"+c.key, c.detail)
		})
	}
}
