package layout

import (
	"bytes"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestReadGraph(t *testing.T) {
	tests := []struct {
		name, in  string
		nodes     int
		edges     int
		wantError string
	}{
		{"peer format", `{"nodes":3,"edges":[[0,1],[1,2]]}`, 3, 2, ""},
		{"no edges", `{"nodes":2,"edges":[]}`, 2, 0, ""},
		{"empty graph", `{"nodes":0}`, 0, 0, ""},
		{"missing count", `{"edges":[[0,1]]}`, 0, 0, `no "nodes" count`},
		{"node out of range", `{"nodes":2,"edges":[[0,1],[1,2]]}`, 0, 0, "edges[1]: node 2 out of range 0…1"},
		{"negative node", `{"nodes":2,"edges":[[-1,1]]}`, 0, 0, "edges[0]: node -1 out of range"},
		{"three numbers", `{"nodes":3,"edges":[[0,1,2]]}`, 0, 0, "edges[0]: 3 numbers, want 2"},
		{"one number", `{"nodes":3,"edges":[[0]]}`, 0, 0, "edges[0]: 1 numbers, want 2"},
		{"negative count", `{"nodes":-1,"edges":[]}`, 0, 0, "-1 nodes"},
		{"too many nodes", `{"nodes":999999999999,"edges":[]}`, 0, 0, "nodes, want 0…"},
		{"fractional node", `{"nodes":2,"edges":[[0,0.5]]}`, 0, 0, "read graph"},
		{"not JSON", `nodes: 2`, 0, 0, "read graph"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ReadGraph(strings.NewReader(tt.in))
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if g.Len() != tt.nodes || g.EdgeCount() != tt.edges {
				t.Errorf("got %d nodes, %d edges, want %d, %d", g.Len(), g.EdgeCount(), tt.nodes, tt.edges)
			}
		})
	}
}

func TestGraphNeighborsSkipDuplicatesAndSelfLoops(t *testing.T) {
	g, err := NewGraph(4, [][2]int{{0, 1}, {1, 0}, {0, 1}, {2, 2}, {2, 0}, {3, 3}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int32{{1, 2}, {0}, {0}, {}}
	for i, w := range want {
		if got := g.Neighbors(i); !slices.Equal(got, w) {
			t.Errorf("Neighbors(%d): got %v, want %v", i, got, w)
		}
		if got := g.Degree(i); got != len(w) {
			t.Errorf("Degree(%d): got %d, want %d", i, got, len(w))
		}
	}
	if got := g.EdgeCount(); got != 6 {
		t.Errorf("EdgeCount: got %d, want 6 (edges kept as given)", got)
	}
}

// The golden file was written by `layout-peer/run gen-communities 203 5 5 3 7`:
// odd degrees and a last community smaller than the rest exercise the
// rounding the tool does. Byte equality proves the generator and the random
// number generator are the tool's, bit for bit.
func TestGenerateCommunitiesMatchesPeer(t *testing.T) {
	want, err := os.ReadFile("testdata/communities-203-5-5-3-7.json")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := GenerateCommunities(203, 5, 5, 3, 7).WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("got %.80s…, want %.80s…", got.Bytes(), want)
	}
	g, err := ReadGraph(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := g.WriteJSON(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), want) {
		t.Errorf("read then written: got %.80s…, want %.80s…", again.Bytes(), want)
	}
}

// Values printed by the tool's rng() under Node.
func TestMulberry32MatchesPeer(t *testing.T) {
	tests := []struct {
		seed uint32
		want []float64
	}{
		{99, []float64{0.2604658124037087, 0.8048227655235678, 0.5408715349622071}},
		{0, []float64{0.26642920868471265, 0.0003297457005828619}},
		{4294967295, []float64{0.8964226141106337, 0.189478256739676}},
	}
	for _, tt := range tests {
		r := mulberry32(tt.seed)
		for k, w := range tt.want {
			if got := r.next(); got != w {
				t.Errorf("seed %d, value %d: got %v, want %v", tt.seed, k, got, w)
			}
		}
	}
}

func TestEdgeRatio(t *testing.T) {
	path, _ := NewGraph(3, [][2]int{{0, 1}, {1, 2}})
	line := []Point{{0, 0}, {1, 0}, {2, 0}}
	base := EdgeRatio(path, line)
	if math.IsNaN(base) || base <= 0 {
		t.Fatalf("path on a line: got %v, want a positive number", base)
	}
	scaled := []Point{{10, -5}, {13, -5}, {16, -5}}
	if got := EdgeRatio(path, scaled); math.Abs(got-base) > 1e-12 {
		t.Errorf("scaled and moved: got %v, want %v (the metric is scale-free)", got, base)
	}
	noEdges, _ := NewGraph(3, nil)
	if got := EdgeRatio(noEdges, line); got != 0 {
		t.Errorf("no edges: got %v, want 0", got)
	}
	if got := EdgeRatio(path, []Point{{1, 1}, {1, 1}, {1, 1}}); got != 1 {
		t.Errorf("all on one spot: got %v, want 1", got)
	}
	// Long edges on a layout where the linked nodes are the far apart ones.
	far, _ := NewGraph(3, [][2]int{{0, 2}})
	if got := EdgeRatio(far, line); got <= base {
		t.Errorf("edge across the layout: got %v, want more than %v", got, base)
	}
}
