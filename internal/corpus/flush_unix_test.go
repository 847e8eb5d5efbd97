//go:build unix

package corpus

import "golang.org/x/sys/unix"

// flushFiles writes every file's changes back to disk.
func flushFiles() { unix.Sync() }
