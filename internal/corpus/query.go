package corpus

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Facet is a field the filter query can select on.
type Facet string

// The facets of the query language, in the order help lists them.
const (
	FacetLang       Facet = "lang"
	FacetVendor     Facet = "vendor"
	FacetPartner    Facet = "partner"
	FacetCompetitor Facet = "competitor"
	FacetProduct    Facet = "product"
	FacetPlace      Facet = "place"
	FacetPerson     Facet = "person"
	FacetType       Facet = "type"
	FacetYear       Facet = "year"
)

// Facets lists every facet.
var Facets = []Facet{FacetLang, FacetVendor, FacetPartner, FacetCompetitor, FacetProduct, FacetPlace, FacetPerson, FacetType, FacetYear}

// Term is one element of a query: a free word, or facet:value, possibly
// negated with a leading "-".
type Term struct {
	Facet  Facet // "" for a free word
	Value  string
	Negate bool
	// From and To bound a year range ("year:2018..2021"); both equal for one year.
	From, To int
}

// String writes the term back in query syntax.
func (t Term) String() string {
	var b strings.Builder
	if t.Negate {
		b.WriteByte('-')
	}
	v := t.Value
	if t.Facet != "" {
		b.WriteString(string(t.Facet))
		b.WriteByte(':')
	}
	// Quote what would otherwise read differently: spaces, a colon or a
	// leading "-" in a free word. Values hold no quotes (they delimit).
	if strings.IndexFunc(v, unicode.IsSpace) >= 0 || (t.Facet == "" && (strings.Contains(v, ":") || strings.HasPrefix(v, "-"))) || v == "" {
		b.WriteString(`"` + v + `"`)
	} else {
		b.WriteString(v)
	}
	return b.String()
}

// Query is a parsed filter: terms of different facets AND, terms of the
// same facet OR, negated terms exclude, free words must all match.
type Query struct {
	Terms []Term
}

// Empty reports a query that selects everything.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// String writes the query back in its syntax.
func (q Query) String() string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		parts[i] = t.String()
	}
	return strings.Join(parts, " ")
}

// QueryError says what is wrong with a query and where.
type QueryError struct {
	Pos int
	Msg string
}

func (e *QueryError) Error() string { return fmt.Sprintf("at %d: %s", e.Pos+1, e.Msg) }

// ParseQuery reads the filter syntax: free words, facet:value,
// facet:"two words", year:2018..2021, and - to negate.
func ParseQuery(s string) (Query, error) {
	var q Query
	for _, tok := range splitQuery(s) {
		if tok.err != nil {
			return Query{}, tok.err
		}
		t, err := parseTerm(tok)
		if err != nil {
			return Query{}, err
		}
		q.Terms = append(q.Terms, t)
	}
	return q, nil
}

type queryToken struct {
	text    string // quotes removed
	colon   int    // index in text of the first colon outside quotes, or -1
	negated bool   // a "-" outside quotes opened it
	pos     int
	err     error
}

// splitQuery splits at spaces outside double quotes. Quotes delimit and
// are dropped: `partner:"deutsche bank"` is one token.
func splitQuery(s string) []queryToken {
	var out []queryToken
	var b strings.Builder
	tok := queryToken{colon: -1, pos: -1}
	inQuote, quoteAt := false, 0
	flush := func() {
		if tok.pos >= 0 {
			tok.text = b.String()
			out = append(out, tok)
		}
		b.Reset()
		tok = queryToken{colon: -1, pos: -1}
	}
	for i, r := range s {
		if tok.pos < 0 && !unicode.IsSpace(r) {
			tok.pos = i
		}
		switch {
		case r == '"':
			inQuote = !inQuote
			quoteAt = i
		case unicode.IsSpace(r) && !inQuote:
			flush()
		case r == '-' && !inQuote && b.Len() == 0 && !tok.negated && tok.colon < 0:
			tok.negated = true
		default:
			if r == ':' && !inQuote && tok.colon < 0 {
				tok.colon = b.Len()
			}
			b.WriteRune(r)
		}
	}
	if inQuote {
		return append(out, queryToken{err: &QueryError{Pos: quoteAt, Msg: "unclosed quote"}})
	}
	flush()
	return out
}

func parseTerm(tok queryToken) (Term, error) {
	t := Term{Negate: tok.negated}
	if tok.colon < 0 {
		t.Value = tok.text
		if t.Value == "" && t.Negate {
			t.Value, t.Negate = "-", false // a lone "-" is a word
		}
		return t, nil
	}
	name, value := tok.text[:tok.colon], tok.text[tok.colon+1:]
	f := Facet(strings.ToLower(name))
	if !validFacet(f) {
		return Term{}, &QueryError{Pos: tok.pos, Msg: fmt.Sprintf("unknown facet %q: use %s", name, facetList())}
	}
	t.Facet = f
	t.Value = value
	if strings.TrimSpace(t.Value) == "" {
		return Term{}, &QueryError{Pos: tok.pos, Msg: fmt.Sprintf("%s: needs a value, as in %s", f, facetExample(f))}
	}
	if f == FacetYear {
		from, to, err := parseYears(t.Value)
		if err != nil {
			return Term{}, &QueryError{Pos: tok.pos, Msg: err.Error()}
		}
		t.From, t.To = from, to
	}
	return t, nil
}

func validFacet(f Facet) bool {
	for _, g := range Facets {
		if g == f {
			return true
		}
	}
	return false
}

func facetList() string {
	names := make([]string, len(Facets))
	for i, f := range Facets {
		names[i] = string(f) + ":"
	}
	return strings.Join(names, " ")
}

func facetExample(f Facet) string {
	switch f {
	case FacetLang:
		return "lang:de"
	case FacetType:
		return "type:customer"
	case FacetYear:
		return "year:2020 or year:2018..2021"
	}
	return string(f) + ":microsoft"
}

func parseYears(v string) (int, int, error) {
	lo, hi, isRange := strings.Cut(v, "..")
	from, err := strconv.Atoi(lo)
	if err != nil || from < 1000 || from > 9999 {
		return 0, 0, fmt.Errorf("year: %q is not a year, as in year:2020 or year:2018..2021", v)
	}
	if !isRange {
		return from, from, nil
	}
	to, err := strconv.Atoi(hi)
	if err != nil || to < 1000 || to > 9999 {
		return 0, 0, fmt.Errorf("year: %q is not a range, as in year:2018..2021", v)
	}
	if to < from {
		return 0, 0, fmt.Errorf("year: range %d..%d runs backwards", from, to)
	}
	return from, to, nil
}
