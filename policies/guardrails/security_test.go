package guardrails_test

import "testing"

const (
	replicationGroup = "aws:elasticache/replicationGroup:ReplicationGroup"
	instance         = "aws:ec2/instance:Instance"
	launchTemplate   = "aws:ec2/launchTemplate:LaunchTemplate"
	volume           = "aws:ebs/volume:Volume"
	securityGroup    = "aws:ec2/securityGroup:SecurityGroup"
	sgRule           = "aws:ec2/securityGroupRule:SecurityGroupRule"
	ingressRule      = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	lbComponent      = "platform:loadbalancer:LoadBalancer"
	eksComponent     = "eks:index:Cluster"
	eksCluster       = "aws:eks/cluster:Cluster"
	loadBalancer     = "aws:lb/loadBalancer:LoadBalancer"
	listener         = "aws:lb/listener:Listener"
)

func TestElastiCachePolicies(t *testing.T) {
	encrypted := map[string]any{"atRestEncryptionEnabled": true, "transitEncryptionEnabled": true}
	multiAZ := map[string]any{"multiAzEnabled": true, "automaticFailoverEnabled": true}
	runCases(t, []policyCase{
		{name: "encrypted", policy: "elasticache-encryption", r: res{typ: replicationGroup, props: encrypted}},
		{name: "no transit encryption", policy: "elasticache-encryption",
			r:    res{typ: replicationGroup, props: map[string]any{"atRestEncryptionEnabled": true, "transitEncryptionEnabled": false}},
			want: "transitEncryptionEnabled is false"},
		{name: "at rest left to default", policy: "elasticache-encryption",
			r:    res{typ: replicationGroup, props: map[string]any{"transitEncryptionEnabled": true}},
			want: "atRestEncryptionEnabled is not set"},
		{name: "standalone cache cluster", policy: "elasticache-encryption",
			r:    res{typ: "aws:elasticache/cluster:Cluster", props: map[string]any{"engine": "redis", "nodeType": "cache.t4g.small"}},
			want: "cannot encrypt data at rest"},
		{name: "cache cluster of a replication group", policy: "elasticache-encryption",
			r: res{typ: "aws:elasticache/cluster:Cluster", props: map[string]any{"replicationGroupId": "platform-dev-cache"}}},
		{name: "prod multi-AZ", policy: "elasticache-multi-az", env: "prod", r: res{typ: replicationGroup, props: multiAZ}},
		{name: "prod single zone", policy: "elasticache-multi-az", env: "prod",
			r:    res{typ: replicationGroup, props: map[string]any{"multiAzEnabled": false, "automaticFailoverEnabled": true}},
			want: "multi-AZ is off"},
		{name: "dev single zone is fine", policy: "elasticache-multi-az",
			r: res{typ: replicationGroup, props: map[string]any{"multiAzEnabled": false}}},
	})
}

func TestEBSEncryption(t *testing.T) {
	runCases(t, []policyCase{
		{name: "encrypted volume", policy: "ebs-encryption", r: res{typ: volume, props: map[string]any{"encrypted": true, "size": 100}}},
		{name: "plain volume", policy: "ebs-encryption", r: res{typ: volume, props: map[string]any{"size": 100}},
			want: "the volume is not encrypted"},
		{name: "instance with encrypted root", policy: "ebs-encryption",
			r: res{typ: instance, props: map[string]any{"rootBlockDevice": map[string]any{"encrypted": true}}}},
		{name: "instance root from the AMI", policy: "ebs-encryption", r: res{typ: instance, props: map[string]any{}},
			want: "rootBlockDevice.encrypted is not set"},
		{name: "instance from a launch template", policy: "ebs-encryption",
			r: res{typ: instance, props: map[string]any{"launchTemplate": map[string]any{"id": "lt-1"}}}},
		{name: "instance with a plain extra device", policy: "ebs-encryption",
			r: res{typ: instance, props: map[string]any{
				"rootBlockDevice": map[string]any{"encrypted": true},
				"ebsBlockDevices": []any{map[string]any{"deviceName": "/dev/sdf", "encrypted": false}},
			}},
			want: "EBS block device /dev/sdf is not encrypted"},
		{name: "launch template encrypted (string true)", policy: "ebs-encryption",
			r: res{typ: launchTemplate, props: map[string]any{"blockDeviceMappings": []any{
				map[string]any{"deviceName": "/dev/xvda", "ebs": map[string]any{"encrypted": "true", "volumeSize": 50}},
			}}}},
		{name: "launch template plain", policy: "ebs-encryption",
			r: res{typ: launchTemplate, props: map[string]any{"blockDeviceMappings": []any{
				map[string]any{"deviceName": "/dev/xvda", "ebs": map[string]any{"volumeSize": 50}},
			}}},
			want: "block device /dev/xvda is not encrypted"},
	})
}

