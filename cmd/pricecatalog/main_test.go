package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/pricing"
	pricingtypes "github.com/aws/aws-sdk-go-v2/service/pricing/types"

	"github.com/platform-team/platform/cost/catalog"
)

// fakeGetter serves recorded PriceList documents. Like the real API it
// applies the TERM_MATCH filters server side and pages the results; it never
// touches the network.
type fakeGetter struct {
	docs     map[string][]string // by service code
	pageSize int
	calls    int
	err      error
}

func (f *fakeGetter) GetProducts(_ context.Context, in *pricing.GetProductsInput, _ ...func(*pricing.Options)) (*pricing.GetProductsOutput, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	var hits []string
	for _, raw := range f.docs[aws.ToString(in.ServiceCode)] {
		var d priceDocument
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			return nil, err
		}
		ok := true
		for _, flt := range in.Filters {
			if flt.Type != pricingtypes.FilterTypeTermMatch {
				return nil, errors.New("fake supports TERM_MATCH only")
			}
			got := d.Product.Attributes[aws.ToString(flt.Field)]
			if aws.ToString(flt.Field) == "productFamily" {
				got = d.Product.ProductFamily
			}
			if !strings.EqualFold(got, aws.ToString(flt.Value)) {
				ok = false
			}
		}
		if ok {
			hits = append(hits, raw)
		}
	}
	start := 0
	if in.NextToken != nil {
		n, err := strconv.Atoi(*in.NextToken)
		if err != nil {
			return nil, err
		}
		start = n
	}
	size := f.pageSize
	if size <= 0 {
		size = len(hits) + 1
	}
	end := min(start+size, len(hits))
	out := &pricing.GetProductsOutput{FormatVersion: aws.String("aws_v1"), PriceList: hits[start:end]}
	if end < len(hits) {
		out.NextToken = aws.String(strconv.Itoa(end))
	}
	return out, nil
}

// recorded loads every testdata/*.json response into a fakeGetter.
func recorded(t *testing.T) *fakeGetter {
	t.Helper()
	return recordedFrom(t, "testdata/*.json")
}

// recordedFrom loads the GetProducts responses matching pattern into a
// fakeGetter.
func recordedFrom(t *testing.T, pattern string) *fakeGetter {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	f := &fakeGetter{docs: map[string][]string{}}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			FormatVersion string
			PriceList     []string
		}
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out.FormatVersion != "aws_v1" || len(out.PriceList) == 0 {
			t.Fatalf("%s: not a GetProducts response", name)
		}
		for _, raw := range out.PriceList {
			var d priceDocument
			if err := json.Unmarshal([]byte(raw), &d); err != nil {
				t.Fatalf("%s: PriceList element is not a product document: %v", name, err)
			}
			f.docs[d.ServiceCode] = append(f.docs[d.ServiceCode], raw)
		}
	}
	return f
}

// findQuery returns the default table's query for service and item.
func findQuery(t *testing.T, service, item string) query {
	t.Helper()
	return pickQuery(t, defaultQueries(defaultEC2Types, defaultCacheTypes), service, item)
}

