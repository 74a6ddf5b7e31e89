package catalog

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// regions the platform deploys to; the shipped catalog must cover them.
var regions = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1"}

// requiredEverywhere lists the items that must be priced in every region.
var requiredEverywhere = []struct{ service, item string }{
	{"eks", "cluster-standard"}, {"eks", "cluster-extended"},
	{"kms", "key"},
	{"datatransfer", "inter-az-gb"}, {"datatransfer", "internet-out-gb"},
	{"vpc", "public-ipv4-hour"}, {"vpc", "natgateway-hour"},
	{"ebs", "gp3-storage"}, {"ebs", "gp2-storage"}, {"elb", "nlb-hour"}, {"cloudwatch", "dashboard"},
	{"ec2", "t3.micro"}, {"ec2", "t3.small"}, {"ec2", "t3.medium"}, {"ec2", "t3.large"}, {"ec2", "t3.xlarge"}, {"ec2", "t3.2xlarge"},
	{"ec2", "m5.large"}, {"ec2", "m5.xlarge"}, {"ec2", "m5.2xlarge"}, {"ec2", "m5.4xlarge"}, {"ec2", "m5.8xlarge"},
	{"ec2", "m6i.large"}, {"ec2", "m6i.xlarge"}, {"ec2", "m6i.2xlarge"}, {"ec2", "m6i.4xlarge"}, {"ec2", "m6i.8xlarge"},
	{"ec2", "m7i.large"}, {"ec2", "m7i.xlarge"}, {"ec2", "m7i.2xlarge"}, {"ec2", "m7i.4xlarge"}, {"ec2", "m7i.8xlarge"},
	{"ec2", "c6i.large"}, {"ec2", "c6i.xlarge"}, {"ec2", "c6i.2xlarge"}, {"ec2", "c6i.4xlarge"}, {"ec2", "c6i.8xlarge"},
	{"ec2", "r6i.large"}, {"ec2", "r6i.xlarge"}, {"ec2", "r6i.2xlarge"}, {"ec2", "r6i.4xlarge"}, {"ec2", "r6i.8xlarge"},
	{"ec2", "i3.large"}, {"ec2", "i3.xlarge"}, {"ec2", "i3.2xlarge"}, {"ec2", "i3.4xlarge"},
	{"ec2", "i4i.large"}, {"ec2", "i4i.xlarge"}, {"ec2", "i4i.2xlarge"}, {"ec2", "i4i.4xlarge"},
}

// requiredIn lists items that were found published for some regions only.
var requiredIn = map[string][]struct{ service, item string }{
	"us-east-1": {
		{"elb", "alb-hour"}, {"elb", "alb-lcu"}, {"elb", "nlb-nlcu"},
		{"ebs", "gp3-iops"}, {"ebs", "gp3-throughput"}, {"ebs", "snapshot-storage"},
		{"vpc", "natgateway-gb"}, {"cloudwatch", "alarm-standard"},
		{"cloudwatch", "logs-ingested-gb"}, {"cloudwatch", "logs-stored-gb"},
		{"elasticache", "valkey:cache.r7g.large"}, {"elasticache", "valkey:cache.r7g.xlarge"},
		{"elasticache", "valkey:cache.r7g.2xlarge"}, {"elasticache", "valkey:cache.r7g.4xlarge"},
	},
	"us-east-2":    {{"vpc", "natgateway-gb"}},
	"us-west-2":    append([]struct{ service, item string }{{"cloudwatch", "alarm-standard"}}, usagePricesFound...),
	"eu-west-1":    append([]struct{ service, item string }{{"cloudwatch", "alarm-standard"}}, usagePricesFound...),
	"eu-central-1": usagePricesFound,
}

// usagePricesFound are the usage prices found for eu-west-1, eu-central-1 and us-west-2 beyond
// requiredEverywhere.
var usagePricesFound = []struct{ service, item string }{
	{"elb", "alb-hour"}, {"elb", "alb-lcu"}, {"vpc", "natgateway-gb"},
	{"cloudwatch", "logs-ingested-gb"}, {"cloudwatch", "logs-stored-gb"},
}

