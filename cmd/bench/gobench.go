package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// goBenchmarks runs the benchmarks of ./cmd/plan matching o.bench, each in a process of its
// own: the SDK keeps every mocked run's state alive (docs/performance.md), so benchmarks sharing
// a process would slow each other down. It builds the test binary once (go test -c), lists the
// benchmarks with one quick pass (-benchtime 1x), then runs each and parses what it prints.
func goBenchmarks(root, tmp string, o options, log io.Writer) ([]benchResult, error) {
	bin := filepath.Join(tmp, "plan.test")
	if _, err := mustSucceed(timed(root, nil, log, "go", "test", "-c", "-o", bin, "./cmd/plan")); err != nil {
		return nil, fmt.Errorf("building the benchmarks: %w", err)
	}
	dir := filepath.Join(root, "cmd", "plan") // go test runs a package's tests in its directory
	listed, err := runBenchmarks(dir, log, bin, "-test.bench", o.bench, "-test.benchtime", "1x")
	if err != nil {
		return nil, err
	}
	var results []benchResult
	for _, l := range listed {
		pattern := "^Benchmark" + regexp.QuoteMeta(l.group) + "$"
		if l.stack != "" {
			pattern += "/^" + regexp.QuoteMeta(l.stack) + "$"
		}
		args := []string{"-test.bench", pattern, "-test.benchmem"}
		if o.benchtime != "" {
			args = append(args, "-test.benchtime", o.benchtime)
		}
		got, err := runBenchmarks(dir, log, bin, args...)
		if err != nil {
			return nil, err
		}
		results = append(results, got...)
	}
	return results, nil
}

// runBenchmarks runs the test binary's benchmarks (no tests) and parses its output.
func runBenchmarks(dir string, log io.Writer, bin string, args ...string) ([]benchResult, error) {
	args = append([]string{"-test.run", "^$"}, args...)
	var out bytes.Buffer
	sink := io.Writer(&out)
	if log != nil {
		sink = io.MultiWriter(&out, log)
	}
	r, err := timed(dir, nil, sink, bin, args...)
	if err == nil && r.exitCode != 0 {
		err = fmt.Errorf("exit code %d\n%s", r.exitCode, out.String())
	}
	if err != nil {
		return nil, fmt.Errorf("plan.test %s: %w", strings.Join(args, " "), err)
	}
	results, err := parseBenchOutput(&out, benchProcs())
	if err == nil && len(results) == 0 {
		err = fmt.Errorf("plan.test %s: no benchmark results in its output", strings.Join(args, " "))
	}
	return results, err
}

// benchResult is one line of `go test -bench` output.
type benchResult struct {
	group, stack string // BenchmarkPlan/cassandra-1000 → "Plan", "cassandra-1000"
	iterations   int
	nsPerOp      float64
	bytesPerOp   float64
	allocsPerOp  float64
	resources    float64
}

// parseBenchOutput reads the result lines of `go test -bench -benchmem` output and ignores the
// rest. procs is the GOMAXPROCS the benchmarks ran with: go test appends "-procs" to every name
// unless it is 1.
func parseBenchOutput(r io.Reader, procs int) ([]benchResult, error) {
	var out []benchResult
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if procs != 1 {
			name = strings.TrimSuffix(name, "-"+strconv.Itoa(procs))
		}
		group, stack, _ := strings.Cut(name, "/")
		n, err := strconv.Atoi(fields[1])
		if err != nil {
			continue // a "BenchmarkX" line of log output, not a result
		}
		res := benchResult{group: group, stack: stack, iterations: n}
		// The rest are value-unit pairs: 1234 ns/op, 56 B/op, 7 allocs/op, 6123 resources.
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("benchmark line %q: value %q: %w", sc.Text(), fields[i], err)
			}
			switch fields[i+1] {
			case "ns/op":
				res.nsPerOp = v
			case "B/op":
				res.bytesPerOp = v
			case "allocs/op":
				res.allocsPerOp = v
			case "resources":
				res.resources = v
			}
		}
		out = append(out, res)
	}
	return out, sc.Err()
}

// find returns the result of one group and stack.
func find(results []benchResult, group, stack string) (benchResult, bool) {
	for _, r := range results {
		if r.group == group && r.stack == stack {
			return r, true
		}
	}
	return benchResult{}, false
}

// benchProcs is the GOMAXPROCS a child `go test` gets: ours, as it inherits our environment.
func benchProcs() int { return runtime.GOMAXPROCS(0) }
