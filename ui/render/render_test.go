package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"govscape/ui/layout"
)

// testFace is the app's own text font at map-label size, as the widget uses it.
func testFace(tb testing.TB) font.Face {
	tb.Helper()
	f, err := opentype.Parse(theme.DefaultTextFont().Content())
	if err != nil {
		tb.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		tb.Fatal(err)
	}
	return face
}

func TestCameraRoundTripsAndZoomsAboutPointer(t *testing.T) {
	cam := Camera{X: 10, Y: -5, Zoom: 2}
	for _, p := range [][2]float64{{0, 0}, {800, 500}, {1599, 999}, {37.5, 812.25}} {
		wx, wy := cam.ToWorld(p[0], p[1], 1600, 1000)
		sx, sy := cam.ToScreen(wx, wy, 1600, 1000)
		if math.Abs(sx-p[0]) > 1e-9 || math.Abs(sy-p[1]) > 1e-9 {
			t.Errorf("round trip of %v: got (%v, %v)", p, sx, sy)
		}
		z := cam.ZoomAbout(1.5, p[0], p[1], 1600, 1000)
		if z.Zoom != 3 {
			t.Errorf("zoom: got %v, want 3", z.Zoom)
		}
		wx2, wy2 := z.ToWorld(p[0], p[1], 1600, 1000)
		if math.Abs(wx2-wx) > 1e-9 || math.Abs(wy2-wy) > 1e-9 {
			t.Errorf("zoom about %v moved the world point under it: (%v, %v) → (%v, %v)", p, wx, wy, wx2, wy2)
		}
	}
	if z := cam.ZoomAbout(1e9, 0, 0, 10, 10); z.Zoom != MaxZoom {
		t.Errorf("zoom clamps: got %v, want %v", z.Zoom, MaxZoom)
	}
}

func TestFitFramesEveryVisibleNode(t *testing.T) {
	tests := []struct {
		name  string
		nodes []Node
	}{
		{"none", nil},
		{"one", []Node{{X: 5, Y: 5}}},
		{"same spot", []Node{{X: 1, Y: 1}, {X: 1, Y: 1}}},
		{"row", []Node{{X: 0, Y: 0}, {X: 100, Y: 0}}},
		{"spread", []Node{{X: -300, Y: 20}, {X: 250, Y: -80}, {X: 0, Y: 400}, {X: 1e4, Y: 1e4, Flags: Hidden}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cam := Fit(tt.nodes, 800, 600, 20)
			if math.IsNaN(cam.Zoom) || math.IsInf(cam.Zoom, 0) || cam.Zoom <= 0 {
				t.Fatalf("zoom %v", cam.Zoom)
			}
			for _, n := range tt.nodes {
				if n.Flags&Hidden != 0 {
					continue
				}
				x, y := cam.ToScreen(n.X, n.Y, 800, 600)
				if x < 19.999 || x > 780.001 || y < 19.999 || y > 580.001 {
					t.Errorf("node at (%v, %v) drawn at (%v, %v), outside the padded view", n.X, n.Y, x, y)
				}
			}
		})
	}
}

func TestHitFindsNearestNodeUnderPointer(t *testing.T) {
	nodes := []Node{
		{X: 0, Y: 0, Radius: 6},
		{X: 30, Y: 0, Radius: 6},
		{X: 36, Y: 0, Radius: 6},
		{X: 100, Y: 100, Radius: 6, Flags: Hidden},
	}
	ix := NewIndex(nodes)
	cam := Camera{Zoom: 1}
	tests := []struct {
		px, py float64
		want   int
	}{
		{400, 300, 0},              // dead centre of node 0
		{405, 302, 0},              // inside its radius
		{400 + 31, 300, 1},         // nearer 1 than 2
		{400 + 35, 300, 2},         // nearer 2
		{400 + 15, 300, -1},        // between nodes
		{400 + 100, 300 + 100, -1}, // hidden nodes are not hit
	}
	for _, tt := range tests {
		if got := ix.Hit(cam, 800, 600, tt.px, tt.py, 2); got != tt.want {
			t.Errorf("Hit(%v, %v): got %d, want %d", tt.px, tt.py, got, tt.want)
		}
	}
	if got := NewIndex(nil).Hit(cam, 800, 600, 1, 1, 2); got != -1 {
		t.Errorf("empty index: got %d, want -1", got)
	}
}

