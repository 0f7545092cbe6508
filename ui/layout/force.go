package layout

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// ForceOptions tune a Force layout. The zero value gives the defaults, which
// suit the landscape and the benchmark graphs alike.
type ForceOptions struct {
	// Seed places nodes that have no start position. Two layouts with the same
	// graph, start positions, pins, options and seed are identical, bit for
	// bit, whatever the number of cores.
	Seed uint32
	// Theta is the Barnes–Hut accuracy: a cell of nodes counts as one body
	// when its side is below Theta × its distance. Smaller is slower and more
	// exact. Default 1.2, ForceAtlas2's own: on the 10k benchmark graph it
	// repels a fifth faster than 1 for the same edge_ratio (0.2253 against
	// 0.2255); layout quality does not need exact forces.
	Theta float64
	// Repulsion scales how strongly nodes push apart (ForceAtlas2's kr);
	// it sets the layout's size more than its shape. Default 1.
	Repulsion float64
	// Gravity pulls every node towards the origin so disconnected groups stay
	// in view (ForceAtlas2's kg). Default 1.
	Gravity float64
	// Linear selects ForceAtlas2's linear attraction (pull ∝ distance). The
	// default, LinLog attraction (pull ∝ log(1+distance)), separates
	// communities more clearly, which is what the map is read for.
	Linear bool
	// Tolerance is how much jitter the adaptive speed accepts (ForceAtlas2's
	// τ): higher converges faster but less precisely. Default 1.
	Tolerance float64
	// Workers is how many goroutines share an iteration. Default GOMAXPROCS.
	// It changes speed only, never the result.
	Workers int
}

// chunk is how many nodes one unit of parallel work covers. It is a constant,
// not derived from the worker count, because sums are combined chunk by chunk
// in a fixed order: that is what keeps results independent of the cores.
const chunk = 256

// Force is a Barnes–Hut force-directed layout in the manner of ForceAtlas2:
// nodes repel through a quadtree, edges attract, gravity pulls towards the
// origin, and an adaptive speed — fast while the layout improves, slower
// where nodes swing back and forth — brings it to rest. Pinned nodes are held
// exactly where they were put.
//
// A Force is not safe for concurrent use: one goroutine owns it, steps it and
// pins nodes, and hands the UI copies made with Positions or PositionsInto.
// Step uses further goroutines internally and waits for them.
type Force struct {
	g      *Graph
	opts   ForceOptions
	x, y   []float64 // positions by node
	fx, fy []float64 // this iteration's forces
	px, py []float64 // last iteration's forces, for swinging and traction
	mass   []float64 // degree + 1, as in ForceAtlas2: hubs repel more
	pull   []float64 // LinLog pull per unit length, by adjacency slot
	pinned []bool
	tree   quadtree
	sums   []chunkSum

	speed, efficiency float64
	iterations        int
	movement          float64 // mean displacement in the last step ÷ layout radius
	largest           float64 // largest displacement in the last step ÷ layout radius
	calm              int     // consecutive steps with movement under settleMovement
	heat              float64 // 1 while the layout is still forming; decays once it has
	since             int     // iterations since the forces last changed: start, unfold, pin
	rising            bool    // the speed wanted to rise faster than allowed last step
	unfold            int     // iterations left in a cold start's linear phase
	linear            bool    // attraction is linear now: by option, or while unfolding
}

// chunkSum is one chunk's contribution to the global figures of a step.
type chunkSum struct {
	swing, traction, moved, farthest float64
	free                             int
	_                                [32]byte // keep chunks' sums on separate cache lines
}

// The adaptive speed alone never quite stops a large layout: nodes keep
// trembling by a fraction of a pixel. So the layout cools once the mean
// displacement per step is below coolMovement of its radius (the shape no
// longer changes visibly) while the adaptive speed is no longer climbing
// (right after a start or a change the speed starts low, and the layout
// would look still before it has begun; formIterations ignores the first
// steps, whose swinging is measured against no previous force): from then
// on every displacement is
// scaled by a heat that shrinks by coolRate per step. It counts as settled
// after settleSteps steps in a row in which no node moved more than
// settleMovement of the radius, a fifth of a pixel on a map that shows the
// whole layout 1,000 pixels wide.
const (
	coolMovement   = 1e-3
	coolRate       = 0.93
	formIterations = 5
	settleMovement = 2e-4
	settleSteps    = 5
)