func TestEC2Policies(t *testing.T) {
	imds := map[string]any{"metadataOptions": map[string]any{"httpTokens": "required", "httpPutResponseHopLimit": 1}}
	runCases(t, []policyCase{
		{name: "instance IMDSv2", policy: "ec2-imdsv2", r: res{typ: instance, props: imds}},
		{name: "launch template IMDSv2", policy: "ec2-imdsv2", r: res{typ: launchTemplate, props: imds}},
		{name: "instance IMDS off", policy: "ec2-imdsv2",
			r: res{typ: instance, props: map[string]any{"metadataOptions": map[string]any{"httpEndpoint": "disabled"}}}},
		{name: "instance IMDSv1", policy: "ec2-imdsv2",
			r:    res{typ: instance, props: map[string]any{"metadataOptions": map[string]any{"httpTokens": "optional", "httpPutResponseHopLimit": 1}}},
			want: `httpTokens is "optional"`},
		{name: "tokens unknown at preview", policy: "ec2-imdsv2",
			r: res{typ: instance, props: map[string]any{"metadataOptions": map[string]any{"httpTokens": unknown, "httpPutResponseHopLimit": unknown}}}},
		{name: "launch template leaving the hop limit to the AMI", policy: "ec2-imdsv2",
			r:    res{typ: launchTemplate, props: map[string]any{"metadataOptions": map[string]any{"httpTokens": "required"}}},
			want: "httpPutResponseHopLimit is not set"},
		{name: "launch template with one hop", policy: "ec2-imdsv2",
			r: res{typ: launchTemplate, props: map[string]any{"metadataOptions": map[string]any{"httpTokens": "required", "httpPutResponseHopLimit": 1}}}},
		{name: "launch template open to containers", policy: "ec2-imdsv2",
			r:    res{typ: launchTemplate, props: map[string]any{"metadataOptions": map[string]any{"httpTokens": "required", "httpPutResponseHopLimit": 2}}},
			want: "httpPutResponseHopLimit is 2; set it to 1"},
		{name: "launch template without httpTokens", policy: "ec2-imdsv2",
			r:    res{typ: launchTemplate, props: map[string]any{"metadataOptions": map[string]any{"httpPutResponseHopLimit": 1}}},
			want: "httpTokens is not set"},
		{name: "private instance", policy: "ec2-no-public-ip", r: res{typ: instance, props: map[string]any{"associatePublicIpAddress": false}}},
		{name: "instance on its own interfaces", policy: "ec2-no-public-ip",
			r: res{typ: instance, props: map[string]any{"networkInterfaces": []any{map[string]any{"deviceIndex": 0, "networkInterfaceId": "eni-0a1b2c3d"}}}}},
		{name: "instance leaving it to the subnet", policy: "ec2-no-public-ip", r: res{typ: instance, props: map[string]any{"subnetId": "subnet-0a1b2c3d"}},
			want: "associatePublicIpAddress is not set"},
		{name: "public instance", policy: "ec2-no-public-ip", r: res{typ: instance, props: map[string]any{"associatePublicIpAddress": true}},
			want: "associatePublicIpAddress is true"},
		{name: "public instance meant to be", policy: "ec2-no-public-ip",
			r: res{typ: instance, props: map[string]any{"associatePublicIpAddress": true, "tags": map[string]any{"AllowPublicIp": "true"}}}},
		{name: "public launch template", policy: "ec2-no-public-ip",
			r: res{typ: launchTemplate, props: map[string]any{"networkInterfaces": []any{
				map[string]any{"associatePublicIpAddress": "true"},
			}}},
			want: "networkInterfaces[0].associatePublicIpAddress is true"},
	})
}

