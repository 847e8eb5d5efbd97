package article

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// maxClassLiterals is the largest character class read as a set of
// literals: "[★☆]" is two, "\d" is too many to be worth it.
const maxClassLiterals = 8

// maxExact is the most strings an expression may spell to be read as
// their list.
const maxExact = 64

// requiredLiteralSets returns sets of lower-case strings such that every
// match of the pattern contains one string of each set: the parts of a
// sequence are each needed ("/" and "(" in a rating "4/5 (12)").
func requiredLiteralSets(pattern string) [][]string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	var sets [][]string
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpConcat:
			// The best single set (which may span parts: "b" then "[yY]"
			// is "by"), and then each part's own.
			if s := required(re); s != nil {
				sets = append(sets, s)
			}
			if exact(re) != nil {
				return
			}
			for _, sub := range re.Sub {
				walk(sub)
			}
		case syntax.OpCapture:
			walk(re.Sub[0])
		default:
			if s := required(re); s != nil {
				sets = append(sets, s)
			}
		}
	}
	walk(re.Simplify())
	// A set is kept once, and not at all when a space would do: every
	// line has one.
	var out [][]string
	seen := map[string]bool{}
	for _, set := range sets {
		set = slices.Clone(set)
		slices.Sort(set)
		key := strings.Join(set, "\x00")
		if seen[key] || slices.ContainsFunc(set, func(l string) bool { return strings.TrimSpace(l) == "" }) {
			continue
		}
		seen[key] = true
		out = append(out, set)
	}
	return out
}

func required(re *syntax.Regexp) []string {
	if s := exact(re); s != nil && shortest(s) > 0 {
		return s
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		// Any part of a sequence will do, and so will a run of parts
		// that spell few strings ("B" then "[yY]"); the candidate with
		// the longest shortest string rules out the most lines.
		var best, run []string
		consider := func(s []string) {
			if s != nil && shortest(s) > 0 && (best == nil || shortest(s) > shortest(best)) {
				best = s
			}
		}
		for _, sub := range re.Sub {
			if e := exact(sub); e != nil {
				if run == nil {
					run = e
				} else {
					run = product(run, e)
				}
				consider(run)
				if run == nil {
					run = e
				}
				continue
			}
			run = nil
			consider(required(sub))
		}
		return best
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s := required(sub)
			if s == nil {
				return nil
			}
			out = append(out, s...)
		}
		return out
	}
	return nil
}

// exact returns every string the expression matches, lower-cased, when
// there are few of them, and nil otherwise.
func exact(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCharClass:
		return classLiterals(re.Rune)
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s := exact(sub)
			if s == nil || len(out)+len(s) > maxExact {
				return nil
			}
			out = append(out, s...)
		}
		return out
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			s := exact(sub)
			if s == nil {
				return nil
			}
			if out = product(out, s); out == nil {
				return nil
			}
		}
		return out
	}
	return nil
}

// product returns every a followed by every b, or nil when that is more
// than maxExact strings.
func product(a, b []string) []string {
	if len(a)*len(b) > maxExact {
		return nil
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// classLiterals lists the runes of a small character class, given as
// ranges, lower-cased and each once.
func classLiterals(ranges []rune) []string {
	n := 0
	for i := 0; i < len(ranges); i += 2 {
		n += int(ranges[i+1]-ranges[i]) + 1
		if n > maxClassLiterals {
			return nil
		}
	}
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if s := strings.ToLower(string(r)); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

func shortest(list []string) int {
	n := -1
	for _, s := range list {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}

// literalSets finds, in one pass over a line, which of many sets of
// literals the line holds one of: the rules' keywords and the literals
// their patterns require. Literals are found by their first two bytes.
type literalSets struct {
	n       int
	one     [256][]int // sets with a one-byte literal, by that byte
	hasOne  [256]bool  // one[b] is not empty: read for every byte, and 256 bytes where one is 6 KB
	index   []int32    // first two bytes -> position in buckets, 0 for none
	buckets [][]setLiteral
	// starts has a bit for each pair of first bytes that index holds:
	// 8 KB that stay in the processor's cache, where index would not.
	starts [1 << 16 / 64]uint64
	// pairs has a bit for each two-byte literal, and triples one for the
	// hashed first three bytes of each longer one: pairs common in prose
	// ("re", "de", "co") start many keywords, and their buckets are read
	// only where the third byte fits too.
	pairs   [1 << 16 / 64]uint64
	triples [1 << 16 / 64]uint64
}

// tripleHash folds three bytes into the 16 bits of literalSets.triples.
func tripleHash(a, b, c byte) uint32 {
	return (uint32(a)<<16 | uint32(b)<<8 | uint32(c)) * 0x9e3779b1 >> 16
}

type setLiteral struct {
	text string
	set  int
}

func newLiteralSets() *literalSets {
	return &literalSets{index: make([]int32, 1<<16), buckets: [][]setLiteral{nil}}
}

// add registers a set and returns its number.
func (ls *literalSets) add(literals []string) int {
	set := ls.n
	ls.n++
	for _, l := range literals {
		switch len(l) {
		case 0:
		case 1:
			ls.one[l[0]] = append(ls.one[l[0]], set)
			ls.hasOne[l[0]] = true
		default:
			key := uint16(l[0])<<8 | uint16(l[1])
			ls.starts[key/64] |= 1 << (key % 64)
			if len(l) == 2 {
				ls.pairs[key/64] |= 1 << (key % 64)
			} else {
				h := tripleHash(l[0], l[1], l[2])
				ls.triples[h/64] |= 1 << (h % 64)
			}
			if ls.index[key] == 0 {
				ls.buckets = append(ls.buckets, nil)
				ls.index[key] = int32(len(ls.buckets) - 1)
			}
			ls.buckets[ls.index[key]] = append(ls.buckets[ls.index[key]], setLiteral{l, set})
		}
	}
	return set
}

// find marks in found (one bool a set) the sets whose literals s, a
// lower-cased line, holds.
func (ls *literalSets) find(s string, found []bool) {
	for i := 0; i < len(s); i++ {
		if ls.hasOne[s[i]] {
			for _, set := range ls.one[s[i]] {
				found[set] = true
			}
		}
		if i+1 == len(s) {
			break
		}
		key := uint16(s[i])<<8 | uint16(s[i+1])
		if ls.starts[key/64]&(1<<(key%64)) == 0 {
			continue
		}
		if ls.pairs[key/64]&(1<<(key%64)) == 0 {
			if i+2 == len(s) {
				continue
			}
			if h := tripleHash(s[i], s[i+1], s[i+2]); ls.triples[h/64]&(1<<(h%64)) == 0 {
				continue
			}
		}
		for _, l := range ls.buckets[ls.index[key]] {
			if !found[l.set] && len(s)-i >= len(l.text) && s[i:i+len(l.text)] == l.text {
				found[l.set] = true
			}
		}
	}
}
