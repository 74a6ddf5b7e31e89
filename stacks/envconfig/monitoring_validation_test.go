package envconfig_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/platform-team/platform/stacks/envconfig"
)

// loadMonitoring loads a stack of the given environment whose platform:monitoring is
// monitoringJSON (transit encryption off, so no cache token is needed).
func loadMonitoring(environment, monitoringJSON string) (*envconfig.Environment, error) {
	cfg := map[string]string{
		"aws:region":           "us-east-1",
		"platform:environment": environment,
		"platform:cache":       `{"transitEncryption":false,"replicasPerShard":1}`,
		"platform:eks":         `{"publicAccessCidrs":["203.0.113.0/24"]}`,
		"platform:monitoring":  monitoringJSON,
	}
	return envconfig.Load("platform", environment, func(k string) (string, bool) { v, ok := cfg[k]; return v, ok })
}

func TestMonitoringConfigsThatAreValid(t *testing.T) {
	for _, c := range []struct{ env, monitoring string }{
		{"dev", `{}`}, // no subscribers outside prod: the alarms still show in the console
		{"prod", `{"email":["oncall@example.com"]}`},
		{"prod", `{"httpsEndpoints":["https://events.pagerduty.com/integration/0123456789abcdef/enqueue"]}`},
		// Secret endpoints (pulumi config set --secret --path) the offline run cannot decrypt.
		{"prod", `{"httpsEndpoints":["` + envconfig.SecretPlaceholder + `","` + envconfig.SecretPlaceholder + `"]}`},
		{"dev", `{"email":["a.b+alerts@ops.example.co.uk","Team@Example.com"]}`},
		{"dev", `{"kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`},
		// At the edges: one period, an hour's periods for a week, a threshold of 100 %.
		{"dev", `{"thresholds":{"periodSeconds":60,"evaluationPeriods":1}}`},
		{"dev", `{"thresholds":{"periodSeconds":3600,"evaluationPeriods":168}}`},
		{"dev", `{"thresholds":{"periodSeconds":60,"evaluationPeriods":1440}}`},
		{"dev", `{"thresholds":{"loadBalancer":{"http5xxPercent":100},"cache":{"memoryPercent":100,"engineCpuPercent":0.5}}}`},
		{"dev", `{"thresholds":{"nodeGroups":{"atMaxMinutes":5}}}`},
		{"dev", `{"thresholds":{"nodeGroups":{"atMaxMinutes":1440}}}`},
	} {
		if _, err := loadMonitoring(c.env, c.monitoring); err != nil {
			t.Errorf("%s %s: %v", c.env, c.monitoring, err)
		}
	}
}

// Thresholds a stack leaves out keep the documented defaults; the ones it sets replace them.
func TestMonitoringDefaultsUnderConfig(t *testing.T) {
	env, err := loadMonitoring("dev", `{"thresholds":{"cache":{"memoryPercent":90}}}`)
	if err != nil {
		t.Fatal(err)
	}
	th := env.Monitoring.Thresholds
	if th.Cache.MemoryPercent != 90 || th.Cache.EngineCPUPercent != 80 || th.PeriodSeconds != 60 || th.EvaluationPeriods != 5 ||
		th.LoadBalancer.HTTP5xxPercent != 5 || th.NodeGroups.AtMaxMinutes != 30 {
		t.Errorf("thresholds %+v: want memoryPercent 90 over the defaults", th)
	}
}

