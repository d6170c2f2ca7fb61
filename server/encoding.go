package main

import (
	"strconv"
	"strings"
)

// Brotli is not offered. The standard library has no encoder; a pure-Go one
// is a third-party module, and brotli -q11 of the 21 MB wasm takes ~45 s
// (-q9 ~5 s), far too slow for start-up, so it would have to be a build step
// needing an extra tool, for 3.5 MB instead of 4.9 MB on the wire. Serving
// precompressed X.br twins would be the way to add it.

// acceptsGzip reports whether an Accept-Encoding header admits gzip: "gzip"
// (or "x-gzip") with a nonzero q, or else "*" with a nonzero q. An unreadable
// q counts as 0, since identity is always a safe answer.
func acceptsGzip(header string) bool {
	gzip, star := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		q := qvalue(params)
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gzip = max(gzip, q)
		case "*":
			star = max(star, q)
		}
	}
	if gzip >= 0 {
		return gzip > 0
	}
	return star > 0
}

// qvalue is the weight in the parameters of one Accept-Encoding element
// ("q=0.5;..."): 1 when absent, 0 when malformed or out of [0, 1].
func qvalue(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || !(q >= 0 && q <= 1) { // NaN too
			return 0
		}
		return q
	}
	return 1
}
