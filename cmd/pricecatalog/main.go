// Command pricecatalog refreshes cost/catalog/prices.json from the AWS Price
// List API (GetProducts, served from us-east-1). It needs AWS credentials and
// network access; the shipped catalog is used offline by the platform.
//
// Usage:
//
//	go run ./cmd/pricecatalog [-out cost/catalog/prices.json] [-regions us-east-1,eu-west-1] [-merge=true]
//
// Every refreshed entry gets source "AWS Price List API <serviceCode>" and the
// offer's publication date (or the term's effective date). Items the API
// does not return unambiguously, in an accepted unit, are reported on stderr
// and left out; with -merge (the default) the existing entry for such an
// item, and any entry outside the refresh (e.g. one sourced by hand), is kept
// as it is.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/pricing"

	"github.com/platform-team/platform/cost/catalog"
)

// defaultRegions are the regions the platform deploys to.
var defaultRegions = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1"}

func main() {
	if err := mainErr(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "pricecatalog:", err)
		os.Exit(1)
	}
}

func mainErr(args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("pricecatalog", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "cost/catalog/prices.json", "catalog file to write")
	regions := fl.String("regions", strings.Join(defaultRegions, ","), "comma-separated AWS region codes")
	merge := fl.Bool("merge", true, "keep existing entries of -out that this run does not refresh")
	timeout := fl.Duration("timeout", 15*time.Minute, "overall time limit")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	regs, err := parseRegions(*regions)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"))
	if err != nil {
		return fmt.Errorf("loading AWS configuration: %w", err)
	}
	return run(ctx, pricing.NewFromConfig(cfg), options{out: *out, regions: regs, merge: *merge}, stderr)
}

type options struct {
	out     string
	regions []string
	merge   bool
	queries []query // defaultQueries when nil
}

// run refreshes the catalog at o.out with prices from g.
func run(ctx context.Context, g productsGetter, o options, stderr io.Writer) error {
	qs := o.queries
	if qs == nil {
		qs = defaultQueries(defaultEC2Types, defaultCacheTypes)
	}
	var existing []catalog.Price
	if o.merge {
		data, err := os.ReadFile(o.out)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		default:
			c, err := catalog.Parse(data)
			if err != nil {
				return fmt.Errorf("existing %s: %w", o.out, err)
			}
			existing = c.Prices
		}
	}

	fresh, skipped := refresh(ctx, g, qs, o.regions)
	for _, err := range skipped {
		fmt.Fprintln(stderr, "skipped:", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(fresh) == 0 {
		return errors.New("no price could be refreshed; catalog left unchanged")
	}

	data, err := encode(mergePrices(existing, fresh))
	if err != nil {
		return err
	}
	if _, err := catalog.Parse(data); err != nil {
		return fmt.Errorf("refreshed catalog is invalid, not written: %w", err)
	}
	if err := os.WriteFile(o.out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s: %d prices refreshed, %d skipped\n", o.out, len(fresh), len(skipped))
	return nil
}

// mergePrices returns existing with every entry of fresh replacing or adding
// to it, sorted by service, item and region.
func mergePrices(existing, fresh []catalog.Price) []catalog.Price {
	type key struct{ service, item, region string }
	byKey := map[key]catalog.Price{}
	for _, p := range existing {
		byKey[key{p.Service, p.Item, p.Region}] = p
	}
	for _, p := range fresh {
		byKey[key{p.Service, p.Item, p.Region}] = p
	}
	out := make([]catalog.Price, 0, len(byKey))
	for _, p := range byKey {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		if a.Item != b.Item {
			return a.Item < b.Item
		}
		return a.Region < b.Region
	})
	return out
}

func encode(prices []catalog.Price) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(catalog.Catalog{Currency: catalog.Currency, Prices: prices}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func parseRegions(s string) ([]string, error) {
	var regs []string
	seen := map[string]bool{}
	for _, r := range strings.Split(s, ",") {
		r = strings.TrimSpace(r)
		if r == "" || seen[r] {
			continue
		}
		if strings.Count(r, "-") < 2 || strings.ToLower(r) != r {
			return nil, fmt.Errorf("%q is not an AWS region code", r)
		}
		seen[r] = true
		regs = append(regs, r)
	}
	if len(regs) == 0 {
		return nil, errors.New("no regions given")
	}
	return regs, nil
}
