// Package ui is dealscope's explorer: a Bubble Tea program with a
// filterable list of articles, a detail view of an article's text beside
// its facts, quick facet pickers, stats, and help.
//
// Each view lives in a file of its own (list.go, filter.go, picker.go,
// detail.go, stats.go, help.go, loading.go); the query language and the
// index behind it are in internal/corpus.
package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/dealscope/dealscope/internal/corpus"
)

// Smallest terminal the explorer draws in; below it a notice says so.
const (
	minWidth  = 40
	minHeight = 12
)

// Options configure an explorer.
type Options struct {
	// Index holds the articles. While Loading, DocsMsg adds more.
	Index *corpus.Index
	// Renderer renders the styles: one per terminal (per SSH session).
	Renderer *lipgloss.Renderer
	// Theme is "dark", "light" or "" to detect the background.
	Theme string
	// Filter is a query applied at start.
	Filter string
	// Loading says articles are still arriving (DocsMsg, ProgressMsg, LoadDoneMsg).
	Loading bool
	// ExportDir, when set, enables `e` to write the filtered articles there.
	ExportDir string
	// Clipboard, when set, copies text to the user's clipboard (OSC 52).
	Clipboard func(string) error
	// Now tells the time; tests fix it.
	Now func() time.Time
	// Reload reads an article again by its source, for the detail view of
	// compact documents (see corpus.Index.DropText).
	Reload func(source string) (*corpus.Doc, error)
	// SaveIndex, when set, is run in a command once loading ends, to keep
	// a snapshot of the finished index; nothing changes the index after.
	SaveIndex func(*corpus.Index) error
}

// DocsMsg brings more articles while loading.
type DocsMsg struct{ Docs []*corpus.Doc }

// ProgressMsg reports how far loading has come.
type ProgressMsg struct{ corpus.Progress }

// LoadDoneMsg ends loading, with the files that could not be read.
type LoadDoneMsg struct{ Problems []error }

// IndexMsg brings a whole index at once (a corpus reopened from its
// snapshot); it replaces the one being filled.
type IndexMsg struct{ Index *corpus.Index }

type snapshotSavedMsg struct{ err error }

type mode int

const (
	modeList mode = iota
	modeFilter
	modePicker
	modeDetail
	modeHelp
	modeStats
	modeExport
)

// Model is the explorer. Create it with New.
type Model struct {
	opts   Options
	keys   keyMap
	st     styles
	ix     *corpus.Index
	width  int
	height int
	mode   mode
	prev   mode // the view help or stats return to

	query    corpus.Query
	queryStr string
	shown    []int
	sort     corpus.SortKey
	list     listState
	filter   filterState
	picker   pickerState
	detail   detailState
	load     loadState
	status   string
	errorMsg string
	restored bool // the index came whole from a snapshot: nothing to save
}

// New makes an explorer.
func New(opts Options) Model {
	if opts.Index == nil {
		opts.Index = corpus.NewIndex()
	}
	if opts.Renderer == nil {
		opts.Renderer = lipgloss.DefaultRenderer()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := Model{
		opts:   opts,
		keys:   defaultKeys(),
		st:     newStyles(opts.Renderer, opts.Theme),
		ix:     opts.Index,
		width:  80,
		height: 24,
		filter: newFilterState(),
		load:   newLoadState(opts.Loading, opts.Now()),
	}
	m.detail = newDetailState()
	if opts.Filter != "" {
		m.filter.input.SetValue(opts.Filter)
		m = m.applyQuery(opts.Filter)
	} else {
		m = m.refresh()
	}
	return m
}

// Init starts nothing: loading is driven from outside with messages.
func (m Model) Init() tea.Cmd { return nil }

// Update handles a message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.list.clamp(len(m.shown), m.listHeight())
		if m.detail.doc != nil {
			// The text is wrapped for a width: wrap it again for this one.
			m = m.relayout()
		}
		return m, nil
	case DocsMsg:
		m.ix.Add(msg.Docs...)
		return m.refresh(), nil
	case ProgressMsg:
		m.load = m.load.advance(msg.Progress, m.opts.Now())
		return m, nil
	case IndexMsg:
		m.ix, m.restored = msg.Index, true
		return m.refresh(), nil
	case LoadDoneMsg:
		m.ix.Trim()
		m.load = m.load.finish(msg.Problems)
		if len(msg.Problems) > 0 {
			m.status = fmt.Sprintf("%d file(s) could not be read; the first: %v", len(msg.Problems), msg.Problems[0])
		}
		// The other sort orders are brought up to date away from the
		// screen (saving the snapshot does it first), so that neither the
		// end of loading nor a later `s` waits for them.
		ix := m.ix
		if save := m.opts.SaveIndex; save != nil && !m.restored {
			return m, func() tea.Msg { return snapshotSavedMsg{err: save(ix)} }
		}
		return m, func() tea.Msg { ix.SortOrders(); return nil }
	case snapshotSavedMsg:
		if msg.err != nil {
			m.status = "could not keep an index snapshot: " + msg.err.Error()
		}
		return m, nil
	case reloadedMsg:
		return m.reloaded(msg), nil
	case exportedMsg:
		if msg.err != nil {
			m.errorMsg = "export failed: " + msg.err.Error()
		} else {
			m.status = fmt.Sprintf("exported %d article(s) to %s", msg.n, msg.path)
		}
		return m, nil
	case copiedMsg:
		if msg.err != nil {
			m.errorMsg = "copy failed: " + msg.err.Error()
		} else {
			m.status = "copied " + truncate(msg.text, 40)
		}
		return m, nil
	case tea.KeyMsg:
		if key.Matches(msg, m.keys.ForceQuit) {
			return m, tea.Quit
		}
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !m.typing() {
			return m.splitRunes(msg)
		}
		m.status, m.errorMsg = "", ""
		return m.updateKey(msg)
	case tea.MouseMsg:
		return m.updateMouse(msg)
	}
	return m, nil
}

