package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/dealscope/dealscope/seeds"
)

func openTestCache(t *testing.T, path, fp string) *Cache {
	t.Helper()
	c, warning, err := OpenCache(path, fp)
	if err != nil {
		t.Fatal(err)
	}
	if warning != nil {
		t.Fatalf("unexpected warning: %v", warning)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func loadWith(t *testing.T, c *Cache) []*Doc {
	t.Helper()
	var docs []*Doc
	if errs := newPipeline(t).LoadFS(context.Background(), seeds.FS, "seeds", Options{Cache: c}, func(d *Doc) { docs = append(docs, d) }); len(errs) > 0 {
		t.Fatal(errs)
	}
	return docs
}

func jsonOf(t *testing.T, docs []*Doc) string {
	t.Helper()
	byID := map[string]*Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	raw, err := json.Marshal(byID)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestCacheRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "facts.db")
	fp, err := PipelineFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	c := openTestCache(t, path, fp)
	fresh := loadWith(t, c)
	if hits, misses, _ := c.Stats(); hits != 0 || misses != 4 {
		t.Fatalf("first load: %d hits, %d misses", hits, misses)
	}
	c.Close()

	c = openTestCache(t, path, fp)
	cached := loadWith(t, c)
	if hits, misses, _ := c.Stats(); hits != 4 || misses != 0 {
		t.Fatalf("second load: %d hits, %d misses", hits, misses)
	}
	if jsonOf(t, fresh) != jsonOf(t, cached) {
		t.Errorf("cached documents differ from fresh ones")
	}
	c.Close()

	// Another extractor (data or version changed): nothing is reused.
	c = openTestCache(t, path, "another-fingerprint")
	loadWith(t, c)
	if hits, _, _ := c.Stats(); hits != 0 {
		t.Errorf("facts of another fingerprint were reused: %d hits", hits)
	}
}

func TestCacheRejectsJunk(t *testing.T) {
	dir := t.TempDir()
	fp, _ := PipelineFingerprint()
	tests := map[string]func(path string){
		"junk":  func(path string) { os.WriteFile(path, []byte(strings.Repeat("not a database ", 1000)), 0o600) },
		"empty": func(path string) { os.WriteFile(path, nil, 0o600) },
	}
	for _, keep := range []int64{3, 2, 1} {
		tests[fmt.Sprintf("truncated-to-%d-quarters", keep)] = func(path string) {
			c, _, err := OpenCache(path, fp)
			if err != nil {
				t.Fatal(err)
			}
			loadWith(t, c)
			c.Close()
			info, _ := os.Stat(path)
			os.Truncate(path, info.Size()*keep/4)
		}
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".db")
			spoil(path)
			c, warning, err := OpenCache(path, fp)
			if err != nil {
				t.Fatalf("not rebuilt: %v", err)
			}
			defer c.Close()
			// A truncated file may lose only free pages; junk must be refused.
			if name == "junk" && (warning == nil || !strings.Contains(warning.Error(), "starting a new one")) {
				t.Errorf("warning = %v", warning)
			}
			docs := loadWith(t, c)
			if len(docs) != 4 {
				t.Errorf("%d documents through a rebuilt cache", len(docs))
			}
		})
	}
}

func TestCacheForeignBoltFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "facts.db")
	c := openTestCache(t, path, "fp")
	// Make it somebody else's: drop the stamp.
	c.db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(metaBucket) })
	c.Close()
	c2, warning, err := OpenCache(path, "fp")
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if warning == nil || !strings.Contains(warning.Error(), "not dealscope's") {
		t.Errorf("warning = %v", warning)
	}
}
