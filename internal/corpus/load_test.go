package corpus

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/dealscope/dealscope/internal/article"
	"github.com/dealscope/dealscope/internal/corpus/testcorpus"
)

func newPipeline(tb testing.TB) *Pipeline {
	tb.Helper()
	p, err := NewPipeline()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestLoadSeeds(t *testing.T) {
	docs, problems := newPipeline(t).LoadSeeds(context.Background())
	if len(problems) != 0 || len(docs) != 4 {
		t.Fatalf("docs %d problems %v", len(docs), problems)
	}
	if docs[0].Source != "seeds/000_d5f4adf1bf6f5dbd.txt" || docs[0].ID != "000_d5f4adf1bf6f5dbd" {
		t.Errorf("first doc %q %q", docs[0].Source, docs[0].ID)
	}
}

// hostile writes the bad inputs of the issue into dir beside one good file.
func hostile(t *testing.T, dir string) {
	t.Helper()
	good, err := os.ReadFile("../../seeds/002_9a40f1a602171dfa.txt")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"good.txt":    good,
		"empty.txt":   nil,
		"binary.txt":  []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"invalid.txt": append([]byte("Microsoft signs deal with Contoso\n\nBody \xff\xfe text."), good...),
		"escapes.txt": []byte("Title \x1b]0;owned\x07\n\n\x1b]52;c;ZXZpbA==\x07 Microsoft \x1b[2J\x1b[H signs a deal with Contoso."),
		"notes.pdf":   []byte("%PDF-1.4"),
		// 10 MB on one line, and page furniture repeated thousands of times.
		"oneline.txt":  bytes.Repeat([]byte("Microsoft signs a $1bn cloud deal with Contoso Bank in Paris. "), 10<<20/64),
		"repeated.txt": append([]byte("Google signs deal with Fabrikam\n\n"), bytes.Repeat([]byte("Chat Zalo\n4/5 (1,024 lượt)\nLượt xem: 1,705\n0913.111111\n"), 5000)...),
	}
	for name, raw := range files {
		if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	big, err := os.Create(filepath.Join(dir, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	big.Close()
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing.txt"), filepath.Join(dir, "dangling.txt")); err != nil {
		t.Fatal(err)
	}
}

func TestLoadHostileFolder(t *testing.T) {
	dir := t.TempDir()
	hostile(t, dir)
	files, problems := Collect([]string{dir, filepath.Join(dir, "nope")})
	p := newPipeline(t)
	var docs []*Doc
	problems = append(problems, p.LoadFiles(context.Background(), files, Options{}, func(d *Doc) { docs = append(docs, d) })...)

	ids := map[string]*Doc{}
	for _, d := range docs {
		ids[d.ID] = d
	}
	for _, id := range []string{"good", "invalid", "escapes", "oneline", "repeated"} {
		if ids[id] == nil {
			t.Errorf("%s.txt was not loaded", id)
		}
	}
	if d := ids["invalid"]; d != nil && !strings.Contains(strings.Join(d.Warnings, " "), "invalid UTF-8") {
		t.Errorf("invalid.txt warnings = %q", d.Warnings)
	}
	if d := ids["escapes"]; d != nil && (strings.ContainsRune(d.Text, 0x1b) || strings.ContainsRune(d.Title, 0x1b)) {
		t.Errorf("escape sequence kept in %q", d.Text)
	}
	msgs := make([]string, len(problems))
	for i, e := range problems {
		msgs[i] = e.Error()
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"empty.txt: empty file", "binary.txt: binary file", "huge.txt: file too large", "notes.pdf: skipped", "loop: symlink to a folder not followed", "dangling.txt: broken or looping symlink", "nope: "} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	var pe *article.ParseError
	found := false
	for _, e := range problems {
		found = found || errors.As(e, &pe)
	}
	if !found {
		t.Errorf("no *article.ParseError among %v", problems)
	}
}

func TestUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not bind root")
	}
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	_, problems := Collect([]string{dir})
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "cannot read") {
		t.Errorf("problems = %v", problems)
	}
}

