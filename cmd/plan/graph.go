package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// flows are the architecture's traffic paths between component kinds (type tokens of our
// components): clients reach the load balancer, which forwards to the cluster's workers, which use
// the cache and Cassandra. Every tier lives in the network.
var flows = [][2]string{
	{"platform:loadbalancer:LoadBalancer", "platform:cluster:Cluster"},
	{"platform:cluster:Cluster", "platform:cache:Cache"},
	{"platform:cluster:Cluster", "platform:cassandra:Cassandra"},
}

// writeGraph draws the stack as Graphviz DOT (.dot, .gv) or Mermaid (.mmd, .md, anything else),
// one cluster per component holding its resource types with their counts.
func writeGraph(w io.Writer, path string, r *Report) error {
	groups := map[string]map[string]int{}
	byType := map[string]string{} // component type → name
	for _, row := range r.Resources {
		if strings.HasPrefix(row.Type, "platform:") {
			byType[row.Type] = row.Name
		}
		if row.Component == "" {
			continue
		}
		if groups[row.Component] == nil {
			groups[row.Component] = map[string]int{}
		}
		if !strings.HasPrefix(row.Type, "platform:") {
			groups[row.Component][shortType(row.Type)]++
		}
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	var edges [][2]string
	for _, f := range flows {
		if from, to := byType[f[0]], byType[f[1]]; from != "" && to != "" {
			edges = append(edges, [2]string{from, to})
		}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".dot", ".gv":
		return writeDOT(w, r.Stack, names, groups, edges)
	default:
		return writeMermaid(w, names, groups, edges)
	}
}

func shortType(t string) string { return t[strings.LastIndex(t, ":")+1:] }

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func id(s string) string {
	return strings.NewReplacer("-", "_", ".", "_", ":", "_", "/", "_", " ", "_").Replace(s)
}

func writeDOT(w io.Writer, stack string, names []string, groups map[string]map[string]int, edges [][2]string) error {
	fmt.Fprintf(w, "digraph %q {\n  rankdir=LR;\n  compound=true;\n  node [shape=box, style=rounded];\n  clients [label=\"clients\", shape=ellipse];\n", stack)
	for _, n := range names {
		fmt.Fprintf(w, "  subgraph cluster_%s {\n    label=%q;\n    %s [label=%q, shape=point];\n", id(n), n, id(n), "")
		for _, t := range sortedKeys(groups[n]) {
			fmt.Fprintf(w, "    %s [label=%q];\n", id(n+"_"+t), fmt.Sprintf("%s × %d", t, groups[n][t]))
		}
		fmt.Fprintln(w, "  }")
	}
	for _, e := range edges {
		fmt.Fprintf(w, "  %s -> %s [ltail=cluster_%s, lhead=cluster_%s];\n", id(e[0]), id(e[1]), id(e[0]), id(e[1]))
	}
	if len(edges) > 0 {
		fmt.Fprintf(w, "  clients -> %s [lhead=cluster_%s];\n", id(edges[0][0]), id(edges[0][0]))
	}
	_, err := fmt.Fprintln(w, "}")
	return err
}

func writeMermaid(w io.Writer, names []string, groups map[string]map[string]int, edges [][2]string) error {
	fmt.Fprintln(w, "flowchart LR")
	fmt.Fprintln(w, "  clients((clients))")
	for _, n := range names {
		fmt.Fprintf(w, "  subgraph %s[%q]\n", id(n), n)
		for _, t := range sortedKeys(groups[n]) {
			fmt.Fprintf(w, "    %s[\"%s × %d\"]\n", id(n+"_"+t), t, groups[n][t])
		}
		fmt.Fprintln(w, "  end")
	}
	for _, e := range edges {
		fmt.Fprintf(w, "  %s --> %s\n", id(e[0]), id(e[1]))
	}
	if len(edges) > 0 {
		fmt.Fprintf(w, "  clients --> %s\n", id(edges[0][0]))
	}
	return nil
}