func TestHitAgreesWithBruteForce(t *testing.T) {
	s := SyntheticScene(3000, 1, 7)
	ix := NewIndex(s.Nodes)
	cam := Fit(s.Nodes, 1600, 1000, 20)
	cam = cam.ZoomAbout(3, 700, 400, 1600, 1000)
	for py := 0.0; py < 1000; py += 37 {
		for px := 0.0; px < 1600; px += 41 {
			want, best := -1, math.Inf(1)
			for i, n := range s.Nodes {
				x, y := cam.ToScreen(n.X, n.Y, 1600, 1000)
				d := math.Hypot(x-px, y-py)
				if d <= drawnRadius(n.Radius, cam.Zoom)+2 && d < best {
					want, best = i, d
				}
			}
			if got := ix.Hit(cam, 1600, 1000, px, py, 2); got != want {
				t.Fatalf("Hit(%v, %v): got %d, want %d", px, py, got, want)
			}
		}
	}
}

func TestDrawPaintsNodesEdgesAndLabels(t *testing.T) {
	bg := color.NRGBA{0, 0, 0, 255}
	red := color.NRGBA{255, 0, 0, 255}
	s := &Scene{
		Background: bg, LabelColor: color.NRGBA{255, 255, 255, 255},
		SelectColor: color.NRGBA{255, 255, 0, 255}, HoverColor: color.NRGBA{255, 255, 255, 255},
		EdgeStyles: []EdgeStyle{{Color: color.NRGBA{0, 255, 0, 255}, Width: 1}},
		Nodes: []Node{
			{X: -100, Y: 0, Radius: 8, Shape: Circle, Fill: red, Label: "Alpha", Weight: 2},
			{X: 100, Y: 0, Radius: 8, Shape: Square, Fill: red, Label: "Beta", Weight: 1},
			{X: 0, Y: 100, Radius: 8, Shape: Square, Fill: red, Label: "Hidden", Flags: Hidden},
		},
		Edges: []Edge{{A: 0, B: 1}},
	}
	r := New(testFace(t))
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	r.Draw(img, s, Camera{Zoom: 1})
	at := func(x, y int) color.RGBA { return img.RGBAAt(x, y) }
	if c := at(100, 150); c.R != 255 || c.G != 0 {
		t.Errorf("centre of node 0: got %v, want red", c)
	}
	if c := at(200, 150); c.G < 200 || c.R > 60 {
		t.Errorf("middle of the edge: got %v, want green", c)
	}
	if c := at(200, 250); c != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("hidden node's place: got %v, want background", c)
	}
	if c := at(5, 5); c != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("corner: got %v, want background", c)
	}
	if got := r.PlacedLabels(); fmt.Sprint(got) != "[Alpha Beta]" {
		t.Errorf("labels: got %v, want [Alpha Beta]", got)
	}
	// A renamed node shows its new name in the next frame (the renderer
	// remembers each node's label sprite between frames), and a change of
	// weights reorders the labels.
	s.Nodes[1].Label, s.Nodes[1].Weight = "Gamma", 3
	r.Draw(img, s, Camera{Zoom: 1})
	if got := r.PlacedLabels(); fmt.Sprint(got) != "[Gamma Alpha]" {
		t.Errorf("labels after a rename: got %v, want [Gamma Alpha]", got)
	}
}

// TestFramesDoNotDependOnTheCores draws the same frames on one core and on
// several: the work is shared out differently each time (bands drawn
// before or after the labels are placed), and the pixels must not change.
func TestFramesDoNotDependOnTheCores(t *testing.T) {
	s := laidOutScene(t, 1000)
	s.Nodes[7].Flags |= Selected
	s.Nodes[30].Flags |= Hovered | Pinned
	r := New(testFace(t))
	w, h := 800, 700
	cam := Fit(s.Nodes, w, h, 20)
	prev := runtime.GOMAXPROCS(1)
	want := image.NewRGBA(image.Rect(0, 0, w, h))
	r.Draw(want, s, cam)
	runtime.GOMAXPROCS(max(prev, 4))
	defer runtime.GOMAXPROCS(prev)
	if r.LabelsPlaced() < 20 {
		t.Fatalf("only %d labels: the frame does not test their drawing", r.LabelsPlaced())
	}
	for i := range 20 {
		if i == 10 {
			// From here on the labels are placed late: the bands are drawn
			// first and their labels wait for the placing.
			testHookPlacing = func() { time.Sleep(5 * time.Millisecond) }
			defer func() { testHookPlacing = nil }()
		}
		got := image.NewRGBA(want.Rect)
		r.Draw(got, s, cam)
		if !slices.Equal(got.Pix, want.Pix) {
			t.Fatalf("frame %d on several cores differs from the frame on one", i)
		}
	}
}

