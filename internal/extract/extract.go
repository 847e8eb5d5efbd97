// Package extract finds the facts of a cloud-deal article: vendor,
// partners, competitors, products, people, places, money, quantities, date
// and kind of deal, each with the byte span of the words it came from.
//
// The knowledge lives in data files: a gazetteer of names with aliases in
// many languages (data/gazetteer.tsv, plus CLDR's country names) and one
// lexicon a language (data/lexicon/*.json) with scale words, currencies,
// months, cue words and inflections. The code holds only rules that work
// across languages, so that an article in a language or on a company
// nobody has seen still yields facts.
package extract

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/dealscope/dealscope/internal/article"
)

// Version identifies the extractor's rules and data; caches of facts are
// keyed by it.
const Version = "1"

// Fact kinds of the contract.
const (
	FactVendor     = "vendor"
	FactPartner    = "partner"
	FactCompetitor = "competitor"
	FactProduct    = "product"
	FactPerson     = "person"
	FactPlace      = "place"
	FactDate       = "date"
	FactMoney      = "money"
	FactQuantity   = "quantity"
	FactDeal       = "deal"
)

// Deal types of the contract.
const (
	DealCustomer    = "customer"
	DealGovernment  = "government"
	DealPartnership = "partnership"
	DealInvestment  = "investment"
	DealOther       = "other"
)

// Fact is one extracted fact and the span of its evidence in the text.
type Fact struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Result holds the facts of one article, in the fields of the JSON contract.
type Result struct {
	Language           string     `json:"language"`
	LanguageConfidence float64    `json:"language_confidence"`
	Date               string     `json:"date"`
	DateSource         string     `json:"date_source"`
	Vendors            []string   `json:"vendors"`
	Partners           []string   `json:"partners"`
	Competitors        []string   `json:"competitors"`
	Products           []string   `json:"products"`
	People             []string   `json:"people"`
	Places             []string   `json:"places"`
	DealType           string     `json:"deal_type"`
	Money              []Money    `json:"money"`
	Quantities         []Quantity `json:"quantities"`
	Facts              []Fact     `json:"facts"`
}

// Extractor holds the compiled gazetteer and lexicons. Build it once with
// New; it is read-only and safe for concurrent use.
type Extractor struct {
	gaz          *Gazetteer
	rules        map[string]*langRules
	fallback     *langRules
	datePatterns []compiledDate
	// scratch recycles token lists (*scratch) between articles: a list
	// is the largest allocation of an extraction, and no result keeps it.
	scratch sync.Pool
}

// scratch is the working memory of one extraction.
type scratch struct {
	toks []token
}

// maxPooledTokens bounds the token lists kept for reuse, so that one huge
// file does not pin its list for the life of the process.
const maxPooledTokens = 1 << 14

// New loads the embedded data files.
func New() (*Extractor, error) {
	lex, com, err := loadLexicons()
	if err != nil {
		return nil, err
	}
	gaz, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	x := &Extractor{gaz: gaz, rules: map[string]*langRules{}}
	for code := range lex {
		x.rules[code] = compileRules(code, lex, com)
	}
	x.fallback = compileRules("", lex, com)
	for _, p := range com.DatePatterns {
		x.datePatterns = append(x.datePatterns, compiledDate{re: regexp.MustCompile(p.Pattern), needs: p.Needs})
	}
	return x, nil
}

