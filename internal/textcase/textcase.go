// Package textcase lower-cases text for the loading workers without
// strings.ToLower's allocation for every word: into byte buffers the
// caller reuses, mapped rune by rune, or as one copy of a whole text
// aligned byte for byte with it.
package textcase

import (
	"strings"
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

// LowerAligned returns s lower-cased as strings.ToLower does it, when that
// keeps every rune's length: then a byte offset of s is the same offset of
// the result, and one lower-cased copy of a text serves every span of it.
// It reports false for the rare text where it cannot (the Kelvin sign,
// Turkish İ), which callers lower-case piece by piece instead.
func LowerAligned(s string) (string, bool) {
	// Unchanged runs are copied whole, and the result is built in place
	// of its string: one allocation, none when nothing changes.
	var b strings.Builder
	done := 0 // s[:done] is written to b
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				if done == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				b.WriteByte(c + 'a' - 'A')
				done = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return "", false // strings.ToLower writes U+FFFD: three bytes for one
		}
		if lr := unicode.ToLower(r); lr != r {
			if utf8.RuneLen(lr) != size {
				return "", false
			}
			if done == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[done:i])
			b.WriteRune(lr)
			done = i + size
		}
		i += size
	}
	if done == 0 {
		return s, true
	}
	b.WriteString(s[done:])
	return b.String(), true
}
