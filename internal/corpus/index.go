package corpus

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/dealscope/dealscope/internal/textcase"
)

// Set is a set of document numbers.
type Set []uint64

func newSet(n int) Set { return make(Set, (n+63)/64) }

func (b *Set) set(i int) {
	for len(*b) <= i/64 {
		*b = append(*b, 0)
	}
	(*b)[i/64] |= 1 << (uint(i) % 64)
}

// Has reports whether document i is in the set.
func (b Set) Has(i int) bool { return i/64 < len(b) && b[i/64]&(1<<(uint(i)%64)) != 0 }

// Count returns the number of documents in the set.
func (b Set) Count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func (b Set) or(o Set) {
	for i := range b {
		if i < len(o) {
			b[i] |= o[i]
		}
	}
}

func (b Set) and(o Set) {
	for i := range b {
		if i < len(o) {
			b[i] &= o[i]
		} else {
			b[i] = 0
		}
	}
}

func (b Set) andNot(o Set) {
	for i := range b {
		if i < len(o) {
			b[i] &^= o[i]
		}
	}
}

func (b Set) fill(n int) {
	for i := range b {
		b[i] = ^uint64(0)
	}
	if r := n % 64; r != 0 && len(b) > 0 {
		b[len(b)-1] = 1<<uint(r) - 1
	}
}

// postings lists the documents holding a word, in increasing order, as
// varint gaps: a byte or two a document instead of four.
type postings struct {
	Last int32 // the last document added, -1 before the first
	Data []byte
}

func (p *postings) add(doc int32) {
	if doc == p.Last {
		return
	}
	p.Data = binary.AppendUvarint(p.Data, uint64(doc-p.Last))
	p.Last = doc
}

// each calls fn with every document, in order. It stops at bytes that do
// not decode.
func (p postings) each(fn func(int32)) {
	doc := int32(-1)
	for i := 0; i < len(p.Data); {
		gap, n := binary.Uvarint(p.Data[i:])
		if n <= 0 {
			return
		}
		i += n
		doc += int32(gap)
		fn(doc)
	}
}

// SortKey orders the list.
type SortKey int

// Sort orders, in the order `s` cycles through them.
const (
	SortDate SortKey = iota
	SortLanguage
	SortPartner
	SortTitle
	sortKeys
)

// String names the order.
func (k SortKey) String() string {
	return [...]string{"date", "language", "partner", "title"}[k]
}

// Next returns the order after k.
func (k SortKey) Next() SortKey { return (k + 1) % sortKeys }

// ValueCount is a facet value and how many documents have it.
type ValueCount struct {
	Value string
	Count int
}

type facetValue struct {
	display string
	docs    Set
}

// Index holds documents with their facet values and words, so that a
// query is answered with set operations instead of reading text. Add
// changes it; everything else only reads (a sort order brought up to date
// on first use is guarded by a lock), so a finished Index can be shared by
// many sessions.
type Index struct {
	docs     []*Doc
	years    []int
	values   map[Facet]map[string]*facetValue
	words    map[string]*postings // a pointer, so that adding a document looks a word up once
	vocab    []string             // sorted keys of words
	sortKeys [sortKeys][]string   // per document, for merging new ones in
	compact  bool                 // keep compact documents: no text in memory

	// orders[k] lists the first len(orders[k]) documents in the order k.
	// Documents added later are sorted in when the order is next asked
	// for: while a corpus loads, only the order on screen is kept up to
	// date, and each order is merged once per look rather than per batch.
	// A lock an order lets the others be sorted away from the screen's.
	ordersMu [sortKeys]sync.Mutex
	orders   [sortKeys][]int32
}

// DropText makes the index keep documents compact (Doc.Compact) once their
// words are indexed: for corpora too large to hold every text in memory.
// Call it before adding documents.
func (ix *Index) DropText() { ix.compact = true }

