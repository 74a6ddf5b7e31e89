package stacks_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks"
)

// Bad config fails before any resource is registered: only the stack itself exists.
func TestBadConfigRegistersNothing(t *testing.T) {
	cases := []struct {
		set string
		key string
	}{
		{"network.azCount=9", "platform:network.azCount"},
		{"network.cidr=10.0.0.0/25", "platform:network.cidr"},
		{"network.natGateways=twice", "platform:network.natGateways"},
		{"cassandra.nodeCount=2", "platform:cassandra.nodeCount"},
		{"environment=qa", "platform:environment"},
		{"aws:region=moon-1", "aws:region"},
		{"cassandra.nodeCount=three", "platform:cassandra.nodeCount"},
	}
	for _, c := range cases {
		if errs := badConfig(t, "dev", c.set); !strings.Contains(strings.Join(errs.Keys(), " "), c.key) {
			t.Errorf("%s: problems %v do not name %s", c.set, errs.Keys(), c.key)
		}
	}
}

// Like the CLI, a stack file that leaves out a key Pulumi.yaml declares without a default fails.
func TestMissingRequiredKey(t *testing.T) {
	dir := t.TempDir()
	project, err := os.ReadFile("../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), project, 0o644); err != nil {
		t.Fatal(err)
	}
	stack := "config:\n  aws:region: us-east-1\n"
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.bare.yaml"), []byte(stack), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = offline.LoadStack(dir, "bare")
	if err == nil || !strings.Contains(err.Error(), "platform:environment") {
		t.Fatalf("want an error naming platform:environment, got %v", err)
	}
}

// The program reports a missing environment itself too (a run with config from elsewhere).
func TestProgramNamesMissingEnvironment(t *testing.T) {
	cfg, err := offline.LoadStack("..", "dev")
	if err != nil {
		t.Fatal(err)
	}
	delete(cfg.Values, "platform:environment")
	_, err = offline.Run(stacks.Program, cfg.Options())
	errs := configErrors(t, err)
	if errs[0].Key != "platform:environment" {
		t.Fatalf("problems %v", errs.Keys())
	}
}
