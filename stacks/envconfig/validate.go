package envconfig

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Validate checks a decoded Environment in one pass and returns every problem as Errors.
// hasCacheAuthToken tells whether the secret platform:cacheAuthToken is set.
func Validate(env *Environment, hasCacheAuthToken bool) error {
	r := &report{project: env.Project}
	validate(env, hasCacheAuthToken, r)
	return r.result()
}

func validate(env *Environment, hasCacheAuthToken bool, r *report) {
	validateTop(env, r)
	validateNames(env, r)
	validateNetwork(env, r)
	validateEKS(env, r)
	validateLoadBalancer(env, r)
	validateCache(env, hasCacheAuthToken, r)
	validateCassandra(env, r)
	validateAutoscaling(env, r)
	validateCost(env, r)
	validateMonitoring(env, r)
}

// AWS tag limits (Tagging AWS resources, "Tag naming limits and requirements").
const (
	maxTagKeyLength   = 128
	maxTagValueLength = 256
)

func validateTop(env *Environment, r *report) {
	switch {
	case env.Region == "":
		r.missing("aws:region", "is required; set it with `pulumi config set aws:region us-east-1`")
	case !slices.Contains(Regions, env.Region):
		r.add("aws:region", env.Region, "must be an AWS commercial region such as us-east-1 or eu-west-1")
	}
	if env.Name == "" {
		r.missing("environment", "is required: one of dev, staging, prod")
	} else {
		r.oneOf("environment", env.Name, EnvDev, EnvStaging, EnvProd)
	}
	for k, v := range env.Tags {
		switch {
		case k == "" || len(k) > maxTagKeyLength || strings.HasPrefix(strings.ToLower(k), "aws:"):
			r.add("tags", k, "tag keys must be 1 to %d characters and must not start with aws:", maxTagKeyLength)
		case len(v) > maxTagValueLength:
			r.add("tags."+k, v, "tag values must be at most %d characters", maxTagValueLength)
		}
	}
}

// checkCIDRs validates a list of IPv4 or IPv6 CIDRs.
func checkCIDRs(r *report, path string, cidrs []string) {
	for i, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil || p.Masked() != p {
			r.add(indexed(path, i), c, "must be a CIDR block such as 203.0.113.0/24 (network address, no host bits)")
		}
	}
}

// checkIPv4CIDRs is checkCIDRs for a list that takes IPv4 blocks only, why saying what refuses
// IPv6.
func checkIPv4CIDRs(r *report, path string, cidrs []string, why string) {
	checkCIDRs(r, path, cidrs)
	for i, c := range cidrs {
		if p, err := netip.ParsePrefix(c); err == nil && !p.Addr().Is4() {
			r.add(indexed(path, i), c, "must be an IPv4 CIDR: %s", why)
		}
	}
}

func indexed(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
