package ui

import (
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/model"
	"govscape/ui/render"
)

// compareTab is the Compare tab and the compare tray at the bottom of the
// window: the explorer's compare set side by side, one column per entity, as
// it stood at the year the filters show. Both are rebuilt from
// model.Compare whenever the set or the year changes, on the UI goroutine:
// a comparison of six entities takes well under a millisecond.
type compareTab struct {
	x *app.Explorer
	// root is the Compare tab's content, tray the strip of chips for the
	// bottom of the window.
	root fyne.CanvasObject
	tray fyne.CanvasObject
	// onShow, when set, brings the Compare tab forward (the tray's Compare
	// button).
	onShow func()
	// onExport, when set, saves a comparison: name is a suggested file
	// name, write writes the file's content.
	onExport func(name string, write func(io.Writer) error)

	title    *widget.Label
	summary  *widget.Label
	header   *container.Scroll // the entity names, scrolled sideways with body
	body     *container.Scroll
	gridView fyne.CanvasObject // header over body
	content  *fyne.Container   // gridView, or a message saying why there is no comparison
	exportMD *widget.Button
	exportCV *widget.Button
	grid     *compareGrid

	chips   *fyne.Container
	chipsOf []*compareChip // in compare order
	hint    *widget.Label
	show    *widget.Button

	comparison *model.Comparison // nil with fewer than two entities
	shownKey   string            // the set and date comparison was made for
	firstYear  int               // the earliest year a position is dated

	// stanceCells holds, per axis id, each entity's stance cell, and
	// highlighted the ids of the axes whose rows are highlighted: what the
	// tests look at.
	stanceCells map[string][]fyne.CanvasObject
	highlighted []string
}

// The compare grid's column widths: a column of row labels, then one column
// per entity that grows with the window up to a readable measure and
// scrolls sideways when the entities do not fit at the least width.
const (
	compareLabelWidth = 190
	compareMinColumn  = 240
	compareMaxColumn  = 420
)

func newCompareTab(x *app.Explorer) *compareTab {
	t := &compareTab{x: x, stanceCells: map[string][]fyne.CanvasObject{}}
	t.firstYear = firstPositionYear(x.Landscape)

	t.title = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	t.summary = &widget.Label{Wrapping: fyne.TextWrapWord}
	t.exportMD = &widget.Button{Text: "Export Markdown", Icon: theme.DocumentSaveIcon(), Importance: widget.LowImportance,
		OnTapped: func() { t.export("md", t.exportMarkdown) }}
	t.exportCV = &widget.Button{Text: "Export CSV", Icon: theme.DocumentSaveIcon(), Importance: widget.LowImportance,
		OnTapped: func() { t.export("csv", t.exportCSV) }}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(
			&widget.Button{Text: "Rows…", Icon: theme.ListIcon(), Importance: widget.LowImportance, OnTapped: t.chooseRows},
			t.exportMD, t.exportCV), t.title),
		t.summary)

	t.grid = &compareGrid{}
	t.header = container.NewHScroll(container.NewStack())
	t.body = container.NewScroll(container.NewStack())
	// The entity names stay in view while the rows scroll by, and follow
	// the columns sideways.
	t.body.OnScrolled = func(p fyne.Position) { t.header.ScrollToOffset(fyne.NewPos(p.X, 0)) }
	t.header.OnScrolled = func(p fyne.Position) { t.body.ScrollToOffset(fyne.NewPos(p.X, t.body.Offset.Y)) }
	t.gridView = container.NewBorder(t.header, nil, nil, nil, t.body)
	t.grid.width = func() float32 { return t.gridView.Size().Width }
	t.content = container.NewStack(t.gridView)
	t.root = container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, t.content)

	t.chips = container.NewHBox()
	t.hint = &widget.Label{TextStyle: fyne.TextStyle{Italic: true}}
	t.show = &widget.Button{Text: "Compare", Icon: theme.ViewRestoreIcon(), OnTapped: func() {
		if t.onShow != nil {
			t.onShow()
		}
	}}
	t.tray = container.NewBorder(nil, nil,
		&widget.Label{Text: "Compare tray", TextStyle: fyne.TextStyle{Bold: true}}, t.show,
		container.NewHScroll(container.NewHBox(t.chips, t.hint)))

	x.OnChange(func(c app.Change) {
		if c == app.ChangedCompare || c == app.ChangedVisible {
			t.refresh()
		}
	})
	t.refresh()
	return t
}