func TestLabelsNeverOverlap(t *testing.T) {
	s := SyntheticScene(2000, 2, 3)
	r := New(testFace(t))
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1000))
	cam := Fit(s.Nodes, 1600, 1000, 20)
	for _, zoom := range []float64{1, 2, 6} {
		r.Draw(img, s, cam.ZoomAbout(zoom, 800, 500, 1600, 1000))
		n := r.LabelsPlaced()
		if n == 0 {
			t.Fatalf("zoom %v: no labels placed", zoom)
		}
		for i := 0; i < n; i++ {
			a := r.placed[i]
			ra := image.Rect(a.x, a.y, a.x+a.sprite.w, a.y+a.sprite.h)
			for j := i + 1; j < n; j++ {
				b := r.placed[j]
				if rb := image.Rect(b.x, b.y, b.x+b.sprite.w, b.y+b.sprite.h); ra.Overlaps(rb) {
					t.Fatalf("zoom %v: labels %q and %q overlap", zoom, a.sprite.textString, b.sprite.textString)
				}
			}
		}
	}
}

func TestSelectedLabelWinsOverHeavierOnes(t *testing.T) {
	s := SyntheticScene(500, 1, 11)
	for i := range s.Nodes {
		s.Nodes[i].X, s.Nodes[i].Y = 0, float64(i)*0.01 // all on top of each other
	}
	s.Nodes[42].Flags |= Selected
	r := New(testFace(t))
	img := image.NewRGBA(image.Rect(0, 0, 800, 600))
	r.Draw(img, s, Camera{Zoom: 1})
	// Every node sits on one spot: there is room for a label on each side of
	// it, and the selected node's must take the first.
	got := r.PlacedLabels()
	if len(got) == 0 || len(got) > 2 || got[0] != s.Nodes[42].Label {
		t.Errorf("got labels %v, want the selected %q first and at most one more", got, s.Nodes[42].Label)
	}
}

// laidOutScene is a map as the app shows it: a planted-communities graph of n
// nodes with about three edges each (the kind of graph the layout is judged
// on), laid out by our force layout, nodes sized by degree as the map sizes them.
func laidOutScene(tb testing.TB, n int) *Scene {
	tb.Helper()
	g := layout.GenerateCommunities(n, max(2, n/50), 5, 1, 1)
	f := layout.NewForce(g, nil, layout.ForceOptions{Seed: 1})
	f.Step(300)
	s := SyntheticScene(n, 0, 1) // palette, styles, labels
	for i, p := range f.Positions() {
		deg := float64(len(g.Neighbors(i)))
		s.Nodes[i].X, s.Nodes[i].Y = p.X, p.Y
		s.Nodes[i].Radius = math.Min(16, 4+1.6*math.Sqrt(deg))
		s.Nodes[i].Weight = deg
	}
	s.Edges = s.Edges[:0]
	for k := 0; k < g.EdgeCount(); k++ {
		a, c := g.Edge(k)
		s.Edges = append(s.Edges, Edge{A: int32(a), B: int32(c), Style: uint8(k % len(s.EdgeStyles))})
	}
	return s
}

// BenchmarkFrame times one whole map frame — edges, nodes and labels at
// 1600×1000 pixels — through Draw, the path the widget uses, with the caches
// warm as they are in a running map.
func BenchmarkFrame(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			s := laidOutScene(b, n)
			r := New(testFace(b))
			img := image.NewRGBA(image.Rect(0, 0, 1600, 1000))
			cam := Fit(s.Nodes, 1600, 1000, 20)
			r.Draw(img, s, cam)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				r.Draw(img, s, cam)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
			b.ReportMetric(float64(len(s.Nodes)), "nodes")
			b.ReportMetric(float64(len(s.Edges)), "edges")
			b.ReportMetric(float64(r.LabelsPlaced()), "labels")
		})
	}
}

func BenchmarkHit(b *testing.B) {
	s := SyntheticScene(10000, 3, 1)
	ix := NewIndex(s.Nodes)
	cam := Fit(s.Nodes, 1600, 1000, 20)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		ix.Hit(cam, 1600, 1000, float64(i*37%1600), float64(i*53%1000), 2)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/float64(b.N), "us/hit")
	b.ReportMetric(float64(len(s.Nodes)), "nodes")
}