func TestRecordedResponses(t *testing.T) {
	tests := []struct {
		service, item, region string
		wantUSD               float64
		wantSource            string
	}{
		{"ec2", "m5.xlarge", "us-east-1", 0.192, "AWS Price List API AmazonEC2"},
		{"ec2", "m5.xlarge", "us-east-2", 0.192, "AWS Price List API AmazonEC2"},
		{"ebs", "gp3-storage", "us-east-2", 0.08, "AWS Price List API AmazonEC2"},
		{"ebs", "gp3-iops", "us-east-2", 0.005, "AWS Price List API AmazonEC2"},
		{"ebs", "gp3-throughput", "us-east-2", 0.04, "AWS Price List API AmazonEC2"},
		{"ebs", "gp2-storage", "us-east-2", 0.10, "AWS Price List API AmazonEC2"},
		{"eks", "cluster-standard", "us-east-1", 0.10, "AWS Price List API AmazonEKS"},
		// eks cluster-extended (the cluster hour plus a surcharge): TestEKSExtendedSupportAddsTheClusterHour
		{"elb", "alb-hour", "us-east-1", 0.0225, "AWS Price List API AWSELB"},
		{"elb", "alb-lcu", "us-east-1", 0.008, "AWS Price List API AWSELB"},
		{"elb", "nlb-hour", "us-east-1", 0.0225, "AWS Price List API AWSELB"},
		{"elb", "nlb-nlcu", "us-east-1", 0.006, "AWS Price List API AWSELB"},
		{"vpc", "natgateway-hour", "us-east-2", 0.045, "AWS Price List API AmazonEC2"},
		{"vpc", "natgateway-gb", "us-east-2", 0.045, "AWS Price List API AmazonEC2"},
		{"elasticache", "redis:cache.r7g.large", "us-east-1", 0.219, "AWS Price List API AmazonElastiCache"},
		{"elasticache", "valkey:cache.r7g.large", "us-east-1", 0.1752, "AWS Price List API AmazonElastiCache"},
	}
	for _, tt := range tests {
		t.Run(tt.service+"/"+tt.item+"/"+tt.region, func(t *testing.T) {
			g := recorded(t)
			g.pageSize = 1 // every document on its own page: exercises NextToken
			q := findQuery(t, tt.service, tt.item)
			prices, skipped := refresh(context.Background(), g, []query{q}, []string{tt.region})
			if len(skipped) != 0 || len(prices) != 1 {
				t.Fatalf("prices %v, skipped %v", prices, skipped)
			}
			p := prices[0]
			want := catalog.Price{
				Service: tt.service, Item: tt.item, Region: tt.region, Unit: q.Unit,
				USD: tt.wantUSD, Source: tt.wantSource, Date: "2025-11-20", Note: q.Note,
			}
			if p != want {
				t.Errorf("got  %+v\nwant %+v", p, want)
			}
		})
	}
}

func TestRecordedResponsesMissingRegion(t *testing.T) {
	g := recorded(t)
	q := findQuery(t, "ec2", "m5.xlarge")
	prices, skipped := refresh(context.Background(), g, []query{q}, []string{"eu-west-1"})
	if len(prices) != 0 || len(skipped) != 1 || !strings.Contains(skipped[0].Error(), "no product") {
		t.Fatalf("prices %v, skipped %v", prices, skipped)
	}
}

func TestRefreshAPIError(t *testing.T) {
	g := &fakeGetter{err: errors.New("AccessDeniedException")}
	qs := []query{findQuery(t, "eks", "cluster-standard")}
	prices, skipped := refresh(context.Background(), g, qs, []string{"us-east-1", "us-east-2"})
	if len(prices) != 0 || len(skipped) != 2 || !strings.Contains(skipped[1].Error(), "us-east-2 eks cluster-standard: AccessDenied") {
		t.Fatalf("prices %v, skipped %v", prices, skipped)
	}
}

// productDoc builds one PriceList document for the mapping tests.
type dim struct{ unit, usd, begin, end string }

