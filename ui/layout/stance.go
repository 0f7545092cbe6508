package layout

import (
	"fmt"
	"math"
)

// The score range of a stance axis, as the dataset defines it: integers
// from the negative pole (−2) to the positive pole (+2).
const (
	MinScore = -2
	MaxScore = 2
	scores   = MaxScore - MinScore + 1
)

// Stance is one node's place on the two axes of the stance plane: its
// scores on the x axis and the y axis, each only if it has one there.
type Stance struct {
	X, Y       int
	HasX, HasY bool
}

// StanceOptions size the stance plane. Zero fields take their defaults.
type StanceOptions struct {
	// Cell is the side of one score cell. Default 100.
	Cell float64
	// Gap separates the plane from the strips of unscored nodes, so they do
	// not read as scores. Default Cell/2.
	Gap float64
	// Spacing is the distance between nodes that share a cell, as far as the
	// cell allows; crowded cells pack tighter. Default Cell/10.
	Spacing float64
	// XLabel and YLabel name the axes in the strips' labels.
	XLabel, YLabel string
}

// Region tells where on the stance plane a cell lies.
type Region int

// The regions of the stance plane. Unscored nodes sit in strips outside the
// plane rather than at a made-up score: a missing stance is not a neutral one.
const (
	Scored  Region = iota // inside the plane: a score on both axes
	NoX                   // the column left of the plane: a y score only
	NoY                   // the row below the plane: an x score only
	Neither               // the corner left of the row, below the column
)

// String names the region, for messages and tests.
func (r Region) String() string {
	switch r {
	case Scored:
		return "scored"
	case NoX:
		return "no x"
	case NoY:
		return "no y"
	case Neither:
		return "neither"
	}
	return fmt.Sprintf("Region(%d)", int(r))
}

// Rect is an axis-aligned rectangle in layout space.
type Rect struct{ Min, Max Point }

