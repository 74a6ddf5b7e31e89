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

// loadConfig reads a shipped stack file, with optional --set style overrides.
func loadConfig(t testing.TB, stack string, sets ...string) *offline.StackConfig {
	t.Helper()
	cfg, err := offline.LoadStack("..", stack, sets...)
	if err != nil {
		t.Fatalf("loading stack %s: %v", stack, err)
	}
	return cfg
}

// runStack runs a shipped stack file on the mock engine, with optional --set style overrides.
func runStack(t testing.TB, stack string, sets ...string) (*offline.Result, error) {
	t.Helper()
	return offline.Run(stacks.Program, loadConfig(t, stack, sets...).Options())
}

// runAs runs a stack's config on the mock engine as `pulumi preview` (dryRun) or `pulumi up` would.
func runAs(t testing.TB, cfg *offline.StackConfig, dryRun bool) *offline.Result {
	t.Helper()
	opts := cfg.Options()
	opts.DryRun = dryRun
	res, err := offline.Run(stacks.Program, opts)
	if err != nil {
		t.Fatalf("stack %s (preview %v): %v", opts.Stack, dryRun, err)
	}
	return res
}

func mustRun(t testing.TB, stack string, sets ...string) *offline.Result {
	t.Helper()
	res, err := runStack(t, stack, sets...)
	if err != nil {
		t.Fatalf("stack %s: %v", stack, err)
	}
	return res
}

// badConfig runs a stack whose config must fail validation and returns the problems; nothing but
// the stack itself may have been registered.
func badConfig(t *testing.T, stack string, sets ...string) envconfig.Errors {
	t.Helper()
	res, err := runStack(t, stack, sets...)
	errs := configErrors(t, err)
	for _, r := range res.Resources {
		if r.Type != "pulumi:pulumi:Stack" {
			t.Errorf("%s %v: %s %s registered despite bad config", stack, sets, r.Type, r.Name)
		}
	}
	return errs
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
