//go:build !unix

package corpus

import "io"

// openFile opens name for reading and returns its size.
func openFile(name string) (io.ReadCloser, int64, error) { return openFileOS(name) }