// exportMarkdown writes the comparison on screen as Markdown.
func (t *compareTab) exportMarkdown(w io.Writer) error {
	c, err := t.current()
	if err != nil {
		return err
	}
	return c.WriteMarkdown(w)
}

// exportCSV writes the comparison on screen as CSV, one row per entity and
// attribute.
func (t *compareTab) exportCSV(w io.Writer) error {
	c, err := t.current()
	if err != nil {
		return err
	}
	return c.WriteCSV(w)
}

// current is the comparison on screen, or an error saying why there is none.
func (t *compareTab) current() (*model.Comparison, error) {
	t.refresh()
	if t.comparison == nil {
		return nil, fmt.Errorf("nothing to compare: the compare tray holds %d, add %d to %d entities",
			len(t.x.CompareSet()), model.MinCompared, model.MaxCompared)
	}
	return t.comparison, nil
}

// export hands a file name and a writer to the window's save dialog.
func (t *compareTab) export(ext string, write func(io.Writer) error) {
	if t.onExport == nil || t.comparison == nil {
		return
	}
	name := "compare-" + strings.Join(t.x.CompareSet(), "-")
	if y := t.x.Year(); y != 0 {
		name += "-" + strconv.Itoa(y)
	}
	t.onExport(name+"."+ext, write)
}

// refresh rebuilds the tray and the tab when the compare set or the date
// stances are read at has changed since the last time.
func (t *compareTab) refresh() {
	ids := t.x.CompareSet()
	at := t.x.At()
	key := strings.Join(ids, "\x00") + "@" + at.String() + "#" + strings.Join(t.x.CompareAxes(), ",")
	if key == t.shownKey {
		return
	}
	t.shownKey = key
	t.refreshTray(ids)

	t.comparison = nil
	if len(ids) >= model.MinCompared {
		c, err := model.Compare(t.x.Landscape, ids, at)
		if err != nil {
			// The explorer only holds known ids, two to six of them, so
			// this is a bug; say it where the comparison would be.
			t.showEmpty("Cannot compare these entities: " + err.Error())
			return
		}
		if chosen := t.x.CompareAxes(); len(chosen) > 0 {
			// Only the rows the user chose, in the exports as on screen.
			keep := map[string]bool{}
			for _, id := range chosen {
				keep[id] = true
			}
			axes := c.Axes[:0:0]
			for _, a := range c.Axes {
				if keep[a.Axis.ID] {
					axes = append(axes, a)
				}
			}
			c.Axes = axes
		}
		t.comparison = c
	}
	if t.comparison == nil {
		msg := "Compare needs 2 to 6 entities. Add them to the compare tray at the bottom of the window."
		if len(ids) == 1 {
			msg = t.label(ids[0]) + " is in the compare tray: add at least one more to compare."
		}
		t.showEmpty(msg)
		return
	}
	t.build(t.comparison)
}

// showEmpty replaces the comparison with a message.
func (t *compareTab) showEmpty(msg string) {
	t.title.SetText("Compare")
	t.summary.Hide()
	t.exportMD.Disable()
	t.exportCV.Disable()
	t.stanceCells = map[string][]fyne.CanvasObject{}
	t.highlighted = nil
	t.content.Objects = []fyne.CanvasObject{coming(msg)}
	t.content.Refresh()
}

// label is an entity's short name where it has one, as the tray shows it.
func (t *compareTab) label(id string) string {
	e, ok := t.x.Landscape.Entity(id)
	switch {
	case !ok:
		return id
	case e.Short != "":
		return e.Short
	}
	return e.Name
}

// refreshTray shows one chip per entity of the set, and a hint while there
// are too few to compare.
func (t *compareTab) refreshTray(ids []string) {
	t.chipsOf = t.chipsOf[:0]
	objs := make([]fyne.CanvasObject, len(ids))
	for i, id := range ids {
		c := newCompareChip(t, i, id, t.label(id), len(ids))
		t.chipsOf = append(t.chipsOf, c)
		objs[i] = c
	}
	t.chips.Objects = objs
	t.chips.Refresh()
	switch n := len(ids); {
	case n == 0:
		t.hint.SetText("Add 2 to 6 entities to compare them side by side.")
	case n < model.MinCompared:
		t.hint.SetText("Add at least one more to compare.")
	case n >= app.MaxCompare:
		t.hint.SetText(fmt.Sprintf("Full: a comparison holds at most %d.", app.MaxCompare))
	default:
		t.hint.SetText("")
	}
	if len(ids) >= model.MinCompared {
		t.show.Enable()
	} else {
		t.show.Disable()
	}
}

