package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchIterations matches the peers' run: `layout-peer/run time g10k.json 300`.
const benchIterations = 300

// benchGraph returns the graph a benchmark lays out. The shared graphs are
// made by `layout-peer/run gen-communities N K 8 1 1`; with
// GOVSCAPE_LAYOUT_GRAPHS set to a folder holding the tool's NAME.json we read
// that very file (scripts/bench-layout.sh does so, so ours and the peers' run
// on one file), and otherwise we make it with our generator, which
// TestGenerateCommunitiesMatchesPeer holds to the tool's output byte for byte.
func benchGraph(b *testing.B, name string, n, k int) *Graph {
	b.Helper()
	if dir := os.Getenv("GOVSCAPE_LAYOUT_GRAPHS"); dir != "" {
		file, err := os.Open(filepath.Join(dir, name+".json"))
		if err != nil {
			b.Fatalf("GOVSCAPE_LAYOUT_GRAPHS: %v", err)
		}
		defer file.Close()
		g, err := ReadGraph(file)
		if err != nil {
			b.Fatalf("%s: %v", file.Name(), err)
		}
		return g
	}
	return GenerateCommunities(n, k, 8, 1, 1)
}

// BenchmarkForce times a whole layout from scratch — start, then 300
// iterations — as the peers are timed, and reports the figures the issue
// compares: ms per iteration and the edge_ratio reached.
func BenchmarkForce(b *testing.B) {
	for _, c := range []struct {
		name string
		n, k int
	}{{"g1k", 1000, 10}, {"g10k", 10000, 20}} {
		b.Run(c.name, func(b *testing.B) {
			g := benchGraph(b, c.name, c.n, c.k)
			b.ReportAllocs()
			var f *Force
			for b.Loop() {
				f = NewForce(g, nil, ForceOptions{Seed: 1})
				f.Step(benchIterations)
			}
			runs := float64(b.N * benchIterations)
			b.ReportMetric(b.Elapsed().Seconds()*1000/runs, "ms_per_iteration")
			b.ReportMetric(EdgeRatio(g, f.Positions()), "edge_ratio")
			b.ReportMetric(float64(g.Len()), "nodes")
			b.ReportMetric(float64(g.EdgeCount()), "edges")
			b.ReportMetric(benchIterations, "iterations")
		})
	}
}

// BenchmarkStep times single iterations of a layout that has already formed,
// what the map pays per frame while it animates a settled-looking layout.
func BenchmarkStep(b *testing.B) {
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("g10k/workers=%d", workers), func(b *testing.B) {
			g := benchGraph(b, "g10k", 10000, 20)
			f := NewForce(g, nil, ForceOptions{Workers: workers})
			f.Step(100)
			b.ReportAllocs()
			for b.Loop() {
				f.wake() // never let it cool: a layout the map animates is a moving one
				f.Step(1)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms_per_iteration")
		})
	}
}

// BenchmarkStancePlane times the stance plane for a large landscape.
func BenchmarkStancePlane(b *testing.B) {
	stances := make([]Stance, 10000)
	for i := range stances {
		stances[i] = Stance{X: i%5 - 2, Y: i/5%5 - 2, HasX: i%7 != 0, HasY: i%11 != 0}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StancePlane(stances, StanceOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
