package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"time"
)

// run is one finished child process.
type run struct {
	wall     time.Duration
	peakRSS  int64 // bytes: the largest resident set of the child or any process it waited for
	exitCode int
}

// timed runs a command to its end and measures it. Its output goes to out (nil: discarded).
func timed(dir string, env []string, out io.Writer, name string, args ...string) (run, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start)}
	if cmd.ProcessState == nil {
		return r, fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	r.exitCode = cmd.ProcessState.ExitCode()
	r.peakRSS = maxRSS(cmd.ProcessState.SysUsage())
	return r, nil
}

// maxRSS reads ru_maxrss from a child's rusage (what `/usr/bin/time -f %M` prints): the largest
// resident set of the child and of the descendants it waited for, so for `go build` the largest
// compile or link. Linux counts it in KiB, macOS in bytes; 0 where there is no rusage.
func maxRSS(sysUsage any) int64 {
	v := reflect.ValueOf(sysUsage)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return 0
	}
	f := v.Elem().FieldByName("Maxrss")
	if !f.IsValid() || !f.CanInt() {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return f.Int()
	}
	return f.Int() * 1024
}

// best runs fn n times and returns the fastest run, with the highest peak of all runs (the
// memory a user must have, whichever run they get).
func best(n int, fn func(i int) (run, error)) (run, error) {
	var b run
	for i := 0; i < n; i++ {
		r, err := fn(i)
		if err != nil {
			return run{}, err
		}
		if i == 0 || r.wall < b.wall {
			r.peakRSS = max(r.peakRSS, b.peakRSS)
			b = r
		} else {
			b.peakRSS = max(b.peakRSS, r.peakRSS)
		}
	}
	return b, nil
}

// oneLineChange writes an overlay (go build -overlay) that replaces file with a copy holding one
// more comment line after its package clause, numbered n so that every build sees a new file.
// The working tree is not touched.
func oneLineChange(tmp, file string, n int) (overlay string, err error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	lines := strings.SplitAfter(string(src), "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "package ") })
	if at < 0 {
		return "", fmt.Errorf("%s: no package clause", file)
	}
	changed := slices.Insert(lines, at+1, fmt.Sprintf("// cmd/bench: one-line change %d\n", n))
	copyPath := filepath.Join(tmp, fmt.Sprintf("change-%d-%s", n, filepath.Base(file)))
	if err := os.WriteFile(copyPath, []byte(strings.Join(changed, "")), 0o644); err != nil {
		return "", err
	}
	spec, err := json.Marshal(map[string]map[string]string{"Replace": {file: copyPath}})
	if err != nil {
		return "", err
	}
	overlay = filepath.Join(tmp, fmt.Sprintf("overlay-%d.json", n))
	return overlay, os.WriteFile(overlay, spec, 0o644)
}

// loadAverage is the first line of /proc/loadavg, "" where there is none.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
