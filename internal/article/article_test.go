package article

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func newParser(tb testing.TB) *Parser {
	tb.Helper()
	p, err := NewParser()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestParse(t *testing.T) {
	p := newParser(t)
	tests := []struct {
		name       string
		raw        string
		text       string // expected Text, when given
		title      string
		headerDate string
		warning    string // a substring of one warning
	}{
		{name: "bom and crlf", raw: "\xef\xbb\xbfTitle here\r\nBody text.\r\n", text: "Title here\nBody text.\n", title: "Title here"},
		{name: "lone cr", raw: "Title\rBody.", text: "Title\nBody."},
		{name: "nfc", raw: "Cafe\u0301 signs deal\nBody.", text: "Café signs deal\nBody.", title: "Café signs deal"},
		{name: "header", raw: " date 2021-03 Foxconn is a customer. More text.", headerDate: "2021-03", title: "Foxconn is a customer."},
		{name: "header with day", raw: " date 2020-08-22 Something happened. Later.", headerDate: "2020-08-22"},
		{name: "malformed header", raw: " date 2021-13 Text follows.", warning: "malformed date header"},
		{name: "header not a date", raw: " date soon Text follows.", warning: "malformed date header"},
		{name: "invalid utf8", raw: "Microsoft \xff\xfe signs.\nMore.", warning: "invalid UTF-8"},
		{name: "escape sequences", raw: "Title \x1b]0;pwned\x07 \x1b[2J\nBody \x1b]52;c;aGk=\x07.", warning: "control characters"},
		{name: "first sentence title", raw: "Microsoft wins. It is big news for the cloud.\nSecond paragraph.", title: "Microsoft wins."},
		{name: "repeated headline", raw: "Big deal\n\nBig deal\n\nBody text here.", title: "Big deal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := p.Parse("dir/"+tt.name+".txt", []byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if tt.text != "" && a.Text != tt.text {
				t.Errorf("Text = %q, want %q", a.Text, tt.text)
			}
			if tt.title != "" && a.Title != tt.title {
				t.Errorf("Title = %q, want %q", a.Title, tt.title)
			}
			if a.HeaderDate != tt.headerDate {
				t.Errorf("HeaderDate = %q, want %q", a.HeaderDate, tt.headerDate)
			}
			if tt.warning != "" && !strings.Contains(strings.Join(a.Warnings, "|"), tt.warning) {
				t.Errorf("Warnings = %q, want one with %q", a.Warnings, tt.warning)
			}
			checkInvariants(t, a)
		})
	}
}

func TestParseRejects(t *testing.T) {
	p := newParser(t)
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"blank", []byte(" \n\t\r\n"), ErrEmpty},
		{"nul bytes", []byte("PK\x03\x04\x00\x00binary"), ErrBinary},
		{"control soup", []byte(strings.Repeat("\x01\x02\x03a", 100)), ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Parse("x.txt", tt.raw)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Source != "x.txt" {
				t.Errorf("err = %#v, want a *ParseError naming the file", err)
			}
		})
	}
}

func TestGluedSentences(t *testing.T) {
	p := newParser(t)
	a, err := p.Parse("x.txt", []byte("Er wagt den Sprung in die Cloud.Wie Microsoft sagt, ist das gut. Die U.S. Army nutzt ASP.NET und Node.js heute."))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range a.Sentences {
		got = append(got, a.Text[s.Start:s.End])
	}
	want := []string{"Er wagt den Sprung in die Cloud.", "Wie Microsoft sagt, ist das gut.", "Die U.S. Army nutzt ASP.NET und Node.js heute."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q\nwant %q", got, want)
	}
}

func TestBoilerplateOfSeeds(t *testing.T) {
	p := newParser(t)
	tests := []struct {
		file   string
		reason string
		text   string
	}{
		{"001_3882541287eb2bc0.txt", "views", "Lượt xem: 1,705"},
		{"001_3882541287eb2bc0.txt", "rating", "4/5 (1,024 lượt)"},
		{"001_3882541287eb2bc0.txt", "duplicate", "Microsoft không bình luận trực tiếp về vấn đề này mà chỉnh nói chung chung về sự hợp tác"},
		{"001_3882541287eb2bc0.txt", "related", "Bài viết liên quan"},
		{"003_0a04c846ff79af20.txt", "credit", "(Crédit : D.R.)"},
		{"003_0a04c846ff79af20.txt", "comment", "les données dans le cloud Huawei"},
		{"003_0a04c846ff79af20.txt", "report-abuse", "Signaler un abus"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("../../seeds", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := p.Parse(tt.file, raw)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range a.Boilerplate {
				if b.Reason == tt.reason && strings.HasPrefix(a.Text[b.Start:b.End], tt.text) {
					return
				}
			}
			t.Errorf("no %s boilerplate starting %q in %+v", tt.reason, tt.text, a.Boilerplate)
		})
	}
}

