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
