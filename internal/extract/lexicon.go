package extract

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed data/lexicon/*.json data/gazetteer.tsv
var dataFS embed.FS

// Lexicon is the language-specific knowledge the rules read: scale words,
// currencies, months, cue words and inflection. One file a language lives
// in data/lexicon; the extractor merges the article's language with English,
// which news in every language borrows from.
type Lexicon struct {
	Decimal          string              `json:"decimal"`
	CapitalisedNouns bool                `json:"capitalised_nouns"`
	NoSpace          bool                `json:"nospace"`
	Scales           map[string]float64  `json:"scales"`
	NumberWords      map[string]float64  `json:"number_words"`
	Currencies       map[string]string   `json:"currencies"`
	MoneyConnectors  []string            `json:"money_connectors"`
	Months           map[string]int      `json:"months"`
	Qualifiers       map[string][]string `json:"qualifiers"`
	Percent          []string            `json:"percent"`
	PercentBefore    bool                `json:"percent_before"`
	Units            map[string][]string `json:"units"`
	Cues             map[string][]string `json:"cues"`
	With             []string            `json:"with"`
	Roles            []string            `json:"roles"`
	PersonTitles     []string            `json:"person_titles"`
	Stopwords        []string            `json:"stopwords"`
	OrgSuffixes      []string            `json:"org_suffixes"`
	ProductHeads     []string            `json:"product_heads"`
	GovHeads         []string            `json:"gov_heads"`
	FutureYears      []string            `json:"future_year_markers"`
	Suffixes         []string            `json:"suffixes"`
	Prefixes         []string            `json:"prefixes"`
}

// datePattern is a regular expression with named groups y, m and d, and
// strings one of which a text must hold for it to match: a cheap test
// before the expression runs.
type datePattern struct {
	Pattern string   `json:"pattern"`
	Needs   []string `json:"needs"`
}

// common holds what belongs to no language: currency symbols and codes,
// percent signs and date patterns.
type common struct {
	Symbols      map[string]string `json:"symbols"`
	PercentSigns []string          `json:"percent_signs"`
	DatePatterns []datePattern     `json:"date_patterns"`
}

// phraseSet matches lower-case phrases of one or more words against tokens.
// A phrase's last word may end in "*" to match any word it starts
// ("партнерств*" finds партнерство, партнерстве, партнерства), and may
// carry one of the language's inflection suffixes (Korean "협력을"). Each
// phrase has a tag (the cue category), so one set serves many lists with
// one lookup a token: a one-word phrase is also filed under each of its
// inflected forms.
type phraseSet struct {
	byFirst  map[string][]phrase
	first    wordFilter    // the keys of byFirst
	stems    [256][]phrase // phrases whose first word is a stem, by its first byte
	cjk      []phrase      // phrases in Han or kana, found inside runs
	suffixes []string
}

type phrase struct {
	words []string
	tag   cueKind
}

func newPhraseSet(suffixes []string, phrases ...[]string) *phraseSet {
	ps := newTaggedSet(suffixes)
	for _, list := range phrases {
		for _, p := range list {
			ps.add(p, cueNone)
		}
	}
	ps.sort()
	return ps
}

func newTaggedSet(suffixes []string) *phraseSet {
	return &phraseSet{byFirst: map[string][]phrase{}, suffixes: suffixes}
}

func (ps *phraseSet) sort() {
	ps.first = newWordFilter(14)
	for k := range ps.byFirst {
		ps.first.add(k)
		sort.SliceStable(ps.byFirst[k], func(i, j int) bool { return len(ps.byFirst[k][i].words) > len(ps.byFirst[k][j].words) })
	}
}

func (ps *phraseSet) add(p string, tag cueKind) {
	if r, _ := utf8.DecodeRuneInString(p); isCJK(r) {
		ps.cjk = append(ps.cjk, phrase{words: []string{strings.TrimSuffix(p, "*")}, tag: tag})
		return
	}
	stem := strings.HasSuffix(p, "*")
	words := splitWords(strings.ToLower(strings.TrimSuffix(p, "*")))
	if len(words) == 0 {
		return
	}
	if stem {
		words[len(words)-1] += "*"
	}
	ph := phrase{words: words, tag: tag}
	if strings.HasSuffix(words[0], "*") {
		ps.stems[words[0][0]] = append(ps.stems[words[0][0]], ph)
		return
	}
	ps.byFirst[words[0]] = append(ps.byFirst[words[0]], ph)
	// Only a phrase's last word is inflected (wordMatches).
	if len(words) == 1 && longEnoughStem(words[0]) {
		for _, s := range ps.suffixes {
			ps.byFirst[words[0]+s] = append(ps.byFirst[words[0]+s], ph)
		}
	}
}

// wordMatches reports whether token form t spells phrase word w.
func (ps *phraseSet) wordMatches(t, w string, last bool) bool {
	if stem, ok := strings.CutSuffix(w, "*"); ok {
		return strings.HasPrefix(t, stem)
	}
	return t == w || (last && hasSuffix(t, w, ps.suffixes))
}

func (ps *phraseSet) spells(toks []token, i int, words []string) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for k, w := range words {
		if !ps.wordMatches(toks[i+k].lower, w, k == len(words)-1) || (k > 0 && !toks[i+k-1].adjacent(toks[i+k])) {
			return false
		}
	}
	return true
}

// each calls fn with every phrase that starts at toks[i], longest first
// for each first word, until fn returns false.
func (ps *phraseSet) each(toks []token, i int, fn func(p phrase) bool) {
	lower := toks[i].lower
	if ps.first.mayHaveHash(toks[i].hash) {
		for _, p := range ps.byFirst[lower] {
			if ps.spells(toks, i, p.words) && !fn(p) {
				return
			}
		}
	}
	if lower == "" {
		return
	}
	for _, p := range ps.stems[lower[0]] {
		if ps.spells(toks, i, p.words) && !fn(p) {
			return
		}
	}
}

// matchAt returns how many tokens from toks[i] form a phrase, or 0.
func (ps *phraseSet) matchAt(toks []token, i int) int {
	n := 0
	ps.each(toks, i, func(p phrase) bool {
		n = len(p.words)
		return false
	})
	return n
}

// endsAt returns how many tokens ending at toks[j] form a phrase, or 0.
func (ps *phraseSet) endsAt(toks []token, j int) int {
	best := 0
	for start := max(0, j-4); start <= j; start++ {
		if n := ps.matchAt(toks, start); n == j-start+1 && n > best {
			best = n
		}
	}
	return best
}

// langRules is the compiled view of the lexicons for one language.
type langRules struct {
	code               string
	decimalComma       bool
	capitalisedNouns   bool
	noSpace            bool
	numberWords        map[string]float64
	scaleList          wordList
	currencyList       wordList
	symbolList         wordList
	connectorList      wordList
	percentList        wordList
	unitList           wordList
	qualifierList      wordList
	months             map[string]int
	monthOrNumberWords wordFilter      // the keys of months and numberWords
	monthNeedsUpper    map[string]bool // English "May" is a month, "may" is not
	cues               *phraseSet      // tagged with the cue category
	with               map[string]bool
	roles              *phraseSet
	titles             *phraseSet
	stopwords          map[string]bool
	futureYears        map[string]bool // "by 2026": a year that is no date of the article
	orgSuffixes        map[string]bool
	productHeads       map[string]bool
	govHeads           map[string]bool // words that open a public body's name
	suffixes           []string
	prefixes           []string
	// The same, by their last and first byte: a word is tried only with
	// the affixes that could be on it.
	suffixesByLast  [256][]string
	prefixesByFirst [256][]string
}

// cueKind is a cue category of the lexicon files.
type cueKind int

// Cue categories; cueNone tags phrases of untagged sets.
const (
	cueNone cueKind = iota
	cueCustomer
	cueGovernment
	cuePartnership
	cueInvestment
	cueRival
	cueDeal
	numCueKinds
)

// cueNames are the categories' keys in the lexicon files; the deal kinds
// among them are also deal types of the contract.
var cueNames = [numCueKinds]string{"", DealCustomer, DealGovernment, DealPartnership, DealInvestment, "rival", "deal"}

func loadLexicons() (map[string]*Lexicon, *common, error) {
	entries, err := dataFS.ReadDir("data/lexicon")
	if err != nil {
		return nil, nil, fmt.Errorf("extract: lexicons: %w", err)
	}
	lex := map[string]*Lexicon{}
	var com common
	for _, e := range entries {
		raw, err := dataFS.ReadFile(path.Join("data/lexicon", e.Name()))
		if err != nil {
			return nil, nil, fmt.Errorf("extract: lexicon %s: %w", e.Name(), err)
		}
		code := strings.TrimSuffix(e.Name(), ".json")
		if code == "common" {
			if err := json.Unmarshal(raw, &com); err != nil {
				return nil, nil, fmt.Errorf("extract: lexicon %s: %w", e.Name(), err)
			}
			continue
		}
		var l Lexicon
		if err := json.Unmarshal(raw, &l); err != nil {
			return nil, nil, fmt.Errorf("extract: lexicon %s: %w", e.Name(), err)
		}
		lex[code] = &l
	}
	if lex["en"] == nil {
		return nil, nil, fmt.Errorf("extract: lexicon en.json missing")
	}
	for _, p := range com.DatePatterns {
		if _, err := regexp.Compile(p.Pattern); err != nil {
			return nil, nil, fmt.Errorf("extract: date pattern %q: %w", p.Pattern, err)
		}
	}
	return lex, &com, nil
}

// compileRules merges the lexicon of code (if any) over English. Languages
// without a lexicon get English plus every other lexicon's scale and
// currency words, so numbers and money still work.
func compileRules(code string, lex map[string]*Lexicon, com *common) *langRules {
	en := lex["en"]
	own := lex[code]
	layers := []*Lexicon{en}
	if own == nil {
		// Unknown language: borrow number words from every lexicon, with
		// English last so that it wins conflicts such as "billion".
		layers = nil
		for c, l := range lex {
			if c != "en" {
				layers = append(layers, l)
			}
		}
		sort.Slice(layers, func(i, j int) bool { return len(layers[i].Scales) < len(layers[j].Scales) })
		layers = append(layers, en)
	} else if code != "en" {
		layers = append(layers, own)
	}
	r := &langRules{
		code:            code,
		months:          map[string]int{},
		monthNeedsUpper: map[string]bool{},
		with:            map[string]bool{},
		stopwords:       map[string]bool{},
		futureYears:     map[string]bool{},
		orgSuffixes:     map[string]bool{},
		productHeads:    map[string]bool{},
		govHeads:        map[string]bool{},
	}
	if r.code == "" {
		r.code = "und"
	}
	scales := map[string]float64{}
	numbers := map[string]float64{}
	currencies := map[string]string{}
	units := map[string]string{}
	quals := map[string]string{}
	var percent, connectors, roles, titles []string
	var cues [numCueKinds][]string
	for _, l := range layers {
		for k, v := range l.Scales {
			scales[k] = v
		}
		for k, v := range l.NumberWords {
			numbers[k] = v
		}
		for k, v := range l.Currencies {
			currencies[k] = v
		}
		if own != nil && l != own && l != en {
			continue
		}
		for k, v := range l.Months {
			r.months[k] = v
			r.monthNeedsUpper[k] = l == en || l.CapitalisedNouns
		}
		for kind, words := range l.Qualifiers {
			for _, w := range words {
				quals[w] = kind
			}
		}
		for unit, words := range l.Units {
			for _, w := range words {
				units[w] = unit
			}
		}
		percent = append(percent, l.Percent...)
		connectors = append(connectors, l.MoneyConnectors...)
		for k := cueCustomer; k < numCueKinds; k++ {
			cues[k] = append(cues[k], l.Cues[cueNames[k]]...)
		}
		for _, w := range l.With {
			r.with[strings.ToLower(w)] = true
		}
		roles = append(roles, l.Roles...)
		titles = append(titles, l.PersonTitles...)
		for _, w := range l.Stopwords {
			r.stopwords[w] = true
		}
		for _, w := range l.FutureYears {
			r.futureYears[w] = true
		}
		for _, w := range l.OrgSuffixes {
			r.orgSuffixes[strings.ToLower(w)] = true
		}
		for _, w := range l.ProductHeads {
			r.productHeads[w] = true
		}
		for _, w := range l.GovHeads {
			r.govHeads[strings.ToLower(w)] = true
		}
	}
	if own != nil {
		r.decimalComma = own.Decimal == ","
		r.capitalisedNouns = own.CapitalisedNouns
		r.noSpace = own.NoSpace
		r.suffixes, r.prefixes = own.Suffixes, own.Prefixes
	} else {
		r.suffixes = en.Suffixes
	}
	for _, sfx := range r.suffixes {
		if sfx != "" {
			r.suffixesByLast[sfx[len(sfx)-1]] = append(r.suffixesByLast[sfx[len(sfx)-1]], sfx)
		}
	}
	for _, pfx := range r.prefixes {
		if pfx != "" {
			r.prefixesByFirst[pfx[0]] = append(r.prefixesByFirst[pfx[0]], pfx)
		}
	}
	var scaleWords, currencyWords, symbolWords, unitWords, qualifierWords, percentWords, connectorWords []word
	for k, v := range scales {
		scaleWords = append(scaleWords, word{text: k, num: v})
	}
	r.numberWords = numbers
	r.monthOrNumberWords = newWordFilter(14)
	for k := range numbers {
		r.monthOrNumberWords.add(k)
	}
	for k := range r.months {
		r.monthOrNumberWords.add(k)
	}
	for k, v := range currencies {
		stem, isStem := strings.CutSuffix(k, "*")
		currencyWords = append(currencyWords, word{text: stem, value: v, stem: isStem})
	}
	for sym, c := range com.Symbols {
		currencyWords = append(currencyWords, word{text: sym, value: c})
		symbolWords = append(symbolWords, word{text: sym, value: c})
	}
	for k, v := range units {
		stem, isStem := strings.CutSuffix(k, "*")
		unitWords = append(unitWords, word{text: stem, value: v, stem: isStem})
	}
	for k, v := range quals {
		qualifierWords = append(qualifierWords, word{text: k, value: v})
	}
	for _, p := range append(percent, com.PercentSigns...) {
		percentWords = append(percentWords, word{text: p, value: "percent"})
	}
	for _, c := range connectors {
		connectorWords = append(connectorWords, word{text: c})
	}
	r.scaleList, r.currencyList, r.symbolList = newWordList(scaleWords), newWordList(currencyWords), newWordList(symbolWords)
	r.unitList, r.qualifierList = newWordList(unitWords), newWordList(qualifierWords)
	r.percentList, r.connectorList = newWordList(percentWords), newWordList(connectorWords)
	r.roles = newPhraseSet(r.suffixes, roles)
	r.titles = newPhraseSet(r.suffixes, titles)
	r.cues = newTaggedSet(r.suffixes)
	for k, list := range cues {
		for _, c := range list {
			r.cues.add(c, cueKind(k))
		}
	}
	r.cues.sort()
	return r
}
