package corpus

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/dealscope/dealscope/internal/corpus/testcorpus"
)

func seedIndex(t testing.TB) *Index {
	t.Helper()
	docs, errs := newPipeline(t).LoadSeeds(context.Background())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return NewIndex(docs...)
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in      string
		want    []Term
		wantErr string
	}{
		{"", nil, ""},
		{"lang:de", []Term{{Facet: FacetLang, Value: "de"}}, ""},
		{"cloud -lang:vi", []Term{{Value: "cloud"}, {Facet: FacetLang, Value: "vi", Negate: true}}, ""},
		{`partner:"deutsche bank"`, []Term{{Facet: FacetPartner, Value: "deutsche bank"}}, ""},
		{"year:2018..2021", []Term{{Facet: FacetYear, Value: "2018..2021", From: 2018, To: 2021}}, ""},
		{"YEAR:2020", []Term{{Facet: FacetYear, Value: "2020", From: 2020, To: 2020}}, ""},
		{"-", []Term{{Value: "-"}}, ""},
		{"color:red", nil, "unknown facet"},
		{"lang:", nil, "needs a value"},
		{"year:20x", nil, "not a year"},
		{"year:2021..2018", nil, "backwards"},
		{`partner:"deutsche`, nil, "unclosed quote"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if tt.wantErr != "" {
				var qe *QueryError
				if !errors.As(err, &qe) || !contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(q.Terms, tt.want) {
				t.Errorf("terms = %+v, want %+v", q.Terms, tt.want)
			}
			if again, err := ParseQuery(q.String()); err != nil || !slices.Equal(again.Terms, q.Terms) {
				t.Errorf("String() %q does not parse back: %v", q.String(), err)
			}
		})
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub)))
}