// NewForce starts a layout of g from init: init[i] is node i's start
// position. Nodes beyond len(init), or whose start is not finite or lies
// beyond ±1e9, are placed by the seed; so are nodes that share their start
// with an earlier node, since nodes on one spot cannot be told apart by any
// force. With init nil the whole layout starts from the seed. Options left
// zero take their defaults.
func NewForce(g *Graph, init []Point, opts ForceOptions) *Force {
	opts.Theta = orDefault(opts.Theta, 1.2)
	opts.Repulsion = orDefault(opts.Repulsion, 1)
	opts.Gravity = orDefault(opts.Gravity, 1)
	opts.Tolerance = orDefault(opts.Tolerance, 1)
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	n := g.n
	f := &Force{
		g: g, opts: opts,
		x: make([]float64, n), y: make([]float64, n),
		fx: make([]float64, n), fy: make([]float64, n),
		px: make([]float64, n), py: make([]float64, n),
		mass: make([]float64, n), pinned: make([]bool, n),
		pull:  make([]float64, len(g.adj)),
		sums:  make([]chunkSum, (n+chunk-1)/chunk),
		speed: 1, efficiency: 1, heat: 1,
	}
	for i := range n {
		f.mass[i] = float64(g.Degree(i) + 1)
	}
	f.linear = opts.Linear
	f.place(init)
	return f
}

// Sizes the forces settle at, measured on planted-community graphs of 200 to
// 10,000 nodes: the root-mean-square distance from the origin is about
// linearSize·√(kr·M/kg) with linear attraction and logSize·kr·M/kg with
// LinLog attraction, where M is the total mass (2·edges + nodes). Starting
// near the settled size saves the iterations otherwise spent inflating or
// collapsing the whole layout.
const (
	linearSize = 1.85
	logSize    = 0.24
)

// unfoldIterations is how long a cold start runs with linear attraction
// before switching to LinLog. From random positions LinLog's weak pull on
// long edges untangles communities slowly (about 250 iterations on the 10k
// benchmark graph); linear attraction untangles them in about 30, after which
// the layout is inflated to LinLog's size and LinLog tightens the
// communities. The result is as good in well under half the iterations.
const unfoldIterations = 30

// place sets start positions: given ones where usable, seeded ones elsewhere.
//
// On a warm start — most nodes given — a new node starts beside the mean of
// its placed neighbours, so nodes that appear when a filter changes grow out
// of their group instead of flying in from the rim; one with no placed
// neighbour starts somewhere in the layout's extent. On a cold start every
// seeded node lands in a disc of the settled linear size and the layout
// unfolds (see unfoldIterations).
func (f *Force) place(init []Point) {
	n := f.g.n
	ok := make([]bool, n)
	seen := make(map[Point]struct{}, min(len(init), n))
	given := 0
	for i := range min(len(init), n) {
		p := init[i]
		if !usable(p) {
			continue
		}
		if _, dup := seen[p]; dup {
			continue
		}
		seen[p] = struct{}{}
		ok[i] = true
		f.x[i], f.y[i] = p.X, p.Y
		given++
	}
	total := 0.0
	for _, m := range f.mass {
		total += m
	}
	kr, kg := f.opts.Repulsion, f.opts.Gravity
	rand := mulberry32(f.opts.Seed)
	disc := func(radius float64) (float64, float64) {
		r := radius * math.Sqrt(rand.next())
		s, c := math.Sincos(2 * math.Pi * rand.next())
		return r * c, r * s
	}
	if 2*given < n {
		// A uniform disc of radius R has RMS radius R/√2.
		radius := math.Sqrt2 * linearSize * math.Sqrt(kr*total/kg)
		for i := range n {
			if !ok[i] {
				f.x[i], f.y[i] = disc(radius)
			}
		}
		if !f.opts.Linear {
			f.unfold = unfoldIterations
			f.linear = true
		}
		return
	}
	r2 := 0.0
	for i := range n {
		if ok[i] {
			r2 += f.x[i]*f.x[i] + f.y[i]*f.y[i]
		}
	}
	extent := math.Sqrt(2 * r2 / float64(given))
	if extent == 0 { // a single node given: borrow the size the forces will reach
		extent = logSize * kr * total / kg
		if f.linear {
			extent = linearSize * math.Sqrt(kr*total/kg)
		}
	}
	// Neighbour spacing in a settled layout is a small fraction of its size.
	near := extent * 0.01
	for i := range n {
		if ok[i] {
			continue
		}
		var sx, sy float64
		k := 0
		for _, j := range f.g.Neighbors(i) {
			if ok[j] {
				sx += f.x[j]
				sy += f.y[j]
				k++
			}
		}
		dx, dy := disc(near)
		if k == 0 {
			dx, dy = disc(extent)
		} else {
			dx += sx / float64(k)
			dy += sy / float64(k)
		}
		f.x[i], f.y[i] = dx, dy
	}
}

