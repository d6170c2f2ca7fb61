package part

import (
	"errors"
	"strings"
	"testing"
)

func parts(k int) ([]string, []*File) {
	var names []string
	var fs []*File
	for s := range k {
		names = append(names, "p"+string(rune('0'+s)))
		fs = append(fs, &File{Version: "v1", Link: "v=1&lab=batch", Shard: s, Shards: k})
	}
	return names, fs
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(names []string, fs []*File) ([]string, []*File)
		want string // "" for no error
		err  any
	}{
		{"all", func(n []string, f []*File) ([]string, []*File) { return n, f }, "", nil},
		{"none", func(n []string, f []*File) ([]string, []*File) { return nil, nil }, "no part files", nil},
		{"other link", func(n []string, f []*File) ([]string, []*File) { f[2].Link = "v=1&lab=variance"; return n, f },
			"p0 and p2 are not parts of one result: their link differs", new(*MismatchError)},
		{"other version", func(n []string, f []*File) ([]string, []*File) { f[1].Version = "v2"; return n, f },
			"sgdlab version differs (p0 has v1, p1 has v2)", new(*MismatchError)},
		{"other K", func(n []string, f []*File) ([]string, []*File) { f[3].Shards = 5; return n, f },
			"number of shards differs", new(*MismatchError)},
		{"big", func(n []string, f []*File) ([]string, []*File) { f[1].Big = true; return n, f }, "-big differs", new(*MismatchError)},
		{"duplicate", func(n []string, f []*File) ([]string, []*File) {
			return append(n, "copy"), append(f, &File{Version: "v1", Link: "v=1&lab=batch", Shard: 2, Shards: 4})
		}, "p2 and copy both hold shard 2 of 4", new(*DuplicateError)},
		{"one missing", func(n []string, f []*File) ([]string, []*File) {
			return []string{n[0], n[2], n[3]}, []*File{f[0], f[2], f[3]}
		}, "shard 1 of 4 missing for link v=1&lab=batch", new(*MissingError)},
		{"two missing", func(n []string, f []*File) ([]string, []*File) { return n[1:3], f[1:3] }, "shards 0, 3 of 4 missing", new(*MissingError)},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Check(c.edit(parts(4)))
			switch {
			case c.want == "" && err != nil:
				t.Fatal(err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if c.err != nil && !errors.As(err, c.err) {
				t.Errorf("error %T, want %T", err, c.err)
			}
		})
	}
}
