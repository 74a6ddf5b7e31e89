package guardrails

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// The EKS control plane as the stack declares it (pulumi-eks's remote component, whose inputs
// the engine analyzes) and as pulumi-eks, or a program of its own, registers it with AWS.
const (
	typeEKSComponent = "eks:index:Cluster"
	typeEKSCluster   = "aws:eks/cluster:Cluster"
)

// eksAPINotPublic: in prod the public API endpoint, which pulumi-eks needs, answers only known
// networks (platform:eks.publicAccessCidrs), never the whole internet.
func (p *pack) eksAPINotPublic() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "eks-api-not-public",
		description: "In prod, the EKS API endpoint is private or restricted to known CIDRs, not open to 0.0.0.0/0 or ::/0.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		if !p.env.IsProd() {
			return
		}
		var publicKey, cidrsKey string
		switch r.Type {
		case typeEKSComponent:
			publicKey, cidrsKey = "endpointPublicAccess", "publicAccessCidrs"
		case typeEKSCluster:
			publicKey, cidrsKey = "vpcConfig.endpointPublicAccess", "vpcConfig.publicAccessCidrs"
		default:
			return
		}
		// Both default to a public endpoint open to 0.0.0.0/0 (pulumi-eks and the EKS API alike).
		if public, st := boolAt(r.Properties, publicKey); st == unknown || st == known && !public {
			return
		}
		cidrs, st := stringsAt(r.Properties, cidrsKey)
		switch {
		case st == absent || st == known && len(cidrs) == 0:
			report("the public API endpoint is open to the internet: %s is not set (default 0.0.0.0/0); restrict it to known CIDRs or set %s to false", cidrsKey, publicKey)
		case st == known:
			for _, c := range cidrs {
				if slices.Contains(worldCIDRs, c) {
					report("the public API endpoint is open to the internet: %s includes %s; restrict it to known CIDRs", cidrsKey, c)
				}
			}
		}
	})
}

type eksLoggingSettings struct {
	// LogTypes that must be sent to CloudWatch Logs.
	LogTypes []string `json:"logTypes"`
}

// eksControlPlaneLogging: the control plane's audit trail (who called the API, who authenticated)
// goes to CloudWatch Logs. Advisory by default: the logs cost money per GB, and a team may turn
// them on gradually.
func (p *pack) eksControlPlaneLogging() policyx.ResourceValidationPolicy {
	return resourcePolicyWith(p, policySpec{
		name:        "eks-control-plane-logging",
		description: "EKS control-plane logging is on for at least the configured log types (default api, audit, authenticator).",
		level:       policyx.EnforcementLevelAdvisory,
	}, settingsSpec[eksLoggingSettings]{
		defaults: func() eksLoggingSettings {
			return eksLoggingSettings{LogTypes: []string{"api", "audit", "authenticator"}}
		},
		properties: map[string]map[string]any{"logTypes": stringList(
			"Control-plane log types that must be on: api, audit, authenticator, controllerManager, scheduler.")},
	}, func(r target, s eksLoggingSettings, report reportFunc) {
		if r.Type != typeEKSComponent && r.Type != typeEKSCluster {
			return
		}
		enabled, st := stringsAt(r.Properties, "enabledClusterLogTypes")
		if st == unknown {
			return
		}
		var missing []string
		for _, want := range s.LogTypes {
			if !slices.Contains(enabled, want) {
				missing = append(missing, want)
			}
		}
		if len(missing) > 0 {
			report("control-plane log types %s are off: add them to enabledClusterLogTypes (platform:eks.logTypes)", strings.Join(missing, ", "))
		}
	})
}

// eksSecretsEncryption: Kubernetes secrets are envelope-encrypted with a KMS key. The key's ARN
// is unknown until the key exists; being set is what counts.
func (p *pack) eksSecretsEncryption() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "eks-secrets-encryption",
		description: "EKS encrypts Kubernetes secrets with a KMS key.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		switch r.Type {
		case typeEKSComponent:
			if arn, st := stringAt(r.Properties, "encryptionConfigKeyArn"); st == absent || st == known && arn == "" {
				report("secrets encryption is off: encryptionConfigKeyArn is not set (platform:eks.secretsEncryption)")
			}
		case typeEKSCluster:
			resources, st := stringsAt(r.Properties, "encryptionConfig.resources")
			if st == unknown {
				return
			}
			if !slices.Contains(resources, "secrets") {
				report("secrets encryption is off: encryptionConfig.resources does not include \"secrets\"")
			}
		}
	})
}
