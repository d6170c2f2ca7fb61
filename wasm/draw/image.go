package draw

import (
	"bytes"
	"image"
	"image/png"

	"github.com/hajimehoshi/ebiten/v2"
)

func imageRect(r rect) image.Rectangle {
	return image.Rect(int(r.X), int(r.Y), int(r.X+r.W+0.5), int(r.Y+r.H+0.5))
}

// pixels reads img's RGBA pixels. Like every ReadPixels, call it only from
// within the game's Update or Draw.
func pixels(img *ebiten.Image) *image.RGBA {
	b := img.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	img.ReadPixels(rgba.Pix)
	return rgba
}

// PNG encodes img as PNG. Call it only from within Update or Draw.
func PNG(img *ebiten.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, pixels(img)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// NonBackground counts the pixels of img that are not white (the figure's
// background). Call it only from within Update or Draw.
func NonBackground(img *ebiten.Image) int {
	p := pixels(img).Pix
	n := 0
	for i := 0; i+3 < len(p); i += 4 {
		if p[i] < 250 || p[i+1] < 250 || p[i+2] < 250 {
			n++
		}
	}
	return n
}