// regionalGaps lists, per region, vocabulary items that are priced in some
// regions (requiredIn) but for which no published price for this region could
// be sourced. When one is added, move it to requiredIn.
var regionalGaps = map[string][]struct{ service, item string }{
	"us-east-2": {
		{"elb", "alb-hour"}, {"elb", "alb-lcu"}, {"elb", "nlb-nlcu"},
		{"ebs", "gp3-iops"}, {"ebs", "gp3-throughput"}, {"ebs", "snapshot-storage"}, {"cloudwatch", "alarm-standard"},
		{"cloudwatch", "logs-ingested-gb"}, {"cloudwatch", "logs-stored-gb"},
	},
	"us-west-2":    ebsAndNLBGaps,
	"eu-west-1":    ebsAndNLBGaps,
	"eu-central-1": append([]struct{ service, item string }{{"cloudwatch", "alarm-standard"}}, ebsAndNLBGaps...),
}

// ebsAndNLBGaps are the gaps of us-west-2, eu-west-1 and eu-central-1.
var ebsAndNLBGaps = []struct{ service, item string }{
	{"elb", "nlb-nlcu"}, {"ebs", "gp3-iops"}, {"ebs", "gp3-throughput"}, {"ebs", "snapshot-storage"},
}

// knownGaps lists vocabulary items for which no published price could be
// sourced when the catalog was built. They are absent on purpose; when one is
// added (with its source), move it to the required lists above.
var knownGaps = []struct{ service, item string }{
	{"elasticache", "redis:cache.t4g.small"}, {"elasticache", "valkey:cache.t4g.small"},
	{"elasticache", "redis:cache.t4g.medium"}, {"elasticache", "valkey:cache.t4g.medium"},
	{"elasticache", "redis:cache.r7g.large"},
}

var wantUnit = map[string]string{
	"ec2": "hour", "elasticache": "hour", "alb-hour": "hour", "alb-lcu": "LCU-hour", "nlb-hour": "hour", "nlb-nlcu": "NLCU-hour",
	"natgateway-hour": "hour", "natgateway-gb": "GB",
	"gp3-storage": "GB-month", "gp2-storage": "GB-month",
	"cluster-standard": "hour", "cluster-extended": "hour",
	"key": "key-month", "inter-az-gb": "GB", "internet-out-gb": "GB",
	"gp3-iops": "IOPS-month", "gp3-throughput": "MiBps-month", "public-ipv4-hour": "hour",
	"alarm-standard": "alarm-month", "dashboard": "dashboard-month",
	"logs-ingested-gb": "GB", "logs-stored-gb": "GB-month", "snapshot-storage": "GB-month",
}

func mustDefault(t *testing.T) *Catalog {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return c
}

func TestDefaultCoversRequiredItems(t *testing.T) {
	c := mustDefault(t)
	check := func(region, service, item string) {
		p, ok := c.Lookup(region, service, item)
		if !ok {
			t.Errorf("missing %s/%s in %s", service, item, region)
			return
		}
		u := wantUnit[service]
		if u == "" {
			u = wantUnit[item]
		}
		if p.Unit != u {
			t.Errorf("%s/%s in %s: unit %q, want %q", service, item, region, p.Unit, u)
		}
		if p.USD <= 0 {
			t.Errorf("%s/%s in %s: usd %v, want > 0", service, item, region, p.USD)
		}
	}
	for _, r := range regions {
		for _, it := range requiredEverywhere {
			check(r, it.service, it.item)
		}
		for _, it := range requiredIn[r] {
			check(r, it.service, it.item)
		}
	}
	if got := c.Regions(); !reflect.DeepEqual(got, []string{"eu-central-1", "eu-west-1", "us-east-1", "us-east-2", "us-west-2"}) {
		t.Errorf("Regions() = %v", got)
	}
}

