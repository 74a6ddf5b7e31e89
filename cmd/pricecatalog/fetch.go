package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/pricing"
	pricingtypes "github.com/aws/aws-sdk-go-v2/service/pricing/types"

	"github.com/platform-team/platform/cost/catalog"
)

// productsGetter is the one Price List API call the refresh needs. It is
// satisfied by *pricing.Client and, in tests, by a fake serving recorded
// responses.
type productsGetter interface {
	GetProducts(ctx context.Context, in *pricing.GetProductsInput, optFns ...func(*pricing.Options)) (*pricing.GetProductsOutput, error)
}

// maxPages bounds pagination so a misbehaving endpoint cannot loop forever.
const maxPages = 50

// input builds the GetProducts request of q for one region.
func (q query) input(region string) *pricing.GetProductsInput {
	field := q.RegionField
	if field == "" {
		field = "regionCode"
	}
	filters := map[string]string{field: region}
	for k, v := range q.Filters {
		filters[k] = v
	}
	keys := make([]string, 0, len(filters))
	for k := range filters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	in := &pricing.GetProductsInput{
		ServiceCode:   aws.String(q.ServiceCode),
		FormatVersion: aws.String("aws_v1"),
		MaxResults:    aws.Int32(100),
	}
	for _, k := range keys {
		in.Filters = append(in.Filters, pricingtypes.Filter{
			Field: aws.String(k),
			Type:  pricingtypes.FilterTypeTermMatch,
			Value: aws.String(filters[k]),
		})
	}
	return in
}

// fetchDocuments returns every PriceList document GetProducts returns for in,
// following NextToken.
func fetchDocuments(ctx context.Context, g productsGetter, in *pricing.GetProductsInput) ([]string, error) {
	var docs []string
	req := *in
	for page := 0; ; page++ {
		if page == maxPages {
			return nil, fmt.Errorf("more than %d pages of results", maxPages)
		}
		out, err := g.GetProducts(ctx, &req)
		if err != nil {
			return nil, err
		}
		docs = append(docs, out.PriceList...)
		if out.NextToken == nil || *out.NextToken == "" {
			return docs, nil
		}
		req.NextToken = out.NextToken
	}
}

// priceDocument is the part of a Price List (format aws_v1) product document
// the mapping reads.
type priceDocument struct {
	Product struct {
		SKU           string            `json:"sku"`
		ProductFamily string            `json:"productFamily"`
		Attributes    map[string]string `json:"attributes"`
	} `json:"product"`
	ServiceCode     string `json:"serviceCode"`
	PublicationDate string `json:"publicationDate"`
	Terms           struct {
		OnDemand map[string]struct {
			EffectiveDate   string `json:"effectiveDate"`
			PriceDimensions map[string]struct {
				Unit         string            `json:"unit"`
				BeginRange   string            `json:"beginRange"`
				EndRange     string            `json:"endRange"`
				Description  string            `json:"description"`
				PricePerUnit map[string]string `json:"pricePerUnit"`
			} `json:"priceDimensions"`
		} `json:"OnDemand"`
	} `json:"terms"`
}

// dimension is one on-demand price dimension of a matching product.
type dimension struct {
	sku, unit, description string
	begin, end             float64
	usd                    float64
	date                   string
}

// mapPrice turns the PriceList documents GetProducts returned for q in region
// into one catalog entry. It is pure: everything it needs is in its
// arguments. It fails, rather than guesses, when no product matches, when the
// unit is not one q accepts, or when matching products disagree on the price.
func mapPrice(q query, region string, docs []string) (catalog.Price, error) {
	var matches [][]dimension
	for i, raw := range docs {
		var d priceDocument
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			return catalog.Price{}, fmt.Errorf("document %d: %w", i, err)
		}
		if !q.matches(d, region) {
			continue
		}
		dims, err := q.dimensions(d)
		if err != nil {
			return catalog.Price{}, fmt.Errorf("sku %s: %w", d.Product.SKU, err)
		}
		matches = append(matches, dims)
	}
	if len(matches) == 0 {
		return catalog.Price{}, fmt.Errorf("no product with an on-demand price among %d documents", len(docs))
	}

	var chosen dimension
	var note string
	for i, dims := range matches {
		d, n, err := pick(dims)
		if err != nil {
			return catalog.Price{}, fmt.Errorf("sku %s: %w", dims[0].sku, err)
		}
		if i == 0 {
			chosen, note = d, n
			continue
		}
		if d.usd != chosen.usd {
			return catalog.Price{}, fmt.Errorf("ambiguous: sku %s costs %g, sku %s costs %g",
				chosen.sku, chosen.usd, d.sku, d.usd)
		}
		if d.date > chosen.date {
			chosen.date = d.date
		}
	}

	scale := q.Scale
	if scale == 0 {
		scale = 1
	}
	p := catalog.Price{
		Service: q.Service,
		Item:    q.Item,
		Region:  region,
		Unit:    q.Unit,
		USD:     round(chosen.usd * scale),
		Source:  "AWS Price List API " + q.ServiceCode,
		Date:    chosen.date,
		Note:    joinNotes(q.Note, note),
	}
	return p, nil
}

