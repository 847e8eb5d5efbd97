package main

import (
	"context"
	"io"
)

func runExplore(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runExtract(ctx, args, stdin, stdout, stderr)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return nil
}