// inflate ends the unfolding of a cold start: it scales the free nodes about
// the origin to LinLog's settled size, keeping the shape linear attraction
// found, and restarts the adaptive speed because every force changes scale.
func (f *Force) inflate() {
	f.linear = false
	n := f.g.n
	r2, total := 0.0, 0.0
	for i := range n {
		r2 += f.x[i]*f.x[i] + f.y[i]*f.y[i]
		total += f.mass[i]
	}
	rms := math.Sqrt(r2 / float64(n))
	if rms == 0 {
		return
	}
	s := logSize * f.opts.Repulsion * total / f.opts.Gravity / rms
	for i := range n {
		if !f.pinned[i] {
			f.x[i] *= s
			f.y[i] *= s
		}
	}
	clear(f.px)
	clear(f.py)
	f.speed, f.efficiency = 1, 1
	f.since = 0
}

// orDefault returns v if it is a usable option value — positive and at most
// a million — and def otherwise, so a zero, negative, NaN or absurd option
// cannot poison a layout.
func orDefault(v, def float64) float64 {
	if v > 0 && v <= 1e6 {
		return v
	}
	return def
}

// maxCoord bounds the coordinates a layout accepts. Squared distances of
// larger ones could overflow to +Inf, and from there to NaN.
const maxCoord = 1e9

// usable reports whether p can be a position: finite and within maxCoord.
func usable(p Point) bool { return math.Abs(p.X) <= maxCoord && math.Abs(p.Y) <= maxCoord }

// Len returns the number of nodes.
func (f *Force) Len() int { return f.g.n }

// Positions returns a new copy of every node's position, safe to hand to
// another goroutine.
func (f *Force) Positions() []Point { return f.PositionsInto(nil) }

// PositionsInto copies every node's position into dst, reusing its storage
// when it is large enough, and returns it. An animation loop that keeps two
// buffers avoids an allocation per frame.
func (f *Force) PositionsInto(dst []Point) []Point {
	dst = grow(dst, f.g.n)
	for i := range dst {
		dst[i] = Point{f.x[i], f.y[i]}
	}
	return dst
}

// Pin moves node i to p and holds it there until Unpin; forces from it
// still act on the others. A point that is not finite, or lies beyond ±1e9,
// is ignored. Pinning wakes a settled layout so the others adjust.
func (f *Force) Pin(i int, p Point) {
	if !usable(p) {
		return
	}
	f.x[i], f.y[i] = p.X, p.Y
	f.pinned[i] = true
	f.wake()
}

// Unpin releases node i to the forces again.
func (f *Force) Unpin(i int) {
	if !f.pinned[i] {
		return
	}
	f.pinned[i] = false
	f.wake()
}

// Pinned reports whether node i is pinned.
func (f *Force) Pinned(i int) bool { return f.pinned[i] }

// wake reheats the layout, since a moved or released node changes every
// force near it. The speed is kept: it is the pace the layout last worked at.
func (f *Force) wake() {
	f.calm = 0
	f.since = 0
	f.heat = 1
}

// Iterations returns how many iterations have run.
func (f *Force) Iterations() int { return f.iterations }

// Settled reports whether the layout has come to rest: for several
// iterations in a row no node has moved more than a tiny fraction of the
// layout's size. An owner can stop stepping then and save the cores.
func (f *Force) Settled() bool { return f.g.n == 0 || f.calm >= settleSteps }

// Step runs n iterations.
func (f *Force) Step(n int) {
	for range n {
		f.step()
	}
}

