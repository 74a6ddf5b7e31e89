package guardrails

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

const (
	typeInstance       = "aws:ec2/instance:Instance"
	typeLaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate"
	typeVolume         = "aws:ebs/volume:Volume" // ebs.Volume in pulumi-aws v6
)

// AllowPublicIPTag, set to "true" on an instance or launch template, says it is meant to have a
// public address (a bastion, say), which ec2-no-public-ip then allows.
const AllowPublicIPTag = "AllowPublicIp"

// ebsEncryption: every EBS volume is encrypted, whether its own resource, an instance's root or
// extra block device, or a launch template's block device.
func (p *pack) ebsEncryption() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "ebs-encryption",
		description: "EBS volumes are encrypted: volumes, instance root and EBS block devices, launch template block devices.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		m := r.Properties
		switch r.Type {
		case typeVolume:
			requireEncrypted(m, "encrypted", "the volume", report)
		case typeInstance:
			if _, st := lookup(m, "rootBlockDevice"); st != absent || !fromLaunchTemplate(m) {
				requireEncrypted(m, "rootBlockDevice.encrypted", "the root volume", report)
			}
			devices, _ := objectsAt(m, "ebsBlockDevices")
			for _, d := range devices {
				name, _ := stringAt(d, "deviceName")
				requireEncrypted(d, "encrypted", "EBS block device "+name, report)
			}
		case typeLaunchTemplate:
			mappings, _ := objectsAt(m, "blockDeviceMappings")
			for _, bdm := range mappings {
				if _, st := lookup(bdm, "ebs"); st == absent {
					continue // an instance store or a suppressed device holds no EBS volume
				}
				name, _ := stringAt(bdm, "deviceName")
				requireEncrypted(bdm, "ebs.encrypted", "block device "+name, report)
			}
		}
	})
}

// fromLaunchTemplate tells whether an instance takes its settings from a launch template, which
// the policies check on its own.
func fromLaunchTemplate(m property.Map) bool {
	_, st := lookup(m, "launchTemplate")
	return st != absent
}

func requireEncrypted(m property.Map, path, what string, report reportFunc) {
	v, st := boolAt(m, path)
	switch {
	case st == absent:
		report("%s is not encrypted: %s is not set (unencrypted unless the account encrypts EBS by default); set it to true", what, path)
	case st == known && !v:
		report("%s is not encrypted: %s is false; set it to true", what, path)
	}
}

// imdsV2: instance metadata answers only session-token (IMDSv2) requests, which SSRF-style
// requests through a workload cannot make, and only on the host (a hop limit of 1), so that
// containers cannot take the instance role's credentials; or it is turned off.
func (p *pack) imdsV2() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name:        "ec2-imdsv2",
		description: "EC2 instances and launch templates require IMDSv2 (metadataOptions.httpTokens = required) with a hop limit of 1.",
		level:       policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		if r.Type != typeInstance && r.Type != typeLaunchTemplate {
			return
		}
		m := r.Properties
		if r.Type == typeInstance && fromLaunchTemplate(m) {
			if _, st := lookup(m, "metadataOptions"); st == absent {
				return // the launch template's metadata options apply
			}
		}
		if endpoint, st := stringAt(m, "metadataOptions.httpEndpoint"); st == known && endpoint == "disabled" {
			return
		}
		tokens, st := stringAt(m, "metadataOptions.httpTokens")
		switch {
		case st == absent:
			report("IMDSv1 is allowed: metadataOptions.httpTokens is not set (the AMI's default may allow IMDSv1); set it to \"required\"")
		case st == known && tokens != "required":
			report("IMDSv1 is allowed: metadataOptions.httpTokens is %q; set it to \"required\"", tokens)
		}
		switch hops, st := numberAt(m, "metadataOptions.httpPutResponseHopLimit"); {
		case st == absent:
			report("containers may reach instance metadata and the instance role's credentials: metadataOptions.httpPutResponseHopLimit is not set (IMDSv2-only AMIs default to 2); set it to 1")
		case st == known && hops > 1:
			report("containers can reach instance metadata and the instance role's credentials: metadataOptions.httpPutResponseHopLimit is %g; set it to 1 and give workloads credentials through IRSA", hops)
		}
	})
}

// noPublicIP: instances live in private subnets behind the load balancer; a public address is an
// exception a resource states with the AllowPublicIp tag.
func (p *pack) noPublicIP() policyx.ResourceValidationPolicy {
	return p.resourcePolicy(policySpec{
		name: "ec2-no-public-ip",
		description: "EC2 instances and launch templates get no public IP address unless tagged " +
			AllowPublicIPTag + "=true.",
		level: policyx.EnforcementLevelMandatory,
	}, func(r target, report reportFunc) {
		if v, st := r.tag(AllowPublicIPTag); st != absent && (st == unknown || v == "true") {
			return
		}
		switch r.Type {
		case typeInstance:
			public, st := boolAt(r.Properties, "associatePublicIpAddress")
			switch {
			case st == known && public:
				report("associatePublicIpAddress is true; set it false, or tag the instance %s=true if it is meant to be public", AllowPublicIPTag)
			case st == absent:
				// Unset, the subnet's map-public-IP-on-launch decides; an instance on its own
				// network interfaces gets none (those interfaces carry no public address).
				if nics, _ := objectsAt(r.Properties, "networkInterfaces"); len(nics) == 0 {
					report("associatePublicIpAddress is not set, so a subnet that maps public IPs on launch gives the instance one; set it false, or tag the instance %s=true if it is meant to be public", AllowPublicIPTag)
				}
			}
		case typeLaunchTemplate:
			nics, _ := objectsAt(r.Properties, "networkInterfaces")
			for i, nic := range nics {
				if public, st := boolAt(nic, "associatePublicIpAddress"); st == known && public {
					report("networkInterfaces[%d].associatePublicIpAddress is true; remove it, or tag the launch template %s=true if its instances are meant to be public", i, AllowPublicIPTag)
				}
			}
		}
	})
}
