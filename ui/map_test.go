package ui

import (
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"govscape/app"
	"govscape/ui/layout"
	"govscape/ui/render"
)

// newTestMap opens the main window on the test landscape and draws one map
// frame, so the camera is framed and hit tests work.
func newTestMap(t *testing.T) (*mapView, *app.Explorer, *Main) {
	t.Helper()
	m, x, _ := newTestMain(t)
	v := m.mapTab.view
	frame(v)
	return v, x, m
}

func frame(v *mapView) {
	s := v.Size()
	v.draw(int(s.Width), int(s.Height))
}

// screenPos is where node id is drawn, in Fyne units.
func screenPos(t *testing.T, v *mapView, id string) fyne.Position {
	t.Helper()
	i, ok := v.nodeOf[id]
	if !ok {
		t.Fatalf("%s is not on the map", id)
	}
	w, h := v.pixelSize()
	n := v.scene.Nodes[i]
	x, y := v.cam.ToScreen(n.X, n.Y, w, h)
	return fyne.NewPos(float32(x)/v.pxPerUnit, float32(y)/v.pxPerUnit)
}

// emptySpot finds a point of the map with no node under it.
func emptySpot(t *testing.T, v *mapView) fyne.Position {
	t.Helper()
	s := v.Size()
	for y := float32(5); y < s.Height; y += 17 {
		for x := float32(5); x < s.Width; x += 23 {
			if p := fyne.NewPos(x, y); v.nodeAt(p) < 0 {
				return p
			}
		}
	}
	t.Fatal("no empty spot on the map")
	return fyne.Position{}
}

func TestMapShowsFilteredEntitiesAndActiveRelations(t *testing.T) {
	v, x, _ := newTestMap(t)
	if got := len(v.ids); got != 8 {
		t.Fatalf("got %d nodes, want all 8 entities", got)
	}
	if got := len(v.scene.Edges); got != 9 {
		t.Errorf("got %d edges, want all 9 relations", got)
	}
	x.SetYear(2010) // WIC (2014) not yet founded; Brazil's 2015 hosting not yet begun
	if _, ok := v.nodeOf["wic"]; ok {
		t.Error("WIC is on the map in 2010")
	}
	// Active in 2010 between entities present then: usa–igf, china–igf,
	// china–itu, usa–itu, huawei–itu; Brazil's hosting of the IGF is 2015.
	if got := len(v.scene.Edges); got != 5 {
		t.Errorf("got %d edges in 2010, want 5", got)
	}
}

func TestMapTapSelects(t *testing.T) {
	v, x, _ := newTestMap(t)
	v.Tapped(&fyne.PointEvent{Position: screenPos(t, v, "igf")})
	if sel, _ := x.Selected(); sel == nil || sel.ID != "igf" {
		t.Fatalf("got selection %v, want igf", sel)
	}
	if v.scene.Nodes[v.nodeOf["igf"]].Flags&render.Selected == 0 {
		t.Error("the selected node is not drawn as selected")
	}
	// Its neighbours light up.
	for _, id := range []string{"usa", "china", "brazil"} {
		if v.scene.Nodes[v.nodeOf[id]].Flags&render.Highlighted == 0 {
			t.Errorf("neighbour %s is not highlighted", id)
		}
	}
	// Tapping the background keeps the selection.
	v.Tapped(&fyne.PointEvent{Position: emptySpot(t, v)})
	if sel, _ := x.Selected(); sel == nil || sel.ID != "igf" {
		t.Errorf("after a background tap: got selection %v, want igf", sel)
	}
}

