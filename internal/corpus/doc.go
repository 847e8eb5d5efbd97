// Package corpus turns files into extracted articles, loads many of them
// concurrently, and indexes them for the explorer's facets and filter
// query.
package corpus

import (
	"fmt"
	"strings"

	"github.com/dealscope/dealscope/internal/article"
	"github.com/dealscope/dealscope/internal/extract"
	"github.com/dealscope/dealscope/internal/lang"
)

// Doc is one article with its facts: the object of the extract contract.
type Doc struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	extract.Result
	Boilerplate []article.Boilerplate `json:"boilerplate"`
	Warnings    []string              `json:"warnings"`

	// words are the distinct folded words of the title and text, found by
	// the loading worker so that indexing does not do it on one core.
	words []string
}

// Pipeline reads, detects and extracts. It is safe for concurrent use.
type Pipeline struct {
	parser    *article.Parser
	detector  lang.Detector
	extractor *extract.Extractor
}

// scratch is memory one loading worker reuses from article to article.
type scratch struct {
	words wordScratch
	raw   []byte // the last file's bytes
}

// maxReusedRaw bounds the file buffer a worker keeps: one huge file must
// not leave every worker its size.
const maxReusedRaw = 1 << 20

// keepRaw keeps raw's memory for the next file.
func (sc *scratch) keepRaw(raw []byte) {
	if cap(raw) <= maxReusedRaw {
		sc.raw = raw[:0]
	} else {
		sc.raw = nil
	}
}

// NewPipeline loads the embedded rules of every stage.
func NewPipeline() (*Pipeline, error) {
	p, err := article.NewParser()
	if err != nil {
		return nil, err
	}
	d, err := lang.New()
	if err != nil {
		return nil, err
	}
	x, err := extract.New()
	if err != nil {
		return nil, err
	}
	return &Pipeline{parser: p, detector: d, extractor: x}, nil
}

// Process turns the raw bytes of one file into a Doc.
func (p *Pipeline) Process(source string, raw []byte) (*Doc, error) {
	return p.process(source, raw, nil, nil)
}

// process reads one file, taking its facts from the cache when the cache
// has them for this content, and storing them there when not. sc may be
// nil, or the worker's scratch memory.
func (p *Pipeline) process(source string, raw []byte, cache *Cache, sc *scratch) (*Doc, error) {
	a, err := p.parser.Parse(source, raw)
	if err != nil {
		return nil, err
	}
	var key []byte
	var res extract.Result
	cached := false
	if cache != nil {
		key = contentKey(raw)
		res, cached = cache.get(key)
	}
	if !cached {
		l := p.detector.Detect(contentText(a))
		res = p.extractor.Extract(a, l.Code, l.Confidence)
		if cache != nil {
			// A failed write costs a later extraction, nothing more.
			_ = cache.put(key, res)
		}
	}
	doc := &Doc{
		ID:          a.ID,
		Source:      source,
		Title:       a.Title,
		Text:        a.Text,
		Result:      res,
		Boilerplate: a.Boilerplate,
		Warnings:    a.Warnings,
	}
	if doc.Boilerplate == nil {
		doc.Boilerplate = []article.Boilerplate{}
	}
	if doc.Warnings == nil {
		doc.Warnings = []string{}
	}
	if res.Language == "" {
		doc.Warnings = append(doc.Warnings, "language: could not be told from the text")
	}
	// The title is taken from the text, so the text's words hold its
	// words. Read lower-cased, a word written "Cloud" and "cloud" is
	// folded once.
	if sc == nil {
		sc = new(scratch)
	}
	text := a.Lower
	if text == "" {
		text = a.Text
	}
	doc.words = distinctWords(text, &sc.words)
	return doc, nil
}

// contentText joins the article's non-boilerplate sentences, so that a
// page's furniture does not sway language detection. Detection ignores
// case, so it reads them lower-cased when the article has that text.
func contentText(a *article.Article) string {
	text := a.Lower
	if text == "" {
		text = a.Text
	}
	var n int
	spans := a.Content
	for _, s := range spans {
		n += s.Len() + 1
	}
	buf := make([]byte, 0, n)
	for _, s := range spans {
		buf = append(buf, text[s.Start:s.End]...)
		buf = append(buf, '\n')
	}
	return string(buf)
}

// FileError is a file that could not be turned into a Doc.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }

func (e *FileError) Unwrap() error { return e.Err }

// Compact returns the document without what only the detail view needs:
// text, facts and boilerplate spans. Strings are copied, so that nothing
// keeps the text alive; Reload brings the rest back.
func (d *Doc) Compact() *Doc {
	c := *d
	c.Text, c.Facts, c.Boilerplate, c.words = "", nil, nil, nil
	c.Title = strings.Clone(d.Title)
	for _, list := range []*[]string{&c.Vendors, &c.Partners, &c.Competitors, &c.Products, &c.People, &c.Places} {
		cloned := make([]string, len(*list))
		for i, v := range *list {
			cloned[i] = strings.Clone(v)
		}
		*list = cloned
	}
	c.Money = append([]extract.Money{}, d.Money...)
	for i := range c.Money {
		c.Money[i].Text = strings.Clone(c.Money[i].Text)
	}
	c.Quantities = append([]extract.Quantity{}, d.Quantities...)
	for i := range c.Quantities {
		c.Quantities[i].Text = strings.Clone(c.Quantities[i].Text)
	}
	return &c
}

// IsCompact reports a document without its text (see Compact).
func (d *Doc) IsCompact() bool { return d.Text == "" && d.Facts == nil }
