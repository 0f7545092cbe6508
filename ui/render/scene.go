// Package render draws the landscape map — edges, node shapes and labels —
// into an image, and finds the node under a point. It is the map widget's
// whole drawing path, kept free of windows so a benchmark can time a frame.
//
// One Draw call renders one frame: edges first, then nodes, then labels placed
// by level of detail so they never overlap. The image is split into horizontal
// bands drawn in parallel, each clipping every primitive to its rows.
package render

import (
	"image/color"
	"math"
)

// Shape is the outline a node is drawn with; each kind of entity has its own.
type Shape uint8

// The shapes, chosen to stay distinct at a few pixels across.
const (
	Circle Shape = iota
	Square
	Diamond
	Triangle
	TriangleDown
	Hexagon
	Pentagon
	Ring
	Cross
	Star
	numShapes
)

// Node is one entity on the map, in world coordinates.
type Node struct {
	X, Y   float64
	Radius float64 // in pixels at zoom 1; the drawn size grows gently with zoom
	Shape  Shape
	Fill   color.NRGBA
	Label  string
	// Weight orders labels: heavier nodes get theirs first when space is short.
	Weight float64
	Flags  Flags
}

// Flags mark a node's or an edge's state in the frame.
type Flags uint8

// The flags; several may be set at once.
const (
	Selected Flags = 1 << iota
	Hovered
	Highlighted // a neighbour of the hovered or selected node, or a search match
	Dimmed      // faded back: not matching the search, or outside the focus
	Pinned
	Hidden // not drawn, not hit
)

// EdgeStyle is how a kind of relation is drawn.
type EdgeStyle struct {
	Color color.NRGBA
	Width float64 // pixels
	Dash  float64 // dash and gap length in pixels; 0 draws a solid line
}

// Edge is one relation on the map between two nodes (indexes into Scene.Nodes).
type Edge struct {
	A, B  int32
	Style uint8 // index into Scene.EdgeStyles
	Flags Flags
}

// Guide is a rectangle drawn under the graph, in world coordinates: the
// stance plane's cells and strips.
type Guide struct {
	X0, Y0, X1, Y1 float64
	Fill           color.NRGBA
}

// Caption is text pinned to a world point, centred on it: axis titles and
// pole labels. Captions are always drawn, before node labels claim space.
type Caption struct {
	X, Y float64
	Text string
	// Left anchors the caption's left end at the point instead of its
	// middle: for captions beside something, which must not reach back over it.
	Left bool
}

// Scene is everything one frame shows.
type Scene struct {
	Nodes      []Node
	Edges      []Edge
	EdgeStyles []EdgeStyle
	Guides     []Guide
	Captions   []Caption
	Background color.NRGBA
	LabelColor color.NRGBA
	// SelectColor rings the selected node; HoverColor the hovered one.
	SelectColor, HoverColor color.NRGBA
}

// Camera maps world coordinates to pixels: the world point (X, Y) is at the
// centre of the image, and one world unit spans Zoom pixels.
type Camera struct {
	X, Y float64
	Zoom float64
}

// ToScreen converts a world point to pixel coordinates in a w×h image.
func (c Camera) ToScreen(x, y float64, w, h int) (float64, float64) {
	return (x-c.X)*c.Zoom + float64(w)/2, (y-c.Y)*c.Zoom + float64(h)/2
}

// ToWorld converts pixel coordinates in a w×h image to a world point.
func (c Camera) ToWorld(px, py float64, w, h int) (float64, float64) {
	return (px-float64(w)/2)/c.Zoom + c.X, (py-float64(h)/2)/c.Zoom + c.Y
}

// ZoomAbout changes the zoom by factor keeping the world point under pixel
// (px, py) where it is, as a wheel zoom about the pointer should.
func (c Camera) ZoomAbout(factor, px, py float64, w, h int) Camera {
	wx, wy := c.ToWorld(px, py, w, h)
	c.Zoom = clamp(c.Zoom*factor, MinZoom, MaxZoom)
	// Solve for the centre that puts (wx, wy) back under (px, py).
	c.X = wx - (px-float64(w)/2)/c.Zoom
	c.Y = wy - (py-float64(h)/2)/c.Zoom
	return c
}

// Zoom limits: far enough out for ten thousand nodes, close enough to read a cluster.
const (
	MinZoom = 0.005
	MaxZoom = 1000
)

// Fit returns the camera that frames the visible nodes in a w×h image with a
// margin of pad pixels on each side.
func Fit(nodes []Node, w, h int, pad float64) Camera {
	return FitInside(nodes, w, h, pad, pad, pad, pad)
}

// FitBox returns the camera that frames a world rectangle in a w×h image with
// a margin of pad pixels.
func FitBox(minX, minY, maxX, maxY float64, w, h int, pad float64) Camera {
	corners := []Node{{X: minX, Y: minY}, {X: maxX, Y: maxY}}
	return FitInside(corners, w, h, pad, pad, pad, pad)
}

// FitInside is Fit with a margin of its own on each side (left, top, right,
// bottom), for views partly covered by something such as a legend.
func FitInside(nodes []Node, w, h int, left, top, right, bottom float64) Camera {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := range nodes {
		n := &nodes[i]
		if n.Flags&Hidden != 0 {
			continue
		}
		minX, maxX = math.Min(minX, n.X), math.Max(maxX, n.X)
		minY, maxY = math.Min(minY, n.Y), math.Max(maxY, n.Y)
	}
	if math.IsInf(minX, 1) {
		return Camera{Zoom: 1}
	}
	cw, ch := math.Max(float64(w)-left-right, 1), math.Max(float64(h)-top-bottom, 1)
	dx, dy := maxX-minX, maxY-minY
	zoom := 1.0
	switch {
	case dx > 0 && dy > 0:
		zoom = math.Min(cw/dx, ch/dy)
	case dx > 0:
		zoom = cw / dx
	case dy > 0:
		zoom = ch / dy
	}
	zoom = clamp(zoom, MinZoom, MaxZoom)
	// Centre the nodes in the free area, not in the whole image.
	offX := (left - right) / 2 / zoom
	offY := (top - bottom) / 2 / zoom
	return Camera{X: (minX+maxX)/2 - offX, Y: (minY+maxY)/2 - offY, Zoom: zoom}
}

// drawnRadius is a node's radius in pixels at a zoom: it grows with the
// square root of the zoom, so zooming in separates nodes faster than it
// swells them, never past 1.5 times its size nor below a visible dot.
func drawnRadius(r, zoom float64) float64 {
	return math.Max(1.5, math.Min(r*math.Sqrt(zoom), r*1.5))
}

func clamp(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}
