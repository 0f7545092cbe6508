package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"govscape/ui/layout"
	"govscape/ui/render"
)

var (
	_ desktop.Hoverable = (*mapView)(nil)
	_ desktop.Mouseable = (*mapView)(nil)
)

// Tapped selects the node under the pointer, or clears the selection on the background.
func (m *mapView) Tapped(ev *fyne.PointEvent) {
	m.requestFocus()
	if i := m.nodeAt(ev.Position); i >= 0 {
		m.tapping = true
		m.x.Select(m.ids[i])
		m.tapping = false
	}
}

// TappedSecondary opens a node's menu: focus on it, pin or unpin it.
func (m *mapView) TappedSecondary(ev *fyne.PointEvent) {
	i := m.nodeAt(ev.Position)
	if i < 0 {
		return
	}
	id := m.ids[i]
	e := m.entityOf(i)
	items := []*fyne.MenuItem{
		fyne.NewMenuItem("Select "+e.Label(), func() { m.x.Select(id) }),
		fyne.NewMenuItem("Add to compare", func() { m.x.AddToCompare(id) }),
		fyne.NewMenuItem("Add note…", func() {
			if m.OnAddNote != nil {
				m.OnAddNote(id)
			}
		}),
		fyne.NewMenuItem("Focus on its neighbourhood", func() {
			m.x.Select(id)
			if m.x.FocusDepth() == 0 {
				m.x.SetFocusDepth(1)
			}
		}),
	}
	if m.pinned[id] {
		items = append(items, fyne.NewMenuItem("Unpin", func() { m.setPinned(id, false) }))
	} else {
		items = append(items, fyne.NewMenuItem("Pin here", func() { m.setPinned(id, true) }))
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(m)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, ev.AbsolutePosition)
}

// setPinned holds an entity where it is drawn, or lets the layout move it again.
func (m *mapView) setPinned(id string, pin bool) {
	if pin {
		m.pinned[id] = true
	} else {
		delete(m.pinned, id)
	}
	if i, ok := m.nodeOf[id]; ok && m.runner != nil {
		n := m.scene.Nodes[i]
		m.runner.pin(m.gen, i, layout.Point{X: n.X, Y: n.Y}, pin)
	}
	m.restyle()
}

// MouseDown remembers what a drag would start on.
func (m *mapView) MouseDown(ev *desktop.MouseEvent) {
	m.requestFocus()
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	m.drag = dragState{node: m.nodeAt(ev.Position)}
}

// MouseUp ends a press that did not become a drag.
func (m *mapView) MouseUp(*desktop.MouseEvent) {}

// Dragged pans the map, or moves and pins the node the drag started on.
func (m *mapView) Dragged(ev *fyne.DragEvent) {
	if !m.drag.active {
		start := fyne.NewPos(ev.Position.X-ev.Dragged.DX, ev.Position.Y-ev.Dragged.DY)
		m.drag = dragState{active: true, node: m.nodeAt(start)}
	}
	m.drag.moved = true
	dx := float64(ev.Dragged.DX*m.pxPerUnit) / m.cam.Zoom
	dy := float64(ev.Dragged.DY*m.pxPerUnit) / m.cam.Zoom
	if m.drag.node < 0 {
		m.follow = false
		m.cam.X -= dx
		m.cam.Y -= dy
		m.Refresh()
		return
	}
	n := &m.scene.Nodes[m.drag.node]
	n.X += dx
	n.Y += dy
	id := m.ids[m.drag.node]
	m.pinned[id] = true
	m.known[id] = layout.Point{X: n.X, Y: n.Y}
	if m.runner != nil {
		m.runner.pin(m.gen, m.drag.node, layout.Point{X: n.X, Y: n.Y}, true)
	}
	m.restyle()
}

// DragEnd finishes a pan or a node move; a moved node stays pinned.
func (m *mapView) DragEnd() {
	if m.drag.active && m.drag.node >= 0 {
		m.index = render.NewIndex(m.scene.Nodes) // the moved node is found where it now is
	}
	m.drag = dragState{}
}

// positions copies the scene's node positions.
func (m *mapView) positions() []layout.Point {
	out := make([]layout.Point, len(m.scene.Nodes))
	for i, n := range m.scene.Nodes {
		out[i] = layout.Point{X: n.X, Y: n.Y}
	}
	return out
}

