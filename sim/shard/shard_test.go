package shard

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

func sample() *Shard {
	return &Shard{N: 3, D: 2, Classes: 10, Elem: U8, Scale: 1.0 / 255,
		U8: []uint8{0, 255, 10, 20, 30, 40}, Labels: []uint8{7, 0, 9}}
}

func TestRoundTrip(t *testing.T) {
	for _, s := range []*Shard{
		sample(),
		{N: 2, D: 3, Elem: F32, Scale: 1, F32: []float32{1.5, -2, 0, 3, 4, 5e-3}, Targets: []float32{151, -0.25}},
	} {
		var buf bytes.Buffer
		if err := Encode(&buf, s); err != nil {
			t.Fatal(err)
		}
		if buf.Len() != HeaderSize+s.payloadSize() {
			t.Errorf("size %d", buf.Len())
		}
		got, err := Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(s) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, s)
		}
	}
	row := sample().Row(make([]float64, 2), 0)
	if row[0] != 0 || row[1] != 1 {
		t.Errorf("Row = %v", row)
	}
}

func TestErrors(t *testing.T) {
	var buf bytes.Buffer
	Encode(&buf, sample())
	good := buf.Bytes()
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	tests := []struct {
		name string
		data []byte
		want any
	}{
		{"empty", nil, ErrTruncated},
		{"short header", good[:10], ErrTruncated},
		{"short payload", good[:len(good)-1], ErrTruncated},
		{"magic", mut(func(b []byte) []byte { b[0] = 'X'; return b }), FormatError("")},
		{"version", mut(func(b []byte) []byte { b[4] = 9; return b }), FormatError("")},
		{"elem", mut(func(b []byte) []byte { b[6] = 7; return b }), FormatError("")},
		{"huge", mut(func(b []byte) []byte { b[11] = 0x7f; return b }), FormatError("")},
		{"flipped pixel", mut(func(b []byte) []byte { b[HeaderSize] ^= 1; return b }), ChecksumError{}},
		{"label out of range", mut(func(b []byte) []byte { b[16] = 5; return b }), FormatError("")},
	}
	for _, tt := range tests {
		_, err := Decode(bytes.NewReader(tt.data))
		switch want := tt.want.(type) {
		case error:
			if want == ErrTruncated && !errors.Is(err, ErrTruncated) {
				t.Errorf("%s: %v", tt.name, err)
			}
			if fe, ok := want.(FormatError); ok {
				var got FormatError
				if !errors.As(err, &got) {
					t.Errorf("%s: %v, want a FormatError %v", tt.name, err, fe)
				}
			}
			if _, ok := want.(ChecksumError); ok {
				var got ChecksumError
				if !errors.As(err, &got) {
					t.Errorf("%s: %v, want a ChecksumError", tt.name, err)
				}
			}
		}
	}
}

func TestManifestVerify(t *testing.T) {
	b := []byte("shard bytes")
	r := NewRef("a.bin", 1, b)
	if err := r.Verify(b); err != nil {
		t.Error(err)
	}
	if err := r.Verify([]byte("shard bytez")); err == nil {
		t.Error("changed bytes verified")
	}
}

// FuzzDecode: no input panics, and whatever decodes re-encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	Encode(&buf, sample())
	f.Add(buf.Bytes())
	f.Add([]byte("SGDS"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(bytes.NewReader(b))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := Encode(&out, s); err != nil {
			t.Fatalf("decoded shard does not encode: %v", err)
		}
		if !bytes.Equal(out.Bytes(), b[:out.Len()]) {
			t.Fatal("re-encoding differs")
		}
	})
}

func ExampleDecode() {
	var buf bytes.Buffer
	Encode(&buf, &Shard{N: 1, D: 2, Classes: 2, Elem: U8, Scale: 1.0 / 255, U8: []uint8{0, 255}, Labels: []uint8{1}})
	s, err := Decode(&buf)
	fmt.Println(s.N, s.D, s.Labels, s.Row(make([]float64, 2), 0), err)
	// Output: 1 2 [1] [0 1] <nil>
}
