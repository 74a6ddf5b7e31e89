// Command plan shows what a stack would create, what it would cost and whether it passes policy,
// offline: it runs the real stack program on the Pulumi SDK's mock engine with the stack's own
// Pulumi.<stack>.yaml, without AWS credentials or the Pulumi CLI.
//
//	go run ./cmd/plan                          # the dev stack, as a table
//	go run ./cmd/plan --stack prod --format json
//	go run ./cmd/plan --set cassandra.nodeCount=6 --compare prod --graph dev.mmd
//
// Exit codes: 0 fine; 1 a mandatory policy failed or the budget is exceeded; 2 bad config or usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitConfig = 2
)

type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC trades memory for time, unless GOGC or GOMEMLIMIT is set or the container is small. A
// plan is one short run that allocates several times its live heap (541 MB for 150 MB live at
// 1000 nodes, the most the config allows): collecting at 400 % growth instead of 100 % takes a
// quarter off its time for about 100 MiB more, and the soft limit keeps it under 512 MiB
// (docs/performance.md).
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return // the user's settings
	}
	tuneGCWithin(containerMemoryLimit())
}

// tuneGCWithin tunes unless a container's memory limit is under 1 GiB, where Go's defaults (a
// third less memory) are the safer choice.
func tuneGCWithin(limit int64, limited bool) {
	if limited && limit < 1<<30 {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(448 << 20)
}

// containerMemoryLimit reads the cgroup's memory limit (v2, then v1), if there is one.
func containerMemoryLimit() (int64, bool) {
	for _, file := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		limit, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		return limit, err == nil // v2 says "max" when unlimited
	}
	return 0, false
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "dev", "stack `NAME`: reads Pulumi.NAME.yaml")
	format := fs.String("format", "table", "output `FORMAT`: table, json or markdown")
	compareWith := fs.String("compare", "", "show the cost beside stack `OTHER`'s, item by item")
	graph := fs.String("graph", "", "write an architecture diagram to `FILE` (.dot/.gv: Graphviz, else Mermaid)")
	dir := fs.String("dir", ".", "project `DIR` holding Pulumi.yaml")
	var sets setFlags
	fs.Var(&sets, "set", "override a config value, `PATH=VALUE` as pulumi config set --path names it (repeatable)")
	if err := fs.Parse(args); err != nil {
		return exitConfig
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "plan: unexpected arguments %v\n", fs.Args())
		return exitConfig
	}
	switch *format {
	case "table", "json", "markdown":
	default:
		fmt.Fprintf(stderr, "plan: --format %q: want table, json or markdown\n", *format)
		return exitConfig
	}

	done := progress(stderr, fmt.Sprintf("planning stack %s on the mock engine…", *stack))
	report, err := plan(*dir, *stack, sets)
	if err == nil && *compareWith != "" {
		var other *Report
		if other, err = plan(*dir, *compareWith, nil); err == nil {
			report.Compare = compare(report.Cost, other.Cost, *compareWith)
		}
	}
	done()
	if err != nil {
		fmt.Fprintf(stderr, "plan: %v\n", err)
		if errors.Is(err, errConfig) {
			return exitConfig
		}
		return exitFailed
	}
	if *graph != "" {
		if err := writeGraphFile(*graph, report); err != nil {
			fmt.Fprintf(stderr, "plan: %v\n", err)
			return exitConfig
		}
	}
	if err := render(stdout, *format, report); err != nil {
		fmt.Fprintf(stderr, "plan: %v\n", err)
		return exitConfig
	}
	if report.Failed() {
		return exitFailed
	}
	return exitOK
}

func writeGraphFile(path string, r *Report) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--graph: %w", err)
	}
	if err := writeGraph(f, path, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// progress prints msg on stderr if the work takes more than a moment; call the result when done.
func progress(stderr io.Writer, msg string) func() {
	timer := time.AfterFunc(700*time.Millisecond, func() { fmt.Fprintln(stderr, msg) })
	return func() { timer.Stop() }
}
