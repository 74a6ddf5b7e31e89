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
// (2026-11-25), by support class, from the Amazon EKS Kubernetes release calendar. Versions whose
// extended support ended are left out: EKS no longer creates clusters on them.
var EKSVersions = map[string]EKSSupport{
	"1.31": ExtendedSupport, // standard ended 2025-11-26, extended ends 2026-11-26
	"1.32": ExtendedSupport, // standard ended 2026-03-23
	"1.33": ExtendedSupport, // standard ended 2026-07-29
	"1.34": StandardSupport,
	"1.35": StandardSupport,
}

// SupportedEKSVersions lists EKSVersions in order.
func SupportedEKSVersions() []string {
	vs := make([]string, 0, len(EKSVersions))
	for v := range EKSVersions {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}
