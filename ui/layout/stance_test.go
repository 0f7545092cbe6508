package layout

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestStancePlaneCoordinates(t *testing.T) {
	// Cell 100, gap 50, spacing 10: the plane spans ±250, the NoX column is
	// centred on x = −350, the NoY row on y = 350.
	tests := []struct {
		name   string
		stance Stance
		want   Point
		region Region
	}{
		{"centre", Stance{X: 0, Y: 0, HasX: true, HasY: true}, Point{0, 0}, Scored},
		{"top right: both positive poles", Stance{X: 2, Y: 2, HasX: true, HasY: true}, Point{200, -200}, Scored},
		{"bottom left: both negative poles", Stance{X: -2, Y: -2, HasX: true, HasY: true}, Point{-200, 200}, Scored},
		{"x −1, y +2", Stance{X: -1, Y: 2, HasX: true, HasY: true}, Point{-100, -200}, Scored},
		{"no x, y +1", Stance{Y: 1, HasY: true}, Point{-350, -100}, NoX},
		{"no x, y −2", Stance{Y: -2, HasY: true}, Point{-350, 200}, NoX},
		{"x +2, no y", Stance{X: 2, HasX: true}, Point{200, 350}, NoY},
		{"x −2, no y", Stance{X: -2, HasX: true}, Point{-200, 350}, NoY},
		{"neither", Stance{}, Point{-350, 350}, Neither},
		{"scores ignored without Has", Stance{X: 2, Y: -1}, Point{-350, 350}, Neither},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := StancePlane([]Stance{tt.stance}, StanceOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Positions[0]; got != tt.want {
				t.Errorf("position: got %v, want %v", got, tt.want)
			}
			var cell *Cell
			for k := range p.Cells {
				if slices.Contains(p.Cells[k].Nodes, 0) {
					cell = &p.Cells[k]
				}
			}
			if cell == nil || cell.Region != tt.region || cell.Bounds.Center() != tt.want {
				t.Errorf("cell: got %+v, want region %d centred on %v", cell, tt.region, tt.want)
			}
		})
	}
}

func TestStancePlaneFrame(t *testing.T) {
	p, err := StancePlane(nil, StanceOptions{Cell: 10, Gap: 4, XLabel: "Sovereignty"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Rect{Point{-25, -25}, Point{25, 25}}); p.Grid != want {
		t.Errorf("Grid: got %v, want %v", p.Grid, want)
	}
	if want := (Rect{Point{-39, -25}, Point{25, 39}}); p.Bounds != want {
		t.Errorf("Bounds: got %v, want %v", p.Bounds, want)
	}
	if len(p.Cells) != 36 {
		t.Fatalf("got %d cells, want 25 + 5 + 5 + 1", len(p.Cells))
	}
	cells := []struct {
		k      int
		region Region
		x, y   int
		bounds Rect
	}{
		{0, Scored, -2, 2, Rect{Point{-25, -25}, Point{-15, -15}}},
		{24, Scored, 2, -2, Rect{Point{15, 15}, Point{25, 25}}},
		{25, NoX, 0, 2, Rect{Point{-39, -25}, Point{-29, -15}}},
		{34, NoY, 2, 0, Rect{Point{15, 29}, Point{25, 39}}},
		{35, Neither, 0, 0, Rect{Point{-39, 29}, Point{-29, 39}}},
	}
	for _, c := range cells {
		got := p.Cells[c.k]
		if got.Region != c.region || got.X != c.x || got.Y != c.y || got.Bounds != c.bounds {
			t.Errorf("Cells[%d]: got %v (%d, %d) %v, want %v (%d, %d) %v", c.k, got.Region, got.X, got.Y, got.Bounds, c.region, c.x, c.y, c.bounds)
		}
	}
	strips := []Strip{
		{NoX, Rect{Point{-39, -25}, Point{-29, 25}}, "No position on Sovereignty"},
		{NoY, Rect{Point{-25, 29}, Point{25, 39}}, "No y position"},
		{Neither, Rect{Point{-39, 29}, Point{-29, 39}}, "No position on either axis"},
	}
	if !slices.Equal(p.Strips, strips) {
		t.Errorf("Strips: got %v, want %v", p.Strips, strips)
	}
}

func TestStancePlaneSharedCell(t *testing.T) {
	both := Stance{X: 1, Y: -1, HasX: true, HasY: true}
	other := Stance{X: -2, HasX: true}
	p, err := StancePlane([]Stance{both, other, both, both}, StanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Cell (1, −1) is centred on (100, 100); its nodes 0, 2, 3 sit on the
	// spiral at distance 10·√k, turning by the golden angle.
	g := math.Pi * (3 - math.Sqrt(5))
	want := []Point{
		{100, 100},
		{-200, 350},
		{100 + 10*math.Cos(g), 100 + 10*math.Sin(g)},
		{100 + 10*math.Sqrt(2)*math.Cos(2*g), 100 + 10*math.Sqrt(2)*math.Sin(2*g)},
	}
	for i, w := range want {
		if got := p.Positions[i]; math.Abs(got.X-w.X) > 1e-12 || math.Abs(got.Y-w.Y) > 1e-12 {
			t.Errorf("node %d: got %v, want %v", i, got, w)
		}
	}
}

func TestStancePlaneCrowdedCellStaysInside(t *testing.T) {
	for _, n := range []int{2, 7, 50, 1000} {
		stances := slices.Repeat([]Stance{{X: 0, Y: 2, HasX: true, HasY: true}}, n)
		stances = append(stances, slices.Repeat([]Stance{{}}, n)...)
		p, err := StancePlane(stances, StanceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cells := map[bool]Rect{true: p.Cells[2].Bounds, false: p.Cells[35].Bounds}
		seen := map[Point]bool{}
		for i, pos := range p.Positions {
			b := cells[i < n]
			inner := Rect{Point{b.Min.X + 5, b.Min.Y + 5}, Point{b.Max.X - 5, b.Max.Y - 5}}
			if !inner.Contains(pos) {
				t.Fatalf("%d in a cell, node %d: got %v, want inside %v, half a spacing from the edge", n, i, pos, inner)
			}
			if seen[pos] {
				t.Fatalf("%d in a cell, node %d: got %v, already taken, want every node apart", n, i, pos)
			}
			seen[pos] = true
		}
	}
}

func TestStancePlaneRejectsScoresOutOfRange(t *testing.T) {
	tests := []struct {
		stance Stance
		want   string
	}{
		{Stance{X: 3, HasX: true}, "stances[1]: x score 3 out of range -2…2"},
		{Stance{Y: -3, HasY: true}, "stances[1]: y score -3 out of range -2…2"},
	}
	for _, tt := range tests {
		_, err := StancePlane([]Stance{{}, tt.stance}, StanceOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: got error %v, want %q", tt.stance, err, tt.want)
		}
	}
}
