package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/dealscope/dealscope/internal/corpus"
)

// filterState is the query line.
type filterState struct {
	input textinput.Model
	// suggestions complete the word under the cursor; tab cycles them.
	suggestions []corpus.ValueCount
	next        int
	stem        string // the text the suggestions complete
}

func newFilterState() filterState {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "words, lang:de, partner:foxconn, -type:government, year:2018..2021"
	in.CharLimit = 500
	return filterState{input: in}
}

// promptHeight is the number of lines under the list that the prompt takes.
func (m Model) promptHeight() int {
	switch m.mode {
	case modeFilter:
		return 2
	case modePicker:
		return pickerRows + 1
	case modeExport:
		return 1
	}
	return 0
}

func (m Model) startFilter() Model {
	m.mode = modeFilter
	m.filter.input.Focus()
	m.filter.input.CursorEnd()
	m.filter.suggestions = nil
	return m
}

func (m Model) updateFilter(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Apply):
		m.filter.input.Blur()
		m.mode = modeList
		return m.applyQuery(m.filter.input.Value()), nil
	case key.Matches(msg, m.keys.ClearFilter):
		m.filter.input.Blur()
		m.filter.input.SetValue("")
		m.mode = modeList
		return m.applyQuery(""), nil
	case key.Matches(msg, m.keys.Complete):
		return m.complete(), nil
	}
	before := m.filter.input.Value()
	var cmd tea.Cmd
	m.filter.input, cmd = m.filter.input.Update(msg)
	if v := m.filter.input.Value(); v != before {
		m.filter.suggestions = nil
		m = m.applyQuery(v)
		if m.errorMsg != "" && strings.HasSuffix(strings.TrimSpace(v), ":") {
			m.errorMsg = "" // a facet being typed is not yet an error
		}
	}
	return m, cmd
}

// complete completes the last word of the query: a facet name, or a facet
// value from the corpus with how many of the shown articles have it.
func (m Model) complete() Model {
	f := &m.filter
	if len(f.suggestions) > 0 {
		f.next = (f.next + 1) % len(f.suggestions)
		return m.setCompletion()
	}
	v := f.input.Value()
	head, word := splitLastWord(v)
	neg := strings.HasPrefix(word, "-")
	word = strings.TrimPrefix(word, "-")
	name, prefix, isFacet := strings.Cut(word, ":")
	f.suggestions, f.next = nil, 0
	if !isFacet {
		for _, facet := range corpus.Facets {
			if strings.HasPrefix(string(facet), strings.ToLower(name)) {
				f.suggestions = append(f.suggestions, corpus.ValueCount{Value: string(facet) + ":"})
			}
		}
	} else {
		// Count among the articles the rest of the line selects.
		rest, err := corpus.ParseQuery(head)
		if err != nil {
			rest = corpus.Query{}
		}
		within := m.ix.Match(rest)
		for _, vc := range m.ix.Values(corpus.Facet(strings.ToLower(name)), within) {
			if strings.HasPrefix(corpus.Fold(vc.Value), corpus.Fold(strings.Trim(prefix, `"`))) {
				f.suggestions = append(f.suggestions, corpus.ValueCount{Value: name + ":" + quoteValue(vc.Value), Count: vc.Count})
			}
		}
	}
	if len(f.suggestions) == 0 {
		m.status = "no completion for " + word
		return m
	}
	if neg {
		for i := range f.suggestions {
			f.suggestions[i].Value = "-" + f.suggestions[i].Value
		}
	}
	f.stem = head
	return m.setCompletion()
}

func (m Model) setCompletion() Model {
	s := m.filter.suggestions[m.filter.next]
	v := m.filter.stem + s.Value
	if !strings.HasSuffix(s.Value, ":") {
		v += " "
	}
	m.filter.input.SetValue(v)
	m.filter.input.CursorEnd()
	if !strings.HasSuffix(s.Value, ":") {
		m = m.applyQuery(v)
	}
	return m
}

func quoteValue(v string) string {
	if strings.ContainsAny(v, " \t") {
		return `"` + v + `"`
	}
	return v
}

func splitLastWord(s string) (string, string) {
	i := strings.LastIndexAny(s, " \t")
	return s[:i+1], s[i+1:]
}

func (m Model) viewFilter() string {
	in := m.filter.input
	in.Width = max(10, m.width-3)
	line := in.View()
	var sugg string
	if len(m.filter.suggestions) > 0 {
		var parts []string
		for i, s := range m.filter.suggestions {
			label := s.Value
			if s.Count > 0 {
				label = fmt.Sprintf("%s (%d)", s.Value, s.Count)
			}
			if i == m.filter.next {
				label = "[" + label + "]"
			}
			parts = append(parts, label)
		}
		sugg = m.st.dim.Render(truncate("tab: "+strings.Join(parts, "  "), m.width))
	} else {
		sugg = m.st.dim.Render(truncate("enter apply · esc clear · tab complete · facets: lang partner vendor competitor product place person type year", m.width))
	}
	return line + "\n" + sugg
}
