// Package layout places the nodes of a graph in the plane for the map: a
// force-directed layout (Barnes–Hut, ForceAtlas2-like) and the stance plane,
// plus the helpers the map needs around them — reading the shared graph
// format, measuring layout quality and easing between two layouts.
//
// The package is pure Go and knows nothing of Fyne: layouts run on a
// goroutine of their own and hand copies of positions to the UI, and every
// figure here can be benchmarked without a window.
package layout

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// MaxNodes bounds the node count a graph may declare, so a malformed file
// cannot make the reader allocate gigabytes before any edge is checked.
const MaxNodes = 1 << 24

// Graph is an undirected graph on the nodes 0…Len()-1. It keeps the edges
// exactly as given (the quality metric is defined on that list) and a
// de-duplicated adjacency without self-loops for the forces, so a repeated
// edge does not pull twice and a self-loop does not pull at all.
// A Graph is immutable once built and safe to share between goroutines.
type Graph struct {
	n     int
	edges [][2]int32
	off   []int32 // adj[off[i]:off[i+1]] are the distinct neighbours of i
	adj   []int32
	twin  []int32 // twin[s] is the slot of the same edge seen from its other end
}

// NewGraph builds a graph of n nodes from edges given as node index pairs.
// It reports the first edge that names a node outside 0…n-1.
func NewGraph(n int, edges [][2]int) (*Graph, error) {
	if n < 0 || n > MaxNodes {
		return nil, fmt.Errorf("graph: %d nodes, want 0…%d", n, MaxNodes)
	}
	es := make([][2]int32, len(edges))
	for k, e := range edges {
		for _, v := range e {
			if v < 0 || v >= n {
				return nil, fmt.Errorf("graph: edges[%d]: node %d out of range 0…%d", k, v, n-1)
			}
		}
		es[k] = [2]int32{int32(e[0]), int32(e[1])}
	}
	return newGraph(n, es), nil
}

// newGraph builds the adjacency of already checked edges.
func newGraph(n int, es [][2]int32) *Graph {
	g := &Graph{n: n, edges: es, off: make([]int32, n+1)}
	for _, e := range es {
		if e[0] != e[1] {
			g.off[e[0]+1]++
			g.off[e[1]+1]++
		}
	}
	for i := range n {
		g.off[i+1] += g.off[i]
	}
	g.adj = make([]int32, g.off[n])
	fill := slices.Clone(g.off[:n])
	for _, e := range es {
		if e[0] != e[1] {
			g.adj[fill[e[0]]] = e[1]
			fill[e[0]]++
			g.adj[fill[e[1]]] = e[0]
			fill[e[1]]++
		}
	}
	// Sort and de-duplicate each neighbour list in place, then compact, so the
	// adjacency (and the order forces are summed in) depends only on the edge set.
	w := int32(0)
	start := int32(0)
	for i := range n {
		nb := g.adj[start:g.off[i+1]]
		slices.Sort(nb)
		nb = slices.Compact(nb)
		start = g.off[i+1]
		g.off[i] = w
		w += int32(copy(g.adj[w:], nb))
	}
	g.off[n] = w
	g.adj = g.adj[:w:w]
	// Twins let a layout compute each edge's pull once, from its lower end,
	// and store it where the other end reads it.
	g.twin = make([]int32, w)
	for i := range int32(n) {
		for s := g.off[i]; s < g.off[i+1]; s++ {
			if j := g.adj[s]; j > i {
				k, _ := slices.BinarySearch(g.Neighbors(int(j)), i)
				t := g.off[j] + int32(k)
				g.twin[s], g.twin[t] = t, s
			}
		}
	}
	return g
}

// Len returns the number of nodes.
func (g *Graph) Len() int { return g.n }

// EdgeCount returns the number of edges as given, duplicates and self-loops included.
func (g *Graph) EdgeCount() int { return len(g.edges) }

// Edge returns the k-th edge as given.
func (g *Graph) Edge(k int) (s, t int) { return int(g.edges[k][0]), int(g.edges[k][1]) }

// Degree returns the number of distinct neighbours of node i, self excluded.
func (g *Graph) Degree(i int) int { return int(g.off[i+1] - g.off[i]) }

// Neighbors returns the distinct neighbours of node i in increasing order.
// The slice is shared with the graph and must not be changed.
func (g *Graph) Neighbors(i int) []int32 { return g.adj[g.off[i]:g.off[i+1]:g.off[i+1]] }

// fileGraph is the shared format: {"nodes": N, "edges": [[s,t],…]}. Edges
// decode as []int rather than [2]int because encoding/json would silently
// pad or truncate a malformed pair to fit an array.
type fileGraph struct {
	Nodes *int    `json:"nodes"`
	Edges [][]int `json:"edges"`
}

// ReadGraph reads a graph in the shared format {"nodes": N, "edges": [[s,t],…]}
// with 0-based node indices, as written by the layout-peer tool.
func ReadGraph(r io.Reader) (*Graph, error) {
	var f fileGraph
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("read graph: %w", err)
	}
	if f.Nodes == nil {
		return nil, fmt.Errorf("read graph: no \"nodes\" count")
	}
	pairs := make([][2]int, len(f.Edges))
	for k, e := range f.Edges {
		if len(e) != 2 {
			return nil, fmt.Errorf("read graph: edges[%d]: %d numbers, want 2", k, len(e))
		}
		pairs[k] = [2]int{e[0], e[1]}
	}
	g, err := NewGraph(*f.Nodes, pairs)
	if err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	return g, nil
}

// WriteJSON writes g in the shared format, byte for byte as the layout-peer
// tool writes it, so a graph made here can be handed to the peers.
func (g *Graph) WriteJSON(w io.Writer) error {
	buf := make([]byte, 0, 16+len(g.edges)*12)
	buf = fmt.Appendf(buf, `{"nodes":%d,"edges":[`, g.n)
	for k, e := range g.edges {
		if k > 0 {
			buf = append(buf, ',')
		}
		buf = fmt.Appendf(buf, "[%d,%d]", e[0], e[1])
	}
	buf = append(buf, "]}"...)
	_, err := w.Write(buf)
	return err
}
