package stacks_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks"
	"github.com/platform-team/platform/stacks/envconfig"
)

var shippedStacks = []string{"dev", "staging", "prod"}

func TestMain(m *testing.M) {
	// Stray PULUMI_* variables (PULUMI_CONFIG above all) would leak into mocked runs.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "PULUMI_") {
			os.Unsetenv(k)
		}
	}
	os.Exit(m.Run())
}

// runStack runs a shipped stack file on the mock engine, with optional --set style overrides.
func runStack(t testing.TB, stack string, sets ...string) (*offline.Result, error) {
	t.Helper()
	cfg, err := offline.LoadStack("..", stack)
	if err != nil {
		t.Fatalf("loading stack %s: %v", stack, err)
	}
	for _, s := range sets {
		path, value, _ := strings.Cut(s, "=")
		if err := cfg.Set(path, value); err != nil {
			t.Fatalf("set %s: %v", s, err)
		}
	}
	return offline.Run(stacks.Program, cfg.Options())
}

func mustRun(t testing.TB, stack string, sets ...string) *offline.Result {
	t.Helper()
	res, err := runStack(t, stack, sets...)
	if err != nil {
		t.Fatalf("stack %s: %v", stack, err)
	}
	return res
}

// configErrors returns the validation problems of a failed run.
func configErrors(t *testing.T, err error) envconfig.Errors {
	t.Helper()
	var errs envconfig.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want config errors, got %v", err)
	}
	return errs
}
