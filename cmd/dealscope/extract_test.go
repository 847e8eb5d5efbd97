package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestExtractJSONContract(t *testing.T) {
	out, stderr, err := runCmd(t, "", "extract", "--format", "json")
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	var docs []map[string]any
	if err := json.Unmarshal([]byte(out), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 4 {
		t.Fatalf("%d docs, want the 4 seeds", len(docs))
	}
	fields := []string{"id", "source", "title", "text", "language", "language_confidence", "date", "date_source", "vendors", "partners", "competitors", "products", "people", "places", "deal_type", "money", "quantities", "facts", "boilerplate", "warnings"}
	for _, d := range docs {
		for _, f := range fields {
			if _, ok := d[f]; !ok {
				t.Errorf("%v: field %q missing", d["id"], f)
			}
		}
	}
	if docs[1]["source"] != "seeds/001_3882541287eb2bc0.txt" || docs[1]["language"] != "vi" {
		t.Errorf("second doc: %v %v", docs[1]["source"], docs[1]["language"])
	}
}

func TestExtractFormats(t *testing.T) {
	out, _, err := runCmd(t, "", "extract", "--format", "jsonl")
	if err != nil || strings.Count(out, "\n") != 4 {
		t.Errorf("jsonl: %d lines, err %v", strings.Count(out, "\n"), err)
	}
	out, _, err = runCmd(t, "", "extract", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 5 || rows[0][0] != "id" {
		t.Errorf("csv: %d rows, err %v", len(rows), err)
	}
	if _, _, err := runCmd(t, "", "extract", "--format", "xml"); err == nil || !strings.Contains(err.Error(), "json, jsonl or csv") {
		t.Errorf("bad format: err = %v", err)
	}
}

func TestExtractStdinAndErrors(t *testing.T) {
	out, _, err := runCmd(t, "Microsoft signs a cloud deal with Contoso Bank.\n\nContoso Bank moves to Azure.", "extract", "--format", "jsonl", "-")
	if err != nil || !strings.Contains(out, `"id":"stdin"`) {
		t.Errorf("stdin: %v %s", err, out)
	}
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	_, stderr, err := runCmd(t, "", "extract", empty, filepath.Join(dir, "missing.txt"))
	if err == nil || !strings.Contains(stderr, "empty.txt: empty file") || !strings.Contains(stderr, "missing.txt") {
		t.Errorf("nothing readable: err %v, stderr %q", err, stderr)
	}
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("Google signs a deal with Renault."), 0o644)
	out, stderr, err = runCmd(t, "", "extract", "--format", "jsonl", empty, good)
	if err != nil || !strings.Contains(out, `"id":"good"`) || !strings.Contains(stderr, "empty file") {
		t.Errorf("one bad file among good: err %v, stderr %q", err, stderr)
	}
}

func TestVersionAndHelp(t *testing.T) {
	out, _, err := runCmd(t, "", "--version")
	if err != nil || !strings.HasPrefix(out, "dealscope ") {
		t.Errorf("--version: %q %v", out, err)
	}
	out, _, err = runCmd(t, "", "--help")
	if err != nil || !strings.Contains(out, "dealscope extract") {
		t.Errorf("--help: %q %v", out, err)
	}
	if _, _, err := runCmd(t, "", "extract", "--bogus"); err != errUsage {
		t.Errorf("bad flag: err %v, want errUsage", err)
	}
}

func TestExplorerNeedsATerminal(t *testing.T) {
	if _, _, err := runCmd(t, ""); err == nil || !strings.Contains(err.Error(), "needs a terminal") {
		t.Errorf("err = %v", err)
	}
	if _, _, err := runCmd(t, "", "--theme", "sepia"); err == nil || !strings.Contains(err.Error(), "dark or light") {
		t.Errorf("bad theme: err = %v", err)
	}
	if _, _, err := runCmd(t, "", "--filter", "color:red"); err == nil || !strings.Contains(err.Error(), "unknown facet") {
		t.Errorf("bad filter: err = %v", err)
	}
}