func productDoc(t *testing.T, service, family string, attrs map[string]string, pub, eff string, dims ...dim) string {
	t.Helper()
	pds := map[string]any{}
	for i, d := range dims {
		pds["SKU.TERM."+strconv.Itoa(i)] = map[string]any{
			"unit": d.unit, "beginRange": d.begin, "endRange": d.end,
			"description": "test", "pricePerUnit": map[string]string{"USD": d.usd},
		}
	}
	doc := map[string]any{
		"product":     map[string]any{"sku": "SKU", "productFamily": family, "attributes": attrs},
		"serviceCode": service,
		"terms": map[string]any{"OnDemand": map[string]any{
			"SKU.TERM": map[string]any{"effectiveDate": eff, "priceDimensions": pds},
		}},
	}
	if pub != "" {
		doc["publicationDate"] = pub
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func natAttrs(usage string) map[string]string {
	return map[string]string{"regionCode": "eu-west-1", "usagetype": usage}
}

func TestMapPrice(t *testing.T) {
	natGB := findQuery(t, "vpc", "natgateway-gb")
	const pub, eff = "2025-10-01T12:00:00Z", "2025-09-01T00:00:00Z"
	tests := []struct {
		name     string
		docs     []string
		wantUSD  float64
		wantDate string
		wantNote string
		wantErr  string
	}{
		{
			name:     "region prefix stripped",
			docs:     []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "0.048", "0", "Inf"})},
			wantUSD:  0.048,
			wantDate: "2025-10-01",
			wantNote: natGB.Note,
		},
		{
			name:     "effectiveDate when no publicationDate",
			docs:     []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), "", eff, dim{"GB", "0.048", "0", "Inf"})},
			wantUSD:  0.048,
			wantDate: "2025-09-01",
			wantNote: natGB.Note,
		},
		{
			name: "other usage types ignored",
			docs: []string{
				productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Hours"), pub, eff, dim{"Hrs", "0.048", "0", "Inf"}),
				productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "0.048", "0", "Inf"}),
			},
			wantUSD:  0.048,
			wantDate: "2025-10-01",
			wantNote: natGB.Note,
		},
		{
			name: "duplicate SKUs with the same price",
			docs: []string{
				productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "0.048", "0", "Inf"}),
				productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("NatGateway-Bytes"), "2025-11-02T00:00:00Z", eff, dim{"GB", "0.048", "0", "Inf"}),
			},
			wantUSD:  0.048,
			wantDate: "2025-11-02",
			wantNote: natGB.Note,
		},
		{
			name: "free first tier",
			docs: []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff,
				dim{"GB", "0.0", "0", "100"}, dim{"GB", "0.048", "100", "Inf"})},
			wantUSD:  0.048,
			wantDate: "2025-10-01",
			wantNote: natGB.Note + "; first 100 GB free (Price List tier)",
		},
		{
			name: "volume tiers",
			docs: []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff,
				dim{"GB", "0.03", "10240", "Inf"}, dim{"GB", "0.048", "0", "10240"})},
			wantUSD:  0.048,
			wantDate: "2025-10-01",
			wantNote: natGB.Note + "; price of the tier 0-10240 GB; higher volumes are priced differently",
		},
		{
			name:    "no matching product",
			docs:    []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Hours"), pub, eff, dim{"Hrs", "0.048", "0", "Inf"})},
			wantErr: "no product",
		},
		{
			name:    "no documents",
			wantErr: "no product",
		},
		{
			name:    "other region",
			docs:    []string{productDoc(t, "AmazonEC2", "NAT Gateway", map[string]string{"regionCode": "eu-west-2", "usagetype": "EUW2-NatGateway-Bytes"}, pub, eff, dim{"GB", "0.05", "0", "Inf"})},
			wantErr: "no product",
		},
		{
			name:    "other service",
			docs:    []string{productDoc(t, "AmazonVPC", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "0.05", "0", "Inf"})},
			wantErr: "no product",
		},
		{
			name:    "unexpected unit",
			docs:    []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"TB", "48", "0", "Inf"})},
			wantErr: `unit "TB"`,
		},
		{
			name: "ambiguous prices",
			docs: []string{
				productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "0.048", "0", "Inf"}),
				productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "0.05", "0", "Inf"}),
			},
			wantErr: "ambiguous",
		},
		{
			name: "two prices for one tier",
			docs: []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff,
				dim{"GB", "0.048", "0", "Inf"}, dim{"GB", "0.05", "0", "Inf"})},
			wantErr: "two prices",
		},
		{
			name:    "no USD",
			docs:    []string{strings.Replace(productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "0.048", "0", "Inf"}), `"USD"`, `"CNY"`, 1)},
			wantErr: "no USD",
		},
		{
			name:    "bad price",
			docs:    []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "-1", "0", "Inf"})},
			wantErr: "bad USD price",
		},
		{
			name:    "bad range",
			docs:    []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff, dim{"GB", "0.048", "zero", "Inf"})},
			wantErr: "bad range",
		},
		{
			name:    "no date",
			docs:    []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), "", "soon", dim{"GB", "0.048", "0", "Inf"})},
			wantErr: "effectiveDate",
		},
		{
			name:    "no on-demand terms",
			docs:    []string{productDoc(t, "AmazonEC2", "NAT Gateway", natAttrs("EU-NatGateway-Bytes"), pub, eff)},
			wantErr: "no on-demand",
		},
		{
			name:    "not JSON",
			docs:    []string{"{"},
			wantErr: "document 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := mapPrice(natGB, "eu-west-1", tt.docs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q (price %+v)", err, tt.wantErr, p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := catalog.Price{
				Service: "vpc", Item: "natgateway-gb", Region: "eu-west-1", Unit: "GB",
				USD: tt.wantUSD, Source: "AWS Price List API AmazonEC2", Date: tt.wantDate, Note: tt.wantNote,
			}
			if p != want {
				t.Errorf("got  %+v\nwant %+v", p, want)
			}
		})
	}
}

