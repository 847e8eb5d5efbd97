package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// run is a sequence of capitalised tokens that no gazetteer entry covers:
// the raw material for names the gazetteer does not know.
type run struct {
	first, last int // token indexes, inclusive
}

// nameConnectors may stand inside a name between capitalised words.
var nameConnectors = map[string]bool{"de": true, "van": true, "von": true, "der": true, "den": true, "for": true, "of": true, "da": true, "do": true, "dos": true, "du": true, "la": true, "le": true, "y": true, "bin": true, "al": true, "el": true, "di": true}

// findRuns returns the capitalised runs of toks outside the covered tokens.
func findRuns(toks []token, covered []bool) []run {
	var out []run
	for i := 0; i < len(toks); {
		if !isNameToken(toks[i]) || covered[i] {
			i++
			continue
		}
		j := i
		for j+1 < len(toks) && toks[j+1].sentence == toks[i].sentence && nameGap(toks[j+1].gapBefore) {
			next := toks[j+1]
			if !covered[j+1] && isNameToken(next) {
				j++
				continue
			}
			// "Bank of America", "RDS for SQL Server"
			if nameConnectors[next.lower] && j+2 < len(toks) && !covered[j+2] && isNameToken(toks[j+2]) && nameGap(toks[j+2].gapBefore) {
				j += 2
				continue
			}
			break
		}
		out = append(out, run{i, j})
		i = j + 1
	}
	return out
}

func nameGap(gap string) bool { return gap == " " || gap == "-" || gap == "" }

func isNameToken(t token) bool {
	if t.cjk || t.digit || !t.upper {
		return false
	}
	return utf8.RuneCountInString(t.text) >= 2 || isAllCaps(t.text)
}

// unknownKind is what an unknown name turned out to be.
type unknownKind int

const (
	unknownNone unknownKind = iota
	unknownPerson
	unknownOrg
	unknownGov
	unknownProduct
)

// nameFinder classifies the capitalised runs of one article.
type nameFinder struct {
	text    string
	toks    []token
	rules   *langRules
	covered []bool // tokens inside known names
	// lowers holds the words written in lower case, as a filter: whether
	// a capitalised word is also written in lower case is asked of a few
	// words only, and answered by reading the tokens (lowerMemo keeps
	// the answers).
	lowers    wordFilter
	lowerMemo map[string]bool
}

func newNameFinder(text string, toks []token, r *langRules, covered []bool) *nameFinder {
	nf := &nameFinder{text: text, toks: toks, rules: r, covered: covered, lowers: newWordFilter(13), lowerMemo: map[string]bool{}}
	for _, t := range toks {
		if !t.upper && !t.digit {
			nf.lowers.addHash(t.hash)
		}
	}
	return nf
}

// lowerSeen reports a word written in lower case somewhere in the text.
func (nf *nameFinder) lowerSeen(t token) bool {
	if !t.upper && !t.digit {
		return true
	}
	if !nf.lowers.mayHaveHash(t.hash) {
		return false
	}
	if seen, ok := nf.lowerMemo[t.lower]; ok {
		return seen
	}
	seen := false
	for _, u := range nf.toks {
		if !u.upper && !u.digit && u.hash == t.hash && u.lower == t.lower {
			seen = true
			break
		}
	}
	nf.lowerMemo[t.lower] = seen
	return seen
}

// trim drops function words and sentence-initial common words from both
// ends of a run.
func (nf *nameFinder) trim(rn run) (run, bool) {
	for rn.first <= rn.last {
		t := nf.toks[rn.first]
		sentenceStart := rn.first == 0 || nf.toks[rn.first-1].sentence != t.sentence
		if nf.rules.stopwords[t.lower] || (sentenceStart && nf.lowerSeen(t)) || nameConnectors[t.lower] {
			rn.first++
			continue
		}
		// "CEO Satya Nadella", "Genel Müdürü Ali Taha Koç": the role is no part of the name.
		if n := max(nf.rules.roles.matchAt(nf.toks, rn.first), nf.rules.titles.matchAt(nf.toks, rn.first)); n > 0 && rn.first+n <= rn.last {
			rn.first += n
			continue
		}
		break
	}
	for rn.last >= rn.first {
		t := nf.toks[rn.last]
		if nf.rules.stopwords[t.lower] || nameConnectors[t.lower] {
			rn.last--
			continue
		}
		break
	}
	return rn, rn.first <= rn.last
}

func (nf *nameFinder) surface(rn run) string {
	return nf.text[nf.toks[rn.first].start:nf.toks[rn.last].end]
}

// classify decides what a trimmed run names.
func (nf *nameFinder) classify(rn run) unknownKind {
	n := rn.last - rn.first + 1
	if nf.isPerson(rn, n) {
		return unknownPerson
	}
	if nf.isProduct(rn, n) {
		return unknownProduct
	}
	// "Governo do Estado", "Ministry of Health": a public body.
	if n >= 2 && nf.rules.govHeads[nf.toks[rn.first].lower] {
		return unknownGov
	}
	if nf.isOrg(rn, n) {
		return unknownOrg
	}
	return unknownNone
}

