// Package lang detects the language of an article.
//
// Detection first reads the writing system: Han with kana is Japanese,
// Hangul Korean, Arabic script Arabic or Persian, and so on. Within the
// Latin and Cyrillic scripts it counts function words and telltale letters
// from per-language profiles (data/profiles.json). News articles are long
// enough that function words settle the question, and the approach is
// orders of magnitude faster than n-gram models.
package lang

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealscope/dealscope/internal/textcase"
)

//go:embed data/profiles.json
var profilesJSON []byte

// Result is a detected language.
type Result struct {
	// Code is the ISO 639-1 code, or "" when nothing could be told.
	Code string
	// Confidence is in 0..1.
	Confidence float64
}

// Detector tells the language of a text.
type Detector interface {
	Detect(text string) Result
}

// sampleBytes bounds how much text is read: a few KB of prose settle the
// language, and reading more only costs time on huge files.
const sampleBytes = 8 << 10

type profile struct {
	code  string
	words []string
	chars string
}

// group holds the profiles of one script, indexed by word and letter so
// that each word of the text costs one map lookup.
type group struct {
	profiles []profile
	byWord   map[string][]int
	maxLen   int // bytes of the longest word in byWord
	// shapes has a bit for the length, first and last byte of each word
	// in byWord: most words of a text are no function word, and the bit
	// says so without a map lookup.
	shapes [1 << 16 / 64]uint64
	byChar map[rune][]int // by the lower-case letter
	// charIndex answers byChar for the runes below charLimit, in either
	// case: charLists[charIndex[r]]. The telltale letters of Latin and
	// Cyrillic, Vietnamese included, are there, and an index in a small
	// table is cheaper than lower-casing and a map lookup for every
	// accented letter of a text.
	charIndex [charLimit]uint16
	charLists [][]int // charLists[0] is empty
}

// charLimit bounds the runes group.charIndex indexes: past Latin Extended
// Additional, where the Vietnamese letters are.
const charLimit = 0x1f00

func newGroup(profiles []profile) *group {
	g := &group{profiles: profiles, byWord: map[string][]int{}, byChar: map[rune][]int{}}
	for i, p := range profiles {
		for _, w := range p.words {
			g.byWord[w] = append(g.byWord[w], i)
			g.maxLen = max(g.maxLen, len(w))
			sh := shape(w)
			g.shapes[sh/64] |= 1 << (sh % 64)
		}
		for _, r := range p.chars {
			g.byChar[r] = append(g.byChar[r], i)
		}
	}
	g.charLists = [][]int{nil}
	listOf := map[rune]uint16{} // a lower-case letter's list in charLists
	for r := range rune(charLimit) {
		lower := unicode.ToLower(r)
		profiles := g.byChar[lower]
		if profiles == nil {
			continue
		}
		if _, ok := listOf[lower]; !ok {
			listOf[lower] = uint16(len(g.charLists))
			g.charLists = append(g.charLists, profiles)
		}
		g.charIndex[r] = listOf[lower]
	}
	return g
}

// shape folds a word's length, first and last byte into 16 bits.
func shape[W string | []byte](w W) uint16 {
	if len(w) == 0 {
		return 0
	}
	return uint16(len(w))<<12 ^ uint16(w[0])<<4 ^ uint16(w[len(w)-1])
}

// countWord adds a vote for each profile that lists w, a lower-cased word.
func countWord[W string | []byte](g *group, w W, scores []float64) {
	if sh := shape(w); g.shapes[sh/64]&(1<<(sh%64)) == 0 {
		return
	}
	for _, i := range g.byWord[string(w)] {
		scores[i]++
	}
}

// telltale returns the profiles that list r, in either case, among their
// letters.
func (g *group) telltale(r rune) []int {
	if r < charLimit {
		return g.charLists[g.charIndex[r]]
	}
	return g.byChar[unicode.ToLower(r)]
}

