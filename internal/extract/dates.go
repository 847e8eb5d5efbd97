package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dealscope/dealscope/internal/article"
)

// Date sources of the contract.
const (
	DateHeader   = "header"
	DateText     = "text"
	DateInferred = "inferred"
)

// datelineWindow is how far into the body a date still counts as the
// article's dateline rather than a date it reports on.
const datelineWindow = 400

type dateFound struct {
	y, m, d    int
	start, end int
}

func (d dateFound) String() string {
	switch {
	case d.m == 0:
		return fmt.Sprintf("%04d", d.y)
	case d.d == 0:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

func (d dateFound) after(o dateFound) bool {
	if d.y != o.y {
		return d.y > o.y
	}
	if d.m != o.m {
		return d.m > o.m
	}
	return d.d > o.d
}

// compiledDate is a date pattern ready to run.
type compiledDate struct {
	re    *regexp.Regexp
	needs []string
}

func (c compiledDate) mayMatch(s string) bool {
	for _, n := range c.needs {
		if strings.Contains(s, n) {
			return true
		}
	}
	return len(c.needs) == 0
}

// findDates returns every full or partial date written in the span, by
// pattern and then in order. Each pattern runs only around the years of
// the span (see yearWindows).
func findDates(text string, sp article.Span, patterns []compiledDate, r *langRules) []dateFound {
	var out []dateFound
	windows := yearWindows(text[sp.Start:sp.End])
	for _, p := range patterns {
		for _, w := range windows {
			out = p.find(out, text, article.Span{Start: sp.Start + w[0], End: sp.Start + w[1]}, r)
		}
	}
	return out
}

// dateReach is how far from its year a date pattern's match may reach,
// in bytes: "ngày 22 tháng 08 năm 2020" is 26 bytes before the year.
const dateReach = 64

// yearWindows returns the stretches of s within dateReach of a year
// (1900–2099 in ASCII digits, as every date pattern holds one), widened to
// word and rune boundaries so that \b reads in a stretch as in s, and
// merged where they meet.
func yearWindows(s string) [][2]int {
	var out [][2]int
	for i := 0; i+4 <= len(s); i++ {
		if !(s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') || !isASCIIDigit(s[i+2]) || !isASCIIDigit(s[i+3]) {
			continue
		}
		lo, hi := max(0, i-dateReach), min(len(s), i+4+dateReach)
		for lo > 0 && (isASCIIWord(s[lo-1]) || !utf8.RuneStart(s[lo])) {
			lo--
		}
		for hi < len(s) && (isASCIIWord(s[hi]) || !utf8.RuneStart(s[hi])) {
			hi++
		}
		if n := len(out); n > 0 && lo <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], hi)
		} else {
			out = append(out, [2]int{lo, hi})
		}
	}
	return out
}

// find appends the dates the pattern finds in the span to out.
func (p compiledDate) find(out []dateFound, text string, sp article.Span, r *langRules) []dateFound {
	s := text[sp.Start:sp.End]
	if !p.mayMatch(s) {
		return out
	}
	for _, m := range p.re.FindAllStringSubmatchIndex(s, -1) {
		d := dateFound{start: sp.Start + m[0], end: sp.Start + m[1]}
		ok := true
		for gi, name := range p.re.SubexpNames() {
			if name == "" || m[2*gi] < 0 {
				continue
			}
			v := s[m[2*gi]:m[2*gi+1]]
			switch name {
			case "y":
				d.y, _ = strconv.Atoi(v)
			case "m":
				d.m, _ = strconv.Atoi(v)
			case "d":
				d.d, _ = strconv.Atoi(v)
			case "mn":
				d.m, ok = r.months[strings.ToLower(v)]
			}
		}
		if !ok || d.m < 1 || d.m > 12 || d.d < 0 || d.d > 31 {
			continue
		}
		out = append(out, d)
	}
	return out
}

// headerDate reads the date header, YYYY-MM or YYYY-MM-DD as the parser
// checked it, and reports whether there is one.
func headerDate(a *article.Article) (dateFound, bool) {
	d := dateFound{start: a.HeaderSpan.Start, end: a.HeaderSpan.End}
	fields := strings.Split(a.HeaderDate, "-")
	if len(fields) < 2 || len(fields) > 3 {
		return d, false
	}
	for i, p := range []*int{&d.y, &d.m, &d.d}[:len(fields)] {
		n, err := strconv.Atoi(fields[i])
		if err != nil {
			return d, false
		}
		*p = n
	}
	return d, true
}

