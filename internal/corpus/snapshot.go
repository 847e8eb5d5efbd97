package corpus

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/dealscope/dealscope/internal/article"
	"github.com/dealscope/dealscope/internal/extract"
)

// snapshotFormat changes whenever the snapshot's layout does.
const snapshotFormat = 2

// SnapshotKey identifies a corpus as it is on disk: the pipeline's
// fingerprint and each file's path, size and modification time. Any change
// to one of them, or a file more or less, gives another key.
func SnapshotKey(fingerprint string, files []string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%d %s %d\n", snapshotFormat, fingerprint, len(files))
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			return "", fmt.Errorf("snapshot key: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", f, info.Size(), info.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// snapshot is the index in a form gob can write.
type snapshot struct {
	Format   int
	Docs     []*Doc
	Years    []int
	Values   map[Facet]map[string]snapValue
	Words    map[string]*postings
	Vocab    []string
	Orders   [sortKeys][]int32
	SortKeys [sortKeys][]string
	Compact  bool
}

type snapValue struct {
	Display string
	Docs    Set
}

// WriteSnapshot writes the whole index, so that ReadSnapshot gives it back
// without reading any article or cached fact.
func (ix *Index) WriteSnapshot(w io.Writer) error {
	ix.SortOrders()
	s := snapshot{
		Format: snapshotFormat, Docs: ix.docs, Years: ix.years, Words: ix.words,
		Vocab: ix.vocab, Orders: ix.orders, SortKeys: ix.sortKeys, Compact: ix.compact,
		Values: map[Facet]map[string]snapValue{},
	}
	for f, vals := range ix.values {
		s.Values[f] = make(map[string]snapValue, len(vals))
		for k, v := range vals {
			s.Values[f][k] = snapValue{Display: v.display, Docs: v.docs}
		}
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := gob.NewEncoder(bw).Encode(&s); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return bw.Flush()
}

// ReadSnapshot reads an index written by WriteSnapshot.
func ReadSnapshot(r io.Reader) (*Index, error) {
	var s snapshot
	if err := gob.NewDecoder(bufio.NewReaderSize(r, 1<<20)).Decode(&s); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if s.Format != snapshotFormat {
		return nil, fmt.Errorf("snapshot: format %d, want %d", s.Format, snapshotFormat)
	}
	n := len(s.Docs)
	if len(s.Years) != n || len(s.Vocab) != len(s.Words) {
		return nil, errors.New("snapshot: inconsistent sizes")
	}
	for k := range sortKeys {
		if len(s.Orders[k]) != n || len(s.SortKeys[k]) != n {
			return nil, errors.New("snapshot: inconsistent sort orders")
		}
		for _, d := range s.Orders[k] {
			if d < 0 || int(d) >= n {
				return nil, errors.New("snapshot: document out of range")
			}
		}
	}
	for _, w := range s.Vocab {
		if s.Words[w] == nil {
			return nil, errors.New("snapshot: vocabulary and word index differ")
		}
	}
	for _, p := range s.Words {
		bad := false
		p.each(func(d int32) { bad = bad || d < 0 || int(d) >= n })
		if bad || p.Last >= int32(n) {
			return nil, errors.New("snapshot: document out of range")
		}
	}
	for _, d := range s.Docs {
		if d == nil {
			return nil, errors.New("snapshot: missing document")
		}
		d.fillEmpty()
	}
	ix := &Index{
		docs: s.Docs, years: s.Years, words: s.Words, vocab: s.Vocab,
		orders: s.Orders, sortKeys: s.SortKeys, compact: s.Compact,
		values: map[Facet]map[string]*facetValue{},
	}
	if ix.words == nil {
		ix.words = map[string]*postings{}
	}
	for _, f := range Facets {
		ix.values[f] = map[string]*facetValue{}
		for k, v := range s.Values[f] {
			ix.values[f][k] = &facetValue{display: v.Display, docs: v.Docs}
		}
	}
	return ix, nil
}

// SnapshotPath is where the snapshot of a corpus with key lives, beside
// the fact cache.
func SnapshotPath(cachePath, key string) string {
	return filepath.Join(filepath.Dir(cachePath), "index-"+key+".gob")
}

// SaveSnapshot writes the index to path atomically (a temporary file
// renamed into place) and removes the snapshots of other corpus states.
func (ix *Index) SaveSnapshot(path string) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".index-*.tmp")
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = ix.WriteSnapshot(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	// Keep the snapshots of the few corpora opened last.
	old, _ := filepath.Glob(filepath.Join(dir, "index-*.gob"))
	sort.Slice(old, func(i, j int) bool { return modTime(old[i]).After(modTime(old[j])) })
	for i, o := range old {
		if i >= keepSnapshots && o != path {
			os.Remove(o)
		}
	}
	return nil
}

// keepSnapshots is how many corpus snapshots stay on disk.
const keepSnapshots = 4

func modTime(path string) time.Time {
	info, err := os.Stat(path)
	if err != nil {
		return time.Time{}
	}
	return info.ModTime()
}

// LoadSnapshot reads the snapshot at path, if there is a good one.
func LoadSnapshot(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadSnapshot(f)
}

// fillEmpty restores the empty lists gob writes as nothing: the contract
// has [] where a field is empty, and only a compact document lacks facts.
func (d *Doc) fillEmpty() {
	for _, list := range []*[]string{&d.Vendors, &d.Partners, &d.Competitors, &d.Products, &d.People, &d.Places, &d.Warnings} {
		if *list == nil {
			*list = []string{}
		}
	}
	if d.Money == nil {
		d.Money = []extract.Money{}
	}
	if d.Quantities == nil {
		d.Quantities = []extract.Quantity{}
	}
	if d.Text != "" {
		if d.Facts == nil {
			d.Facts = []extract.Fact{}
		}
		if d.Boilerplate == nil {
			d.Boilerplate = []article.Boilerplate{}
		}
	}
}