// matches reports whether d is the product q asks for in region. The API
// already applied the filters; they are checked again so that a loose match
// (or a recorded response) cannot slip in a different product.
func (q query) matches(d priceDocument, region string) bool {
	if d.ServiceCode != "" && d.ServiceCode != q.ServiceCode {
		return false
	}
	attr := func(k string) string {
		if k == "productFamily" && d.Product.ProductFamily != "" {
			return d.Product.ProductFamily
		}
		return d.Product.Attributes[k]
	}
	field := q.RegionField
	if field == "" {
		field = "regionCode"
	}
	if attr(field) != region {
		return false
	}
	for k, v := range q.Filters {
		if !strings.EqualFold(attr(k), v) {
			return false
		}
	}
	if q.UsageType == "" {
		return true
	}
	// awskms prefixes the region code itself ("us-east-1-KMS-Keys") instead
	// of a billing code; see testdata/real/README.md.
	got := d.Product.Attributes["usagetype"]
	return usageTypeMatches(got, q.UsageType) || got == region+"-"+q.UsageType
}

// usageTypeMatches reports whether got is want, possibly behind the billing
// code of a region: "USE2-", "EUC1-", "APS2-", or "EU-" for eu-west-1 (many
// us-east-1 SKUs carry none). Any other prefix names a different product:
// "TS-LoadBalancerUsage" is the ALB trust-store hour and "Outposts-LCUUsage"
// the Outposts rate (AWS, "Understand codes for Elastic Load Balancing in
// billing and usage reports"), so in us-east-1, where the region prefix is
// absent, "TS-" must not be taken for one.
func usageTypeMatches(got, want string) bool {
	if got == want {
		return true
	}
	prefix, ok := strings.CutSuffix(got, "-"+want)
	return ok && isBillingRegionCode(prefix)
}