// dropAt moves the chip dragged from index from to where its centre was
// let go, among the other chips' centres.
func (t *compareTab) dropAt(from int, centre float32) {
	to := 0
	for i, c := range t.chipsOf {
		if i != from && c.Position().X+c.Size().Width/2 < centre {
			to++
		}
	}
	if to == from {
		t.chips.Refresh() // back to its place
		return
	}
	t.x.MoveInCompare(from, to)
}

// build lays the comparison out: a sticky row of entity names, then facts,
// stances, participation and the agreement matrix, one column per entity.
func (t *compareTab) build(c *model.Comparison) {
	names := make([]string, len(c.Entities))
	for i, e := range c.Entities {
		names[i] = e.Name
	}
	when := "latest stances"
	if y := t.x.Year(); y != 0 {
		when = fmt.Sprintf("stances as of %d (Filters › Year)", y)
	}
	t.title.SetText(strings.Join(names, " · ") + " — " + when)
	t.summary.SetText(summaryText(c))
	t.summary.Show()
	t.exportMD.Enable()
	t.exportCV.Enable()

	t.grid.n = len(c.Entities)
	t.stanceCells = map[string][]fyne.CanvasObject{}
	t.highlighted = nil

	asOf := "Latest positions"
	if y := t.x.Year(); y != 0 {
		asOf = fmt.Sprintf("As of %d", y)
	}
	head := []fyne.CanvasObject{compareNone(asOf)}
	for i := range c.Entities {
		head = append(head, t.entityHeader(&c.Entities[i]))
	}
	t.header.Content = container.NewPadded(t.grid.row(head...))

	rows := container.NewVBox()
	add := func(objs ...fyne.CanvasObject) { rows.Objects = append(rows.Objects, objs...) }

	add(heading("Facts"))
	fact := func(label string, value func(e *model.ComparedEntity) fyne.CanvasObject) {
		cells := []fyne.CanvasObject{compareText(label, true)}
		for i := range c.Entities {
			cells = append(cells, value(&c.Entities[i]))
		}
		add(t.grid.row(cells...))
	}
	fact("Kind", func(e *model.ComparedEntity) fyne.CanvasObject { return compareText(e.Kind, false) })
	fact("Region", func(e *model.ComparedEntity) fyne.CanvasObject { return compareOr(e.Region, model.NotRecorded) })
	fact("Founded", func(e *model.ComparedEntity) fyne.CanvasObject { return compareOr(e.Founded, model.NotRecorded) })
	fact("Governance model", func(e *model.ComparedEntity) fyne.CanvasObject {
		if !e.IsForum() {
			return compareNone(compareNA("not a forum"))
		}
		return compareOr(e.Model, model.NotRecorded)
	})
	fact("Relations", func(e *model.ComparedEntity) fyne.CanvasObject {
		return compareText(strconv.Itoa(e.Relations), false)
	})

	add(heading("Stances"))
	for i := range c.Axes {
		if i > 0 {
			add(widget.NewSeparator())
		}
		add(t.axisRow(c, &c.Axes[i]))
	}

	add(heading("Participation"))
	add(t.participation(c)...)

	add(heading("Agreement"))
	add(&widget.Label{Text: "Mean distance between two entities' scores over the axes both hold a position on: " +
		"0 is the same stance, 4 opposite poles.", Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}})
	for i, e := range c.Entities {
		cells := []fyne.CanvasObject{compareText(e.Name, true)}
		for j, o := range c.Entities {
			if i == j {
				cells = append(cells, compareText("—", false))
				continue
			}
			ag, _ := c.Pair(e.ID, o.ID)
			if ag.Distance == nil {
				cells = append(cells, compareNone("no axis in common"))
				continue
			}
			cells = append(cells, compareText(fmt.Sprintf("%.2f (%s)", *ag.Distance, compareCount(ag.Axes, "axis", "axes")), false))
		}
		add(t.grid.row(cells...))
	}

	t.body.Content = container.NewPadded(rows)
	t.content.Objects = []fyne.CanvasObject{t.gridView}
	t.content.Refresh()
	t.header.Refresh()
	t.body.Refresh()
}