func TestLoadCancelled(t *testing.T) {
	dir := t.TempDir()
	for i := range 50 {
		os.WriteFile(filepath.Join(dir, strings.Repeat("a", i+1)+".txt"), []byte("Microsoft signs a cloud deal."), 0o644)
	}
	files, _ := Collect([]string{dir})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	problems := newPipeline(t).LoadFiles(ctx, files, Options{}, func(*Doc) {})
	if len(problems) == 0 || !errors.Is(problems[len(problems)-1], context.Canceled) {
		t.Errorf("problems = %v, want a cancellation", problems)
	}
}

func TestLoadReader(t *testing.T) {
	p := newPipeline(t)
	d, err := p.LoadReader("stdin", strings.NewReader("Google signs a cloud deal with Renault.\n\nRenault will use Google Cloud."), Options{})
	if err != nil || d.ID != "stdin" {
		t.Fatalf("doc %+v err %v", d, err)
	}
	_, err = p.LoadReader("stdin", bytes.NewReader(make([]byte, 100)), Options{MaxFileSize: 10})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"lang:de", `partner:"deutsche bank" -lang:vi`, "year:2018..2021", "-", `"`, "year:..", "a:b:c", "lang:de lang:nl type:customer cloud"} {
		f.Add(s)
	}
	ix := seedIndex(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error %v is no *QueryError", err)
			}
			return
		}
		again, err := ParseQuery(q.String())
		if err != nil || len(again.Terms) != len(q.Terms) {
			t.Fatalf("%q → %q does not parse back: %v", s, q.String(), err)
		}
		for _, i := range ix.Filter(q, SortDate) {
			if i < 0 || i >= ix.Len() {
				t.Fatalf("document %d out of range", i)
			}
		}
	})
}

// benchCorpus writes benchCorpusSize generated articles into a temporary
// folder, spread over subfolders, and returns it.
func benchCorpus(b *testing.B) (string, int) {
	b.Helper()
	n := benchCorpusSize()
	dir := b.TempDir()
	g, err := testcorpus.New(7)
	if err != nil {
		b.Fatal(err)
	}
	if err := g.WriteDir(dir, n); err != nil {
		b.Fatal(err)
	}
	// Written back before the clock starts: otherwise the kernel flushes
	// the new files while the load runs, on the cores it measures.
	flushFiles()
	return dir, n
}

// benchCorpusSize is how many generated articles the load benchmark reads;
// DEALSCOPE_BENCH_ARTICLES raises it (the figures in docs/PERFORMANCE.md
// use 100000).
func benchCorpusSize() int {
	if n, err := strconv.Atoi(os.Getenv("DEALSCOPE_BENCH_ARTICLES")); err == nil && n > 0 {
		return n
	}
	return 5000
}

// BenchmarkColdLoad opens a folder of generated articles as the explorer
// does the first time: read and extract on every core with the collector
// tuned for loading, and index batches as they arrive into an index that
// keeps no texts (as the explorer's does above 5,000 files). It reports
// the time to the full list.
func BenchmarkColdLoad(b *testing.B) { coldLoad(b, false) }

// BenchmarkColdLoadCache is BenchmarkColdLoad writing a new fact cache, as
// a first run does by default.
func BenchmarkColdLoadCache(b *testing.B) { coldLoad(b, true) }