// Each bad monitoring config fails with one problem that names its key and says what is allowed.
func TestMonitoringConfigsThatFail(t *testing.T) {
	cases := []struct {
		env, monitoring string
		key, want       string
	}{
		{"dev", `{"email":["ops.example.com"]}`, "platform:monitoring.email[0]", "plain email address"},
		{"dev", `{"email":["ops@example"]}`, "platform:monitoring.email[0]", "plain email address"},
		{"dev", `{"email":["Ops <ops@example.com>"]}`, "platform:monitoring.email[0]", "plain email address"},
		{"dev", `{"email":["ops@example.com",""]}`, "platform:monitoring.email[1]", "plain email address"},
		{"dev", `{"email":["ops@example.com","OPS@example.com"]}`, "platform:monitoring.email[1]", "listed twice"},
		{"dev", `{"httpsEndpoints":["http://events.pagerduty.com/integration/k/enqueue"]}`, "platform:monitoring.httpsEndpoints[0]", "https://"},
		{"dev", `{"httpsEndpoints":["events.pagerduty.com/integration/k/enqueue"]}`, "platform:monitoring.httpsEndpoints[0]", "https://"},
		{"dev", `{"httpsEndpoints":["https://a.example/x","https://a.example/x"]}`, "platform:monitoring.httpsEndpoints[1]", "listed twice"},
		{"prod", `{}`, "platform:monitoring.email", "at least one subscriber"},
		{"dev", `{"kmsKeyArn":"alias/aws/sns"}`, "platform:monitoring.kmsKeyArn", "cannot publish"},
		{"dev", `{"kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:alias/aws/sns"}`, "platform:monitoring.kmsKeyArn", "cannot publish"},
		{"dev", `{"kmsKeyArn":"my-key"}`, "platform:monitoring.kmsKeyArn", "KMS key ARN"},
		{"dev", `{"thresholds":{"periodSeconds":30}}`, "platform:monitoring.thresholds.periodSeconds", "multiple of 60"},
		{"dev", `{"thresholds":{"periodSeconds":90}}`, "platform:monitoring.thresholds.periodSeconds", "multiple of 60"},
		{"dev", `{"thresholds":{"periodSeconds":0}}`, "platform:monitoring.thresholds.periodSeconds", "multiple of 60"},
		{"dev", `{"thresholds":{"evaluationPeriods":0}}`, "platform:monitoring.thresholds.evaluationPeriods", "at least 1"},
		{"dev", `{"thresholds":{"periodSeconds":60,"evaluationPeriods":1441}}`, "platform:monitoring.thresholds.evaluationPeriods", "at most 86400"},
		{"dev", `{"thresholds":{"periodSeconds":3600,"evaluationPeriods":169}}`, "platform:monitoring.thresholds.evaluationPeriods", "at most 604800"},
		{"dev", `{"thresholds":{"loadBalancer":{"http5xxPercent":101}}}`, "platform:monitoring.thresholds.loadBalancer.http5xxPercent", "at most 100"},
		{"dev", `{"thresholds":{"loadBalancer":{"http5xxPercent":0}}}`, "platform:monitoring.thresholds.loadBalancer.http5xxPercent", "above 0"},
		{"dev", `{"thresholds":{"loadBalancer":{"targetResponseTimeSeconds":-1}}}`, "platform:monitoring.thresholds.loadBalancer.targetResponseTimeSeconds", "above 0"},
		{"dev", `{"thresholds":{"loadBalancer":{"unhealthyHosts":0}}}`, "platform:monitoring.thresholds.loadBalancer.unhealthyHosts", "at least 1"},
		{"dev", `{"thresholds":{"loadBalancer":{"resetsPerPeriod":-5}}}`, "platform:monitoring.thresholds.loadBalancer.resetsPerPeriod", "at least 1"},
		{"dev", `{"thresholds":{"cache":{"engineCpuPercent":150}}}`, "platform:monitoring.thresholds.cache.engineCpuPercent", "at most 100"},
		{"dev", `{"thresholds":{"cache":{"memoryPercent":-1}}}`, "platform:monitoring.thresholds.cache.memoryPercent", "percentage"},
		{"dev", `{"thresholds":{"cache":{"evictionsPerPeriod":0}}}`, "platform:monitoring.thresholds.cache.evictionsPerPeriod", "at least 1"},
		{"dev", `{"thresholds":{"cache":{"replicationLagSeconds":0}}}`, "platform:monitoring.thresholds.cache.replicationLagSeconds", "above 0"},
		{"dev", `{"thresholds":{"nodeGroups":{"atMaxMinutes":7}}}`, "platform:monitoring.thresholds.nodeGroups.atMaxMinutes", "multiple of 5"},
		{"dev", `{"thresholds":{"nodeGroups":{"atMaxMinutes":0}}}`, "platform:monitoring.thresholds.nodeGroups.atMaxMinutes", "multiple of 5"},
		{"dev", `{"thresholds":{"nodeGroups":{"atMaxMinutes":1445}}}`, "platform:monitoring.thresholds.nodeGroups.atMaxMinutes", "to 1440"},
		{"dev", `{"emails":["ops@example.com"]}`, "platform:monitoring.emails", "unknown key"},
		{"dev", `{"email":"ops@example.com"}`, "platform:monitoring.email", "want a list"},
	}
	for _, c := range cases {
		_, err := loadMonitoring(c.env, c.monitoring)
		var errs envconfig.Errors
		if !errors.As(err, &errs) {
			t.Errorf("%s %s: want config errors, got %v", c.env, c.monitoring, err)
			continue
		}
		if len(errs) != 1 || errs[0].Key != c.key || !strings.Contains(errs[0].Error(), c.want) {
			t.Errorf("%s %s:\n got  %v\n want one problem on %s saying %q", c.env, c.monitoring, err, c.key, c.want)
		}
	}
}

// An HTTPS endpoint carries its integration key: a bad one is reported without its value.
func TestMonitoringEndpointErrorHidesTheURL(t *testing.T) {
	const secretish = "http://events.pagerduty.com/integration/s3cr3tk3y/enqueue"
	_, err := loadMonitoring("dev", `{"httpsEndpoints":["`+secretish+`"]}`)
	if err == nil || strings.Contains(err.Error(), "s3cr3tk3y") {
		t.Errorf("want an error that does not show the endpoint, got %v", err)
	}
}
