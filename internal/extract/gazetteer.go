package extract

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Kind is the type of a gazetteer entity.
type Kind string

// Entity kinds of data/gazetteer.tsv.
const (
	KindVendor  Kind = "vendor"
	KindCompany Kind = "company"
	KindGov     Kind = "gov"
	KindGroup   Kind = "group"
	KindMedia   Kind = "media"
	KindProduct Kind = "product"
	KindPlace   Kind = "place"
	KindPerson  Kind = "person"
	KindEvent   Kind = "event"
)

// Entity is a named thing the gazetteer knows.
type Entity struct {
	Kind  Kind
	Name  string
	Tier  int    // vendors: 1 for the hyperscalers, 3 for small providers
	Maker string // products: the vendor that makes it
	Code  string // places: ISO 3166 or UN M.49 region code
}

// isOrg reports entities that can be a party to a deal.
func (e *Entity) isOrg() bool {
	switch e.Kind {
	case KindVendor, KindCompany, KindGov, KindGroup:
		return true
	}
	return false
}

// isPublic reports public bodies: a deal with one is a government deal.
func (e *Entity) isPublic() bool { return e.Kind == KindGov || e.Kind == KindGroup }

type alias struct {
	entity    int
	words     []string // lower-case
	gaps      []string // separators between words, spaces folded
	trailing  string   // punctuation the alias ends with, as in "U.S."
	exact     []string // all-caps aliases match these words exactly
	needUpper bool
	lang      string // "" for every language
	cjk       string // aliases in Han or kana are matched as substrings
}

// Gazetteer finds known names in text. It is read-only once built and safe
// for concurrent use.
type Gazetteer struct {
	entities []Entity
	byFirst  map[string][]*alias
	first    wordFilter // the keys of byFirst
	cjk      map[rune][]*alias
	byName   map[string]int
}

// cldrLanguages are the languages whose CLDR country names are added.
var cldrLanguages = []string{"en", "de", "fr", "nl", "es", "it", "pt", "pl", "id", "tr", "vi", "ru", "uk", "ja", "zh", "ko", "ar", "sv", "da", "nb", "fi", "cs", "ro", "hu"}

// loadGazetteer reads data/gazetteer.tsv and adds the CLDR names of every
// country and continent in every supported language.
func loadGazetteer() (*Gazetteer, error) {
	raw, err := dataFS.ReadFile("data/gazetteer.tsv")
	if err != nil {
		return nil, fmt.Errorf("extract: gazetteer: %w", err)
	}
	g := &Gazetteer{byFirst: map[string][]*alias{}, cjk: map[rune][]*alias{}, byName: map[string]int{}}
	byCode := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 3 {
			return nil, fmt.Errorf("extract: gazetteer line %d: want kind, name, aliases", line)
		}
		e := Entity{Kind: Kind(f[0]), Name: f[1]}
		if len(f) > 3 {
			for _, kv := range strings.Fields(f[3]) {
				k, v, _ := strings.Cut(kv, "=")
				switch k {
				case "tier":
					e.Tier, _ = strconv.Atoi(v)
				case "maker":
					e.Maker = v
				case "code":
					e.Code = v
				}
			}
		}
		id := g.add(e)
		if e.Code != "" {
			byCode[e.Code] = id
		}
		g.addAlias(id, e.Name, "")
		for _, a := range strings.Split(f[2], ";") {
			g.addAlias(id, strings.TrimSpace(a), "")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("extract: gazetteer: %w", err)
	}
	g.addCLDR(byCode)
	g.first = newWordFilter(18)
	for k := range g.byFirst {
		g.first.add(k)
		list := g.byFirst[k]
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].words) > len(list[j].words) })
	}
	for k := range g.cjk {
		list := g.cjk[k]
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].cjk) > len(list[j].cjk) })
	}
	return g, nil
}

func (g *Gazetteer) add(e Entity) int {
	g.entities = append(g.entities, e)
	id := len(g.entities) - 1
	if _, ok := g.byName[strings.ToLower(e.Name)]; !ok {
		g.byName[strings.ToLower(e.Name)] = id
	}
	return id
}

