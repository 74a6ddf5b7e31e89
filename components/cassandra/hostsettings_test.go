package cassandra

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The host settings script parses as bash, and the needrestart override it writes is Perl that
// keeps needrestart from restarting cassandra.service, and only that service.
func TestHostSettingsScript(t *testing.T) {
	if out, err := exec.Command("bash", "-n", "-c", hostSettingsScript).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v: %s", err, out)
	}
	override := regexp.MustCompile(`printf '%s\\n' '(\$nrconf[^']*)' >/etc/needrestart/conf\.d/90-cassandra\.conf`).FindStringSubmatch(hostSettingsScript)
	if override == nil {
		t.Fatal("the script writes no needrestart override")
	}
	// needrestart reads conf.d files as Perl after its own %nrconf; a service whose
	// override_rc entry matches with 0 is not restarted.
	probe := `our %nrconf = (override_rc => {qr(^dbus) => 0});` + override[1] + `
		for my $svc (@ARGV) {
			my ($hit) = grep { $svc =~ $_ && !$nrconf{override_rc}{$_} } keys %{$nrconf{override_rc}};
			print "$svc:", ($hit ? "kept" : "restarted"), "\n";
		}`
	out, err := exec.Command("perl", "-e", probe, "cassandra.service", "cassandra-exporter.service", "ssh.service").CombinedOutput()
	if err != nil {
		t.Fatalf("perl: %v: %s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "cassandra.service:kept\ncassandra-exporter.service:restarted\nssh.service:restarted"; got != want {
		t.Errorf("needrestart override decides\n%s\nwant\n%s", got, want)
	}
	for _, want := range []string{
		`'Unattended-Upgrade::Package-Blacklist { "openjdk-"; };' >/etc/apt/apt.conf.d/51cassandra-jdk`,
		"if mountpoint -q " + dataDir + "; then\n  xfs_growfs " + dataDir,
	} {
		if !strings.Contains(hostSettingsScript, want) {
			t.Errorf("the script lacks %q", want)
		}
	}
}