// NewIndex indexes docs.
func NewIndex(docs ...*Doc) *Index {
	ix := &Index{values: map[Facet]map[string]*facetValue{}, words: map[string]*postings{}}
	for _, f := range Facets {
		ix.values[f] = map[string]*facetValue{}
	}
	ix.Add(docs...)
	return ix
}

// Len returns the number of documents.
func (ix *Index) Len() int { return len(ix.docs) }

// Doc returns document i.
func (ix *Index) Doc(i int) *Doc { return ix.docs[i] }

// Add indexes more documents.
func (ix *Index) Add(docs ...*Doc) {
	if len(docs) == 0 {
		return
	}
	first := len(ix.docs)
	var newWords []string
	var ws wordScratch // for documents whose words were not found by a worker
	for _, d := range docs {
		i := len(ix.docs)
		ix.docs = append(ix.docs, d)
		year := 0
		if len(d.Date) >= 4 {
			year = atoi4(d.Date[:4])
		}
		ix.years = append(ix.years, year)
		ix.addValue(FacetLang, d.Language, i)
		ix.addValue(FacetType, d.DealType, i)
		if year > 0 {
			ix.addValue(FacetYear, d.Date[:4], i)
		}
		for _, fl := range [...]struct {
			facet Facet
			list  []string
		}{{FacetVendor, d.Vendors}, {FacetPartner, d.Partners}, {FacetCompetitor, d.Competitors}, {FacetProduct, d.Products}, {FacetPlace, d.Places}, {FacetPerson, d.People}} {
			for _, v := range fl.list {
				ix.addValue(fl.facet, v, i)
			}
		}
		words := d.words
		if words == nil {
			words = distinctWords(d.Title+"\n"+d.Text, &ws)
		}
		d.words = nil
		for _, w := range words {
			p := ix.words[w]
			if p == nil {
				// A copy: the word may be a slice of this text, which a
				// compact index must not keep alive.
				w = strings.Clone(w)
				newWords = append(newWords, w)
				p = &postings{Last: -1}
				ix.words[w] = p
			}
			p.add(int32(i))
		}
		if ix.compact {
			ix.docs[i] = d.Compact()
		}
	}
	// New words and documents are sorted among themselves and merged in,
	// so that adding a batch while loading costs time in proportion to the
	// index, not a full sort.
	sort.Strings(newWords)
	ix.vocab = mergeSorted(ix.vocab, newWords, func(a, b string) bool { return a < b })
	for k := range sortKeys {
		for i := first; i < len(ix.docs); i++ {
			ix.sortKeys[k] = append(ix.sortKeys[k], sortKey(ix.docs[i], k))
		}
	}
}

// order returns the documents in the order k, sorting in the documents
// added since it was last asked for.
func (ix *Index) order(k SortKey) []int32 {
	ix.ordersMu[k].Lock()
	defer ix.ordersMu[k].Unlock()
	placed := len(ix.orders[k])
	if placed == len(ix.docs) {
		return ix.orders[k]
	}
	added := make([]int32, 0, len(ix.docs)-placed)
	for i := placed; i < len(ix.docs); i++ {
		added = append(added, int32(i))
	}
	less := ix.less(k)
	sort.SliceStable(added, func(a, b int) bool { return less(added[a], added[b]) })
	ix.orders[k] = mergeSorted(ix.orders[k], added, less)
	return ix.orders[k]
}

// SortOrders brings every sort order up to date, so that switching the
// order later costs nothing: at 100,000 documents sorting all of them takes
// about half a second. It may run in another goroutine than the one
// reading the index, once no more documents are added.
func (ix *Index) SortOrders() {
	for k := range sortKeys {
		ix.order(k)
	}
}

// Trim gives back the room that growing lists keep in reserve. Call it
// when no more documents are coming: adding more after it is correct but
// grows the lists again.
func (ix *Index) Trim() {
	for _, p := range ix.words {
		if cap(p.Data) > len(p.Data) {
			p.Data = append([]byte(nil), p.Data...)
		}
	}
	for k := range ix.sortKeys {
		ix.sortKeys[k] = append([]string(nil), ix.sortKeys[k]...)
	}
}

