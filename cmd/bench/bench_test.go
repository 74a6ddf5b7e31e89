package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const sampleOutput = `goos: linux
goarch: amd64
pkg: github.com/platform-team/platform/cmd/plan
cpu: Intel(R) Xeon(R) Processor
BenchmarkPlan/dev-2         	      78	  16225627 ns/op	        90.00 resources	 6813422 B/op	  116504 allocs/op
BenchmarkPlan/cassandra-1000-2         	       1	2549145596 ns/op	      6123 resources	636177904 B/op	11006531 allocs/op
BenchmarkBareEngine/cassandra-1000-2  	       9	 180978384 ns/op	      6123 resources	98712754 B/op	 1177612 allocs/op
BenchmarkLog line that is not a result
PASS
ok  	github.com/platform-team/platform/cmd/plan	81.2s
`

func TestParseBenchOutput(t *testing.T) {
	got, err := parseBenchOutput(strings.NewReader(sampleOutput), 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []benchResult{
		{group: "Plan", stack: "dev", iterations: 78, nsPerOp: 16225627, bytesPerOp: 6813422, allocsPerOp: 116504, resources: 90},
		{group: "Plan", stack: "cassandra-1000", iterations: 1, nsPerOp: 2549145596, bytesPerOp: 636177904, allocsPerOp: 11006531, resources: 6123},
		{group: "BareEngine", stack: "cassandra-1000", iterations: 9, nsPerOp: 180978384, bytesPerOp: 98712754, allocsPerOp: 1177612, resources: 6123},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// With GOMAXPROCS=1 go test appends no suffix: a stack name ending in digits stays whole.
func TestParseBenchOutputOneProc(t *testing.T) {
	got, err := parseBenchOutput(strings.NewReader("BenchmarkProgram/cassandra-100 \t 3\t 5 ns/op\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].stack != "cassandra-100" {
		t.Fatalf("got %+v, want stack cassandra-100", got)
	}
}

func TestOneLineChangeLeavesTheFileAlone(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "program.go")
	src := "// Package stacks is the program.\npackage stacks\n\nfunc f() {}\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay, err := oneLineChange(dir, file, 7)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(file); string(b) != src {
		t.Fatalf("the file changed: %q", b)
	}
	spec, err := os.ReadFile(overlay)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "change-7-program.go")
	if !strings.Contains(string(spec), `"Replace":{"`+file+`":"`+copyPath+`"}`) {
		t.Fatalf("overlay %s does not map %s to %s", spec, file, copyPath)
	}
	b, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	want := "// Package stacks is the program.\npackage stacks\n// cmd/bench: one-line change 7\n\nfunc f() {}\n"
	if string(b) != want {
		t.Fatalf("copy:\n%s\nwant:\n%s", b, want)
	}
}

// The ratio table sets each program beside the typed engine (the goal), its replay and the bare engine, and
// the growth table covers every group that ran at 100 and 1000 nodes.
func TestPrintBenchmarksRatios(t *testing.T) {
	results := []benchResult{
		{group: "Program", stack: "cassandra-100", nsPerOp: 120e6, bytesPerOp: 60 << 20, resources: 747},
		{group: "Program", stack: "cassandra-1000", nsPerOp: 1100e6, bytesPerOp: 540 << 20, resources: 6147},
		{group: "TypedEngine", stack: "cassandra-100", nsPerOp: 40e6, bytesPerOp: 20 << 20, resources: 747},
		{group: "TypedEngine", stack: "cassandra-1000", nsPerOp: 400e6, bytesPerOp: 200 << 20, resources: 6147},
		{group: "BareEngine", stack: "cassandra-1000", nsPerOp: 150e6, bytesPerOp: 90 << 20, resources: 6147},
		{group: "Replay", stack: "cassandra-1000", nsPerOp: 800e6, bytesPerOp: 400 << 20, resources: 6147},
	}
	var out strings.Builder
	printBenchmarks(&out, results)
	rows := map[string]string{} // first field → the row's fields, single-spaced
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			rows[f[0]] = strings.Join(f, " ")
		}
	}
	for first, want := range map[string]string{
		// 1100/400 = 2.75 → 2.8×, 540/200 = 2.7×, 1100/800 = 1.375 → 1.38×, 540/400 = 1.35×, 1100/150 = 7.3×
		"cassandra-1000": "cassandra-1000 6147 1100.0 ms 400.0 ms 2.8× 2.7× 800.0 ms 1.38× 1.35× 150.0 ms 7.3×",
		"Program":        "Program 8.2× 9.2× 9.0×",
		"TypedEngine":    "TypedEngine 8.2× 10.0× 10.0×",
	} {
		if rows[first] != want {
			t.Errorf("row %q = %q, want %q\n%s", first, rows[first], want, out.String())
		}
	}
	// cassandra-100 has no bare engine result: no ratio row rather than a division by zero.
	if row, ok := rows["cassandra-100"]; ok {
		t.Errorf("a ratio row without a bare engine result: %q", row)
	}

	// Without the replay, the goal's ratios still show, the replay's columns empty.
	out.Reset()
	printBenchmarks(&out, results[:len(results)-1])
	want := "cassandra-1000 6147 1100.0 ms 400.0 ms 2.8× 2.7× – – – 150.0 ms 7.3×"
	if !slices.ContainsFunc(strings.Split(out.String(), "\n"), func(line string) bool { return strings.Join(strings.Fields(line), " ") == want }) {
		t.Errorf("no row %q without a replay result:\n%s", want, out.String())
	}

	// With the program's benchmark alone there is no ratio table at all, not an empty one.
	out.Reset()
	printBenchmarks(&out, results[:1])
	if strings.Contains(out.String(), "STACK") {
		t.Errorf("a ratio table without baselines:\n%s", out.String())
	}
}
