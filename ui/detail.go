package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/dealscope/dealscope/internal/corpus"
	"github.com/dealscope/dealscope/internal/extract"
)

// sideBySideWidth is the narrowest terminal with text and facts side by
// side; narrower ones stack the panes.
const sideBySideWidth = 100

// Panes of the detail view.
const (
	paneText = iota
	paneFacts
)

// kindOrder is the order of fact groups, with their headings.
var kindOrder = []struct{ kind, heading string }{
	{extract.FactVendor, "Vendor"},
	{extract.FactPartner, "Partners"},
	{extract.FactCompetitor, "Competitors"},
	{extract.FactDeal, "Deal"},
	{extract.FactDate, "Date"},
	{extract.FactMoney, "Money"},
	{extract.FactQuantity, "Quantities"},
	{extract.FactProduct, "Products"},
	{extract.FactPerson, "People"},
	{extract.FactPlace, "Places"},
}

// factItem is one row of the facts pane: a value with every span of its
// evidence.
type factItem struct {
	kind  string
	label string
	spans [][2]int
}

// detailState is the detail view of one article.
type detailState struct {
	pos      int // position of the article in the shown list
	doc      *corpus.Doc
	items    []factItem
	cursor   int
	focus    int
	raw      bool
	textTop  int
	factsTop int

	searching bool
	search    textinput.Model
	matches   [][2]int
	match     int

	// Laid out in Update for the current width, never in View.
	text textLayout
}

func newDetailState() detailState {
	in := textinput.New()
	in.Prompt = "search: "
	in.CharLimit = 200
	return detailState{search: in, focus: paneFacts}
}

// detailGeometry is where the panes are.
type detailGeometry struct {
	stacked             bool
	textW, textH        int
	factsW, factsH      int
	textTopY, factsTopY int // first screen row of each pane's content
	factsX              int // first screen column of the facts pane
}

func (m Model) detailLayout() detailGeometry {
	bodyH := m.height - 3 // title, meta line, status
	if m.detail.searching {
		bodyH--
	}
	if m.width >= sideBySideWidth {
		textW := (m.width - 3) * 3 / 5
		return detailGeometry{textW: textW, textH: bodyH - 1, factsW: m.width - 3 - textW, factsH: bodyH - 1, textTopY: 3, factsTopY: 3, factsX: textW + 3}
	}
	textH := max(1, (bodyH-2)*3/5)
	return detailGeometry{stacked: true, textW: m.width, textH: textH, factsW: m.width, factsH: max(1, bodyH-2-textH), textTopY: 3, factsTopY: 3 + textH + 1}
}

// openDetail shows the article at position pos of the shown list. A
// compact document (a large corpus keeps no text in memory) is shown at
// once with what it has, and a command brings back its text and facts.
func (m Model) openDetail(pos int) (Model, tea.Cmd) {
	m.mode = modeDetail
	d := m.detail
	d.pos = pos
	d.doc = m.ix.Doc(m.shown[pos])
	d.items = factItems(d.doc)
	d.cursor, d.textTop, d.factsTop = 0, 0, 0
	d.matches, d.match, d.searching = nil, 0, false
	m.detail = d
	m = m.relayout().scrollToFact()
	if !d.doc.IsCompact() || m.opts.Reload == nil {
		return m, nil
	}
	m.status = "reading " + printable(d.doc.Source) + "…"
	reload, source := m.opts.Reload, d.doc.Source
	return m, func() tea.Msg {
		doc, err := reload(source)
		return reloadedMsg{pos: pos, doc: doc, err: err}
	}
}

// reloadedMsg brings the full document of a compact one.
type reloadedMsg struct {
	pos int
	doc *corpus.Doc
	err error
}

// reloaded puts the full document in place if its article is still open.
func (m Model) reloaded(msg reloadedMsg) Model {
	if m.mode != modeDetail || m.detail.pos != msg.pos {
		return m
	}
	if msg.err != nil {
		m.errorMsg = "cannot read the article again: " + msg.err.Error()
		return m
	}
	m.status = ""
	m.detail.doc = msg.doc
	m.detail.items = factItems(msg.doc)
	m.detail.cursor = 0
	return m.relayout().scrollToFact()
}

// relayout wraps the text for the current width and options.
func (m Model) relayout() Model {
	g := m.detailLayout()
	m.detail.text = layoutText(m.detail.doc, max(1, g.textW-2), m.detail.classes(m.st.plain), m.st.plain)
	return m
}

