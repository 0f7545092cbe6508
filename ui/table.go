package ui

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/model"
)

// column describes one column of the entity table.
type column struct {
	col   app.Column
	title string
	width float32
	value func(x *app.Explorer, e *model.Entity) string
}

var columns = []column{
	{app.ColName, "Name", 260, func(_ *app.Explorer, e *model.Entity) string { return e.Name }},
	{app.ColKind, "Kind", 90, func(_ *app.Explorer, e *model.Entity) string { return e.Kind }},
	{app.ColRegion, "Region", 125, func(_ *app.Explorer, e *model.Entity) string { return e.Region }},
	{app.ColFounded, "Founded", 95, func(_ *app.Explorer, e *model.Entity) string { return e.Founded }},
	{app.ColForums, "Forums", 70, func(x *app.Explorer, e *model.Entity) string { return strconv.Itoa(x.ForumCount(e)) }},
	{app.ColScore, "Score", 70, func(x *app.Explorer, e *model.Entity) string {
		if p, ok := x.Score(e); ok {
			return scoreText(p.Score)
		}
		return "–"
	}},
}

// entityTable is the table of visible entities: sortable by tapping a header,
// and driven from the keyboard — arrows, Page Up/Down, Home/End move the
// selection, so the inspector follows without a mouse.
type entityTable struct {
	widget.Table
	x      *app.Explorer
	cursor int // row of the selection, -1 when none is visible
	quiet  bool
	// multi is set while Ctrl (Cmd on macOS) is held on a click: that click
	// adds the row to the compare set as well, for picking several at once.
	multi bool
}

var _ desktop.Mouseable = (*entityTable)(nil)

// MouseDown notes whether the click that follows adds to the compare set.
func (t *entityTable) MouseDown(ev *desktop.MouseEvent) {
	t.multi = ev.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
	t.Table.MouseDown(ev)
	if t.multi {
		// The click hit the row already selected, so no selection event came.
		t.multi = false
		if e, ok := t.x.Selected(); ok {
			t.x.AddToCompare(e.ID)
		}
	}
}

var _ fyne.Focusable = (*entityTable)(nil)

func newEntityTable(x *app.Explorer) *entityTable {
	t := &entityTable{x: x, cursor: -1}
	t.Length = func() (int, int) { return len(x.Visible()), len(columns) }
	t.CreateCell = func() fyne.CanvasObject {
		// The table marks only the selected cell; the background marks the whole row.
		bg := canvas.NewRectangle(color.Transparent)
		return container.NewStack(bg, &widget.Label{Text: "template", Truncation: fyne.TextTruncateEllipsis})
	}
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		vis := x.Visible()
		if id.Row >= len(vis) {
			return
		}
		cell := o.(*fyne.Container)
		bg := cell.Objects[0].(*canvas.Rectangle)
		want := color.Color(color.Transparent)
		if id.Row == t.cursor {
			want = theme.Color(theme.ColorNameSelection)
		}
		if bg.FillColor != want {
			bg.FillColor = want
			bg.Refresh()
		}
		cell.Objects[1].(*widget.Label).SetText(columns[id.Col].value(x, vis[id.Row]))
	}
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		return &widget.Button{Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading}
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Col < 0 || id.Col >= len(columns) {
			b.SetText("")
			b.OnTapped = nil
			return
		}
		c := columns[id.Col]
		b.SetText(headerText(x, c))
		b.OnTapped = func() { x.SortBy(c.col) }
	}
	t.OnSelected = func(id widget.TableCellID) {
		vis := x.Visible()
		if id.Row < 0 || id.Row >= len(vis) {
			return
		}
		if t.cursor != id.Row {
			old := t.cursor
			t.cursor = id.Row
			t.refreshRow(old)
			t.refreshRow(id.Row)
		}
		if !t.quiet {
			x.Select(vis[id.Row].ID)
			if t.multi {
				t.multi = false
				x.AddToCompare(vis[id.Row].ID)
			}
		}
	}
	t.ExtendBaseWidget(t)
	for i, c := range columns {
		t.SetColumnWidth(i, c.width)
	}
	x.OnChange(func(c app.Change) {
		switch c {
		case app.ChangedVisible, app.ChangedAxis:
			t.Refresh()
			t.syncSelection()
		case app.ChangedSelection:
			t.syncSelection()
		}
	})
	return t
}