func TestDefaultKnownGapsAreAbsent(t *testing.T) {
	c := mustDefault(t)
	for _, r := range regions {
		for _, g := range knownGaps {
			if _, ok := c.Lookup(r, g.service, g.item); ok {
				t.Errorf("%s/%s in %s is now priced: move it from knownGaps to the required lists", g.service, g.item, r)
			}
		}
	}
	for r, gaps := range regionalGaps {
		for _, g := range gaps {
			if _, ok := c.Lookup(r, g.service, g.item); ok {
				t.Errorf("%s/%s in %s is now priced: move it from regionalGaps to requiredIn", g.service, g.item, r)
			}
		}
	}
}

// Spot checks against the values read from the sources (see prices.json).
func TestDefaultSpotChecks(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		region, service, item string
		usd                   float64
	}{
		{"us-east-1", "ec2", "m5.xlarge", 0.192},
		{"us-east-1", "ec2", "t3.micro", 0.0104},
		{"us-east-1", "ec2", "m7i.large", 0.1008},
		{"eu-west-1", "ec2", "m5.xlarge", 0.214},
		{"eu-central-1", "ec2", "m5.xlarge", 0.23},
		{"eu-central-1", "ec2", "i4i.large", 0.205},
		{"us-west-2", "ec2", "r6i.large", 0.126},
		{"us-east-1", "elb", "alb-hour", 0.0225},
		{"us-east-1", "elb", "alb-lcu", 0.008},
		{"us-east-2", "vpc", "natgateway-gb", 0.045},
		{"us-east-2", "ebs", "gp3-storage", 0.08},
		{"us-east-1", "ebs", "gp2-storage", 0.1},
		{"us-east-2", "elb", "nlb-hour", 0.0225},
		{"eu-west-1", "elb", "nlb-hour", 0.0252},
		{"eu-central-1", "vpc", "natgateway-hour", 0.052},
		{"eu-west-1", "ebs", "gp3-storage", 0.088},
		{"eu-central-1", "ebs", "gp2-storage", 0.119},
		{"us-west-2", "eks", "cluster-standard", 0.1},
		{"eu-central-1", "eks", "cluster-extended", 0.6},
		{"eu-west-1", "kms", "key", 1},
		{"us-east-1", "datatransfer", "inter-az-gb", 0.01},
		{"eu-central-1", "cloudwatch", "logs-ingested-gb", 0.63},
		{"eu-west-1", "vpc", "natgateway-gb", 0.048},
		{"eu-west-1", "elb", "alb-hour", 0.0252},
		{"us-west-2", "vpc", "natgateway-gb", 0.045},
		{"eu-central-1", "cloudwatch", "dashboard", 3},
	}
	for _, tt := range tests {
		p, ok := c.Lookup(tt.region, tt.service, tt.item)
		if !ok {
			t.Errorf("%s/%s/%s missing", tt.region, tt.service, tt.item)
			continue
		}
		if p.USD != tt.usd {
			t.Errorf("%s/%s/%s = %v, want %v", tt.region, tt.service, tt.item, p.USD, tt.usd)
		}
	}
}

func TestDefaultEntriesAreSourced(t *testing.T) {
	c := mustDefault(t)
	if c.Currency != "USD" {
		t.Errorf("currency %q", c.Currency)
	}
	for _, p := range c.Prices {
		if !strings.Contains(p.Source, "/") {
			t.Errorf("%s/%s/%s: source %q is not a URL or repo path", p.Service, p.Item, p.Region, p.Source)
		}
	}
	if got, want := c.Date(), "2026-11-25"; got != want {
		t.Errorf("Date() = %q, want %q", got, want)
	}
	c2, err := Default()
	if err != nil || c2 != c {
		t.Errorf("Default() not memoised: %p %p %v", c, c2, err)
	}
}

func doc(entries ...string) []byte {
	return []byte(`{"currency":"USD","prices":[` + strings.Join(entries, ",") + `]}`)
}

