// Package plot describes figures as plain data — axes, series, styles and notes —
// so that every lab can hand its picture to any renderer (the ebiten figure in the
// browser, a test, an export) without knowing how it is drawn.
package plot