// maxWordBytes is the longest function word any profile may hold, in
// bytes; longer ones are left out of the profiles.
const maxWordBytes = 24

// Profiles is the default Detector. It is safe for concurrent use.
type Profiles struct {
	latin    *group
	cyrillic *group
}

// ProfilesData returns the embedded profiles, so that caches of detected
// languages can be keyed by them.
func ProfilesData() []byte { return profilesJSON }

// New loads the embedded language profiles.
func New() (*Profiles, error) {
	var data map[string]map[string]struct {
		Words string `json:"words"`
		Chars string `json:"chars"`
	}
	if err := json.Unmarshal(profilesJSON, &data); err != nil {
		return nil, fmt.Errorf("lang: profiles: %w", err)
	}
	build := func(group string) []profile {
		var out []profile
		for code, p := range data[group] {
			out = append(out, profile{code: code, words: uniq(strings.Fields(p.Words)), chars: p.Chars})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].code < out[j].code })
		return out
	}
	latin, cyrillic := build("latin"), build("cyrillic")
	for _, pr := range append(latin, cyrillic...) {
		for _, w := range pr.words {
			if len(w) > maxWordBytes {
				return nil, fmt.Errorf("lang: profile %s: word %q is longer than %d bytes", pr.code, w, maxWordBytes)
			}
		}
	}
	return &Profiles{latin: newGroup(latin), cyrillic: newGroup(cyrillic)}, nil
}

