package shard

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// Magic opens every shard.
const Magic = "SGDS"

// Version is the format version written by Encode.
const Version = 1

// HeaderSize is the size of the fixed header in bytes.
const HeaderSize = 32

// MaxElems bounds n·d so that a corrupt header cannot ask for a huge
// allocation (2²⁶ samples' elements, 64 MiB of uint8 or 256 MiB of float32).
const MaxElems = 1 << 26

// Elem is the element type of the samples.
type Elem uint8

const (
	U8  Elem = 1 // uint8, value = raw·Scale (pixels: Scale = 1/255)
	F32 Elem = 2 // float32 little-endian, value = raw·Scale
)

func (e Elem) size() int {
	if e == U8 {
		return 1
	}
	return 4
}

// Shard is a block of n samples of dimension d with targets: class labels
// (uint8, when Classes > 0) or real targets (float32, Classes = 0).
//
// Layout (little-endian): "SGDS", version u16, elem u8, 0 u8, n u32, d u32,
// classes u32, scale f64, crc32 (IEEE) of everything after the header u32;
// then n·d elements row by row; then n labels (u8) or targets (f32).
type Shard struct {
	N, D    int
	Classes int
	Elem    Elem
	Scale   float64
	U8      []uint8   // Elem == U8: n·d raw values
	F32     []float32 // Elem == F32: n·d raw values
	Labels  []uint8   // Classes > 0
	Targets []float32 // Classes == 0
}

// Row writes sample i, scaled, to dst (length D) and returns it.
func (s *Shard) Row(dst []float64, i int) []float64 {
	sc := s.Scale
	if s.Elem == U8 {
		for j, v := range s.U8[i*s.D : (i+1)*s.D] {
			dst[j] = float64(v) * sc
		}
		return dst
	}
	for j, v := range s.F32[i*s.D : (i+1)*s.D] {
		dst[j] = float64(v) * sc
	}
	return dst
}

// FormatError reports a shard that is not well formed.
type FormatError string

func (e FormatError) Error() string { return "shard: invalid format: " + string(e) }

// ErrTruncated is returned when the data end before the header says.
var ErrTruncated = errors.New("shard: truncated (the data end early)")

// ChecksumError reports a payload whose CRC does not match the header.
type ChecksumError struct{ Want, Got uint32 }

func (e ChecksumError) Error() string {
	return fmt.Sprintf("shard: corrupt payload (crc32 %08x, header says %08x)", e.Got, e.Want)
}

func (s *Shard) check() error {
	switch {
	case s.Elem != U8 && s.Elem != F32:
		return FormatError(fmt.Sprintf("unknown element type %d", s.Elem))
	case s.N < 1 || s.D < 1:
		return FormatError(fmt.Sprintf("n=%d d=%d: both must be positive", s.N, s.D))
	case s.N > MaxElems/s.D:
		return FormatError(fmt.Sprintf("n·d = %d·%d is over the limit %d", s.N, s.D, MaxElems))
	case s.Classes < 0 || s.Classes > 256:
		return FormatError(fmt.Sprintf("%d classes (0…256)", s.Classes))
	case !(s.Scale > 0) || math.IsInf(s.Scale, 0):
		return FormatError(fmt.Sprintf("scale %v must be positive and finite", s.Scale))
	}
	return nil
}

// payloadSize is the byte length of samples and targets.
func (s *Shard) payloadSize() int {
	t := 4
	if s.Classes > 0 {
		t = 1
	}
	return s.N*s.D*s.Elem.size() + s.N*t
}

// Encode writes s. It returns an error if s is inconsistent.
func Encode(w io.Writer, s *Shard) error {
	if err := s.check(); err != nil {
		return err
	}
	nd := s.N * s.D
	if (s.Elem == U8 && len(s.U8) != nd) || (s.Elem == F32 && len(s.F32) != nd) ||
		(s.Classes > 0 && len(s.Labels) != s.N) || (s.Classes == 0 && len(s.Targets) != s.N) {
		return errors.New("shard: data lengths do not match n, d and classes")
	}
	p := make([]byte, 0, s.payloadSize())
	if s.Elem == U8 {
		p = append(p, s.U8...)
	} else {
		for _, v := range s.F32 {
			p = binary.LittleEndian.AppendUint32(p, math.Float32bits(v))
		}
	}
	if s.Classes > 0 {
		for _, l := range s.Labels {
			if int(l) >= s.Classes {
				return fmt.Errorf("shard: label %d with %d classes", l, s.Classes)
			}
		}
		p = append(p, s.Labels...)
	} else {
		for _, v := range s.Targets {
			p = binary.LittleEndian.AppendUint32(p, math.Float32bits(v))
		}
	}
	h := make([]byte, 0, HeaderSize)
	h = append(h, Magic...)
	h = binary.LittleEndian.AppendUint16(h, Version)
	h = append(h, byte(s.Elem), 0)
	h = binary.LittleEndian.AppendUint32(h, uint32(s.N))
	h = binary.LittleEndian.AppendUint32(h, uint32(s.D))
	h = binary.LittleEndian.AppendUint32(h, uint32(s.Classes))
	h = binary.LittleEndian.AppendUint64(h, math.Float64bits(s.Scale))
	h = binary.LittleEndian.AppendUint32(h, crc32.ChecksumIEEE(p))
	if _, err := w.Write(h); err != nil {
		return err
	}
	_, err := w.Write(p)
	return err
}

// Decode reads one shard from r.
func Decode(r io.Reader) (*Shard, error) {
	var h [HeaderSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, ErrTruncated
		}
		return nil, err
	}
	if string(h[:4]) != Magic {
		return nil, FormatError("not a shard (bad magic)")
	}
	if v := binary.LittleEndian.Uint16(h[4:]); v != Version {
		return nil, FormatError(fmt.Sprintf("version %d (this build reads %d)", v, Version))
	}
	le := binary.LittleEndian
	s := &Shard{
		Elem:    Elem(h[6]),
		N:       int(le.Uint32(h[8:])),
		D:       int(le.Uint32(h[12:])),
		Classes: int(le.Uint32(h[16:])),
		Scale:   math.Float64frombits(le.Uint64(h[20:])),
	}
	if h[7] != 0 {
		return nil, FormatError("reserved header byte is not zero")
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	p := make([]byte, s.payloadSize())
	if _, err := io.ReadFull(r, p); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, ErrTruncated
		}
		return nil, err
	}
	if want, got := le.Uint32(h[28:]), crc32.ChecksumIEEE(p); want != got {
		return nil, ChecksumError{Want: want, Got: got}
	}
	nd := s.N * s.D
	if s.Elem == U8 {
		s.U8, p = p[:nd], p[nd:]
	} else {
		s.F32 = make([]float32, nd)
		for i := range s.F32 {
			s.F32[i] = math.Float32frombits(le.Uint32(p[4*i:]))
		}
		p = p[4*nd:]
	}
	if s.Classes > 0 {
		s.Labels = p[:s.N]
		for _, l := range s.Labels {
			if int(l) >= s.Classes {
				return nil, FormatError(fmt.Sprintf("label %d with %d classes", l, s.Classes))
			}
		}
	} else {
		s.Targets = make([]float32, s.N)
		for i := range s.Targets {
			s.Targets[i] = math.Float32frombits(le.Uint32(p[4*i:]))
		}
	}
	return s, nil
}
