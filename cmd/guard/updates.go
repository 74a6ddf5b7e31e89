package main

import (
	"fmt"
	"strconv"
	"strings"
)

// refusedUpdate tells whether an in-place update asks AWS for a change it refuses. The update
// would stop there, partway, after the changes the engine made before it. (What the provider
// replaces instead is left to the checks of replacements.)
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
	from, okFrom := s.OldState.Inputs["size"].(float64)
	to, okTo := s.NewState.Inputs["size"].(float64)
	if !okFrom || !okTo || to >= from {
		return "", false
	}
	return fmt.Sprintf("size %g → %g GiB: EBS cannot shrink a volume (cassandra.dataVolume.size only grows)", from, to), true
}

// eksVersionStep: EKS moves a control plane one minor version up at a time, never down.
func eksVersionStep(s step) (string, bool) {
	from, _ := s.OldState.Inputs["version"].(string)
	to, _ := s.NewState.Inputs["version"].(string)
	fromMinor, okFrom := minorOf(from)
	toMinor, okTo := minorOf(to)
	switch {
	case !okFrom || !okTo || toMinor == fromMinor || toMinor == fromMinor+1:
		return "", false
	case toMinor < fromMinor:
		return fmt.Sprintf("eks.version %s → %s: EKS cannot downgrade a cluster", from, to), true
	default:
		return fmt.Sprintf("eks.version %s → %s: EKS upgrades one minor version at a time; deploy 1.%d first", from, to, fromMinor+1), true
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
// to cluster mode in between, and never turns it off; it never downgrades an engine's version.
// (Moving between Redis OSS and Valkey is AWS's to allow: the pinned provider replaces the group
// for Valkey → Redis OSS, which the stateful-type check refuses.)
func cacheStep(s step) (string, bool) {
	from, to := s.OldState.Inputs, s.NewState.Inputs
	fromMode, _ := from["clusterMode"].(string)
	toMode, _ := to["clusterMode"].(string)
	fromEngine, _ := from["engine"].(string)
	toEngine, _ := to["engine"].(string)
	fromVersion, _ := from["engineVersion"].(string)
	toVersion, _ := to["engineVersion"].(string)
	switch {
	case (fromMode == "enabled") != (toMode == "enabled"):
		return fmt.Sprintf("cache.clusterMode %t → %t: ElastiCache enables cluster mode only through its compatible mode, with the clients moved in between, and cannot disable it; build a second cache instead",
			fromMode == "enabled", toMode == "enabled"), true
	case fromEngine == toEngine && versionBelow(toVersion, fromVersion):
		return fmt.Sprintf("cache.engineVersion %s → %s: ElastiCache cannot downgrade an engine; build a second cache instead", fromVersion, toVersion), true
	}
	return "", false
}

// versionBelow tells whether engine version a ("8.0") is below b; false when either is not a
// major.minor version.
func versionBelow(a, b string) bool {
	var aMajor, aMinor, bMajor, bMinor int
	if _, err := fmt.Sscanf(a, "%d.%d", &aMajor, &aMinor); err != nil {
		return false
	}
	if _, err := fmt.Sscanf(b, "%d.%d", &bMajor, &bMinor); err != nil {
		return false
	}
	return aMajor < bMajor || aMajor == bMajor && aMinor < bMinor
}
