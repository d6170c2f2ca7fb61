package draw

import (
	"image/color"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// glyphs replaces characters the Go font lacks with readable stand-ins
// (checked against goregular.TTF by TestGlyphs): letter super- and
// subscripts become markup (below), the rest plain text.
var glyphs = strings.NewReplacer(
	"‖", "||", "ᵀ", "^{T}", "ⁱ", "^{i}", "ᵗ", "^{t}",
	"ₐ", "_{a}", "ₑ", "_{e}", "ₖ", "_{k}", "ₘ", "_{m}", "ₒ", "_{o}", "ₜ", "_{t}", "ₓ", "_{x}", "ᵢ", "_{i}", "ⱼ", "_{j}",
	"⋅", "·", "∗", "*", "∘", "o", "∈", " in ", "∇", "grad ", "∓", "-/+",
)

// Figure text may carry a little markup, drawn as a typesetter would: ^{…}
// raises its contents as a superscript and _{…} lowers them as a subscript
// (both at scriptSize of the size), and a combining circumflex (U+0302)
// after a character puts a hat over it, as in η̂(m).
const (
	hat        = "\u0302"
	scriptSize = 0.7
)

// span is a piece of marked-up text: a run of characters at one baseline
// shift (+1 superscript, −1 subscript), or one character under a hat.
type span struct {
	s     string
	shift int
	hat   bool
	w     float64 // width, set by setSpans
}

// marked reports whether s holds any markup.
func marked(s string) bool {
	return strings.Contains(s, "^{") || strings.Contains(s, "_{") || strings.Contains(s, hat)
}

// spans appends the spans of s (after glyph replacement) to dst. Markup
// does not nest; a "^" or "_" not followed by "{…}" is plain text.
func spans(dst []span, s string) []span {
	for len(s) > 0 {
		if strings.HasPrefix(s, hat) { // a hat with nothing under it
			s = s[len(hat):]
			continue
		}
		if len(s) >= 2 && (s[0] == '^' || s[0] == '_') && s[1] == '{' {
			if end := strings.IndexByte(s, '}'); end > 0 {
				shift := 1
				if s[0] == '_' {
					shift = -1
				}
				dst = append(dst, span{s: s[2:end], shift: shift})
				s = s[end+1:]
				continue
			}
		}
		// A plain run up to the next markup (at least one character).
		_, n := utf8.DecodeRuneInString(s)
		for n < len(s) && !strings.HasPrefix(s[n:], "^{") && !strings.HasPrefix(s[n:], "_{") && !strings.HasPrefix(s[n:], hat) {
			_, w := utf8.DecodeRuneInString(s[n:])
			n += w
		}
		run := s[:n]
		s = s[n:]
		if strings.HasPrefix(s, hat) { // the run's last character takes the hat
			_, w := utf8.DecodeLastRuneInString(run)
			if len(run) > w {
				dst = append(dst, span{s: run[:len(run)-w]})
			}
			dst = append(dst, span{s: run[len(run)-w:], hat: true})
			s = s[len(hat):]
			continue
		}
		dst = append(dst, span{s: run})
	}
	return dst
}

// flat is s with its markup written out plainly ("R^(2t)", "η^"), for the
// places that draw one run of text (rotated labels).
func flat(s string) string {
	if !marked(s) {
		return s
	}
	var b strings.Builder
	for _, sp := range spans(nil, s) {
		switch {
		case sp.shift > 0:
			b.WriteString("^(" + sp.s + ")")
		case sp.shift < 0:
			b.WriteString("_(" + sp.s + ")")
		default:
			b.WriteString(sp.s)
		}
		if sp.hat {
			b.WriteString("^")
		}
	}
	return b.String()
}

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

// measure returns the width and height of s at size (the height of one
// line at size, whatever scripts it holds).
func (r *Renderer) measure(s string, size float64) (w, h float64) {
	s = glyphs.Replace(s)
	if !marked(s) {
		return text.Measure(s, r.face(size), 0)
	}
	_, h = text.Measure("Ag", r.face(size), 0)
	return r.setSpans(s, size), h
}

// setSpans parses marked-up s (glyphs replaced) into r.spans, with each
// span's width at size, and returns their total width.
func (r *Renderer) setSpans(s string, size float64) (w float64) {
	r.spans = spans(r.spans[:0], s)
	for i := range r.spans {
		sp := &r.spans[i]
		sp.w, _ = text.Measure(sp.s, r.face(spanSize(*sp, size)), 0)
		w += sp.w
	}
	return w
}

// spanSize is the font size of sp in text of the given size.
func spanSize(sp span, size float64) float64 {
	if sp.shift != 0 {
		return math.Round(scriptSize*size*4) / 4 // few distinct faces
	}
	return size
}

// text draws s at (x, y); ha and va place the anchor at the start, centre or
// end of the text horizontally and vertically.
func (r *Renderer) text(dst *ebiten.Image, s string, size, x, y float64, ha, va text.Align, c color.Color) {
	if s == "" {
		return
	}
	s = glyphs.Replace(s)
	if !marked(s) {
		r.draw(dst, s, size, x, y, ha, va, c)
		return
	}
	w := r.setSpans(s, size)
	_, h := text.Measure("Ag", r.face(size), 0)
	switch ha {
	case text.AlignCenter:
		x -= w / 2
	case text.AlignEnd:
		x -= w
	}
	switch va { // y becomes the top of the line
	case text.AlignCenter:
		y -= h / 2
	case text.AlignEnd:
		y -= h
	}
	for _, sp := range r.spans {
		fs := spanSize(sp, size)
		top := y
		switch {
		case sp.shift > 0:
			top -= 0.12 * size
		case sp.shift < 0:
			top += 0.42 * size
		}
		r.draw(dst, sp.s, fs, x, top, text.AlignStart, text.AlignStart, c)
		if sp.hat {
			r.draw(dst, "ˆ", fs, x+sp.w/2, top-0.08*size, text.AlignCenter, text.AlignStart, c)
		}
		x += sp.w
	}
}

// draw draws plain s (glyphs already replaced) at (x, y).
func (r *Renderer) draw(dst *ebiten.Image, s string, size, x, y float64, ha, va text.Align, c color.Color) {
	op := &r.textOp
	*op = text.DrawOptions{}
	op.GeoM.Translate(math.Round(x), math.Round(y))
	op.ColorScale.ScaleWithColor(c)
	op.PrimaryAlign, op.SecondaryAlign = ha, va
	text.Draw(dst, s, r.face(size), op)
}

// textUp draws s rotated a quarter turn anticlockwise, centred on (x, y)
// (markup written out flat).
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
	text.Draw(dst, flat(glyphs.Replace(s)), r.face(size), op)
}

// fit shortens s with an ellipsis until it is at most w wide at size.
func (r *Renderer) fit(s string, size, w float64) string {
	if tw, _ := r.measure(s, size); tw <= w {
		return s
	}
	s = flat(glyphs.Replace(s)) // never cut inside markup
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
