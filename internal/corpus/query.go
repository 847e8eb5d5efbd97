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
	if t.Facet != "" {
		b.WriteString(string(t.Facet))
		b.WriteByte(':')
	}
	if strings.ContainsAny(t.Value, " \t") {
		b.WriteString(strconv.Quote(t.Value))
	} else {
		b.WriteString(t.Value)
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
	text string
	pos  int
	err  error
}

// splitQuery splits at spaces outside double quotes.
func splitQuery(s string) []queryToken {
	var out []queryToken
	var b strings.Builder
	start, inQuote, quoteAt := -1, false, 0
	flush := func() {
		if start >= 0 {
			out = append(out, queryToken{text: b.String(), pos: start})
		}
		b.Reset()
		start = -1
	}
	for i, r := range s {
		switch {
		case r == '"':
			if start < 0 {
				start = i
			}
			inQuote = !inQuote
			quoteAt = i
			b.WriteRune(r)
		case unicode.IsSpace(r) && !inQuote:
			flush()
		default:
			if start < 0 {
				start = i
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
	s := tok.text
	var t Term
	if strings.HasPrefix(s, "-") && len(s) > 1 {
		t.Negate = true
		s = s[1:]
	}
	name, value, isFacet := strings.Cut(s, ":")
	if !isFacet || strings.HasPrefix(name, `"`) {
		t.Value = unquote(s)
		return t, nil
	}
	f := Facet(strings.ToLower(name))
	if !validFacet(f) {
		return Term{}, &QueryError{Pos: tok.pos, Msg: fmt.Sprintf("unknown facet %q: use %s", name, facetList())}
	}
	t.Facet = f
	t.Value = unquote(value)
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

func unquote(s string) string {
	if len(s) >= 2 && strings.HasPrefix(s, `"`) && strings.HasSuffix(s, `"`) {
		return s[1 : len(s)-1]
	}
	return s
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
