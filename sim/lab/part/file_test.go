package part

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func sample() *File {
	return &File{Version: "v1.2.3", Link: "v=1&lab=batch&m=1,n", Shard: 1, Shards: 3, Units: []Unit{
		{Phase: 0, Index: 2, Bytes: []byte("two")},
		{Phase: 0, Index: 5, Bytes: nil},
		{Phase: 1, Index: 0, Bytes: []byte{0, '\n', 255}},
	}}
}

func encode(t testing.TB, f *File) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	f := sample()
	g, err := Decode(bytes.NewReader(encode(t, f)))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(g) != fmt.Sprint(f) {
		t.Errorf("decoded %v, want %v", g, f)
	}
}

func TestDecodeErrors(t *testing.T) {
	good := encode(t, sample())
	flip := bytes.Clone(good)
	flip[len(flip)/2] ^= 1
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "does not start with"},
		{"other file", []byte("run,m,eta\n1,2,3\n"), "does not start with"},
		{"other format", bytes.Replace(good, []byte("sgdlab part 1"), []byte("sgdlab part 9"), 1), `format "9"`},
		{"cut short", good[:len(good)-10], "no digest"},
		{"half written", good[:len(good)/2], "no digest"},
		{"one bit changed", flip, "digest does not match"},
		{"trailing bytes", append(bytes.Clone(good), 'x'), "no digest"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(bytes.NewReader(c.b))
			var fe FormatError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want a FormatError with %q", err, c.want)
			}
		})
	}
}

func TestEncodeRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(f *File)
		want string
	}{
		{"no shards", func(f *File) { f.Shards = 0 }, "0 shards"},
		{"shard past K", func(f *File) { f.Shard = 3 }, "shard 3 of 3"},
		{"no link", func(f *File) { f.Link = "" }, "no link"},
		{"no version", func(f *File) { f.Version = "" }, "no sgdlab version"},
		{"line break", func(f *File) { f.Link += "\n" }, "line break"},
		{"unit twice", func(f *File) { f.Units[1].Index = 2 }, "once each"},
		{"units out of order", func(f *File) { f.Units[2].Phase = 0 }, "in order"},
		{"negative unit", func(f *File) { f.Units[0].Index = -1 }, "unit -1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := sample()
			c.edit(f)
			err := Encode(&bytes.Buffer{}, f)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(encode(f, sample()))
	f.Add(encode(f, &File{Version: "x", Link: "lab=variance", Shards: 1}))
	f.Add([]byte("sgdlab part 1\n{}\nsha256 00\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(bytes.NewReader(b))
		if err != nil {
			return
		}
		q, err := Decode(bytes.NewReader(encode(t, p)))
		if err != nil || fmt.Sprint(q) != fmt.Sprint(p) {
			t.Fatalf("a decoded part does not survive encoding: %v", err)
		}
	})
}

func ExampleDecode() {
	var b bytes.Buffer
	Encode(&b, &File{Version: "v1", Link: "v=1&lab=batch", Shard: 0, Shards: 2, Units: []Unit{{Phase: 0, Index: 1, Bytes: []byte("…")}}})
	f, err := Decode(&b)
	fmt.Println(f.Link, f.Shard, f.Shards, len(f.Units), err)
	// Output: v=1&lab=batch 0 2 1 <nil>
}
