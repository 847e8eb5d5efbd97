package textcase

import (
	"strings"
	"testing"
	"unicode"
)

func TestAppendLower(t *testing.T) {
	for _, s := range []string{"", "Share THIS", "LƯỢT XEM", "İLGİLİ HABER", "Ärger ÖL", "ΑΒΓ", "\ufffd", "日本語", "\xff"} {
		if got := string(AppendLower(nil, s)); got != strings.ToLower(s) {
			t.Errorf("AppendLower(%q) = %q, want %q", s, got, strings.ToLower(s))
		}
	}
}

func TestAppendMap(t *testing.T) {
	dropMarks := func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return unicode.ToUpper(r)
	}
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"ABC def", "abc def"}, // ASCII is always lower-cased
		{"e\u0301té", "etÉ"},   // the mark is dropped, é mapped
	} {
		if got := string(AppendMap([]byte("prefix "), tc.in, dropMarks)); got != "prefix "+tc.want {
			t.Errorf("AppendMap(%q) = %q, want %q", tc.in, got, "prefix "+tc.want)
		}
	}
}

func TestLowerAligned(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"", true},
		{"already lower", true},
		{"Share THIS", true},
		{"LƯỢT XEM", true},
		{"Ärger ÖL ΑΒΓ Дом", true},
		{"日本語", true},
		{"İLGİLİ HABER", false}, // İ lower-cases to i and a combining dot
		{"5 \u212a", false},     // the Kelvin sign lower-cases to ASCII k
		{"\xff", false},         // strings.ToLower writes U+FFFD
	} {
		got, ok := LowerAligned(tc.in)
		if ok != tc.ok {
			t.Errorf("LowerAligned(%q) ok = %v, want %v", tc.in, ok, tc.ok)
			continue
		}
		if ok && got != strings.ToLower(tc.in) {
			t.Errorf("LowerAligned(%q) = %q, want %q", tc.in, got, strings.ToLower(tc.in))
		}
	}
}

// TestLowerAlignedEveryRune checks the promise for every rune: when it
// lower-cases, it agrees with strings.ToLower byte for byte and offset for
// offset, and it declines exactly when the lengths differ.
func TestLowerAlignedEveryRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue // surrogates are not runes of UTF-8 text
		}
		s := "X" + string(r) + "y"
		want := strings.ToLower(s)
		got, ok := LowerAligned(s)
		if ok != (len(want) == len(s)) || ok && got != want {
			t.Fatalf("LowerAligned(%q) = %q, %v; strings.ToLower gives %q", s, got, ok, want)
		}
	}
}
