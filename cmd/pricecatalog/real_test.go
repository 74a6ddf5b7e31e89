package main

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/platform-team/platform/cost/catalog"
)

// The tests in this file run the refresh on real Price List product
// documents (testdata/real, sources in testdata/real/README.md) instead of
// the hand-built ones in testdata/*.json.

// realRecorded serves testdata/real/*.json.
func realRecorded(t *testing.T) *fakeGetter {
	t.Helper()
	return recordedFrom(t, "testdata/real/*.json")
}

// pickQuery returns the query for service and item among qs.
func pickQuery(t *testing.T, qs []query, service, item string) query {
	t.Helper()
	for _, q := range qs {
		if q.Service == service && q.Item == item {
			return q
		}
	}
	t.Fatalf("no query for %s %s", service, item)
	return query{}
}

// p4dQuery is the EC2 query the table would build for p4d.24xlarge, the
// instance type of the real on-demand and Capacity Block documents.
func p4dQuery(t *testing.T) query {
	return pickQuery(t, defaultQueries([]string{"p4d.24xlarge"}, nil), "ec2", "p4d.24xlarge")
}

// c7gnQuery is the ElastiCache query for the node type of the real
// ElastiCache document.
func c7gnQuery(t *testing.T, engine string) query {
	return pickQuery(t, defaultQueries(nil, []string{"cache.c7gn.large"}), "elasticache", engine+":cache.c7gn.large")
}

// ec2NLBHour is the nlb-hour query pointed at the AmazonEC2 service code,
// the offer the real Network Load Balancer document was read from.
func ec2NLBHour(t *testing.T) query {
	q := findQuery(t, "elb", "nlb-hour")
	q.ServiceCode = "AmazonEC2"
	return q
}

func TestRealDocumentsPriced(t *testing.T) {
	tests := []struct {
		name   string
		q      query
		region string
		want   catalog.Price
	}{
		{
			name: "gp3 storage, opencost M6UGCCQ3CDJQAA37", q: findQuery(t, "ebs", "gp3-storage"), region: "us-east-2",
			want: catalog.Price{Service: "ebs", Item: "gp3-storage", Region: "us-east-2", Unit: "GB-month", USD: 0.08,
				Source: "AWS Price List API AmazonEC2", Date: "2023-03-22"},
		},
		{
			name: "EKS cluster hour, BMJ7KNTWFFFQPFS4", q: findQuery(t, "eks", "cluster-standard"), region: "ap-southeast-2",
			want: catalog.Price{Service: "eks", Item: "cluster-standard", Region: "ap-southeast-2", Unit: "hour", USD: 0.10,
				Source: "AWS Price List API AmazonEKS", Date: "2022-08-11"},
		},
		{
			name: "Linux on-demand beside a Capacity Block SKU, H7NGEAC6UEHNTKSJ", q: p4dQuery(t), region: "us-east-1",
			want: catalog.Price{Service: "ec2", Item: "p4d.24xlarge", Region: "us-east-1", Unit: "hour", USD: 32.7726,
				Source: "AWS Price List API AmazonEC2", Date: "2024-05-28"},
		},
		{
			name: "NLB hour as listed in the AmazonEC2 offer, Y9RYMSE644KDSV4S", q: ec2NLBHour(t), region: "us-east-2",
			want: catalog.Price{Service: "elb", Item: "nlb-hour", Region: "us-east-2", Unit: "hour", USD: 0.0225,
				Source: "AWS Price List API AmazonEC2", Date: "2023-03-22"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := realRecorded(t)
			g.pageSize = 1
			prices, skipped := refresh(context.Background(), g, []query{tt.q}, []string{tt.region})
			if len(skipped) != 0 || len(prices) != 1 {
				t.Fatalf("prices %+v, skipped %v", prices, skipped)
			}
			tt.want.Note = tt.q.Note
			if prices[0] != tt.want {
				t.Errorf("got  %+v\nwant %+v", prices[0], tt.want)
			}
		})
	}
}

// TestRealDocumentsRefused covers real documents that match a query's
// filters or region but carry no usable on-demand price, and real documents
// the shipped queries do not select.
func TestRealDocumentsRefused(t *testing.T) {
	tests := []struct {
		name    string
		q       query
		region  string
		wantErr string
	}{
		// Real product, only a 3yr convertible RI term (opencost 8D49XP354UEYTHGM).
		{"EC2 product without an on-demand term", findQuery(t, "ec2", "m5.large"), "us-east-2", "no on-demand price dimensions"},
		// Real product, only standard RI terms (bangpound 4D2E7K7G4GPM84WN).
		{"ElastiCache product without an on-demand term", c7gnQuery(t, "valkey"), "us-east-1", "no on-demand price dimensions"},
		{"ElastiCache engine not offered", c7gnQuery(t, "redis"), "us-east-1", "no product"},
		// The China offer prices in CNY only.
		{"gp3 priced in CNY", findQuery(t, "ebs", "gp3-storage"), "cn-northwest-1", "no USD price"},
		// The 2021 GetProducts document has no regionCode attribute.
		{"document without regionCode", findQuery(t, "ec2", "m5.large"), "us-east-1", "no product"},
		// The shipped query reads AWSELB; the real NLB document is from AmazonEC2.
		{"NLB SKU of another service code", findQuery(t, "elb", "nlb-hour"), "us-east-2", "no product"},
		{"gp2 storage absent, only io1", findQuery(t, "ebs", "gp2-storage"), "ap-southeast-1", "no product"},
		{"Windows BYOL is not Linux", pickQuery(t, defaultQueries([]string{"p3.8xlarge"}, nil), "ec2", "p3.8xlarge"), "us-east-2", "no product"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prices, skipped := refresh(context.Background(), realRecorded(t), []query{tt.q}, []string{tt.region})
			if len(prices) != 0 || len(skipped) != 1 || !strings.Contains(skipped[0].Error(), tt.wantErr) {
				t.Fatalf("prices %+v, skipped %v; want one skip containing %q", prices, skipped, tt.wantErr)
			}
		})
	}
}

