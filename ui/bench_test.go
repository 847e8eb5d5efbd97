package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/dealscope/dealscope/internal/corpus"
	"github.com/dealscope/dealscope/internal/corpus/testcorpus"
)

// bigModel is an explorer over n synthetic articles at 120×40.
func bigModel(b *testing.B, n int) Model {
	b.Helper()
	g, err := testcorpus.New(1)
	if err != nil {
		b.Fatal(err)
	}
	p, err := corpus.NewPipeline()
	if err != nil {
		b.Fatal(err)
	}
	var base []*corpus.Doc
	for i := range 300 {
		name, raw := g.Article(i)
		d, err := p.Process(name, raw)
		if err != nil {
			b.Fatal(err)
		}
		base = append(base, d)
	}
	docs := make([]*corpus.Doc, n)
	for i := range docs {
		d := *base[i%len(base)]
		d.ID, d.Language, d.Date = testcorpus.Variant(i)
		docs[i] = &d
	}
	m := newModel(b, Options{Index: corpus.NewIndex(docs...)})
	tm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return tm.(Model)
}

// BenchmarkKeystrokeToList100k is the time from a key typed in the query
// line to the new list drawn, at 100,000 articles.
func BenchmarkKeystrokeToList100k(b *testing.B) {
	m := bigModel(b, 100_000)
	tm, _ := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	for _, r := range "lang:vi partner:volk" {
		tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	typed := tm
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// Alternate between typing a letter and deleting it, so that every
		// iteration changes the query.
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")}
		if i%2 == 1 {
			k = tea.KeyMsg{Type: tea.KeyBackspace}
		}
		typed, _ = typed.Update(k)
		_ = typed.View()
	}
}

// BenchmarkDetailFrame is rendering one frame of the detail view.
func BenchmarkDetailFrame(b *testing.B) {
	m := bigModel(b, 1000)
	tm, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	b.ResetTimer()
	for b.Loop() {
		_ = tm.View()
	}
}

// BenchmarkDetailMove is moving to the next fact: relayout, scroll, frame.
func BenchmarkDetailMove(b *testing.B) {
	m := bigModel(b, 1000)
	tm, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := tea.KeyMsg{Type: tea.KeyDown}
		if i%2 == 1 {
			k = tea.KeyMsg{Type: tea.KeyUp}
		}
		tm, _ = tm.Update(k)
		_ = tm.View()
	}
}
