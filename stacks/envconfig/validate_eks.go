package envconfig

import (
	"regexp"
	"slices"
	"strings"
)

// EKS managed node group limits: the default service quotas "Nodes per managed node group" (450)
// and "Managed node groups per cluster" (30), both adjustable on request, and EKS's 50 taints per
// node group (Amazon EKS User Guide, "View and manage Amazon EKS and Fargate service quotas"; API
// reference, CreateNodegroup). Node volumes are gp3: a node needs 20 GiB, gp3 allows up to
// MaxGP3SizeGiB.
const (
	MaxManagedNodeGroupSize = 450
	MaxNodeGroups           = 30
	MaxNodeGroupTaints      = 50
	MinNodeDiskGiB          = 20
	MaxNodeDiskGiB          = MaxGP3SizeGiB
)

// nodeAMITypes are the EKS AMI types for the x86_64 families of instances.go whose volumes the
// launch template can map (Windows AMIs boot from another device). Amazon Linux 2 AMIs are gone:
// EKS stopped publishing them on 2025-11-26 and never built any for Kubernetes 1.33 or later.
var nodeAMITypes = []string{"AL2023_x86_64_STANDARD", "BOTTLEROCKET_x86_64"}

var (
	eksLogTypes     = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}
	capacityTypes   = []string{"ON_DEMAND", "SPOT"}
	taintEffects    = []string{"NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"}
	openToAllIPv4   = "0.0.0.0/0"
	iamRoleARN      = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$`)
	nodeGroupNameOK = func(s string) bool {
		if s == "" || len(s) > 63 {
			return false
		}
		for _, c := range s {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
		return s[0] != '-'
	}
)

func validateEKS(env *Environment, r *report) {
	e := env.EKS
	if _, ok := EKSVersions[e.Version]; !ok {
		r.add("eks.version", e.Version, "must be a version EKS supports: %s", strings.Join(SupportedEKSVersions(), ", "))
	}
	// The cluster is IPv4: EKS refuses IPv6 blocks in its public access list.
	checkIPv4CIDRs(r, "eks.publicAccessCidrs", e.PublicAccessCIDRs, "the cluster's public endpoint takes IPv4 blocks only")
	if len(e.PublicAccessCIDRs) == 0 {
		r.add("eks.publicAccessCidrs", e.PublicAccessCIDRs, "must list at least one CIDR: pulumi-eks manages aws-auth through the public endpoint")
	}
	if env.IsProd() && slices.Contains(e.PublicAccessCIDRs, openToAllIPv4) {
		r.add("eks.publicAccessCidrs", e.PublicAccessCIDRs, "prod must restrict the public API endpoint to known CIDRs, not the whole internet")
	}
	listedAt := map[string]string{} // role, lower case (IAM role names ignore case) → where it is first listed
	for _, roles := range []struct {
		path string
		arns []string
	}{{"eks.adminRoleArns", e.AdminRoleARNs}, {"eks.viewerRoleArns", e.ViewerRoleARNs}} {
		for i, arn := range roles.arns {
			path := indexed(roles.path, i)
			switch first, listed := listedAt[strings.ToLower(arn)]; {
			case !iamRoleARN.MatchString(arn):
				r.add(path, arn, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-deploy")
			case listed:
				r.add(path, arn, "is already listed at %s: EKS gives a role one access entry, with cluster-admin or view", r.key(first))
			default:
				listedAt[strings.ToLower(arn)] = path
			}
		}
	}
	if env.IsProd() && !e.PrivateAccess {
		r.add("eks.privateAccess", false, "prod must keep private endpoint access on")
	}
	for i, lt := range e.LogTypes {
		r.oneOf(indexed("eks.logTypes", i), lt, eksLogTypes...)
	}
	if len(e.NodeGroups) == 0 {
		r.add("eks.nodeGroups", e.NodeGroups, "must list at least one node group")
	}
	if len(e.NodeGroups) > MaxNodeGroups {
		r.add("eks.nodeGroups", len(e.NodeGroups), "at most %d managed node groups per cluster", MaxNodeGroups)
	}
	names := map[string]bool{}
	for i, ng := range e.NodeGroups {
		p := indexed("eks.nodeGroups", i)
		if !nodeGroupNameOK(ng.Name) {
			r.add(p+".name", ng.Name, "must be 1 to 63 lowercase letters, digits or hyphens")
		} else if names[ng.Name] {
			r.add(p+".name", ng.Name, "duplicates another node group's name; names must be unique")
		}
		names[ng.Name] = true
		validateNodeGroup(r, p, ng)
	}
}

func validateNodeGroup(r *report, p string, ng NodeGroup) {
	if len(ng.InstanceTypes) == 0 {
		r.add(p+".instanceTypes", ng.InstanceTypes, "must list at least one instance type")
	}
	for j, t := range ng.InstanceTypes {
		if !KnownInstanceType(t) {
			r.add(indexed(p+".instanceTypes", j), t, "must be an instance type of the families %s", familyList(ec2Families))
		}
	}
	r.oneOf(p+".capacityType", ng.CapacityType, capacityTypes...)
	if strings.HasPrefix(ng.AMIType, "AL2_") {
		r.add(p+".amiType", ng.AMIType, "Amazon Linux 2 node AMIs reached end of support on 2025-11-26; use one of %s", strings.Join(nodeAMITypes, ", "))
	} else {
		r.oneOf(p+".amiType", ng.AMIType, nodeAMITypes...)
	}
	switch {
	case ng.MinSize < 0:
		r.add(p+".minSize", ng.MinSize, "must be 0 or more")
	case ng.MinSize > ng.DesiredSize:
		r.add(p+".minSize", ng.MinSize, "must be at most desiredSize (%d)", ng.DesiredSize)
	}
	if ng.DesiredSize > ng.MaxSize {
		r.add(p+".desiredSize", ng.DesiredSize, "must be at most maxSize (%d)", ng.MaxSize)
	}
	if ng.MaxSize < 1 || ng.MaxSize > MaxManagedNodeGroupSize {
		r.add(p+".maxSize", ng.MaxSize, "must be 1 to %d (the EKS quota of nodes per managed node group)", MaxManagedNodeGroupSize)
	}
	r.intRange(p+".diskSize", ng.DiskSizeGiB, MinNodeDiskGiB, MaxNodeDiskGiB)
	if ng.MaxUnavailable < 1 || ng.MaxUnavailable > 100 {
		r.add(p+".maxUnavailable", ng.MaxUnavailable, "must be 1 to 100 nodes")
	}
	if len(ng.Taints) > MaxNodeGroupTaints {
		r.add(p+".taints", len(ng.Taints), "at most %d taints per managed node group", MaxNodeGroupTaints)
	}
	for j, t := range ng.Taints {
		tp := indexed(p+".taints", j)
		if t.Key == "" {
			r.missing(tp+".key", "is required")
		}
		r.oneOf(tp+".effect", t.Effect, taintEffects...)
	}
}