// step runs one iteration: index the positions, sum the forces on every node
// in parallel, choose the global speed from the whole layout's swinging and
// traction, then move every free node in parallel.
func (f *Force) step() {
	n := f.g.n
	if n == 0 {
		f.calm = settleSteps
		return
	}
	if f.unfold > 0 {
		f.unfold--
		if f.unfold == 0 {
			f.inflate()
		}
	}
	if f.linear {
		f.tree.build(f.x, f.y, f.mass)
	} else if f.opts.Workers > 1 {
		// Building the quadtree is sequential; the edges' pulls need only
		// positions too, so the two overlap.
		built := make(chan struct{})
		go func() {
			f.tree.build(f.x, f.y, f.mass)
			close(built)
		}()
		f.parallel(f.pulls)
		<-built
	} else {
		f.tree.build(f.x, f.y, f.mass)
		f.parallel(f.pulls)
	}
	f.parallel(f.forces)

	var swing, traction float64
	free := 0
	for _, s := range f.sums {
		swing += s.swing
		traction += s.traction
		free += s.free
	}
	f.adaptSpeed(swing, traction, free)
	f.parallel(f.move)

	moved, farthest, r2 := 0.0, 0.0, 0.0
	for _, s := range f.sums {
		moved += s.moved
		farthest = max(farthest, s.farthest)
	}
	for i := range n {
		r2 += f.x[i]*f.x[i] + f.y[i]*f.y[i]
	}
	radius := math.Sqrt(r2 / float64(n))
	f.movement, f.largest = 0, 0
	if free > 0 && radius > 0 {
		f.movement = moved / float64(free) / radius
		f.largest = farthest / radius
	}
	f.since++
	if f.heat < 1 || (f.movement < coolMovement && !f.rising && f.unfold == 0 && f.since >= formIterations) {
		f.heat *= coolRate
	}
	if f.largest < settleMovement {
		f.calm++
	} else {
		f.calm = 0
	}
	f.iterations++
}

// parallel runs fn over every chunk, spread over the workers. Chunks are
// claimed dynamically (so a slow chunk does not hold up the rest) but each
// writes only its own nodes and its own slot in f.sums.
func (f *Force) parallel(fn func(c int)) {
	chunks := len(f.sums)
	workers := min(f.opts.Workers, chunks)
	if workers <= 1 {
		for c := range chunks {
			fn(c)
		}
		return
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1)) - 1
				if c >= chunks {
					return
				}
				fn(c)
			}
		})
	}
	wg.Wait()
}

// pulls computes LinLog's pull per unit length, log(1+d)/d, once per edge:
// from the edge's lower end, written to both ends' slots. The logarithm is
// the dearest part of attraction, so this halves it; the slots written are
// each edge's own, so chunks never write the same one.
func (f *Force) pulls(c int) {
	g := f.g
	for i := int32(c * chunk); i < int32(min((c+1)*chunk, g.n)); i++ {
		for s := g.off[i]; s < g.off[i+1]; s++ {
			if j := g.adj[s]; j > i {
				dx, dy := f.x[j]-f.x[i], f.y[j]-f.y[i]
				a := logRatio(math.Sqrt(dx*dx + dy*dy))
				f.pull[s], f.pull[g.twin[s]] = a, a
			}
		}
	}
}

// forces computes the force on the nodes of chunk c, taken in Morton order
// so that consecutive walks of the quadtree touch the same cells, and the
// chunk's swinging and traction.
func (f *Force) forces(c int) {
	lo, hi := c*chunk, min((c+1)*chunk, f.g.n)
	theta2 := f.opts.Theta * f.opts.Theta
	kr, kg := f.opts.Repulsion, f.opts.Gravity
	t := &f.tree
	var swing, traction float64
	free := 0
	for k := lo; k < hi; k++ {
		i := t.perm[k]
		xi, yi, mi := t.bx[k], t.by[k], t.bm[k]
		rx, ry := t.repulse(int32(k), xi, yi, theta2)
		fx, fy := kr*mi*rx, kr*mi*ry

		g := f.g
		if f.linear {
			for _, j := range g.Neighbors(int(i)) {
				fx += f.x[j] - xi
				fy += f.y[j] - yi
			}
		} else {
			for s := g.off[i]; s < g.off[i+1]; s++ {
				j, a := g.adj[s], f.pull[s]
				fx += (f.x[j] - xi) * a
				fy += (f.y[j] - yi) * a
			}
		}

		if d := math.Sqrt(xi*xi + yi*yi); d > 0 {
			pull := kg * mi / d
			fx -= xi * pull
			fy -= yi * pull
		}

		f.fx[i], f.fy[i] = fx, fy
		if !f.pinned[i] {
			sx, sy := fx-f.px[i], fy-f.py[i]
			tx, ty := fx+f.px[i], fy+f.py[i]
			swing += mi * math.Sqrt(sx*sx+sy*sy)
			traction += mi * math.Sqrt(tx*tx+ty*ty) / 2
			free++
		}
	}
	f.sums[c] = chunkSum{swing: swing, traction: traction, free: free}
}

