package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/dealscope/dealscope/internal/corpus"
)

type exportedMsg struct {
	path string
	n    int
	err  error
}

type copiedMsg struct {
	text string
	err  error
}

func (m Model) startExport() Model {
	if m.opts.ExportDir == "" {
		m.status = "export is off here (over SSH files would land on the server)"
		return m
	}
	if len(m.shown) == 0 {
		m.status = "nothing to export: no article matches"
		return m
	}
	m.mode = modeExport
	return m
}

func (m Model) updateExport(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "j", "J":
		m.mode = modeList
		return m, m.export("json")
	case "c", "C":
		m.mode = modeList
		return m, m.export("csv")
	case "esc", "q", "n":
		m.mode = modeList
		m.status = "export cancelled"
	}
	return m, nil
}

func (m Model) viewExport() string {
	return m.st.paneTitle.Render(truncate(fmt.Sprintf("Export %d article(s) to %s as (j)son or (c)sv? esc cancels", len(m.shown), m.opts.ExportDir), m.width))
}

// export writes the shown articles in a command, atomically: a temporary
// file renamed into place under a name that does not exist yet.
func (m Model) export(format string) tea.Cmd {
	docs := make([]*corpus.Doc, len(m.shown))
	for i, d := range m.shown {
		docs[i] = m.ix.Doc(d)
	}
	dir := m.opts.ExportDir
	stamp := m.opts.Now().Format("20060102-150405")
	return func() tea.Msg {
		path, err := writeExport(dir, "dealscope-"+stamp, format, docs)
		return exportedMsg{path: path, n: len(docs), err: err}
	}
}

func writeExport(dir, base, format string, docs []*corpus.Doc) (string, error) {
	tmp, err := os.CreateTemp(dir, ".dealscope-export-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	err = corpus.Writers[format](tmp, docs)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	for i := 0; i < 1000; i++ {
		name := base + "." + format
		if i > 0 {
			name = fmt.Sprintf("%s-%d.%s", base, i, format)
		}
		path := filepath.Join(dir, name)
		// A hard link fails if the name exists: nothing is overwritten.
		if err := os.Link(tmp.Name(), path); err == nil {
			return path, nil
		} else if !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
	return "", errors.New("no free file name for the export")
}

// copyText sends text to the user's clipboard through the terminal (OSC 52),
// which reaches it over SSH too.
func (m Model) copyText(text string) tea.Cmd {
	if m.opts.Clipboard == nil {
		return func() tea.Msg { return copiedMsg{text: text, err: errors.New("no clipboard here")} }
	}
	clip := m.opts.Clipboard
	return func() tea.Msg { return copiedMsg{text: text, err: clip(text)} }
}
