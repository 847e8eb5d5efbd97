package ui

import (
	"fmt"
	"strings"

	"github.com/dealscope/dealscope/internal/corpus"
)

// statsRows bounds each chart.
const statsRows = 8

// viewStats draws deals per vendor, per year and the top partners of the
// shown articles as bar charts.
func (m Model) viewStats() string {
	within := m.ix.Match(m.query)
	var b strings.Builder
	b.WriteString(m.header() + "\n\n")
	charts := []struct {
		title  string
		values []corpus.ValueCount
	}{
		{"Deals per vendor", m.ix.Values(corpus.FacetVendor, within)},
		{"Deals per year", byYear(m.ix.Values(corpus.FacetYear, within))},
		{"Top partners", m.ix.Values(corpus.FacetPartner, within)},
	}
	rows := max(1, (m.height-4)/len(charts)-2)
	for _, c := range charts {
		b.WriteString(m.st.heading.Render(c.title) + "\n")
		b.WriteString(m.barChart(c.values, min(rows, statsRows)))
		b.WriteString("\n")
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:m.height-1], m.st.status.Render(truncate("esc or v back · ctrl+c quit · over the filtered articles", m.width)))
	return strings.Join(lines, "\n")
}

// byYear orders years oldest first, as a time axis reads.
func byYear(v []corpus.ValueCount) []corpus.ValueCount {
	out := append([]corpus.ValueCount(nil), v...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Value < out[j-1].Value; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > statsRows {
		out = out[len(out)-statsRows:]
	}
	return out
}

func (m Model) barChart(values []corpus.ValueCount, rows int) string {
	if len(values) == 0 {
		return m.st.dim.Render("  (none)") + "\n"
	}
	if len(values) > rows {
		values = values[:rows]
	}
	top := 0
	for _, v := range values {
		top = max(top, v.Count)
	}
	labelW := min(24, m.width/3)
	barW := max(1, m.width-labelW-10)
	var b strings.Builder
	for _, v := range values {
		n := max(1, v.Count*barW/top)
		b.WriteString("  " + fit(v.Value, labelW) + " " + m.st.bar.Render(strings.Repeat("█", n)) + fmt.Sprintf(" %d", v.Count) + "\n")
	}
	return b.String()
}
