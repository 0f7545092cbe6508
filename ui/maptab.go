package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/model"
	"govscape/ui/render"
)

// mapTab is the Map tab: the controls of the map (layout, stance axes,
// colouring, focus, fit), the map itself and its legend.
type mapTab struct {
	x       *app.Explorer
	view    *mapView
	layout  *widget.Select
	across  *widget.Select
	down    *widget.Select
	colour  *widget.Select
	focus   *widget.Select
	legend  *fyne.Container
	corner  *fyne.Container // the legend and its toggle, over the map's lower left
	root    fyne.CanvasObject
	axisIDs map[string]string // axis name → id
	syncing bool
}

const (
	layoutForceText  = "Force"
	layoutStanceText = "Stance plane"
	colourKindText   = "Kind"
)

var focusTexts = []string{"Everything", "1 step", "2 steps", "3 steps"}

func newMapTab(x *app.Explorer, background bool) *mapTab {
	t := &mapTab{x: x, view: newMapView(x, background), axisIDs: map[string]string{}}
	var names []string
	for _, a := range x.Landscape.Axes {
		names = append(names, a.Name)
		t.axisIDs[a.Name] = a.ID
	}
	t.layout = widget.NewSelect([]string{layoutForceText, layoutStanceText}, func(s string) {
		if t.syncing {
			return
		}
		if s == layoutStanceText {
			x.SetLayout(app.LayoutStance)
		} else {
			x.SetLayout(app.LayoutForce)
		}
	})
	setAxes := func(string) {
		if !t.syncing {
			x.SetStanceAxes(t.axisIDs[t.across.Selected], t.axisIDs[t.down.Selected])
		}
	}
	t.across = widget.NewSelect(names, setAxes)
	t.down = widget.NewSelect(names, setAxes)
	t.colour = widget.NewSelect(append([]string{colourKindText}, names...), func(s string) {
		if !t.syncing {
			x.SetColourBy(t.axisIDs[s])
		}
	})
	t.focus = widget.NewSelect(focusTexts, func(s string) {
		if t.syncing {
			return
		}
		for k, f := range focusTexts {
			if f == s {
				x.SetFocusDepth(k)
			}
		}
	})
	fit := &widget.Button{Text: "Fit", Icon: theme.ViewFullScreenIcon(), OnTapped: t.view.Fit}

	t.legend = container.New(layout.NewCustomPaddedVBoxLayout(1))
	legendBg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	legendBg.CornerRadius = theme.InputRadiusSize()
	legendCard := container.NewStack(legendBg, container.NewPadded(t.legend))
	var toggle *widget.Button
	toggle = &widget.Button{Text: "Legend", Icon: theme.MenuDropDownIcon(), Importance: widget.LowImportance, OnTapped: func() {
		if legendCard.Visible() {
			legendCard.Hide()
			toggle.SetIcon(theme.MenuDropUpIcon())
		} else {
			legendCard.Show()
			toggle.SetIcon(theme.MenuDropDownIcon())
		}
		t.cover()
	}}

	sized := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	controls := container.New(&flow{},
		sized(150, t.layout),
		container.NewHBox(&widget.Label{Text: "x"}, sized(150, t.across)),
		container.NewHBox(&widget.Label{Text: "y"}, sized(150, t.down)),
		container.NewHBox(&widget.Label{Text: "Colour"}, sized(150, t.colour)),
		container.NewHBox(&widget.Label{Text: "Focus"}, sized(120, t.focus)),
		fit,
	)
	corner := container.NewVBox(legendCard, container.NewHBox(toggle))
	t.corner = corner

	t.root = container.NewBorder(controls, nil, nil, nil,
		container.NewStack(t.view, container.NewBorder(nil, container.NewHBox(corner), nil, nil)))
	x.OnChange(func(c app.Change) {
		if c == app.ChangedMap || c == app.ChangedVisible || c == app.ChangedSelection {
			t.sync()
		}
	})
	t.sync()
	return t
}