// entityHeader names a compared entity, with its kind's map shape; the name
// selects it, so the inspector shows the rest.
func (t *compareTab) entityHeader(e *model.ComparedEntity) fyne.CanvasObject {
	id := e.ID
	name := &widget.Hyperlink{Text: e.Name, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord,
		OnTapped: func() { t.x.Select(id) }}
	kind := e.Kind
	if e.Short != "" && e.Short != e.Name {
		kind = e.Short + " · " + kind
	}
	st := styleOf(e.Kind)
	return container.NewVBox(name, legendRow(render.ShapeIcon(st.shape, st.colour, 6), compareCaption(kind)))
}

// axisRow is one stance axis: its name, how far apart the entities stand on
// it, and each entity's latest position as a bar, with its date, evidence,
// sources and history. Rows where the entities differ by model.DifferBy or
// more are tinted and say so in words.
func (t *compareTab) axisRow(c *model.Comparison, ax *model.AxisComparison) fyne.CanvasObject {
	a := ax.Axis
	label := container.NewVBox(compareText(a.Name, true))
	switch {
	case ax.Differ:
		// In words as well as the tint: colour is never the only signal.
		label.Add(compareText(fmt.Sprintf("Differ by %d points", *ax.Spread), true))
	case ax.Spread != nil:
		label.Add(compareCaption(fmt.Sprintf("Spread %d", *ax.Spread)))
	case ax.Held == 1:
		label.Add(compareCaption("Only one holds a position"))
	default:
		label.Add(compareCaption("None holds a position"))
	}
	cells := []fyne.CanvasObject{label}
	for i := range c.Entities {
		cells = append(cells, t.stanceCell(c, a, &ax.Stances[i]))
	}
	t.stanceCells[a.ID] = cells[1:]
	row := t.grid.row(cells...)
	if !ax.Differ {
		return row
	}
	t.highlighted = append(t.highlighted, a.ID)
	return container.NewStack(newTint(theme.ColorNameWarning, 0x30), row)
}

// stanceCell is one entity's stance on an axis, or "no position".
func (t *compareTab) stanceCell(c *model.Comparison, a *model.Axis, s *model.Stance) fyne.CanvasObject {
	p := s.Position
	if p == nil {
		return compareNone(model.NoPosition)
	}
	poles := container.NewGridWithColumns(2,
		compareCaption(a.Neg.Label),
		&widget.Label{Text: a.Pos.Label, Wrapping: fyne.TextWrapWord, Alignment: fyne.TextAlignTrailing,
			SizeName: theme.SizeNameCaptionText})
	cell := container.NewVBox(
		compareText(strings.TrimSpace(scoreText(p.Score))+"  "+poleLabel(a, p.Score), true),
		newStanceBar(p.Score), poles,
		&widget.Label{Text: p.Date, TextStyle: fyne.TextStyle{Italic: true}},
		compareText(p.Evidence, false))
	if len(p.Sources) > 0 {
		links := container.New(&flow{}, compareTag("Sources:"))
		for _, id := range p.Sources {
			if src, ok := t.x.Landscape.Source(id); ok {
				links.Add(sourceLink(src, src.Publisher, false))
			}
		}
		cell.Add(links)
	}
	if len(s.History) > 0 {
		last := t.x.Year()
		if last == 0 {
			_, last = t.x.Landscape.YearRange()
		}
		steps := make([]string, len(s.History))
		for i, h := range s.History {
			steps[i] = h.Date + " " + strings.TrimSpace(scoreText(h.Score))
		}
		cell.Add(container.NewBorder(nil, nil, compareTag(strconv.Itoa(t.firstYear)), compareTag(strconv.Itoa(last)),
			newHistoryStrip(s.History, t.firstYear, last)))
		cell.Add(compareCaption("History: " + strings.Join(steps, " → ")))
	}
	return cell
}

