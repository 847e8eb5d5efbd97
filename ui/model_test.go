package ui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/dealscope/dealscope/internal/corpus"
)

var (
	seedDocsOnce sync.Once
	seedDocs     []*corpus.Doc
)

func loadSeeds(t testing.TB) []*corpus.Doc {
	t.Helper()
	seedDocsOnce.Do(func() {
		p, err := corpus.NewPipeline()
		if err != nil {
			t.Fatal(err)
		}
		seedDocs, _ = p.LoadSeeds(context.Background())
	})
	return seedDocs
}

// renderer gives every test the same colours, whatever the terminal.
func renderer(p termenv.Profile) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(true)
	return r
}

func newModel(t testing.TB, opts Options) Model {
	t.Helper()
	if opts.Index == nil {
		opts.Index = corpus.NewIndex(loadSeeds(t)...)
	}
	if opts.Renderer == nil {
		opts.Renderer = renderer(termenv.Ascii)
	}
	opts.Now = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	return New(opts)
}

// keys turns a script into key messages: plain text is typed, and words in
// angle brackets are named keys ("<enter>", "<tab>", "<esc>", "<down>").
func keys(script string) []tea.Msg {
	named := map[string]tea.KeyType{"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEsc, "down": tea.KeyDown, "up": tea.KeyUp, "ctrl+d": tea.KeyCtrlD}
	var out []tea.Msg
	for len(script) > 0 {
		if strings.HasPrefix(script, "<") {
			end := strings.Index(script, ">")
			out = append(out, tea.KeyMsg{Type: named[script[1:end]]})
			script = script[end+1:]
			continue
		}
		r := []rune(script)[0]
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		script = script[len(string(r)):]
	}
	return out
}

// run plays a script through a real Bubble Tea program at a terminal size
// and returns the final model.
func run(t *testing.T, m Model, w, h int, script string) Model {
	t.Helper()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	for _, msg := range keys(script) {
		tm.Send(msg)
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
}

func TestGoldenFrames(t *testing.T) {
	tests := []struct {
		name   string
		w, h   int
		script string
		opts   Options
	}{
		{"list_80x24", 80, 24, "", Options{}},
		{"list_120x40", 120, 40, "", Options{}},
		{"filter_lang_vi_80x24", 80, 24, "/lang:vi<enter>", Options{}},
		{"filter_negated_120x40", 120, 40, "/-lang:vi<enter>", Options{}},
		{"filter_or_120x40", 120, 40, "/lang:de lang:nl<enter>", Options{}},
		{"filter_typing_80x24", 80, 24, "/partner:", Options{}},
		{"filter_completion_80x24", 80, 24, "/lang:<tab>", Options{}},
		{"bad_query_80x24", 80, 24, "/lang:vi<enter>/color:red<enter>", Options{}},
		{"detail_fact_selected_120x40", 120, 40, "/lang:vi<enter><enter>jjjjjj", Options{}},
		{"detail_stacked_80x24", 80, 24, "<enter>jj", Options{}},
		{"detail_raw_120x40", 120, 40, "<enter>o", Options{}},
		{"detail_search_120x40", 120, 40, "<enter>/Azure<enter>n", Options{}},
		{"help_80x24", 80, 24, "?", Options{}},
		{"help_detail_120x40", 120, 40, "<enter>?", Options{}},
		{"picker_lang_80x24", 80, 24, "Ljj", Options{}},
		{"picker_applied_80x24", 80, 24, "T<enter>", Options{}},
		{"stats_120x40", 120, 40, "v", Options{}},
		{"sorted_by_language_80x24", 80, 24, "s", Options{}},
		{"too_small_30x10", 30, 10, "", Options{}},
		{"start_filter_80x24", 80, 24, "", Options{Filter: "partner:foxconn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := run(t, newModel(t, tt.opts), tt.w, tt.h, tt.script)
			frame := m.View()
			golden.RequireEqual(t, []byte(frame))
			for i, line := range strings.Split(frame, "\n") {
				if w := lipgloss.Width(line); w > tt.w {
					t.Errorf("line %d is %d cells wide, wider than %d: %q", i, w, tt.w, line)
				}
			}
			if n := strings.Count(frame, "\n") + 1; n > tt.h {
				t.Errorf("frame has %d lines, taller than %d", n, tt.h)
			}
		})
	}
}

func TestColourFrameHighlightsEvidence(t *testing.T) {
	m := run(t, newModel(t, Options{Renderer: renderer(termenv.ANSI256)}), 120, 40, "/lang:vi<enter><enter>jjjjjj")
	golden.RequireEqualEscape(t, []byte(m.View()), true)
	d := m.detail
	if d.items[d.cursor].kind != "money" || !strings.Contains(d.items[d.cursor].label, "10 tỷ USD") {
		t.Fatalf("selected fact %+v, want the money", d.items[d.cursor])
	}
	if !strings.Contains(m.View(), "\x1b[") {
		t.Errorf("no colour in a 256-colour frame")
	}
}

func TestFilterKeepsAcrossDetail(t *testing.T) {
	m := run(t, newModel(t, Options{}), 120, 40, "/lang:vi lang:fr<enter><enter>]<esc>")
	if m.mode != modeList || m.queryStr != "lang:vi lang:fr" || len(m.shown) != 2 {
		t.Fatalf("mode %v query %q shown %d", m.mode, m.queryStr, len(m.shown))
	}
	if got := m.ix.Doc(m.shown[m.list.cursor]).ID; got != m.detail.doc.ID {
		t.Errorf("cursor on %s after leaving %s", got, m.detail.doc.ID)
	}
}

func TestBadQueryKeepsLastResult(t *testing.T) {
	m := newModel(t, Options{Filter: "lang:vi"}).applyQuery("lang:vi year:20x")
	if len(m.shown) != 1 || m.queryStr != "lang:vi" || !strings.Contains(m.errorMsg, "not a year") {
		t.Errorf("shown %d, query %q, error %q", len(m.shown), m.queryStr, m.errorMsg)
	}
	// Typed live, every good prefix of the query filters as it comes.
	m = run(t, newModel(t, Options{}), 80, 24, "/lang:vi year:20x<enter>")
	if m.queryStr != "lang:vi year" || !strings.Contains(m.errorMsg, "not a year") {
		t.Errorf("live: query %q, error %q", m.queryStr, m.errorMsg)
	}
}

func TestResizeAndMouse(t *testing.T) {
	m := newModel(t, Options{})
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 30, Height: 8})
	if !strings.Contains(tm.View(), "too small") {
		t.Errorf("30×8 frame: %q", tm.View())
	}
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	tm, _ = tm.Update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if got := tm.(Model).list.cursor; got != 3 {
		t.Errorf("wheel down: cursor %d, want 3 (last)", got)
	}
	tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	tm, _ = tm.Update(tea.MouseMsg{X: 10, Y: 10, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if got := tm.(Model).detail.textTop; got != 3 {
		t.Errorf("wheel over text: top %d, want 3", got)
	}
}

func TestLoadingMessages(t *testing.T) {
	m := newModel(t, Options{Index: corpus.NewIndex(), Loading: true})
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(tm.View(), "Loading articles") {
		t.Errorf("empty loading frame: %q", tm.View())
	}
	docs := loadSeeds(t)
	tm, _ = tm.Update(DocsMsg{Docs: docs[:2]})
	tm, _ = tm.Update(ProgressMsg{Progress: corpus.Progress{Done: 2, Total: 4, Bytes: 5000}})
	if v := tm.View(); !strings.Contains(v, "2/4 files") || !strings.Contains(v, "2/2") {
		t.Errorf("loading frame: %q", v)
	}
	tm, _ = tm.Update(DocsMsg{Docs: docs[2:]})
	if c := tm.(Model).list.cursor; c != 0 {
		t.Errorf("cursor on row %d after more articles arrived; nobody moved it", c)
	}
	tm, _ = tm.Update(LoadDoneMsg{})
	if v := tm.View(); strings.Contains(v, "files") || !strings.Contains(v, "4/4") {
		t.Errorf("loaded frame: %q", v)
	}
}

func TestEscapeSequencesNeverReachTheTerminal(t *testing.T) {
	p, err := corpus.NewPipeline()
	if err != nil {
		t.Fatal(err)
	}
	d, err := p.Process("evil\x1b[2J.txt", []byte("Title \x1b]0;pwned\x07\n\nMicrosoft \x1b]52;c;ZXZpbA==\x07 signs with Contoso \x1b[31mBank\x1b[0m. \u202eevil"))
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(t, Options{Index: corpus.NewIndex(d)})
	for _, script := range []string{"", "<enter>", "<enter>o"} {
		frame := run(t, m, 100, 30, script).View()
		if strings.ContainsAny(frame, "\x1b\x07\u202e") {
			t.Errorf("script %q: control characters in frame %q", script, frame)
		}
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	m := run(t, newModel(t, Options{ExportDir: dir}), 80, 24, "/lang:vi<enter>ej")
	_ = m
	deadline := time.Now().Add(3 * time.Second)
	var files []string
	for time.Now().Before(deadline) {
		files, _ = filepath.Glob(filepath.Join(dir, "dealscope-*.json"))
		if len(files) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(files) != 1 {
		t.Fatalf("exported files %v", files)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil || !strings.Contains(string(raw), `"language": "vi"`) || strings.Contains(string(raw), `"language": "de"`) {
		t.Errorf("export holds the wrong articles: %v", err)
	}
	// A second export in the same second must not overwrite the first.
	path, err := writeExport(dir, strings.TrimSuffix(filepath.Base(files[0]), ".json"), "csv", loadSeeds(t))
	if err != nil || path == files[0] {
		t.Errorf("second export %q %v", path, err)
	}
	if p2, err := writeExport(dir, strings.TrimSuffix(filepath.Base(files[0]), ".json"), "json", loadSeeds(t)); err != nil || p2 == files[0] {
		t.Errorf("same name exported over: %q %v", p2, err)
	}
	if m := run(t, newModel(t, Options{}), 80, 24, "e"); !strings.Contains(m.status, "export is off") {
		t.Errorf("export without a folder: status %q", m.status)
	}
}

func TestRunesArrivingTogether(t *testing.T) {
	var tm tea.Model = newModel(t, Options{})
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/lang:vi")})
	tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	m := tm.(Model)
	if m.mode != modeList || m.queryStr != "lang:vi" || len(m.shown) != 1 {
		t.Errorf("mode %v query %q shown %d", m.mode, m.queryStr, len(m.shown))
	}
}

func TestResizeInDetailRewraps(t *testing.T) {
	var tm tea.Model = newModel(t, Options{})
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	for _, size := range [][2]int{{80, 24}, {60, 20}, {140, 50}} {
		tm, _ = tm.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for i, line := range strings.Split(tm.View(), "\n") {
			if w := lipgloss.Width(line); w > size[0] {
				t.Fatalf("%dx%d: line %d is %d cells wide", size[0], size[1], i, w)
			}
		}
	}
}

func TestCompactDocumentsReloadForDetail(t *testing.T) {
	full := loadSeeds(t)
	ix := corpus.NewIndex()
	ix.DropText()
	ix.Add(full...)
	bySource := map[string]*corpus.Doc{}
	for _, d := range full {
		bySource[d.Source] = d
	}
	var tm tea.Model = newModel(t, Options{Index: ix, Reload: func(source string) (*corpus.Doc, error) { return bySource[source], nil }})
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if !ix.Doc(0).IsCompact() {
		t.Fatal("index kept the text")
	}
	tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd == nil || !strings.Contains(tm.View(), "reading seeds/") {
		t.Fatalf("no reload started: %q", tm.View())
	}
	tm, _ = tm.Update(cmd())
	if v := tm.View(); !strings.Contains(v, "Foxconn ist der weltgrößte") || !strings.Contains(v, "Microsoft ×") {
		t.Errorf("detail after reload lacks text or facts:\n%s", v)
	}
}