// sync shows the explorer's map settings in the controls and rebuilds the legend.
func (t *mapTab) sync() {
	t.syncing = true
	defer func() { t.syncing = false }()
	l := t.x.Landscape
	if t.x.Layout() == app.LayoutStance {
		t.layout.SetSelected(layoutStanceText)
		t.across.Enable()
		t.down.Enable()
	} else {
		t.layout.SetSelected(layoutForceText)
		t.across.Disable()
		t.down.Disable()
	}
	across, down := t.x.StanceAxes()
	if a, ok := l.Axis(across); ok {
		t.across.SetSelected(a.Name)
	}
	if a, ok := l.Axis(down); ok {
		t.down.SetSelected(a.Name)
	}
	if a, ok := l.Axis(t.x.ColourBy()); ok {
		t.colour.SetSelected(a.Name)
	} else {
		t.colour.SetSelected(colourKindText)
	}
	t.focus.SetSelected(focusTexts[t.x.FocusDepth()])
	t.updateLegend()
}

// updateLegend lists every shape, colour and edge style the map shows now.
func (t *mapTab) updateLegend() {
	v := t.view
	kinds := map[string]bool{}
	for _, id := range v.ids {
		e, _ := t.x.Landscape.Entity(id)
		kinds[e.Kind] = true
	}
	groups := map[uint8]bool{}
	for _, e := range v.scene.Edges {
		groups[e.Style] = true
	}
	var rows, shapes []fyne.CanvasObject
	small := func(s string) fyne.CanvasObject {
		txt := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
		txt.TextSize = theme.CaptionTextSize()
		return txt
	}
	colourAxis := t.x.ColourBy()
	for _, k := range model.Kinds {
		if !kinds[k] {
			continue
		}
		st := styleOf(k)
		fill := st.colour
		if colourAxis != "" {
			fill = rgb(0xC8, 0xC8, 0xC8) // shape only: colour means score now
		}
		shapes = append(shapes, legendRow(render.ShapeIcon(st.shape, fill, 6), small(k)))
	}
	// Kinds in two columns: ten one-word rows would make a tall legend.
	if len(shapes) > 0 {
		rows = append(rows, container.New(layout.NewGridLayoutWithColumns(2), shapes...))
	}
	if a, ok := t.x.Landscape.Axis(colourAxis); ok {
		rows = append(rows, small("Colour: "+a.Name))
		for s := -2; s <= 2; s++ {
			text := scoreText(s)
			switch s {
			case -2:
				text += "  " + a.Neg.Label
			case 2:
				text += "  " + a.Pos.Label
			}
			rows = append(rows, legendRow(render.ShapeIcon(render.Circle, scoreColour(s), 6), small(text)))
		}
		rows = append(rows, legendRow(render.ShapeIcon(render.Circle, noScore, 6), small("no position")))
	}
	for i, g := range edgeGroups {
		if groups[uint8(i)] {
			rows = append(rows, legendRow(render.EdgeIcon(g.style, 24, 12), small(g.name)))
		}
	}
	if len(v.pinned) > 0 {
		rows = append(rows, small("● on a node: pinned (right-click to unpin)"))
	}
	t.legend.Objects = rows
	t.legend.Refresh()
	t.cover()
}

// cover tells the map how much of its lower left corner the legend covers,
// so that framing keeps clear of it.
func (t *mapTab) cover() {
	if t.corner == nil {
		return
	}
	if sz := t.corner.MinSize(); sz != t.view.Covered {
		t.view.Covered = sz
		t.view.Refresh()
	}
}

// legendRow is a legend entry: a small picture at a fixed width, then its text.
func legendRow(img image.Image, text fyne.CanvasObject) fyne.CanvasObject {
	i := canvas.NewImageFromImage(img)
	i.FillMode = canvas.ImageFillContain
	i.ScaleMode = canvas.ImageScaleSmooth
	i.SetMinSize(fyne.NewSize(24, 14))
	return container.NewBorder(nil, nil, i, nil, text)
}