func TestUsageTypeMatches(t *testing.T) {
	tests := []struct {
		got, want string
		ok        bool
	}{
		{"BoxUsage:m5.xlarge", "BoxUsage:m5.xlarge", true},
		{"USE2-BoxUsage:m5.xlarge", "BoxUsage:m5.xlarge", true},
		{"EU-NatGateway-Hours", "NatGateway-Hours", true},
		{"EUC1-KMS-Keys", "KMS-Keys", true},
		{"KMS-Keys", "KMS-Keys", true},
		{"BoxUsage:m5.xlarge", "BoxUsage:m5.large", false},
		{"USE2-UnusedBox:m5.xlarge", "BoxUsage:m5.xlarge", false},
		{"Spot-BoxUsage:m5.xlarge", "BoxUsage:m5.xlarge", false},
		{"USE2-DedicatedUsage-BoxUsage:m5.xlarge", "BoxUsage:m5.xlarge", false},
		{"-BoxUsage:m5.xlarge", "BoxUsage:m5.xlarge", false},
		{"ExtendedSupport:Yr1-Yr2:cache.r7g.large", "NodeUsage:cache.r7g.large", false},
		// As AWS publishes them (sources in testdata/real/README.md).
		{"APS2-AmazonEKS-Hours:perCluster", "AmazonEKS-Hours:perCluster", true},
		{"USE2-LoadBalancerUsage", "LoadBalancerUsage", true},
		{"CNW1-EBS:VolumeUsage.gp3", "EBS:VolumeUsage.gp3", true},
		{"NodeUsage:cache.c7gn.large", "NodeUsage:cache.c7gn.large", true},
		{"USE1-PublicIPv4:InUseAddress", "PublicIPv4:InUseAddress", true},
		// ALB trust-store hour; us-east-1 usage types carry no region prefix.
		{"TS-LoadBalancerUsage", "LoadBalancerUsage", false},
		{"USE1-TS-LoadBalancerUsage", "LoadBalancerUsage", false},
		{"Outposts-LCUUsage", "LCUUsage", false},
		{"EU-RegionalNatGateway-Bytes", "NatGateway-Bytes", false},
		{"ExtendedSupportYr1_Yr2-NodeUsage:cache.t4g.micro", "NodeUsage:cache.t4g.micro", false},
		{"Global-CW:AlarmMonitorUsage", "CW:AlarmMonitorUsage", false},
	}
	for _, tt := range tests {
		if ok := usageTypeMatches(tt.got, tt.want); ok != tt.ok {
			t.Errorf("usageTypeMatches(%q, %q) = %v, want %v", tt.got, tt.want, ok, tt.ok)
		}
	}
}

func TestQueryInput(t *testing.T) {
	in := findQuery(t, "datatransfer", "inter-az-gb").input("eu-central-1")
	if aws.ToString(in.ServiceCode) != "AWSDataTransfer" || aws.ToString(in.FormatVersion) != "aws_v1" || aws.ToInt32(in.MaxResults) != 100 {
		t.Fatalf("input = %+v", in)
	}
	var got []string
	for _, f := range in.Filters {
		if f.Type != pricingtypes.FilterTypeTermMatch {
			t.Errorf("filter %s has type %s", aws.ToString(f.Field), f.Type)
		}
		got = append(got, aws.ToString(f.Field)+"="+aws.ToString(f.Value))
	}
	want := "fromRegionCode=eu-central-1,transferType=IntraRegion"
	if strings.Join(got, ",") != want {
		t.Errorf("filters = %v, want %s", got, want)
	}

	in = findQuery(t, "ec2", "m5.xlarge").input("us-west-2")
	seen := map[string]string{}
	for _, f := range in.Filters {
		seen[aws.ToString(f.Field)] = aws.ToString(f.Value)
	}
	for k, v := range map[string]string{"regionCode": "us-west-2", "instanceType": "m5.xlarge", "operatingSystem": "Linux", "tenancy": "Shared", "capacitystatus": "Used", "preInstalledSw": "NA"} {
		if seen[k] != v {
			t.Errorf("ec2 filter %s = %q, want %q", k, seen[k], v)
		}
	}
}

