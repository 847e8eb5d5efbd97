package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
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
	write, ok := writers[*format]
	if !ok {
		return fmt.Errorf("unknown --format %q: use json, jsonl or csv", *format)
	}
	opts := corpus.Options{MaxFileSize: *maxSize}
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

var writers = map[string]func(io.Writer, []*corpus.Doc) error{
	"json":  writeJSON,
	"jsonl": writeJSONL,
	"csv":   writeCSV,
}

func writeJSON(w io.Writer, docs []*corpus.Doc) error {
	if docs == nil {
		docs = []*corpus.Doc{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(docs)
}

func writeJSONL(w io.Writer, docs []*corpus.Doc) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(w io.Writer, docs []*corpus.Doc) error {
	cw := csv.NewWriter(w)
	header := []string{"id", "source", "title", "language", "language_confidence", "date", "date_source", "deal_type", "vendors", "partners", "competitors", "products", "people", "places", "money", "quantities", "warnings"}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, d := range docs {
		var money, qty []string
		for _, m := range d.Money {
			money = append(money, fmt.Sprintf("%s %s", strconv.FormatFloat(m.Amount, 'f', -1, 64), m.Currency))
		}
		for _, q := range d.Quantities {
			qty = append(qty, fmt.Sprintf("%s %s", strconv.FormatFloat(q.Value, 'f', -1, 64), q.Unit))
		}
		row := []string{d.ID, d.Source, d.Title, d.Language, strconv.FormatFloat(d.LanguageConfidence, 'f', 2, 64), d.Date, d.DateSource, d.DealType,
			join(d.Vendors), join(d.Partners), join(d.Competitors), join(d.Products), join(d.People), join(d.Places), join(money), join(qty), join(d.Warnings)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func join(s []string) string { return strings.Join(s, "; ") }

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
	elapsed := now.Sub(p.started).Seconds()
	line := fmt.Sprintf("dealscope: %d/%d files", pr.Done, pr.Total)
	if elapsed > 0 {
		line += fmt.Sprintf(" · %.1f MB/s", float64(pr.Bytes)/1e6/elapsed)
	}
	if pr.Done > 0 && pr.Done < pr.Total {
		left := time.Duration(elapsed / float64(pr.Done) * float64(pr.Total-pr.Done) * float64(time.Second))
		line += " · ETA " + left.Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