// Languages lists the languages with a lexicon of their own.
func (x *Extractor) Languages() []string {
	var out []string
	for code := range x.rules {
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

func (x *Extractor) rulesFor(lang string) *langRules {
	if r, ok := x.rules[lang]; ok {
		return r
	}
	return x.fallback
}

// Extract finds the facts of a parsed article written in lang.
func (x *Extractor) Extract(a *article.Article, lang string, confidence float64) Result {
	r := x.rulesFor(lang)
	content := a.Content
	sc, ok := x.scratch.Get().(*scratch)
	if !ok {
		// About one word in six bytes: one allocation instead of a dozen growths.
		sc = &scratch{toks: make([]token, 0, len(a.Text)/6+16)}
	}
	toks := sc.toks[:0]
	for i, sp := range content {
		toks = tokenize(a.Text, a.Lower, sp.Start, sp.End, i, toks)
	}
	defer func() {
		if cap(toks) <= maxPooledTokens {
			// Cleared, so that a pooled list keeps no article's text alive.
			clear(toks)
			sc.toks = toks[:0]
			x.scratch.Put(sc)
		}
	}()
	doc := &document{x: x, a: a, r: r, content: content, toks: toks}
	doc.findNames()
	doc.findNumbers()
	res := Result{
		Language:           lang,
		LanguageConfidence: round2(confidence),
		Vendors:            []string{},
		Partners:           []string{},
		Competitors:        []string{},
		Products:           []string{},
		People:             []string{},
		Places:             []string{},
		Money:              doc.money,
		Quantities:         doc.qty,
		Facts:              make([]Fact, 0, len(doc.mentions)+len(doc.money)+len(doc.qty)+2),
	}
	if res.Money == nil {
		res.Money = []Money{}
	}
	if res.Quantities == nil {
		res.Quantities = []Quantity{}
	}
	if d, src, ok := x.dateOf(a, content, toks, r); ok {
		res.Date, res.DateSource = d.String(), src
		res.Facts = append(res.Facts, Fact{Kind: FactDate, Value: res.Date, Start: d.start, End: d.end})
	}
	doc.assignRoles(&res)
	for _, m := range res.Money {
		res.Facts = append(res.Facts, Fact{Kind: FactMoney, Value: m.Text, Start: m.Start, End: m.End})
	}
	for _, q := range res.Quantities {
		res.Facts = append(res.Facts, Fact{Kind: FactQuantity, Value: q.Text, Start: q.Start, End: q.End})
	}
	res.Facts = sortFacts(res.Facts)
	return res
}

// sortFacts returns facts in the order of where they start, facts that
// start together in the order given. The order is found on indices and
// each fact moved once: a fact holds strings, and sorting moves a fact
// many times, each move a write barrier while the collector marks.
func sortFacts(facts []Fact) []Fact {
	byStart := func(a, b Fact) int { return cmp.Compare(a.Start, b.Start) }
	if slices.IsSortedFunc(facts, byStart) {
		return facts
	}
	order := make([]int32, len(facts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(facts[a].Start, facts[b].Start), cmp.Compare(a, b))
	})
	sorted := make([]Fact, len(facts))
	for i, o := range order {
		sorted[i] = facts[o]
	}
	return sorted
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// document is the working state of one extraction.
type document struct {
	x       *Extractor
	a       *article.Article
	r       *langRules
	content []article.Span
	toks    []token

	local    []Entity // names found in the text, after the gazetteer's
	mentions []mention
	money    []Money
	qty      []Quantity
}

func (d *document) entity(id int) *Entity {
	if id < len(d.x.gaz.entities) {
		return d.x.gaz.entity(id)
	}
	return &d.local[id-len(d.x.gaz.entities)]
}

// findNames finds gazetteer names, then names the gazetteer lacks.
func (d *document) findNames() {
	d.mentions = d.x.gaz.find(d.a.Text, d.toks, d.r, nil)
	covered := d.cover()
	d.mentions = d.dropNameParts(covered)
	covered = d.cover()
	nf := newNameFinder(d.a.Text, d.toks, d.r, covered)
	kinds := map[string]unknownKind{}
	var runs []run
	count := map[string]int{}
	titleCase := d.titleCase()
	for _, rn := range findRuns(d.toks, covered) {
		rn, ok := nf.trim(rn)
		if !ok || titleCase && d.a.TitleSpan.Contains(d.toks[rn.first].start) {
			continue
		}
		runs = append(runs, rn)
		s := nf.surface(rn)
		count[s]++
		if k := nf.classify(rn); k > kinds[s] {
			kinds[s] = k
		}
	}
	// A name written three times is somebody's name, even with no cue.
	for s, n := range count {
		if kinds[s] == unknownNone && n >= 3 && (!d.r.capitalisedNouns || strings.ContainsAny(s, " -") || isAllCaps(s) || hasInnerCapital(s)) && !d.r.stopwords[strings.ToLower(s)] {
			kinds[s] = unknownOrg
		}
	}
	ids := map[string]int{}
	surnames := map[string]string{}
	for s, k := range kinds {
		if k == unknownPerson {
			if i := strings.LastIndexByte(s, ' '); i > 0 {
				surnames[s[i+1:]] = s
			}
		}
	}
	localID := func(name string, k unknownKind) int {
		if id, ok := ids[name]; ok {
			return id
		}
		kind := [...]Kind{unknownPerson: KindPerson, unknownOrg: KindCompany, unknownGov: KindGov, unknownProduct: KindProduct}[k]
		d.local = append(d.local, Entity{Kind: kind, Name: name, Tier: 0})
		id := len(d.x.gaz.entities) + len(d.local) - 1
		ids[name] = id
		return id
	}
	for _, rn := range runs {
		s := nf.surface(rn)
		k := kinds[s]
		name := s
		if k == unknownNone && rn.first == rn.last {
			if full, ok := surnames[s]; ok {
				k, name = unknownPerson, full
			}
		}
		if k == unknownNone {
			continue
		}
		first := d.toks[rn.first]
		d.mentions = append(d.mentions, mention{entity: localID(name, kinds[name]), start: first.start, end: d.toks[rn.last].end, sentence: first.sentence})
	}
	slices.SortStableFunc(d.mentions, func(a, b mention) int { return cmp.Compare(a.start, b.start) })
}

// titleCase reports a headline In Title Case: its capitals say nothing
// about names, so names the gazetteer lacks are taken from the body only.
func (d *document) titleCase() bool {
	words, upper := 0, 0
	for _, t := range d.toks {
		if !d.a.TitleSpan.Contains(t.start) || t.digit || t.cjk {
			continue
		}
		words++
		if t.upper {
			upper++
		}
	}
	return words >= 4 && upper*10 >= words*7
}

// cover marks the tokens inside a mention.
func (d *document) cover() []bool {
	covered := make([]bool, len(d.toks))
	ti := 0
	for _, m := range d.mentions {
		for ti < len(d.toks) && d.toks[ti].end <= m.start {
			ti++
		}
		for k := ti; k < len(d.toks) && d.toks[k].start < m.end; k++ {
			covered[k] = true
		}
	}
	return covered
}

// dropNameParts drops one-word places that sit inside a run of capitalised
// words: "Đức" (Germany) in the name "Tào Đức Thắng".
func (d *document) dropNameParts(covered []bool) []mention {
	nameWord := func(k, ref int) bool {
		if k < 0 || k >= len(d.toks) || covered[k] || d.toks[k].sentence != d.toks[ref].sentence {
			return false
		}
		t := d.toks[k]
		return t.upper && !t.digit && !d.r.stopwords[t.lower]
	}
	kept := d.mentions[:0]
	ti := 0
	for _, m := range d.mentions {
		for ti < len(d.toks) && d.toks[ti].start < m.start {
			ti++
		}
		single := ti < len(d.toks) && d.toks[ti].end == m.end
		if single && d.entity(m.entity).Kind == KindPlace && ti > 0 &&
			nameWord(ti-1, ti) && nameWord(ti+1, ti) &&
			d.toks[ti-1].adjacent(d.toks[ti]) && d.toks[ti].adjacent(d.toks[ti+1]) {
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// findNumbers finds money and quantities outside product names such as
// "Microsoft 365".
func (d *document) findNumbers() {
	f := &numberFinder{text: d.a.Text, rules: d.r}
	for _, sp := range d.content {
		f.scan(sp)
	}
	f.scanWords(d.toks, d.content)
	slices.SortStableFunc(f.money, func(a, b Money) int { return cmp.Compare(a.Start, b.Start) })
	slices.SortStableFunc(f.qty, func(a, b Quantity) int { return cmp.Compare(a.Start, b.Start) })
	var products []mention // sorted and disjoint, as the mentions are
	for _, m := range d.mentions {
		if d.entity(m.entity).Kind == KindProduct {
			products = append(products, m)
		}
	}
	inName := func(start, end int) bool {
		i := sort.Search(len(products), func(i int) bool { return products[i].end > start })
		return i < len(products) && products[i].start < end
	}
	// A figure repeated (the headline's amount, said again in the body) is
	// one fact.
	type figure struct {
		value float64
		unit  string
	}
	seen := map[figure]bool{}
	for _, m := range f.money {
		key := figure{m.Amount, m.Currency}
		if !inName(m.Start, m.End) && !seen[key] {
			seen[key] = true
			d.money = append(d.money, m)
		}
	}
	for _, q := range f.qty {
		key := figure{q.Value, q.Unit}
		if !inName(q.Start, q.End) && !seen[key] {
			seen[key] = true
			d.qty = append(d.qty, q)
		}
	}
}

// Fingerprint identifies the extractor's rules and data: Version and a
// hash of every embedded data file. Caches of facts are keyed by it, so a
// changed lexicon invalidates them without a version bump.
func Fingerprint() (string, error) {
	h := sha256.New()
	h.Write([]byte(Version))
	err := fs.WalkDir(dataFS, "data", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := dataFS.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(raw))
		h.Write(raw)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("extract: fingerprint: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
