package draw

import (
	"bytes"
	"image/color"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/gofont/goregular"

	"sgdlab/sim/axis"
	"sgdlab/sim/plot"
)

var (
	white = color.RGBA{255, 255, 255, 255}
	ink   = color.RGBA{34, 34, 34, 255}
	muted = color.RGBA{90, 90, 90, 255}
	grid  = color.RGBA{228, 228, 228, 255}
	minor = color.RGBA{242, 242, 242, 255}
	frame = color.RGBA{120, 120, 120, 255}
	red   = color.RGBA{200, 30, 30, 255}
)

// Renderer draws figures; it holds the font and reusable path buffers.
type Renderer struct {
	src   *text.GoTextFaceSource
	faces map[float64]*text.GoTextFace
	path  vector.Path
}

// New loads the Go font.
func New() (*Renderer, error) {
	src, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		return nil, err
	}
	return &Renderer{src: src, faces: map[float64]*text.GoTextFace{}}, nil
}

func (r *Renderer) face(size float64) *text.GoTextFace {
	f, ok := r.faces[size]
	if !ok {
		f = &text.GoTextFace{Source: r.src, Size: size}
		r.faces[size] = f
	}
	return f
}

func rgb(c uint32) color.RGBA { return color.RGBA{uint8(c >> 16), uint8(c >> 8), uint8(c), 255} }

// glyphs replaces characters the Go font lacks with readable stand-ins.
var glyphs = strings.NewReplacer("‖", "||", "\u0302", "^")

// label draws s with its anchor at (x, y): ha, va are 0 start, 1 center, 2 end.
func (r *Renderer) label(dst *ebiten.Image, s string, size, x, y float64, ha, va text.Align, c color.Color) {
	s = glyphs.Replace(s)
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(c)
	op.PrimaryAlign, op.SecondaryAlign = ha, va
	text.Draw(dst, s, r.face(size), op)
}

func (r *Renderer) width(s string, size float64) float64 {
	w, _ := text.Measure(glyphs.Replace(s), r.face(size), 0)
	return w
}

// stroke draws a polyline (chunked, so index buffers stay small).
func (r *Renderer) stroke(dst *ebiten.Image, line []pt, w float64, c color.Color) {
	const chunk = 2000
	for start := 0; start < len(line)-1; start += chunk {
		end := min(start+chunk+1, len(line))
		r.path.Reset()
		r.path.MoveTo(float32(line[start].X), float32(line[start].Y))
		for _, p := range line[start+1 : end] {
			r.path.LineTo(float32(p.X), float32(p.Y))
		}
		op := &vector.DrawPathOptions{AntiAlias: true}
		op.ColorScale.ScaleWithColor(c)
		vector.StrokePath(dst, &r.path, &vector.StrokeOptions{Width: float32(w), LineJoin: vector.LineJoinRound, LineCap: vector.LineCapRound}, op)
	}
}

// Draw renders f to fill dst; scale is the device pixel ratio.
func (r *Renderer) Draw(dst *ebiten.Image, f plot.Figure, scale float64) {
	if scale <= 0 {
		scale = 1
	}
	dst.Fill(white)
	b := dst.Bounds()
	area := rect{float64(b.Min.X), float64(b.Min.Y), float64(b.Dx()), float64(b.Dy())}
	if f.Caption != "" {
		area.H -= 20 * scale
		r.label(dst, f.Caption, 12*scale, area.X+area.W/2, area.Y+area.H+10*scale, text.AlignCenter, text.AlignCenter, muted)
	}
	for i, pr := range panels(area, len(f.Panels)) {
		r.panel(dst, f.Panels[i], pr, scale)
	}
}

