package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
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

// batchEvery is how often loading reports to the explorer: the progress
// bar moves and the list fills without redrawing for every file.
const batchEvery = 100 * time.Millisecond

// docsPerBatchDelay spaces out the batches of documents as the list grows:
// each one sorts into the list on screen, in time that grows with the
// list, and loading shares the processor with it. Every so many documents
// already shown, batches wait batchEvery longer.
const docsPerBatchDelay = 20000

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
	problems := src.skipped
	if src.snapshot != "" {
		if ix, err := corpus.LoadSnapshot(src.snapshot); err == nil {
			send(ui.IndexMsg{Index: ix})
			send(ui.LoadDoneMsg{Problems: problems})
			return
		}
	}
	var box mailbox
	opts.Progress = box.progress
	stop := make(chan struct{})
	forwarded := make(chan struct{})
	go func() {
		defer close(forwarded)
		tick := time.NewTicker(batchEvery)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-tick.C:
				box.forward(send, now, false)
			}
		}
	}()
	// The explorer keeps compact documents: what loading allocates is
	// nearly all garbage, so the collector may wait longer.
	restoreGC := corpus.TuneGCForLoading()
	if src.seeds {
		problems = p.LoadFS(ctx, seedFS(), "seeds", opts, box.add)
	} else {
		problems = append(problems, p.LoadFiles(ctx, src.files, opts, box.add)...)
	}
	restoreGC()
	close(stop)
	<-forwarded
	box.forward(send, time.Now(), true)
	send(ui.LoadDoneMsg{Problems: problems})
}

// mailbox holds what loading produced since the program last took it.
// Loading drops documents in and never waits; sending to the program
// waits while the screen indexes and draws the last batch, and the
// documents that arrive meanwhile go in the next, larger one. Were loading
// to send itself, every worker would stand still while the screen works.
type mailbox struct {
	mu   sync.Mutex
	docs []*corpus.Doc
	prog corpus.Progress

	// Read and written by forward alone.
	sent     int       // documents sent
	lastSent time.Time // when documents were last sent
}

func (b *mailbox) add(d *corpus.Doc) {
	b.mu.Lock()
	b.docs = append(b.docs, d)
	b.mu.Unlock()
}

func (b *mailbox) progress(p corpus.Progress) {
	b.mu.Lock()
	b.prog = p
	b.mu.Unlock()
}

// forward sends the program the progress, and the documents that arrived
// since they were last sent when it is time for a batch or last is set.
func (b *mailbox) forward(send func(tea.Msg), now time.Time, last bool) {
	wait := batchEvery * time.Duration(1+b.sent/docsPerBatchDelay)
	b.mu.Lock()
	prog := b.prog
	var docs []*corpus.Doc
	if last || now.Sub(b.lastSent) >= wait {
		docs = b.docs
		b.docs = nil
	}
	b.mu.Unlock()
	if len(docs) > 0 {
		send(ui.DocsMsg{Docs: docs})
		b.sent += len(docs)
		b.lastSent = now
	}
	if prog.Total > 0 {
		send(ui.ProgressMsg{Progress: prog})
	}
}
