package layout

import "math"

// quadtree is the Barnes–Hut index the repulsion pass walks. It is rebuilt
// every iteration, so it is built for speed rather than for updates: bodies
// are sorted along a Morton (Z-order) curve, and the tree is stored as a flat
// slice of cells in depth-first order, each with the index of the cell after
// its subtree. Walking it is then a loop over one array — no pointers, no
// stack — and, because neighbouring bodies walk nearly the same cells, the
// walk stays in cache when targets are visited in Morton order too.
//
// This is our own rather than gonum's spatial/barneshut. Measured on the
// settled 10k-node benchmark graph, one repulsion pass (build and all forces,
// one core) took 36–58 ms with gonum v0.17.0 against 5.5–8 ms here: gonum
// builds a pointer tree with a node per body and calls the force function
// through an interface for every interaction. gonum's Plane also returned
// wrong forces for bodies of mass other than 1 (leaf centres are divided by
// their mass when the tree is summarised), and ForceAtlas2 gives each node
// the mass degree+1.
type quadtree struct {
	cells      []qcell
	box        [][4]float64 // per cell during build: minX, minY, maxX, maxY
	bx, by, bm []float64    // bodies in Morton order: position and mass
	perm       []int32      // Morton position → node index
	keys, tmp  []uint64     // Morton code << 32 | node index, for the sort
}

// qcell is one cell of the flattened tree. Its bodies are the contiguous run
// lo…hi-1 in Morton order, which also makes "is the target inside this cell"
// a comparison of ranks rather than of coordinates.
type qcell struct {
	cx, cy float64 // centre of mass
	mass   float64
	size2  float64 // square of the longer side of the bodies' bounding box
	lo, hi int32
	next   int32 // first cell after this subtree
	leaf   bool
}

// leafCap is the most bodies a leaf holds. Small leaves are summed directly,
// which is cheaper than descending further; 8 measured best on 1k–10k graphs.
const leafCap = 8

// spread interleaves the 16 low bits of v with zeros: abcd → 0a0b0c0d.
func spread(v uint32) uint32 {
	v &= 0xFFFF
	v = (v | v<<8) & 0x00FF00FF
	v = (v | v<<4) & 0x0F0F0F0F
	v = (v | v<<2) & 0x33333333
	v = (v | v<<1) & 0x55555555
	return v
}

// build indexes the bodies at (x[i], y[i]) with mass m[i].
func (q *quadtree) build(x, y, m []float64) {
	n := len(x)
	q.cells = q.cells[:0]
	q.box = q.box[:0]
	if n == 0 {
		return
	}
	minX, minY, maxX, maxY := x[0], y[0], x[0], y[0]
	for i := 1; i < n; i++ {
		minX, maxX = min(minX, x[i]), max(maxX, x[i])
		minY, maxY = min(minY, y[i]), max(maxY, y[i])
	}
	span := max(maxX-minX, maxY-minY)
	scale := 0.0
	if span > 0 && !math.IsInf(span, 0) {
		scale = 65535 / span
	}
	q.keys = grow(q.keys, n)
	q.tmp = grow(q.tmp, n)
	for i := range n {
		qx := uint32((x[i] - minX) * scale)
		qy := uint32((y[i] - minY) * scale)
		code := spread(qx) | spread(qy)<<1
		q.keys[i] = uint64(code)<<32 | uint64(i)
	}
	radixSortHigh32(q.keys, q.tmp)
	q.perm = grow(q.perm, n)
	q.bx, q.by, q.bm = grow(q.bx, n), grow(q.by, n), grow(q.bm, n)
	for k, key := range q.keys {
		i := int32(key)
		q.perm[k] = i
		q.bx[k], q.by[k], q.bm[k] = x[i], y[i], m[i]
	}
	q.sub(0, n, 32)
}

// code returns the Morton code of the body at Morton position k.
func (q *quadtree) code(k int) uint32 { return uint32(q.keys[k] >> 32) }