func TestBoilerplateRules(t *testing.T) {
	p := newParser(t)
	tests := []struct {
		name, line, reason string
	}{
		{"phone", "0913.111111", "phone"},
		{"phone with label", "Hotline: +84 913 111 111", "phone"},
		{"share", "Chat Zalo", "share"},
		{"share de", "Teilen", "share"},
		{"views en", "Views: 12,345", "views"},
		{"stars", "★★★★☆", "rating"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "Microsoft signs a deal with a bank in Hanoi today.\n" + tt.line + "\nThe bank will use Azure for its systems."
			a, err := p.Parse("x.txt", []byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			start := strings.Index(a.Text, tt.line)
			if !a.IsBoilerplate(start) {
				t.Errorf("%q not marked (%+v)", tt.line, a.Boilerplate)
			}
			if a.IsBoilerplate(0) || a.IsBoilerplate(len(a.Text)-3) {
				t.Errorf("article text marked as boilerplate: %+v", a.Boilerplate)
			}
		})
	}
	// A date line is not a phone number.
	a, err := p.Parse("x.txt", []byte("Title\n22-08-2020\nBody text."))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Boilerplate) != 0 {
		t.Errorf("date line marked: %+v", a.Boilerplate)
	}
}

// checkInvariants holds for every article: printable valid text, spans in
// bounds, boilerplate sorted and disjoint.
func checkInvariants(t *testing.T, a *Article) {
	t.Helper()
	if !utf8.ValidString(a.Text) {
		t.Errorf("Text is not valid UTF-8")
	}
	if !norm.NFC.IsNormalString(a.Text) {
		t.Errorf("Text is not in NFC")
	}
	if a.Lower != "" && a.Lower != strings.ToLower(a.Text) {
		t.Errorf("Lower is %q, lower case is %q", a.Lower, strings.ToLower(a.Text))
	}
	if a.Lower == "" && !strings.ContainsFunc(a.Text, func(r rune) bool { return utf8.RuneLen(unicode.ToLower(r)) != utf8.RuneLen(r) }) {
		t.Errorf("Lower is empty, though lower case keeps every rune's length")
	}
	for _, r := range a.Text {
		if r != '\n' && (unicode.IsControl(r) || r == 0x1b) {
			t.Fatalf("Text holds control character %U", r)
		}
	}
	inBounds := func(s Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(a.Text) }
	for _, s := range append(append([]Span{a.TitleSpan, a.HeaderSpan}, a.Paragraphs...), a.Sentences...) {
		if !inBounds(s) {
			t.Errorf("span %+v out of bounds (len %d)", s, len(a.Text))
		}
	}
	prevEnd := -1
	for _, b := range a.Boilerplate {
		if !inBounds(Span{b.Start, b.End}) || b.Start < prevEnd || b.Start >= b.End {
			t.Errorf("boilerplate %+v out of order or bounds", b)
		}
		prevEnd = b.End
	}
	for _, s := range a.Content {
		if !inBounds(s) || a.IsBoilerplate(s.Start) {
			t.Errorf("content span %+v in boilerplate or out of bounds", s)
		}
	}
}

func FuzzParse(f *testing.F) {
	p := newParser(f)
	files, _ := filepath.Glob("../../seeds/*.txt")
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte(" date 2021-03 x"))
	f.Add([]byte("\xef\xbb\xbf\x1b[31mred\x1b[0m\r\n\xff"))
	f.Add([]byte("a.b.c.d.e.f.g.h.i.j. K.L"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := p.Parse("fuzz.txt", raw)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrBinary) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		checkInvariants(t, a)
	})
}

