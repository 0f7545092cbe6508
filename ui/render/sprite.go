package render

import (
	"image"
	"image/color"
	"math"
	"sync"
)

// spriteKey names one cached coverage mask: a shape at a radius in quarter pixels.
type spriteKey struct {
	shape Shape
	q     int
}

// sprites caches shape masks: a frame of ten thousand nodes uses a few dozen
// distinct (shape, size) pairs, so each is rasterised once and then stamped.
type sprites struct {
	mu    sync.Mutex
	m     map[spriteKey]*image.Alpha
	nodes map[nodeKey]*nodeSprite
}

func (s *sprites) get(shape Shape, r float64) *image.Alpha {
	k := spriteKey{shape, int(math.Round(r * 4))}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.m[k]; ok {
		return m
	}
	if s.m == nil {
		s.m = map[spriteKey]*image.Alpha{}
	}
	m := rasterShape(shape, float64(k.q)/4)
	s.m[k] = m
	return m
}

// rasterShape renders a shape of radius r centred in a square mask, with 4×4
// supersampling for smooth edges.
func rasterShape(shape Shape, r float64) *image.Alpha {
	half := int(math.Ceil(r)) + 1
	size := 2*half + 1
	m := image.NewAlpha(image.Rect(-half, -half, half+1, half+1))
	const ss = 4
	poly := shapePolygon(shape, r)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			hits := 0
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					px := float64(x-half) - 0.5 + (float64(sx)+0.5)/ss
					py := float64(y-half) - 0.5 + (float64(sy)+0.5)/ss
					if inside(shape, poly, px, py, r) {
						hits++
					}
				}
			}
			m.Pix[y*m.Stride+x] = uint8(hits * 255 / (ss * ss))
		}
	}
	return m
}

// shapePolygon returns the outline of the polygonal shapes (nil for round ones),
// sized so every shape covers about the same area as a circle of radius r.
func shapePolygon(shape Shape, r float64) [][2]float64 {
	regular := func(n int, radius, rot float64) [][2]float64 {
		pts := make([][2]float64, n)
		for i := range pts {
			a := rot + 2*math.Pi*float64(i)/float64(n)
			pts[i] = [2]float64{radius * math.Cos(a), radius * math.Sin(a)}
		}
		return pts
	}
	switch shape {
	case Square:
		return regular(4, r*1.25, math.Pi/4)
	case Diamond:
		return regular(4, r*1.3, 0)
	case Triangle:
		return regular(3, r*1.5, -math.Pi/2)
	case TriangleDown:
		return regular(3, r*1.5, math.Pi/2)
	case Hexagon:
		return regular(6, r*1.1, 0)
	case Pentagon:
		return regular(5, r*1.15, -math.Pi/2)
	case Star:
		pts := make([][2]float64, 10)
		for i := range pts {
			rad := r * 1.45
			if i%2 == 1 {
				rad = r * 0.62
			}
			a := -math.Pi/2 + math.Pi*float64(i)/5
			pts[i] = [2]float64{rad * math.Cos(a), rad * math.Sin(a)}
		}
		return pts
	}
	return nil
}

func inside(shape Shape, poly [][2]float64, x, y, r float64) bool {
	switch shape {
	case Circle:
		return x*x+y*y <= r*r
	case Ring:
		d := x*x + y*y
		return d <= r*r*1.1 && d >= r*r*0.3
	case Cross:
		a := r * 0.42
		return (math.Abs(x) <= a && math.Abs(y) <= r*1.2) || (math.Abs(y) <= a && math.Abs(x) <= r*1.2)
	}
	// Even–odd rule: works for the star, which is not convex.
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		xi, yi := poly[i][0], poly[i][1]
		xj, yj := poly[j][0], poly[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// ShapeIcon draws one node shape of radius r filled with c on a transparent
// background: the map's legend shows exactly what the map draws.
func ShapeIcon(s Shape, c color.NRGBA, r float64) image.Image {
	m := rasterShape(s, r)
	img := image.NewNRGBA(image.Rect(0, 0, m.Rect.Dx(), m.Rect.Dy()))
	for i, a := range m.Pix {
		img.Pix[i*4], img.Pix[i*4+1], img.Pix[i*4+2] = c.R, c.G, c.B
		img.Pix[i*4+3] = uint8(uint32(a) * uint32(c.A) / 255)
	}
	return img
}

// EdgeIcon draws a short horizontal stretch of an edge style, w×h pixels.
func EdgeIcon(st EdgeStyle, w, h int) image.Image {
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	// Draw over black, then read coverage back as alpha: the line's own
	// alpha is applied once, below.
	b := newBand(rgba, 0, h)
	b.fill(color.NRGBA{0, 0, 0, 255})
	white := color.NRGBA{255, 255, 255, 255}
	b.line(1, float64(h)/2, float64(w-2), float64(h)/2, white, st.Width, st.Dash)
	img := image.NewNRGBA(rgba.Rect)
	for i := 0; i < len(rgba.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2] = st.Color.R, st.Color.G, st.Color.B
		img.Pix[i+3] = uint8(uint32(rgba.Pix[i]) * max(uint32(st.Color.A), 0xC0) / 255)
	}
	return img
}

// nodeSprite is a node's shape and the outline round it rasterised into one
// box, so a node is drawn in one pass: inside the shape the fill colour is
// stored, on the outline the background colour mixed with the shape's edge,
// and only where the outline fades out is the picture under it blended.
type nodeSprite struct {
	minX, minY int     // the box's top-left corner, from the node's centre pixel
	w, h       int     // the box's size
	fill, out  []uint8 // coverage of the shape and of the outline, w×h; out may be nil
	rows       []cols  // per row of the box, the columns with any coverage
}

// cols is a run of columns [from, to).
type cols struct{ from, to int }

type nodeKey struct {
	shape   Shape
	q       int // radius in quarter pixels
	outline bool
}

// node returns the sprite of a shape of radius r, with a one-pixel outline
// round it if outline is set.
func (s *sprites) node(shape Shape, r float64, outline bool) *nodeSprite {
	k := nodeKey{shape, int(math.Round(r * 4)), outline}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sp, ok := s.nodes[k]; ok {
		return sp
	}
	if s.nodes == nil {
		s.nodes = map[nodeKey]*nodeSprite{}
	}
	rad := float64(k.q) / 4
	fill := rasterShape(shape, rad)
	box := fill.Rect
	var out *image.Alpha
	if outline {
		out = rasterShape(shape, rad+1)
		box = out.Rect
	}
	sp := &nodeSprite{minX: box.Min.X, minY: box.Min.Y, w: box.Dx(), h: box.Dy()}
	sp.fill = make([]uint8, sp.w*sp.h)
	if out != nil {
		sp.out = make([]uint8, sp.w*sp.h)
	}
	sp.rows = make([]cols, sp.h)
	for y := range sp.h {
		first, last := sp.w, -1
		for x := range sp.w {
			p := image.Pt(box.Min.X+x, box.Min.Y+y)
			f := fill.AlphaAt(p.X, p.Y).A // zero outside the fill's own box
			o := uint8(0)
			if out != nil {
				o = out.AlphaAt(p.X, p.Y).A
				sp.out[y*sp.w+x] = o
			}
			sp.fill[y*sp.w+x] = f
			if f != 0 || o != 0 {
				first, last = min(first, x), max(last, x)
			}
		}
		sp.rows[y] = cols{first, last + 1}
	}
	s.nodes[k] = sp
	return sp
}
