// Package shard reads and writes dataset shards: a 32-byte header (magic,
// version, element type, n, d, classes, scale, payload CRC) followed by n·d
// samples and n targets — the format the server ships and the page fetches.
// Decoders take an io.Reader and return typed errors.
package shard