func coldLoad(b *testing.B, withCache bool) {
	dir, n := benchCorpus(b)
	p := newPipeline(b)
	fp, err := PipelineFingerprint()
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	var peak uint64 // heap in use, sampled every 1,000 articles
	for b.Loop() {
		var opts Options
		if withCache {
			cache, _, err := OpenCache(filepath.Join(b.TempDir(), "facts.db"), fp)
			if err != nil {
				b.Fatal(err)
			}
			opts.Cache = cache
		}
		opts.Progress = func(pr Progress) { bytes = pr.Bytes }
		files, problems := Collect([]string{dir})
		if len(problems) > 0 || len(files) != n {
			b.Fatalf("%d files, problems %v", len(files), problems)
		}
		ix := NewIndex()
		ix.DropText()
		restoreGC := TuneGCForLoading()
		batches := make(chan []*Doc, 4)
		indexed := make(chan struct{})
		go func() {
			defer close(indexed)
			for batch := range batches {
				ix.Add(batch...)
			}
		}()
		var batch []*Doc
		problems = p.LoadFiles(context.Background(), files, opts, func(d *Doc) {
			if batch = append(batch, d); len(batch) == 1000 {
				batches <- batch
				batch = nil
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		})
		batches <- batch
		close(batches)
		<-indexed
		restoreGC()
		if len(problems) > 0 || ix.Len() != n {
			b.Fatalf("%d indexed, problems %v", ix.Len(), problems)
		}
		if list := ix.Filter(Query{}, SortDate); len(list) != n {
			b.Fatalf("list of %d", len(list))
		}
		if opts.Cache != nil {
			if err := opts.Cache.Close(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(b.N), "articles/s")
	b.ReportMetric(float64(bytes)/1e6/(b.Elapsed().Seconds()/float64(b.N)), "MB/s")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
}

// BenchmarkMemoryPerArticle reports the heap an indexed article holds
// beyond its text.
func BenchmarkMemoryPerArticle(b *testing.B) { memoryPerArticle(b, false) }

// BenchmarkMemoryPerArticleCompact reports the heap an article holds in an
// index that drops texts (as large corpora are kept), everything counted.
func BenchmarkMemoryPerArticleCompact(b *testing.B) { memoryPerArticle(b, true) }

func memoryPerArticle(b *testing.B, compact bool) {
	n := benchCorpusSize()
	g, err := testcorpus.New(7)
	if err != nil {
		b.Fatal(err)
	}
	p := newPipeline(b)
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ix := NewIndex()
		if compact {
			ix.DropText()
		}
		text := 0
		batch := make([]*Doc, 0, 1000)
		for i := range n {
			name, raw := g.Article(i)
			d, err := p.Process(name, raw)
			if err != nil {
				b.Fatal(err)
			}
			if !compact {
				text += len(d.Text)
			}
			if batch = append(batch, d); len(batch) == cap(batch) || i == n-1 {
				ix.Add(batch...)
				batch = batch[:0]
			}
		}
		batch = nil
		ix.Trim()
		ix.SortOrders()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse)-int64(text))/float64(n), "bytes/article")
		runtime.KeepAlive(ix)
	}
}

// BenchmarkWarmLoad reopens a folder whose facts are all in the cache.
func BenchmarkWarmLoad(b *testing.B) {
	news, n := benchCorpus(b)
	dir := b.TempDir()
	fp, err := PipelineFingerprint()
	if err != nil {
		b.Fatal(err)
	}
	cache, _, err := OpenCache(filepath.Join(dir, "facts.db"), fp)
	if err != nil {
		b.Fatal(err)
	}
	defer cache.Close()
	p := newPipeline(b)
	load := func() {
		files, _ := Collect([]string{news})
		var docs []*Doc
		if errs := p.LoadFiles(context.Background(), files, Options{Cache: cache}, func(d *Doc) { docs = append(docs, d) }); len(errs) > 0 {
			b.Fatal(errs)
		}
		NewIndex(docs...)
	}
	load() // fills the cache
	b.ResetTimer()
	for b.Loop() {
		load()
	}
	b.StopTimer()
	if hits, _, _ := cache.Stats(); hits < int64(n) {
		b.Fatalf("only %d cache hits", hits)
	}
	info, err := os.Stat(filepath.Join(dir, "facts.db"))
	if err == nil {
		b.ReportMetric(float64(info.Size())/float64(n), "cache-bytes/article")
	}
	b.ReportMetric(float64(n)/(b.Elapsed().Seconds()/float64(b.N)), "articles/s")
}

// BenchmarkProcess turns generated articles into documents on one core,
// without files, as one loading worker does.
func BenchmarkProcess(b *testing.B) {
	g, err := testcorpus.New(7)
	if err != nil {
		b.Fatal(err)
	}
	type file struct {
		name string
		raw  []byte
	}
	files := make([]file, 1000)
	size := 0
	for i := range files {
		files[i].name, files[i].raw = g.Article(i)
		size += len(files[i].raw)
	}
	p := newPipeline(b)
	sc := new(scratch)
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, f := range files {
			if _, err := p.process(f.name, f.raw, nil, sc); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(files)), "µs/article")
}