func BenchmarkParse(b *testing.B) {
	p := newParser(b)
	files, _ := filepath.Glob("../../seeds/*.txt")
	var raws [][]byte
	size := 0
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
		size += len(raw)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, raw := range raws {
			if _, err := p.Parse("x.txt", raw); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func TestBoilerplateLines(t *testing.T) {
	p := newParser(t)
	tests := []struct{ line, reason string }{
		{"Baca juga: Google Cloud buka region baru di Jakarta", "related"},
		{"Lees ook: Amazon opent datacenter in Amsterdam", "related"},
		{"Читайте также: Яндекс запустил новый сервис", "related"},
		{"By Jane Doe", "byline"},
		{"Penulis: Budi Santoso", "byline"},
		{"Tags: cloud, Microsoft, Azure", "tags"},
		{"© 2024 Example Media. All rights reserved.", "copyright"},
		{"Follow us on LinkedIn", "share"},
		{"责任编辑：张伟", "byline"},
		{"김철수 기자 kim@example.co.kr", "byline"},
		{"<저작권자 © 예시뉴스, 무단 전재 및 재배포 금지>", "copyright"},
		{"Contact: press@example.com", "byline"},
	}
	for _, tt := range tests {
		t.Run(tt.reason+"/"+tt.line, func(t *testing.T) {
			raw := "Microsoft signs a deal with a bank in Hanoi today.\n" + tt.line + "\nThe bank will use Azure for its systems from next year on."
			a, err := p.Parse("x.txt", []byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			start := strings.Index(a.Text, tt.line)
			found := false
			for _, b := range a.Boilerplate {
				found = found || (b.Start <= start && start < b.End && b.Reason == tt.reason)
			}
			if !found {
				t.Errorf("%q not marked %s: %+v", tt.line, tt.reason, a.Boilerplate)
			}
			if a.IsBoilerplate(0) || a.IsBoilerplate(len(a.Text)-3) {
				t.Errorf("article text marked: %+v", a.Boilerplate)
			}
		})
	}
	// Sentences that merely start like those lines stay article text.
	for _, line := range []string{"By 2025, Microsoft will run 100 data centers in Europe.", "Par ailleurs, Orange a choisi Huawei pour son cloud."} {
		a, err := p.Parse("x.txt", []byte("Title of the piece\n"+line+"\nMore text follows here."))
		if err != nil {
			t.Fatal(err)
		}
		if a.IsBoilerplate(strings.Index(a.Text, line)) {
			t.Errorf("%q marked as boilerplate", line)
		}
	}
}

// TestNFCInert backs normalize's shortcut: text of inert runes is in
// NFC. Every pair of runes below the combining diacritics (most European
// text) and a million random pairs of inert runes are checked, and the
// runes normalize writes itself are inert.
func TestNFCInert(t *testing.T) {
	set := newNFCInert()
	var inert []rune
	for r := rune(0); r < 1<<16; r++ {
		if set.has(r) {
			inert = append(inert, r)
		}
	}
	for a := rune(0); a < 0x300; a++ {
		if !set.has(a) {
			t.Fatalf("%U is not inert", a)
		}
		for b := rune(0); b < 0x300; b++ {
			if s := string(a) + string(b); !norm.NFC.IsNormalString(s) {
				t.Fatalf("%q (%U %U) is not NFC", s, a, b)
			}
		}
	}
	for _, r := range []rune{utf8.RuneError, '\u2400', '\u241f', '\u2421', '’', '“', '—', 'ệ', 'ア', '한', 'Я', '中'} {
		if !set.has(r) {
			t.Errorf("%U is not inert", r)
		}
	}
	for _, r := range []rune{'\u0301', '\u2000', '\u11a8', 0x1f600} {
		if set.has(r) {
			t.Errorf("%U is inert", r)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		a, b := inert[rng.IntN(len(inert))], inert[rng.IntN(len(inert))]
		if s := string(a) + string(b); !norm.NFC.IsNormalString(s) {
			t.Fatalf("%q (%U %U) is not NFC", s, a, b)
		}
	}
}

// TestHasByteBelowSpace checks the word-at-a-time test of looksBinary
// against the byte-at-a-time one: every byte value at every position,
// among neighbours at and above 0x20, and random words.
func TestHasByteBelowSpace(t *testing.T) {
	check := func(x uint64) {
		want := false
		for k := range 8 {
			want = want || byte(x>>(8*k)) < 0x20
		}
		if got := hasByteBelowSpace(x); got != want {
			t.Fatalf("hasByteBelowSpace(%#016x) = %v, want %v", x, got, want)
		}
	}
	for _, fill := range []uint64{0x2020202020202020, 0xffffffffffffffff, 0x8080808080808080, 0x7a61207a61207a61} {
		for pos := range 8 {
			for b := range uint64(256) {
				check(fill&^(0xff<<(8*pos)) | b<<(8*pos))
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1_000_000 {
		check(rng.Uint64())
	}
}