// sub builds the cell for bodies lo…hi-1, whose codes agree above the low
// `bits` bits, and returns its index. Levels where all bodies fall in one
// quadrant are skipped, so chains of single-child cells never exist.
func (q *quadtree) sub(lo, hi int, bits uint) int32 {
	for bits > 0 && hi-lo > leafCap && (q.code(lo)>>(bits-2))&3 == (q.code(hi-1)>>(bits-2))&3 {
		bits -= 2
	}
	idx := int32(len(q.cells))
	q.cells = append(q.cells, qcell{lo: int32(lo), hi: int32(hi)})
	q.box = append(q.box, [4]float64{})
	var mass, sx, sy float64
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	if hi-lo <= leafCap || bits == 0 {
		for k := lo; k < hi; k++ {
			w := q.bm[k]
			mass += w
			sx += w * q.bx[k]
			sy += w * q.by[k]
			minX, maxX = min(minX, q.bx[k]), max(maxX, q.bx[k])
			minY, maxY = min(minY, q.by[k]), max(maxY, q.by[k])
		}
		q.cells[idx].leaf = true
	} else {
		bits -= 2
		for start := lo; start < hi; {
			quad := (q.code(start) >> bits) & 3
			end := start + 1
			for end < hi && (q.code(end)>>bits)&3 == quad {
				end++
			}
			c := q.sub(start, end, bits)
			cc, b := &q.cells[c], &q.box[c]
			mass += cc.mass
			sx += cc.mass * cc.cx
			sy += cc.mass * cc.cy
			minX, minY = min(minX, b[0]), min(minY, b[1])
			maxX, maxY = max(maxX, b[2]), max(maxY, b[3])
			start = end
		}
	}
	c := &q.cells[idx]
	c.mass = mass
	c.cx, c.cy = sx/mass, sy/mass
	side := max(maxX-minX, maxY-minY)
	c.size2 = side * side
	c.next = int32(len(q.cells))
	q.box[idx] = [4]float64{minX, minY, maxX, maxY}
	return idx
}

// radixSortHigh32 sorts keys by their high 32 bits, stably, so bodies with
// the same Morton code stay in node order and the tree is deterministic.
func radixSortHigh32(keys, tmp []uint64) {
	src, dst := keys, tmp
	for shift := uint(32); shift < 64; shift += 8 {
		var count [257]int
		for _, k := range src {
			count[(k>>shift)&0xFF+1]++
		}
		if count[1] == len(src) {
			continue // every key has this byte zero: nothing to move
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, k := range src {
			b := (k >> shift) & 0xFF
			dst[count[b]] = k
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// grow returns s resized to n, reusing its storage when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// repulse returns the sum over all other bodies j of m_j·(p−p_j)/|p−p_j|²
// for the body at Morton position k, at p = (px, py). Cells that look small
// from p — side < theta·distance — count as one body at their centre of
// mass; a cell holding k itself is always opened, so no body repels itself.
func (q *quadtree) repulse(k int32, px, py, theta2 float64) (fx, fy float64) {
	cells := q.cells
	for i := int32(0); int(i) < len(cells); {
		c := &cells[i]
		dx, dy := px-c.cx, py-c.cy
		d2 := dx*dx + dy*dy
		if (k < c.lo || k >= c.hi) && c.size2 < theta2*d2 {
			f := c.mass / d2
			fx += dx * f
			fy += dy * f
			i = c.next
			continue
		}
		if !c.leaf {
			i++
			continue
		}
		for j := c.lo; j < c.hi; j++ {
			if j == k {
				continue
			}
			dx, dy := px-q.bx[j], py-q.by[j]
			d2 := dx*dx + dy*dy
			if d2 == 0 {
				// Two bodies on one spot: push apart along a direction fixed
				// by the pair, opposite for each, so they separate the same
				// way every run. The unit distance is small but finite.
				dx, dy = coincidentDir(q.perm[k], q.perm[j])
				d2 = 1
			}
			f := q.bm[j] / d2
			fx += dx * f
			fy += dy * f
		}
		i = c.next
	}
	return fx, fy
}

// coincidentDir returns a unit vector that depends only on the pair {a, b},
// pointing one way for a and the opposite way for b.
func coincidentDir(a, b int32) (float64, float64) {
	lo, hi := min(a, b), max(a, b)
	h := mulberry32(uint32(lo)*0x9E3779B9 ^ uint32(hi))
	s, c := math.Sincos(2 * math.Pi * h.next())
	if a > b {
		return -c, -s
	}
	return c, s
}