// mergeSorted merges two sorted slices into a new one; on ties a comes first.
func mergeSorted[T any](a, b []T, less func(x, y T) bool) []T {
	out := make([]T, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if less(b[j], a[i]) {
			out = append(out, b[j])
			j++
		} else {
			out = append(out, a[i])
			i++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

func atoi4(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func (ix *Index) addValue(f Facet, v string, doc int) {
	if v == "" {
		return
	}
	key := Fold(v)
	fv, ok := ix.values[f][key]
	if !ok {
		fv = &facetValue{display: v}
		ix.values[f][key] = fv
	}
	fv.docs.set(doc)
}

// sortKey is what order k compares first for d.
func sortKey(d *Doc, k SortKey) string {
	switch k {
	case SortLanguage:
		return d.Language
	case SortPartner:
		if len(d.Partners) > 0 {
			return Fold(d.Partners[0])
		}
		return "\uffff"
	case SortTitle:
		return Fold(d.Title)
	}
	return ""
}

// less orders documents by k, then newest first, then by source.
func (ix *Index) less(k SortKey) func(a, b int32) bool {
	keys := ix.sortKeys[k]
	return func(a, b int32) bool {
		if ka, kb := keys[a], keys[b]; ka != kb {
			return ka < kb
		}
		da, db := ix.docs[a], ix.docs[b]
		if da.Date != db.Date {
			return da.Date > db.Date
		}
		return da.Source < db.Source
	}
}

// Filter returns the documents that match q, in the order k.
func (ix *Index) Filter(q Query, k SortKey) []int {
	set := ix.Match(q)
	out := make([]int, 0, set.Count())
	for _, i := range ix.order(k) {
		if set.Has(int(i)) {
			out = append(out, int(i))
		}
	}
	return out
}

// Match returns the set of documents that match q.
func (ix *Index) Match(q Query) Set {
	n := len(ix.docs)
	result := newSet(n)
	result.fill(n)
	byFacet := map[Facet]Set{}
	var facetOrder []Facet
	for _, t := range q.Terms {
		docs := ix.termDocs(t)
		switch {
		case t.Negate:
			result.andNot(docs)
		case t.Facet == "":
			result.and(docs)
		default:
			acc, ok := byFacet[t.Facet]
			if !ok {
				acc = newSet(n)
				byFacet[t.Facet] = acc
				facetOrder = append(facetOrder, t.Facet)
			}
			acc.or(docs)
		}
	}
	for _, f := range facetOrder {
		result.and(byFacet[f])
	}
	return result
}

// termDocs returns the documents one term selects, ignoring its negation.
func (ix *Index) termDocs(t Term) Set {
	n := len(ix.docs)
	out := newSet(n)
	switch t.Facet {
	case "":
		return ix.allWords(t.Value)
	case FacetYear:
		for i, y := range ix.years {
			if y >= t.From && y <= t.To {
				out.set(i)
			}
		}
		return out
	}
	want := Fold(t.Value)
	for key, fv := range ix.values[t.Facet] {
		if matchesValue(key, want) {
			out.or(fv.docs)
		}
	}
	return out
}

// allWords returns the documents holding every word of s, each as a word
// or the start of one.
func (ix *Index) allWords(s string) Set {
	n := len(ix.docs)
	out := newSet(n)
	out.fill(n)
	for _, w := range Words(s) {
		out.and(ix.prefixDocs(w))
	}
	return out
}

// prefixDocs returns the documents with a word starting with w.
func (ix *Index) prefixDocs(w string) Set {
	out := newSet(len(ix.docs))
	i := sort.SearchStrings(ix.vocab, w)
	for ; i < len(ix.vocab) && strings.HasPrefix(ix.vocab[i], w); i++ {
		ix.words[ix.vocab[i]].each(func(d int32) {
			out[d/64] |= 1 << (uint(d) % 64)
		})
	}
	return out
}

// matchesValue reports whether the folded facet value key is selected by
// want: equal, or want starts one of its words ("deutsche" selects
// "deutsche bank"; "bank" does too).
func matchesValue(key, want string) bool {
	if key == want || strings.HasPrefix(key, want) {
		return true
	}
	for i := 0; i < len(key); i++ {
		if key[i] == ' ' && strings.HasPrefix(key[i+1:], want) {
			return true
		}
	}
	return false
}

// Values returns the values of facet f with their counts among the
// documents in within (all documents when nil), most frequent first.
func (ix *Index) Values(f Facet, within Set) []ValueCount {
	var out []ValueCount
	for _, fv := range ix.values[f] {
		c := 0
		if within == nil {
			c = fv.docs.Count()
		} else {
			for i, w := range fv.docs {
				if i < len(within) {
					c += bits.OnesCount64(w & within[i])
				}
			}
		}
		if c > 0 {
			out = append(out, ValueCount{Value: fv.display, Count: c})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// Fold lower-cases s and strips accents, so that "Telefonica" finds
// "Telefónica" and "dong" finds "đồng".
func Fold(s string) string {
	if !needsFold(s) {
		return s
	}
	return string(appendFold(make([]byte, 0, len(s)), s))
}

// needsFold reports whether Fold would change s.
func needsFold(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			return true
		}
	}
	return false
}

// appendFold appends the folded form of s to dst.
func appendFold(dst []byte, s string) []byte { return textcase.AppendMap(dst, s, foldRune) }

// foldRune maps a rune to its lower-case base letter, and drops the
// combining marks that NFD splits off.
func foldRune(r rune) rune {
	if unicode.Is(unicode.Mn, r) {
		return -1
	}
	if r < baseLetterLimit {
		if base := baseLetters[r]; base != 0 {
			return base
		}
	}
	return unicode.ToLower(r)
}

// baseLetterLimit bounds the runes baseLetters covers.
const baseLetterLimit = 0x1f00

// baseLetters maps the accented Latin letters (Latin-1, Extended-A and B,
// and the Vietnamese block) to their lower-case base letter, 0 for other
// runes: a table, since every accented letter of a corpus is looked up.
// It is built once from Unicode decompositions and only read after.
var baseLetters = func() *[baseLetterLimit]rune {
	var t [baseLetterLimit]rune
	for r, base := range map[rune]rune{'đ': 'd', 'Đ': 'd', 'ł': 'l', 'Ł': 'l', 'ı': 'i', 'ø': 'o', 'Ø': 'o', 'ß': 's'} {
		t[r] = base
	}
	for _, block := range [][2]rune{{0xc0, 0x24f}, {0x1e00, 0x1eff}} {
		for r := block[0]; r <= block[1]; r++ {
			if t[r] != 0 {
				continue
			}
			d := norm.NFD.String(string(r))
			base, _ := utf8.DecodeRuneInString(d)
			if base != r && base < 0x80 {
				t[r] = unicode.ToLower(base)
			}
		}
	}
	return &t
}()

// distinctWords returns the folded words of s, once for each way they
// are written (words written two ways may fold alike; posting lists add a
// document once). The list and the folded words are an allocation each;
// ws holds the memory reused from article to article.
func distinctWords(s string, ws *wordScratch) []string {
	ws.seen.reset()
	out, folded, arena := ws.out[:0], ws.folded[:0], ws.arena[:0]
	for sc := (wordScanner{s: s}); ; {
		w, plain, ok := sc.next()
		if !ok {
			break
		}
		if !ws.seen.add(w) {
			continue
		}
		if plain {
			out = append(out, w)
			continue
		}
		lo := len(arena)
		arena = appendFold(arena, w)
		folded = append(folded, foldedWord{len(out), lo, len(arena)})
		out = append(out, "")
	}
	words := slices.Clone(out)
	all := string(arena)
	for _, f := range folded {
		words[f.at] = all[f.lo:f.hi]
	}
	if cap(out) > maxReusedWords {
		// One huge file must not leave every worker its memory.
		ws.out, ws.folded, ws.arena = nil, nil, nil
		return words
	}
	// Kept for the next article without its words, which would hold the
	// text alive.
	clear(out)
	ws.out, ws.folded, ws.arena = out[:0], folded[:0], arena[:0]
	return words
}

// wordScratch is the memory distinctWords reuses: a loading worker keeps
// one, so that finding an article's words allocates only what it returns.
type wordScratch struct {
	seen   wordSet
	out    []string
	folded []foldedWord
	arena  []byte
}

// foldedWord is a word of distinctWords written folded: out[at] is
// arena[lo:hi].
type foldedWord struct{ at, lo, hi int }

// wordSet is a set of strings for distinctWords, kept by a loading worker
// from article to article: open addressing over a table that a new
// generation empties at once, where a map would be cleared slot by slot
// and hashed with more care than words need.
type wordSet struct {
	seed  maphash.Seed
	keys  []string
	gens  []uint32 // keys[i] is in the set when gens[i] == gen
	gen   uint32
	count int
}

// maxReusedWords bounds the table kept between articles: one huge file
// would otherwise leave every later article a large table to probe.
const maxReusedWords = 1 << 13

func (ws *wordSet) reset() {
	if len(ws.keys) == 0 || len(ws.keys) > 2*maxReusedWords {
		// Small: a set made for one article grows as it needs, and a
		// worker's set keeps the size it grew to.
		ws.seed = maphash.MakeSeed()
		ws.keys, ws.gens, ws.gen = make([]string, 64), make([]uint32, 64), 0
	}
	ws.gen++
	if ws.gen == 0 { // wrapped: old generations would read as current
		clear(ws.gens)
		ws.gen = 1
	}
	ws.count = 0
}

// add puts w in the set and reports whether it was new.
func (ws *wordSet) add(w string) bool {
	if 2*(ws.count+1) > len(ws.keys) {
		ws.grow()
	}
	mask := len(ws.keys) - 1
	for i := int(maphash.String(ws.seed, w)) & mask; ; i = (i + 1) & mask {
		if ws.gens[i] != ws.gen {
			ws.keys[i], ws.gens[i] = w, ws.gen
			ws.count++
			return true
		}
		if ws.keys[i] == w {
			return false
		}
	}
}

func (ws *wordSet) grow() {
	old, oldGens, gen := ws.keys, ws.gens, ws.gen
	ws.keys, ws.gens, ws.gen, ws.count = make([]string, 2*len(old)), make([]uint32, 2*len(old)), 1, 0
	for i, k := range old {
		if oldGens[i] == gen {
			ws.add(k)
		}
	}
}

// Words splits s into folded words for the word index: runs of letters
// and digits; a run of Han or kana is one word.
func Words(s string) []string {
	var out []string
	for sc := (wordScanner{s: s}); ; {
		w, _, ok := sc.next()
		if !ok {
			return out
		}
		out = append(out, Fold(w))
	}
}

// wordScanner reads the words of a text as written: runs of letters,
// digits and combining marks. A method rather than a callback, so that the
// loading workers' loop over every word of every article makes no
// indirect call a word.
type wordScanner struct {
	s string
	i int
}

// next returns the next word and whether it is plain, ASCII without
// capitals: folded as it is.
func (sc *wordScanner) next() (word string, plain, ok bool) {
	s, i := sc.s, sc.i
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if isASCIIWordByte(c) {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			break
		}
		i += size
	}
	start := i
	plain = true
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !isASCIIWordByte(c) {
				break
			}
			plain = plain && !('A' <= c && c <= 'Z')
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		plain = false
		i += size
	}
	sc.i = i
	return s[start:i], plain, start < i
}

func isASCIIWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
