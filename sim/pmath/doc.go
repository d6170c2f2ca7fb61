// Package pmath holds portable versions of the few elementary functions the
// simulator needs, written in plain Go so that they return the same bits on every
// GOARCH. The standard library's math.Exp and math.Log use assembly on amd64 (with
// FMA when the CPU has it) but not on wasm, so their last bit can differ between
// the CLI and the browser; links must reproduce bit for bit, so numbers that feed
// a simulation or a printed readout use these instead.
//
// The code is the Go standard library's pure-Go fallback (FreeBSD's msun),
// BSD-licensed like Go.
package pmath
