package layout

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// g1k is the peers' 1k benchmark graph; settled1k is its layout after 300
// iterations from seed 0, shared by the tests that start from it.
var (
	g1k       = sync.OnceValue(func() *Graph { return GenerateCommunities(1000, 10, 8, 1, 1) })
	settled1k = sync.OnceValue(func() []Point { return run(g1k(), nil, ForceOptions{}, 300) })
)

// run lays out g from init for iterations steps and returns the positions.
func run(g *Graph, init []Point, opts ForceOptions, iterations int) []Point {
	f := NewForce(g, init, opts)
	f.Step(iterations)
	return f.Positions()
}

func TestForceDeterministic(t *testing.T) {
	g := GenerateCommunities(1500, 8, 8, 1, 3) // 6 chunks: several per worker
	want := run(g, nil, ForceOptions{Seed: 1}, 40)
	tests := []struct {
		name       string
		gomaxprocs int
		opts       ForceOptions
	}{
		{"again", 2, ForceOptions{Seed: 1}},
		{"GOMAXPROCS 1", 1, ForceOptions{Seed: 1}},
		{"GOMAXPROCS 2", 2, ForceOptions{Seed: 1}},
		{"7 workers", 2, ForceOptions{Seed: 1, Workers: 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(tt.gomaxprocs))
			got := run(g, nil, tt.opts, 40)
			if i := firstDifference(got, want); i >= 0 {
				t.Errorf("node %d: got %v, want %v", i, got[i], want[i])
			}
		})
	}
	t.Run("other seed", func(t *testing.T) {
		if got := run(g, nil, ForceOptions{Seed: 2}, 40); firstDifference(got, want) < 0 {
			t.Errorf("seed 2 gave the layout of seed 1, want a different one")
		}
	})
}

func firstDifference(a, b []Point) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func TestForcePinnedNodesNeverMove(t *testing.T) {
	g := GenerateCommunities(500, 5, 6, 1, 2)
	f := NewForce(g, nil, ForceOptions{})
	pins := map[int]Point{0: {0, 0}, 7: {500, -300}, 250: {-1e4, 1e4}, 499: {0.5, 0.25}}
	for i, p := range pins {
		f.Pin(i, p)
	}
	for range 20 {
		f.Step(10)
		got := f.Positions()
		for i, want := range pins {
			if got[i] != want {
				t.Fatalf("pinned node %d after %d iterations: got %v, want %v", i, f.Iterations(), got[i], want)
			}
		}
	}
	f.Unpin(7)
	f.Step(20)
	if got := f.Positions()[7]; got == pins[7] {
		t.Errorf("unpinned node 7: got %v, still at its pin, want it to move", got)
	}
	if f.Pinned(7) || !f.Pinned(250) {
		t.Errorf("Pinned(7), Pinned(250): got %v, %v, want false, true", f.Pinned(7), f.Pinned(250))
	}
}

