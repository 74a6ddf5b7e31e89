package envconfig

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
)

// CloudWatch PutMetricAlarm limits (CloudWatch API reference, PutMetricAlarm: Period and
// EvaluationPeriods).
const (
	// AlarmPeriodStep: standard-resolution periods are multiples of 60 s; 10, 20 and 30 make
	// high-resolution alarms, which the stack does not use (they cost three times as much).
	AlarmPeriodStep = 60
	// MaxAlarmEvaluationSeconds is Period × EvaluationPeriods for periods under an hour.
	MaxAlarmEvaluationSeconds = 86400
	// MaxLongAlarmEvaluationSeconds is Period × EvaluationPeriods for periods of an hour or more.
	MaxLongAlarmEvaluationSeconds = 604800
	longAlarmPeriodSeconds        = 3600
)

// NodeGroupSampleMinutes is the sampling interval of the node-group-at-max alarm: EC2 basic
// monitoring reports each instance every 5 minutes.
const NodeGroupSampleMinutes = 5

// AWSManagedSNSKey is the AWS managed key of SNS, which CloudWatch alarms cannot publish through.
const AWSManagedSNSKey = "alias/aws/sns"

// emailRE is the shape SNS accepts for an email endpoint: one @, a dotted domain, no spaces.
var emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)

func validateMonitoring(env *Environment, r *report) {
	m := env.Monitoring
	validateSubscribers(env, r)
	if m.KMSKeyARN != "" {
		switch {
		case strings.HasSuffix(m.KMSKeyARN, AWSManagedSNSKey):
			r.add("monitoring.kmsKeyArn", m.KMSKeyARN, "CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key %s "+
				"(its key policy cannot admit cloudwatch.amazonaws.com); leave it empty for a key of the stack, or name a customer managed key "+
				"whose policy lets cloudwatch.amazonaws.com and events.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*", AWSManagedSNSKey)
		case !kmsKeyARN.MatchString(m.KMSKeyARN):
			r.add("monitoring.kmsKeyArn", m.KMSKeyARN, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)")
		}
	}
	validateThresholds(m.Thresholds, r)
}

// validateSubscribers checks the email addresses and HTTPS endpoints, refuses duplicates (one
// subscription each), and requires someone to be told in prod.
func validateSubscribers(env *Environment, r *report) {
	m := env.Monitoring
	seen := map[string]bool{}
	for i, e := range m.Email {
		key := indexed("monitoring.email", i)
		addr, err := mail.ParseAddress(e)
		switch {
		case err != nil || addr.Address != e || !emailRE.MatchString(e):
			r.add(key, e, "must be a plain email address such as ops@example.com")
		case seen[strings.ToLower(e)]:
			r.add(key, e, "is listed twice; each address is subscribed once")
		}
		seen[strings.ToLower(e)] = true
	}
	for i, endpoint := range m.HTTPSEndpoints {
		if endpoint == SecretPlaceholder {
			continue // a secret endpoint the offline run cannot decrypt; a real run checks the URL
		}
		key := indexed("monitoring.httpsEndpoints", i)
		u, err := url.Parse(endpoint)
		switch {
		case err != nil || u.Scheme != "https" || u.Host == "":
			// The value is not echoed: an integration URL carries its key.
			r.missing(key, "must be an https:// URL such as https://events.pagerduty.com/integration/<key>/enqueue (alarm notifications are not sent in clear text)")
		case seen[endpoint]:
			r.missing(key, "is listed twice; each endpoint is subscribed once")
		}
		seen[endpoint] = true
	}
	if env.IsProd() && len(m.Email)+len(m.HTTPSEndpoints) == 0 {
		r.missing("monitoring.email", "prod needs at least one subscriber to its alarm topic: an address in monitoring.email or an endpoint in monitoring.httpsEndpoints")
	}
}

func validateThresholds(t Thresholds, r *report) {
	const p = "monitoring.thresholds."
	periodOK := t.PeriodSeconds >= AlarmPeriodStep && t.PeriodSeconds%AlarmPeriodStep == 0
	if !periodOK {
		r.add(p+"periodSeconds", t.PeriodSeconds, "must be a positive multiple of %d seconds", AlarmPeriodStep)
	}
	if t.EvaluationPeriods < 1 {
		r.add(p+"evaluationPeriods", t.EvaluationPeriods, "must be at least 1")
	} else if periodOK {
		limit := MaxAlarmEvaluationSeconds
		if t.PeriodSeconds >= longAlarmPeriodSeconds {
			limit = MaxLongAlarmEvaluationSeconds
		}
		if total := t.PeriodSeconds * t.EvaluationPeriods; total > limit {
			r.add(p+"evaluationPeriods", t.EvaluationPeriods, "makes %d s with periodSeconds %d; CloudWatch evaluates at most %d s",
				total, t.PeriodSeconds, limit)
		}
	}

	lb := t.LoadBalancer
	percent(r, p+"loadBalancer.http5xxPercent", lb.HTTP5xxPercent)
	positive(r, p+"loadBalancer.targetResponseTimeSeconds", lb.TargetResponseTimeSeconds)
	atLeastOne(r, p+"loadBalancer.unhealthyHosts", lb.UnhealthyHosts)
	atLeastOne(r, p+"loadBalancer.resetsPerPeriod", lb.ResetsPerPeriod)

	c := t.Cache
	percent(r, p+"cache.engineCpuPercent", c.EngineCPUPercent)
	percent(r, p+"cache.memoryPercent", c.MemoryPercent)
	atLeastOne(r, p+"cache.evictionsPerPeriod", c.EvictionsPerPeriod)
	positive(r, p+"cache.replicationLagSeconds", c.ReplicationLagSeconds)

	minutes := t.NodeGroups.AtMaxMinutes
	if minutes < NodeGroupSampleMinutes || minutes > MaxAlarmEvaluationSeconds/60 || minutes%NodeGroupSampleMinutes != 0 {
		r.add(p+"nodeGroups.atMaxMinutes", minutes, "must be a multiple of %d from %d to %d (EC2 basic monitoring samples every %d minutes)",
			NodeGroupSampleMinutes, NodeGroupSampleMinutes, MaxAlarmEvaluationSeconds/60, NodeGroupSampleMinutes)
	}
}

// percent: a threshold of 0 would alarm on every datapoint, one above 100 never.
func percent(r *report, path string, v float64) {
	if v <= 0 || v > 100 {
		r.add(path, v, "must be a percentage above 0 and at most 100")
	}
}

func positive(r *report, path string, v float64) {
	if v <= 0 {
		r.add(path, v, "must be above 0")
	}
}

func atLeastOne(r *report, path string, v int) {
	if v < 1 {
		r.add(path, v, "must be a count of at least 1")
	}
}
