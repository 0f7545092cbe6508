package render

import (
	"image/color"
	"math"
	"math/rand/v2"
)

// SyntheticScene makes a seeded scene of n nodes in loose clusters with about
// edgesPerNode edges each, mostly within a cluster, shaped like a laid-out
// landscape: for benchmarks and tests of the drawing path.
func SyntheticScene(n, edgesPerNode int, seed uint64) *Scene {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s := &Scene{
		Background:  color.NRGBA{0x1e, 0x1f, 0x24, 0xff},
		LabelColor:  color.NRGBA{0xf0, 0xf0, 0xf0, 0xff},
		SelectColor: color.NRGBA{0xff, 0xd0, 0x40, 0xff},
		HoverColor:  color.NRGBA{0xff, 0xff, 0xff, 0xc0},
		EdgeStyles: []EdgeStyle{
			{Color: color.NRGBA{0x9a, 0xa0, 0xa8, 0x70}, Width: 1},
			{Color: color.NRGBA{0x56, 0xb4, 0xe9, 0xa0}, Width: 2},
			{Color: color.NRGBA{0xe6, 0x9f, 0x00, 0xa0}, Width: 1, Dash: 5},
		},
	}
	clusters := max(1, int(math.Sqrt(float64(n))/3))
	cx := make([]float64, clusters)
	cy := make([]float64, clusters)
	spread := 40 * math.Sqrt(float64(n))
	for c := range cx {
		cx[c], cy[c] = rng.NormFloat64()*spread, rng.NormFloat64()*spread
	}
	member := make([][]int32, clusters)
	clusterOf := make([]int, n)
	s.Nodes = make([]Node, n)
	for i := range s.Nodes {
		c := rng.IntN(clusters)
		clusterOf[i] = c
		member[c] = append(member[c], int32(i))
		r := 4 + rng.Float64()*8
		s.Nodes[i] = Node{
			X: cx[c] + rng.NormFloat64()*spread/float64(clusters)*2, Y: cy[c] + rng.NormFloat64()*spread/float64(clusters)*2,
			Radius: r, Shape: Shape(rng.IntN(int(numShapes))), Weight: r,
			Fill:  color.NRGBA{uint8(80 + rng.IntN(170)), uint8(80 + rng.IntN(170)), uint8(80 + rng.IntN(170)), 0xff},
			Label: syntheticName(rng),
		}
	}
	for i := range s.Nodes {
		for k := 0; k < edgesPerNode; k++ {
			j := int32(rng.IntN(n))
			if own := member[clusterOf[i]]; rng.Float64() < 0.85 {
				j = own[rng.IntN(len(own))] // most ties stay within a cluster
			}
			if int(j) == i {
				continue
			}
			s.Edges = append(s.Edges, Edge{A: int32(i), B: j, Style: uint8(rng.IntN(len(s.EdgeStyles)))})
		}
	}
	return s
}

func syntheticName(rng *rand.Rand) string {
	syll := []string{"ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "an", "el", "or", "un"}
	n := 2 + rng.IntN(4)
	b := make([]byte, 0, 16)
	for i := 0; i < n; i++ {
		b = append(b, syll[rng.IntN(len(syll))]...)
	}
	b[0] -= 'a' - 'A'
	return string(b)
}