// isPerson: two to four name-shaped words next to a role ("Zheng Yelai,
// président de…", "CEO Satya Nadella") or a title ("ông", "Herr").
func (nf *nameFinder) isPerson(rn run, n int) bool {
	// People are listed by their English names: a name in another script
	// found here ("Михаила Осеевского", inflected too) would never be one.
	if n < 2 || n > 4 || !latin(nf.toks[rn.first].text) {
		return false
	}
	for i := rn.first; i <= rn.last; i++ {
		t := nf.toks[i]
		if isAllCaps(t.text) || nf.rules.orgSuffixes[t.lower] || nf.rules.productHeads[t.lower] {
			return false
		}
	}
	sentence := nf.toks[rn.first].sentence
	// "ROLE NAME", "ông NAME"; a known company may stand between the role
	// and the name ("генерального директора «Ростелекома» Михаила…"), and
	// so may a suffix split off by an apostrophe ("CEO'su").
	before := rn.first - 1
	for before >= 0 && (nf.covered[before] || isClitic(nf.toks[before])) && rn.first-before <= 4 {
		before--
	}
	if before >= 0 && nf.toks[before].sentence == sentence &&
		(nf.rules.roles.endsAt(nf.toks, before) > 0 || nf.rules.titles.endsAt(nf.toks, before) > 0) {
		return true
	}
	// "ROLE of ORG, NAME": "Direktur Utama Telkom, Ririek Adriansyah".
	if strings.HasSuffix(strings.TrimSpace(nf.toks[rn.first].gapBefore), ",") && nf.roleNear(rn.first-5, rn.first-1, sentence) {
		return true
	}
	// "NAME, ROLE …": a role within four words after a comma.
	after := rn.last + 1
	return after < len(nf.toks) && strings.HasPrefix(strings.TrimSpace(nf.toks[after].gapBefore), ",") && nf.roleNear(after, after+3, sentence)
}

// roleNear reports a role phrase starting at a token from lo to hi of the
// sentence.
func (nf *nameFinder) roleNear(lo, hi, sentence int) bool {
	for k := max(0, lo); k <= min(hi, len(nf.toks)-1); k++ {
		if nf.toks[k].sentence == sentence && nf.rules.roles.matchAt(nf.toks, k) > 0 {
			return true
		}
	}
	return false
}

// isProduct: a quoted name ("“Automotive Cloud”") or one ending in a
// product word ("… Cloud", "… Platform").
func (nf *nameFinder) isProduct(rn run, n int) bool {
	first, last := nf.toks[rn.first], nf.toks[rn.last]
	if n >= 2 && nf.rules.productHeads[last.lower] && nf.hasProperWord(rn) {
		return true
	}
	open, _ := utf8.DecodeLastRuneInString(strings.TrimRight(first.gapBefore, " "))
	closeGap := ""
	if rn.last+1 < len(nf.toks) {
		closeGap = nf.toks[rn.last+1].gapBefore
	} else {
		closeGap = nf.text[last.end:min(len(nf.text), last.end+4)]
	}
	cl, _ := utf8.DecodeRuneInString(closeGap)
	quoted := strings.ContainsRune(`"“„«‘'「『`, open) && strings.ContainsRune(`"”“»’'」』`, cl)
	return quoted && (n >= 2 || hasInnerCapital(first.text))
}

// hasProperWord reports a word in the run that is neither a product word
// nor a common word seen in lower case: "Automotive Cloud", but not
// "Cloud-Services".
func (nf *nameFinder) hasProperWord(rn run) bool {
	for i := rn.first; i <= rn.last; i++ {
		t := nf.toks[i]
		if !nf.rules.productHeads[t.lower] && !nf.lowerSeen(t) && !nf.rules.stopwords[t.lower] {
			return true
		}
	}
	return false
}

func hasInnerCapital(s string) bool {
	for i, r := range s {
		if i > 0 && (unicode.IsUpper(r) || unicode.IsDigit(r)) {
			return true
		}
	}
	return false
}

// isOrg: a name with a company suffix, or one a deal is made "with".
func (nf *nameFinder) isOrg(rn run, n int) bool {
	if n > 5 {
		return false
	}
	for i := rn.first; i <= rn.last+1 && i < len(nf.toks); i++ {
		if i > rn.first && nf.rules.orgSuffixes[nf.toks[i].lower] && nf.toks[i].sentence == nf.toks[rn.first].sentence {
			return true
		}
	}
	first := nf.toks[rn.first]
	if nf.rules.capitalisedNouns && n == 1 && !isAllCaps(first.text) && !hasInnerCapital(first.text) {
		return false
	}
	// "with X", "e o X": a "with" word, perhaps before an article.
	for before := rn.first - 1; before >= max(0, rn.first-3) && nf.toks[before].sentence == first.sentence; before-- {
		w := nf.toks[before].lower
		if nf.rules.with[w] {
			return !nf.lowerSeen(first)
		}
		if !nf.rules.stopwords[w] {
			break
		}
	}
	return false
}

// isClitic reports a suffix split off a word by an apostrophe: the "su" of
// Turkish "CEO'su".
func isClitic(t token) bool {
	g := strings.TrimSpace(t.gapBefore)
	return (g == "'" || g == "’") && !t.upper && len(t.text) <= 4
}

// latin reports a word whose first letter is in the Latin script.
func latin(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Latin, r)
}
