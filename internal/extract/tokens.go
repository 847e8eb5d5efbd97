package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
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
// keeping its length (article.Article.Lower), when there is one, and made
// word by word when not.
func tokenize(text, lower string, start, end, sentence int, out []token) []token {
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
		var lw string
		if lower != "" {
			lw = lower[i:j]
		} else {
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

// splitWords splits a phrase the way tokenize does, for matching.
func splitWords(s string) []string {
	toks := tokenize(s, "", 0, len(s), 0, nil)
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