// addCLDR adds country and region names from CLDR. Names in a language are
// only matched in articles of that language: German "Island" is Iceland,
// English "Island" is not.
func (g *Gazetteer) addCLDR(byCode map[string]int) {
	en := display.English.Regions()
	namers := make([]display.Namer, len(cldrLanguages))
	for i, l := range cldrLanguages {
		namers[i] = display.Regions(language.MustParse(l))
	}
	codes := []string{"150", "142", "002", "019", "419", "003", "005", "009", "035", "145", "151", "154", "155", "039"}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			codes = append(codes, string([]rune{a, b}))
		}
	}
	for _, code := range codes {
		reg, err := language.ParseRegion(code)
		if err != nil || (len(code) == 2 && !reg.IsCountry()) {
			continue
		}
		name := en.Name(reg)
		if name == "" || name == code || strings.Contains(name, "Unknown") {
			continue
		}
		id, ok := byCode[code]
		if !ok {
			name = cleanRegionName(name)
			id = g.add(Entity{Kind: KindPlace, Name: name, Code: code})
			g.addAlias(id, name, "")
		}
		for i, n := range namers {
			local := n.Name(reg)
			if local == "" {
				continue
			}
			lang := cldrLanguages[i]
			if lang == "en" {
				lang = ""
			}
			g.addAlias(id, cleanRegionName(local), lang)
		}
	}
}

// cleanRegionName turns CLDR's "Hong Kong SAR China" or "Myanmar (Burma)"
// into the names news writes.
func cleanRegionName(s string) string {
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	for _, cut := range []string{" SAR China", " S.A.R. Chine", " - "} {
		if i := strings.Index(s, cut); i > 0 {
			s = s[:i]
		}
	}
	return strings.TrimSpace(s)
}

func (g *Gazetteer) addAlias(id int, s, lang string) {
	if s == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	if isCJK(first) {
		a := &alias{entity: id, cjk: s, lang: lang}
		g.cjk[first] = append(g.cjk[first], a)
		return
	}
	toks := tokenize(s, "", 0, len(s), 0, nil)
	if len(toks) == 0 {
		return
	}
	a := &alias{entity: id, lang: lang, needUpper: unicode.IsUpper(first)}
	for i, t := range toks {
		a.words = append(a.words, t.lower)
		if i > 0 {
			a.gaps = append(a.gaps, foldGap(t.gapBefore))
		}
	}
	a.trailing = s[toks[len(toks)-1].end:]
	if isAllCaps(s) {
		for _, t := range toks {
			a.exact = append(a.exact, t.text)
		}
	}
	g.byFirst[a.words[0]] = append(g.byFirst[a.words[0]], a)
}

func foldGap(s string) string {
	if s == " " || s == "" { // most gaps, as they are
		return s
	}
	if strings.TrimSpace(s) == "" {
		return " "
	}
	return strings.Join(strings.Fields(s), " ")
}

// mention is one occurrence of a known entity.
type mention struct {
	entity     int
	start, end int
	sentence   int
}

// find returns the known names in toks, longest match first, without
// overlaps. text is the article text the tokens index into.
func (g *Gazetteer) find(text string, toks []token, r *langRules, out []mention) []mention {
	for i := 0; i < len(toks); {
		t := toks[i]
		if t.cjk {
			out = g.findCJK(text, t, r, out)
			i++
			continue
		}
		bestEnd, bestN, bestEntity := -1, 0, -1
		var buf [8]string
		for _, key := range lookupKeys(buf[:0], t, r, g.first) {
			// Aliases are sorted longest first, and a match of more words
			// ends later: the first match is the key's best, and none
			// shorter than a match already found can beat it.
			for _, a := range g.byFirst[key] {
				if len(a.words) <= bestN {
					break
				}
				if a.lang != "" && a.lang != r.code {
					continue
				}
				if n := a.matchAt(text, toks, i, r); n > 0 {
					bestEnd, bestN, bestEntity = toks[i+n-1].end, n, a.entity
					break
				}
			}
		}
		// "US$", "A$": a currency, not a place.
		if bestN == 0 || strings.HasPrefix(text[bestEnd:], "$") {
			i++
			continue
		}
		out = append(out, mention{entity: bestEntity, start: t.start, end: bestEnd, sentence: t.sentence})
		i += bestN
	}
	return out
}

