package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// The plan collects garbage less often, unless the user set GOGC or GOMEMLIMIT, or the container
// holds less than 1 GiB.
func TestTuneGC(t *testing.T) {
	prevPercent := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(prevPercent); debug.SetMemoryLimit(prevLimit) })
	settings := func() (int, int64) { return debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64) }

	for _, c := range []struct {
		name     string
		limit    int64
		limited  bool
		percent  int
		memLimit int64
	}{
		{"no container limit", 0, false, 400, 448 << 20},
		{"a 4 GiB container", 4 << 30, true, 400, 448 << 20},
		{"a 512 MiB container", 512 << 20, true, 100, math.MaxInt64},
	} {
		tuneGCWithin(c.limit, c.limited)
		if p, l := settings(); p != c.percent || l != c.memLimit {
			t.Errorf("%s: GOGC %d, limit %d; want %d and %d", c.name, p, l, c.percent, c.memLimit)
		}
	}

	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Setenv("GOGC", "")
		t.Setenv("GOMEMLIMIT", "")
		t.Setenv(env, map[string]string{"GOGC": "800", "GOMEMLIMIT": "1GiB"}[env])
		tuneGC()
		if p, l := settings(); p != 100 || l != math.MaxInt64 {
			t.Errorf("with %s set: GOGC %d, limit %d; want both left alone", env, p, l)
		}
	}
}
