package main

import (
	"fmt"
	"os"
	"testing"
)

// testDir holds what the tests write outside their own temp dirs.
var testDir string

// TestMain keeps the fact cache and host keys of test runs, and of the
// binaries they start, away from the user's directories.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dealscope-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDir = dir
	os.Setenv("XDG_CACHE_HOME", dir+"/cache")
	os.Setenv("XDG_STATE_HOME", dir+"/state")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
