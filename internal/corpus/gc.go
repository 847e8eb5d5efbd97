package corpus

import (
	"os"
	"runtime/debug"
)

// loadingGCPercent is the garbage collector's target while a corpus loads.
// Nearly all that loading allocates is garbage once its article is done,
// so collecting less often is worth its memory: in alternating runs of
// BenchmarkColdLoad at 20,000 articles, 11–33 % more articles a second
// than at the default of 100, for a peak heap about twice as high.
const loadingGCPercent = 400

// TuneGCForLoading raises the garbage collector's target for the whole
// process while a corpus loads, and returns the function that puts the
// previous target back. A GOGC set by the user is left alone.
func TuneGCForLoading() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	prev := debug.SetGCPercent(loadingGCPercent)
	return func() { debug.SetGCPercent(prev) }
}
