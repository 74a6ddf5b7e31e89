// Command bench prints the figures of docs/performance.md in one run: the Go benchmarks of the
// offline plan (ns/op, B/op, allocs/op, resources), the program's time against the SDK mock
// engine registering as many typed (and plain) resources and against the replay of its own
// resources, the growth from 100 to 1000 Cassandra nodes, and the plan
// command end to end (wall time and peak memory, best of -runs). With -build it also measures
// the cold build of the Pulumi program (empty GOCACHE) and its rebuild after a one-line change.
//
//	go run ./cmd/bench            # benchmarks and the plan command, about three minutes
//	go run ./cmd/bench -build     # and the builds, about seven minutes more on two cores
//
// Run it from the module root (or pass -dir) on an otherwise idle machine: it prints the load
// average before and after, as the figures mean little on a busy one. Peak memory is the
// kernel's ru_maxrss of each child (Linux, macOS).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Goals from issue 10.
const (
	goalProgramRatio = 1.3             // program time / typed engine time at equal resources
	goalGrowth       = 11.0            // time(1000 nodes) / time(100 nodes)
	goalPlanWall     = 2 * time.Second // the 1000-node plan command, end to end
	goalPlanPeak     = 512 << 20       // and its peak resident memory
	goalRebuild      = 8 * time.Second // rebuild after a one-line change in stacks/
)

type options struct {
	dir       string
	bench     string
	benchtime string
	nodes     int
	runs      int
	build     bool
	verbose   bool
}

