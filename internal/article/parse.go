package article

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealscope/dealscope/internal/textcase"
)

//go:embed data/boilerplate.json
var boilerplateJSON []byte

// Rule modes of data/boilerplate.json.
const (
	modeInline        = "inline"         // the match itself is boilerplate
	modeLine          = "line"           // a whole line matching the pattern
	modeTail          = "tail"           // a heading line and every line after it
	modeCommentMarker = "comment-marker" // a line such as "report abuse": it and the comment above it
)

type rule struct {
	reason    string
	mode      string
	minDigits int
	needs     string // a line without any of these characters cannot match
	// nor one without one of each set of literals: the rule's lower-case
	// keywords and what its pattern requires (numbers of sets in
	// Parser.literals).
	literals []int
	re       *regexp.Regexp
}

// maxFurnitureLine is the longest line a line rule looks at: buttons,
// headings and phone numbers are short, paragraphs are not.
const maxFurnitureLine = 120

// RulesData returns the embedded boilerplate rules, so that caches of
// what was read from articles can be keyed by them.
func RulesData() []byte { return boilerplateJSON }

// Parser reads articles. It holds the compiled boilerplate rules and is safe
// for concurrent use.
type Parser struct {
	rules         []rule
	literals      *literalSets
	abbreviations map[string]bool
	inert         *nfcInert
}

