package plot

import (
	"math"
	"testing"
)

// luminance is the WCAG relative luminance of 0xRRGGBB.
func luminance(c uint32) float64 {
	lin := func(v uint32) float64 {
		x := float64(v&255) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c>>16) + 0.7152*lin(c>>8) + 0.0722*lin(c)
}

// Every series colour stands out from the white panel by at least 3:1, the
// WCAG minimum for graphics (the Okabe–Ito yellow had 1.3:1).
func TestPaletteContrast(t *testing.T) {
	for i, c := range Palette {
		if r := 1.05 / (luminance(c) + 0.05); r < 3 {
			t.Errorf("Palette[%d] = %06X: contrast %.2f:1 on white, want ≥ 3", i, c, r)
		}
	}
	seen := map[uint32]bool{}
	for _, c := range Palette {
		if seen[c] {
			t.Errorf("%06X twice", c)
		}
		seen[c] = true
	}
}