func (r *Renderer) panel(dst *ebiten.Image, p plot.Panel, pr rect, s float64) {
	fs := 12 * s // tick and legend font size
	plotR := rect{pr.X + 78*s, pr.Y + 30*s, pr.W - 78*s - 16*s, pr.H - 30*s - 50*s}
	if plotR.W < 40 || plotR.H < 40 {
		return
	}
	r.label(dst, p.Title, 14*s, plotR.X, pr.Y+15*s, text.AlignStart, text.AlignCenter, ink)

	var xs, ys [][]float64
	for _, se := range p.Series {
		xs, ys = append(xs, se.X), append(ys, se.Y)
	}
	xmin, xmax, okx := axis.Range(p.X.Log, xs...)
	ymin, ymax, oky := axis.Range(p.Y.Log, ys...)
	for _, m := range p.Markers {
		if !math.IsNaN(m.X) && okx {
			xmin, xmax = math.Min(xmin, m.X), math.Max(xmax, m.X)
		}
	}
	if !okx || !oky {
		xmin, xmax, ymin, ymax = 0, 1, 0.1, 1
		if !p.Y.Log {
			ymin = 0
		}
	}
	if p.X.Min < p.X.Max {
		xmin, xmax = p.X.Min, p.X.Max
	}
	if p.Y.Min < p.Y.Max {
		ymin, ymax = p.Y.Min, p.Y.Max
	}
	sx := axis.Scale{Min: xmin, Max: xmax, Log: p.X.Log}
	sy := axis.Scale{Min: ymin, Max: ymax, Log: p.Y.Log}
	toScreen := func(x, y float64) (float64, float64) {
		return plotR.X + sx.At(x)*plotR.W, plotR.Y + (1-sy.At(y))*plotR.H
	}

	// Grid and ticks.
	ticks := func(sc axis.Scale, n int) []axis.Tick {
		if sc.Log {
			return axis.Log(sc.Min, sc.Max)
		}
		return axis.Linear(sc.Min, sc.Max, n)
	}
	for _, t := range ticks(sx, max(2, int(plotR.W/(110*s)))) {
		x := plotR.X + sx.At(t.Value)*plotR.W
		c := minor
		if t.Major {
			c = grid
		}
		vector.StrokeLine(dst, float32(x), float32(plotR.Y), float32(x), float32(plotR.Y+plotR.H), float32(s), c, false)
		if t.Label != "" {
			r.label(dst, t.Label, fs, x, plotR.Y+plotR.H+6*s, text.AlignCenter, text.AlignStart, muted)
		}
	}
	for _, t := range ticks(sy, max(2, int(plotR.H/(60*s)))) {
		y := plotR.Y + (1-sy.At(t.Value))*plotR.H
		c := minor
		if t.Major {
			c = grid
		}
		vector.StrokeLine(dst, float32(plotR.X), float32(y), float32(plotR.X+plotR.W), float32(y), float32(s), c, false)
		if t.Label != "" {
			r.label(dst, t.Label, fs, plotR.X-6*s, y, text.AlignEnd, text.AlignCenter, muted)
		}
	}
	vector.StrokeRect(dst, float32(plotR.X), float32(plotR.Y), float32(plotR.W), float32(plotR.H), float32(s), frame, false)
	r.label(dst, p.X.Label, 13*s, plotR.X+plotR.W/2, plotR.Y+plotR.H+26*s, text.AlignCenter, text.AlignStart, ink)
	// The y label, rotated, left of the tick labels.
	op := &text.DrawOptions{}
	op.PrimaryAlign, op.SecondaryAlign = text.AlignCenter, text.AlignStart
	op.GeoM.Rotate(-math.Pi / 2)
	op.GeoM.Translate(pr.X+6*s, plotR.Y+plotR.H/2)
	op.ColorScale.ScaleWithColor(ink)
	text.Draw(dst, glyphs.Replace(p.Y.Label), r.face(13*s), op)

	if !okx || !oky {
		r.label(dst, "no data yet", 16*s, plotR.X+plotR.W/2, plotR.Y+plotR.H/2, text.AlignCenter, text.AlignCenter, muted)
		return
	}

	// Clip curves to the plot area: draw them on a sub-image.
	sub := dst.SubImage(imageRect(plotR)).(*ebiten.Image)
	for _, m := range p.Markers {
		c := rgb(m.Color)
		if !math.IsNaN(m.X) {
			x, _ := toScreen(m.X, ymax)
			r.strokeDashed(sub, []pt{{x, plotR.Y}, {x, plotR.Y + plotR.H}}, 1.5*s, c, s)
			r.label(dst, m.Label, fs, x+4*s, plotR.Y+4*s, text.AlignStart, text.AlignStart, c)
		} else if !math.IsNaN(m.Y) {
			_, y := toScreen(xmin, m.Y)
			r.strokeDashed(sub, []pt{{plotR.X, y}, {plotR.X + plotR.W, y}}, 1.5*s, c, s)
			r.label(dst, m.Label, fs, plotR.X+4*s, y-3*s, text.AlignStart, text.AlignEnd, c)
		}
	}
	for _, se := range p.Series {
		c := rgb(se.Color)
		w := se.Width
		if w <= 0 {
			w = 1.5
		}
		for _, line := range polylines(se.X, se.Y, toScreen) {
			if se.Dashed {
				r.strokeDashed(sub, line, w*s, c, s)
			} else if len(line) == 1 {
				vector.FillCircle(sub, float32(line[0].X), float32(line[0].Y), float32(w*s), c, true)
			} else {
				r.stroke(sub, line, w*s, c)
			}
		}
	}
	// End labels: a cross at the last finite point.
	for _, se := range p.Series {
		if se.End == "" {
			continue
		}
		ls := polylines(se.X, se.Y, toScreen)
		if len(ls) == 0 {
			continue
		}
		last := ls[len(ls)-1]
		q := last[len(last)-1]
		q.X, q.Y = math.Min(math.Max(q.X, plotR.X), plotR.X+plotR.W), math.Min(math.Max(q.Y, plotR.Y), plotR.Y+plotR.H)
		d := 5 * s
		vector.StrokeLine(dst, float32(q.X-d), float32(q.Y-d), float32(q.X+d), float32(q.Y+d), float32(2*s), red, true)
		vector.StrokeLine(dst, float32(q.X-d), float32(q.Y+d), float32(q.X+d), float32(q.Y-d), float32(2*s), red, true)
		ha := text.AlignStart
		x := q.X + 8*s
		if x+r.width(se.End, fs) > plotR.X+plotR.W {
			ha, x = text.AlignEnd, q.X-8*s
		}
		r.label(dst, se.End, fs, x, math.Max(q.Y, plotR.Y+10*s), ha, text.AlignCenter, red)
	}
	r.legend(dst, p, plotR, s)
	// Notes, bottom-left inside the plot.
	for i := range p.Notes {
		n := p.Notes[len(p.Notes)-1-i]
		y := plotR.Y + plotR.H - 8*s - float64(i)*16*s
		w := r.width(n, 11*s)
		vector.FillRect(dst, float32(plotR.X+4*s), float32(y-13*s), float32(w+8*s), float32(16*s), color.RGBA{255, 255, 255, 210}, false)
		r.label(dst, n, 11*s, plotR.X+8*s, y, text.AlignStart, text.AlignEnd, muted)
	}
}