func TestSecurityGroupPolicies(t *testing.T) {
	rule := func(port int, cidr string, parents ...string) res {
		return res{typ: ingressRule, parents: parents, props: map[string]any{
			"ipProtocol": "tcp", "fromPort": port, "toPort": port, "cidrIpv4": cidr, "securityGroupId": unknown,
		}}
	}
	runCases(t, []policyCase{
		{name: "load balancer listener port to the world", policy: "no-public-ingress", r: rule(443, "0.0.0.0/0", lbComponent)},
		{name: "VPC-internal rule", policy: "no-public-ingress", r: rule(9042, "10.0.0.0/16")},
		{name: "world to a worker port", policy: "no-public-ingress", r: rule(30080, "0.0.0.0/0"),
			want: "only the load balancer's security group"},
		{name: "load balancer group, other port", policy: "no-public-ingress", r: rule(8080, "0.0.0.0/0", lbComponent),
			want: "only its listener ports [80 443]"},
		{name: "listener ports from config", policy: "no-public-ingress", r: rule(8443, "0.0.0.0/0", lbComponent),
			config: map[string]any{"listenerPorts": []any{8443.0}}},
		{name: "IPv6 world, all traffic", policy: "no-public-ingress",
			r:    res{typ: ingressRule, props: map[string]any{"ipProtocol": "-1", "cidrIpv6": "::/0"}},
			want: "opens all traffic to ::/0"},
		{name: "inline ingress of a group", policy: "no-public-ingress",
			r: res{typ: securityGroup, props: map[string]any{"ingress": []any{
				map[string]any{"protocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrBlocks": []string{"0.0.0.0/0"}},
			}}},
			want: "ingress[0] opens tcp port 5432 to 0.0.0.0/0"},
		{name: "legacy rule resource", policy: "no-public-ingress",
			r: res{typ: sgRule, props: map[string]any{"type": "ingress", "protocol": "tcp", "fromPort": 0, "toPort": 65535,
				"cidrBlocks": []string{"0.0.0.0/0"}}},
			want: "tcp ports 0-65535"},
		{name: "egress rule resource is not ingress", policy: "no-public-ingress",
			r: res{typ: sgRule, props: map[string]any{"type": "egress", "protocol": "-1", "fromPort": 0, "toPort": 0,
				"cidrBlocks": []string{"0.0.0.0/0"}}}},

		{name: "source unknown at preview", policy: "no-public-ingress",
			r: res{typ: ingressRule, props: map[string]any{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": unknown}}},

		{name: "no admin port", policy: "no-ssh-rdp", r: rule(443, "10.0.0.0/8")},
		{name: "port unknown at preview", policy: "no-ssh-rdp",
			r: res{typ: ingressRule, props: map[string]any{"ipProtocol": "tcp", "fromPort": unknown, "toPort": unknown, "cidrIpv4": "0.0.0.0/0"}}},
		{name: "SSH from the office", policy: "no-ssh-rdp", r: rule(22, "203.0.113.0/24"), want: "opens SSH"},
		{name: "RDP inside a range", policy: "no-ssh-rdp",
			r: res{typ: securityGroup, props: map[string]any{"ingress": []any{
				map[string]any{"protocol": "tcp", "fromPort": 3000, "toPort": 4000, "cidrBlocks": []string{"10.0.0.0/8"}},
			}}},
			want: "opens RDP"},
		{name: "SSH rule from a bastion group", policy: "no-ssh-rdp",
			r:    res{typ: ingressRule, props: map[string]any{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "referencedSecurityGroupId": "sg-1"}},
			want: "to a security group or prefix list"},
		{name: "all traffic between groups", policy: "no-ssh-rdp",
			r: res{typ: ingressRule, props: map[string]any{"ipProtocol": "-1", "referencedSecurityGroupId": "sg-1"}}},
	})
}

func TestEKSPolicies(t *testing.T) {
	restricted := map[string]any{"endpointPublicAccess": true, "publicAccessCidrs": []string{"203.0.113.0/24"}}
	runCases(t, []policyCase{
		{name: "prod restricted", policy: "eks-api-not-public", env: "prod", r: res{typ: eksComponent, props: restricted}},
		{name: "prod private only", policy: "eks-api-not-public", env: "prod",
			r: res{typ: eksComponent, props: map[string]any{"endpointPublicAccess": false}}},
		{name: "prod open to the world", policy: "eks-api-not-public", env: "prod",
			r:    res{typ: eksComponent, props: map[string]any{"publicAccessCidrs": []string{"0.0.0.0/0"}}},
			want: "publicAccessCidrs includes 0.0.0.0/0"},
		{name: "prod defaults", policy: "eks-api-not-public", env: "prod", r: res{typ: eksComponent, props: map[string]any{}},
			want: "publicAccessCidrs is not set"},
		{name: "prod AWS cluster open", policy: "eks-api-not-public", env: "prod",
			r:    res{typ: eksCluster, props: map[string]any{"vpcConfig": map[string]any{"publicAccessCidrs": []string{"::/0"}}}},
			want: "includes ::/0"},
		{name: "staging may be open", policy: "eks-api-not-public", env: "staging",
			r: res{typ: eksComponent, props: map[string]any{"publicAccessCidrs": []string{"0.0.0.0/0"}}}},

		{name: "all log types", policy: "eks-control-plane-logging",
			r: res{typ: eksComponent, props: map[string]any{"enabledClusterLogTypes": []string{"api", "audit", "authenticator", "scheduler"}}}},
		{name: "audit off", policy: "eks-control-plane-logging",
			r:    res{typ: eksComponent, props: map[string]any{"enabledClusterLogTypes": []string{"api"}}},
			want: "audit, authenticator are off"},
		{name: "log types from config", policy: "eks-control-plane-logging",
			r:      res{typ: eksCluster, props: map[string]any{"enabledClusterLogTypes": []string{"api", "audit", "authenticator"}}},
			config: map[string]any{"logTypes": []any{"scheduler"}}, want: "scheduler are off"},

		{name: "secrets key set", policy: "eks-secrets-encryption",
			r: res{typ: eksComponent, props: map[string]any{"encryptionConfigKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1"}}},
		{name: "secrets key created in the same preview", policy: "eks-secrets-encryption",
			r: res{typ: eksComponent, props: map[string]any{"encryptionConfigKeyArn": unknown}}},
		{name: "no secrets key", policy: "eks-secrets-encryption", r: res{typ: eksComponent, props: map[string]any{}},
			want: "encryptionConfigKeyArn is not set"},
		{name: "AWS cluster without secrets", policy: "eks-secrets-encryption",
			r:    res{typ: eksCluster, props: map[string]any{"encryptionConfig": map[string]any{"resources": []string{}}}},
			want: `does not include "secrets"`},
	})
}

func TestLoadBalancerPolicies(t *testing.T) {
	runCases(t, []policyCase{
		{name: "prod protected", policy: "lb-deletion-protection", env: "prod",
			r: res{typ: loadBalancer, props: map[string]any{"enableDeletionProtection": true}}},
		{name: "prod unprotected", policy: "lb-deletion-protection", env: "prod",
			r: res{typ: loadBalancer, props: map[string]any{"enableDeletionProtection": false}}, want: "deletion protection is off"},
		{name: "dev unprotected is fine", policy: "lb-deletion-protection", r: res{typ: loadBalancer, props: map[string]any{}}},

		{name: "ALB drops invalid headers", policy: "alb-drop-invalid-headers",
			r: res{typ: loadBalancer, props: map[string]any{"loadBalancerType": "application", "dropInvalidHeaderFields": true}}},
		{name: "ALB by default keeps them", policy: "alb-drop-invalid-headers", r: res{typ: loadBalancer, props: map[string]any{}},
			want: "dropInvalidHeaderFields is not set"},
		{name: "NLB parses no HTTP", policy: "alb-drop-invalid-headers",
			r: res{typ: loadBalancer, props: map[string]any{"loadBalancerType": "network"}}},

		{name: "TLS 1.3 policy", policy: "lb-tls-policy",
			r: res{typ: listener, props: map[string]any{"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}}},
		{name: "old policy", policy: "lb-tls-policy",
			r:    res{typ: listener, props: map[string]any{"protocol": "TLS", "sslPolicy": "ELBSecurityPolicy-2016-08"}},
			want: "ELBSecurityPolicy-2016-08 is not current"},
		{name: "policy left to AWS", policy: "lb-tls-policy", r: res{typ: listener, props: map[string]any{"protocol": "HTTPS"}},
			want: "sslPolicy is not set"},
		{name: "plain HTTP has no TLS policy", policy: "lb-tls-policy", r: res{typ: listener, props: map[string]any{"protocol": "HTTP"}}},
	})
}
