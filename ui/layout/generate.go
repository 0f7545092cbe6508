package layout

import "math"

// mulberry32 is the small generator the layout-peer tool uses. Reproducing
// it bit for bit lets Go make the very graphs the peers are timed on, and
// sample the same random pairs for edge_ratio, without Node installed.
type mulberry32 uint32

// next returns a number in [0, 1), as the tool's rng() does.
func (a *mulberry32) next() float64 {
	*a += 0x6D2B79F5
	t := uint32(*a)
	t = (t ^ t>>15) * (t | 1)
	t ^= t + (t^t>>7)*(t|61)
	return float64(t^t>>14) / 4294967296
}

// below returns floor(next() * n), the tool's way to pick an index below n.
func (a *mulberry32) below(n int) int { return int(math.Floor(a.next() * float64(n))) }

// GenerateCommunities makes a planted-partition graph exactly as
// `layout-peer run gen-communities n k din dout seed` does: n nodes in k
// equal communities, each node linking to about din nodes of its own
// community and dout nodes anywhere, without self-loops or duplicates.
// Landscapes have blocs, so this is the graph layout quality is judged on.
func GenerateCommunities(n, k, din, dout int, seed uint32) *Graph {
	if n <= 0 {
		return newGraph(0, nil)
	}
	k = max(k, 1)
	rand := mulberry32(seed)
	size := (n + k - 1) / k
	var edges [][2]int32
	seen := make(map[int64]struct{}, n*(din+dout)/2)
	add := func(a, b int) {
		if a == b {
			return
		}
		a, b = min(a, b), max(a, b)
		key := int64(a)*int64(n) + int64(b)
		if _, ok := seen[key]; ok {
			return
		}
		seen[key] = struct{}{}
		edges = append(edges, [2]int32{int32(a), int32(b)})
	}
	// The tool loops "i < din/2" on numbers, so an odd count rounds up.
	in, out := (din+1)/2, (dout+1)/2
	for v := range n {
		lo := v / size * size
		hi := min(n, lo+size)
		for range in {
			add(v, lo+rand.below(hi-lo))
		}
		for range out {
			add(v, rand.below(n))
		}
	}
	return newGraph(n, edges)
}
