package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"github.com/dealscope/dealscope/internal/corpus"
	"github.com/dealscope/dealscope/internal/sshserve"
	"github.com/dealscope/dealscope/ui"
)

// runServe implements `dealscope serve`: the corpus is loaded once, then
// every SSH session browses it with an explorer of its own.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg sshserve.Config
	fs.StringVar(&cfg.Listen, "listen", "127.0.0.1:23234", "address to listen on")
	fs.StringVar(&cfg.HostKeyPath, "host-key", "", "host private key; created when missing (default $XDG_STATE_HOME/dealscope/host_ed25519)")
	fs.StringVar(&cfg.AuthorizedKeysPath, "authorized-keys", "", "public keys allowed in, OpenSSH authorized_keys format, re-read at each login")
	fs.BoolVar(&cfg.AllowAnyone, "allow-anyone", false, "without --authorized-keys, let anyone in on a non-loopback address too")
	fs.IntVar(&cfg.MaxSessions, "max-sessions", 32, "sessions open at once")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", 30*time.Minute, "close connections idle this long")
	fs.DurationVar(&cfg.Grace, "grace", 5*time.Second, "time sessions get to end on SIGINT/SIGTERM")
	theme := fs.String("theme", "", "colours for a dark or light background: dark, light (default: detect per client)")
	filter := fs.String("filter", "", "filter query every session starts with")
	noCache := fs.Bool("no-cache", false, "extract every file again instead of reusing cached facts")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dealscope serve [flags] [PATH…]\n\nServes the explorer over SSH on the articles in PATH (the embedded seeds when none).\nConnect with: ssh -p 23234 localhost\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if _, err := corpus.ParseQuery(*filter); err != nil {
		return fmt.Errorf("--filter: %w", err)
	}
	logger := log.NewWithOptions(stderr, log.Options{ReportTimestamp: true, Prefix: "dealscope"})
	cfg.Logger = logger

	start := time.Now()
	cache, closeCache := openCache(*noCache, stderr)
	defer closeCache()
	opts := corpus.Options{Cache: cache}
	pipeline, err := corpus.NewPipeline()
	if err != nil {
		return err
	}
	index, problems, err := serveIndex(ctx, pipeline, fs.Args(), opts)
	if err != nil {
		return err
	}
	for _, p := range problems {
		logger.Warn("skipped", "err", p)
	}
	if index.Len() == 0 {
		return errors.New("no article could be read: nothing to serve")
	}
	logger.Info("corpus loaded", "articles", index.Len(), "skipped", len(problems), "took", time.Since(start).Round(time.Millisecond))

	cfg.App = func(sess ssh.Session, r *lipgloss.Renderer) tea.Model {
		out := termenv.NewOutput(sess)
		return ui.New(ui.Options{
			Index:     index,
			Renderer:  r,
			Theme:     *theme,
			Filter:    *filter,
			Clipboard: func(s string) error { out.Copy(s); return nil },
			Reload:    func(path string) (*corpus.Doc, error) { return pipeline.LoadFile(path, opts) },
		})
	}
	srv, err := sshserve.New(cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "dealscope: serving %d articles on %s — connect with: ssh -p %s %s\n", index.Len(), srv.Addr(), port(srv.Addr().String()), host(cfg.Listen))
	return srv.Serve(ctx)
}

// serveIndex builds the shared index: from the corpus snapshot when the
// files have not changed since it was written, else by loading them (and
// writing a new snapshot).
func serveIndex(ctx context.Context, p *corpus.Pipeline, paths []string, opts corpus.Options) (*corpus.Index, []error, error) {
	var files []string
	var problems []error
	if len(paths) > 0 {
		files, problems = corpus.Collect(paths)
	}
	snap := snapshotPath(opts.Cache, files)
	if snap != "" {
		if ix, err := corpus.LoadSnapshot(snap); err == nil {
			return ix, problems, nil
		}
	}
	var docs []*corpus.Doc
	collect := func(d *corpus.Doc) { docs = append(docs, d) }
	if len(paths) == 0 {
		problems = p.LoadFS(ctx, seedFS(), "seeds", opts, collect)
	} else {
		problems = append(problems, p.LoadFiles(ctx, files, opts, collect)...)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Source < docs[j].Source })
	index := corpus.NewIndex()
	if len(docs) > compactAbove {
		index.DropText()
	}
	index.Add(docs...)
	index.Trim()
	// Sessions share the index: every order is ready before the first.
	index.SortOrders()
	if snap != "" && index.Len() > 0 {
		if err := index.SaveSnapshot(snap); err != nil {
			problems = append(problems, err)
		}
	}
	return index, problems, nil
}

func port(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			return addr[i+1:]
		}
	}
	return addr
}

func host(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			h := addr[:i]
			if h == "" || h == "0.0.0.0" || h == "::" || h == "[::]" {
				return "HOST"
			}
			return h
		}
	}
	return addr
}
