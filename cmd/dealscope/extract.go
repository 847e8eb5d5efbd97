package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/dealscope/dealscope/internal/corpus"
)

// runExtract implements `dealscope extract`.
func runExtract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output format: json, jsonl or csv")
	maxSize := fs.Int64("max-size", corpus.DefaultMaxFileSize, "largest file read, in bytes")
	noCache := fs.Bool("no-cache", false, "extract every file again instead of reusing cached facts")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dealscope extract [--format json|jsonl|csv] [PATH…|-]\n\n"+
			"Prints the articles in PATH (files, or folders read recursively for .txt and .md)\n"+
			"with their facts; - reads one article from standard input; no PATH reads the\n"+
			"embedded seed articles.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	write, ok := corpus.Writers[*format]
	if !ok {
		return fmt.Errorf("unknown --format %q: use json, jsonl or csv", *format)
	}
	cache, closeCache := openCache(*noCache, stderr)
	defer closeCache()
	opts := corpus.Options{MaxFileSize: *maxSize, Cache: cache}
	if f, ok := stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		progress := newProgressLine(stderr)
		opts.Progress = progress.update
		defer progress.clear()
	}
	docs, problems, err := loadDocs(ctx, fs.Args(), stdin, opts)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(stderr, "dealscope: %v\n", p)
	}
	if len(docs) == 0 && len(problems) > 0 {
		return errors.New("no article could be read")
	}
	return write(stdout, docs)
}

// loadDocs reads the articles named by args: the embedded seeds when there
// are none, standard input for "-".
func loadDocs(ctx context.Context, args []string, stdin io.Reader, opts corpus.Options) ([]*corpus.Doc, []error, error) {
	p, err := corpus.NewPipeline()
	if err != nil {
		return nil, nil, err
	}
	var docs []*corpus.Doc
	collect := func(d *corpus.Doc) { docs = append(docs, d) }
	var problems []error
	switch {
	case len(args) == 0:
		problems = p.LoadFS(ctx, seedFS(), "seeds", opts, collect)
	case len(args) == 1 && args[0] == "-":
		d, err := p.LoadReader("stdin", stdin, opts)
		if err != nil {
			problems = append(problems, err)
		} else {
			docs = append(docs, d)
		}
	default:
		files, skipped := corpus.Collect(args)
		problems = append(skipped, p.LoadFiles(ctx, files, opts, collect)...)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Source < docs[j].Source })
	return docs, problems, nil
}

// progressLine shows loading progress on one terminal line, at most five
// times a second.
type progressLine struct {
	w       io.Writer
	started time.Time
	last    time.Time
	shown   bool
}

func newProgressLine(w io.Writer) *progressLine {
	return &progressLine{w: w, started: time.Now()}
}

func (p *progressLine) update(pr corpus.Progress) {
	now := time.Now()
	if now.Sub(p.last) < 200*time.Millisecond && pr.Done < pr.Total {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\r\x1b[Kdealscope: %s", pr.Summary(now.Sub(p.started)))
}

func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
