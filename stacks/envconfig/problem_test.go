package envconfig_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/platform-team/platform/stacks/envconfig"
)

// onlyProblem fails the test unless err holds exactly one config problem, on key, saying detail.
func onlyProblem(t *testing.T, err error, key, detail string) {
	t.Helper()
	var errs envconfig.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want config errors, got %v", err)
	}
	if len(errs) != 1 || errs[0].Key != key || !strings.Contains(errs[0].Error(), detail) {
		t.Fatalf("want one problem on %s saying %q, got %d:\n%v", key, detail, len(errs), err)
	}
}
