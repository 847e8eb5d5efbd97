package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// querySyntax explains the filter language under the keys.
const querySyntax = `Filter syntax (/):
  words             articles whose title or text has words starting so
  lang:de           a facet: lang vendor partner competitor product place person type year
  partner:"a b"     quote values with spaces; a value matches from the start of a word
  year:2018..2021   a range of years
  -lang:vi          negate a term; the same facet twice means OR, different facets AND
  tab               completes facet names and values, with counts`

func (m Model) viewHelp() string {
	var full [][]key.Binding
	title := "Keys in the list"
	if m.prev == modeDetail {
		title = "Keys in the article view"
		_, full = m.keys.detailHelp()
	} else {
		_, full = m.keys.listHelp()
	}
	h := help.New()
	h.Width = m.width
	h.ShowAll = true
	h.Styles.FullKey = m.st.title
	h.Styles.FullDesc = m.st.app
	h.Styles.FullSeparator = m.st.dim
	var b strings.Builder
	b.WriteString(m.st.header.Render("dealscope help") + "\n\n")
	b.WriteString(m.st.heading.Render(title) + "\n")
	b.WriteString(h.FullHelpView(full) + "\n\n")
	if m.prev != modeDetail {
		b.WriteString(querySyntax + "\n\n")
	}
	b.WriteString(m.st.dim.Render("esc or ? to go back · ctrl+c quits"))
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		if lipgloss.Width(l) > m.width {
			lines[i] = truncate(ansi.Strip(l), m.width)
		}
	}
	if len(lines) > m.height {
		lines = append(lines[:m.height-1], m.st.dim.Render("… (taller terminal for more)"))
	}
	return strings.Join(lines, "\n")
}
