package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/dealscope/dealscope/internal/corpus"
)

// pickerRows is how many values a quick picker shows at once.
const pickerRows = 7

// pickerState is a quick picker: the values of one facet with their
// counts among the shown articles.
type pickerState struct {
	facet          corpus.Facet
	values         []corpus.ValueCount
	cursor, offset int
}

func (m Model) startPicker(f corpus.Facet) Model {
	values := m.ix.Values(f, m.ix.Match(m.query))
	if len(values) == 0 {
		m.status = "no " + string(f) + " values among the shown articles"
		return m
	}
	m.picker = pickerState{facet: f, values: values}
	m.mode = modePicker
	return m
}

func (m Model) updatePicker(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	p := &m.picker
	n := len(p.values)
	switch {
	case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Quit):
		m.mode = modeList
		return m, nil
	case key.Matches(msg, m.keys.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(msg, m.keys.Down):
		p.cursor = min(n-1, p.cursor+1)
	case key.Matches(msg, m.keys.Top):
		p.cursor = 0
	case key.Matches(msg, m.keys.Bottom):
		p.cursor = n - 1
	case key.Matches(msg, m.keys.PickLang), key.Matches(msg, m.keys.PickPartner), key.Matches(msg, m.keys.PickType):
		// The same key again cycles through the values.
		p.cursor = (p.cursor + 1) % n
	case key.Matches(msg, m.keys.Open):
		term := corpus.Term{Facet: p.facet, Value: p.values[p.cursor].Value}
		q := m.queryStr
		if q != "" {
			q += " "
		}
		q += term.String()
		m.mode = modeList
		m.filter.input.SetValue(q)
		return m.applyQuery(q), nil
	}
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+pickerRows {
		p.offset = p.cursor - pickerRows + 1
	}
	return m, nil
}

func (m Model) viewPicker() string {
	p := m.picker
	lines := []string{m.st.paneTitle.Render(truncate(fmt.Sprintf("%s — enter adds it to the filter, esc cancels", p.facet), m.width))}
	for i := p.offset; i < p.offset+pickerRows; i++ {
		if i >= len(p.values) {
			lines = append(lines, "")
			continue
		}
		v := p.values[i]
		label := fit("  "+fit(v.Value, min(40, m.width/2))+fmt.Sprintf(" %d", v.Count), m.width-2)
		if i == p.cursor {
			lines = append(lines, m.st.cursorMark.Render("▸ ")+m.st.selected.Render(label))
		} else {
			lines = append(lines, "  "+label)
		}
	}
	return strings.Join(lines, "\n")
}
