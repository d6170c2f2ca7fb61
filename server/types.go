package main

import "path"

// types maps extensions to Content-Type; anything else (dataset shards,
// .bin) is application/octet-stream. Text types name their charset.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".wasm":  "application/wasm",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".webp":  "image/webp",
	".svg":   "image/svg+xml",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".csv":   "text/csv; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
}

// precompressed extensions are not worth gzipping again.
var precompressed = map[string]bool{
	".png": true, ".jpg": true, ".webp": true, ".woff2": true,
	".gz": true, ".br": true, ".zst": true, ".zip": true,
}

// contentType is the Content-Type of the file called name.
func contentType(name string) string {
	if t, ok := types[path.Ext(name)]; ok {
		return t
	}
	return "application/octet-stream"
}
