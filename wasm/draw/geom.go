package draw

import "math"

// pt is a point in screen pixels.
type pt struct{ X, Y float64 }

// polylines splits a series into screen polylines, breaking at points that
// map to NaN (non-finite data, or non-positive data on a log axis).
func polylines(xs, ys []float64, toScreen func(x, y float64) (float64, float64)) [][]pt {
	var out [][]pt
	var cur []pt
	for i := range xs {
		sx, sy := toScreen(xs[i], ys[i])
		if math.IsNaN(sx) || math.IsNaN(sy) || math.IsInf(sx, 0) || math.IsInf(sy, 0) {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, pt{sx, sy})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// dashes cuts a polyline into dash segments of length on, separated by gaps
// of length off, measured along the line in screen pixels.
func dashes(line []pt, on, off float64) [][]pt {
	var out [][]pt
	var cur []pt
	drawing, left := true, on
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		seg := math.Hypot(b.X-a.X, b.Y-a.Y)
		pos := 0.0
		for seg-pos > 1e-9 {
			step := math.Min(left, seg-pos)
			t0, t1 := pos/seg, (pos+step)/seg
			p0 := pt{a.X + (b.X-a.X)*t0, a.Y + (b.Y-a.Y)*t0}
			p1 := pt{a.X + (b.X-a.X)*t1, a.Y + (b.Y-a.Y)*t1}
			if drawing {
				if len(cur) == 0 {
					cur = append(cur, p0)
				}
				cur = append(cur, p1)
			}
			pos += step
			left -= step
			if left <= 1e-9 {
				if drawing && len(cur) > 0 {
					out = append(out, cur)
					cur = nil
				}
				drawing = !drawing
				left = on
				if !drawing {
					left = off
				}
			}
		}
	}
	if drawing && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// rect is a screen rectangle.
type rect struct{ X, Y, W, H float64 }

// panels splits area into n panels side by side, or stacked when the area is
// taller than wide.
func panels(area rect, n int) []rect {
	if n <= 0 {
		return nil
	}
	out := make([]rect, n)
	for i := range out {
		if area.H > area.W {
			h := area.H / float64(n)
			out[i] = rect{area.X, area.Y + float64(i)*h, area.W, h}
		} else {
			w := area.W / float64(n)
			out[i] = rect{area.X + float64(i)*w, area.Y, w, area.H}
		}
	}
	return out
}
