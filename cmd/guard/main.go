// Command guard reads the JSON of `pulumi preview --json` and fails when the update would replace
// or delete what holds data or serves traffic, or restart Cassandra nodes of more than one rack at
// once: changes that dev and staging would otherwise take before prod's protection refuses them.
// It also fails on changes AWS refuses: an EKS version step back or by more than one minor
// version, the cache's cluster mode turned on or off, an EBS volume shrunk. Allowed disruptive
// steps are listed too, so that reviewers see what an allow lets through.
//
//	pulumi preview --json --stack dev > preview.json
//	go run ./cmd/guard preview.json                      # exit 1 lists each disruptive step
//	go run ./cmd/guard --allow aws:eks/nodeGroup:NodeGroup preview.json
//
// Exit codes: 0 nothing disruptive (or all of it allowed), 1 disruptive steps or changes AWS
// refuses (which no allow lets through), 2 bad input.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("guard", flag.ContinueOnError)
	flags.SetOutput(stderr)
	allowFlag := flags.String("allow", "", "comma-separated resource types or URNs whose disruptive steps are intended")
	if err := flags.Parse(args); err != nil || flags.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: guard [--allow TYPE-OR-URN,...] PREVIEW.json (- for standard input)")
		return 2
	}
	in := stdin
	if path := flags.Arg(0); path != "-" {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(stderr, "guard:", err)
			return 2
		}
		defer f.Close()
		in = f
	}
	var p preview
	if err := json.NewDecoder(in).Decode(&p); err != nil {
		fmt.Fprintln(stderr, "guard: not the JSON of pulumi preview --json:", err)
		return 2
	}
	// A preview of this program always has steps (the stack itself); without any, the input is
	// something else, such as the line-by-line events of a streaming JSON preview.
	if len(p.Steps) == 0 {
		fmt.Fprintln(stderr, "guard: the input holds no steps: not the JSON of pulumi preview --json")
		return 2
	}
	for _, s := range p.Steps {
		if !s.URN.IsValid() {
			fmt.Fprintf(stderr, "guard: step %q has no valid URN %q\n", s.Op, s.URN)
			return 2
		}
	}
	var allow []string
	for _, a := range strings.Split(*allowFlag, ",") {
		if a = strings.TrimSpace(a); a != "" {
			allow = append(allow, a)
		}
	}
	findings := check(p, allow)
	count := map[string]int{}
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
		count[f.kind]++
	}
	if count[refused] > 0 {
		fmt.Fprintf(stdout, "guard: %d change(s) AWS refuses: change the config as each says (no allow applies)\n", count[refused])
	}
	if count[disruptive] > 0 {
		fmt.Fprintf(stdout, "guard: %d disruptive change(s); if intended, rerun with --allow naming the type or URN (README: Continuous integration)\n", count[disruptive])
	}
	if count[refused]+count[disruptive] > 0 {
		return 1
	}
	fmt.Fprintf(stdout, "guard: nothing that holds data or serves traffic is replaced or deleted, and nothing AWS refuses, but for %d allowed change(s)\n", count[allowed])
	return 0
}
