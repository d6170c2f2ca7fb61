// Package draw renders a sim/plot.Figure onto an ebiten image: white panels
// with grids and ticks from sim/axis, anti-aliased curves (dashed overlays
// dashed), reference markers, crosses and labels at the End of diverged runs,
// a legend, notes and a caption. Points that cannot be drawn (non-finite, or
// non-positive on a log axis) break the curves; nothing is ever drawn at NaN.
// It knows nothing about labs, and compiles natively and for js/wasm; the
// geometry lives in plain functions tested without a display.
package draw