func headerText(x *app.Explorer, c column) string {
	title := c.title
	if col, asc, ok := x.Sort(); ok && col == c.col {
		if asc {
			return title + " ▲"
		}
		return title + " ▼"
	}
	return title
}

// syncSelection shows the explorer's selection in the table: its row is
// selected and scrolled to, or nothing is selected when it is filtered out.
func (t *entityTable) syncSelection() {
	row := -1
	if sel, ok := t.x.Selected(); ok {
		for i, e := range t.x.Visible() {
			if e.ID == sel.ID {
				row = i
				break
			}
		}
	}
	t.quiet = true
	defer func() { t.quiet = false }()
	if row < 0 {
		old := t.cursor
		t.cursor = -1
		t.refreshRow(old)
		t.UnselectAll()
		return
	}
	t.Select(widget.TableCellID{Row: row, Col: 0})
}

func (t *entityTable) refreshRow(row int) {
	if row < 0 {
		return
	}
	for c := range columns {
		t.RefreshItem(widget.TableCellID{Row: row, Col: c})
	}
}

// TypedKey moves the selection by row; other keys go to the table.
func (t *entityTable) TypedKey(ev *fyne.KeyEvent) {
	n := len(t.x.Visible())
	if n == 0 {
		return
	}
	page := 10
	target := t.cursor
	switch ev.Name {
	case fyne.KeyDown:
		target++
	case fyne.KeyUp:
		target--
	case fyne.KeyPageDown:
		target += page
	case fyne.KeyPageUp:
		target -= page
	case fyne.KeyHome:
		target = 0
	case fyne.KeyEnd:
		target = n - 1
	default:
		t.Table.TypedKey(ev)
		return
	}
	if t.cursor < 0 && (ev.Name == fyne.KeyDown || ev.Name == fyne.KeyUp) {
		target = 0
	}
	target = max(0, min(n-1, target))
	t.Select(widget.TableCellID{Row: target, Col: 0})
}

// tableView is the Table tab: the axis the score column reads, a count, and the table.
type tableView struct {
	x     *app.Explorer
	table *entityTable
	count *widget.Label
	axis  *widget.Select
	root  fyne.CanvasObject
}

func newTableView(x *app.Explorer) *tableView {
	v := &tableView{x: x, table: newEntityTable(x), count: &widget.Label{TextStyle: fyne.TextStyle{Italic: true}}}
	var names []string
	byName := map[string]string{}
	for _, a := range x.Landscape.Axes {
		names = append(names, a.Name)
		byName[a.Name] = a.ID
	}
	v.axis = widget.NewSelect(names, func(name string) { x.SetAxis(byName[name]) })
	if a, ok := x.Landscape.Axis(x.Axis()); ok {
		v.axis.Selected = a.Name
	}
	x.OnChange(func(c app.Change) {
		if c == app.ChangedVisible {
			v.updateCount()
		}
	})
	v.updateCount()
	top := container.NewBorder(nil, nil, &widget.Label{Text: "Score on"}, v.count, v.axis)
	v.root = container.NewBorder(top, nil, nil, nil, container.New(&nameColumnFill{table: v.table}, v.table))
	return v
}

func (v *tableView) updateCount() {
	v.count.SetText(fmtCount(len(v.x.Visible()), len(v.x.Landscape.Entities)))
}

func fmtCount(n, of int) string {
	if n == of {
		return fmt.Sprintf("%d entities", of)
	}
	return fmt.Sprintf("%d of %d entities", n, of)
}

// nameColumnFill sizes the table to its space and gives the Name column
// whatever width the other, fixed columns leave, so no column is cut off when
// the window or the split changes.
type nameColumnFill struct {
	table *entityTable
	width float32
}

func (f *nameColumnFill) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fixed := theme.Padding() * float32(len(columns)+2) // cell gaps and the scroll bar's room
	for _, c := range columns[1:] {
		fixed += c.width
	}
	if w := max(columns[0].width/2, size.Width-fixed); w != f.width {
		f.width = w
		f.table.SetColumnWidth(0, w)
	}
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (f *nameColumnFill) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize()
}