// dateOf works out the article's date: the header, else a dateline near
// the top, else the latest month named together with a year in one
// sentence (an event "du 5 au 7 septembre" of "Huawei Connect 2017"),
// else the year named most often.
func (x *Extractor) dateOf(a *article.Article, content []article.Span, toks []token, r *langRules) (dateFound, string, bool) {
	if d, ok := headerDate(a); ok {
		return d, DateHeader, true
	}
	var best dateFound
	found := false
	named := monthDates(toks, r)
	for _, sp := range a.Paragraphs {
		if sp.Start-a.Body > datelineWindow {
			break
		}
		head := sp
		head.End = min(sp.End, a.Body+datelineWindow)
		for head.End < len(a.Text) && !utf8.RuneStart(a.Text[head.End]) {
			head.End++
		}
		for _, d := range findDates(a.Text, head, x.datePatterns, r) {
			if d.d > 0 {
				return d, DateText, true
			}
		}
		for _, d := range named {
			if d.d > 0 && d.start >= sp.Start && d.end <= sp.End {
				return d, DateText, true
			}
		}
	}
	for _, d := range named {
		if !found || d.after(best) {
			best, found = d, true
		}
	}
	// Every pattern needs a year: read only the sentences that have one.
	years := map[int][]token{}
	yearCount := map[int]int{}
	for i, t := range toks {
		if y, ok := yearOf(t); ok && !futureYear(toks, i, r) {
			years[t.sentence] = append(years[t.sentence], t)
			yearCount[y]++
		}
	}
	for i, sp := range content {
		if len(years[i]) == 0 {
			continue
		}
		for _, d := range findDates(a.Text, sp, x.datePatterns, r) {
			if !found || d.after(best) {
				best, found = d, true
			}
		}
	}
	// A month named without a year nearby takes the year of its sentence.
	for _, t := range toks {
		if !r.monthOrNumberWords.mayHaveHash(t.hash) {
			continue
		}
		m, ok := r.months[t.lower]
		if !ok || len(years[t.sentence]) == 0 || r.monthNeedsUpper[t.lower] && !t.upper {
			continue
		}
		yt := years[t.sentence][len(years[t.sentence])-1]
		y, _ := yearOf(yt)
		d := dateFound{y: y, m: m, start: min(t.start, yt.start), end: max(t.end, yt.end)}
		if !found || d.after(best) {
			best, found = d, true
		}
	}
	if found {
		return best, DateInferred, true
	}
	bestYear, bestN := 0, 0
	for y, n := range yearCount {
		if n > bestN || n == bestN && y > bestYear {
			bestYear, bestN = y, n
		}
	}
	if bestN == 0 {
		return dateFound{}, "", false
	}
	for i, t := range toks {
		if y, ok := yearOf(t); ok && y == bestYear && !futureYear(toks, i, r) {
			return dateFound{y: y, start: t.start, end: t.end}, DateInferred, true
		}
	}
	return dateFound{}, "", false
}

// monthDates reads dates written with a month name: "July 22, 2025",
// "22 août 2020", "12. Mai 2021", "14 de marzo de 2023", "avril 2016".
// Short words ("de", "of") may stand between the parts.
func monthDates(toks []token, r *langRules) []dateFound {
	var out []dateFound
	for i, t := range toks {
		if !r.monthOrNumberWords.mayHaveHash(t.hash) {
			continue
		}
		m, ok := r.months[t.lower]
		if !ok || r.monthNeedsUpper[t.lower] && !t.upper {
			continue
		}
		d := dateFound{m: m, start: t.start, end: t.end}
		for k := i + 1; k < min(len(toks), i+5) && toks[k].sentence == t.sentence; k++ {
			if y, ok := yearOf(toks[k]); ok {
				d.y, d.end = y, toks[k].end
				break
			}
			if n, ok := dayOf(toks[k]); ok && d.d == 0 {
				d.d = n
				continue
			}
			if len(toks[k].lower) > 3 || toks[k].digit {
				break
			}
		}
		if d.y == 0 {
			continue
		}
		if d.d == 0 {
			for k := i - 1; k >= max(0, i-2) && toks[k].sentence == t.sentence; k-- {
				if n, ok := dayOf(toks[k]); ok {
					d.d, d.start = n, toks[k].start
					break
				}
				if len(toks[k].lower) > 3 || toks[k].digit {
					break
				}
			}
		}
		out = append(out, d)
	}
	return out
}

func dayOf(t token) (int, bool) {
	if !t.digit {
		return 0, false
	}
	digits := asciiDigits(t.text)
	if len(digits) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil && n >= 1 && n <= 31
}

func yearOf(t token) (int, bool) {
	if !t.digit { // most tokens: no digits to map
		return 0, false
	}
	digits := asciiDigits(t.text)
	if len(digits) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(digits)
	if err != nil || y < 1990 || y > 2100 {
		return 0, false
	}
	return y, true
}

// futureYear reports a year the text looks ahead to ("by 2026", "antes de
// 2026", "vanaf 2020"): a target, not when the article was written.
func futureYear(toks []token, i int, r *langRules) bool {
	for k := i - 1; k >= max(0, i-2); k-- {
		if toks[k].sentence != toks[i].sentence {
			return false
		}
		if r.futureYears[toks[k].lower] {
			return true
		}
	}
	return false
}
