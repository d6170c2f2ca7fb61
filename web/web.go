// Package web embeds the static tree of the lab so that the server is one
// self-contained binary: the lab page and the figure page with their scripts
// and styles, the build outputs in static/dist (main.wasm.gz, the gzip -9 of
// the wasm figure, worker.wasm.gz, that of the Web Workers' program, and
// wasm_exec.js; all git-ignored, made by the Makefile)
// and the dataset shards under static/data.
//
// The tree compiles on a fresh clone, where static/dist holds only .gitkeep:
// go:embed leaves out names starting with "." or "_", and an empty directory
// is allowed. A file X.gz is the gzip of X; the server serves it at X.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// root is static/ itself; fs.Sub fails only on an invalid name.
var root = func() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err)
	}
	return sub
}()

// FS returns the embedded tree rooted at web/static: "index.html",
// "dist/main.wasm.gz", "data/mnist/shard-000.bin", ... It is read-only and
// never changes while the program runs; its files implement io.Seeker and
// io.ReaderAt, so they can be served without copying.
func FS() fs.FS { return root }
