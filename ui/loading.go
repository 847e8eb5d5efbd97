package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/progress"

	"github.com/dealscope/dealscope/internal/corpus"
)

// loadState follows a corpus that is still loading.
type loadState struct {
	active   bool
	started  time.Time
	now      time.Time
	done     corpus.Progress
	bar      progress.Model
	problems int
}

func newLoadState(active bool, now time.Time) loadState {
	return loadState{active: active, started: now, now: now, bar: progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())}
}

func (l loadState) advance(p corpus.Progress, now time.Time) loadState {
	l.done, l.now = p, now
	return l
}

func (l loadState) finish(problems []error) loadState {
	l.active = false
	l.problems = len(problems)
	return l
}

// viewLoading draws one line: a bar, files done, speed and time left.
func (m Model) viewLoading() string {
	l := m.load
	p := l.done
	frac := 0.0
	if p.Total > 0 {
		frac = float64(p.Done) / float64(p.Total)
	}
	info := " " + p.Summary(l.now.Sub(l.started))
	bar := l.bar
	bar.Width = max(10, m.width-width(info)-2)
	return bar.ViewAs(frac) + truncate(info, m.width-bar.Width)
}
