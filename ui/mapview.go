package ui

import (
	"image"
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"govscape/app"
	"govscape/model"
	"govscape/ui/layout"
	"govscape/ui/render"
)

// mapView is the landscape map: one widget that draws every node and edge
// itself into a raster (Fyne would otherwise make each an object and draw
// them all, visible or not), hit-tests through a spatial index, and runs the
// force layout on its own goroutine.
type mapView struct {
	widget.BaseWidget
	x *app.Explorer

	ren    *render.Renderer
	raster *canvas.Raster
	img    *image.RGBA
	scene  render.Scene
	index  *render.Index
	runner *layoutRunner

	ids    []string       // node → entity id
	nodeOf map[string]int // entity id → node
	adj    [][]int        // node → neighbouring nodes
	graph  *layout.Graph
	gen    int // bumped on every rebuild; stale layout results are dropped

	known  map[string]layout.Point // last position of every entity ever shown
	pinned map[string]bool

	cam    render.Camera
	follow bool // the camera frames everything until the user moves it
	// Covered is the size of what lies over the map's lower left corner
	// (the legend), which framing keeps clear of.
	Covered   fyne.Size
	pxPerUnit float32 // raster pixels per Fyne unit, from the last frame
	faceScale float32 // the scale the label face was made for
	hover     int
	drag      dragState
	anim      *fyne.Animation // moving nodes between layouts
	camAnim   *fyne.Animation // gliding the camera to a selection
	tapping   bool            // a selection is being made on the map itself
	focused   bool            // keys go to the map: draw the focus ring
	spotlight map[string]bool // entities lit by another view (an event's); nil for none
	plane     *layout.Plane   // the stance plane's grid, when that layout is on

	// OnFrame, when set, hears of every frame drawn: tests use it.
	OnFrame func()
	// OnAddNote, when set, starts a note about an entity (the node menu's "Add note…").
	OnAddNote func(id string)
}

type dragState struct {
	active bool
	node   int // the node being dragged, or -1 for a pan
	moved  bool
}

var (
	_ fyne.Widget            = (*mapView)(nil)
	_ fyne.Tappable          = (*mapView)(nil)
	_ fyne.Draggable         = (*mapView)(nil)
	_ fyne.Scrollable        = (*mapView)(nil)
	_ fyne.Focusable         = (*mapView)(nil)
	_ fyne.SecondaryTappable = (*mapView)(nil)
)

// newMapView makes the map of x. With background set the force layout runs
// on its own goroutine and animates; without it each rebuild lays the graph
// out to rest before returning, which tests use to stay on one goroutine.
func newMapView(x *app.Explorer, background bool) *mapView {
	m := &mapView{x: x, known: map[string]layout.Point{}, pinned: map[string]bool{}, hover: -1, pxPerUnit: 1, follow: true}
	m.ren = render.New(nil) // the face comes with the first frame, when the pixel scale is known
	m.raster = canvas.NewRaster(m.draw)
	if background {
		m.runner = newLayoutRunner(m.positionsArrived)
	}
	m.ExtendBaseWidget(m)
	x.OnChange(func(c app.Change) {
		switch c {
		case app.ChangedVisible, app.ChangedMap:
			m.rebuild()
		case app.ChangedSelection:
			if x.FocusDepth() > 0 {
				m.rebuild()
			} else {
				m.restyle()
			}
			m.centreOnSelection()
		case app.ChangedAxis:
		}
	})
	m.rebuild()
	return m
}

// labelFace is the theme's text font at the size map labels use, for a
// screen of scale raster pixels per Fyne unit.
func labelFace(scale float32) font.Face {
	f, err := opentype.Parse(theme.DefaultTextFont().Content())
	if err != nil {
		fyne.LogError("map labels", err)
		return nil // no labels rather than no map
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 72 * float64(scale), Hinting: font.HintingFull})
	if err != nil {
		fyne.LogError("map labels", err)
		return nil
	}
	return face
}

