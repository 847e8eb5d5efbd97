// Package testcorpus makes synthetic article files for tests and
// benchmarks: the shapes of the seed articles with other vendors,
// partners, dates and numbers, deterministic from a seed.
package testcorpus

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"

	"github.com/dealscope/dealscope/seeds"
)

// Substitutions each seed allows: a name of the seed replaced by one of
// the same kind.
var (
	vendors  = []string{"Microsoft", "Google", "Oracle", "IBM", "Alibaba", "Huawei"}
	partners = []string{"Foxconn", "Volkswagen", "Siemens", "Toyota", "Renault", "Telefónica", "Vodafone", "Samsung", "Walmart", "Allianz", "Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware", "Proseware"}
	seedName = map[string]string{"000": "Foxconn", "002": "Volkswagen", "003": "Huawei"}
)

// Generator makes articles.
type Generator struct {
	rng   *rand.Rand
	seeds [][]byte
	ids   []string
}

// New returns a generator seeded with seed.
func New(seed int64) (*Generator, error) {
	g := &Generator{rng: rand.New(rand.NewSource(seed))}
	entries, err := fs.ReadDir(seeds.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("testcorpus: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".txt" {
			continue
		}
		raw, err := fs.ReadFile(seeds.FS, e.Name())
		if err != nil {
			return nil, fmt.Errorf("testcorpus: %w", err)
		}
		g.seeds = append(g.seeds, raw)
		g.ids = append(g.ids, e.Name()[:3])
	}
	return g, nil
}

// Article returns the next article's file name and bytes.
func (g *Generator) Article(i int) (string, []byte) {
	k := g.rng.Intn(len(g.seeds))
	raw := g.seeds[k]
	vendor := vendors[g.rng.Intn(len(vendors))]
	partner := partners[g.rng.Intn(len(partners))]
	if vendor != "Microsoft" {
		raw = bytes.ReplaceAll(raw, []byte("Microsoft"), []byte(vendor))
	}
	if old, ok := seedName[g.ids[k]]; ok && partner != vendor {
		raw = bytes.ReplaceAll(raw, []byte(old), []byte(partner))
	}
	year := 2012 + g.rng.Intn(14)
	month := 1 + g.rng.Intn(12)
	for _, old := range []string{"2021-03", "2018-10"} {
		raw = bytes.Replace(raw, []byte(old), fmt.Appendf(nil, "%04d-%02d", year, month), 1)
	}
	raw = bytes.ReplaceAll(raw, []byte("22-08-2020"), fmt.Appendf(nil, "%02d-%02d-%04d", 1+g.rng.Intn(28), month, year))
	raw = bytes.ReplaceAll(raw, []byte("10 tỷ USD"), fmt.Appendf(nil, "%d tỷ USD", 1+g.rng.Intn(50)))
	raw = bytes.ReplaceAll(raw, []byte("300 engineers"), fmt.Appendf(nil, "%d engineers", 10+g.rng.Intn(900)))
	return fmt.Sprintf("%06d_%s.txt", i, g.ids[k]), raw
}

// WriteDir writes n articles into dir, spread over subfolders of 1,000.
func (g *Generator) WriteDir(dir string, n int) error {
	for i := range n {
		name, raw := g.Article(i)
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return fmt.Errorf("testcorpus: %w", err)
			}
		}
		if err := os.WriteFile(filepath.Join(sub, name), raw, 0o644); err != nil {
			return fmt.Errorf("testcorpus: %w", err)
		}
	}
	return nil
}

// languages are the languages synthetic copies are given.
var languages = []string{"de", "vi", "nl", "fr", "en", "es", "it", "pt", "pl", "id", "ja", "zh", "ru", "tr", "ko", "ar"}

// Variant gives copy i of an article an id, a language and a date of its
// own, so that a few extracted articles stand in for a large corpus.
func Variant(i int) (id, lang, date string) {
	return fmt.Sprintf("gen%06d", i), languages[(i*7)%len(languages)], fmt.Sprintf("%04d-%02d", 2010+i%16, 1+i%12)
}
