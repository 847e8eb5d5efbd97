// Command dealscope explores news about cloud-computing deals: it extracts
// who signed what with which cloud vendor from articles in any language,
// and lets a person browse the facts in the terminal, locally or over SSH.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/dealscope/dealscope/seeds"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// errUsage reports bad arguments whose message the flag package printed.
var errUsage = errors.New("usage")

const usage = `dealscope: explore news about cloud-computing deals

Usage:
  dealscope [flags] [PATH…]          open the explorer (the embedded seeds when no PATH)
  dealscope extract [flags] [PATH…|-] print articles with their facts (json, jsonl, csv)
  dealscope serve [flags] [PATH…]    serve the explorer over SSH
  dealscope --help | --version

Run "dealscope COMMAND --help" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "dealscope: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "extract":
			return runExtract(ctx, args[1:], stdin, stdout, stderr)
		case "serve":
			return runServe(ctx, args[1:], stdout, stderr)
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return nil
		case "version", "-version", "--version":
			fmt.Fprintf(stdout, "dealscope %s\n", version)
			return nil
		}
	}
	return runExplore(ctx, args, stdin, stdout, stderr)
}

func seedFS() fs.FS { return seeds.FS }
