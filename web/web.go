// Package web embeds the static tree of the lab — the page, the figure page
// and the build outputs in static/dist (the gzipped wasm and wasm_exec.js) —
// so that the server is one self-contained binary.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// FS returns the static tree rooted at web/static.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // "static" is a valid path: cannot happen
	}
	return sub
}