// adaptSpeed sets the global speed as ForceAtlas2 does: the ratio of
// traction (forces that keep their direction: progress) to swinging (forces
// that flip: oscillation), scaled by how much jitter is tolerated, and never
// rising by more than half in one step.
func (f *Force) adaptSpeed(swing, traction float64, free int) {
	if free == 0 || traction == 0 || f.heat < 1 {
		// While cooling the speed is held: as nodes stop, swinging vanishes
		// and the speed would grow without bound, to burst out on the next
		// wake. Held, it is the pace the layout last worked at.
		return
	}
	nf := float64(free)
	optimal := 0.05 * math.Sqrt(nf)
	jitter := f.opts.Tolerance * max(math.Sqrt(optimal), min(10, optimal*traction/(nf*nf)))
	const minEfficiency = 0.05
	if swing/traction > 2 {
		if f.efficiency > minEfficiency {
			f.efficiency *= 0.5
		}
		jitter = max(jitter, f.opts.Tolerance)
	}
	target := math.Inf(1)
	if swing > 0 {
		target = jitter * f.efficiency * traction / swing
	}
	if swing > jitter*traction {
		if f.efficiency > minEfficiency {
			f.efficiency *= 0.7
		}
	} else if f.speed < 1000 {
		f.efficiency *= 1.3
	}
	f.rising = target-f.speed > 0.5*f.speed
	f.speed += min(target-f.speed, 0.5*f.speed)
}

// move displaces the free nodes of chunk c along their force, each slowed by
// its own swinging so that oscillating nodes calm down while the rest keep
// the global pace.
func (f *Force) move(c int) {
	lo, hi := c*chunk, min((c+1)*chunk, f.g.n)
	moved, farthest := 0.0, 0.0
	for i := lo; i < hi; i++ {
		fx, fy := f.fx[i], f.fy[i]
		if !f.pinned[i] {
			sx, sy := fx-f.px[i], fy-f.py[i]
			swinging := f.mass[i] * math.Sqrt(sx*sx+sy*sy)
			factor := f.heat * f.speed / (1 + math.Sqrt(f.speed*swinging))
			dx, dy := fx*factor, fy*factor
			f.x[i] += dx
			f.y[i] += dy
			d := math.Sqrt(dx*dx + dy*dy)
			moved += d
			farthest = max(farthest, d)
		}
		f.px[i], f.py[i] = fx, fy
	}
	f.sums[c].moved, f.sums[c].farthest = moved, farthest
}

// logRatio returns log(1+d)/d, LinLog's pull per unit of distance, for d ≥ 0
// (1 at d = 0, its limit). math.Log1p was a quarter of an iteration's time;
// this is within 2e-6 of it, far below anything a layout can show, and
// costs one division. The mantissa's logarithm comes from the series
// log m = 2·atanh((m−1)/(m+1)), whose argument stays below 1/3 for m in
// [1, 2), so five terms suffice; both divisions fold into one.
func logRatio(d float64) float64 {
	if d < 1e-2 {
		return 1 - d*(0.5-d/3) // the series of log(1+d)/d; exact enough here
	}
	b := math.Float64bits(1 + d)
	e := float64(int(b>>52) - 1023)
	m := math.Float64frombits(b&(1<<52-1) | 1023<<52)
	v := m + 1
	q := 1 / (v * d) // the one division: 1/v = q·d and 1/d = q·v
	t := (m - 1) * q * d
	t2 := t * t
	l := e*math.Ln2 + 2*t*(1+t2*(1.0/3+t2*(1.0/5+t2*(1.0/7+t2/9))))
	return l * q * v
}
