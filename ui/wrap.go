package ui

import (
	"sort"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/dealscope/dealscope/internal/corpus"
)

// Text classes: how a stretch of the article is drawn. Later classes win.
const (
	classNone uint8 = iota
	classBoilerplate
	classKind     // + index in kindOrder
	classSelected = classKind + 16
	classSearch   = classSelected + 1
)

func kindClass(kind string) uint8 {
	for i, k := range kindOrder {
		if k.kind == kind {
			return classKind + uint8(i)
		}
	}
	return classNone
}

// span is a byte range of the text drawn in one class.
type span struct {
	start, end int
	class      uint8
}

// cell is one rune on screen; markers drawn for colourless terminals have
// no offset in the text.
type cell struct {
	r     rune
	off   int32
	class uint8
}

// textLayout is the article text wrapped to a width.
type textLayout struct {
	cells []cell
	lines [][2]int // cell ranges
	first []int    // byte offset of each line's first text cell
}

// layoutText wraps doc's text at word boundaries to w cells, with each
// rune's class. Without colour, the selected fact is marked »…« and other
// facts […], so that the view reads in plain text too.
func layoutText(doc *corpus.Doc, w int, spans []span, plain bool) textLayout {
	var t textLayout
	if doc == nil {
		return t
	}
	text := doc.Text
	classes := make([]uint8, len(text))
	for _, s := range spans {
		for i := max(0, s.start); i < min(len(text), s.end); i++ {
			classes[i] = s.class
		}
	}
	t.cells = make([]cell, 0, len(text)+len(spans)*2)
	prev := classNone
	for i, r := range text {
		c := classes[i]
		if plain && c != prev {
			t.cells = append(t.cells, closeMarker(prev)...)
			t.cells = append(t.cells, openMarker(c)...)
		}
		prev = c
		t.cells = append(t.cells, cell{r: r, off: int32(i), class: c})
	}
	if plain {
		t.cells = append(t.cells, closeMarker(prev)...)
	}
	t.wrap(w)
	return t
}

func openMarker(c uint8) []cell {
	switch {
	case c == classSelected:
		return []cell{{r: '»', off: -1, class: c}}
	case c >= classKind && c < classSelected:
		return []cell{{r: '[', off: -1, class: c}}
	}
	return nil
}

func closeMarker(c uint8) []cell {
	switch {
	case c == classSelected:
		return []cell{{r: '«', off: -1, class: c}}
	case c >= classKind && c < classSelected:
		return []cell{{r: ']', off: -1, class: c}}
	}
	return nil
}

// wrap breaks the cells into lines of at most w cells, at the last space
// when it can and inside a word when it must.
func (t *textLayout) wrap(w int) {
	for start := 0; start < len(t.cells); {
		used, lastSpace, i := 0, -1, start
		for ; i < len(t.cells); i++ {
			r := t.cells[i].r
			if r == '\n' {
				break
			}
			rw := cellWidth.RuneWidth(r)
			if used+rw > w && i > start {
				break
			}
			if r == ' ' {
				lastSpace = i
			}
			used += rw
		}
		switch {
		case i < len(t.cells) && t.cells[i].r == '\n':
			t.lines = append(t.lines, [2]int{start, i})
			start = i + 1
		case i < len(t.cells) && lastSpace > start:
			t.lines = append(t.lines, [2]int{start, lastSpace})
			start = lastSpace + 1
		default:
			t.lines = append(t.lines, [2]int{start, i})
			start = i
		}
	}
	t.first = make([]int, len(t.lines))
	for n, l := range t.lines {
		t.first[n] = -1
		for k := l[0]; k < l[1]; k++ {
			if t.cells[k].off >= 0 {
				t.first[n] = int(t.cells[k].off)
				break
			}
		}
		if t.first[n] < 0 && n > 0 {
			t.first[n] = t.first[n-1]
		}
	}
}

// lineOf returns the line that shows byte offset off.
func (t textLayout) lineOf(off int) int {
	n := sort.Search(len(t.first), func(i int) bool { return t.first[i] > off })
	return max(0, n-1)
}

// render draws line n, padded to w cells.
func (t textLayout) render(n int, st styles, w int) string {
	l := t.lines[n]
	var b strings.Builder
	used := 0
	for k := l[0]; k < l[1]; {
		class := t.cells[k].class
		var run strings.Builder
		for ; k < l[1] && t.cells[k].class == class; k++ {
			run.WriteRune(t.cells[k].r)
			used += cellWidth.RuneWidth(t.cells[k].r)
		}
		b.WriteString(styleOf(class, st).Render(run.String()))
	}
	if used < w {
		b.WriteString(strings.Repeat(" ", w-used))
	}
	return b.String()
}

func styleOf(class uint8, st styles) lipgloss.Style {
	switch {
	case class == classBoilerplate:
		return st.boilerplate
	case class == classSelected:
		return st.highlight
	case class == classSearch:
		return st.searchHit
	case class >= classKind && int(class-classKind) < len(kindOrder):
		return st.kind[kindOrder[class-classKind].kind]
	}
	return st.app
}
