package envconfig

import "slices"

// EKSSupport is how AWS supports an EKS Kubernetes version: standard support costs the standard
// cluster-hour price, extended support the extended one.
type EKSSupport string

// Support classes of EKS Kubernetes versions.
const (
	StandardSupport EKSSupport = "standard"
	ExtendedSupport EKSSupport = "extended"
)

// EKSVersion is when AWS's support of an EKS Kubernetes version ends (YYYY-MM-DD, UTC).
type EKSVersion struct {
	StandardEnds string // standard support ends: from then the cluster-hour is the extended price
	ExtendedEnds string // extended support ends: EKS then upgrades the cluster
}

// SupportOn is the version's support class on a day (YYYY-MM-DD).
func (v EKSVersion) SupportOn(day string) EKSSupport {
	if day < v.StandardEnds {
		return StandardSupport
	}
	return ExtendedSupport
}

// EKSVersions are the Kubernetes versions EKS supports on this toolkit's release date
// (2026-11-25), with their support end dates.
// Standard support lasts 14 months from the EKS release, extended support 12 more; after that
// EKS creates no clusters on the version and upgrades existing ones, so it is left out.
//
// Source: Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS", Amazon EKS
// Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html),
// checked for 1.31–1.35; 1.36 from the standard-support release notes on the same guide
// (EKS release 2026-06-02); 1.37 from the AWS What's New post of 2026-10-01 ("Amazon EKS and
// Amazon EKS Distro now support Kubernetes version 1.37"), end dates 14 and 26 months later.
var EKSVersions = map[string]EKSVersion{
	"1.31": {StandardEnds: "2025-11-26", ExtendedEnds: "2026-11-26"},
	"1.32": {StandardEnds: "2026-03-23", ExtendedEnds: "2027-03-23"},
	"1.33": {StandardEnds: "2026-07-29", ExtendedEnds: "2027-07-29"},
	"1.34": {StandardEnds: "2026-12-02", ExtendedEnds: "2027-12-02"},
	"1.35": {StandardEnds: "2027-03-27", ExtendedEnds: "2028-03-27"},
	"1.36": {StandardEnds: "2027-08-02", ExtendedEnds: "2028-08-02"},
	"1.37": {StandardEnds: "2027-12-01", ExtendedEnds: "2028-12-01"},
}

// SupportedEKSVersions lists EKSVersions in order.
func SupportedEKSVersions() []string {
	vs := make([]string, 0, len(EKSVersions))
	for v := range EKSVersions {
		vs = append(vs, v)
	}
	slices.Sort(vs) // every supported version is 1.3x, so text order is version order
	return vs
}