// TestRealDocumentsIgnoredByOtherQueries offers every real document to every
// query in every region the documents name, without the API's server-side
// filtering, and checks that the mapping's own re-check accepts exactly the
// documents the catalog uses.
func TestRealDocumentsIgnoredByOtherQueries(t *testing.T) {
	g := realRecorded(t)
	var docs []priceDocument
	for _, raws := range g.docs {
		for _, raw := range raws {
			var d priceDocument
			if err := json.Unmarshal([]byte(raw), &d); err != nil {
				t.Fatal(err)
			}
			docs = append(docs, d)
		}
	}
	qs := defaultQueries(append(append([]string{}, defaultEC2Types...), "p4d.24xlarge", "p3.8xlarge"),
		append(append([]string{}, defaultCacheTypes...), "cache.c7gn.large"))
	qs = append(qs, ec2NLBHour(t))
	regions := []string{"us-east-1", "us-east-2", "ap-southeast-1", "ap-southeast-2", "cn-northwest-1"}

	var got []string
	for _, region := range regions {
		for _, q := range qs {
			for _, d := range docs {
				if q.matches(d, region) {
					got = append(got, q.ServiceCode+" "+q.Service+" "+q.Item+" "+region+" "+d.Product.SKU)
				}
			}
		}
	}
	sort.Strings(got)
	// The shipped AWSELB nlb-hour query is absent: matches checks the
	// service code, so only the AmazonEC2 variant takes Y9RYMSE644KDSV4S.
	want := []string{
		"AmazonEC2 ebs gp3-storage cn-northwest-1 R83VXG9NAPDASEGN",
		"AmazonEC2 ebs gp3-storage us-east-2 M6UGCCQ3CDJQAA37",
		"AmazonEC2 ec2 m5.large us-east-2 8D49XP354UEYTHGM",
		"AmazonEC2 ec2 p4d.24xlarge us-east-1 H7NGEAC6UEHNTKSJ",
		"AmazonEC2 elb nlb-hour us-east-2 Y9RYMSE644KDSV4S",
		"AmazonEKS eks cluster-standard ap-southeast-2 BMJ7KNTWFFFQPFS4",
		"AmazonElastiCache elasticache valkey:cache.c7gn.large us-east-1 4D2E7K7G4GPM84WN",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("matches accepted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCapacityBlockNeedsOperationFilter shows why the EC2 queries filter on
// operation: without it the real Capacity Block SKU (YSXJGN78QTXNVGDQ, $0)
// matches beside the on-demand one and the item cannot be priced.
func TestCapacityBlockNeedsOperationFilter(t *testing.T) {
	q := p4dQuery(t)
	filters := map[string]string{}
	for k, v := range q.Filters {
		if k != "operation" {
			filters[k] = v
		}
	}
	q.Filters = filters
	_, skipped := refresh(context.Background(), realRecorded(t), []query{q}, []string{"us-east-1"})
	if len(skipped) != 1 || !strings.Contains(skipped[0].Error(), "ambiguous") {
		t.Fatalf("skipped %v, want an ambiguous-price skip", skipped)
	}
}

// TestKMSUsageTypeFromRealData: the awskms usage type is us-east-1-KMS-Keys
// (testdata/real/README.md), a region name, not a region code, as its prefix.
func TestKMSUsageTypeFromRealData(t *testing.T) {
	kms := findQuery(t, "kms", "key")
	doc := func(usage string) priceDocument {
		var d priceDocument
		d.ServiceCode = "awskms"
		d.Product.Attributes = map[string]string{"regionCode": "us-east-1", "usagetype": usage}
		return d
	}
	if !kms.matches(doc("us-east-1-KMS-Keys"), "us-east-1") {
		t.Error("awskms usage type us-east-1-KMS-Keys not accepted for us-east-1")
	}
	if kms.matches(doc("us-west-2-KMS-Keys"), "us-east-1") {
		t.Error("another region's KMS-Keys usage type accepted")
	}
}

// TestEKSExtendedSupportAddsTheClusterHour: the Price List SKU is a
// surcharge, the catalog item the total, so without the cluster hour there is
// no extended-support price rather than the surcharge alone.
func TestEKSExtendedSupportAddsTheClusterHour(t *testing.T) {
	eks := []query{findQuery(t, "eks", "cluster-standard"), findQuery(t, "eks", "cluster-extended")}
	prices, skipped := refresh(context.Background(), recorded(t), eks, []string{"us-east-1"})
	if len(skipped) != 0 || len(prices) != 2 || prices[1].Item != "cluster-extended" || prices[1].USD != 0.60 {
		t.Fatalf("with the cluster hour: prices %+v, skipped %v; want cluster-extended 0.60", prices, skipped)
	}
	prices, skipped = refresh(context.Background(), recorded(t), eks[1:], []string{"us-east-1"})
	if len(prices) != 0 || len(skipped) != 1 || !strings.Contains(skipped[0].Error(), "cluster-standard, which was not refreshed") {
		t.Fatalf("without the cluster hour: prices %+v, skipped %v; want it skipped", prices, skipped)
	}
}