func TestFilter(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		query string
		want  []string // ids by number prefix, in date order
	}{
		{"", []string{"000", "001", "002", "003"}},
		{"lang:vi", []string{"001"}},
		{"lang:de lang:nl", []string{"000", "002"}},
		{"-lang:vi", []string{"000", "002", "003"}},
		{"partner:foxconn", []string{"000"}},
		{"partner:fox", []string{"000"}},
		{"competitor:amazon", []string{"001", "002"}},
		{"vendor:microsoft type:partnership", []string{"002", "003"}},
		{"type:government", []string{"001"}},
		{"year:2018..2020", []string{"001", "002"}},
		{"year:2017", []string{"003"}},
		{"place:redmond", []string{"000", "002"}},
		{"person:crozier", []string{"003"}},
		{"product:azure", []string{"000", "002"}},
		{"volkswagen", []string{"002"}},
		{"cloud microsoft", []string{"000", "002", "003"}},
		{"telefonica", nil},
		{"điện toán", []string{"001"}},
		{"dien", []string{"000", "001", "002"}},
		{"-foxconn -jedi", []string{"002", "003"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, i := range ix.Filter(q, SortTitle) {
				got = append(got, ix.Doc(i).ID[:3])
			}
			sort.Strings(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Filter(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestSortAndValues(t *testing.T) {
	ix := seedIndex(t)
	var dates []string
	for _, i := range ix.Filter(Query{}, SortDate) {
		dates = append(dates, ix.Doc(i).Date)
	}
	if !slices.IsSortedFunc(dates, func(a, b string) int { return -compare(a, b) }) {
		t.Errorf("date order %v is not newest first", dates)
	}
	langs := ix.Values(FacetLang, nil)
	if len(langs) != 4 || langs[0].Count != 1 {
		t.Errorf("lang values %+v", langs)
	}
	q, _ := ParseQuery("vendor:microsoft")
	comp := ix.Values(FacetCompetitor, ix.Match(q))
	if len(comp) != 1 || comp[0] != (ValueCount{"Amazon Web Services", 2}) {
		t.Errorf("competitor values %+v", comp)
	}
	if SortTitle.Next() != SortDate || SortDate.String() != "date" {
		t.Errorf("sort cycle broken")
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Telefónica": "telefonica", "ĐỒNG": "dong", "Łódź": "lodz", "Microsoft": "microsoft", "Müller": "muller"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// bigIndex makes n documents from generated articles: a few hundred are
// extracted for real, then copied with other ids, dates and languages.
func bigIndex(tb testing.TB, n int) *Index {
	tb.Helper()
	g, err := testcorpus.New(1)
	if err != nil {
		tb.Fatal(err)
	}
	p := newPipeline(tb)
	var base []*Doc
	for i := range 300 {
		name, raw := g.Article(i)
		d, err := p.Process(name, raw)
		if err != nil {
			tb.Fatal(err)
		}
		base = append(base, d)
	}
	docs := make([]*Doc, n)
	for i := range docs {
		d := *base[i%len(base)]
		d.ID, d.Language, d.Date = testcorpus.Variant(i)
		d.Source = d.ID + ".txt"
		docs[i] = &d
	}
	return NewIndex(docs...)
}

func TestBigIndex(t *testing.T) {
	ix := bigIndex(t, 2000)
	q, _ := ParseQuery("lang:vi year:2015..2016 -partner:contoso")
	for _, i := range ix.Filter(q, SortDate) {
		d := ix.Doc(i)
		if d.Language != "vi" || d.Date < "2015" || d.Date >= "2017" || slices.Contains(d.Partners, "Contoso") {
			t.Fatalf("%s does not match: %s %s %v", d.ID, d.Language, d.Date, d.Partners)
		}
	}
}

// BenchmarkFilter100k is the time from a changed query to the new list at
// 100,000 articles.
func BenchmarkFilter100k(b *testing.B) {
	ix := bigIndex(b, 100_000)
	ix.SortOrders() // as at the end of a load, not per keystroke
	queries := []string{"m", "mi", "micro", "lang:vi", "partner:volkswagen year:2018..2021", "cloud -lang:de type:customer", "vendor:google product:azure"}
	parsed := make([]Query, len(queries))
	for i, s := range queries {
		q, err := ParseQuery(s)
		if err != nil {
			b.Fatal(err)
		}
		parsed[i] = q
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Filter(parsed[i%len(parsed)], SortDate)
	}
}

// BenchmarkNewIndex100k is building the index of 100,000 articles: facets,
// words and the sort orders.
func BenchmarkNewIndex100k(b *testing.B) {
	docs := bigIndex(b, 100_000).docs
	b.ResetTimer()
	for b.Loop() {
		NewIndex(docs...).SortOrders()
	}
}

func TestAddInBatchesMatchesAllAtOnce(t *testing.T) {
	whole := bigIndex(t, 600)
	batched := NewIndex()
	for i := 0; i < whole.Len(); i += 97 {
		batched.Add(whole.docs[i:min(i+97, whole.Len())]...)
		// As while loading: the order on screen is merged batch by batch,
		// the others are sorted once when first asked for.
		batched.Filter(Query{}, SortDate)
	}
	if !slices.Equal(whole.vocab, batched.vocab) {
		t.Fatalf("vocabularies differ: %d and %d words", len(whole.vocab), len(batched.vocab))
	}
	for k := range sortKeys {
		if !slices.Equal(whole.Filter(Query{}, k), batched.Filter(Query{}, k)) {
			t.Errorf("order %s differs when added in batches", k)
		}
	}
	q, _ := ParseQuery("micro lang:vi")
	if !slices.Equal(whole.Filter(q, SortDate), batched.Filter(q, SortDate)) {
		t.Errorf("filter differs when added in batches")
	}
}

func TestWordSet(t *testing.T) {
	var ws wordSet
	for round := range 3 {
		ws.reset()
		// Enough words to grow the table twice.
		for i := range 5000 {
			w := fmt.Sprintf("w%d-%d", round, i)
			if !ws.add(w) {
				t.Fatalf("round %d: %q reported as present", round, w)
			}
			if ws.add(w) {
				t.Fatalf("round %d: %q added twice", round, w)
			}
		}
		if ws.count != 5000 {
			t.Errorf("round %d: count %d", round, ws.count)
		}
	}
	ws.gen = ^uint32(0) // the next reset wraps the generation
	ws.reset()
	if !ws.add("w2-1") {
		t.Error("a word of the last article is present after the generation wrapped")
	}
}

// TestFoldIgnoresCase backs reading an article's words from its
// lower-cased text: for every rune that lower-cases to the same length,
// folding the lower case gives what folding the rune gives.
func TestFoldIgnoresCase(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		s := string(r)
		lower := strings.ToLower(s)
		if len(lower) == len(s) && Fold(s) != Fold(lower) {
			t.Errorf("%U: Fold gives %q, and %q from its lower case %q", r, Fold(s), Fold(lower), lower)
		}
	}
}

// TestDistinctWords checks the loading workers' words against Words, the
// query side's: a word found one way and searched the other must meet.
func TestDistinctWords(t *testing.T) {
	var ws wordScratch
	for _, s := range []string{
		"",
		"Microsoft und Microsoft, MICROSOFT",
		"Telefónica firmó con Google Cloud; telefonica",
		"Lượt xem: 1.234 — đồng",
		"e\u0301té Ǆemal",
		"マイクロソフト・クラウド 2024年",
		"\xff broken \xfe",
		"end-of-line\n",
	} {
		want := map[string]bool{}
		for _, w := range Words(s) {
			want[w] = true
		}
		got := map[string]bool{}
		for _, w := range distinctWords(s, &ws) {
			got[w] = true
		}
		if !maps.Equal(got, want) {
			t.Errorf("distinctWords(%q) = %v, Words gives %v", s, got, want)
		}
	}
}
