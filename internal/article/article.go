// Package article turns the raw bytes of a news article file into normalised
// text with its structure: an optional date header, the title, paragraphs,
// sentences and the boilerplate spans that must not be mined for facts.
//
// Every offset in this package is a UTF-8 byte offset into Article.Text, the
// normalised text, so that facts found later can point at their evidence.
package article

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Span is a half-open byte range [Start, End) of Article.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the length of the span in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether the byte offset i lies inside the span.
func (s Span) Contains(i int) bool { return i >= s.Start && i < s.End }

// Boilerplate is a span of page furniture (view counters, share buttons,
// reader comments…) that is shown dimmed and never mined for facts.
type Boilerplate struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Reason string `json:"reason"`
}

// Article is one normalised article.
type Article struct {
	// ID is the file's base name without its extension.
	ID string
	// Source is the path the article was read from.
	Source string
	// Text is the normalised text every offset indexes into.
	Text string
	// Lower is Text lower-cased with every rune keeping its length, so
	// that any span of Text is the same span of Lower: the boilerplate
	// rules, the extractor and the word index read it instead of each
	// lower-casing the text again. It is empty when a rune's lower case
	// has another length (textcase.LowerAligned).
	Lower string
	// Title is the headline, or the first sentence when there is none.
	Title string
	// TitleSpan locates the title in Text.
	TitleSpan Span
	// HeaderDate is the value of a " date YYYY-MM[-DD]" header, if any.
	HeaderDate string
	// HeaderSpan locates the date value of the header in Text.
	HeaderSpan Span
	// Body is where the article proper starts: after the header.
	Body int
	// Paragraphs are the non-empty lines of the body.
	Paragraphs []Span
	// Sentences split the paragraphs, including sentences glued by
	// scraping such as "in die Cloud.Wie Microsoft".
	Sentences []Span
	// Content is the sentences, less their boilerplate: the text facts
	// are mined from and the language is told from.
	Content []Span
	// Boilerplate spans, sorted by Start and not overlapping.
	Boilerplate []Boilerplate
	// Warnings describe what was repaired while reading, such as invalid
	// UTF-8 or control characters.
	Warnings []string
}

// Errors returned by Parse for input that is not an article at all.
var (
	ErrEmpty  = errors.New("empty file: nothing to read")
	ErrBinary = errors.New("binary file: not text (it contains NUL bytes or mostly control characters)")
)

// IDFromPath returns the article id for a file path: its base name without
// the extension.
func IDFromPath(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// IsBoilerplate reports whether the byte offset i is inside boilerplate.
func (a *Article) IsBoilerplate(i int) bool {
	for _, b := range a.Boilerplate {
		if i < b.Start {
			return false
		}
		if i < b.End {
			return true
		}
	}
	return false
}

// content returns the sentences that are not boilerplate: the text facts
// are mined from.
func (a *Article) content() []Span {
	out := make([]Span, 0, len(a.Sentences))
	for _, s := range a.Sentences {
		if !a.overlapsBoilerplate(s) {
			out = append(out, s)
			continue
		}
		out = append(out, a.subtractBoilerplate(s)...)
	}
	return out
}

func (a *Article) overlapsBoilerplate(s Span) bool {
	for _, b := range a.Boilerplate {
		if b.Start < s.End && s.Start < b.End {
			return true
		}
	}
	return false
}

func (a *Article) subtractBoilerplate(s Span) []Span {
	var out []Span
	cur := s.Start
	for _, b := range a.Boilerplate {
		if b.End <= cur || b.Start >= s.End {
			continue
		}
		if b.Start > cur {
			out = append(out, trimSpan(a.Text, Span{cur, b.Start}))
		}
		cur = max(cur, b.End)
	}
	if cur < s.End {
		out = append(out, trimSpan(a.Text, Span{cur, s.End}))
	}
	kept := out[:0]
	for _, sp := range out {
		if sp.Len() > 0 {
			kept = append(kept, sp)
		}
	}
	return kept
}

func trimSpan(text string, s Span) Span {
	for s.Start < s.End && isSpace(text[s.Start]) {
		s.Start++
	}
	for s.End > s.Start && isSpace(text[s.End-1]) {
		s.End--
	}
	return s
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' }

// ParseError wraps a reason an input cannot be read as an article.
type ParseError struct {
	Source string
	Err    error
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s: %v", e.Source, e.Err) }

func (e *ParseError) Unwrap() error { return e.Err }