// participation compares the forums the actors take part in and the
// participants the forums share; a column an entry does not apply to says so.
func (t *compareTab) participation(c *model.Comparison) []fyne.CanvasObject {
	if c.Actors == nil && c.Forums == nil {
		return []fyne.CanvasObject{&widget.Label{Text: "Participation compares two or more actors, or two or more forums; " +
			"this set has one of each at most.", Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}}
	}
	var out []fyne.CanvasObject
	group := func(s *model.Shared, forums bool, rows ...struct {
		label string
		cell  func(m int) fyne.CanvasObject
	}) {
		if s == nil {
			return
		}
		for _, r := range rows {
			cells := []fyne.CanvasObject{compareText(r.label, true)}
			for _, e := range c.Entities {
				m := memberIndex(s, e.ID)
				switch {
				case m >= 0:
					cells = append(cells, r.cell(m))
				case forums:
					cells = append(cells, compareNone(compareNA("not a forum")))
				default:
					cells = append(cells, compareNone(compareNA("a forum")))
				}
			}
			out = append(out, t.grid.row(cells...))
		}
	}
	type row = struct {
		label string
		cell  func(m int) fyne.CanvasObject
	}
	pairs := func(s *model.Shared, m int, what string) fyne.CanvasObject {
		box := container.NewVBox()
		for _, p := range s.Pairs {
			other := p.B
			switch s.Members[m] {
			case p.A:
			case p.B:
				other = p.A
			default:
				continue
			}
			text := fmt.Sprintf("With %s: %d of %d %s shared, Jaccard %.2f", t.label(other), len(p.Shared),
				len(p.Shared)+len(p.OnlyA)+len(p.OnlyB), what, p.Jaccard)
			if s == c.Forums && len(p.ByKind) > 0 {
				text += " (" + compareKinds(p.ByKind) + ")"
			}
			box.Add(compareText(text, false))
		}
		return box
	}
	if s := c.Actors; s != nil {
		group(s, false,
			row{"Forums in common (all compared actors)", func(int) fyne.CanvasObject { return compareRefs(s.Common) }},
			row{"Own forums (no other compared actor's)", func(m int) fyne.CanvasObject { return compareRefs(s.Own[m]) }},
			row{"Forums shared pair by pair", func(m int) fyne.CanvasObject { return pairs(s, m, "forums") }})
	}
	if s := c.Forums; s != nil {
		counted := func(refs []model.Ref, byKind []model.KindCount) fyne.CanvasObject {
			if len(refs) == 0 {
				return compareNone("none")
			}
			return compareText(fmt.Sprintf("%d (%s): %s", len(refs), compareKinds(byKind), compareLabels(refs)), false)
		}
		group(s, true,
			row{"Participants in common (all compared forums)", func(int) fyne.CanvasObject { return counted(s.Common, s.CommonByKind) }},
			row{"Own participants (no other compared forum's)", func(m int) fyne.CanvasObject {
				return counted(s.Own[m], compareKindsOf(s.Own[m]))
			}},
			row{"Participants shared pair by pair", func(m int) fyne.CanvasObject { return pairs(s, m, "participants") }})
	}
	return out
}

// summaryText says in a sentence on which axes the entities agree and differ
// most, as the Markdown export does.
func summaryText(c *model.Comparison) string {
	sm := c.Summary
	if sm.Compared == 0 {
		return "No axis has positions from two or more of them, so there is no agreement to measure."
	}
	names := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = id
			for _, ax := range c.Axes {
				if ax.Axis.ID == id {
					out[i] = ax.Axis.Name
				}
			}
		}
		return compareAnd(out)
	}
	var s string
	if sm.AgreeSpread == sm.DifferSpread {
		s = fmt.Sprintf("They stand equally far apart, a spread of %d, on every axis two or more of them hold a position on: %s.",
			sm.AgreeSpread, names(sm.Agree))
	} else {
		s = fmt.Sprintf("They agree most on %s (spread %d) and differ most on %s (spread %d).",
			names(sm.Agree), sm.AgreeSpread, names(sm.Differ), sm.DifferSpread)
	}
	return s + fmt.Sprintf(" They differ by %d points or more on %d of the %s compared.", model.DifferBy, sm.Differing,
		compareCount(sm.Compared, "axis", "axes"))
}

// compareText is a wrapping cell of text, bold for row labels.
func compareText(s string, bold bool) *widget.Label {
	return &widget.Label{Text: s, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: bold}}
}

// compareCaption is small wrapping text: poles, years, hints.
func compareCaption(s string) *widget.Label {
	return &widget.Label{Text: s, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
}

// compareTag is a short caption kept on one line: a year, "Sources:".
func compareTag(s string) *widget.Label {
	return &widget.Label{Text: s, SizeName: theme.SizeNameCaptionText}
}

// compareNone is a cell with nothing to show, in italics and saying why, so it
// never reads as a value ("no position" is not a score of 0).
func compareNone(why string) *widget.Label {
	return &widget.Label{Text: why, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
}

func compareOr(s, why string) *widget.Label {
	if s == "" {
		return compareNone(why)
	}
	return compareText(s, false)
}

func compareNA(why string) string { return model.NotApplicable + ": " + why }

func compareLabels(refs []model.Ref) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Label()
	}
	return strings.Join(out, ", ")
}

func compareRefs(refs []model.Ref) fyne.CanvasObject {
	if len(refs) == 0 {
		return compareNone("none")
	}
	return compareText(compareLabels(refs), false)
}

