package monitoring

import (
	"encoding/json"
	"fmt"
)

// The CloudWatch dashboard body (CloudWatch API reference, "Dashboard Body Structure and
// Syntax"), encoded with encoding/json.

type dashboardBody struct {
	// PeriodOverride "auto" lets graphs coarsen their period over long time ranges.
	PeriodOverride string   `json:"periodOverride"`
	Widgets        []widget `json:"widgets"`
}

type widget struct {
	Type       string `json:"type"` // "metric" or "text"
	X          int    `json:"x"`
	Y          int    `json:"y"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	Properties any    `json:"properties"`
}

type textProperties struct {
	Markdown string `json:"markdown"`
}

type graphProperties struct {
	Title   string `json:"title"`
	Region  string `json:"region"`
	View    string `json:"view"` // "timeSeries"
	Stacked bool   `json:"stacked"`
	Period  int    `json:"period"`
	Stat    string `json:"stat"`
	// Metrics are rows of [namespace, metric name, dimension name, value, …, options].
	Metrics     [][]any      `json:"metrics"`
	Annotations *annotations `json:"annotations,omitempty"`
}

// metricOptions end a metrics row.
type metricOptions struct {
	Label string `json:"label,omitempty"`
	Stat  string `json:"stat,omitempty"`
}

type annotations struct {
	Horizontal []horizontalAnnotation `json:"horizontal"`
}

type horizontalAnnotation struct {
	Label string  `json:"label"`
	Value float64 `json:"value"`
}

// The dashboard grid is 24 units wide: a full-width heading over each tier, three graphs a row.
const (
	gridWidth     = 24
	headingHeight = 2
	graphWidth    = 8
	graphHeight   = 6
)

// CloudWatch draws at most 500 metrics in one graph, and 2,500 on a whole dashboard; far fewer
// lines stay readable. A tier with more nodes graphs the first maxLinesPerGraph and says so in the
// title (its alarms still cover every node); a new per-node graph must keep the dashboard's total
// in mind.
const maxLinesPerGraph = 100

// layout places widgets row by row.
type layout struct {
	region  string
	period  int
	widgets []widget
	x, y    int
}

// heading starts a tier's section.
func (l *layout) heading(markdown string) {
	l.newRow()
	l.widgets = append(l.widgets, widget{Type: "text", X: 0, Y: l.y, Width: gridWidth, Height: headingHeight,
		Properties: textProperties{Markdown: markdown}})
	l.y += headingHeight
}

// graph adds a time-series graph of rows with a default statistic; period 0 is the configured one.
func (l *layout) graph(title, stat string, period int, rows [][]any, lines ...horizontalAnnotation) {
	if len(rows) > maxLinesPerGraph {
		title = fmt.Sprintf("%s (first %d of %d)", title, maxLinesPerGraph, len(rows))
		rows = rows[:maxLinesPerGraph]
	}
	if period == 0 {
		period = l.period
	}
	p := graphProperties{Title: title, Region: l.region, View: "timeSeries", Period: period, Stat: stat, Metrics: rows}
	if len(lines) > 0 {
		p.Annotations = &annotations{Horizontal: lines}
	}
	if l.x+graphWidth > gridWidth {
		l.newRow()
	}
	l.widgets = append(l.widgets, widget{Type: "metric", X: l.x, Y: l.y, Width: graphWidth, Height: graphHeight, Properties: p})
	l.x += graphWidth
}

func (l *layout) newRow() {
	if l.x > 0 {
		l.x, l.y = 0, l.y+graphHeight
	}
}

func (l *layout) json() (string, error) {
	b, err := json.Marshal(dashboardBody{PeriodOverride: "auto", Widgets: l.widgets})
	return string(b), err
}

// row is one metrics row: namespace, metric, dimension name and value pairs, then options.
func row(namespace, metric string, dims []string, opts metricOptions) []any {
	r := []any{namespace, metric}
	for _, d := range dims {
		r = append(r, d)
	}
	return append(r, opts)
}
