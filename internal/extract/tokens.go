package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealscope/dealscope/internal/textcase"
)

// token is a word of the text with its byte span.
type token struct {
	start, end int
	text       string
	lower      string
	hash       uint32 // wordHash(lower)
	gapBefore  string // the text between the previous token and this one
	upper      bool   // starts with an upper-case letter
	cjk        bool   // a run of Han or kana, written without spaces
	digit      bool   // starts with a digit
	sentence   int    // index of the sentence in the article
}

// adjacent reports whether next follows t with nothing but spaces between.
func (t token) adjacent(next token) bool {
	return strings.Trim(next.gapBefore, " ") == ""
}

func isCJK(r rune) bool {
	if r < 0x2e80 { // below the CJK radicals: no Han, kana or their marks
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー' || r == '・'
}

func isHangul(r rune) bool { return r >= 0x1100 && unicode.Is(unicode.Hangul, r) }

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	// The katakana middle dot joins the parts of a name: グーグル・クラウド.
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || r == '・'
}

// tokenize splits text[start:end] into words. Apostrophes and hyphens split
// words ("Microsoft'un", "l’annonce", "Cloud-Dienste"), and so does a change
// between CJK or Hangul and other scripts ("Microsoftは", "AWS와").
// Lower-case forms are sliced from lower, text lower-cased with every rune
// keeping its length (article.Article.Lower), when there is one. Without,
// forms that differ from the word are written to lc and given to the
// tokens by lc.assign; without lc too, each is allocated.
func tokenize(text, lower string, start, end, sentence int, out []token, lc *lowerCaser) []token {
	prevEnd := start
	i := start
	for i < end {
		if c := text[i]; c < utf8.RuneSelf && !isASCIIWord(c) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i + size
		cjk, hangul := isCJK(r), isHangul(r)
		for j < end {
			// ASCII, the most of most texts, without decoding: it ends
			// a word of CJK, and its letters end a word of Hangul.
			if c := text[j]; c < utf8.RuneSelf {
				if !isASCIIWord(c) || cjk || hangul && !('0' <= c && c <= '9') {
					break
				}
				j++
				continue
			}
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			// A change of script ends a word: "Microsoft는", "KT클라우드".
			if !isWordRune(r2) || isCJK(r2) != cjk || (isHangul(r2) != hangul && unicode.IsLetter(r2)) {
				break
			}
			j += s2
		}
		w := text[i:j]
		lw := w
		switch {
		case lower != "":
			lw = lower[i:j]
		case !needsLower(w):
		case lc != nil:
			lc.add(len(out), w)
			lw = ""
		default:
			lw = strings.ToLower(w)
		}
		out = append(out, token{
			start: i, end: j, text: w, lower: lw, hash: wordHash(lw),
			gapBefore: text[prevEnd:i],
			upper:     unicode.IsUpper(r),
			cjk:       cjk,
			digit:     unicode.IsDigit(r),
			sentence:  sentence,
		})
		prevEnd = j
		i = j
	}
	return out
}

// lowerCaser gathers the lower-case forms of an article's words in one
// buffer, so that they cost one allocation rather than one a word.
type lowerCaser struct {
	buf   []byte
	forms []lowerForm
}

// lowerForm is the lower-case form of token tok: buf[lo:hi].
type lowerForm struct{ tok, lo, hi int }

func (lc *lowerCaser) add(tok int, w string) {
	lo := len(lc.buf)
	lc.buf = textcase.AppendLower(lc.buf, w)
	lc.forms = append(lc.forms, lowerForm{tok, lo, len(lc.buf)})
}

// assign sets the lower-case forms of toks and empties lc for reuse.
func (lc *lowerCaser) assign(toks []token) {
	all := string(lc.buf)
	for _, f := range lc.forms {
		toks[f.tok].lower = all[f.lo:f.hi]
		toks[f.tok].hash = wordHash(toks[f.tok].lower)
	}
	lc.buf, lc.forms = lc.buf[:0], lc.forms[:0]
}

// needsLower reports whether strings.ToLower would change w.
func needsLower(w string) bool {
	for _, r := range w {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				return true
			}
		} else if unicode.ToLower(r) != r {
			return true
		}
	}
	return false
}

// splitWords splits a phrase the way tokenize does, for matching.
func splitWords(s string) []string {
	toks := tokenize(s, "", 0, len(s), 0, nil, nil)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}

// isAllCaps reports words such as "AWS" or "IBM" that must match exactly.
func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}
