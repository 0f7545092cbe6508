package layout

// edgeRatioPairs and edgeRatioSeed fix the random pairs edge_ratio is
// measured on: the same count, generator and seed as the layout-peer tool,
// so our figure and the peers' are the same statistic on the same pairs.
const (
	edgeRatioPairs = 20000
	edgeRatioSeed  = 99
)

// EdgeRatio measures layout quality as the layout-peer tool does: the mean
// length of the edges (as given, duplicates included) divided by the mean
// distance between 20,000 random node pairs drawn with a fixed seed. Lower
// is better: linked nodes sit closer than unlinked ones. It is scale-free,
// so layouts of any size compare.
//
// Where the tool would divide by zero it returns a number instead: 0 when
// the graph has no edges, 1 when every sampled pair coincides (nothing is
// separated from anything). pos must hold g.Len() points.
func EdgeRatio(g *Graph, pos []Point) float64 {
	if len(g.edges) == 0 || g.n == 0 {
		return 0
	}
	dist := func(a, b int) float64 { return Distance(pos[a], pos[b]) }
	e := 0.0
	for _, ed := range g.edges {
		e += dist(int(ed[0]), int(ed[1]))
	}
	e /= float64(len(g.edges))
	rand := mulberry32(edgeRatioSeed)
	r := 0.0
	for range edgeRatioPairs {
		a := rand.below(g.n)
		r += dist(a, rand.below(g.n))
	}
	r /= edgeRatioPairs
	if r == 0 {
		return 1
	}
	return e / r
}
