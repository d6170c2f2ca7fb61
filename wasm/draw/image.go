package draw

import (
	"bytes"
	"image"
	"image/png"

	"github.com/hajimehoshi/ebiten/v2"
)

// pixels reads img's pixels (premultiplied RGBA, like image.RGBA). Like
// every ReadPixels, it may be called only from within the game's Update or
// Draw, never before RunGame starts or from another goroutine.
func pixels(img *ebiten.Image) *image.RGBA {
	b := img.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	img.ReadPixels(rgba.Pix)
	return rgba
}

// PNG encodes img as a PNG file. It reads the pixels back from the GPU, so
// call it only from within the game's Update or Draw (ebiten's rule for
// ReadPixels); a JS caller waits for the next frame through a Promise.
func PNG(img *ebiten.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, pixels(img)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// NonBackground counts the pixels of img that are not opaque white, the
// figure's background: a blank canvas gives 0. Call it only from within the
// game's Update or Draw, like PNG.
func NonBackground(img *ebiten.Image) int {
	return countNonWhite(pixels(img).Pix)
}

// countNonWhite counts the RGBA pixels of pix other than 255, 255, 255, 255.
func countNonWhite(pix []byte) int {
	n := 0
	for i := 0; i+3 < len(pix); i += 4 {
		if pix[i]&pix[i+1]&pix[i+2]&pix[i+3] != 255 {
			n++
		}
	}
	return n
}
