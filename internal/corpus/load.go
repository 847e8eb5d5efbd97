package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dealscope/dealscope/seeds"
)

// DefaultMaxFileSize is the largest file read as an article. News articles
// are kilobytes; a file of many megabytes is a dump, not an article.
const DefaultMaxFileSize = 16 << 20

// ErrTooLarge is reported for files over the size limit.
var ErrTooLarge = errors.New("file too large to be an article")

// Progress reports how far a load has come.
type Progress struct {
	Done, Total int
	Bytes       int64
}

// Options tune a load. The zero value is usable.
type Options struct {
	// MaxFileSize bounds the size of one file; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Workers is how many files are read at once; 0 means one per core.
	Workers int
	// Progress, if set, is called after each file, from one goroutine.
	Progress func(Progress)
	// Cache, if set, keeps facts between runs.
	Cache *Cache
}

// articleExt reports the file names read inside folders.
func articleExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md":
		return true
	}
	return false
}

// Collect expands paths into the article files to read. Folders are walked
// recursively for .txt and .md files; files named explicitly are read
// whatever their extension. Anything skipped is reported, not fatal.
func Collect(paths []string) (files []string, problems []error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			problems = append(problems, &FileError{Path: p, Err: err})
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, &FileError{Path: name, Err: fmt.Errorf("cannot read: %w", err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			switch {
			case d.IsDir():
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				target, err := os.Stat(name)
				if err != nil {
					problems = append(problems, &FileError{Path: name, Err: fmt.Errorf("broken or looping symlink: %w", err)})
				} else if target.IsDir() {
					problems = append(problems, &FileError{Path: name, Err: errors.New("symlink to a folder not followed (name the folder itself to read it)")})
				} else if articleExt(name) {
					files = append(files, name)
				}
			case !d.Type().IsRegular():
				problems = append(problems, &FileError{Path: name, Err: errors.New("not a regular file; skipped")})
			case articleExt(name):
				files = append(files, name)
			default:
				problems = append(problems, &FileError{Path: name, Err: errors.New("skipped: only .txt and .md files are read from folders")})
			}
			return nil
		})
		if err != nil {
			problems = append(problems, &FileError{Path: p, Err: err})
		}
	}
	sort.Strings(files)
	return files, problems
}

// source reads one article's bytes, into buf's memory when they fit.
type source struct {
	name string
	read func(buf []byte) ([]byte, error)
}

// LoadFiles reads and extracts files concurrently with a bounded pool of
// workers, calling emit with each Doc as it is ready (from one goroutine).
// It returns the problems met; a file that fails never stops the others.
func (p *Pipeline) LoadFiles(ctx context.Context, files []string, opts Options, emit func(*Doc)) []error {
	limit := opts.maxSize()
	srcs := make([]source, len(files))
	for i, f := range files {
		srcs[i] = source{name: f, read: func(buf []byte) ([]byte, error) { return readLimited(f, limit, buf) }}
	}
	return p.load(ctx, srcs, opts, emit)
}

// LoadFS reads every .txt and .md file at the root of fsys, naming each
// source dir/name: the embedded seeds.
func (p *Pipeline) LoadFS(ctx context.Context, fsys fs.FS, dir string, opts Options, emit func(*Doc)) []error {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return []error{fmt.Errorf("reading embedded %s: %w", dir, err)}
	}
	var srcs []source
	for _, e := range entries {
		if e.IsDir() || !articleExt(e.Name()) {
			continue
		}
		name := e.Name()
		srcs = append(srcs, source{name: path.Join(dir, name), read: func([]byte) ([]byte, error) { return fs.ReadFile(fsys, name) }})
	}
	return p.load(ctx, srcs, opts, emit)
}

// LoadFile reads and extracts one file: the detail view's way back to the
// text of a compact document.
func (p *Pipeline) LoadFile(path string, opts Options) (*Doc, error) {
	raw, err := readLimited(path, opts.maxSize(), nil)
	if err != nil {
		return nil, err
	}
	return p.process(path, raw, opts.Cache, nil)
}