func main() {
	var o options
	flag.StringVar(&o.dir, "dir", ".", "module `DIR` (holding go.mod and Pulumi.yaml)")
	flag.StringVar(&o.bench, "bench", ".", "`REGEXP` of the Go benchmarks of ./cmd/plan to run")
	flag.StringVar(&o.benchtime, "benchtime", "", "go test -benchtime `VALUE` (default go's, 1s)")
	flag.IntVar(&o.nodes, "nodes", 1000, "Cassandra `NODES` of the timed plan command (also run at a tenth)")
	flag.IntVar(&o.runs, "runs", 3, "runs of each timed command; the best counts")
	flag.BoolVar(&o.build, "build", false, "also measure the cold build and the rebuild after a one-line change")
	flag.BoolVar(&o.verbose, "v", false, "show the output of the commands run")
	flag.Parse()
	if err := bench(o, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func bench(o options, w io.Writer) error {
	root, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return fmt.Errorf("-dir %s: %w (run from the module root)", o.dir, err)
	}
	tmp, err := os.MkdirTemp("", "platform-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var log io.Writer
	if o.verbose {
		log = os.Stderr
	}

	fmt.Fprintf(w, "Machine: %d CPUs, %s %s/%s, load average %s (1, 5, 15 min) at start\n",
		runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, loadAverage())

	results, err := goBenchmarks(root, tmp, o, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nGo benchmarks of ./cmd/plan (go test -run '^$' -bench %s -benchmem", o.bench)
	if o.benchtime != "" {
		fmt.Fprintf(w, " -benchtime %s", o.benchtime)
	}
	fmt.Fprintf(w, "), each in a process of its own\n")
	printBenchmarks(w, results)

	plan := filepath.Join(tmp, "plan")
	if _, err := mustSucceed(timed(root, nil, log, "go", "build", "-o", plan, "./cmd/plan")); err != nil {
		return fmt.Errorf("building the plan command: %w", err)
	}
	if err := planCommand(w, root, plan, o); err != nil {
		return err
	}
	if o.build {
		if err := builds(w, root, tmp, o, log); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nLoad average at the end: %s\n", loadAverage())
	return nil
}

func printBenchmarks(w io.Writer, results []benchResult) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BENCHMARK\tRESOURCES\tTIME/OP\tMB/OP\tALLOCS/OP\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%.1f\t%.0f\t\n", strings.TrimSuffix(r.group+"/"+r.stack, "/"), r.resources,
			ms(r.nsPerOp), r.bytesPerOp/(1<<20), r.allocsPerOp)
	}
	tw.Flush()

	var ratios []string
	for _, p := range results {
		typed, ok1 := find(results, "TypedEngine", p.stack)
		bare, ok2 := find(results, "BareEngine", p.stack)
		if p.group != "Program" || !ok1 || !ok2 || typed.nsPerOp == 0 || typed.bytesPerOp == 0 || bare.nsPerOp == 0 {
			continue
		}
		replayed := "–\t–\t–" // the replay did not run (-bench)
		if replay, ok := find(results, "Replay", p.stack); ok && replay.nsPerOp > 0 && replay.bytesPerOp > 0 {
			replayed = fmt.Sprintf("%s\t%.2f×\t%.2f×", ms(replay.nsPerOp), p.nsPerOp/replay.nsPerOp, p.bytesPerOp/replay.bytesPerOp)
		}
		ratios = append(ratios, fmt.Sprintf("%s\t%.0f\t%s\t%s\t%.1f×\t%.1f×\t%s\t%s\t%.1f×\t", p.stack, p.resources, ms(p.nsPerOp),
			ms(typed.nsPerOp), p.nsPerOp/typed.nsPerOp, p.bytesPerOp/typed.bytesPerOp, replayed, ms(bare.nsPerOp), p.nsPerOp/bare.nsPerOp))
	}
	if len(ratios) > 0 { // else the baselines did not run (-bench)
		fmt.Fprintf(w, "\nProgram against the SDK mock engine, same number of resources (goal ≤ %.1f× the typed engine)\n", goalProgramRatio)
		fmt.Fprintln(w, "and against the replay of the program's own resources, inputs and options (what the program itself adds)")
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "STACK\tRESOURCES\tPROGRAM\tTYPED ENGINE\tRATIO\tMB RATIO\tREPLAY\tRATIO\tMB RATIO\tBARE ENGINE\tRATIO\t")
		for _, row := range ratios {
			fmt.Fprintln(tw, row)
		}
		tw.Flush()
	}

	var growth []string
	for _, group := range []string{"Plan", "Program", "Replay", "TypedEngine", "BareEngine"} {
		small, ok1 := find(results, group, "cassandra-100")
		large, ok2 := find(results, group, "cassandra-1000")
		if !ok1 || !ok2 || small.nsPerOp == 0 || small.resources == 0 || small.bytesPerOp == 0 {
			continue
		}
		growth = append(growth, fmt.Sprintf("%s\t%.1f×\t%.1f×\t%.1f×\t", group, large.resources/small.resources,
			large.nsPerOp/small.nsPerOp, large.bytesPerOp/small.bytesPerOp))
	}
	if len(growth) == 0 {
		return // the cassandra-100 and -1000 benchmarks did not run
	}
	fmt.Fprintf(w, "\nGrowth from 100 to 1000 Cassandra nodes (goal time ratio < %.0f)\n", goalGrowth)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BENCHMARK\tRESOURCES\tTIME\tMEMORY\t")
	for _, row := range growth {
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
}

// planCommand times the built plan command on prod with o.nodes Cassandra nodes and a tenth of
// them, JSON to /dev/null, best of o.runs.
func planCommand(w io.Writer, root, plan string, o options) error {
	fmt.Fprintf(w, "\nPlan command, end to end: plan --stack prod --set cassandra.nodeCount=N --format json (best of %d; goal < %v and < %d MiB at N=%d)\n",
		o.runs, goalPlanWall, goalPlanPeak>>20, o.nodes)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "N\tWALL\tPEAK RSS\tEXIT\t")
	var walls []time.Duration
	for _, n := range []int{o.nodes / 10, o.nodes} {
		r, err := best(o.runs, func(int) (run, error) {
			return timed(root, nil, nil, plan, "--dir", root, "--stack", "prod",
				"--set", "cassandra.nodeCount="+strconv.Itoa(n), "--format", "json")
		})
		if err != nil {
			return err
		}
		if r.exitCode > 1 { // 1 is a verdict (over budget, mandatory policy), 2 bad config
			return fmt.Errorf("plan with %d nodes: exit code %d (run it by hand to see why)", n, r.exitCode)
		}
		walls = append(walls, r.wall)
		fmt.Fprintf(tw, "%d\t%s\t%d MiB\t%d\t\n", n, seconds(r.wall), r.peakRSS>>20, r.exitCode)
	}
	tw.Flush()
	fmt.Fprintf(w, "  growth %d → %d nodes: %.1f× (exit 1 is a verdict, such as over budget, not a failure)\n",
		o.nodes/10, o.nodes, float64(walls[1])/float64(walls[0]))
	return nil
}

// builds measures the cold build of the Pulumi program with an empty GOCACHE, then, on that
// cache, the build `pulumi preview` runs when nothing changed and the rebuild after a one-line
// change to stacks/program.go, made through an overlay. Every build writes a new file, as the
// Go language host does (go build -o <temp file>): go build skips the link when its output
// file is up to date, and the changes differ only in a comment, so they compile alike.
func builds(w io.Writer, root, tmp string, o options, log io.Writer) error {
	cache := filepath.Join(tmp, "gocache")
	env := []string{"GOCACHE=" + cache}
	out := filepath.Join(tmp, "platform")
	fmt.Fprintf(w, "\nBuilds of the Pulumi program (.), GOCACHE in a fresh temp dir, peak = largest process\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BUILD\tWALL\tPEAK RSS\t")
	cold, err := mustSucceed(timed(root, env, log, "go", "build", "-o", out, "."))
	if err != nil {
		return fmt.Errorf("cold build: %w", err)
	}
	fmt.Fprintf(tw, "cold (empty cache, standard library included)\t%s\t%d MiB\t\n", seconds(cold.wall), cold.peakRSS>>20)

	unchanged, err := best(o.runs, func(i int) (run, error) {
		return buildOnce(root, env, log, fmt.Sprintf("%s-%d", out, i))
	})
	if err != nil {
		return fmt.Errorf("build with nothing changed: %w", err)
	}
	fmt.Fprintf(tw, "nothing changed, new output file (each `pulumi preview`)\t%s\t%d MiB\t\n", seconds(unchanged.wall), unchanged.peakRSS>>20)

	upToDate, err := best(o.runs, func(int) (run, error) {
		return mustSucceed(timed(root, env, log, "go", "build", "-o", out, "."))
	})
	if err != nil {
		return fmt.Errorf("build onto the up-to-date binary: %w", err)
	}
	fmt.Fprintf(tw, "nothing changed, onto the up-to-date binary (no link)\t%s\t%d MiB\t\n", seconds(upToDate.wall), upToDate.peakRSS>>20)

	program := filepath.Join(root, "stacks", "program.go")
	changed, err := best(o.runs, func(i int) (run, error) {
		overlay, err := oneLineChange(tmp, program, i)
		if err != nil {
			return run{}, err
		}
		return buildOnce(root, env, log, fmt.Sprintf("%s-change-%d", out, i), "-overlay", overlay)
	})
	if err != nil {
		return fmt.Errorf("rebuild after a one-line change: %w", err)
	}
	fmt.Fprintf(tw, "one-line change in stacks/program.go (goal < %v)\t%s\t%d MiB\t\n", goalRebuild, seconds(changed.wall), changed.peakRSS>>20)
	tw.Flush()
	if info, err := os.Stat(out); err == nil { // the cold build's
		fmt.Fprintf(w, "  binary %d MiB\n", info.Size()>>20)
	}
	return nil
}

// buildOnce builds the program into a new file, measures it and removes the file.
func buildOnce(root string, env []string, log io.Writer, out string, flags ...string) (run, error) {
	args := append(append([]string{"build"}, flags...), "-o", out, ".")
	defer os.Remove(out)
	return mustSucceed(timed(root, env, log, "go", args...))
}

// mustSucceed turns a non-zero exit into an error.
func mustSucceed(r run, err error) (run, error) {
	if err == nil && r.exitCode != 0 {
		err = fmt.Errorf("exit code %d (run with -v to see its output)", r.exitCode)
	}
	return r, err
}

func ms(ns float64) string { return fmt.Sprintf("%.1f ms", ns/1e6) }

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
