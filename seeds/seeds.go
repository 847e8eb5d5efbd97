// Package seeds embeds the seed articles so that dealscope opens on a corpus
// with no arguments and on any machine.
package seeds

import "embed"

// FS holds the seed articles as *.txt files at its root.
//
//go:embed *.txt
var FS embed.FS
