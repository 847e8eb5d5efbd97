package ui

import (
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
)

// cellWidth measures runes as terminals draw them: CJK two cells,
// combining marks none. East Asian ambiguous runes count one, whatever the
// locale, so layout does not depend on the environment.
var cellWidth = &runewidth.Condition{EastAsianWidth: false}

// width returns the display width of s in cells.
func width(s string) int {
	w := 0
	for _, r := range s {
		w += cellWidth.RuneWidth(r)
	}
	return w
}

// printable replaces control characters, so that names coming from files
// (ids, paths) cannot drive the terminal. Article text is already clean.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case r < 0x20:
			return 0x2400 + r
		case unicode.IsControl(r) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return '\ufffd'
		}
		return r
	}, s)
}

// truncate cuts s to at most w cells, ending with "…" when cut.
func truncate(s string, w int) string {
	s = printable(s)
	if width(s) <= w {
		return s
	}
	if w <= 0 {
		return ""
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		rw := cellWidth.RuneWidth(r)
		if used+rw > w-1 {
			break
		}
		b.WriteRune(r)
		used += rw
	}
	b.WriteString("…")
	return b.String()
}

// pad fills s with spaces to w cells (s must not be wider).
func pad(s string, w int) string {
	if n := w - width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// fit truncates or pads s to exactly w cells.
func fit(s string, w int) string { return pad(truncate(s, w), w) }
