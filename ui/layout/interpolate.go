package layout

import "math"

// Ease maps linear progress t in [0, 1] to eased progress: slow to start,
// fast in the middle, slow to stop (smoothstep, 3t²−2t³), so nodes moving
// between layouts neither jerk into motion nor slam into place. t outside
// [0, 1] is clamped; NaN counts as 0.
func Ease(t float64) float64 {
	if !(t > 0) {
		return 0
	}
	if t >= 1 {
		return 1
	}
	return t * t * (3 - 2*t)
}

// Interpolate writes into dst the positions eased fraction t of the way from
// from to to, reusing dst's storage when it is large enough, and returns it.
// At t = 0 the result is exactly from and at t = 1 exactly to, so an
// animation ends where the layout is. The result has len(to) points; a node
// beyond len(from) — one that has just appeared — stays at its target.
func Interpolate(dst, from, to []Point, t float64) []Point {
	dst = grow(dst, len(to))
	e := Ease(t)
	// (1−e)·a + e·b rather than a + e·(b−a): the former is exact at both
	// ends in floating point, the latter may miss b by a rounding error.
	for i, b := range to {
		if i >= len(from) {
			dst[i] = b
			continue
		}
		a := from[i]
		dst[i] = Point{(1-e)*a.X + e*b.X, (1-e)*a.Y + e*b.Y}
	}
	return dst
}

// Distance returns the distance between p and q.
func Distance(p, q Point) float64 { return math.Hypot(p.X-q.X, p.Y-q.Y) }