// compareKinds writes counts by kind as "state 2 · company 1".
func compareKinds(kc []model.KindCount) string {
	parts := make([]string, len(kc))
	for i, k := range kc {
		parts[i] = k.Kind + " " + strconv.Itoa(k.Count)
	}
	return strings.Join(parts, " · ")
}

// compareKindsOf counts refs by kind in the order of model.Kinds.
func compareKindsOf(refs []model.Ref) []model.KindCount {
	n := map[string]int{}
	for _, r := range refs {
		n[r.Kind]++
	}
	var out []model.KindCount
	for _, k := range model.Kinds {
		if n[k] > 0 {
			out = append(out, model.KindCount{Kind: k, Count: n[k]})
		}
	}
	return out
}

func memberIndex(s *model.Shared, id string) int {
	for i, m := range s.Members {
		if m == id {
			return i
		}
	}
	return -1
}

func compareCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// compareAnd joins words as prose: "a", "a and b", "a, b and c".
func compareAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// firstPositionYear is the year of the earliest dated position, where the
// history strips start so that they line up across columns.
func firstPositionYear(l *model.Landscape) int {
	first := 0
	for _, p := range l.Positions {
		if d := model.MustDate(p.Date); !d.IsZero() && (first == 0 || d.Year < first) {
			first = d.Year
		}
	}
	return first
}

// compareGrid sets the widths of the comparison's columns: all rows share
// one, so cells line up from facts to the agreement matrix.
type compareGrid struct {
	n     int            // entity columns
	width func() float32 // the width the grid is shown in
}

// columns are the label column's width and each entity column's: as wide as
// the view allows, between the least and greatest readable width.
func (g *compareGrid) columns() (label, col float32) {
	col = compareMinColumn
	if g.n > 0 && g.width != nil {
		avail := g.width() - compareLabelWidth - 2*theme.Padding() - theme.Padding()*float32(g.n)
		col = max(compareMinColumn, min(compareMaxColumn, avail/float32(g.n)))
	}
	return compareLabelWidth, col
}

// row lays out a label cell and one cell per entity.
func (g *compareGrid) row(cells ...fyne.CanvasObject) *fyne.Container {
	return container.New(&gridRow{g}, cells...)
}

// gridRow lays out one row of the grid: every cell as wide as its column and
// as tall as the tallest.
type gridRow struct{ g *compareGrid }

var _ fyne.Layout = (*gridRow)(nil)

func (r *gridRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := r.width(i)
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + theme.Padding()
	}
}

// MinSize measures each cell at its column's width, as wrapped text is as
// tall as the width it is given makes it.
func (r *gridRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		cw := r.width(i)
		if o.Size().Width != cw {
			o.Resize(fyne.NewSize(cw, o.Size().Height))
		}
		h = max(h, o.MinSize().Height)
		w += cw + theme.Padding()
	}
	return fyne.NewSize(w-theme.Padding(), h)
}

func (r *gridRow) width(i int) float32 {
	label, col := r.g.columns()
	if i == 0 {
		return label
	}
	return col
}

// compareChip is one entity in the compare tray: its name, ◀ ▶ to move it,
// × to take it out. It can also be dragged along the tray and dropped
// between two others.
type compareChip struct {
	widget.BaseWidget
	tab     *compareTab
	index   int
	content fyne.CanvasObject
	left    *widget.Button
	right   *widget.Button
	remove  *widget.Button
	home    fyne.Position // where the chip sat when a drag began
	dx      float32       // how far it has been dragged
	drag    bool
}

var _ fyne.Draggable = (*compareChip)(nil)

func newCompareChip(t *compareTab, index int, id, label string, n int) *compareChip {
	c := &compareChip{tab: t, index: index}
	x := t.x
	c.left = &widget.Button{Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance,
		OnTapped: func() { x.MoveInCompare(index, index-1) }}
	c.right = &widget.Button{Icon: theme.NavigateNextIcon(), Importance: widget.LowImportance,
		OnTapped: func() { x.MoveInCompare(index, index+1) }}
	c.remove = &widget.Button{Icon: theme.CancelIcon(), Importance: widget.LowImportance,
		OnTapped: func() { x.RemoveFromCompare(id) }}
	if index == 0 {
		c.left.Disable()
	}
	if index == n-1 {
		c.right.Disable()
	}
	c.content = container.NewStack(newTint(theme.ColorNameInputBackground, 0),
		container.NewHBox(c.left, &widget.Label{Text: label}, c.right, c.remove))
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer shows the chip's content.
func (c *compareChip) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(c.content)
}

