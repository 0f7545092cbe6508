package render

import "math"

// Index finds the node under a point. It buckets nodes by world position into
// a uniform grid sized for about two nodes a cell, so a hit test looks at a
// handful of nodes rather than all of them. Build a new Index when positions
// change; it holds no reference to the nodes' slice after building.
type Index struct {
	minX, minY float64
	cell       float64
	cols, rows int
	start      []int32 // cell c holds ids[start[c]:start[c+1]]
	ids        []int32
	x, y, r    []float64 // node positions and radii at build time
	hidden     []bool
	maxR       float64 // the largest node radius: bounds a hit test's search
}

// NewIndex builds an index over the nodes' current positions.
func NewIndex(nodes []Node) *Index {
	ix := &Index{}
	n := len(nodes)
	ix.x, ix.y, ix.r = make([]float64, n), make([]float64, n), make([]float64, n)
	ix.hidden = make([]bool, n)
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := range nodes {
		nd := &nodes[i]
		ix.x[i], ix.y[i], ix.r[i] = nd.X, nd.Y, nd.Radius
		ix.hidden[i] = nd.Flags&Hidden != 0
		ix.maxR = math.Max(ix.maxR, nd.Radius)
		if ix.hidden[i] || math.IsNaN(nd.X) || math.IsNaN(nd.Y) {
			ix.hidden[i] = true
			continue
		}
		minX, maxX = math.Min(minX, nd.X), math.Max(maxX, nd.X)
		minY, maxY = math.Min(minY, nd.Y), math.Max(maxY, nd.Y)
	}
	if math.IsInf(minX, 1) {
		return ix
	}
	area := math.Max((maxX-minX)*(maxY-minY), 1)
	ix.cell = math.Max(math.Sqrt(2*area/float64(n)), 1e-6)
	ix.minX, ix.minY = minX, minY
	ix.cols = int((maxX-minX)/ix.cell) + 1
	ix.rows = int((maxY-minY)/ix.cell) + 1
	// Counting sort into cells: two passes, no per-cell slices.
	ix.start = make([]int32, ix.cols*ix.rows+1)
	cellOf := make([]int32, n)
	for i := range nodes {
		if ix.hidden[i] {
			cellOf[i] = -1
			continue
		}
		c := ix.cellAt(ix.x[i], ix.y[i])
		cellOf[i] = int32(c)
		ix.start[c+1]++
	}
	for c := 1; c < len(ix.start); c++ {
		ix.start[c] += ix.start[c-1]
	}
	ix.ids = make([]int32, ix.start[len(ix.start)-1])
	fill := append([]int32(nil), ix.start[:len(ix.start)-1]...)
	for i, c := range cellOf {
		if c >= 0 {
			ix.ids[fill[c]] = int32(i)
			fill[c]++
		}
	}
	return ix
}

func (ix *Index) cellAt(x, y float64) int {
	cx := min(max(int((x-ix.minX)/ix.cell), 0), ix.cols-1)
	cy := min(max(int((y-ix.minY)/ix.cell), 0), ix.rows-1)
	return cy*ix.cols + cx
}

// Hit returns the node drawn under pixel (px, py) of a w×h view through cam,
// or -1. A node counts as hit within its drawn radius plus slop pixels; of
// several, the nearest centre wins.
func (ix *Index) Hit(cam Camera, w, h int, px, py, slop float64) int {
	if ix.cols == 0 {
		return -1
	}
	wx, wy := cam.ToWorld(px, py, w, h)
	// The largest radius a node can be drawn with bounds the search.
	reach := (drawnRadius(ix.maxR, cam.Zoom) + slop) / cam.Zoom
	x0 := min(max(int((wx-reach-ix.minX)/ix.cell), 0), ix.cols-1)
	x1 := min(max(int((wx+reach-ix.minX)/ix.cell), 0), ix.cols-1)
	y0 := min(max(int((wy-reach-ix.minY)/ix.cell), 0), ix.rows-1)
	y1 := min(max(int((wy+reach-ix.minY)/ix.cell), 0), ix.rows-1)
	best, bestD := -1, math.Inf(1)
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			c := cy*ix.cols + cx
			for _, id := range ix.ids[ix.start[c]:ix.start[c+1]] {
				dx, dy := (ix.x[id]-wx)*cam.Zoom, (ix.y[id]-wy)*cam.Zoom
				d := math.Hypot(dx, dy)
				if d <= drawnRadius(ix.r[id], cam.Zoom)+slop && d < bestD {
					best, bestD = int(id), d
				}
			}
		}
	}
	return best
}
