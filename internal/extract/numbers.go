package extract

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealscope/dealscope/internal/article"
)

// Money is an amount of money found in the text.
type Money struct {
	Text     string  `json:"text"`
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
	Start    int     `json:"start"`
	End      int     `json:"end"`
}

// Quantity is a counted amount of something: employees, vehicles, percent.
type Quantity struct {
	Text      string  `json:"text"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Qualifier string  `json:"qualifier,omitempty"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
}

// word is a lexicon entry matched on raw text, with what it stands for.
type word struct {
	text  string // lower case
	value string
	num   float64
	stem  bool // "şirket*": any word starting so (şirkete, şirketin)
}

// wordList matches the longest of its words at a position of the text.
// Its words are grouped by their first and by their last letter, case
// folded, so that a lookup compares only the few words that could match.
type wordList struct {
	byFirst map[rune][]word
	byLast  map[rune][]word
}

// newWordList indexes words, longest first within each group so that the
// longest match wins, and the rest in order for determinism.
func newWordList(words []word) wordList {
	sort.Slice(words, func(i, j int) bool {
		if len(words[i].text) != len(words[j].text) {
			return len(words[i].text) > len(words[j].text)
		}
		return words[i].text < words[j].text
	})
	wl := wordList{byFirst: map[rune][]word{}, byLast: map[rune][]word{}}
	for _, w := range words {
		if w.text == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(w.text)
		last, _ := utf8.DecodeLastRuneInString(w.text)
		wl.byFirst[foldKey(first)] = append(wl.byFirst[foldKey(first)], w)
		wl.byLast[foldKey(last)] = append(wl.byLast[foldKey(last)], w)
	}
	return wl
}

// foldKey names the case-folding class of r by its smallest member, so
// that runes strings.EqualFold takes as equal share a key.
func foldKey(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	k := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		k = min(k, f)
	}
	return k
}

// at returns the longest word of the list that starts text[i:], with a
// word boundary after it unless the word or what follows is CJK.
func (wl wordList) at(text string, i int) (word, bool) {
	rest := text[i:]
	first, _ := utf8.DecodeRuneInString(rest)
	for _, w := range wl.byFirst[foldKey(first)] {
		if len(rest) < len(w.text) || !strings.EqualFold(rest[:len(w.text)], w.text) {
			continue
		}
		if w.stem {
			end := i + len(w.text)
			for end < len(text) {
				r, size := utf8.DecodeRuneInString(text[end:])
				if !unicode.IsLetter(r) {
					break
				}
				end += size
			}
			w.text = text[i:end]
			return w, true
		}
		if !boundaryAfter(text, i+len(w.text), w.text) {
			continue
		}
		return w, true
	}
	return word{}, false
}

// before returns the longest word of the list that ends at text[:i].
func (wl wordList) before(text string, i int) (word, bool) {
	head := text[:i]
	last, _ := utf8.DecodeLastRuneInString(head)
	for _, w := range wl.byLast[foldKey(last)] {
		if len(head) < len(w.text) || !strings.EqualFold(head[len(head)-len(w.text):], w.text) {
			continue
		}
		start := i - len(w.text)
		if start > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:start])
			first, _ := utf8.DecodeRuneInString(w.text)
			if isWordRune(prev) && isWordRune(first) && !isCJK(first) {
				continue
			}
		}
		return w, true
	}
	return word{}, false
}

func boundaryAfter(text string, end int, w string) bool {
	if end >= len(text) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[end:])
	last, _ := utf8.DecodeLastRuneInString(w)
	if isCJK(last) || isCJK(next) || isHangul(last) {
		return true
	}
	return !isWordRune(last) || !isWordRune(next)
}

