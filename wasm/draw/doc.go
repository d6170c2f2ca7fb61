// Package draw renders a sim/plot.Figure onto an ebiten image: white panels
// with grids, ticks from sim/axis, anti-aliased curves (dashed overlays),
// reference markers, end labels, a legend and notes. It knows nothing about
// labs; it compiles natively and for js/wasm.
package draw
