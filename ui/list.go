package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/dealscope/dealscope/internal/corpus"
)

// listState is the cursor and scroll position of the article list.
type listState struct {
	cursor, offset int
	// moved says the user chose a row: while articles arrive, the cursor
	// then stays on that article; before, it stays on the first row.
	moved bool
}

// move moves the cursor by delta and keeps it in view.
func (l *listState) move(delta, n, height int) {
	l.cursor += delta
	l.moved = true
	l.clamp(n, height)
}

func (l *listState) clamp(n, height int) {
	l.cursor = max(0, min(l.cursor, n-1))
	height = max(1, height)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+height {
		l.offset = l.cursor - height + 1
	}
	l.offset = max(0, min(l.offset, n-height))
}

// listHeight is the number of rows the list shows.
func (m Model) listHeight() int {
	h := m.height - 3 // header, column line, status
	if m.mode == modeFilter || m.mode == modePicker || m.mode == modeExport {
		h -= m.promptHeight()
	}
	if m.load.active {
		h--
	}
	return max(1, h)
}

func (m Model) updateList(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	n, h := len(m.shown), m.listHeight()
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Up):
		m.list.move(-1, n, h)
	case key.Matches(msg, k.Down):
		m.list.move(1, n, h)
	case key.Matches(msg, k.PageUp):
		m.list.move(-h, n, h)
	case key.Matches(msg, k.PageDown):
		m.list.move(h, n, h)
	case key.Matches(msg, k.HalfUp):
		m.list.move(-h/2, n, h)
	case key.Matches(msg, k.HalfDown):
		m.list.move(h/2, n, h)
	case key.Matches(msg, k.Top):
		m.list.move(-n, n, h)
	case key.Matches(msg, k.Bottom):
		m.list.move(n, n, h)
	case key.Matches(msg, k.Open):
		if n > 0 {
			return m.openDetail(m.list.cursor)
		}
	case key.Matches(msg, k.Filter):
		return m.startFilter(), nil
	case key.Matches(msg, k.ClearFilter):
		if !m.query.Empty() {
			m.filter.input.SetValue("")
			m = m.applyQuery("")
			m.status = "filter cleared"
		}
	case key.Matches(msg, k.PickLang):
		return m.startPicker(corpus.FacetLang), nil
	case key.Matches(msg, k.PickPartner):
		return m.startPicker(corpus.FacetPartner), nil
	case key.Matches(msg, k.PickType):
		return m.startPicker(corpus.FacetType), nil
	case key.Matches(msg, k.Sort):
		m.sort = m.sort.Next()
		m = m.refresh()
		m.status = "sorted by " + m.sort.String()
	case key.Matches(msg, k.Stats):
		m.prev, m.mode = m.mode, modeStats
	case key.Matches(msg, k.Help):
		m.prev, m.mode = m.mode, modeHelp
	case key.Matches(msg, k.Export):
		return m.startExport(), nil
	case key.Matches(msg, k.Copy):
		if n > 0 {
			return m, m.copyText(m.ix.Doc(m.shown[m.list.cursor]).ID)
		}
	}
	return m, nil
}

// header renders the first line: the name, the active filter, shown/total
// and the sort order.
func (m Model) header() string {
	left := m.st.header.Render("dealscope")
	filter := "all articles"
	if !m.query.Empty() {
		filter = m.queryStr
	}
	right := fmt.Sprintf("%d/%d · by %s", len(m.shown), m.ix.Len(), m.sort)
	avail := m.width - width("dealscope") - width(right) - 4
	mid := truncate(filter, max(0, avail))
	gap := max(1, m.width-width("dealscope")-width(mid)-width(right)-2)
	return left + "  " + m.st.headerDim.Render(mid) + strings.Repeat(" ", gap) + m.st.headerDim.Render(right)
}

// columns holds the widths of a list row's fields.
type columns struct{ date, lang, parties, title int }

func (m Model) columns() columns {
	c := columns{date: 10, lang: 2}
	rest := m.width - 2 - c.date - 1 - c.lang - 1 - 1
	c.parties = max(10, rest*2/5)
	c.title = max(0, rest-c.parties-1)
	return c
}

func (m Model) viewList() string {
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteByte('\n')
	if m.load.active {
		b.WriteString(m.viewLoading())
		b.WriteByte('\n')
	}
	c := m.columns()
	b.WriteString(m.st.dim.Render(fit("  "+fit("date", c.date)+" "+fit("la", c.lang)+" "+fit("vendor → partners", c.parties)+" "+"title", m.width)))
	b.WriteByte('\n')
	h := m.listHeight()
	if len(m.shown) == 0 {
		msg := "No article matches."
		switch {
		case m.ix.Len() == 0 && m.load.active:
			msg = "Loading articles…"
		case m.ix.Len() == 0:
			msg = "No articles. Give dealscope files or folders of .txt or .md articles."
		case !m.query.Empty():
			msg += " Press esc to clear the filter."
		}
		b.WriteString(fit("  "+msg, m.width))
		b.WriteByte('\n')
		h--
	}
	for i := m.list.offset; i < min(len(m.shown), m.list.offset+h); i++ {
		b.WriteString(m.row(m.ix.Doc(m.shown[i]), c, i == m.list.cursor))
		b.WriteByte('\n')
		h--
	}
	for ; h > 0; h-- {
		b.WriteByte('\n')
	}
	switch m.mode {
	case modeFilter:
		b.WriteString(m.viewFilter())
		b.WriteByte('\n')
	case modePicker:
		b.WriteString(m.viewPicker())
		b.WriteByte('\n')
	case modeExport:
		b.WriteString(m.viewExport())
		b.WriteByte('\n')
	}
	short, _ := m.keys.listHelp()
	b.WriteString(m.statusLine(short))
	return b.String()
}

// parties renders "vendor → partners".
func parties(d *corpus.Doc) string {
	v := strings.Join(d.Vendors, ", ")
	if v == "" {
		v = "?"
	}
	if len(d.Partners) == 0 {
		return v
	}
	return v + " → " + strings.Join(d.Partners, ", ")
}

func (m Model) row(d *corpus.Doc, c columns, selected bool) string {
	date := d.Date
	if date == "" {
		date = "—"
	}
	lang := d.Language
	if lang == "" {
		lang = "??"
	}
	line := fit(date, c.date) + " " + fit(lang, c.lang) + " " + fit(parties(d), c.parties) + " " + fit(d.Title, c.title)
	if selected {
		return m.st.cursorMark.Render("▸ ") + m.st.selected.Render(line)
	}
	return "  " + line
}