// isBillingRegionCode reports whether s has the shape of an AWS billing
// region code: "EU", or capital letters followed by digits ("USE1", "EUC1").
func isBillingRegionCode(s string) bool {
	if s == "EU" {
		return true
	}
	letters := strings.TrimRight(s, "0123456789")
	if letters == "" || letters == s || len(s) > 6 {
		return false
	}
	for _, r := range letters {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// dimensions returns the on-demand USD price dimensions of d, checking units.
func (q query) dimensions(d priceDocument) ([]dimension, error) {
	pubDate, _ := day(d.PublicationDate)
	var dims []dimension
	for _, term := range d.Terms.OnDemand {
		date := pubDate
		if date == "" {
			date, _ = day(term.EffectiveDate)
		}
		if date == "" {
			return nil, errors.New("neither publicationDate nor effectiveDate is a date")
		}
		for _, pd := range term.PriceDimensions {
			if !q.unitAccepted(pd.Unit) {
				return nil, fmt.Errorf("unit %q is not one of %v", pd.Unit, q.PriceUnits)
			}
			s, ok := pd.PricePerUnit["USD"]
			if !ok {
				return nil, fmt.Errorf("no USD price in dimension %q", pd.Description)
			}
			usd, err := strconv.ParseFloat(s, 64)
			if err != nil || usd < 0 || math.IsInf(usd, 0) || math.IsNaN(usd) {
				return nil, fmt.Errorf("bad USD price %q", s)
			}
			begin, err := parseRange(pd.BeginRange, 0)
			if err != nil {
				return nil, err
			}
			end, err := parseRange(pd.EndRange, math.Inf(1))
			if err != nil {
				return nil, err
			}
			dims = append(dims, dimension{
				sku: d.Product.SKU, unit: pd.Unit, description: pd.Description,
				begin: begin, end: end, usd: usd, date: date,
			})
		}
	}
	if len(dims) == 0 {
		return nil, errors.New("no on-demand price dimensions")
	}
	return dims, nil
}

func (q query) unitAccepted(unit string) bool {
	for _, u := range q.PriceUnits {
		if strings.EqualFold(u, unit) {
			return true
		}
	}
	return false
}

// pick chooses the marginal price from a product's dimensions: the first
// tier (by beginRange) with a non-zero price. Free leading tiers and later
// volume tiers are described in the returned note.
func pick(dims []dimension) (dimension, string, error) {
	sort.Slice(dims, func(i, j int) bool { return dims[i].begin < dims[j].begin })
	for i := 1; i < len(dims); i++ {
		if dims[i].begin == dims[i-1].begin && dims[i].usd != dims[i-1].usd {
			return dimension{}, "", fmt.Errorf("two prices (%g, %g) for the tier starting at %g",
				dims[i-1].usd, dims[i].usd, dims[i].begin)
		}
	}
	idx := 0
	for idx < len(dims) && dims[idx].usd == 0 {
		idx++
	}
	if idx == len(dims) {
		return dims[0], "", nil // free at every volume
	}
	d := dims[idx]
	var notes []string
	if idx > 0 {
		notes = append(notes, fmt.Sprintf("first %s %s free (Price List tier)", num(d.begin), d.unit))
	}
	if len(dims) > idx+1 {
		notes = append(notes, fmt.Sprintf("price of the tier %s-%s %s; higher volumes are priced differently",
			num(d.begin), num(d.end), d.unit))
	}
	return d, strings.Join(notes, "; "), nil
}

func parseRange(s string, empty float64) (float64, error) {
	switch s {
	case "":
		return empty, nil
	case "Inf":
		return math.Inf(1), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("bad range %q", s)
	}
	return f, nil
}

func num(f float64) string {
	if math.IsInf(f, 1) {
		return "Inf"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// day returns the YYYY-MM-DD part of an RFC 3339 timestamp or a bare date.
func day(s string) (string, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format(catalog.DateLayout), nil
	}
	t, err := time.Parse(catalog.DateLayout, s)
	if err != nil {
		return "", err
	}
	return t.Format(catalog.DateLayout), nil
}

// round drops floating-point noise from scaled prices (10 significant
// decimals, as the Price List itself publishes).
func round(f float64) float64 {
	return math.Round(f*1e10) / 1e10
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// refresh queries every (query, region) pair. Entries that cannot be mapped
// are reported in skipped and left out; nothing is filled in by guess.
func refresh(ctx context.Context, g productsGetter, qs []query, regions []string) (prices []catalog.Price, skipped []error) {
	type surcharge struct {
		q query
		p catalog.Price
	}
	for _, region := range regions {
		byItem := map[string]catalog.Price{} // service/item → price refreshed in this region
		var surcharges []surcharge
		for _, q := range qs {
			p, err := fetchPrice(ctx, g, q, region)
			switch {
			case err != nil:
				skipped = append(skipped, fmt.Errorf("%s %s %s: %w", region, q.Service, q.Item, err))
			case q.AddItem != "":
				surcharges = append(surcharges, surcharge{q, p})
			default:
				byItem[q.Service+"/"+q.Item] = p
				prices = append(prices, p)
			}
		}
		for _, s := range surcharges {
			base, ok := byItem[s.q.Service+"/"+s.q.AddItem]
			if !ok {
				skipped = append(skipped, fmt.Errorf("%s %s %s: the Price List prices only the surcharge on %s, which was not refreshed",
					region, s.q.Service, s.q.Item, s.q.AddItem))
				continue
			}
			s.p.USD = round(s.p.USD + base.USD)
			s.p.Date = max(s.p.Date, base.Date)
			prices = append(prices, s.p)
		}
	}
	return prices, skipped
}

// fetchPrice fetches and maps the price of q in region.
func fetchPrice(ctx context.Context, g productsGetter, q query, region string) (catalog.Price, error) {
	docs, err := fetchDocuments(ctx, g, q.input(region))
	if err != nil {
		return catalog.Price{}, err
	}
	return mapPrice(q, region, docs)
}
