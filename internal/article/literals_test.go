package article

import (
	"slices"
	"strings"
	"testing"
)

func TestRequiredLiteralSets(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    [][]string
	}{
		{`(?i)share`, [][]string{{"share"}}},
		{`(?i)(?:views?|aufrufe)\s*\d+`, [][]string{{"aufrufe", "view"}}},
		{`^\s*(?:By|BY|Von)\s+\w+$`, [][]string{{"by", "von"}}},
		{`[★☆]{3,}`, [][]string{{"★★", "★☆", "☆★", "☆☆"}, {"★", "☆"}}},
		{`\d+\s*/\s*10`, [][]string{{"10"}, {"/"}}},
		{`\d(?:[.,]\d)?\s*/\s*(?:5|10)\s*\(`, [][]string{{"/"}, {"10", "5"}, {"("}}},
		{`\+?\d[\d ]{6,}`, nil},
		{`(?i)(?:photo|\w+)\s*:`, [][]string{{":"}}},
		{`a?`, nil},
	} {
		got := requiredLiteralSets(tc.pattern)
		for _, set := range got {
			slices.Sort(set)
		}
		for _, set := range tc.want {
			slices.Sort(set)
		}
		if !slices.EqualFunc(got, tc.want, slices.Equal) {
			t.Errorf("requiredLiteralSets(%q) = %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

// TestRequiredLiteralsSound checks that every line a rule matches holds
// one of its literals, so the cheap test never hides boilerplate.
func TestRequiredLiteralsSound(t *testing.T) {
	lines := []string{"Share", "BY JANE DOE", "Lượt xem: 1.234", "★★★★☆", "4,5 / 5 (120 votes)", "© 2024 All Rights Reserved", "Photo: Reuters", "Tags: cloud, AI", "Follow us on X", "Xem thêm: tin liên quan", "Kommentare (12)", "责任编辑：王伟"}
	p, err := NewParser()
	if err != nil {
		t.Fatal(err)
	}
	matched := map[string]bool{}
	for _, r := range p.rules {
		for _, line := range lines {
			if !r.re.MatchString(line) {
				continue
			}
			matched[line] = true
			found := make([]bool, p.literals.n)
			p.literals.find(strings.ToLower(line), found)
			if !r.holdsLiterals(found) {
				t.Errorf("rule %s matches %q, which its literals rule out", r.reason, line)
			}
		}
	}
	for _, line := range lines {
		if !matched[line] {
			t.Errorf("no rule matches %q", line)
		}
	}
}

// TestMayStartTerminal checks that the byte test lets every terminal
// through, so that the sentence splitter's shortcut misses none.
func TestMayStartTerminal(t *testing.T) {
	for r := rune(0); r <= 0xffff; r++ {
		if isTerminal(r) && !mayStartTerminal(string(r)[0]) {
			t.Errorf("terminal %q starts with %#x, which mayStartTerminal rejects", r, string(r)[0])
		}
	}
}
