package guardrails

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Elastic Load Balancing v2 types; aws:alb/* are the same resources under their older names.
var (
	loadBalancerTypes = []string{"aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"}
	listenerTypes     = []string{"aws:lb/listener:Listener", "aws:alb/listener:Listener"}
)

// lbDeletionProtection: in prod the load balancer, whose DNS name clients hold, cannot be deleted
// through the API by mistake.
func (p *pack) lbDeletionProtection() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "lb-deletion-protection",
		description: "In prod, load balancers have deletion protection on.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		if !slices.Contains(loadBalancerTypes, r.Type) || !p.env.IsProd() {
			return
		}
		requireTrue(r, "enableDeletionProtection", "deletion protection", report)
	})
}

// albDropInvalidHeaders: an ALB drops header fields that are not valid HTTP, a defence against
// request smuggling and header injection into the workers.
func (p *pack) albDropInvalidHeaders() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "alb-drop-invalid-headers",
		description: "Application load balancers drop invalid HTTP header fields.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		if !slices.Contains(loadBalancerTypes, r.Type) {
			return
		}
		kind, st := stringAt(r.Properties, "loadBalancerType")
		if st == unknown || st == known && kind != "application" {
			return // an NLB or gateway load balancer does not parse HTTP
		}
		requireTrue(r, "dropInvalidHeaderFields", "dropping invalid header fields", report)
	})
}

type tlsPolicySettings struct {
	// PolicyPrefixes name the security policies a TLS listener may use.
	PolicyPrefixes []string `json:"policyPrefixes"`
}

// lbTLSPolicy: encrypted listeners negotiate TLS 1.3 (and 1.2) only, with AWS's current policies.
func (p *pack) lbTLSPolicy() policyx.ResourceValidationPolicy {
	return resourcePolicyWith(p, policySpec{
		name:        "lb-tls-policy",
		description: "HTTPS and TLS listeners use a current TLS policy (ELBSecurityPolicy-TLS13-*).",
		level:       policyx.EnforcementLevelMandatory,
	}, settingsSpec[tlsPolicySettings]{
		defaults: func() tlsPolicySettings {
			return tlsPolicySettings{PolicyPrefixes: []string{"ELBSecurityPolicy-TLS13-"}}
		},
		properties: map[string]map[string]any{"policyPrefixes": stringList(
			"Prefixes of the ELB security policies an HTTPS or TLS listener may use.")},
	}, func(r target, s tlsPolicySettings, report reportFunc) {
		if !slices.Contains(listenerTypes, r.Type) {
			return
		}
		if protocol, st := stringAt(r.Properties, "protocol"); st != known || protocol != "HTTPS" && protocol != "TLS" {
			return
		}
		policy, st := stringAt(r.Properties, "sslPolicy")
		switch {
		case st == absent:
			report("sslPolicy is not set, so AWS picks ELBSecurityPolicy-2016-08 (TLS 1.0 and up); set one of %s*", strings.Join(s.PolicyPrefixes, "*, "))
		case st == known && !hasAnyPrefix(policy, s.PolicyPrefixes):
			report("sslPolicy %s is not current; use one of %s*", policy, strings.Join(s.PolicyPrefixes, "*, "))
		}
	})
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// httpRedirectsToHTTPS: once a load balancer serves HTTPS, its plain HTTP listener only redirects
// there. A stack policy: a listener alone does not know whether its load balancer has an HTTPS
// listener too.
func (p *pack) httpRedirectsToHTTPS() policyx.StackValidationPolicy {
	return p.stackPolicy(policySpec{
		name:        "lb-http-redirects-to-https",
		description: "A load balancer with an HTTPS listener redirects HTTP to HTTPS.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(s *stackView, report stackReportFunc) {
		listeners := s.ofType(listenerTypes...)
		https := map[string]bool{}
		for _, l := range listeners {
			if protocol, st := stringAt(l.Properties, "protocol"); st == known && protocol == "HTTPS" {
				https[balancerOf(l)] = true
			}
		}
		for _, l := range listeners {
			protocol, st := stringAt(l.Properties, "protocol")
			if st != known || protocol != "HTTP" || !https[balancerOf(l)] {
				continue
			}
			actions, st := objectsAt(l.Properties, "defaultActions")
			if st == unknown {
				continue
			}
			for _, a := range actions {
				kind, kst := stringAt(a, "type")
				to, tst := stringAt(a, "redirect.protocol")
				if kst == unknown || tst == unknown || kind == "redirect" && to == "HTTPS" {
					continue
				}
				report(l.URN, "HTTP listener %s answers with %q next to an HTTPS listener; redirect it to HTTPS (type redirect, redirect.protocol HTTPS)", l.Name, kind)
			}
		}
	})
}

// balancerOf names the load balancer a listener belongs to: its ARN once known, else what its
// loadBalancerArn depends on, else its parent (our load balancer component).
func balancerOf(l target) string {
	if arn, st := stringAt(l.Properties, "loadBalancerArn"); st == known {
		return arn
	}
	if deps := l.PropertyDependencies["loadBalancerArn"]; len(deps) > 0 {
		return deps[0]
	}
	return l.Parent
}
