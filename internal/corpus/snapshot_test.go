package corpus

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/dealscope/dealscope/internal/corpus/testcorpus"
)

func TestSnapshotRoundTrip(t *testing.T) {
	for _, compact := range []bool{false, true} {
		ix := NewIndex()
		if compact {
			ix.DropText()
		}
		ix.Add(bigIndex(t, 700).docs...)
		var buf bytes.Buffer
		if err := ix.WriteSnapshot(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadSnapshot(&buf)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"", "lang:vi", "micro -lang:de", "partner:volkswagen year:2012..2020", "type:government"} {
			q, err := ParseQuery(s)
			if err != nil {
				t.Fatal(err)
			}
			for k := range sortKeys {
				if !slices.Equal(ix.Filter(q, k), back.Filter(q, k)) {
					t.Errorf("compact=%v %q by %s: filter differs after the round trip", compact, s, k)
				}
			}
		}
		if !slices.Equal(ix.Values(FacetPartner, nil), back.Values(FacetPartner, nil)) {
			t.Errorf("partner values differ")
		}
		a, _ := json.Marshal(ix.Doc(42))
		b, _ := json.Marshal(back.Doc(42))
		if string(a) != string(b) || back.Doc(42).IsCompact() != compact {
			t.Errorf("document 42 differs after the round trip")
		}
		// The index read back can still grow.
		back.Add(bigIndex(t, 3).docs...)
		if back.Len() != ix.Len()+3 {
			t.Errorf("len %d after adding", back.Len())
		}
	}
}

func TestSnapshotRejectsJunk(t *testing.T) {
	for _, junk := range [][]byte{nil, []byte("not a snapshot"), bytes.Repeat([]byte{0xff}, 4096)} {
		if _, err := ReadSnapshot(bytes.NewReader(junk)); err == nil {
			t.Errorf("%q read as a snapshot", junk[:min(len(junk), 16)])
		}
	}
}

func TestSnapshotKey(t *testing.T) {
	dir := t.TempDir()
	g, err := testcorpus.New(1)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.WriteDir(dir, 20); err != nil {
		t.Fatal(err)
	}
	files, _ := Collect([]string{dir})
	key := func(fp string, files []string) string {
		k, err := SnapshotKey(fp, files)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base := key("fp", files)
	if key("fp", files) != base {
		t.Fatal("key is not stable")
	}
	if key("other", files) == base {
		t.Error("another fingerprint gives the same key")
	}
	if key("fp", files[1:]) == base {
		t.Error("a file less gives the same key")
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(files[3], later, later)
	if key("fp", files) == base {
		t.Error("a changed file gives the same key")
	}
}

func TestSaveSnapshotKeepsFew(t *testing.T) {
	dir := t.TempDir()
	ix := seedIndex(t)
	for i := range keepSnapshots + 3 {
		path := SnapshotPath(filepath.Join(dir, "facts.db"), string(rune('a'+i)))
		if err := ix.SaveSnapshot(path); err != nil {
			t.Fatal(err)
		}
		past := time.Now().Add(time.Duration(i-10) * time.Minute)
		os.Chtimes(path, past, past)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "index-*.gob"))
	if len(left) > keepSnapshots+1 {
		t.Errorf("%d snapshots left, want at most %d", len(left), keepSnapshots+1)
	}
	back, err := LoadSnapshot(left[len(left)-1])
	if err != nil || back.Len() != 4 {
		t.Errorf("reading a kept snapshot: %v", err)
	}
}

// BenchmarkSnapshotReopen reopens a corpus whose snapshot matches: stat
// every file for the key, then read the index whole.
func BenchmarkSnapshotReopen(b *testing.B) {
	news, n := benchCorpus(b)
	dir := b.TempDir()
	files, _ := Collect([]string{news})
	p := newPipeline(b)
	ix := NewIndex()
	if n > 5000 {
		ix.DropText()
	}
	var docs []*Doc
	p.LoadFiles(b.Context(), files, Options{}, func(d *Doc) { docs = append(docs, d) })
	ix.Add(docs...)
	docs = nil
	ix.Trim()
	key, err := SnapshotKey("fp", files)
	if err != nil {
		b.Fatal(err)
	}
	path := SnapshotPath(filepath.Join(dir, "facts.db"), key)
	if err := ix.SaveSnapshot(path); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		files, _ := Collect([]string{news})
		k, err := SnapshotKey("fp", files)
		if err != nil || k != key {
			b.Fatal("key changed", err)
		}
		back, err := LoadSnapshot(SnapshotPath(filepath.Join(dir, "facts.db"), k))
		if err != nil || back.Len() != n {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if info, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(info.Size())/float64(n), "snapshot-bytes/article")
	}
}
