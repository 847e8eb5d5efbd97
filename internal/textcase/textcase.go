// Package textcase writes text lower-cased, or mapped rune by rune, into
// byte buffers the caller reuses: the loading workers lower-case every
// word of every article, and strings.ToLower allocates for each.
package textcase

import (
	"unicode"
	"unicode/utf8"
)

// AppendLower appends s to dst lower-cased as strings.ToLower does it.
func AppendLower(dst []byte, s string) []byte { return AppendMap(dst, s, unicode.ToLower) }

// AppendMap appends s to dst with ASCII letters lower-cased and every
// other rune replaced by fn(r), or dropped when fn returns a negative
// rune. ASCII is read without decoding: most text is mostly ASCII.
func AppendMap(dst []byte, s string, fn func(rune) rune) []byte {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r = fn(r); r >= 0 {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}
