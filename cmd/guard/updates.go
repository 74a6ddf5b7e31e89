package main

import (
	"fmt"
	"strconv"
	"strings"
)

// refusedUpdate tells whether an in-place update asks AWS for a change it refuses. The update
// would stop there, partway, after the changes the engine made before it. (What the provider
// replaces instead, such as a lower cache engineVersion, is left to the checks of replacements.)
func refusedUpdate(s step) (string, bool) {
	if s.Op != "update" || s.OldState == nil || s.NewState == nil {
		return "", false
	}
	switch s.URN.Type() {
	case "aws:eks/cluster:Cluster":
		return eksVersionStep(s)
	case "aws:elasticache/replicationGroup:ReplicationGroup":
		return cacheStep(s)
	case "aws:ebs/volume:Volume":
		return volumeShrink(s)
	}
	return "", false
}

// volumeShrink: EBS grows a volume in place but never shrinks one.
func volumeShrink(s step) (string, bool) {
	from, okFrom := current(s, "size").(float64)
	to, okTo := s.NewState.Inputs["size"].(float64)
	if !okFrom || !okTo || to >= from {
		return "", false
	}
	return fmt.Sprintf("size %g → %g GiB: EBS cannot shrink a volume (cassandra.dataVolume.size only grows)", from, to), true
}

// eksVersionStep: EKS moves a control plane one minor version up at a time, never down.
func eksVersionStep(s step) (string, bool) {
	from, _ := current(s, "version").(string)
	to, _ := s.NewState.Inputs["version"].(string)
	fromMinor, okFrom := minorOf(from)
	toMinor, okTo := minorOf(to)
	switch {
	case !okFrom || !okTo || toMinor == fromMinor || toMinor == fromMinor+1:
		return "", false
	case toMinor < fromMinor:
		return fmt.Sprintf("eks.version %s → %s: EKS cannot downgrade a cluster; keep %s", from, to, from), true
	default:
		return fmt.Sprintf("eks.version %s → %s: EKS upgrades one minor version at a time; set 1.%d and deploy it first", from, to, fromMinor+1), true
	}
}

// minorOf reads the minor version of a Kubernetes "1.N" version.
func minorOf(version string) (int, bool) {
	major, minor, ok := strings.Cut(version, ".")
	if !ok || major != "1" {
		return 0, false
	}
	n, err := strconv.Atoi(minor)
	return n, err == nil
}

// cacheStep: ElastiCache turns cluster mode on only through "compatible", with every client moved
// to cluster mode in between (which this toolkit leaves to the operator), and never turns it off.
func cacheStep(s step) (string, bool) {
	from, _ := current(s, "clusterMode").(string)
	to, _ := s.NewState.Inputs["clusterMode"].(string)
	// compatible → enabled is the migration's last step, taken after the clients moved over.
	if (from == "enabled") == (to == "enabled") || from == "compatible" && to == "enabled" {
		return "", false
	}
	return fmt.Sprintf("cache.clusterMode %t → %t: ElastiCache enables cluster mode only through its compatible mode, with the clients moved in between, and cannot disable it; keep the setting, or build a second cache",
		from == "enabled", to == "enabled"), true
}

// current is a property as AWS last reported it (the old state's outputs, as of the last update
// or refresh), else as last configured: the provider asks AWS to go from there to the new inputs.
func current(s step, key string) any {
	if v, ok := s.OldState.Outputs[key]; ok && v != nil {
		return v
	}
	return s.OldState.Inputs[key]
}