func factItems(d *corpus.Doc) []factItem {
	byKind := map[string][]factItem{}
	index := map[string]int{}
	moneyAt := map[int]extract.Money{}
	for _, mo := range d.Money {
		moneyAt[mo.Start] = mo
	}
	qtyAt := map[int]extract.Quantity{}
	for _, q := range d.Quantities {
		qtyAt[q.Start] = q
	}
	for _, f := range d.Facts {
		label := f.Value
		switch f.Kind {
		case extract.FactMoney:
			if mo, ok := moneyAt[f.Start]; ok {
				label = fmt.Sprintf("%s = %s %s", mo.Text, number(mo.Amount), mo.Currency)
			}
		case extract.FactQuantity:
			if q, ok := qtyAt[f.Start]; ok {
				label = fmt.Sprintf("%s = %s%s %s", q.Text, qualifierSign(q.Qualifier), number(q.Value), q.Unit)
			}
		case extract.FactDate:
			label = fmt.Sprintf("%s (%s)", f.Value, d.DateSource)
		}
		k := f.Kind + "\x00" + f.Value
		if i, ok := index[k]; ok {
			byKind[f.Kind][i].spans = append(byKind[f.Kind][i].spans, [2]int{f.Start, f.End})
			continue
		}
		index[k] = len(byKind[f.Kind])
		byKind[f.Kind] = append(byKind[f.Kind], factItem{kind: f.Kind, label: printable(label), spans: [][2]int{{f.Start, f.End}}})
	}
	var out []factItem
	for _, k := range kindOrder {
		out = append(out, byKind[k.kind]...)
	}
	return out
}

func qualifierSign(q string) string {
	switch q {
	case "more_than":
		return ">"
	case "less_than":
		return "<"
	case "about":
		return "~"
	case "at_least":
		return "≥"
	case "up_to":
		return "≤"
	}
	return ""
}

// number writes n with thousands separators: 10000000000 → 10,000,000,000.
func number(n float64) string {
	s := strconv.FormatFloat(n, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

func (m Model) updateDetail(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	d := &m.detail
	if d.searching {
		switch msg.Type {
		case tea.KeyEnter:
			d.searching = false
			d.search.Blur()
			m = m.runSearch()
			return m, nil
		case tea.KeyEsc:
			d.searching = false
			d.search.Blur()
			return m.relayout(), nil
		}
		var cmd tea.Cmd
		d.search, cmd = d.search.Update(msg)
		return m, cmd
	}
	k := m.keys
	g := m.detailLayout()
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Back):
		m.mode = modeList
		m.list.cursor, m.list.moved = d.pos, true
		m.list.clamp(len(m.shown), m.listHeight())
		return m, nil
	case key.Matches(msg, k.Help):
		m.prev, m.mode = modeDetail, modeHelp
		return m, nil
	case key.Matches(msg, k.SwitchPane):
		d.focus = 1 - d.focus
	case key.Matches(msg, k.Raw):
		d.raw = !d.raw
		if d.raw {
			m.status = "raw text: nothing dimmed or tinted (o to go back)"
		}
		return m.relayout(), nil
	case key.Matches(msg, k.Search):
		d.searching = true
		d.search.SetValue("")
		d.search.Focus()
		return m, textinput.Blink
	case key.Matches(msg, k.NextMatch):
		return m.stepMatch(1), nil
	case key.Matches(msg, k.PrevMatch):
		return m.stepMatch(-1), nil
	case key.Matches(msg, k.PrevArticle):
		if d.pos > 0 {
			return m.openDetail(d.pos - 1)
		}
		m.status = "first article"
	case key.Matches(msg, k.NextArticle):
		if d.pos+1 < len(m.shown) {
			return m.openDetail(d.pos + 1)
		}
		m.status = "last article"
	case key.Matches(msg, k.Copy):
		if len(d.items) > 0 && d.focus == paneFacts {
			return m, m.copyText(d.items[d.cursor].label)
		}
		return m, m.copyText(d.doc.ID)
	case key.Matches(msg, k.Up):
		return m.moveDetail(-1, g), nil
	case key.Matches(msg, k.Down):
		return m.moveDetail(1, g), nil
	case key.Matches(msg, k.HalfUp):
		return m.moveDetail(-max(1, g.textH/2), g), nil
	case key.Matches(msg, k.HalfDown):
		return m.moveDetail(max(1, g.textH/2), g), nil
	case key.Matches(msg, k.PageUp):
		return m.moveDetail(-max(1, g.textH-1), g), nil
	case key.Matches(msg, k.PageDown):
		return m.moveDetail(max(1, g.textH-1), g), nil
	case key.Matches(msg, k.Top):
		return m.moveDetail(-1<<30, g), nil
	case key.Matches(msg, k.Bottom):
		return m.moveDetail(1<<30, g), nil
	}
	return m, nil
}

