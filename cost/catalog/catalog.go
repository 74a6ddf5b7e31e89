// Package catalog is an embedded catalog of published AWS on-demand prices
// (Linux, USD) for the regions the platform deploys to.
//
// Every entry in prices.json carries the source it was read from and the date
// of that source; nothing in it is estimated or extrapolated. Items for which
// no published price was found are simply absent, so callers must handle a
// failed Lookup instead of assuming a value.
//
// Vocabulary (service / item / unit):
//
//	ec2          <instance type>, e.g. m5.xlarge         hour
//	ebs          gp3-storage, gp2-storage                GB-month
//	ebs          gp3-iops (above the free 3000)          IOPS-month
//	ebs          gp3-throughput (above the free 125)     MiBps-month
//	eks          cluster-standard, cluster-extended      hour
//	elb          alb-hour, nlb-hour                      hour
//	elb          alb-lcu                                 LCU-hour
//	elb          nlb-nlcu                                NLCU-hour
//	vpc          natgateway-hour, public-ipv4-hour       hour
//	vpc          natgateway-gb                           GB
//	elasticache  redis:<node type>, valkey:<node type>   hour
//	cloudwatch   alarm-standard                          alarm-month
//	cloudwatch   dashboard                               dashboard-month
//	kms          key                                     key-month
//	datatransfer inter-az-gb                             GB
//
// Prices are marginal prices; free allowances, where they matter, are
// described in the entry's Note.
package catalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
)

// DateLayout is the layout of Price.Date.
const DateLayout = "2006-01-02"

// Currency is the only currency the catalog holds.
const Currency = "USD"

//go:embed prices.json
var embedded []byte

// Price is one published price.
type Price struct {
	// Service is the catalog service, e.g. "ec2" or "elb".
	Service string `json:"service"`
	// Item identifies what is priced within the service, e.g. "m5.xlarge".
	Item string `json:"item"`
	// Region is the AWS region code, e.g. "us-east-1".
	Region string `json:"region"`
	// Unit is what one USD amount buys, e.g. "hour" or "GB-month".
	Unit string `json:"unit"`
	// USD is the price per Unit in US dollars.
	USD float64 `json:"usd"`
	// Source is the URL or repository+path the price was read from.
	Source string `json:"source"`
	// Date (YYYY-MM-DD) is the publication or retrieval date stated by the
	// source, or the date its snapshot was read when it states none.
	Date string `json:"date"`
	// Note records free allowances and other caveats; optional.
	Note string `json:"note,omitempty"`
}

// Catalog is a validated set of prices indexed by (region, service, item).
type Catalog struct {
	Currency string  `json:"currency"`
	Prices   []Price `json:"prices"`

	index map[key]int
}

type key struct{ region, service, item string }

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default returns the catalog embedded in the binary. It is parsed and
// validated once; later calls return the same value. Callers must not modify
// the returned catalog.
func Default() (*Catalog, error) {
	defaultOnce.Do(func() {
		defaultCat, defaultErr = Parse(embedded)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("embedded price catalog: %w", defaultErr)
		}
	})
	return defaultCat, defaultErr
}

// Parse decodes and validates a catalog document. It rejects unknown fields,
// a currency other than USD, entries missing service, item, region, unit,
// source or date, dates not in YYYY-MM-DD form, negative or non-finite
// prices, and duplicate (service, item, region) entries.
func Parse(data []byte) (*Catalog, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("decode catalog: %w", err)
	}
	if dec.More() {
		return nil, errors.New("decode catalog: trailing data after the document")
	}
	if c.Currency != Currency {
		return nil, fmt.Errorf("currency %q: only %s is supported", c.Currency, Currency)
	}
	c.index = make(map[key]int, len(c.Prices))
	var errs []error
	for i, p := range c.Prices {
		if err := validate(p); err != nil {
			errs = append(errs, fmt.Errorf("price %d (%s/%s/%s): %w", i, p.Service, p.Item, p.Region, err))
			continue
		}
		k := key{p.Region, p.Service, p.Item}
		if j, dup := c.index[k]; dup {
			errs = append(errs, fmt.Errorf("price %d (%s/%s/%s): duplicate of price %d", i, p.Service, p.Item, p.Region, j))
			continue
		}
		c.index[k] = i
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &c, nil
}

func validate(p Price) error {
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"service", p.Service}, {"item", p.Item}, {"region", p.Region},
		{"unit", p.Unit}, {"source", p.Source}, {"date", p.Date},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s", strings.Join(missing, ", "))
	}
	if _, err := time.Parse(DateLayout, p.Date); err != nil {
		return fmt.Errorf("date %q is not YYYY-MM-DD", p.Date)
	}
	if math.IsNaN(p.USD) || math.IsInf(p.USD, 0) || p.USD < 0 {
		return fmt.Errorf("usd %v must be a finite number >= 0", p.USD)
	}
	return nil
}

// Lookup returns the price of item in service and region.
func (c *Catalog) Lookup(region, service, item string) (Price, bool) {
	if c == nil {
		return Price{}, false
	}
	i, ok := c.index[key{region, service, item}]
	if !ok {
		return Price{}, false
	}
	return c.Prices[i], true
}

// Regions returns the regions that have at least one price, sorted.
func (c *Catalog) Regions() []string {
	if c == nil {
		return nil
	}
	seen := make(map[string]bool)
	var out []string
	for _, p := range c.Prices {
		if !seen[p.Region] {
			seen[p.Region] = true
			out = append(out, p.Region)
		}
	}
	sort.Strings(out)
	return out
}

// Date returns the newest source date in the catalog (YYYY-MM-DD), or "" for
// an empty catalog. Dates are validated, so string order is date order.
func (c *Catalog) Date() string {
	if c == nil {
		return ""
	}
	newest := ""
	for _, p := range c.Prices {
		if p.Date > newest {
			newest = p.Date
		}
	}
	return newest
}