// ParseNumber reads a number written with digits and separators. A single
// separator followed by exactly three digits groups thousands ("1,705",
// "2.500"); otherwise a comma is decimal in languages that write it so
// ("10,7"). It reports false for anything that is not a number.
func ParseNumber(s string, decimalComma bool) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		if v, ok := digitValue(r); ok {
			return '0' + v
		}
		switch {
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\'' || r == '٬':
			return -1
		case r == '，':
			return ','
		case r == '．' || r == '٫':
			return '.'
		}
		return r
	}, s)
	if s == "" || !isASCIIDigit(s[0]) || !isASCIIDigit(s[len(s)-1]) {
		return 0, false
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	var decimalSep byte
	switch {
	case dots > 0 && commas > 0:
		decimalSep = s[strings.LastIndexAny(s, ".,")]
	case dots+commas == 1:
		sep := byte('.')
		if commas == 1 {
			sep = ','
		}
		after := len(s) - strings.IndexByte(s, sep) - 1
		if after != 3 {
			decimalSep = sep
		} else if (sep == ',') == decimalComma && len(s) > 8 {
			decimalSep = sep
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isASCIIDigit(c):
			b.WriteByte(c)
		case c == decimalSep:
			b.WriteByte('.')
		case c == '.' || c == ',':
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigitRune(r rune) bool { _, ok := digitValue(r); return ok }

// digitValue reads a decimal digit in ASCII, full width, Arabic-Indic or
// Persian form.
func digitValue(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9':
		return r - '0', true
	case r >= '０' && r <= '９':
		return r - '０', true
	case r >= '٠' && r <= '٩':
		return r - '٠', true
	case r >= '۰' && r <= '۹':
		return r - '۰', true
	}
	return 0, false
}

// asciiDigits rewrites every digit of s in ASCII.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if v, ok := digitValue(r); ok {
			return '0' + v
		}
		return r
	}, s)
}

