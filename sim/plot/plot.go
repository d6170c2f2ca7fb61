package plot

// Palette is the Okabe–Ito colour-blind-safe palette, in the order series use
// it, with its three light colours darkened (orange, sky blue, and yellow,
// which became olive) so that every line has at least 3:1 contrast on white
// (WCAG 1.4.11; TestPaletteContrast). Colours are 0xRRGGBB.
var Palette = [...]uint32{
	0x0072B2, // blue
	0xD55E00, // vermillion
	0x009E73, // bluish green
	0xCC79A7, // reddish purple
	0xB87E00, // orange, darkened from E69F00
	0x2C8CC8, // sky blue, darkened from 56B4E9
	0x000000, // black
	0x9E8A00, // olive: Okabe–Ito's yellow F0E442 darkened
}

// Color returns the palette colour for series index i, cycling.
func Color(i int) uint32 { return Palette[i%len(Palette)] }

// Axis is one axis of a panel. Min and Max bound the data range to show; a
// renderer may widen them to tick boundaries. On a log axis Min > 0.
type Axis struct {
	Label    string
	Log      bool
	Min, Max float64
}

// Series is one curve: points (X[i], Y[i]) in data coordinates, drawn as a
// polyline in Color (0xRRGGBB). Points with a non-finite coordinate, or a
// non-positive one on a log axis, break the line and are not drawn.
type Series struct {
	Label  string // legend text; empty: not in the legend
	Color  uint32
	Dashed bool // theory overlays are dashed
	// Dotted draws a thin dotted line, for the edges of a range (e.g. the
	// least and greatest value over seeds) so that it does not read as the
	// curve it brackets; the legend shows it dotted too.
	Dotted bool
	// Faint draws the series pale (its colour mixed with white), e.g. a fit
	// that does not describe the data; the legend sample is pale too.
	Faint bool
	Width float64
	X, Y  []float64
	// End, when non-empty, labels the last point (e.g. "diverged at t=12")
	// and marks it with a cross; an End of spaces marks the cross only.
	End string
}

// Marker is a vertical (X set, Y NaN) or horizontal (Y set, X NaN) reference
// line with a label, e.g. "m* = 8".
type Marker struct {
	Label string
	X, Y  float64
	Color uint32
}

// Shade is a vertical band X0 ≤ x ≤ X1 filled with a light tint of Color
// behind the grid and the curves, labelled at its foot (e.g. a regime).
type Shade struct {
	Label  string
	X0, X1 float64
	Color  uint32
}

// Panel is one set of axes with its series, or, when Net is set, a node
// graph (then X, Y, Series, Markers and Shades are ignored).
type Panel struct {
	Title   string
	X, Y    Axis
	Series  []Series
	Markers []Marker
	Shades  []Shade
	Notes   []string // short lines drawn in a corner (e.g. "m=64: diverged at t=31")
	Net     *Network
}

// Network is a node graph drawn in a panel (the distributed-GD lab, THEORY
// §3): nodes at fixed positions coloured by a value on a log colour scale
// with a legend, edges shaded by another value, and a scrubber bar under it
// that shows which recorded frame is drawn.
type Network struct {
	X, Y []float64 // node positions in the unit square, y up
	U, V []int32   // edge k joins nodes U[k] and V[k]

	Node      []float64 // per-node value, e.g. the error ‖P(w_i − w∞)‖
	NodeLabel string    // what Node is, for the legend and the tooltip
	NodeLo    float64   // the colour scale: log-spaced from NodeLo (cool) to
	NodeHi    float64   // NodeHi (hot); values outside are clamped; ≤ 0 or NaN: grey

	Edge      []float64 // per-edge value, e.g. the disagreement ‖w_i − w_j‖
	EdgeLabel string
	EdgeLo    float64 // edges fade from dark (EdgeHi) to faint (EdgeLo), log scale
	EdgeHi    float64

	Pinned []int // nodes drawn outlined (their curves are pinned elsewhere)

	// The scrubber: the frame drawn is Frame of Frames recorded (0-based),
	// taken at step Step; Frames ≤ 1 hides the bar.
	Frame, Frames int
	Step          int
}

// Figure is what a lab shows: one or more panels, laid out in a row/column
// by the renderer, and a caption.
type Figure struct {
	Panels  []Panel
	Caption string
}
