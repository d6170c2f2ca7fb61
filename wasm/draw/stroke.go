package draw

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// maxSubPath bounds the segments of one sub-path handed to the stroker.
// ebiten's path filling counts the triangles covering a pixel in 4 bits per
// facing: a long noisy polyline overflows that and its stroke comes out
// hollow, while short sub-paths stay far below. Consecutive sub-paths share a
// segment, so that every joint is joined by one of them despite butt caps.
const maxSubPath = 8

// strokes collects anti-aliased strokes by colour and fills each colour's
// outlines with one FillPath, so a frame costs a few stencil passes instead of
// one per curve or dash. Its buffers are reused from frame to frame.
type strokes struct {
	src     vector.Path
	batches []batch
	n       int // batches in use
}

type batch struct {
	c    color.RGBA
	path vector.Path
}

// add strokes the lines of l with width w (pixels) in colour c: miter joins
// (bevelled when sharp) and butt caps, the cheapest outlines to fill.
func (s *strokes) add(l *lines, w float64, c color.RGBA) { s.addLines(l, 0, l.n(), w, c) }

// addLines is add for lines from to to-1 of l.
func (s *strokes) addLines(l *lines, from, to int, w float64, c color.RGBA) {
	if to <= from || !(w > 0) {
		return
	}
	s.src.Reset()
	for i := from; i < to; i++ {
		line := l.line(i)
		for start := 0; start < len(line)-1; start += maxSubPath - 1 {
			end := min(start+maxSubPath, len(line)-1)
			s.src.MoveTo(float32(line[start].X), float32(line[start].Y))
			for _, p := range line[start+1 : end+1] {
				s.src.LineTo(float32(p.X), float32(p.Y))
			}
			if end == len(line)-1 {
				break
			}
		}
	}
	op := &vector.AddStrokeOptions{}
	op.Width = float32(w)
	op.LineJoin, op.MiterLimit, op.LineCap = vector.LineJoinMiter, 2, vector.LineCapButt
	s.batch(c).AddStroke(&s.src, op)
}

// batch returns the path collecting colour c.
func (s *strokes) batch(c color.RGBA) *vector.Path {
	for i := range s.n {
		if s.batches[i].c == c {
			return &s.batches[i].path
		}
	}
	if s.n == len(s.batches) {
		s.batches = append(s.batches, batch{})
	}
	b := &s.batches[s.n]
	s.n++
	b.c = c
	b.path.Reset()
	return &b.path
}

// flush fills the collected outlines onto dst, in the order their colours
// first appeared, and empties the batches.
func (s *strokes) flush(dst *ebiten.Image) {
	for i := range s.n {
		b := &s.batches[i]
		op := &vector.DrawPathOptions{AntiAlias: true}
		op.ColorScale.ScaleWithColor(b.c)
		vector.FillPath(dst, &b.path, nil, op)
		b.path.Reset()
	}
	s.n = 0
}
