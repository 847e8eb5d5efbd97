package main

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/dealscope/dealscope/internal/corpus"
	"github.com/dealscope/dealscope/ui"
)

// TestMailbox follows loading's hand-over to the program: progress every
// time, documents once a batch is due, batches spaced out as the list
// grows, and everything left at the end.
func TestMailbox(t *testing.T) {
	var box mailbox
	var got []tea.Msg
	send := func(m tea.Msg) { got = append(got, m) }
	docs := func(n int) {
		for range n {
			box.add(&corpus.Doc{})
		}
	}
	t0 := time.Unix(1e9, 0)
	box.forward(send, t0, false)
	if len(got) != 0 {
		t.Fatalf("before any file: sent %v", got)
	}
	for _, step := range []struct {
		name     string
		add      int
		at       time.Duration
		last     bool
		wantDocs int // documents in the DocsMsg sent, 0 for none
	}{
		{"first batch", 3, 0, false, 3},
		{"too soon for another", 1, 50 * time.Millisecond, false, 0},
		{"due", 1, 100 * time.Millisecond, false, 2},
		{"a large list waits longer", docsPerBatchDelay, 200 * time.Millisecond, false, docsPerBatchDelay},
		{"not yet", 5, 300 * time.Millisecond, false, 0},
		{"two intervals later", 0, 400 * time.Millisecond, false, 5},
		{"the end sends what is left", 7, 401 * time.Millisecond, true, 7},
	} {
		docs(step.add)
		box.progress(corpus.Progress{Done: 1, Total: 10})
		got = nil
		box.forward(send, t0.Add(step.at), step.last)
		n := 0
		for _, m := range got {
			if d, ok := m.(ui.DocsMsg); ok {
				n = len(d.Docs)
			}
		}
		if _, ok := got[len(got)-1].(ui.ProgressMsg); !ok || n != step.wantDocs {
			t.Errorf("%s: sent %d documents then %T, want %d and progress", step.name, n, got[len(got)-1], step.wantDocs)
		}
	}
}
