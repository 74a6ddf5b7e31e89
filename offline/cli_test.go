package offline

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// The offline plan must hand the program exactly the config the Pulumi CLI would. With the CLI
// built by .ci/run (PULUMI_CLI), this compares `pulumi config --json --show-secrets` on a local file
// backend with LoadStack, key by key, for every shipped stack and after `config set --path`.
func TestConfigMatchesPulumiCLI(t *testing.T) {
	cli := os.Getenv("PULUMI_CLI")
	if cli == "" {
		t.Skip("PULUMI_CLI is not set: .ci/run builds the Pulumi CLI and sets it")
	}
	sets := [][2]string{
		{"cassandra.nodeCount", "6"},
		{"eks.nodeGroups[0].maxSize", "8"},
		{"tags.Team", "data"},
		{"cache.atRestEncryption", "true"},
	}
	for _, stack := range []string{"dev", "staging", "prod"} {
		dir := t.TempDir()
		for _, f := range []string{"Pulumi.yaml", "Pulumi." + stack + ".yaml"} {
			b, err := os.ReadFile(filepath.Join("..", f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		pulumi := func(args ...string) []byte {
			t.Helper()
			cmd := exec.Command(cli, append(args, "--stack", stack, "--non-interactive")...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PULUMI_HOME="+filepath.Join(dir, ".home"),
				"PULUMI_BACKEND_URL=file://"+filepath.Join(dir, ".state"), "PULUMI_CONFIG_PASSPHRASE=offline-test",
				"PULUMI_SKIP_UPDATE_CHECK=true", "PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("pulumi %v: %v\n%s", args, err, out)
			}
			return out
		}
		if err := os.MkdirAll(filepath.Join(dir, ".state"), 0o755); err != nil {
			t.Fatal(err)
		}
		pulumi("stack", "init")

		ours, err := LoadStack("..", stack)
		if err != nil {
			t.Fatal(err)
		}
		compareWithCLI(t, stack, ours, pulumi("config", "--json", "--show-secrets"))

		for _, s := range sets {
			pulumi("config", "set", "--path", s[0], s[1])
			if err := ours.Set(s[0], s[1]); err != nil {
				t.Fatal(err)
			}
		}
		compareWithCLI(t, stack+" after config set --path", ours, pulumi("config", "--json", "--show-secrets"))
	}
}

func compareWithCLI(t *testing.T, what string, ours *StackConfig, cliJSON []byte) {
	t.Helper()
	var theirs map[string]struct {
		Value  string `json:"value"`
		Secret bool   `json:"secret"`
	}
	if err := json.Unmarshal(cliJSON, &theirs); err != nil {
		t.Fatalf("%s: CLI output: %v\n%s", what, err, cliJSON)
	}
	for key, v := range theirs {
		mine, ok := ours.Values[key]
		if !ok {
			t.Errorf("%s: %s = %s from the CLI, missing offline", what, key, v.Value)
			continue
		}
		if !sameValue(mine, v.Value) {
			t.Errorf("%s: %s offline %s, CLI %s", what, key, mine, v.Value)
		}
		if v.Secret != slices.Contains(ours.SecretKeys, key) {
			t.Errorf("%s: %s secret offline %v, CLI %v", what, key, !v.Secret, v.Secret)
		}
	}
	for key := range ours.Values {
		if _, ok := theirs[key]; !ok && !slices.Contains(ours.Placeholders, key) {
			t.Errorf("%s: %s set offline, not by the CLI", what, key)
		}
	}
}

// sameValue compares raw config values: structured ones as JSON, the rest as text.
func sameValue(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) == nil && json.Unmarshal([]byte(b), &y) == nil {
		return reflect.DeepEqual(x, y)
	}
	return a == b
}