// typing reports whether a text input has the keys.
func (m Model) typing() bool {
	return m.mode == modeFilter || (m.mode == modeDetail && m.detail.searching)
}

// splitRunes plays runes that arrived together (fast typing, a slow link,
// a paste) one key at a time, so that "/lang:vi" opens the filter and
// types the query into it.
func (m Model) splitRunes(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	var next tea.Model = m
	for i, r := range msg.Runes {
		model := next.(Model)
		if model.typing() {
			rest := tea.KeyMsg{Type: tea.KeyRunes, Runes: msg.Runes[i:], Paste: msg.Paste}
			var cmd tea.Cmd
			next, cmd = model.Update(rest)
			return next, tea.Batch(append(cmds, cmd)...)
		}
		var cmd tea.Cmd
		next, cmd = model.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		cmds = append(cmds, cmd)
	}
	return next, tea.Batch(cmds...)
}

func (m Model) updateKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch m.mode {
	case modeFilter:
		return m.updateFilter(msg)
	case modePicker:
		return m.updatePicker(msg)
	case modeDetail:
		return m.updateDetail(msg)
	case modeHelp, modeStats:
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m, tea.Quit
		case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Help), key.Matches(msg, m.keys.Stats):
			m.mode = m.prev
		}
		return m, nil
	case modeExport:
		return m.updateExport(msg)
	}
	return m.updateList(msg)
}

func (m Model) updateMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if msg.Action != tea.MouseActionPress {
		return m, nil
	}
	delta := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		delta = -3
	case tea.MouseButtonWheelDown:
		delta = 3
	default:
		return m, nil
	}
	switch m.mode {
	case modeList:
		m.list.move(delta, len(m.shown), m.listHeight())
	case modeDetail:
		m.detail = m.detail.wheel(msg.X, msg.Y, delta, m.detailLayout())
	}
	return m, nil
}

// applyQuery parses s and, if it is good, filters with it; a bad query
// keeps the last good result and says what is wrong.
func (m Model) applyQuery(s string) Model {
	q, err := corpus.ParseQuery(s)
	if err != nil {
		m.errorMsg = "query " + err.Error()
		return m
	}
	m.query, m.queryStr = q, strings.TrimSpace(s)
	return m.refresh()
}

// refresh recomputes the shown articles, keeping the selected one when it
// is still there.
func (m Model) refresh() Model {
	selected := -1
	if m.list.moved && m.list.cursor < len(m.shown) {
		selected = m.shown[m.list.cursor]
	}
	m.shown = m.ix.Filter(m.query, m.sort)
	m.list.cursor = 0
	for i, d := range m.shown {
		if d == selected {
			m.list.cursor = i
			break
		}
	}
	m.list.clamp(len(m.shown), m.listHeight())
	return m
}

// View renders the current view.
func (m Model) View() string {
	if m.width < minWidth || m.height < minHeight {
		return tooSmall(m.width, m.height)
	}
	var body string
	switch m.mode {
	case modeDetail:
		body = m.viewDetail()
	case modeHelp:
		body = m.viewHelp()
	case modeStats:
		body = m.viewStats()
	default:
		body = m.viewList()
	}
	return body
}

func tooSmall(w, h int) string {
	msg := fmt.Sprintf("Terminal too small (%d×%d): dealscope needs at least %d×%d. Enlarge the window.", w, h, minWidth, minHeight)
	return wrapWords(msg, max(1, w))
}

// wrapWords breaks plain text into lines of at most w cells.
func wrapWords(s string, w int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case width(line)+1+width(word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	lines = append(lines, line)
	for i, l := range lines {
		lines[i] = truncate(l, w)
	}
	return strings.Join(lines, "\n")
}

// statusLine renders the bottom line: an error, a message, or short help.
func (m Model) statusLine(short []key.Binding) string {
	switch {
	case m.errorMsg != "":
		return m.st.statusErr.Render(truncate(m.errorMsg, m.width))
	case m.status != "":
		return m.st.status.Render(truncate(m.status, m.width))
	}
	var parts []string
	for _, b := range short {
		h := b.Help()
		parts = append(parts, h.Key+" "+h.Desc)
	}
	return m.st.status.Render(truncate(strings.Join(parts, " · "), m.width))
}
