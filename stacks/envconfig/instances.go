package envconfig

import (
	"slices"
	"strings"
)

// EC2 instance families this toolkit plans for (x86_64, current generations, as the nodes'
// AMIs are x86_64) and the sizes AWS offers in them (Amazon EC2 instance types guide).
var ec2Families = map[string][]string{
	"t3":  {"micro", "small", "medium", "large", "xlarge", "2xlarge"},
	"m5":  {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"},
	"m6i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"},
	"m7i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"},
	"c6i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"},
	"r6i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"},
	"i3":  {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"},
	"i4i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "32xlarge"},
}

// ElastiCache node families (Graviton and burstable) and their sizes (ElastiCache supported node types).
var cacheFamilies = map[string][]string{
	"t4g": {"micro", "small", "medium"},
	"m6g": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"},
	"m7g": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"},
	"r6g": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"},
	"r7g": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"},
}

// KnownInstanceType tells whether t is an EC2 instance type this toolkit plans for.
func KnownInstanceType(t string) bool { return known(ec2Families, t) }

// KnownCacheNodeType tells whether t is an ElastiCache node type such as cache.r7g.large.
func KnownCacheNodeType(t string) bool {
	rest, ok := strings.CutPrefix(t, "cache.")
	return ok && known(cacheFamilies, rest)
}

func known(families map[string][]string, t string) bool {
	family, size, ok := strings.Cut(t, ".")
	return ok && slices.Contains(families[family], size)
}

func familyList(families map[string][]string) string {
	names := make([]string, 0, len(families))
	for f := range families {
		names = append(names, f)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
