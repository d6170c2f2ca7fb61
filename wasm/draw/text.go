package draw

import (
	"image/color"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// glyphs replaces characters the Go font lacks with readable stand-ins
// (checked against goregular.TTF).
var glyphs = strings.NewReplacer(
	"‖", "||", "\u0302", "^", "ᵀ", "^T", "ⁱ", "^i",
	"ₐ", "_a", "ₑ", "_e", "ₖ", "_k", "ₘ", "_m", "ₒ", "_o", "ₜ", "_t", "ₓ", "_x",
	"⋅", "·", "∗", "*", "∘", "o", "∈", " in ", "∇", "grad ", "∓", "-/+",
)

// face returns the Go font at size pixels, cached.
func (r *Renderer) face(size float64) *text.GoTextFace {
	for _, f := range r.faces {
		if f.Size == size {
			return f
		}
	}
	if len(r.faces) >= 32 { // the device scale changed many times
		r.faces = r.faces[:0]
	}
	f := &text.GoTextFace{Source: r.src, Size: size}
	r.faces = append(r.faces, f)
	return f
}

// measure returns the width and height of s at size.
func (r *Renderer) measure(s string, size float64) (w, h float64) {
	return text.Measure(glyphs.Replace(s), r.face(size), 0)
}

// text draws s at (x, y); ha and va place the anchor at the start, centre or
// end of the text horizontally and vertically.
func (r *Renderer) text(dst *ebiten.Image, s string, size, x, y float64, ha, va text.Align, c color.Color) {
	if s == "" {
		return
	}
	op := &r.textOp
	*op = text.DrawOptions{}
	op.GeoM.Translate(math.Round(x), math.Round(y))
	op.ColorScale.ScaleWithColor(c)
	op.PrimaryAlign, op.SecondaryAlign = ha, va
	text.Draw(dst, glyphs.Replace(s), r.face(size), op)
}

// textUp draws s rotated a quarter turn anticlockwise, centred on (x, y).
func (r *Renderer) textUp(dst *ebiten.Image, s string, size, x, y float64, c color.Color) {
	if s == "" {
		return
	}
	op := &r.textOp
	*op = text.DrawOptions{}
	op.PrimaryAlign, op.SecondaryAlign = text.AlignCenter, text.AlignCenter
	op.GeoM.Rotate(-math.Pi / 2)
	op.GeoM.Translate(math.Round(x), math.Round(y))
	op.ColorScale.ScaleWithColor(c)
	text.Draw(dst, glyphs.Replace(s), r.face(size), op)
}

// fit shortens s with an ellipsis until it is at most w wide at size.
func (r *Renderer) fit(s string, size, w float64) string {
	if tw, _ := r.measure(s, size); tw <= w {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs) // the longest prefix that fits has length in [lo, hi)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if tw, _ := r.measure(string(rs[:mid])+"…", size); tw <= w {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return ""
	}
	return string(rs[:lo]) + "…"
}

// boxedText draws s left-aligned at (x, y) (top-left corner of its box) on a
// translucent white box with padding pad, and returns the box.
func (r *Renderer) boxedText(dst *ebiten.Image, s string, size, x, y, pad float64, c color.Color) rect {
	w, h := r.measure(s, size)
	b := rect{x, y, w + 2*pad, h + 2*pad}
	vector.FillRect(dst, float32(b.X), float32(b.Y), float32(b.W), float32(b.H), veil, false)
	r.text(dst, s, size, x+pad, y+pad, text.AlignStart, text.AlignStart, c)
	return b
}