func (g *Gazetteer) findCJK(text string, t token, r *langRules, out []mention) []mention {
	for pos := t.start; pos < t.end; {
		c, size := utf8.DecodeRuneInString(text[pos:])
		matched := 0
		for _, a := range g.cjk[c] {
			if (a.lang == "" || a.lang == r.code) && strings.HasPrefix(text[pos:t.end], a.cjk) {
				out = append(out, mention{entity: a.entity, start: pos, end: pos + len(a.cjk), sentence: t.sentence})
				matched = len(a.cjk)
				break
			}
		}
		if matched > 0 {
			pos += matched
			continue
		}
		pos += size
	}
	return out
}

// lookupKeys appends to keys the forms under which token t may start an
// alias: as it is, without an inflection suffix, without a clitic prefix.
// Forms that filter f rules out are left out, before the cost of
// checking their length.
func lookupKeys(keys []string, t token, r *langRules, f wordFilter) []string {
	lower := t.lower
	if f.mayHaveHash(t.hash) {
		keys = append(keys, lower)
	}
	if lower == "" {
		return keys
	}
	for _, p := range r.prefixesByFirst[lower[0]] {
		if rest, ok := strings.CutPrefix(lower, p); ok && f.mayHave(rest) && utf8.RuneCountInString(rest) >= 2 {
			keys = append(keys, rest)
		}
	}
	for _, s := range r.suffixesByLast[lower[len(lower)-1]] {
		if rest, ok := strings.CutSuffix(lower, s); ok && f.mayHave(rest) && longEnoughStem(rest) {
			keys = append(keys, rest)
		}
	}
	return keys
}

// longEnoughStem keeps inflection from turning short words into names:
// three letters in alphabets, two syllables in Hangul ("구글도" → "구글").
func longEnoughStem(s string) bool {
	n := utf8.RuneCountInString(s)
	if r, _ := utf8.DecodeRuneInString(s); isHangul(r) {
		return n >= 2
	}
	return n >= 3
}

// matchAt returns the number of tokens from toks[i] that spell the alias,
// or 0. The first word may carry a clitic prefix and the last an
// inflection suffix from the language's lexicon.
func (a *alias) matchAt(text string, toks []token, i int, r *langRules) int {
	n := len(a.words)
	if i+n > len(toks) {
		return 0
	}
	for k, w := range a.words {
		t := toks[i+k]
		if k > 0 && foldGap(t.gapBefore) != a.gaps[k-1] {
			return 0
		}
		if a.exact != nil {
			if t.text != a.exact[k] {
				return 0
			}
			continue
		}
		form := t.lower
		if k == 0 {
			form = stripPrefix(form, w, r.prefixes)
			skipped := utf8.RuneCountInString(t.lower[:len(t.lower)-len(form)])
			if a.needUpper && !upperAt(t.text, skipped) {
				return 0
			}
		}
		if form == w {
			continue
		}
		if k == n-1 && hasSuffix(form, w, r.suffixes) {
			continue
		}
		return 0
	}
	if a.trailing != "" && !strings.HasPrefix(text[toks[i+n-1].end:], a.trailing) {
		return 0
	}
	return n
}

// upperAt reports whether the n-th rune of s is upper case.
func upperAt(s string, n int) bool {
	for _, r := range s {
		if n == 0 {
			return unicode.IsUpper(r)
		}
		n--
	}
	return false
}

func stripPrefix(form, w string, prefixes []string) string {
	if strings.HasPrefix(form, w) {
		return form
	}
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(form, p); ok && strings.HasPrefix(rest, w) {
			return rest
		}
	}
	return form
}

func hasSuffix(form, w string, suffixes []string) bool {
	rest, ok := strings.CutPrefix(form, w)
	if !ok || !longEnoughStem(w) {
		return false
	}
	for _, s := range suffixes {
		if rest == s {
			return true
		}
	}
	return false
}

// entity returns the entity with id.
func (g *Gazetteer) entity(id int) *Entity { return &g.entities[id] }

// lookup returns the entity with the canonical name, if known.
func (g *Gazetteer) lookup(name string) (int, bool) {
	id, ok := g.byName[strings.ToLower(name)]
	return id, ok
}
