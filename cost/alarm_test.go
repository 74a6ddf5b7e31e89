package cost

import (
	"slices"
	"testing"
)

// CloudWatch bills an alarm per metric it watches: a metric math alarm costs one alarm metric
// per metric in its metricQueries, and nothing for the expressions over them.
func TestMetricMathAlarmIsPricedPerMetric(t *testing.T) {
	metric := func(id, name string, period int) map[string]any {
		return map[string]any{"id": id, "returnData": false, "metric": map[string]any{
			"namespace": "AWS/ApplicationELB", "metricName": name, "period": period, "stat": "Sum",
		}}
	}
	expression := map[string]any{"id": "rate", "expression": "100 * (elb5xx + target5xx) / requests", "returnData": true}
	resources := []Resource{
		{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: "single", Component: "monitoring", Inputs: props(t, map[string]any{"period": 300})},
		{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: "rate", Component: "monitoring", Inputs: props(t, map[string]any{
			"metricQueries": []any{metric("elb5xx", "HTTPCode_ELB_5XX_Count", 60), metric("target5xx", "HTTPCode_Target_5XX_Count", 60),
				metric("requests", "RequestCount", 60), expression},
		})},
		{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: "fast-math", Component: "monitoring", Inputs: props(t, map[string]any{
			"metricQueries": []any{metric("m1", "RequestCount", 60), metric("m2", "RequestCount", 10), expression},
		})},
	}
	est, err := Price(testCatalog(t), testInputs, resources)
	if err != nil {
		t.Fatal(err)
	}
	quantity := map[string]float64{}
	for _, l := range est.Lines {
		for _, name := range l.Resources {
			quantity[name] += l.Quantity / float64(l.Count)
		}
	}
	if quantity["single"] != 1 || quantity["rate"] != 3 {
		t.Errorf("alarm metrics single %v, rate %v: want 1 and 3 (three metrics, the expression free)", quantity["single"], quantity["rate"])
	}
	if !near(est.Components["monitoring"], 4*0.1) {
		t.Errorf("monitoring %.2f, want 4 alarm metrics × 0.10", est.Components["monitoring"])
	}
	if len(est.Unpriced) != 1 || !slices.Equal(est.Unpriced[0].Resources, []string{"fast-math"}) {
		t.Errorf("unpriced %+v: want only fast-math, whose 10 s metric makes it a high-resolution alarm", est.Unpriced)
	}
}
