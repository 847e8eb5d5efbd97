package main

import (
	"fmt"
	"io"

	"github.com/dealscope/dealscope/internal/corpus"
)

// openCache opens the fact cache unless noCache says not to. A cache that
// cannot be used is reported and the run goes on without it: it only ever
// saves time.
func openCache(noCache bool, stderr io.Writer) (*corpus.Cache, func()) {
	if noCache {
		return nil, func() {}
	}
	path, err := corpus.DefaultCachePath()
	if err == nil {
		var fp string
		if fp, err = corpus.PipelineFingerprint(); err == nil {
			var c *corpus.Cache
			var warning error
			c, warning, err = corpus.OpenCache(path, fp)
			if warning != nil {
				fmt.Fprintf(stderr, "dealscope: %v\n", warning)
			}
			if err == nil {
				return c, func() { c.Close() }
			}
		}
	}
	fmt.Fprintf(stderr, "dealscope: no fact cache this run (%v); pass --no-cache to skip it\n", err)
	return nil, func() {}
}

// snapshotPath is where the index snapshot of these files lives, or ""
// when there is no cache to keep it beside.
func snapshotPath(cache *corpus.Cache, files []string) string {
	if cache == nil || len(files) == 0 {
		return ""
	}
	path, err := corpus.DefaultCachePath()
	if err != nil {
		return ""
	}
	fp, err := corpus.PipelineFingerprint()
	if err != nil {
		return ""
	}
	key, err := corpus.SnapshotKey(fp, files)
	if err != nil {
		return ""
	}
	return corpus.SnapshotPath(path, key)
}