// TestQueryTable checks the filter table covers the catalog vocabulary.
func TestQueryTable(t *testing.T) {
	qs := defaultQueries(defaultEC2Types, defaultCacheTypes)
	seen := map[string]bool{}
	for _, q := range qs {
		k := q.Service + " " + q.Item
		if seen[k] {
			t.Errorf("duplicate query %s", k)
		}
		seen[k] = true
		if q.Service == "" || q.Item == "" || q.Unit == "" || q.ServiceCode == "" || len(q.PriceUnits) == 0 {
			t.Errorf("incomplete query %+v", q)
		}
	}
	want := []string{
		"ebs gp3-storage", "ebs gp3-iops", "ebs gp3-throughput", "ebs gp2-storage",
		"eks cluster-standard", "eks cluster-extended",
		"elb alb-hour", "elb alb-lcu", "elb nlb-hour", "elb nlb-nlcu",
		"vpc natgateway-hour", "vpc natgateway-gb", "vpc public-ipv4-hour",
		"cloudwatch alarm-standard", "kms key", "datatransfer inter-az-gb",
		"ec2 t3.micro", "ec2 m5.xlarge", "ec2 i4i.4xlarge", "ec2 r6i.8xlarge",
		"elasticache redis:cache.t4g.micro", "elasticache valkey:cache.r7g.4xlarge",
	}
	for _, k := range want {
		if !seen[k] {
			t.Errorf("no query for %s", k)
		}
	}
	if got, want := len(qs), len(defaultEC2Types)+len(fixedQueries)+2*len(defaultCacheTypes); got != want {
		t.Errorf("%d queries, want %d", got, want)
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "prices.json")
	manual := catalog.Price{Service: "kms", Item: "key", Region: "us-east-1", Unit: "key-month", USD: 1, Source: "https://example.test/kms", Date: "2025-01-01"}
	stale := catalog.Price{Service: "ec2", Item: "m5.xlarge", Region: "us-east-1", Unit: "hour", USD: 0.5, Source: "https://example.test/old", Date: "2020-01-01"}
	data, err := encode([]catalog.Price{stale, manual})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	qs := []query{findQuery(t, "ec2", "m5.xlarge"), findQuery(t, "eks", "cluster-standard")}

	if err := run(context.Background(), recorded(t), options{out: out, regions: []string{"us-east-1"}, merge: true, queries: qs}, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Prices) != 3 {
		t.Errorf("%d prices, want 3: %+v", len(c.Prices), c.Prices)
	}
	if p, _ := c.Lookup("us-east-1", "kms", "key"); p != manual {
		t.Errorf("manual entry not kept: %+v", p)
	}
	if p, _ := c.Lookup("us-east-1", "ec2", "m5.xlarge"); p.USD != 0.192 || p.Source != "AWS Price List API AmazonEC2" || p.Date != "2025-11-20" {
		t.Errorf("stale entry not refreshed: %+v", p)
	}
	if p, ok := c.Lookup("us-east-1", "eks", "cluster-standard"); !ok || p.USD != 0.10 {
		t.Errorf("new entry not added: %+v", p)
	}

	// Without -merge only refreshed entries remain.
	if err := run(context.Background(), recorded(t), options{out: out, regions: []string{"us-east-1"}, queries: qs}, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(out)
	if c, err = catalog.Parse(data); err != nil || len(c.Prices) != 2 {
		t.Fatalf("no-merge catalog: %v, %+v", err, c)
	}

	// A run that refreshes nothing leaves the file alone.
	before, _ := os.ReadFile(out)
	err = run(context.Background(), &fakeGetter{err: errors.New("offline")}, options{out: out, regions: []string{"us-east-1"}, merge: true, queries: qs}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no price") {
		t.Errorf("err = %v, want a no-price error", err)
	}
	after, _ := os.ReadFile(out)
	if string(before) != string(after) {
		t.Error("file changed by a failed run")
	}

	// An invalid existing catalog is not silently overwritten.
	if err := os.WriteFile(out, []byte(`{"currency":"EUR","prices":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), recorded(t), options{out: out, regions: []string{"us-east-1"}, merge: true, queries: qs}, io.Discard); err == nil {
		t.Error("invalid existing catalog accepted")
	}
}

func TestParseRegions(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"us-east-1", "us-east-1", false},
		{" us-east-1 , eu-west-1,us-east-1,", "us-east-1,eu-west-1", false},
		{"", "", true},
		{",", "", true},
		{"US-EAST-1", "", true},
		{"useast1", "", true},
	}
	for _, tt := range tests {
		got, err := parseRegions(tt.in)
		if (err != nil) != tt.wantErr || strings.Join(got, ",") != tt.want {
			t.Errorf("parseRegions(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestMainErrFlags(t *testing.T) {
	for _, args := range [][]string{{"-regions", ""}, {"extra"}, {"-nosuchflag"}} {
		if err := mainErr(args, io.Discard); err == nil {
			t.Errorf("mainErr(%q) = nil", args)
		}
	}
}