// scanNumberEnd returns the end of the number that starts at i: digits with
// grouping and decimal separators, ending on a digit.
func scanNumberEnd(text string, i, limit int) int {
	end := i
	for j := i; j < limit; {
		r, size := utf8.DecodeRuneInString(text[j:])
		switch {
		case isDigitRune(r):
			j += size
			end = j
		case r == '.' || r == ',' || r == '，' || r == '．' || r == '٫' || r == '٬' || r == '\u00a0' || r == '\u202f' || (r == ' ' && j+4 <= limit && allDigits(text[j+1:min(limit, j+4)]) && (j+4 == limit || !isASCIIDigit(text[j+4]))):
			if j+size < limit {
				if n, _ := utf8.DecodeRuneInString(text[j+size:]); isDigitRune(n) {
					j += size
					continue
				}
			}
			return end
		default:
			return end
		}
	}
	return end
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// numberFinder finds money and quantities in one article.
type numberFinder struct {
	text  string
	rules *langRules
	money []Money
	qty   []Quantity
}

func skipSpaces(text string, i, limit int) int {
	for i < limit && (text[i] == ' ' || strings.HasPrefix(text[i:], "\u00a0")) {
		if text[i] == ' ' {
			i++
		} else {
			i += 2
		}
	}
	return i
}

// scan reads every number in the span.
func (f *numberFinder) scan(sp article.Span) {
	text := f.text
	for i := sp.Start; i < sp.End; {
		if c := text[i]; c < utf8.RuneSelf && (c < '0' || c > '9') {
			i++ // ASCII other than a digit, most of the text: no decoding
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isDigitRune(r) && (i == sp.Start || !isLetterBefore(text, i)) {
			end := scanNumberEnd(text, i, sp.End)
			v, ok := ParseNumber(text[i:end], f.rules.decimalComma)
			if ok {
				i = f.read(i, end, v, sp)
				continue
			}
			i = end
			continue
		}
		i += size
	}
}

// scanWords reads numbers written as words before a scale word: "einer
// Million", "one billion".
func (f *numberFinder) scanWords(toks []token, content []article.Span) {
	for _, t := range toks {
		if !f.rules.monthOrNumberWords.mayHaveHash(t.hash) {
			continue
		}
		v, ok := f.rules.numberWords[t.lower]
		if !ok {
			continue
		}
		sp := content[t.sentence]
		if _, ok := f.rules.scaleList.at(f.text, skipSpaces(f.text, t.end, sp.End)); ok {
			f.read(t.start, t.end, v, sp)
		}
	}
}

func isLetterBefore(text string, i int) bool {
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsLetter(prev) && !isCJK(prev) && !isHangul(prev)
}

// read looks around the number text[start:end] for a scale, a currency, a
// unit and a qualifier, and records what it finds. It returns where
// scanning goes on.
func (f *numberFinder) read(start, end int, v float64, sp article.Span) int {
	text, r := f.text, f.rules
	spanStart, pos := start, end

	// Currency or percent word written before the number: "$2.5bn", "Rp 10", "yüzde 51".
	currency := ""
	if w, ok := r.symbolList.before(text, skipSpacesBack(text, start, sp.Start)); ok {
		currency = w.value
		spanStart = skipSpacesBack(text, start, sp.Start) - len(w.text)
	}
	percentBefore := false
	if currency == "" {
		if w, ok := r.percentList.before(text, skipSpacesBack(text, start, sp.Start)); ok {
			percentBefore = true
			spanStart = skipSpacesBack(text, start, sp.Start) - len(w.text)
		}
	}

	// Scale words: "10 tỷ", "5 miljoen", "mil millones", "2.5bn".
	scale := 1.0
	for k := 0; k < 2; k++ {
		p := skipSpaces(text, pos, sp.End)
		w, ok := r.scaleList.at(text, p)
		if !ok {
			break
		}
		scale *= w.num
		pos = p + len(w.text)
		if pos < sp.End && text[pos] == '.' && len(w.text) <= 3 && pos+1 < sp.End {
			pos++ // "Mio.", "Mrd." inside a sentence
		}
	}
	value := v * scale

	switch {
	case percentBefore:
		f.addQty(spanStart, end, value, "percent")
		return end
	case currency == "":
		p := skipSpaces(text, pos, sp.End)
		if w, ok := r.percentList.at(text, p); ok {
			f.addQty(spanStart, p+len(w.text), value, "percent")
			return p + len(w.text)
		}
		if w, ok := r.currencyList.at(text, p); ok {
			currency, pos = w.value, p+len(w.text)
		} else if w, ok := r.connectorList.at(text, p); ok {
			q := skipSpaces(text, p+len(w.text), sp.End)
			if c, ok := r.currencyList.at(text, q); ok {
				currency, pos = c.value, q+len(c.text)
			}
		}
	}
	if currency != "" {
		f.money = append(f.money, Money{Text: text[spanStart:pos], Amount: value, Currency: currency, Start: spanStart, End: pos})
		return pos
	}
	// A unit after at most two other words: "ruim 5 miljoen nieuwe voertuigen".
	p := pos
	for range 3 {
		p = skipSpaces(text, p, sp.End)
		if w, ok := r.unitList.at(text, p); ok {
			f.addQty(spanStart, p+len(w.text), value, w.value)
			return p + len(w.text)
		}
		next := skipWord(text, p, sp.End)
		if next == p || r.noSpace {
			break
		}
		p = next
	}
	return pos
}

// skipWord moves past one word made of letters only.
func skipWord(text string, i, limit int) int {
	j := i
	for j < limit {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) && r != '-' {
			break
		}
		j += size
	}
	return j
}

func skipSpacesBack(text string, i, limit int) int {
	for i > limit && text[i-1] == ' ' {
		i--
	}
	return i
}

func (f *numberFinder) addQty(start, end int, value float64, unit string) {
	q := Quantity{Value: value, Unit: unit, Start: start, End: end}
	if w, ok := f.rules.qualifierList.before(f.text, skipSpacesBack(f.text, start, 0)); ok {
		q.Qualifier = w.value
		q.Start = skipSpacesBack(f.text, start, 0) - len(w.text)
	}
	q.Text = f.text[q.Start:q.End]
	f.qty = append(f.qty, q)
}
