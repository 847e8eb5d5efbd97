package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"

	"github.com/dealscope/dealscope/internal/corpus"
	"github.com/dealscope/dealscope/ui"
)

// runExplore opens the explorer on PATHs, or on the embedded seeds.
func runExplore(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dealscope", flag.ContinueOnError)
	fs.SetOutput(stderr)
	filter := fs.String("filter", "", "start with this filter query, e.g. 'lang:de partner:foxconn'")
	theme := fs.String("theme", "", "colours for a dark or light background: dark, light (default: detect)")
	maxSize := fs.Int64("max-size", corpus.DefaultMaxFileSize, "largest file read, in bytes")
	noCache := fs.Bool("no-cache", false, "extract every file again instead of reusing cached facts")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fmt.Fprintln(stderr, "\nExplorer flags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *theme != "" && *theme != "dark" && *theme != "light" {
		return fmt.Errorf("unknown --theme %q: use dark or light", *theme)
	}
	if _, err := corpus.ParseQuery(*filter); err != nil {
		return fmt.Errorf("--filter: %w", err)
	}
	pipeline, err := corpus.NewPipeline()
	if err != nil {
		return err
	}
	out, ok := stdout.(*os.File)
	if !ok || !isatty.IsTerminal(out.Fd()) {
		return errors.New("the explorer needs a terminal; use 'dealscope extract' to print facts")
	}
	// Exports land where dealscope was started, or in the temporary
	// folder when that folder is gone.
	cwd, err := os.Getwd()
	if err != nil {
		cwd = os.TempDir()
	}
	src := source{seeds: len(fs.Args()) == 0}
	if !src.seeds {
		src.files, src.skipped = corpus.Collect(fs.Args())
	}
	cache, closeCache := openCache(*noCache, stderr)
	opts := corpus.Options{MaxFileSize: *maxSize, Cache: cache}
	src.snapshot = snapshotPath(cache, src.files)
	index := corpus.NewIndex()
	if len(src.files) > compactAbove {
		index.DropText()
	}
	var saveIndex func(*corpus.Index) error
	if src.snapshot != "" {
		saveIndex = func(ix *corpus.Index) error { return ix.SaveSnapshot(src.snapshot) }
	}
	term := termenv.NewOutput(out)
	m := ui.New(ui.Options{
		Index:     index,
		Renderer:  lipgloss.NewRenderer(out),
		Theme:     *theme,
		Filter:    *filter,
		Loading:   true,
		ExportDir: cwd,
		Clipboard: func(s string) error { term.Copy(s); return nil },
		Reload:    func(path string) (*corpus.Doc, error) { return pipeline.LoadFile(path, opts) },
		SaveIndex: saveIndex,
	})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithInput(stdin), tea.WithOutput(out))
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		load(ctx, pipeline, src, opts, p.Send)
	}()
	_, err = p.Run()
	// Quitting while loading stops the loader; the cache closes after it.
	cancel()
	<-loaded
	closeCache()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// batchEvery is how often loaded articles are handed to the explorer: the
// list fills while loading without redrawing for every file.
const batchEvery = 100 * time.Millisecond

// compactAbove is the corpus size from which documents are kept without
// their text, read again when an article is opened.
const compactAbove = 5000

// source is what to load: collected files, or the seeds when there are
// none, with what collecting skipped.
type source struct {
	seeds    bool
	files    []string
	skipped  []error
	snapshot string // the index snapshot of these files, if any
}

// load reads the corpus and sends it to the program in batches, with
// progress, ending with LoadDoneMsg.
func load(ctx context.Context, p *corpus.Pipeline, src source, opts corpus.Options, send func(tea.Msg)) {
	var batch []*corpus.Doc
	last := time.Now()
	flush := func() {
		if len(batch) > 0 {
			send(ui.DocsMsg{Docs: batch})
			batch = nil
		}
		last = time.Now()
	}
	opts.Progress = func(pr corpus.Progress) {
		if time.Since(last) >= batchEvery {
			flush()
			send(ui.ProgressMsg{Progress: pr})
		}
	}
	emit := func(d *corpus.Doc) { batch = append(batch, d) }
	problems := src.skipped
	if src.snapshot != "" {
		if ix, err := corpus.LoadSnapshot(src.snapshot); err == nil {
			send(ui.IndexMsg{Index: ix})
			send(ui.LoadDoneMsg{Problems: problems})
			return
		}
	}
	// The explorer keeps compact documents: what loading allocates is
	// nearly all garbage, so the collector may wait longer.
	restoreGC := corpus.TuneGCForLoading()
	if src.seeds {
		problems = p.LoadFS(ctx, seedFS(), "seeds", opts, emit)
	} else {
		problems = append(problems, p.LoadFiles(ctx, src.files, opts, emit)...)
	}
	restoreGC()
	flush()
	send(ui.LoadDoneMsg{Problems: problems})
}
