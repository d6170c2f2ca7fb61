// Command mktheory renders docs/theory.md as the lab's theory page (package
// sgdlab/server/internal/theorypage); the Makefile runs it before building
// the server, which embeds the result and serves it at /theory:
//
//	go run ./server/mktheory -in docs/theory.md -out web/static/dist/theory.html
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"sgdlab/server/internal/theorypage"
)

func main() {
	in := flag.String("in", "docs/theory.md", "the Markdown `file`")
	out := flag.String("out", "web/static/dist/theory.html", "the HTML `file` to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mktheory:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	md, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	page, err := theorypage.Render(md, theorypage.Options{Contents: true})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	// Write beside and rename, so that the server build never embeds half a page.
	tmp := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp") // go:embed skips dot files
	if err := os.WriteFile(tmp, page, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
