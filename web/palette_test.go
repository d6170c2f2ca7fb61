package web

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"sgdlab/sim/plot"
)

// TestPalette: the page's copy of the series colours (its readout swatches)
// is sim/plot.Palette.
func TestPalette(t *testing.T) {
	b, err := fs.ReadFile(FS(), "app.js")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range plot.Palette {
		want = append(want, fmt.Sprintf("'#%06X'", c))
	}
	line := "const palette = [" + strings.Join(want, ", ") + "];"
	if !strings.Contains(string(b), line) {
		t.Errorf("app.js does not hold %s", line)
	}
}
