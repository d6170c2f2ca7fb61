package draw

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// tris collects filled triangles with per-vertex (premultiplied) colours and
// draws them with one DrawTriangles32 call; its buffers are reused.
type tris struct {
	vs    []ebiten.Vertex
	is    []uint32
	unit  []pt // the unit circle, at the number of segments in use
	white *ebiten.Image
	op    ebiten.DrawTrianglesOptions
}

// segments sets the number of segments of the circles that follow.
func (t *tris) segments(n int) {
	if len(t.unit) == n {
		return
	}
	t.unit = t.unit[:0]
	for i := range n {
		s, c := math.Sincos(2 * math.Pi * float64(i) / float64(n))
		t.unit = append(t.unit, pt{c, s})
	}
}

// segmentsFor returns a segment count for circles of radius r pixels.
func segmentsFor(r float64) int { return clamp(int(math.Ceil(1.2*r))+4, 6, 32) }

// vertex appends p in colour c and returns its index.
func (t *tris) vertex(p pt, c color.RGBA) uint32 {
	t.vs = append(t.vs, ebiten.Vertex{
		DstX: float32(p.X), DstY: float32(p.Y), SrcX: 1.5, SrcY: 1.5,
		ColorR: float32(c.R) / 255, ColorG: float32(c.G) / 255, ColorB: float32(c.B) / 255, ColorA: float32(c.A) / 255,
	})
	return uint32(len(t.vs) - 1)
}

// circle appends the points of the circle of radius r about c in colour col
// and returns the index of the first.
func (t *tris) circle(c pt, r float64, col color.RGBA) uint32 {
	first := uint32(len(t.vs))
	for _, u := range t.unit {
		t.vertex(pt{c.X + r*u.X, c.Y + r*u.Y}, col)
	}
	return first
}

// strip fills the band between two circles appended by circle.
func (t *tris) strip(a, b uint32) {
	n := uint32(len(t.unit))
	for i := range n {
		j := (i + 1) % n
		t.is = append(t.is, a+i, b+i, b+j, a+i, b+j, a+j)
	}
}

// disc fills the disc of radius r about c, its edge feathered over a pixel.
func (t *tris) disc(c pt, r float64, col color.RGBA) {
	centre := t.vertex(c, col)
	in := t.circle(c, math.Max(r-0.5, 0), col)
	out := t.circle(c, r+0.5, color.RGBA{})
	n := uint32(len(t.unit))
	for i := range n {
		t.is = append(t.is, centre, in+i, in+(i+1)%n)
	}
	t.strip(in, out)
}

// ring fills the annulus between radii a < b about c, feathered.
func (t *tris) ring(c pt, a, b float64, col color.RGBA) {
	mid0 := a + 0.5
	mid1 := math.Max(b-0.5, mid0)
	c0 := t.circle(c, math.Max(a-0.5, 0), color.RGBA{})
	c1 := t.circle(c, mid0, col)
	c2 := t.circle(c, mid1, col)
	c3 := t.circle(c, b+0.5, color.RGBA{})
	t.strip(c0, c1)
	t.strip(c1, c2)
	t.strip(c2, c3)
}

// quad fills r, shading from colour top at its top to bottom at its bottom.
func (t *tris) quad(r rect, top, bottom color.RGBA) {
	a := t.vertex(pt{r.X, r.Y}, top)
	b := t.vertex(pt{r.right(), r.Y}, top)
	c := t.vertex(pt{r.right(), r.bottom()}, bottom)
	d := t.vertex(pt{r.X, r.bottom()}, bottom)
	t.is = append(t.is, a, b, c, a, c, d)
}

// flush draws the collected triangles onto dst and empties the buffers.
func (t *tris) flush(dst *ebiten.Image) {
	if len(t.is) > 0 {
		if t.white == nil {
			img := ebiten.NewImage(3, 3)
			img.Fill(color.White)
			t.white = img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
		}
		t.op = ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha}
		dst.DrawTriangles32(t.vs, t.is, t.white, &t.op)
	}
	t.vs, t.is = t.vs[:0], t.is[:0]
}