// Dragged moves the chip with the pointer along the tray.
func (c *compareChip) Dragged(ev *fyne.DragEvent) {
	if !c.drag {
		c.drag, c.home, c.dx = true, c.Position(), 0
	}
	c.dx += ev.Dragged.DX
	c.Move(fyne.NewPos(c.home.X+c.dx, c.home.Y))
}

// DragEnd drops the chip where its centre is.
func (c *compareChip) DragEnd() {
	if !c.drag {
		return
	}
	c.drag = false
	c.tab.dropAt(c.index, c.home.X+c.dx+c.Size().Width/2)
}

// tint is a rectangle filled with a theme colour, optionally more
// transparent, that follows the theme when it changes.
type tint struct {
	widget.BaseWidget
	name  fyne.ThemeColorName
	alpha uint8 // 0 keeps the theme's own
}

func newTint(name fyne.ThemeColorName, alpha uint8) *tint {
	t := &tint{name: name, alpha: alpha}
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer draws the tint.
func (t *tint) CreateRenderer() fyne.WidgetRenderer {
	r := &tintRenderer{t: t, rect: canvas.NewRectangle(color.Transparent)}
	r.rect.CornerRadius = theme.InputRadiusSize()
	r.Refresh()
	return r
}

type tintRenderer struct {
	t    *tint
	rect *canvas.Rectangle
}

func (r *tintRenderer) Layout(s fyne.Size)           { r.rect.Resize(s) }
func (r *tintRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *tintRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }
func (r *tintRenderer) Destroy()                     {}
func (r *tintRenderer) Refresh() {
	c := nrgba(theme.Color(r.t.name))
	if r.t.alpha != 0 {
		c.A = r.t.alpha
	}
	r.rect.FillColor = c
	r.rect.Refresh()
}

// stanceBar draws a score on −2…+2 as a bar from the middle towards the
// pole it leans to, over ticks at each whole score, in the map's diverging
// palette. The score is always written beside it, so colour is never the
// only signal.
type stanceBar struct {
	widget.BaseWidget
	score int
}

func newStanceBar(score int) *stanceBar {
	b := &stanceBar{score: score}
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer draws the bar.
func (b *stanceBar) CreateRenderer() fyne.WidgetRenderer {
	r := &stanceBarRenderer{b: b, track: canvas.NewRectangle(color.Transparent), bar: canvas.NewRectangle(color.Transparent)}
	r.track.CornerRadius = 2
	for i := range r.ticks {
		r.ticks[i] = canvas.NewLine(color.Transparent)
	}
	r.bar.StrokeWidth = 1
	r.Refresh()
	return r
}

type stanceBarRenderer struct {
	b     *stanceBar
	track *canvas.Rectangle
	ticks [model.MaxScore - model.MinScore + 1]*canvas.Line
	bar   *canvas.Rectangle
}

const barInset = 5 // room at the ends, so a bar at ±2 ends inside the track

// xOf is where a score sits across a bar of width w.
func (r *stanceBarRenderer) xOf(score int, w float32) float32 {
	return barInset + float32(score-model.MinScore)/float32(model.MaxScore-model.MinScore)*(w-2*barInset)
}

func (r *stanceBarRenderer) Layout(s fyne.Size) {
	r.track.Resize(s)
	for i, t := range r.ticks {
		x := r.xOf(model.MinScore+i, s.Width)
		t.Position1, t.Position2 = fyne.NewPos(x, 0), fyne.NewPos(x, s.Height)
	}
	x0, x1 := r.xOf(0, s.Width), r.xOf(r.b.score, s.Width)
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if r.b.score == 0 {
		x0, x1 = x0-3, x0+3 // a mark in the middle: neutral is a position too
	}
	r.bar.Move(fyne.NewPos(x0, 3))
	r.bar.Resize(fyne.NewSize(x1-x0, s.Height-6))
}

func (r *stanceBarRenderer) MinSize() fyne.Size { return fyne.NewSize(100, 18) }
func (r *stanceBarRenderer) Destroy()           {}

func (r *stanceBarRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.track}
	for _, t := range r.ticks {
		objs = append(objs, t)
	}
	return append(objs, r.bar)
}

func (r *stanceBarRenderer) Refresh() {
	r.track.FillColor = theme.Color(theme.ColorNameInputBackground)
	for i, t := range r.ticks {
		t.StrokeWidth = 1
		t.StrokeColor = theme.Color(theme.ColorNameDisabled)
		if model.MinScore+i == 0 {
			t.StrokeWidth = 2
			t.StrokeColor = theme.Color(theme.ColorNameForeground)
		}
	}
	r.bar.FillColor = scoreColour(r.b.score)
	// An outline in the text colour keeps the pale middle of the palette
	// visible on a light theme as on a dark one.
	r.bar.StrokeColor = theme.Color(theme.ColorNameForeground)
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

// historyStrip shows one entity's score on one axis year by year, from the
// first dated position in the dataset to the comparison's year: a cell per
// year in the score's colour, outlined only where there was no position
// yet. The caption under it gives the dates and scores in words.
type historyStrip struct {
	widget.BaseWidget
	first  int
	scores []*int // per year from first; nil: no position by then
}

func newHistoryStrip(history []model.DatedScore, first, last int) *historyStrip {
	h := &historyStrip{first: first}
	next := 0
	var cur *int
	for y := first; y <= last; y++ {
		for next < len(history) && model.MustDate(history[next].Date).Year <= y {
			s := history[next].Score
			cur = &s
			next++
		}
		h.scores = append(h.scores, cur)
	}
	h.ExtendBaseWidget(h)
	return h
}

// CreateRenderer draws the strip.
func (h *historyStrip) CreateRenderer() fyne.WidgetRenderer {
	r := &historyRenderer{h: h}
	for range h.scores {
		c := canvas.NewRectangle(color.Transparent)
		c.StrokeWidth = 1
		r.cells = append(r.cells, c)
	}
	r.Refresh()
	return r
}

type historyRenderer struct {
	h     *historyStrip
	cells []*canvas.Rectangle
}

func (r *historyRenderer) Layout(s fyne.Size) {
	n := float32(len(r.cells))
	if n == 0 {
		return
	}
	const gap = 1
	w := (s.Width - gap*(n-1)) / n
	// A thin strip in the middle of its line, between the years named
	// on either side.
	h := min(s.Height, r.MinSize().Height)
	for i, c := range r.cells {
		c.Move(fyne.NewPos(float32(i)*(w+gap), (s.Height-h)/2))
		c.Resize(fyne.NewSize(w, h))
	}
}

func (r *historyRenderer) MinSize() fyne.Size { return fyne.NewSize(60, 14) }
func (r *historyRenderer) Destroy()           {}

func (r *historyRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(r.cells))
	for i, c := range r.cells {
		objs[i] = c
	}
	return objs
}

func (r *historyRenderer) Refresh() {
	for i, c := range r.cells {
		if s := r.h.scores[i]; s != nil {
			c.FillColor = scoreColour(*s)
			c.StrokeWidth = 0
		} else {
			c.FillColor = color.Transparent
			c.StrokeWidth = 1
			c.StrokeColor = theme.Color(theme.ColorNameDisabled)
		}
	}
	r.Layout(r.h.Size())
	canvas.Refresh(r.h)
}

// chooseRows lets the user pick which axes the comparison shows; the choice
// is part of a saved view.
func (t *compareTab) chooseRows() {
	c := fyne.CurrentApp().Driver().CanvasForObject(t.root)
	if c == nil {
		return
	}
	var names []string
	id := map[string]string{}
	for _, a := range t.x.Landscape.Axes {
		names = append(names, a.Name)
		id[a.Name] = a.ID
	}
	group := widget.NewCheckGroup(names, nil)
	chosen := map[string]bool{}
	for _, a := range t.x.CompareAxes() {
		chosen[a] = true
	}
	var selected []string
	for _, n := range names {
		if len(chosen) == 0 || chosen[id[n]] {
			selected = append(selected, n)
		}
	}
	group.SetSelected(selected)
	var pop *widget.PopUp
	apply := &widget.Button{Text: "Show these rows", Importance: widget.HighImportance, OnTapped: func() {
		var ids []string
		for _, n := range group.Selected {
			ids = append(ids, id[n])
		}
		t.x.SetCompareAxes(ids)
		pop.Hide()
	}}
	cancel := &widget.Button{Text: "Cancel", OnTapped: func() { pop.Hide() }}
	pop = widget.NewModalPopUp(container.NewVBox(
		&widget.Label{Text: "Axes to compare", TextStyle: fyne.TextStyle{Bold: true}},
		group, container.NewHBox(cancel, apply)), c)
	pop.Show()
}