func uniq(words []string) []string {
	seen := map[string]bool{}
	out := words[:0]
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Languages lists every code the detector can return.
func (p *Profiles) Languages() []string {
	codes := []string{"ja", "zh", "ko", "ar", "fa", "ur", "he", "el", "th", "hi"}
	for _, g := range []*group{p.latin, p.cyrillic} {
		for _, pr := range g.profiles {
			codes = append(codes, pr.code)
		}
	}
	sort.Strings(codes)
	return codes
}

type scriptCounts struct {
	latin, cyrillic, han, kana, hangul, arabic, persian, urdu, hebrew, greek, thai, devanagari, total int
}

// add counts a letter r at or above utf8.RuneSelf by its script.
func (c *scriptCounts) add(r rune) {
	c.total++
	switch {
	case r < 0x250:
		c.latin++
	case unicode.Is(unicode.Cyrillic, r):
		c.cyrillic++
	case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
		c.kana++
	case unicode.Is(unicode.Han, r):
		c.han++
	case unicode.Is(unicode.Hangul, r):
		c.hangul++
	case unicode.Is(unicode.Arabic, r):
		c.arabic++
		switch r {
		case 'پ', 'چ', 'ژ', 'گ', 'ی', 'ک':
			c.persian++
		case 'ٹ', 'ڈ', 'ڑ', 'ے', 'ں':
			c.urdu++
		}
	case unicode.Is(unicode.Hebrew, r):
		c.hebrew++
	case unicode.Is(unicode.Greek, r):
		c.greek++
	case unicode.Is(unicode.Thai, r):
		c.thai++
	case unicode.Is(unicode.Devanagari, r):
		c.devanagari++
	case unicode.Is(unicode.Latin, r):
		c.latin++
	}
}

// Detect returns the language of text.
func (p *Profiles) Detect(text string) Result {
	if len(text) > sampleBytes {
		cut := sampleBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	// Most text is in Latin script: its vote is taken in the pass that
	// counts the scripts, and thrown away when another script wins.
	var c scriptCounts
	latin := p.latin.vote(text, &c)
	if c.total == 0 {
		return Result{}
	}
	share := func(n int) float64 { return float64(n) / float64(c.total) }
	cjk := c.han + c.kana + c.hangul
	switch {
	case share(cjk) >= 0.3:
		switch {
		case c.hangul >= c.han+c.kana:
			return Result{"ko", confidenceOf(share(c.hangul + c.latin))}
		case c.kana*20 >= cjk:
			return Result{"ja", confidenceOf(share(cjk + c.latin))}
		default:
			return Result{"zh", confidenceOf(share(c.han + c.latin))}
		}
	case share(c.arabic) >= 0.3:
		switch {
		case c.urdu*50 >= c.arabic:
			return Result{"ur", 0.8}
		case c.persian*30 >= c.arabic:
			return Result{"fa", 0.85}
		default:
			return Result{"ar", confidenceOf(share(c.arabic + c.latin))}
		}
	case share(c.hebrew) >= 0.3:
		return Result{"he", confidenceOf(share(c.hebrew + c.latin))}
	case share(c.greek) >= 0.3:
		return Result{"el", confidenceOf(share(c.greek + c.latin))}
	case share(c.thai) >= 0.3:
		return Result{"th", confidenceOf(share(c.thai + c.latin))}
	case share(c.devanagari) >= 0.3:
		return Result{"hi", confidenceOf(share(c.devanagari + c.latin))}
	case c.cyrillic > c.latin:
		return p.cyrillic.decide(p.cyrillic.vote(text, nil))
	}
	return p.latin.decide(latin)
}

func confidenceOf(share float64) float64 {
	return clamp(0.5+share/2, 0, 0.99)
}

func clamp(x, lo, hi float64) float64 { return max(lo, min(hi, x)) }

// vote scores each profile by the function words and telltale letters
// found in text, and counts the letters of each script into c unless it
// is nil.
func (g *group) vote(text string, c *scriptCounts) []float64 {
	scores := make([]float64, len(g.profiles))
	start := -1
	var lower [4 * maxWordBytes]byte
	ascii := true  // the word so far is ASCII: lower-casing keeps its length
	upper := false // the word so far has an ASCII capital
	flush := func(end int) {
		// Function words are short: longer words need no lookup (lower
		// case shrinks a rune three times at most), and the rest are
		// lower-cased without allocating, unless they are already.
		if w := text[start:end]; len(w) <= g.maxLen || !ascii && len(w) <= 3*g.maxLen {
			if ascii && !upper {
				countWord(g, w, scores)
			} else {
				countWord(g, textcase.AppendLower(lower[:0], w), scores)
			}
		}
		start = -1
	}
	for i, r := range text {
		var letter, capital bool
		if r < utf8.RuneSelf {
			capital = 'A' <= r && r <= 'Z'
			letter = capital || 'a' <= r && r <= 'z'
			if letter && c != nil {
				c.total++
				c.latin++
			}
		} else if unicode.IsLetter(r) {
			letter = true
			if c != nil {
				c.add(r)
			}
		} else {
			letter = unicode.Is(unicode.Mn, r)
		}
		switch {
		case letter && start < 0:
			start, ascii, upper = i, true, false
		case !letter && start >= 0:
			flush(i)
		}
		upper = upper || capital
		if letter && r >= utf8.RuneSelf {
			ascii = false
			for _, i := range g.telltale(r) {
				scores[i] += 0.25
			}
		}
	}
	if start >= 0 {
		flush(len(text))
	}
	return scores
}

// decide turns the scores of vote into a language and a confidence.
func (g *group) decide(scores []float64) Result {
	profiles := g.profiles
	best, second := -1, -1
	for i := range scores {
		switch {
		case best < 0 || scores[i] > scores[best]:
			best, second = i, best
		case second < 0 || scores[i] > scores[second]:
			second = i
		}
	}
	if best < 0 || scores[best] == 0 {
		return Result{}
	}
	top := scores[best]
	runnerUp := 0.0
	if second >= 0 {
		runnerUp = scores[second]
	}
	// A cubic share turns "three times the runner-up" into about 0.97.
	p := top * top * top / (top*top*top + runnerUp*runnerUp*runnerUp)
	evidence := min(1, top/10)
	return Result{Code: profiles[best].code, Confidence: clamp(0.5+(p-0.5)*evidence, 0, 0.99)}
}