func TestMapBackgroundDragPans(t *testing.T) {
	v, _, _ := newTestMap(t)
	before := v.cam
	p := emptySpot(t, v)
	for _, d := range []fyne.Delta{{DX: 20, DY: 5}, {DX: 30, DY: -15}} {
		p = p.Add(d)
		v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: d})
	}
	v.DragEnd()
	k := float64(v.pxPerUnit) // Fyne units to raster pixels
	wantX := before.X - 50*k/before.Zoom
	wantY := before.Y + 10*k/before.Zoom
	if math.Abs(v.cam.X-wantX) > 1e-5 || math.Abs(v.cam.Y-wantY) > 1e-5 {
		t.Errorf("camera: got (%v, %v), want (%v, %v)", v.cam.X, v.cam.Y, wantX, wantY)
	}
	if v.cam.Zoom != before.Zoom {
		t.Errorf("panning changed the zoom: %v → %v", before.Zoom, v.cam.Zoom)
	}
	// A panned map stays where the user put it when the next frame is drawn.
	frame(v)
	if math.Abs(v.cam.X-wantX) > 1e-5 {
		t.Error("the next frame re-fitted the camera over the user's pan")
	}
}

func TestMapNodeDragMovesAndPins(t *testing.T) {
	v, x, _ := newTestMap(t)
	i := v.nodeOf["rsf"]
	start := v.scene.Nodes[i]
	p := screenPos(t, v, "rsf")
	d := fyne.Delta{DX: 40, DY: 25}
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p.Add(d)}, Dragged: d})
	v.DragEnd()
	n := v.scene.Nodes[i]
	k := float64(v.pxPerUnit)
	wantX, wantY := start.X+40*k/v.cam.Zoom, start.Y+25*k/v.cam.Zoom
	if math.Abs(n.X-wantX) > 1e-5 || math.Abs(n.Y-wantY) > 1e-5 {
		t.Fatalf("node moved to (%v, %v), want (%v, %v)", n.X, n.Y, wantX, wantY)
	}
	if !v.pinned["rsf"] || n.Flags&render.Pinned == 0 {
		t.Fatal("a dragged node should be pinned and drawn with a pin mark")
	}
	// The layout holds a pinned node when it runs again.
	x.SetQuery("a") // any change that rebuilds the map
	if got := v.scene.Nodes[v.nodeOf["rsf"]]; got.X != n.X || got.Y != n.Y {
		t.Errorf("after a relayout the pinned node is at (%v, %v), want (%v, %v)", got.X, got.Y, n.X, n.Y)
	}
	// The hit index follows the move.
	if got := v.nodeAt(screenPos(t, v, "rsf")); got != v.nodeOf["rsf"] {
		t.Errorf("hit test at the node's new place: got %d, want %d", got, v.nodeOf["rsf"])
	}
	v.setPinned("rsf", false)
	if v.pinned["rsf"] || v.scene.Nodes[v.nodeOf["rsf"]].Flags&render.Pinned != 0 {
		t.Error("unpin left the node pinned")
	}
}

func TestMapScrollZoomsAboutPointer(t *testing.T) {
	v, _, _ := newTestMap(t)
	at := fyne.NewPos(300, 200)
	w, h := v.pixelSize()
	k := float64(v.pxPerUnit)
	wx, wy := v.cam.ToWorld(float64(at.X)*k, float64(at.Y)*k, w, h)
	z := v.cam.Zoom
	v.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.Delta{DY: 100}})
	if v.cam.Zoom <= z {
		t.Fatalf("scrolling up did not zoom in: %v → %v", z, v.cam.Zoom)
	}
	gx, gy := v.cam.ToWorld(float64(at.X)*k, float64(at.Y)*k, w, h)
	if math.Abs(gx-wx) > 1e-5 || math.Abs(gy-wy) > 1e-5 {
		t.Errorf("the point under the pointer moved: (%v, %v) → (%v, %v)", wx, wy, gx, gy)
	}
	v.TypedRune('-')
	if v.cam.Zoom >= z*math.Exp(0.4) {
		t.Errorf("− did not zoom out: %v", v.cam.Zoom)
	}
	v.TypedRune('f')
	frame(v)
	if !v.follow {
		t.Error("F should fit the map again")
	}
}

