package draw

import (
	"bytes"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/goregular"

	"sgdlab/sim/plot"
)

var (
	white = color.RGBA{255, 255, 255, 255}
	ink   = color.RGBA{34, 34, 34, 255}
	muted = color.RGBA{85, 85, 85, 255}
	grid  = color.RGBA{221, 221, 221, 255}
	faint = color.RGBA{240, 240, 240, 255}
	frame = color.RGBA{110, 110, 110, 255}
	veil  = color.NRGBA{255, 255, 255, 225} // translucent white under labels
)

// Sizes at scale 1, in pixels.
const (
	sizeTitle   = 14
	sizeLabel   = 13 // axis labels
	sizeTick    = 12
	sizeLegend  = 12
	sizeSmall   = 10.5 // a legend under a small plot
	sizeNote    = 11.5
	sizeCaption = 12
)

// Renderer draws figures. It holds the font and buffers reused from frame to
// frame; it is not safe for concurrent use.
type Renderer struct {
	src    *text.GoTextFaceSource
	faces  []*text.GoTextFace
	textOp text.DrawOptions

	panels    []rect
	proj      lines // the series of the panel being drawn, projected by plan
	projAt    []int // series i is lines projAt[i] to projAt[i+1] of proj
	dash      lines // dashes, crosses, legend samples
	strokes   strokes
	obst      []rect // what a legend must not cover besides the curves
	placed    []rect // labels, legend and notes placed so far
	labels    []label
	legItems  []legendItem
	legLines  []string
	noteLines []string
	spans     []span // marked-up text being measured or drawn
	pos       []float64
	size      []float64
	net       netState // network panels: buffers, and what hit testing needs from the last Draw
}

// New returns a Renderer with the Go font loaded.
func New() (*Renderer, error) {
	src, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		return nil, err
	}
	return &Renderer{src: src}, nil
}

// Draw renders f to fill dst: a white background, the panels side by side
// (stacked when dst is taller than wide) and the caption below them. scale is
// the device scale factor: text, strokes and margins grow with it (a
// non-positive or NaN scale counts as 1). Call it from the game's Draw; its
// buffers are reused, so redrawing every frame allocates little.
func (r *Renderer) Draw(dst *ebiten.Image, f plot.Figure, scale float64) {
	if !(scale > 0) {
		scale = 1
	}
	dst.Fill(white)
	b := dst.Bounds()
	area := rect{float64(b.Min.X), float64(b.Min.Y), float64(b.Dx()), float64(b.Dy())}
	area = r.split(&f, area, scale)
	if f.Caption != "" {
		size := sizeCaption * scale
		r.text(dst, r.fit(f.Caption, size, area.W-16*scale), size, area.X+area.W/2, area.bottom()+2*scale, text.AlignCenter, text.AlignStart, muted)
	}
	r.net.drawn = r.net.drawn[:0]
	for i, pr := range r.panels {
		r.panel(dst, &f.Panels[i], pr, scale)
	}
}

// split lays out f's panels in r.panels within area, less a line for the
// caption at the bottom, and returns what is left above the caption.
func (r *Renderer) split(f *plot.Figure, area rect, scale float64) rect {
	if f.Caption != "" {
		_, h := r.measure("Ag", sizeCaption*scale)
		area.H -= h + 10*scale
	}
	r.panels = splitPanels(r.panels[:0], area, len(f.Panels))
	return area
}
