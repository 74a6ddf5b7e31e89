package main

import (
	"fmt"
	"strconv"
	"strings"
)

// refusedUpdate tells whether a step asks AWS for a change it refuses. The update would stop
// there, partway, after the changes the engine made before it.
func refusedUpdate(s step) (string, bool) {
	if s.OldState == nil || s.NewState == nil {
		return "", false
	}
	switch s.URN.Type() {
	case "aws:eks/cluster:Cluster":
		return eksVersionStep(s)
	case "aws:elasticache/replicationGroup:ReplicationGroup":
		return cacheClusterModeStep(s)
	}
	return "", false
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

// cacheClusterModeStep: ElastiCache turns cluster mode on only through "compatible", with every
// client moved to cluster mode in between, and never turns it off.
func cacheClusterModeStep(s step) (string, bool) {
	from, _ := s.OldState.Inputs["clusterMode"].(string)
	to, _ := s.NewState.Inputs["clusterMode"].(string)
	if enabled(from) == enabled(to) {
		return "", false
	}
	return fmt.Sprintf("cache.clusterMode %t → %t: ElastiCache enables cluster mode only through its compatible mode, with the clients moved in between, and cannot disable it; build a second cache instead", enabled(from), enabled(to)), true
}

func enabled(clusterMode string) bool { return clusterMode == "enabled" }