func entry(fields map[string]string) string {
	base := map[string]string{
		"service": `"ec2"`, "item": `"m5.xlarge"`, "region": `"us-east-1"`, "unit": `"hour"`,
		"usd": `0.192`, "source": `"https://example.com/src"`, "date": `"2026-01-19"`,
	}
	for k, v := range fields {
		if v == "" {
			delete(base, k)
		} else {
			base[k] = v
		}
	}
	var parts []string
	for _, k := range []string{"service", "item", "region", "unit", "usd", "source", "date", "note"} {
		if v, ok := base[k]; ok {
			parts = append(parts, fmt.Sprintf("%q:%s", k, v))
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		wantErr string
	}{
		{"not json", []byte(`{`), "decode"},
		{"unknown field", []byte(`{"currency":"USD","prices":[],"extra":1}`), "unknown field"},
		{"trailing data", []byte(`{"currency":"USD","prices":[]} {}`), "trailing"},
		{"wrong currency", []byte(`{"currency":"EUR","prices":[]}`), "currency"},
		{"missing currency", []byte(`{"prices":[]}`), "currency"},
		{"missing service", doc(entry(map[string]string{"service": ""})), "missing service"},
		{"blank item", doc(entry(map[string]string{"item": `"  "`})), "missing item"},
		{"missing region", doc(entry(map[string]string{"region": ""})), "missing region"},
		{"missing unit", doc(entry(map[string]string{"unit": ""})), "missing unit"},
		{"missing source", doc(entry(map[string]string{"source": ""})), "missing source"},
		{"missing date", doc(entry(map[string]string{"date": ""})), "missing date"},
		{"bad date format", doc(entry(map[string]string{"date": `"19/01/2026"`})), "not YYYY-MM-DD"},
		{"impossible date", doc(entry(map[string]string{"date": `"2026-02-30"`})), "not YYYY-MM-DD"},
		{"datetime", doc(entry(map[string]string{"date": `"2026-01-19T00:00:00Z"`})), "not YYYY-MM-DD"},
		{"negative usd", doc(entry(map[string]string{"usd": `-0.01`})), "usd"},
		{"string usd", doc(entry(map[string]string{"usd": `"0.1"`})), "decode"},
		{"unknown entry field", doc(entry(map[string]string{"region": `"us-east-1","zone":"a"`})), "unknown field"},
		{"duplicate", doc(entry(nil), entry(map[string]string{"usd": `0.2`})), "duplicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.data)
			if err == nil {
				t.Fatalf("Parse accepted %s: %+v", tt.data, c)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	data := doc(
		entry(nil),
		entry(map[string]string{"region": `"eu-west-1"`, "usd": `0.214`, "date": `"2026-03-01"`}),
		entry(map[string]string{"service": `"vpc"`, "item": `"natgateway-gb"`, "unit": `"GB"`, "usd": `0`, "note": `"free"`}),
	)
	c, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if p, ok := c.Lookup("eu-west-1", "ec2", "m5.xlarge"); !ok || p.USD != 0.214 {
		t.Errorf("Lookup eu-west-1 = %+v, %v", p, ok)
	}
	if p, ok := c.Lookup("us-east-1", "vpc", "natgateway-gb"); !ok || p.USD != 0 || p.Note != "free" {
		t.Errorf("Lookup natgateway-gb = %+v, %v", p, ok)
	}
	if _, ok := c.Lookup("us-east-1", "ec2", "m5.large"); ok {
		t.Error("Lookup found an absent item")
	}
	if _, ok := c.Lookup("us-east-1", "m5.xlarge", "ec2"); ok {
		t.Error("Lookup confused service and item")
	}
	if got := c.Regions(); !reflect.DeepEqual(got, []string{"eu-west-1", "us-east-1"}) {
		t.Errorf("Regions() = %v", got)
	}
	if got := c.Date(); got != "2026-03-01" {
		t.Errorf("Date() = %q", got)
	}
}

func TestNilAndEmptyCatalog(t *testing.T) {
	var c *Catalog
	if _, ok := c.Lookup("us-east-1", "ec2", "m5.xlarge"); ok {
		t.Error("nil Lookup found something")
	}
	if c.Regions() != nil || c.Date() != "" {
		t.Error("nil catalog not empty")
	}
	e, err := Parse([]byte(`{"currency":"USD","prices":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Regions()) != 0 || e.Date() != "" {
		t.Error("empty catalog not empty")
	}
}
