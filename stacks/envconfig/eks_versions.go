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

// EKSVersions are the Kubernetes versions EKS supports on this toolkit's release date
// (2026-11-25), by support class.
// Standard support lasts 14 months from the EKS release, extended support 12 more; after that
// EKS creates no clusters on the version and upgrades existing ones, so it is left out.
//
// Source: Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS", Amazon EKS
// Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html),
// checked for 1.31–1.35; 1.36 from the standard-support release notes on the same guide
// (EKS release 2026-06-02); 1.37 from the AWS What's New post of 2026-10-01 ("Amazon EKS and
// Amazon EKS Distro now support Kubernetes version 1.37"), end dates 14 and 26 months later.
var EKSVersions = map[string]EKSSupport{
	"1.31": ExtendedSupport, // standard ended 2025-11-26, extended ends 2026-11-26 (the next day)
	"1.32": ExtendedSupport, // standard ended 2026-03-23, extended ends 2027-03-23
	"1.33": ExtendedSupport, // standard ended 2026-07-29, extended ends 2027-07-29
	"1.34": StandardSupport, // standard ends 2026-12-02, extended ends 2027-12-02
	"1.35": StandardSupport, // standard ends 2027-03-27, extended ends 2028-03-27
	"1.36": StandardSupport, // standard ends 2027-08-02, extended ends 2028-08-02
	"1.37": StandardSupport, // released on EKS 2026-10-01; standard ends about 2027-12
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