func TestForceNeverNaN(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	twoParts, _ := NewGraph(9, [][2]int{{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}}) // 6, 7, 8 alone
	loops, _ := NewGraph(4, [][2]int{{0, 0}, {0, 1}, {1, 0}, {0, 1}, {2, 3}, {3, 3}})
	star := GenerateCommunities(300, 1, 4, 0, 5)
	tests := []struct {
		name string
		g    *Graph
		init []Point
		pins map[int]Point
	}{
		{"no nodes", mustGraph(0, nil), nil, nil},
		{"one node", mustGraph(1, nil), nil, nil},
		{"one node at the origin", mustGraph(1, nil), []Point{{0, 0}}, nil},
		{"two nodes", mustGraph(2, nil), nil, nil},
		{"two linked nodes", mustGraph(2, [][2]int{{0, 1}}), nil, nil},
		{"two nodes on one spot", mustGraph(2, [][2]int{{0, 1}}), []Point{{3, 3}, {3, 3}}, nil},
		{"all on one spot", star, slices.Repeat([]Point{{0, 0}}, 300), nil},
		{"all on one spot, pinned there", star, slices.Repeat([]Point{{1, 1}}, 300), map[int]Point{0: {1, 1}, 1: {1, 1}, 2: {1, 1}}},
		{"disconnected parts", twoParts, nil, nil},
		{"self-loops and duplicate edges", loops, nil, nil},
		{"unusable starts", twoParts, []Point{{nan, 0}, {0, inf}, {1e300, 1e300}, {-inf, nan}}, nil},
		{"no edges", mustGraph(50, nil), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewForce(tt.g, tt.init, ForceOptions{})
			for i, p := range tt.pins {
				f.Pin(i, p)
			}
			for range 30 {
				f.Step(10)
				for i, p := range f.Positions() {
					if !usable(p) {
						t.Fatalf("node %d after %d iterations: got %v, want a finite point", i, f.Iterations(), p)
					}
				}
			}
			pos := f.Positions()
			if len(pos) != tt.g.Len() {
				t.Fatalf("got %d positions, want %d", len(pos), tt.g.Len())
			}
			seen := map[Point]int{}
			for i, p := range pos {
				if j, dup := seen[p]; dup && !(f.Pinned(i) && f.Pinned(j)) {
					t.Errorf("nodes %d and %d share %v, want them apart", j, i, p)
				}
				seen[p] = i
			}
			if r := EdgeRatio(tt.g, pos); math.IsNaN(r) || math.IsInf(r, 0) {
				t.Errorf("edge ratio: got %v, want a number", r)
			}
		})
	}
}

func mustGraph(n int, edges [][2]int) *Graph {
	g, err := NewGraph(n, edges)
	if err != nil {
		panic(err)
	}
	return g
}

// Gravity must keep unlinked groups in view: repulsion alone would push them
// apart forever and the map would have to zoom out without end.
func TestForceKeepsDisconnectedPartsInView(t *testing.T) {
	var edges [][2]int
	for c := range 4 { // four cliques of five, no links between them
		for a := range 5 {
			for b := a + 1; b < 5; b++ {
				edges = append(edges, [2]int{c*5 + a, c*5 + b})
			}
		}
	}
	g := mustGraph(24, edges) // nodes 20…23 have no edges at all
	f := NewForce(g, nil, ForceOptions{Seed: 4})
	f.Step(300)
	r1 := reach(f.Positions())
	f.Step(300)
	r2 := reach(f.Positions())
	if r2 > 1.05*r1 {
		t.Errorf("radius after 300 and 600 iterations: got %.1f then %.1f, want it to stay put", r1, r2)
	}
	pos := f.Positions()
	linked := 0.0
	for _, e := range edges {
		linked += Distance(pos[e[0]], pos[e[1]])
	}
	linked /= float64(len(edges))
	if far := Distance(pos[0], pos[5]); far < 2*linked {
		t.Errorf("distance between two cliques: got %.1f, want well over the %.1f within one", far, linked)
	}
}

// reach returns the largest distance of a point from the origin.
func reach(pos []Point) float64 {
	r := 0.0
	for _, p := range pos {
		r = max(r, math.Hypot(p.X, p.Y))
	}
	return r
}

func TestForceQuality(t *testing.T) {
	landscape := GenerateCommunities(250, 6, 6, 1, 9)
	tests := []struct {
		name          string
		g             *Graph
		layout        func() []Point
		wantEdgeRatio float64
	}{
		// The peers reach 0.328 (ForceAtlas2) and 0.353 (d3-force) on g1k in
		// 300 iterations; random placement gives about 1.
		{"g1k", g1k(), settled1k, 0.27},
		{"g1k linear", g1k(), func() []Point { return run(g1k(), nil, ForceOptions{Linear: true}, 300) }, 0.34},
		{"landscape-sized", landscape, func() []Point { return run(landscape, nil, ForceOptions{}, 300) }, 0.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EdgeRatio(tt.g, tt.layout())
			if got > tt.wantEdgeRatio {
				t.Errorf("edge ratio after 300 iterations: got %.4f, want at most %.2f", got, tt.wantEdgeRatio)
			}
		})
	}
}

