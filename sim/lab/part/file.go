// Package part splits a link's work into shards that run on different
// machines and merges their partial results into exactly what one machine
// would have produced. Shard i of K runs the units (lab.Units) that Assign
// gives it — balanced by the units' planned cost, from the link and K alone
// — and keeps their results as bytes (lab.Portable) in a File: the
// canonical link, i, K, the units it holds, the sgdlab version and a
// SHA-256 digest of all of it. Merge builds the experiment again from the
// link, installs every unit's bytes where it would have run it, and runs
// what comes between and after the units; Check refuses parts of other
// links or versions, duplicates and missing shards first. File input and
// output, the clock and the cluster live in sim/cmd/sgdlab.
package part

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Format is the version of the part file layout written by Encode.
const Format = 1

// magic opens every part file, followed by the format version.
const magic = "sgdlab part "

// Unit is the result of one unit: unit Index of the Phase-th list of units
// (counted from 0 since the experiment was built), as lab.Portable's
// MarshalUnit wrote it.
type Unit struct {
	Phase, Index int
	Bytes        []byte
}

// File is a shard's partial result.
type File struct {
	Version string // the sgdlab build that ran the shard
	Link    string // the canonical link
	Big     bool   // the link was parsed with the CLI's -big (native size limits)
	Shard   int    // i, in [0, Shards)
	Shards  int    // K
	Units   []Unit // in the order the shard ran its phases, then by index
}

// header is the JSON line after the magic line.
type header struct {
	Version string  `json:"sgdlab"`
	Link    string  `json:"link"`
	Big     bool    `json:"big,omitempty"`
	Shard   int     `json:"shard"`
	Shards  int     `json:"shards"`
	Units   [][]int `json:"units"` // [phase, index, bytes] of each unit, in body order
}

// FormatError says why bytes are not a part file.
type FormatError string

func (e FormatError) Error() string { return "not a valid sgdlab part file: " + string(e) }

// check reports what is wrong with f's fields, or nil.
func (f *File) check() error {
	switch {
	case f.Shards < 1:
		return FormatError(fmt.Sprintf("%d shards", f.Shards))
	case f.Shard < 0 || f.Shard >= f.Shards:
		return FormatError(fmt.Sprintf("shard %d of %d", f.Shard, f.Shards))
	case f.Link == "":
		return FormatError("no link")
	case f.Version == "":
		return FormatError("no sgdlab version")
	case strings.ContainsAny(f.Link+f.Version, "\n\r"):
		return FormatError("a line break in the link or version")
	}
	for k, u := range f.Units {
		if u.Phase < 0 || u.Index < 0 {
			return FormatError(fmt.Sprintf("unit %d of phase %d", u.Index, u.Phase))
		}
		if k > 0 {
			p := f.Units[k-1]
			if u.Phase < p.Phase || u.Phase == p.Phase && u.Index <= p.Index {
				return FormatError(fmt.Sprintf("unit %d of phase %d after unit %d of phase %d: units must be in order, once each", u.Index, u.Phase, p.Index, p.Phase))
			}
		}
	}
	return nil
}

// Encode writes f: the line "sgdlab part 1", a JSON header line (version,
// link, shard, shards and each unit's phase, index and length), the units'
// bytes one after another, and the line "sha256 <hex>" — the SHA-256 of
// everything before it.
func Encode(w io.Writer, f *File) error {
	if err := f.check(); err != nil {
		return err
	}
	h := header{Version: f.Version, Link: f.Link, Big: f.Big, Shard: f.Shard, Shards: f.Shards, Units: [][]int{}}
	for _, u := range f.Units {
		h.Units = append(h.Units, []int{u.Phase, u.Index, len(u.Bytes)})
	}
	var b bytes.Buffer
	b.WriteString(magic + strconv.Itoa(Format) + "\n")
	enc := json.NewEncoder(&b) // one line, its newline included
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return err
	}
	for _, u := range f.Units {
		b.Write(u.Bytes)
	}
	sum := sha256.Sum256(b.Bytes())
	b.WriteString("sha256 " + hex.EncodeToString(sum[:]) + "\n")
	_, err := w.Write(b.Bytes())
	return err
}

// maxHeader bounds the header line (a million units' entries).
const maxHeader = 64 << 20

// Decode reads a part file written by Encode and checks its digest: a file
// cut short (a task killed while writing without the CLI's rename), changed
// or of another format is an error (FormatError).
func Decode(r io.Reader) (*File, error) {
	all, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(bytes.NewReader(all))
	first, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(first, magic) {
		return nil, FormatError("it does not start with \"" + magic + "\"")
	}
	if v := strings.TrimSuffix(first[len(magic):], "\n"); v != strconv.Itoa(Format) {
		return nil, FormatError(fmt.Sprintf("format %q (this build reads %d)", v, Format))
	}
	// The digest: the last line, over everything before it.
	const trailer = len("sha256 ") + 64 + 1
	if len(all) < len(first)+trailer || all[len(all)-1] != '\n' || !bytes.HasPrefix(all[len(all)-trailer:], []byte("sha256 ")) {
		return nil, FormatError("no digest at the end (the file is cut short, or has bytes after its digest)")
	}
	body := all[:len(all)-trailer]
	want, err := hex.DecodeString(string(all[len(all)-trailer+len("sha256 ") : len(all)-1]))
	if sum := sha256.Sum256(body); err != nil || !bytes.Equal(want, sum[:]) {
		return nil, FormatError("its digest does not match its contents (the file is corrupt)")
	}
	rest := body[len(first):]
	line, units, ok := bytes.Cut(rest, []byte("\n"))
	if !ok || len(line) > maxHeader {
		return nil, FormatError("no header line")
	}
	var h header
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, FormatError("header: " + err.Error())
	}
	f := &File{Version: h.Version, Link: h.Link, Big: h.Big, Shard: h.Shard, Shards: h.Shards}
	for _, u := range h.Units {
		if len(u) != 3 || u[2] < 0 || u[2] > len(units) {
			return nil, FormatError(fmt.Sprintf("unit entry %v", u))
		}
		f.Units = append(f.Units, Unit{Phase: u[0], Index: u[1], Bytes: slices.Clip(units[:u[2]])})
		units = units[u[2]:]
	}
	if len(units) != 0 {
		return nil, FormatError(fmt.Sprintf("%d bytes after the last unit", len(units)))
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return f, nil
}

// ErrNoParts is Check's error for an empty list.
var ErrNoParts = errors.New("no part files to merge")
