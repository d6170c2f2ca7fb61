package part

import (
	"fmt"
	"strconv"
	"strings"
)

// MismatchError says that two parts do not belong to one result: other
// links, other sgdlab versions, other numbers of shards.
type MismatchError struct {
	What       string // "link", "sgdlab version", "-big", "number of shards"
	Name, Want string // the part that differs and its value
	First, Got string // the first part and its value
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("%s and %s are not parts of one result: their %s differs (%s has %s, %s has %s); merge only parts of one run of one sgdlab build",
		e.First, e.Name, e.What, e.First, e.Got, e.Name, e.Want)
}

// DuplicateError says that two parts hold the same shard.
type DuplicateError struct {
	Shard, Shards int
	Names         [2]string
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%s and %s both hold shard %d of %d: give each shard once", e.Names[0], e.Names[1], e.Shard, e.Shards)
}

// MissingError says which shards of a link have no part.
type MissingError struct {
	Link    string
	Big     bool
	Shards  int
	Missing []int
}

func (e *MissingError) Error() string {
	s := "shard"
	if len(e.Missing) > 1 {
		s = "shards"
	}
	return fmt.Sprintf("%s %s of %d missing for link %s", s, Ints(e.Missing), e.Shards, e.Link)
}

// Ints lists numbers with commas: "1, 3, 4".
func Ints(a []int) string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

// Check verifies that parts (read from the files names, in the same order)
// are the K shards of one run: the same link, -big, sgdlab version and K,
// each shard once, none missing. Its errors are *MismatchError,
// *DuplicateError and *MissingError (ErrNoParts for none).
func Check(names []string, parts []*File) error {
	if len(parts) == 0 {
		return ErrNoParts
	}
	f0 := parts[0]
	seen := map[int]string{}
	for k, f := range parts {
		name := names[k]
		for _, m := range []struct{ what, want, got string }{
			{"link", f.Link, f0.Link},
			{"sgdlab version", f.Version, f0.Version},
			{"-big", strconv.FormatBool(f.Big), strconv.FormatBool(f0.Big)},
			{"number of shards", strconv.Itoa(f.Shards), strconv.Itoa(f0.Shards)},
		} {
			if m.want != m.got {
				return &MismatchError{What: m.what, Name: name, Want: m.want, First: names[0], Got: m.got}
			}
		}
		if other, dup := seen[f.Shard]; dup {
			return &DuplicateError{Shard: f.Shard, Shards: f.Shards, Names: [2]string{other, name}}
		}
		seen[f.Shard] = name
	}
	var missing []int
	for s := range f0.Shards {
		if _, ok := seen[s]; !ok {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return &MissingError{Link: f0.Link, Big: f0.Big, Shards: f0.Shards, Missing: missing}
	}
	return nil
}