func (r *Renderer) strokeDashed(dst *ebiten.Image, line []pt, w float64, c color.Color, s float64) {
	for _, d := range dashes(line, 7*s, 5*s) {
		r.stroke(dst, d, w, c)
	}
}

// legend lists the labelled series in a box at the top right of the plot.
func (r *Renderer) legend(dst *ebiten.Image, p plot.Panel, plotR rect, s float64) {
	fs := 12 * s
	var items []plot.Series
	maxw := 0.0
	for _, se := range p.Series {
		if se.Label != "" {
			items = append(items, se)
			maxw = math.Max(maxw, r.width(se.Label, fs))
		}
	}
	if len(items) == 0 {
		return
	}
	line, pad, sample := 18*s, 8*s, 26*s
	w, h := pad*3+sample+maxw, pad*2+line*float64(len(items))
	x0, y0 := plotR.X+plotR.W-w-8*s, plotR.Y+8*s
	vector.FillRect(dst, float32(x0), float32(y0), float32(w), float32(h), color.RGBA{255, 255, 255, 225}, false)
	vector.StrokeRect(dst, float32(x0), float32(y0), float32(w), float32(h), float32(s), grid, false)
	for i, se := range items {
		y := y0 + pad + line*(float64(i)+0.5)
		seg := []pt{{x0 + pad, y}, {x0 + pad + sample, y}}
		if se.Dashed {
			r.strokeDashed(dst, seg, 1.5*s, rgb(se.Color), s)
		} else {
			r.stroke(dst, seg, 2.5*s, rgb(se.Color))
		}
		r.label(dst, se.Label, fs, x0+2*pad+sample, y, text.AlignStart, text.AlignCenter, ink)
	}
}