// CreateRenderer draws the raster; everything else the map shows is in it.
func (m *mapView) CreateRenderer() fyne.WidgetRenderer {
	return &mapRenderer{m: m}
}

type mapRenderer struct{ m *mapView }

func (r *mapRenderer) Layout(s fyne.Size)           { r.m.raster.Resize(s) }
func (r *mapRenderer) MinSize() fyne.Size           { return fyne.NewSize(200, 200) }
func (r *mapRenderer) Refresh()                     { r.m.raster.Refresh() }
func (r *mapRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.m.raster} }
func (r *mapRenderer) Destroy() {
	if r.m.runner != nil {
		r.m.runner.stop()
	}
}

// draw renders one frame at the raster's pixel size; Fyne calls it on its own
// goroutine when the raster is refreshed.
func (m *mapView) draw(w, h int) image.Image {
	if m.img == nil || m.img.Rect.Dx() != w || m.img.Rect.Dy() != h {
		m.img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	if sz := m.Size(); sz.Width > 0 {
		if scale := float32(w) / sz.Width; scale != m.faceScale {
			m.faceScale = scale
			m.ren.SetFace(labelFace(scale))
		}
		m.pxPerUnit = float32(w) / sz.Width
	}
	if m.follow && len(m.scene.Nodes) > 0 {
		pad := float64(30 * m.pxPerUnit)
		// Labels go right of nodes: leave them room on that side.
		frame := m.scene.Nodes
		right := pad + float64(60*m.pxPerUnit)
		if m.plane != nil {
			// Frame the whole plane with its captions, not only the nodes:
			// those on the right are as wide as their text, whatever the zoom.
			b, cell := m.plane.Bounds, (m.plane.Grid.Max.X-m.plane.Grid.Min.X)/5
			frame = []render.Node{{X: b.Min.X - cell*0.6, Y: b.Min.Y - cell*0.8}, {X: b.Max.X + cell*0.3, Y: b.Max.Y}}
			right = pad
			for _, c := range m.scene.Captions {
				if c.Left {
					right = max(right, pad/2+float64(m.ren.CaptionWidth(c.Text)))
				}
			}
		}
		m.cam = m.fitBeside(frame, w, h, pad, right)
	}
	m.applyTheme()
	m.ren.Draw(m.img, &m.scene, m.cam)
	if m.focused {
		ring := nrgba(m.Theme().Color(theme.ColorNameFocus, fyne.CurrentApp().Settings().ThemeVariant()))
		ring.A = 0xFF
		render.Border(m.img, max(2, int(2*m.pxPerUnit)), ring)
	}
	if m.OnFrame != nil {
		m.OnFrame()
	}
	return m.img
}

func (m *mapView) applyTheme() {
	th := m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	m.scene.Background = nrgba(th.Color(theme.ColorNameBackground, v))
	m.scene.LabelColor = nrgba(th.Color(theme.ColorNameForeground, v))
	m.scene.SelectColor = nrgba(th.Color(theme.ColorNamePrimary, v))
	m.scene.HoverColor = nrgba(th.Color(theme.ColorNameForeground, v))
	m.scene.HoverColor.A = 0xA0
}

// rebuild makes the scene anew from the explorer: the nodes the filter and
// focus allow, the relations active in the filter's year, and a layout
// started from where each entity last was.
func (m *mapView) rebuild() {
	m.gen++
	l := m.x.Landscape
	ents := m.x.MapEntities()
	focus := m.x.Focused()
	m.ids = m.ids[:0]
	m.nodeOf = make(map[string]int, len(ents))
	for _, e := range ents {
		if focus != nil {
			if _, in := focus[e.ID]; !in {
				continue
			}
		}
		m.nodeOf[e.ID] = len(m.ids)
		m.ids = append(m.ids, e.ID)
	}
	year := m.x.Year()
	var edges [][2]int
	m.scene.Edges = m.scene.Edges[:0]
	m.adj = make([][]int, len(m.ids))
	for i := range l.Relations {
		r := &l.Relations[i]
		a, okA := m.nodeOf[r.From]
		b, okB := m.nodeOf[r.To]
		if !okA || !okB || (year != 0 && !r.ActiveIn(year)) {
			continue
		}
		edges = append(edges, [2]int{a, b})
		m.scene.Edges = append(m.scene.Edges, render.Edge{A: int32(a), B: int32(b), Style: edgeGroupOf[r.Role]})
		m.adj[a] = append(m.adj[a], b)
		m.adj[b] = append(m.adj[b], a)
	}
	m.scene.EdgeStyles = edgeStyles()
	g, err := layout.NewGraph(len(m.ids), edges)
	if err != nil {
		fyne.LogError("map graph", err) // indexes come from nodeOf: cannot happen
		return
	}
	m.graph = g

	old := m.currentPositions()
	m.scene.Nodes = make([]render.Node, len(m.ids))
	init := make([]layout.Point, len(m.ids))
	pinned := make([]bool, len(m.ids))
	for i, id := range m.ids {
		e, _ := l.Entity(id)
		m.scene.Nodes[i] = render.Node{
			Radius: nodeRadius(len(m.adj[i]), e.Kind == "forum"),
			Shape:  styleOf(e.Kind).shape,
			Label:  e.Label(),
			Weight: float64(len(m.adj[i])),
		}
		init[i] = m.startPosition(i, old)
		pinned[i] = m.pinned[id]
	}
	m.hover = -1
	m.drag = dragState{}

	if m.x.Layout() == app.LayoutStance {
		if m.runner != nil {
			m.runner.pause()
		}
		target := m.stancePositions()
		m.restyle()
		m.animateTo(init, target)
		return
	}
	m.plane = nil
	m.scene.Guides, m.scene.Captions = nil, nil
	m.restyle()
	m.setPositions(init)
	if m.runner != nil {
		m.runner.reset(m.gen, g, init, pinned)
		return
	}
	f := layout.NewForce(g, init, mapForce)
	for i, p := range pinned {
		if p {
			f.Pin(i, init[i])
		}
	}
	for s := 0; s < maxSteps && !f.Settled(); s++ {
		f.Step(1)
	}
	m.setPositions(f.Positions())
}

// currentPositions returns where each entity of the outgoing scene is drawn now.
func (m *mapView) currentPositions() map[string]layout.Point {
	out := make(map[string]layout.Point, len(m.scene.Nodes))
	for i := range m.scene.Nodes {
		if i < len(m.ids) {
			n := &m.scene.Nodes[i]
			out[m.ids[i]] = layout.Point{X: n.X, Y: n.Y}
		}
	}
	return out
}

// startPosition is where node i starts: where it was, else where it was last
// shown, else beside a neighbour that has a place, else left to the layout.
func (m *mapView) startPosition(i int, old map[string]layout.Point) layout.Point {
	id := m.ids[i]
	if p, ok := old[id]; ok {
		return p
	}
	if p, ok := m.known[id]; ok {
		return p
	}
	for _, j := range m.adj[i] {
		nid := m.ids[j]
		p, ok := old[nid]
		if !ok {
			p, ok = m.known[nid]
		}
		if ok {
			// A small, deterministic offset so newcomers do not stack.
			a := float64(i) * 2.399963
			return layout.Point{X: p.X + 20*math.Cos(a), Y: p.Y + 20*math.Sin(a)}
		}
	}
	return layout.Point{X: math.NaN(), Y: math.NaN()}
}

// positionsArrived takes a layout step's positions from the runner.
func (m *mapView) positionsArrived(gen int, pts []layout.Point, settled bool) {
	if gen != m.gen || len(pts) != len(m.scene.Nodes) || m.x.Layout() != app.LayoutForce {
		return // a rebuild or a layout switch came since: stale
	}
	if m.drag.active && m.drag.node >= 0 {
		// The dragged node follows the pointer, not the layout.
		pts[m.drag.node] = layout.Point{X: m.scene.Nodes[m.drag.node].X, Y: m.scene.Nodes[m.drag.node].Y}
	}
	m.setPositions(pts)
	m.Refresh()
}

// setPositions moves the scene's nodes and re-indexes them for hit tests.
func (m *mapView) setPositions(pts []layout.Point) {
	for i := range m.scene.Nodes {
		p := pts[i]
		if math.IsNaN(p.X) || math.IsNaN(p.Y) {
			continue
		}
		m.scene.Nodes[i].X, m.scene.Nodes[i].Y = p.X, p.Y
		m.known[m.ids[i]] = p
	}
	m.index = render.NewIndex(m.scene.Nodes)
}

// animateTo moves the nodes from one set of positions to another over a
// moment, so a change of layout or filter reads as motion, not a jump.
func (m *mapView) animateTo(from, to []layout.Point) {
	if m.anim != nil {
		m.anim.Stop()
	}
	for i := range from {
		if math.IsNaN(from[i].X) || math.IsNaN(from[i].Y) {
			from[i] = to[i]
		}
	}
	m.setPositions(from)
	m.follow = true
	var buf []layout.Point
	m.anim = fyne.NewAnimation(350*time.Millisecond, func(t float32) {
		buf = layout.Interpolate(buf, from, to, float64(t)) // eases by itself
		m.setPositions(buf)
		m.Refresh()
	})
	m.anim.Curve = fyne.AnimationLinear
	m.anim.Start()
}

// stancePositions places every node on the stance plane at the filter's year.
func (m *mapView) stancePositions() []layout.Point {
	across, down := m.x.StanceAxes()
	at := m.x.At()
	st := make([]layout.Stance, len(m.ids))
	for i, id := range m.ids {
		if p, ok := m.x.Landscape.LatestPosition(id, across, at); ok {
			st[i].X, st[i].HasX = p.Score, true
		}
		if p, ok := m.x.Landscape.LatestPosition(id, down, at); ok {
			st[i].Y, st[i].HasY = p.Score, true
		}
	}
	ax, _ := m.x.Landscape.Axis(across)
	ay, _ := m.x.Landscape.Axis(down)
	plane, err := layout.StancePlane(st, layout.StanceOptions{XLabel: ax.Name, YLabel: ay.Name})
	if err != nil {
		// Scores were validated on load, so this is a programming error; show
		// the nodes where they are rather than nowhere.
		fyne.LogError("stance plane", err)
		return m.positions()
	}
	m.plane = &plane
	m.applyTheme()
	m.scene.Guides, m.scene.Captions = planeGuides(&plane, ax, ay, m.scene.LabelColor)
	return plane.Positions
}

// restyle sets colours and flags from the explorer's state without moving anything.
func (m *mapView) restyle() {
	l := m.x.Landscape
	colourAxis := m.x.ColourBy()
	at := m.x.At()
	sel := -1
	if e, ok := m.x.Selected(); ok {
		if i, in := m.nodeOf[e.ID]; in {
			sel = i
		}
	}
	searching := m.x.Searching() || m.spotlight != nil
	for i, id := range m.ids {
		n := &m.scene.Nodes[i]
		e, _ := l.Entity(id)
		if colourAxis == "" {
			n.Fill = styleOf(e.Kind).colour
		} else if p, ok := l.LatestPosition(id, colourAxis, at); ok {
			n.Fill = scoreColour(p.Score)
		} else {
			n.Fill = noScore
		}
		n.Flags = 0
		if searching {
			if m.spotlight != nil && m.spotlight[id] || m.spotlight == nil && m.x.Matches(id) {
				n.Flags |= render.Highlighted
			} else {
				n.Flags |= render.Dimmed
			}
		}
		if m.pinned[id] {
			n.Flags |= render.Pinned
		}
	}
	lit := func(i int) {
		for _, j := range m.adj[i] {
			m.scene.Nodes[j].Flags = m.scene.Nodes[j].Flags&^render.Dimmed | render.Highlighted
		}
	}
	if sel >= 0 {
		m.scene.Nodes[sel].Flags |= render.Selected
		lit(sel)
	}
	if m.hover >= 0 && m.hover < len(m.scene.Nodes) {
		m.scene.Nodes[m.hover].Flags |= render.Hovered
		lit(m.hover)
	}
	for k := range m.scene.Edges {
		e := &m.scene.Edges[k]
		e.Flags = 0
		a, b := int(e.A), int(e.B)
		switch {
		case a == sel || b == sel || a == m.hover || b == m.hover:
			e.Flags = render.Highlighted
		case searching && (m.scene.Nodes[a].Flags&render.Dimmed != 0 || m.scene.Nodes[b].Flags&render.Dimmed != 0):
			e.Flags = render.Dimmed
		case m.plane != nil:
			// On the stance plane position means score, not ties: only the
			// selection's and the hover's relations are drawn.
			e.Flags = render.Hidden
		}
	}
	m.Refresh()
}

// centreOnSelection glides the camera to the selected entity when it is off
// screen or near the edge, so choosing it in the table shows it on the map.
func (m *mapView) centreOnSelection() {
	e, ok := m.x.Selected()
	if !ok {
		return
	}
	i, ok := m.nodeOf[e.ID]
	if !ok {
		return
	}
	m.follow = false
	if m.tapping {
		return // chosen on the map itself: it is already where the user looks
	}
	n := m.scene.Nodes[i]
	from := m.cam
	to := m.cam
	to.X, to.Y = n.X, n.Y
	if m.camAnim != nil {
		m.camAnim.Stop()
	}
	m.camAnim = fyne.NewAnimation(300*time.Millisecond, func(t float32) {
		f := float64(t)
		m.cam.X = from.X + (to.X-from.X)*f
		m.cam.Y = from.Y + (to.Y-from.Y)*f
		m.Refresh()
	})
	m.camAnim.Curve = fyne.AnimationEaseInOut
	m.camAnim.Start()
}

// Fit frames every node, and keeps doing so while the layout moves them,
// until the user pans or zooms.
func (m *mapView) Fit() {
	m.follow = true
	m.Refresh()
}

// fitBeside frames the nodes with the given margins, keeping clear of the
// legend in the lower left corner (Covered, in Fyne units): beside it or
// above it, whichever leaves the picture larger.
func (m *mapView) fitBeside(nodes []render.Node, w, h int, pad, right float64) render.Camera {
	cw, ch := float64(m.Covered.Width*m.pxPerUnit), float64(m.Covered.Height*m.pxPerUnit)
	above := render.FitInside(nodes, w, h, pad, pad, right, max(pad, ch+pad/2))
	if cw <= 0 || ch <= 0 {
		return above
	}
	beside := render.FitInside(nodes, w, h, max(pad, cw+pad/2), pad, right, pad)
	if beside.Zoom > above.Zoom {
		return beside
	}
	return above
}

// size in raster pixels.
func (m *mapView) pixelSize() (int, int) {
	s := m.Size()
	return int(s.Width * m.pxPerUnit), int(s.Height * m.pxPerUnit)
}

// nodeAt returns the node under a point given in Fyne units, or -1.
func (m *mapView) nodeAt(p fyne.Position) int {
	if m.index == nil {
		return -1
	}
	w, h := m.pixelSize()
	return m.index.Hit(m.cam, w, h, float64(p.X*m.pxPerUnit), float64(p.Y*m.pxPerUnit), 3*float64(m.pxPerUnit))
}

func (m *mapView) entityOf(i int) *model.Entity {
	e, _ := m.x.Landscape.Entity(m.ids[i])
	return e
}

func nrgba(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// Spotlight lights up the given entities and fades the rest — an event's
// participants chosen on the timeline; no ids clears it.
func (m *mapView) Spotlight(ids []string) {
	m.spotlight = nil
	if len(ids) > 0 {
		m.spotlight = map[string]bool{}
		for _, id := range ids {
			m.spotlight[id] = true
		}
	}
	m.restyle()
}