// moveDetail scrolls the text or moves through the facts, by the pane in
// focus.
func (m Model) moveDetail(delta int, g detailGeometry) Model {
	d := &m.detail
	if d.focus == paneText || len(d.items) == 0 {
		d.textTop = clampInt(d.textTop+delta, 0, max(0, len(d.text.lines)-g.textH))
		return m
	}
	d.cursor = clampInt(d.cursor+delta, 0, len(d.items)-1)
	return m.relayout().scrollToFact()
}

func clampInt(v, lo, hi int) int { return max(lo, min(v, hi)) }

// scrollToFact brings the evidence of the selected fact into view, a third
// of the way down the text pane, and the fact itself into the facts pane.
func (m Model) scrollToFact() Model {
	d := &m.detail
	g := m.detailLayout()
	if len(d.items) == 0 {
		return m
	}
	line := d.text.lineOf(d.items[d.cursor].spans[0][0])
	if line < d.textTop || line >= d.textTop+g.textH {
		d.textTop = clampInt(line-g.textH/3, 0, max(0, len(d.text.lines)-g.textH))
	}
	row := d.factRow(d.cursor)
	if row < d.factsTop {
		d.factsTop = row
	}
	if row >= d.factsTop+g.factsH {
		d.factsTop = row - g.factsH + 1
	}
	return m
}

// factRow is the row of item i in the facts pane, headings included.
func (d detailState) factRow(i int) int {
	row, prev := 0, ""
	for j, it := range d.items {
		if it.kind != prev {
			row++
			prev = it.kind
		}
		if j == i {
			return row
		}
		row++
	}
	return row
}

func (m Model) runSearch() Model {
	d := &m.detail
	term := d.search.Value()
	d.matches, d.match = nil, 0
	if term == "" {
		return m.relayout()
	}
	re, err := regexp.Compile("(?i)" + regexp.QuoteMeta(term))
	if err != nil {
		m.errorMsg = err.Error()
		return m
	}
	for _, loc := range re.FindAllStringIndex(d.doc.Text, -1) {
		d.matches = append(d.matches, [2]int{loc[0], loc[1]})
	}
	m = m.relayout()
	if len(d.matches) == 0 {
		m.errorMsg = fmt.Sprintf("%q not found", term)
		return m
	}
	m.status = fmt.Sprintf("%d match(es) for %q: n next, N previous", len(d.matches), term)
	return m.showMatch()
}

func (m Model) stepMatch(delta int) Model {
	d := &m.detail
	if len(d.matches) == 0 {
		m.status = "no search: press / to search the text"
		return m
	}
	d.match = (d.match + delta + len(d.matches)) % len(d.matches)
	m.status = fmt.Sprintf("match %d of %d", d.match+1, len(d.matches))
	return m.showMatch()
}

func (m Model) showMatch() Model {
	d := &m.detail
	g := m.detailLayout()
	line := d.text.lineOf(d.matches[d.match][0])
	d.textTop = clampInt(line-g.textH/3, 0, max(0, len(d.text.lines)-g.textH))
	d.focus = paneText
	return m
}

// wheel scrolls the pane under the pointer.
func (d detailState) wheel(x, y, delta int, g detailGeometry) detailState {
	overFacts := (!g.stacked && x >= g.factsX) || (g.stacked && y >= g.factsTopY)
	if overFacts {
		rows := d.factRow(len(d.items)-1) + 1
		d.factsTop = clampInt(d.factsTop+delta, 0, max(0, rows-g.factsH))
		return d
	}
	d.textTop = clampInt(d.textTop+delta, 0, max(0, len(d.text.lines)-g.textH))
	return d
}

