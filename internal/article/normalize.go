package article

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nfcInert has a bit for each rune of the Basic Multilingual Plane that is
// in NFC and cannot combine with anything before it: text made of such
// runes is in NFC, so most text, curly quotes and Vietnamese letters
// included, skips the check. A Parser builds it once (3 ms) and only
// reads it after.
type nfcInert [1 << 16 / 64]uint64

func newNFCInert() *nfcInert {
	var t nfcInert
	buf := make([]byte, 0, utf8.UTFMax)
	for r := rune(0); r < 1<<16; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		b := utf8.AppendRune(buf[:0], r)
		if norm.NFC.Properties(b).BoundaryBefore() && norm.NFC.IsNormal(b) {
			t[r/64] |= 1 << (r % 64)
		}
	}
	return &t
}

// has reports whether r is inert.
func (t *nfcInert) has(r rune) bool { return r < 1<<16 && t[r/64]&(1<<(r%64)) != 0 }

// normalized is the result of cleaning raw bytes into displayable text.
type normalized struct {
	text         string
	invalidUTF8  int
	controlChars int
}

// normalize decodes raw bytes into NFC text that is safe to print: a BOM is
// dropped, CRLF and CR become LF, invalid UTF-8 becomes U+FFFD and every
// control character (escape sequences included) becomes a visible Control
// Pictures placeholder, so article text can never drive the terminal.
// inert tells which runes need no NFC check.
func normalize(raw []byte, inert *nfcInert) normalized {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	var n normalized
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/8)
	// Text is copied in runs of bytes that stay as they are, and
	// written anew only where something changes.
	done := 0        // raw[:done] is written
	allInert := true // every rune kept is NFC-inert
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != 0x7f || c == '\n' {
				i++
				continue
			}
			b.Write(raw[done:i])
			i++
			switch {
			case c == '\r':
				b.WriteByte('\n')
				if i < len(raw) && raw[i] == '\n' {
					i++
				}
			case c == '\t':
				b.WriteByte(' ')
			case c < 0x20:
				n.controlChars++
				b.WriteRune(0x2400 + rune(c))
			default: // DEL
				n.controlChars++
				b.WriteRune('\u2421')
			}
			done = i
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		invalid := r == utf8.RuneError && size == 1
		if !invalid && (r < 0x80 || r > 0x9f) && !isInvisibleFormat(r) && r != '\u2028' && r != '\u2029' {
			allInert = allInert && inert.has(r)
			i += size
			continue
		}
		b.Write(raw[done:i])
		i += size
		switch {
		case invalid:
			n.invalidUTF8++
			b.WriteRune(utf8.RuneError)
		case r >= 0x80 && r <= 0x9f:
			n.controlChars++
			b.WriteRune(utf8.RuneError)
		case isInvisibleFormat(r):
			n.controlChars++
		default: // line and paragraph separators
			b.WriteByte('\n')
		}
		done = i
	}
	b.Write(raw[done:])
	n.text = b.String()
	// Text of NFC-inert runes is NFC (TestNFCInert). U+FFFD, written for
	// bad bytes, is inert too.
	if !allInert {
		n.text = norm.NFC.String(n.text)
	}
	return n
}

// isInvisibleFormat reports the bidirectional overrides and isolates that
// can reorder what a terminal shows; they are dropped so that right-to-left
// text cannot break a row. Natural RTL text needs none of them.
func isInvisibleFormat(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0xfeff
}

// looksBinary reports input that is not text: a NUL byte in the first 8 KiB,
// or more than one control byte in ten.
func looksBinary(raw []byte) bool {
	head := raw[:min(len(raw), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for i := 0; i < len(head); i++ {
		// Eight bytes at a time while none is below 0x20: a line break
		// every few dozen bytes leaves most words of text to skip whole.
		if i+8 <= len(head) && !hasByteBelowSpace(binary.LittleEndian.Uint64(head[i:])) {
			i += 7
			continue
		}
		if c := head[i]; c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x1b {
			ctl++
		}
	}
	return len(head) > 0 && ctl*10 > len(head)
}

// hasByteBelowSpace reports whether one of the eight bytes of x is below
// 0x20: subtracting 0x20 from each borrows into its top bit only from a
// byte below it (a byte with its top bit set is masked out by ^x).
func hasByteBelowSpace(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x-0x20*ones)&^x&highs != 0
}