// Scrolled zooms about the pointer: the point under it stays under it.
func (m *mapView) Scrolled(ev *fyne.ScrollEvent) {
	m.zoomAbout(math.Exp(float64(ev.Scrolled.DY)*0.004), ev.Position)
}

func (m *mapView) zoomAbout(factor float64, at fyne.Position) {
	w, h := m.pixelSize()
	m.follow = false
	m.cam = m.cam.ZoomAbout(factor, float64(at.X*m.pxPerUnit), float64(at.Y*m.pxPerUnit), w, h)
	m.Refresh()
}

// MouseIn starts hover tracking.
func (m *mapView) MouseIn(ev *desktop.MouseEvent) { m.MouseMoved(ev) }

// MouseMoved highlights the node under the pointer and its neighbours, and
// shows its label.
func (m *mapView) MouseMoved(ev *desktop.MouseEvent) {
	if m.drag.active {
		return
	}
	if i := m.nodeAt(ev.Position); i != m.hover {
		m.hover = i
		m.restyle()
	}
}

// MouseOut clears the hover.
func (m *mapView) MouseOut() {
	if m.hover >= 0 {
		m.hover = -1
		m.restyle()
	}
}

func (m *mapView) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil {
		c.Focus(m)
	}
}

// FocusGained is part of fyne.Focusable: the map takes keys once tabbed to or
// clicked, and shows it with a ring in the theme's focus colour.
func (m *mapView) FocusGained() {
	m.focused = true
	m.Refresh()
}

// FocusLost is part of fyne.Focusable.
func (m *mapView) FocusLost() {
	m.focused = false
	m.Refresh()
}

// TypedRune zooms with + and −, fits with F.
func (m *mapView) TypedRune(r rune) {
	centre := fyne.NewPos(m.Size().Width/2, m.Size().Height/2)
	switch r {
	case '+', '=':
		m.zoomAbout(1.25, centre)
	case '-', '_':
		m.zoomAbout(0.8, centre)
	case 'f', 'F':
		m.Fit()
	}
}

// TypedKey walks the map: arrows move the selection to the neighbour lying
// most nearly in that direction, Escape leaves focus mode, Enter shows the
// selection in the inspector (it already follows; Enter also centres it).
func (m *mapView) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft:
		m.step(-1, 0)
	case fyne.KeyRight:
		m.step(1, 0)
	case fyne.KeyUp:
		m.step(0, -1)
	case fyne.KeyDown:
		m.step(0, 1)
	case fyne.KeyEscape:
		m.x.SetFocusDepth(0)
	case fyne.KeyReturn, fyne.KeyEnter:
		m.centreOnSelection()
	case fyne.KeyPlus, fyne.KeyEqual:
		m.TypedRune('+')
	case fyne.KeyMinus:
		m.TypedRune('-')
	}
}

// step moves the selection to the neighbour best aligned with (dx, dy); with
// nothing selected it selects the node nearest the middle of the view.
func (m *mapView) step(dx, dy float64) {
	sel := -1
	if e, ok := m.x.Selected(); ok {
		if i, in := m.nodeOf[e.ID]; in {
			sel = i
		}
	}
	if sel < 0 {
		best, bestD := -1, math.Inf(1)
		for i, n := range m.scene.Nodes {
			if d := math.Hypot(n.X-m.cam.X, n.Y-m.cam.Y); d < bestD {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			m.x.Select(m.ids[best])
		}
		return
	}
	from := m.scene.Nodes[sel]
	best, bestScore := -1, math.Inf(1)
	for _, j := range m.adj[sel] {
		n := m.scene.Nodes[j]
		vx, vy := n.X-from.X, n.Y-from.Y
		d := math.Hypot(vx, vy)
		if d == 0 {
			continue
		}
		cos := (vx*dx + vy*dy) / d
		if cos < 0.5 { // more than 60° off the arrow's direction
			continue
		}
		// Prefer well-aligned, then near: distance stretched by misalignment.
		if score := d / cos; score < bestScore {
			best, bestScore = j, score
		}
	}
	if best >= 0 {
		m.x.Select(m.ids[best])
	}
}