// NewParser compiles the embedded boilerplate rules.
func NewParser() (*Parser, error) {
	var data struct {
		Abbreviations []string `json:"abbreviations"`
		Rules         []struct {
			Reason    string   `json:"reason"`
			Mode      string   `json:"mode"`
			Pattern   string   `json:"pattern"`
			MinDigits int      `json:"min_digits"`
			Needs     string   `json:"needs"`
			Keywords  []string `json:"keywords"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(boilerplateJSON, &data); err != nil {
		return nil, fmt.Errorf("article: boilerplate rules: %w", err)
	}
	p := &Parser{abbreviations: map[string]bool{}, literals: newLiteralSets(), inert: newNFCInert()}
	for _, a := range data.Abbreviations {
		p.abbreviations[a] = true
	}
	for _, r := range data.Rules {
		pat := r.Pattern
		if r.Mode != modeInline {
			pat = `^\s*(?:` + pat + `)\s*$`
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, fmt.Errorf("article: boilerplate rule %q: %w", r.Reason, err)
		}
		switch r.Mode {
		case modeInline, modeLine, modeTail, modeCommentMarker:
		default:
			return nil, fmt.Errorf("article: boilerplate rule %q: unknown mode %q", r.Reason, r.Mode)
		}
		p.rules = append(p.rules, rule{reason: r.Reason, mode: r.Mode, minDigits: r.MinDigits, needs: r.Needs,
			literals: p.literalSets(r.Keywords, pat), re: re})
	}
	return p, nil
}

// literalSets registers the sets of literals a line matching a rule must
// hold one of each of: its keywords, if any, and what its pattern requires.
func (p *Parser) literalSets(keywords []string, pattern string) []int {
	sets := requiredLiteralSets(pattern)
	if len(keywords) > 0 {
		sets = append(sets, keywords)
	}
	var ids []int
	for _, set := range sets {
		ids = append(ids, p.literals.add(set))
	}
	return ids
}

var headerRE = regexp.MustCompile(`^ ?date[ \t]+(\S+)[ \t]*`)
var headerValueRE = regexp.MustCompile(`^(\d{4})-(\d{2})(?:-(\d{2}))?$`)

// Parse reads one article. It returns ErrEmpty or ErrBinary (wrapped in a
// *ParseError) for input that is no article; anything else is repaired and
// reported in Article.Warnings.
func (p *Parser) Parse(source string, raw []byte) (*Article, error) {
	if looksBinary(raw) {
		return nil, &ParseError{Source: source, Err: ErrBinary}
	}
	n := normalize(raw, p.inert)
	if strings.TrimSpace(n.text) == "" {
		return nil, &ParseError{Source: source, Err: ErrEmpty}
	}
	a := &Article{ID: IDFromPath(source), Source: source, Text: n.text}
	a.Lower, _ = textcase.LowerAligned(a.Text)
	if n.invalidUTF8 > 0 {
		a.Warnings = append(a.Warnings, fmt.Sprintf("invalid UTF-8: %d byte(s) replaced with U+FFFD", n.invalidUTF8))
	}
	if n.controlChars > 0 {
		a.Warnings = append(a.Warnings, fmt.Sprintf("control characters: %d shown as placeholders", n.controlChars))
	}
	p.readHeader(a)
	a.Paragraphs = lines(a.Text, a.Body)
	p.markBoilerplate(a)
	a.Sentences = p.sentences(a)
	a.Content = a.content()
	p.readTitle(a)
	return a, nil
}

func (p *Parser) readHeader(a *Article) {
	m := headerRE.FindStringSubmatchIndex(a.Text)
	if m == nil {
		return
	}
	value := a.Text[m[2]:m[3]]
	v := headerValueRE.FindStringSubmatch(value)
	if v == nil || !validDate(v[1], v[2], v[3]) {
		a.Warnings = append(a.Warnings, fmt.Sprintf("malformed date header %q: expected YYYY-MM or YYYY-MM-DD; read as text", value))
		return
	}
	a.HeaderDate = value
	a.HeaderSpan = Span{m[2], m[3]}
	a.Body = m[1]
}

func validDate(y, m, d string) bool {
	if y < "1900" || y > "2199" || m < "01" || m > "12" {
		return false
	}
	return d == "" || (d >= "01" && d <= "31")
}

// lines returns the non-empty lines of text from offset start, trimmed.
func lines(text string, start int) []Span {
	var out []Span
	for i := start; i < len(text); {
		j := strings.IndexByte(text[i:], '\n')
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		if s := trimSpan(text, Span{i, end}); s.Len() > 0 {
			out = append(out, s)
		}
		i = end + 1
	}
	return out
}

// holdsLiterals reports whether a line whose literal sets are found holds
// the rule's literals.
func (r *rule) holdsLiterals(found []bool) bool {
	for _, set := range r.literals {
		if !found[set] {
			return false
		}
	}
	return true
}

func (p *Parser) markBoilerplate(a *Article) {
	var bp []Boilerplate
	seen := map[string]bool{}
	text := a.Text
	found := make([]bool, p.literals.n)
	for li, line := range a.Paragraphs {
		s := text[line.Start:line.End]
		if seen[s] {
			bp = append(bp, Boilerplate{line.Start, line.End, "duplicate"})
			continue
		}
		seen[s] = true
		short := len(s) <= maxFurnitureLine || (len(s) <= utf8.UTFMax*maxFurnitureLine && utf8.RuneCountInString(s) <= maxFurnitureLine)
		scanned := false
		// The rules' preconditions are read off the line when a rule
		// asks: a search for a character stops at its first, and most
		// rules ask nothing of most lines.
		digits := -1
		for ri := range p.rules {
			r := &p.rules[ri] // a rule is too large to copy for every line
			if (r.mode != modeInline && !short) || (r.needs != "" && !containsAny(s, r.needs)) {
				continue
			}
			if r.minDigits > 0 {
				if digits < 0 {
					digits = countDigits(s)
				}
				if digits < r.minDigits {
					continue
				}
			}
			if len(r.literals) > 0 {
				if !scanned {
					clear(found)
					if a.Lower != "" {
						p.literals.find(a.Lower[line.Start:line.End], found)
					} else {
						p.literals.find(strings.ToLower(s), found)
					}
					scanned = true
				}
				if !r.holdsLiterals(found) {
					continue
				}
			}
			switch r.mode {
			case modeInline:
				for _, m := range r.re.FindAllStringIndex(s, -1) {
					bp = append(bp, Boilerplate{line.Start + m[0], line.Start + strings.LastIndexFunc(s[:m[1]], notSpace) + 1, r.reason})
				}
			case modeLine:
				if r.re.MatchString(s) {
					bp = append(bp, Boilerplate{line.Start, line.End, r.reason})
				}
			case modeTail:
				if li > 0 && line.Start*10 > len(text)*4 && r.re.MatchString(s) {
					bp = append(bp, Boilerplate{line.Start, len(text), r.reason})
				}
			case modeCommentMarker:
				if li > 1 && r.re.MatchString(s) {
					prev := a.Paragraphs[li-1]
					bp = append(bp, Boilerplate{prev.Start, prev.End, "comment"}, Boilerplate{line.Start, line.End, r.reason})
				}
			}
		}
	}
	a.Boilerplate = mergeBoilerplate(bp)
}

func notSpace(r rune) bool { return !unicode.IsSpace(r) }

// containsAny is strings.ContainsAny for a few characters in a long line:
// a vectorised search for each, where ContainsAny decodes every rune of
// the line when one of them is not ASCII.
func containsAny(s, chars string) bool {
	for _, c := range chars {
		if strings.ContainsRune(s, c) {
			return true
		}
	}
	return false
}

// countDigits counts the ASCII digits of s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	return n
}

// mergeBoilerplate sorts spans and merges overlapping ones, keeping the
// reason of the earliest.
func mergeBoilerplate(bp []Boilerplate) []Boilerplate {
	if len(bp) == 0 {
		return nil
	}
	slices.SortStableFunc(bp, func(a, b Boilerplate) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(b.End, a.End)
	})
	out := []Boilerplate{bp[0]}
	for _, b := range bp[1:] {
		last := &out[len(out)-1]
		if b.Start < last.End {
			last.End = max(last.End, b.End)
			continue
		}
		out = append(out, b)
	}
	return out
}

// sentences splits each paragraph at sentence ends, including full stops
// glued to the next sentence by scraping ("Cloud.Wie").
func (p *Parser) sentences(a *Article) []Span {
	text := a.Text
	var out []Span
	for _, para := range a.Paragraphs {
		start := para.Start
		for i := para.Start; i < para.End; {
			if !mayStartTerminal(text[i]) {
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			next := i + size
			if isTerminal(r) {
				next = skipClosers(text, next, para.End)
			}
			if isTerminal(r) && p.endsSentence(text, para, start, i, next) {
				if s := trimSpan(text, Span{start, next}); s.Len() > 0 {
					out = append(out, s)
				}
				start = next
			}
			i = next
		}
		if s := trimSpan(text, Span{start, para.End}); s.Len() > 0 {
			out = append(out, s)
		}
	}
	return out
}

// skipClosers moves past closing quotes, brackets and further terminals that
// belong to the sentence just ended: `…”.` ends after the full stop.
func skipClosers(text string, i, end int) int {
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isTerminal(r) && !strings.ContainsRune(`"'”’»)]」』）`, r) {
			break
		}
		i += size
	}
	return i
}