// Contains reports whether p lies in r, edges included.
func (r Rect) Contains(p Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// Center returns the middle of r.
func (r Rect) Center() Point { return Point{(r.Min.X + r.Max.X) / 2, (r.Min.Y + r.Max.Y) / 2} }

// Cell is one cell of the stance plane or of its strips.
type Cell struct {
	Region Region
	// X and Y are the cell's scores; X means nothing in NoX and Neither,
	// Y nothing in NoY and Neither.
	X, Y   int
	Bounds Rect
	// Nodes are the indices of the nodes in this cell, in input order.
	Nodes []int
}

// Strip is one of the three labelled areas for nodes without a score.
type Strip struct {
	Region Region
	Bounds Rect
	Label  string
}

// Plane is a stance-plane layout and everything a renderer needs to draw it.
//
// Coordinates follow the screen convention of layout space (y grows
// downwards), so a higher y score sits higher: with c the cell side and g the
// gap, the cell of scores (x, y) is centred on (x·c, −y·c); the plane spans
// ±2.5c both ways; the NoX column is centred on x = −3c−g, the NoY row on
// y = 3c+g, and the Neither corner where they cross.
type Plane struct {
	// Positions holds a position for every input stance, in input order.
	Positions []Point
	// Cells lists every cell, empty or not, so a renderer can draw the grid:
	// the 25 scored cells row by row from the top left, then the NoX column
	// from the top, the NoY row from the left, and the Neither corner.
	Cells []Cell
	// Strips are the NoX column, the NoY row and the Neither corner, with labels.
	Strips []Strip
	// Grid bounds the scored cells, Bounds everything drawn.
	Grid, Bounds Rect
}

// goldenAngle spreads successive points of a sunflower spiral evenly: each
// turns by the irrational part of the golden ratio, so none line up.
var goldenAngle = math.Pi * (3 - math.Sqrt(5))

// StancePlane lays out nodes by their stances: x is the score on one axis,
// y on another. Nodes sharing a cell are nudged apart along a sunflower
// spiral — the first at the cell's centre, the k-th at distance s·√k — that
// never leaves the cell; s is the spacing, reduced when a crowded cell needs
// it. The result depends only on the input, so it is exact and repeatable.
// A score outside MinScore…MaxScore is an error.
func StancePlane(stances []Stance, opts StanceOptions) (Plane, error) {
	c := orDefault(opts.Cell, 100)
	g := orDefault(opts.Gap, c/2)
	spacing := orDefault(opts.Spacing, c/10)
	for i, s := range stances {
		if s.HasX && (s.X < MinScore || s.X > MaxScore) {
			return Plane{}, fmt.Errorf("stance plane: stances[%d]: x score %d out of range %d…%d", i, s.X, MinScore, MaxScore)
		}
		if s.HasY && (s.Y < MinScore || s.Y > MaxScore) {
			return Plane{}, fmt.Errorf("stance plane: stances[%d]: y score %d out of range %d…%d", i, s.Y, MinScore, MaxScore)
		}
	}

	half := float64(scores) / 2 * c // from the centre to the plane's edge
	stripX := -half - g - c/2       // centre of the NoX column
	stripY := half + g + c/2        // centre of the NoY row
	square := func(x, y float64) Rect { return Rect{Point{x - c/2, y - c/2}, Point{x + c/2, y + c/2}} }

	p := Plane{
		Grid:   Rect{Point{-half, -half}, Point{half, half}},
		Bounds: Rect{Point{stripX - c/2, -half}, Point{half, stripY + c/2}},
	}
	index := func(s Stance) int { // position of a stance's cell in p.Cells
		switch {
		case s.HasX && s.HasY:
			return (MaxScore-s.Y)*scores + s.X - MinScore
		case s.HasY:
			return scores*scores + MaxScore - s.Y
		case s.HasX:
			return scores*scores + scores + s.X - MinScore
		}
		return scores*scores + 2*scores
	}
	for y := MaxScore; y >= MinScore; y-- {
		for x := MinScore; x <= MaxScore; x++ {
			p.Cells = append(p.Cells, Cell{Region: Scored, X: x, Y: y, Bounds: square(float64(x)*c, -float64(y)*c)})
		}
	}
	for y := MaxScore; y >= MinScore; y-- {
		p.Cells = append(p.Cells, Cell{Region: NoX, Y: y, Bounds: square(stripX, -float64(y)*c)})
	}
	for x := MinScore; x <= MaxScore; x++ {
		p.Cells = append(p.Cells, Cell{Region: NoY, X: x, Bounds: square(float64(x)*c, stripY)})
	}
	p.Cells = append(p.Cells, Cell{Region: Neither, Bounds: square(stripX, stripY)})

	p.Strips = []Strip{
		{NoX, Rect{Point{stripX - c/2, -half}, Point{stripX + c/2, half}}, noPosition(opts.XLabel, "x")},
		{NoY, Rect{Point{-half, stripY - c/2}, Point{half, stripY + c/2}}, noPosition(opts.YLabel, "y")},
		{Neither, square(stripX, stripY), "No position on either axis"},
	}

	for i, s := range stances {
		k := index(s)
		p.Cells[k].Nodes = append(p.Cells[k].Nodes, i)
	}
	p.Positions = make([]Point, len(stances))
	// Keep the outermost node a half spacing inside the cell so its glyph
	// does not touch the neighbouring cell.
	reach := max(c/2-spacing/2, 0)
	for _, cell := range p.Cells {
		centre := cell.Bounds.Center()
		step := spacing
		if m := len(cell.Nodes); m > 1 {
			step = min(spacing, reach/math.Sqrt(float64(m-1)))
		}
		for k, i := range cell.Nodes {
			r := step * math.Sqrt(float64(k))
			sin, cos := math.Sincos(float64(k) * goldenAngle)
			p.Positions[i] = Point{centre.X + r*cos, centre.Y + r*sin}
		}
	}
	return p, nil
}

// noPosition labels a strip for the axis named name, or by letter if unnamed.
func noPosition(name, letter string) string {
	if name == "" {
		return "No " + letter + " position"
	}
	return "No position on " + name
}
