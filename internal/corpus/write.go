package corpus

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Writers write documents in the output formats of `dealscope extract`
// and of the explorer's export, by format name.
var Writers = map[string]func(io.Writer, []*Doc) error{
	"json":  WriteJSON,
	"jsonl": WriteJSONL,
	"csv":   WriteCSV,
}

// WriteJSON writes the extract contract: one JSON array of documents.
func WriteJSON(w io.Writer, docs []*Doc) error {
	if docs == nil {
		docs = []*Doc{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(docs)
}

// WriteJSONL writes one JSON document a line.
func WriteJSONL(w io.Writer, docs []*Doc) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	return nil
}

// WriteCSV writes one row a document, lists joined with "; ".
func WriteCSV(w io.Writer, docs []*Doc) error {
	cw := csv.NewWriter(w)
	header := []string{"id", "source", "title", "language", "language_confidence", "date", "date_source", "deal_type", "vendors", "partners", "competitors", "products", "people", "places", "money", "quantities", "warnings"}
	if err := cw.Write(header); err != nil {
		return err
	}
	join := func(s []string) string { return strings.Join(s, "; ") }
	for _, d := range docs {
		var money, qty []string
		for _, m := range d.Money {
			money = append(money, strconv.FormatFloat(m.Amount, 'f', -1, 64)+" "+m.Currency)
		}
		for _, q := range d.Quantities {
			qty = append(qty, strconv.FormatFloat(q.Value, 'f', -1, 64)+" "+q.Unit)
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

// Summary describes progress after elapsed time: files done, speed and
// the time left.
func (p Progress) Summary(elapsed time.Duration) string {
	s := fmt.Sprintf("%d/%d files", p.Done, p.Total)
	if sec := elapsed.Seconds(); sec > 0 {
		s += fmt.Sprintf(" · %.1f MB/s", float64(p.Bytes)/1e6/sec)
		if p.Done > 0 && p.Done < p.Total {
			left := time.Duration(sec / float64(p.Done) * float64(p.Total-p.Done) * float64(time.Second))
			s += " · ETA " + left.Round(time.Second).String()
		}
	}
	return s
}