func TestMapArrowKeysWalkNeighbours(t *testing.T) {
	v, x, _ := newTestMap(t)
	// Lay the nodes out by hand so directions are unambiguous.
	place := map[string]layout.Point{
		"china": {X: 0, Y: 0}, "wic": {X: 100, Y: 0}, "igf": {X: 0, Y: -100}, "itu": {X: -100, Y: 10},
		"rsf": {X: 200, Y: 0}, "huawei": {X: 100, Y: 100}, "usa": {X: -100, Y: -100}, "brazil": {X: 0, Y: -200},
	}
	pts := make([]layout.Point, len(v.ids))
	for i, id := range v.ids {
		pts[i] = place[id]
	}
	v.setPositions(pts)
	x.Select("china")
	steps := []struct {
		key  fyne.KeyName
		want string
	}{
		{fyne.KeyRight, "wic"},
		{fyne.KeyRight, "rsf"},
		{fyne.KeyRight, "rsf"}, // nothing further right: stays
		{fyne.KeyLeft, "wic"},
		{fyne.KeyDown, "huawei"},
		{fyne.KeyLeft, "itu"},
		{fyne.KeyUp, "usa"},
	}
	for _, s := range steps {
		v.TypedKey(&fyne.KeyEvent{Name: s.key})
		if sel, _ := x.Selected(); sel == nil || sel.ID != s.want {
			t.Fatalf("after %s: got %v, want %s", s.key, sel, s.want)
		}
	}
}