func TestForceSettles(t *testing.T) {
	f := NewForce(g1k(), nil, ForceOptions{})
	for f.Iterations() < 600 && !f.Settled() {
		f.Step(1)
	}
	if !f.Settled() {
		t.Fatalf("after %d iterations: not settled, want settled", f.Iterations())
	}
	before := f.Positions()
	f.Step(20)
	after := f.Positions()
	moved := 0.0
	for i := range before {
		moved = max(moved, Distance(before[i], after[i]))
	}
	if limit := 1e-3 * reach(after); moved > limit {
		t.Errorf("largest move in 20 iterations after settling: got %.3g, want under %.3g", moved, limit)
	}
	f.Pin(0, Point{after[0].X + reach(after)/4, after[0].Y})
	if f.Settled() {
		t.Errorf("after a pin: settled, want the layout awake")
	}
}

// A warm start from a finished layout must keep it: switching filters or
// layouts on the map should not reshuffle what the reader has learnt.
func TestForceWarmStartKeepsLayout(t *testing.T) {
	g, settled := g1k(), settled1k()
	want := EdgeRatio(g, settled)
	f := NewForce(g, settled, ForceOptions{Seed: 99})
	f.Step(100)
	got := f.Positions()
	if r := EdgeRatio(g, got); r > want+0.01 {
		t.Errorf("edge ratio after a warm start: got %.4f, want at most %.4f", r, want+0.01)
	}
	moved := 0.0
	for i := range got {
		moved += Distance(got[i], settled[i])
	}
	if mean, limit := moved/float64(len(got)), 0.02*reach(settled); mean > limit {
		t.Errorf("mean move after a warm start: got %.1f, want under %.1f", mean, limit)
	}
}

// A node missing from the start positions (one that a filter has just let
// in) starts beside its neighbours, not somewhere at random.
func TestForceNewNodeStartsNearNeighbours(t *testing.T) {
	g, settled := g1k(), settled1k()
	init := slices.Clone(settled)
	init[42] = Point{math.NaN(), math.NaN()}
	f := NewForce(g, init, ForceOptions{})
	var sum Point
	for _, j := range g.Neighbors(42) {
		sum.X += settled[j].X
		sum.Y += settled[j].Y
	}
	k := float64(g.Degree(42))
	mean := Point{sum.X / k, sum.Y / k}
	if d, limit := Distance(f.Positions()[42], mean), 0.02*reach(settled); d > limit {
		t.Errorf("new node's distance from its neighbours' centre: got %.1f, want under %.1f", d, limit)
	}
	for i, p := range f.Positions() {
		if i != 42 && p != settled[i] {
			t.Fatalf("node %d: got %v, want its start %v", i, p, settled[i])
		}
	}
}

func TestForcePositionsAreCopies(t *testing.T) {
	g := mustGraph(3, [][2]int{{0, 1}, {1, 2}})
	f := NewForce(g, nil, ForceOptions{})
	pos := f.Positions()
	pos[0] = Point{1e6, 1e6}
	if got := f.Positions()[0]; got == pos[0] {
		t.Errorf("after changing the copy: got %v inside the layout, want it untouched", got)
	}
	buf := make([]Point, 0, 10)
	if got := f.PositionsInto(buf); &got[:1][0] != &buf[:1][0] || len(got) != 3 {
		t.Errorf("PositionsInto with room: got a new slice of %d, want buf reused with 3", len(got))
	}
}

func TestLogRatio(t *testing.T) {
	worst, at := 0.0, 0.0
	for d := 0.0; d < 1e9; d = d*1.001 + 1e-9 {
		want := 1.0
		if d > 0 {
			want = math.Log1p(d) / d
		}
		if e := math.Abs(logRatio(d)-want) / want; e > worst {
			worst, at = e, d
		}
	}
	if worst > 2e-6 {
		t.Errorf("largest relative error: got %.3g at d = %g, want at most 2e-6", worst, at)
	}
}