// LoadReader reads one article from r (standard input).
func (p *Pipeline) LoadReader(name string, r io.Reader, opts Options) (*Doc, error) {
	raw, err := io.ReadAll(io.LimitReader(r, opts.maxSize()+1))
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	if int64(len(raw)) > opts.maxSize() {
		return nil, &FileError{Path: name, Err: fmt.Errorf("%w (over %s)", ErrTooLarge, humanBytes(opts.maxSize()))}
	}
	return p.process(name, raw, opts.Cache, nil)
}

func (o Options) maxSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return DefaultMaxFileSize
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// readLimited reads the file name whole, refusing one over limit bytes.
// The bytes go in buf's memory when they fit.
func readLimited(name string, limit int64, buf []byte) ([]byte, error) {
	f, size, err := openFile(name)
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	defer f.Close()
	if size > limit {
		return nil, &FileError{Path: name, Err: fmt.Errorf("%w (%s, limit %s): split it or raise --max-size", ErrTooLarge, humanBytes(size), humanBytes(limit))}
	}
	// Sized from the file, with a byte to spare to notice one that grew:
	// one allocation at most instead of a buffer doubling from 512 bytes.
	raw := buf[:0]
	if want := min(size, limit) + 1; int64(cap(raw)) < want {
		raw = make([]byte, 0, want)
	}
	for int64(len(raw)) <= limit {
		if len(raw) == cap(raw) {
			raw = append(raw, 0)[:len(raw)]
		}
		want := min(int64(cap(raw)), limit+1) - int64(len(raw))
		n, err := f.Read(raw[len(raw) : int64(len(raw))+want])
		raw = raw[:len(raw)+n]
		// A short read that reaches the size stat gave is the end of a
		// regular file: one read system call a file instead of two.
		if err == io.EOF || int64(n) < want && int64(len(raw)) == size {
			break
		}
		if err != nil {
			return nil, &FileError{Path: name, Err: err}
		}
	}
	if int64(len(raw)) > limit {
		return nil, &FileError{Path: name, Err: fmt.Errorf("%w (over %s): split it or raise --max-size", ErrTooLarge, humanBytes(limit))}
	}
	return raw, nil
}

// openFileOS opens name with the os package, for the systems and the
// files openFile leaves to it.
func openFileOS(name string) (io.ReadCloser, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, info.Size(), nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// resultsPerWorker is how many finished documents may wait for emit, per
// worker: documents with their text, a few KB each, while emit catches up.
const resultsPerWorker = 32

type loaded struct {
	doc   *Doc
	err   error
	bytes int64
}

func (p *Pipeline) load(ctx context.Context, srcs []source, opts Options, emit func(*Doc)) []error {
	workers := min(opts.workers(), max(1, len(srcs)))
	// Files are handed out by a counter and results queue up, so that a
	// worker seldom waits for another goroutine: each wait parks it and
	// wakes a thread, and over 100,000 small files those handovers left a
	// core idle a tenth of the time.
	results := make(chan loaded, resultsPerWorker*workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := new(scratch)
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(len(srcs)) {
					return
				}
				s := srcs[i]
				raw, err := s.read(sc.raw)
				var doc *Doc
				if err == nil {
					// Reading copies the bytes into the text: the
					// worker's buffer serves the next file.
					doc, err = p.process(s.name, raw, opts.Cache, sc)
					sc.keepRaw(raw)
				}
				select {
				case results <- loaded{doc: doc, err: err, bytes: int64(len(raw))}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var problems []error
	prog := Progress{Total: len(srcs)}
	for r := range results {
		prog.Done++
		prog.Bytes += r.bytes
		if r.err != nil {
			problems = append(problems, r.err)
		} else {
			emit(r.doc)
		}
		if opts.Progress != nil {
			opts.Progress(prog)
		}
	}
	if err := ctx.Err(); err != nil {
		problems = append(problems, fmt.Errorf("loading stopped: %w", err))
	}
	return problems
}

// LoadSeeds reads the embedded seed articles, in the order of their names.
func (p *Pipeline) LoadSeeds(ctx context.Context) ([]*Doc, []error) {
	var docs []*Doc
	problems := p.LoadFS(ctx, seeds.FS, "seeds", Options{}, func(d *Doc) { docs = append(docs, d) })
	sort.Slice(docs, func(i, j int) bool { return docs[i].Source < docs[j].Source })
	return docs, problems
}