func TestMapFocusHidesTheRest(t *testing.T) {
	v, x, m := newTestMap(t)
	x.Select("rsf")
	x.SetFocusDepth(1)
	if got := sortedIDs(v); got != "rsf wic" {
		t.Errorf("focus 1 on RSF: got %q, want %q", got, "rsf wic")
	}
	x.SetFocusDepth(2)
	if got := sortedIDs(v); got != "china huawei rsf wic" {
		t.Errorf("focus 2 on RSF: got %q", got)
	}
	if m.mapTab.focus.Selected != "2 steps" {
		t.Errorf("focus control shows %q, want 2 steps", m.mapTab.focus.Selected)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if got := len(v.ids); got != 8 || x.FocusDepth() != 0 {
		t.Errorf("Escape should leave focus: got %d nodes, depth %d", got, x.FocusDepth())
	}
}

func sortedIDs(v *mapView) string {
	ids := append([]string(nil), v.ids...)
	sort.Strings(ids)
	return strings.Join(ids, " ")
}

func TestMapSearchFadesNonMatches(t *testing.T) {
	v, x, _ := newTestMap(t)
	x.SetQuery("huawei")
	if len(v.ids) != 8 {
		t.Fatalf("a search removed nodes from the map: %d left", len(v.ids))
	}
	for i, id := range v.ids {
		f := v.scene.Nodes[i].Flags
		switch {
		case id == "huawei" && f&render.Highlighted == 0:
			t.Error("the match is not highlighted")
		case id != "huawei" && f&render.Dimmed == 0:
			t.Errorf("%s does not match but is not faded", id)
		}
	}
}

func TestMapStancePlanePlacesByScore(t *testing.T) {
	v, x, m := newTestMap(t)
	x.SetStanceAxes("sovereignty", "governance")
	x.SetLayout(app.LayoutStance)
	if m.mapTab.layout.Selected != layoutStanceText || m.mapTab.across.Disabled() {
		t.Error("the layout control should show the stance plane with its axes enabled")
	}
	if v.plane == nil {
		t.Fatal("no stance plane")
	}
	v.anim.Stop()
	// China: sovereignty −2, governance −2; its cell is centred on (−2c, +2c).
	want := v.plane.Positions[v.nodeOf["china"]]
	cell := v.plane.Cells[0].Bounds // the top-left scored cell: x −2, y +2
	for _, c := range v.plane.Cells {
		if c.Region == layout.Scored && c.X == -2 && c.Y == -2 {
			cell = c.Bounds
		}
	}
	if !cell.Contains(want) {
		t.Errorf("China at %v, outside the (−2, −2) cell %v", want, cell)
	}
	// The animation ends exactly on the plane.
	v.setPositions(v.plane.Positions)
	if n := v.scene.Nodes[v.nodeOf["china"]]; n.X != want.X || n.Y != want.Y {
		t.Errorf("China drawn at (%v, %v), want %v", n.X, n.Y, want)
	}
	if len(v.scene.Captions) == 0 || !strings.Contains(v.scene.Captions[0].Text, "Cyber sovereignty vs. open internet") {
		t.Errorf("the plane's captions should name the x axis: %v", v.scene.Captions)
	}
}

func TestMapLegendListsWhatIsDrawn(t *testing.T) {
	_, x, m := newTestMap(t)
	legend := func() string {
		var parts []string
		for _, row := range m.mapTab.legend.Objects {
			walk(row, func(o fyne.CanvasObject) {
				if txt, ok := o.(*canvas.Text); ok {
					parts = append(parts, txt.Text)
				}
			})
		}
		return strings.Join(parts, "; ")
	}
	want := "forum; state; company; ngo; runs (host, founder, secretariat, chair, leads); takes part (member, participant, observer, signatory, affiliated); opposes (boycott, critic, non-signatory)"
	if got := legend(); got != want {
		t.Errorf("legend:\ngot  %s\nwant %s", got, want)
	}
	x.SetFacet("kind", []string{"state", "forum"})
	if got := legend(); strings.Contains(got, "company") || strings.Contains(got, "opposes") {
		t.Errorf("legend after filtering to states and forums still lists companies or opposition: %s", got)
	}
	x.SetColourBy("sovereignty")
	if got := legend(); !strings.Contains(got, "Colour: Cyber sovereignty vs. open internet") || !strings.Contains(got, "no position") {
		t.Errorf("legend when colouring by an axis: %s", got)
	}
}

func TestMapLevelOfDetailGolden(t *testing.T) {
	v, _, _ := newTestMap(t)
	v.x.Select("china")
	v.Fit()
	// A fixed size, so the golden does not change with the window around the map.
	v.Resize(fyne.NewSize(690, 505))
	frame(v)
	test.AssertImageMatches(t, "map_frame.png", v.img)
	// Zoomed far out, only the most important labels survive.
	v.cam.Zoom /= 8
	frame(v)
	if got := v.ren.PlacedLabels(); len(got) == 0 || got[0] != "China" {
		t.Errorf("zoomed out: got labels %v, want the selection's first", got)
	}
}

func TestLayoutRunnerPublishesWithoutRaces(t *testing.T) {
	type result struct {
		gen     int
		pts     []layout.Point
		settled bool
	}
	results := make(chan result, 1024)
	r := newLayoutRunner(func(gen int, pts []layout.Point, settled bool) {
		results <- result{gen, pts, settled}
	})
	defer r.stop()
	g := layout.GenerateCommunities(300, 4, 4, 1, 5)
	init := make([]layout.Point, g.Len())
	for i := range init {
		init[i] = layout.Point{X: math.NaN(), Y: math.NaN()}
	}
	init[0] = layout.Point{X: 7, Y: 9}
	pinned := make([]bool, g.Len())
	pinned[0] = true
	r.reset(1, g, init, pinned)
	r.pin(1, 1, layout.Point{X: -5, Y: -5}, true) // while it runs
	deadline := time.After(20 * time.Second)
	for {
		select {
		case res := <-results:
			if res.gen != 1 || len(res.pts) != g.Len() {
				t.Fatalf("got gen %d with %d points", res.gen, len(res.pts))
			}
			if res.pts[0] != (layout.Point{X: 7, Y: 9}) {
				t.Fatalf("pinned node moved to %v", res.pts[0])
			}
			if res.settled {
				if res.pts[1] != (layout.Point{X: -5, Y: -5}) {
					t.Errorf("node pinned while running ended at %v", res.pts[1])
				}
				return
			}
		case <-deadline:
			t.Fatal("the layout did not settle within 20 s")
		}
	}
}

func TestMapShowsKeyboardFocus(t *testing.T) {
	m, _, w := newTestMain(t)
	v := m.mapTab.view
	frame(v)
	corner := func() [4]uint8 {
		c := v.img.RGBAAt(0, v.img.Rect.Dy()/2)
		return [4]uint8{c.R, c.G, c.B, c.A}
	}
	before := corner()
	w.Canvas().Focus(v)
	frame(v)
	if corner() == before {
		t.Error("focusing the map drew no focus ring")
	}
	w.Canvas().Unfocus()
	frame(v)
	if corner() != before {
		t.Error("the focus ring stayed after the map lost focus")
	}
}