// mayStartTerminal reports the bytes a terminal's UTF-8 encoding starts
// with, so that sentences are split without decoding every rune.
func mayStartTerminal(c byte) bool {
	switch c {
	case '.', '!', '?', 0xe3 /* 。 */, 0xef /* ！？ */, 0xd8 /* ؟ */, 0xe2 /* … */ :
		return true
	}
	return false
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '。', '！', '？', '؟', '…':
		return true
	}
	return false
}

// endsSentence decides whether the terminal at [i,next) closes a sentence.
func (p *Parser) endsSentence(text string, para Span, start, i, next int) bool {
	if next >= para.End {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	if r == '。' || r == '！' || r == '？' {
		return true
	}
	after, _ := utf8.DecodeRuneInString(text[next:])
	prev, _ := utf8.DecodeLastRuneInString(text[start:i])
	if r == '.' && unicode.IsUpper(after) {
		// glued by scraping: "Cloud.Wie", but not "U.S." or "ASP.NET"
		if !unicode.IsLower(prev) || next+1 >= para.End {
			return false
		}
		second, _ := utf8.DecodeRuneInString(text[next+utf8.RuneLen(after):])
		return unicode.IsLower(second)
	}
	if !unicode.IsSpace(after) {
		return false
	}
	if r == '.' {
		word := lastWord(text[start:i])
		if utf8.RuneCountInString(word) == 1 || p.abbreviations[strings.ToLower(word)] {
			return false
		}
		if word != "" && isDigits(word) {
			// "5. September", ordinal in German dates
			nr, _ := utf8.DecodeRuneInString(strings.TrimLeft(text[next:], " "))
			return !unicode.IsUpper(nr) || nr == 0
		}
	}
	return true
}

// lastWord returns the word s ends with. It looks at the last 32 bytes
// only: abbreviations are short, and a long line full of full stops must
// not make splitting quadratic.
func lastWord(s string) string {
	if len(s) > 32 {
		cut := len(s) - 32
		for cut < len(s) && !utf8.RuneStart(s[cut]) {
			cut++
		}
		s = s[cut:]
	}
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return s[i+1:]
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// readTitle takes the first line as the title when it reads like a headline
// (short, no final full stop); otherwise the first sentence. A headline
// repeated on the next line has already been marked as a duplicate.
func (p *Parser) readTitle(a *Article) {
	if len(a.Paragraphs) == 0 {
		return
	}
	first := a.Paragraphs[0]
	s := a.Text[first.Start:first.End]
	last, _ := utf8.DecodeLastRuneInString(s)
	if utf8.RuneCountInString(s) <= 200 && last != '.' && last != '。' && len(a.Paragraphs) > 1 {
		a.Title, a.TitleSpan = s, first
		return
	}
	for _, sent := range a.Sentences {
		if !a.IsBoilerplate(sent.Start) {
			a.TitleSpan = sent
			break
		}
	}
	if a.TitleSpan.Len() == 0 {
		a.TitleSpan = first
	}
	a.Title = a.Text[a.TitleSpan.Start:a.TitleSpan.End]
	if utf8.RuneCountInString(a.Title) > 200 {
		a.Title = truncateRunes(a.Title, 199) + "…"
	}
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