// classes marks each span of the text for styling, later spans over
// earlier ones: boilerplate, fact kinds, the selected fact, search
// matches. The raw view marks nothing.
func (d detailState) classes(plain bool) []span {
	if d.raw || d.doc == nil {
		return nil
	}
	var out []span
	for _, b := range d.doc.Boilerplate {
		out = append(out, span{b.Start, b.End, classBoilerplate})
	}
	// Cue words of the deal type go under names they overlap.
	for _, deal := range []bool{true, false} {
		for _, f := range d.doc.Facts {
			if (f.Kind == extract.FactDeal) == deal {
				out = append(out, span{f.Start, f.End, kindClass(f.Kind)})
			}
		}
	}
	if len(d.items) > 0 {
		for _, s := range d.items[d.cursor].spans {
			out = append(out, span{s[0], s[1], classSelected})
		}
	}
	for _, s := range d.matches {
		out = append(out, span{s[0], s[1], classSearch})
	}
	return out
}

func (m Model) viewDetail() string {
	d := m.detail
	g := m.detailLayout()
	var b strings.Builder
	b.WriteString(m.st.title.Render(truncate(d.doc.Title, m.width)))
	b.WriteByte('\n')
	meta := fmt.Sprintf("%s · %s (%.2f) · %s · %s · %d/%d", d.doc.ID, orDash(d.doc.Language), d.doc.LanguageConfidence, orDash(d.doc.Date), orDash(d.doc.DealType), d.pos+1, len(m.shown))
	if d.raw {
		meta += " · raw"
	}
	if len(d.doc.Warnings) > 0 {
		meta += " · ⚠ " + strings.Join(d.doc.Warnings, "; ")
	}
	b.WriteString(m.st.dim.Render(truncate(meta, m.width)))
	b.WriteByte('\n')
	textTitle := m.paneTitle("Text", d.focus == paneText, g.textW)
	factsTitle := m.paneTitle("Facts", d.focus == paneFacts, g.factsW)
	textLines := m.renderText(g)
	factLines := m.renderFacts(g)
	if g.stacked {
		b.WriteString(textTitle + "\n")
		for _, l := range textLines {
			b.WriteString(l + "\n")
		}
		b.WriteString(factsTitle + "\n")
		for _, l := range factLines {
			b.WriteString(l + "\n")
		}
	} else {
		sep := m.st.border.Render(" │ ")
		b.WriteString(textTitle + sep + factsTitle + "\n")
		for i := range g.textH {
			b.WriteString(textLines[i] + sep + factLines[i] + "\n")
		}
	}
	if d.searching {
		in := d.search
		in.Width = max(10, m.width-10)
		b.WriteString(in.View() + "\n")
	}
	short, _ := m.keys.detailHelp()
	b.WriteString(m.statusLine(short))
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (m Model) paneTitle(name string, focused bool, w int) string {
	if focused {
		return m.st.paneTitle.Render(fit("▌"+name, w))
	}
	return m.st.dim.Render(fit(" "+name, w))
}

// renderText draws the visible lines of the text pane, each exactly textW
// cells wide.
func (m Model) renderText(g detailGeometry) []string {
	d := m.detail
	out := make([]string, g.textH)
	for i := range out {
		n := d.textTop + i
		if n >= len(d.text.lines) {
			out[i] = strings.Repeat(" ", g.textW)
			continue
		}
		out[i] = " " + d.text.render(n, m.st, g.textW-1)
	}
	return out
}

// renderFacts draws the visible rows of the facts pane.
func (m Model) renderFacts(g detailGeometry) []string {
	d := m.detail
	var rows []string
	prev := ""
	for i, it := range d.items {
		if it.kind != prev {
			prev = it.kind
			rows = append(rows, m.st.heading.Render(fit(headingOf(it.kind), g.factsW)))
		}
		label := it.label
		if n := len(it.spans); n > 1 {
			label += fmt.Sprintf(" ×%d", n)
		}
		switch {
		case i == d.cursor && d.focus == paneFacts:
			rows = append(rows, m.st.cursorMark.Render("▸ ")+m.st.selected.Render(fit(label, g.factsW-2)))
		case i == d.cursor:
			rows = append(rows, m.st.cursorMark.Render("› ")+m.st.kind[it.kind].Render(fit(label, g.factsW-2)))
		default:
			rows = append(rows, "  "+m.st.kind[it.kind].Render(fit(label, g.factsW-2)))
		}
	}
	if len(d.items) == 0 {
		rows = append(rows, fit(" No facts found in this article.", g.factsW))
	}
	out := make([]string, g.factsH)
	for i := range out {
		if n := d.factsTop + i; n < len(rows) {
			out[i] = rows[n]
		} else {
			out[i] = strings.Repeat(" ", g.factsW)
		}
	}
	return out
}

func headingOf(kind string) string {
	for _, k := range kindOrder {
		if k.kind == kind {
			return k.heading
		}
	}
	return kind
}
