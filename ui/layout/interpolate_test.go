package layout

import (
	"math"
	"testing"
)

func TestEase(t *testing.T) {
	tests := []struct{ t, want float64 }{
		{0, 0}, {1, 1}, {0.5, 0.5}, {0.25, 0.15625}, {0.75, 0.84375},
		{-1, 0}, {2, 1}, {math.NaN(), 0}, {math.Inf(1), 1},
	}
	for _, tt := range tests {
		if got := Ease(tt.t); got != tt.want {
			t.Errorf("Ease(%v): got %v, want %v", tt.t, got, tt.want)
		}
	}
}

func TestInterpolate(t *testing.T) {
	from := []Point{{0.1, 0.7}, {-3, 1e6}}
	to := []Point{{0.3, -0.2}, {5, -1e6}, {9, 9}}
	tests := []struct {
		t    float64
		want []Point
	}{
		{0, []Point{{0.1, 0.7}, {-3, 1e6}, {9, 9}}},
		{1, to},
		{0.5, []Point{{0.2, 0.25}, {1, 0}, {9, 9}}},
	}
	for _, tt := range tests {
		got := Interpolate(nil, from, to, tt.t)
		if len(got) != len(tt.want) {
			t.Fatalf("t=%v: got %d points, want %d", tt.t, len(got), len(tt.want))
		}
		for i := range got {
			if math.Abs(got[i].X-tt.want[i].X) > 1e-12 || math.Abs(got[i].Y-tt.want[i].Y) > 1e-9 {
				t.Errorf("t=%v, node %d: got %v, want %v", tt.t, i, got[i], tt.want[i])
			}
		}
	}
	// The ends must be exact, not merely close: an animation that stops a
	// rounding error off the layout would leave pinned nodes off their pins.
	if got := Interpolate(nil, from, to, 1); got[0] != to[0] || got[1] != to[1] {
		t.Errorf("t=1: got %v, want exactly %v", got, to)
	}
	buf := make([]Point, 3)
	if got := Interpolate(buf, from, to, 0.3); &got[0] != &buf[0] {
		t.Errorf("with room in dst: got a new slice, want dst reused")
	}
}
