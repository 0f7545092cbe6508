package ui

import (
	"fmt"
	"net/url"
	"strings"

	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/model"
)

// inspector shows everything known about the selected entity: its facts,
// dated stances with evidence, relations by role, events and sources.
type inspector struct {
	x       *app.Explorer
	body    *fyne.Container
	scroll  *container.Scroll
	back    *widget.Button
	fwd     *widget.Button
	compare *widget.Button // adds the selection to the compare set
	root    fyne.CanvasObject
	// OnAxis, when set, is called with an axis id when its name is tapped.
	OnAxis func(axis string)
	// notes, when set, lists the user's notes about the entity.
	notes *notesPanel
}

func newInspector(x *app.Explorer) *inspector {
	in := &inspector{x: x, body: container.NewVBox()}
	in.back = &widget.Button{Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: x.Back}
	in.fwd = &widget.Button{Icon: theme.NavigateNextIcon(), Importance: widget.LowImportance, OnTapped: x.Forward}
	in.compare = &widget.Button{Text: "Compare", Icon: theme.ContentAddIcon(), Importance: widget.LowImportance, OnTapped: func() {
		if e, ok := x.Selected(); ok {
			x.AddToCompare(e.ID)
		}
	}}
	in.scroll = container.NewVScroll(in.body)
	header := container.NewBorder(nil, nil, nil, container.NewHBox(in.compare, in.back, in.fwd),
		&widget.Label{Text: "Inspector", TextStyle: fyne.TextStyle{Bold: true}})
	in.root = container.NewBorder(header, nil, nil, nil, in.scroll)
	x.OnChange(func(c app.Change) {
		switch c {
		case app.ChangedSelection, app.ChangedVisible:
			in.refresh()
		case app.ChangedCompare:
			in.updateCompareButton()
		}
	})
	in.refresh()
	return in
}

func (in *inspector) refresh() {
	setEnabled(in.back, in.x.CanGoBack())
	setEnabled(in.fwd, in.x.CanGoForward())
	in.updateCompareButton()
	e, ok := in.x.Selected()
	if !ok {
		in.body.Objects = []fyne.CanvasObject{
			&widget.Label{Text: "Select an entity in the table to see its stances, relations, events and sources.",
				Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}},
		}
		in.body.Refresh()
		return
	}
	in.body.Objects = in.build(e)
	in.body.Refresh()
	in.scroll.ScrollToTop()
}

// updateCompareButton offers "Compare" only for a selection not yet in a
// compare set that has room.
func (in *inspector) updateCompareButton() {
	e, ok := in.x.Selected()
	can := ok && len(in.x.CompareSet()) < app.MaxCompare
	if ok {
		for _, id := range in.x.CompareSet() {
			if id == e.ID {
				can = false
			}
		}
	}
	setEnabled(in.compare, can)
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func (in *inspector) build(e *model.Entity) []fyne.CanvasObject {
	l := in.x.Landscape
	objs := []fyne.CanvasObject{
		&widget.Label{Text: e.Name, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameSubHeadingText},
		&widget.Label{Text: factLine(e), Wrapping: fyne.TextWrapWord},
	}
	if e.Summary != "" {
		objs = append(objs, &widget.Label{Text: e.Summary, Wrapping: fyne.TextWrapWord})
	}
	if len(e.Tags) > 0 {
		objs = append(objs, &widget.Label{Text: "Tags: " + strings.Join(e.Tags, ", "), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}})
	}
	year := in.x.Year()
	if year != 0 {
		objs = append(objs, &widget.Label{Text: fmt.Sprintf("As it stood in %d: later stances, relations and events are hidden (Filters › Year).", year),
			Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance})
	}

	if groups := l.PositionsByAxis(e.ID, in.x.At()); len(groups) > 0 {
		objs = append(objs, heading("Stances"))
		for _, g := range groups {
			axis := g.Axis.ID
			// The axis name opens its codebook entry: what each score means.
			objs = append(objs, &widget.Hyperlink{Text: g.Axis.Name, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord,
				OnTapped: func() {
					if in.OnAxis != nil {
						in.OnAxis(axis)
					}
				}})
			if len(g.Positions) > 1 {
				// A stance that moved: its course at a glance, each point
				// opening its evidence.
				objs = append(objs, newStanceChart(l, e.ID, axis, in.x.At()))
			}
			for _, p := range g.Positions {
				objs = append(objs,
					&widget.Label{Text: fmt.Sprintf("%s  %s  %s", p.Date, scoreText(p.Score), poleLabel(g.Axis, p.Score)), TextStyle: fyne.TextStyle{Monospace: true}, Wrapping: fyne.TextWrapWord},
					indent(&widget.Label{Text: p.Evidence, Wrapping: fyne.TextWrapWord}),
					indent(in.sourceLinks(p.Sources)))
			}
		}
	}

	if groups := l.GroupRelations(e.ID, year); len(groups) > 0 {
		objs = append(objs, heading("Relations"))
		for _, g := range groups {
			objs = append(objs, &widget.Label{Text: capitalize(model.RolePhrase(g.Role, g.Incoming)), TextStyle: fyne.TextStyle{Bold: true}})
			for _, r := range g.Relations {
				other, _ := l.Entity(r.Other(e.ID))
				var span fyne.CanvasObject
				if s := dateSpan(r.Start, r.End); s != "" {
					span = &widget.Label{Text: s, TextStyle: fyne.TextStyle{Italic: true}}
				}
				right := []fyne.CanvasObject{}
				if span != nil {
					right = append(right, span)
				}
				if in.notes != nil {
					rel := r
					right = append(right, &widget.Button{Icon: theme.DocumentCreateIcon(), Importance: widget.LowImportance,
						OnTapped: func() { in.notes.newRelationNote(rel) }})
				}
				objs = append(objs, indent(container.NewBorder(nil, nil, nil, container.NewHBox(right...), in.entityLink(other))))
				if r.Note != "" {
					objs = append(objs, indent(&widget.Label{Text: r.Note, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}))
				}
			}
		}
	}

	var evs []*model.Event
	for _, ev := range l.EventsOf(e.ID) {
		if year == 0 || ev.HappenedBy(year) {
			evs = append(evs, ev)
		}
	}
	if len(evs) > 0 {
		objs = append(objs, heading("Events"))
		for _, ev := range evs {
			objs = append(objs, &widget.Label{Text: ev.Date + "  " + ev.Title, Wrapping: fyne.TextWrapWord})
			if ev.Note != "" {
				objs = append(objs, indent(&widget.Label{Text: ev.Note, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}))
			}
		}
	}

	if in.notes != nil {
		objs = append(objs, in.notesSection(e)...)
	}

	if srcs := l.SourcesOf(e.ID); len(srcs) > 0 {
		objs = append(objs, heading("Sources"))
		for _, s := range srcs {
			objs = append(objs, sourceLink(s, s.Title, true),
				indent(&widget.Label{Text: sourceMeta(s), TextStyle: fyne.TextStyle{Italic: true}, Wrapping: fyne.TextWrapWord}))
		}
	}
	return objs
}

// entityLink is a link that selects the entity it names.
func (in *inspector) entityLink(e *model.Entity) *widget.Hyperlink {
	text := e.Name
	if e.Short != "" && e.Short != e.Name {
		text = e.Short + " — " + e.Name
	}
	id := e.ID
	return &widget.Hyperlink{Text: text, Truncation: fyne.TextTruncateEllipsis, OnTapped: func() { in.x.Select(id) }}
}

// sourceLinks is a row of numbered links to the sources a record cites.
func (in *inspector) sourceLinks(ids []string) fyne.CanvasObject {
	row := container.New(&flow{}, &widget.Label{Text: "Sources:", TextStyle: fyne.TextStyle{Italic: true}})
	for _, id := range ids {
		if s, ok := in.x.Landscape.Source(id); ok {
			row.Add(sourceLink(s, s.Publisher, false))
		}
	}
	return row
}

// sourceLink opens the source in the browser; only http and https addresses
// become links, anything else is shown as plain text. A wrapped link takes a
// line of its own; an unwrapped one keeps its whole text, for rows of links.
func sourceLink(s *model.Source, text string, wrap bool) fyne.CanvasObject {
	mode := fyne.TextWrapOff
	if wrap {
		mode = fyne.TextWrapWord
	}
	u, err := url.Parse(s.URL)
	if err != nil || !model.IsWebURL(s.URL) {
		return &widget.Label{Text: text, Wrapping: mode}
	}
	return &widget.Hyperlink{Text: text, URL: u, Wrapping: mode}
}

func sourceMeta(s *model.Source) string {
	parts := []string{s.Publisher}
	if s.Date != "" {
		parts = append(parts, s.Date)
	}
	parts = append(parts, s.Verification)
	return strings.Join(parts, " · ")
}

func factLine(e *model.Entity) string {
	parts := []string{e.Kind}
	if e.Short != "" && e.Short != e.Name {
		parts = append(parts, e.Short)
	}
	if e.Region != "" {
		parts = append(parts, e.Region)
	}
	if e.Founded != "" {
		parts = append(parts, "founded "+e.Founded)
	}
	if e.Model != "" {
		parts = append(parts, e.Model+" governance")
	}
	return strings.Join(parts, " · ")
}

// scoreText shows a score with its sign, so +1 and −1 differ at a glance
// without relying on colour.
func scoreText(s int) string {
	switch {
	case s > 0:
		return fmt.Sprintf("+%d", s)
	case s < 0:
		return fmt.Sprintf("−%d", -s)
	}
	return " 0"
}

func poleLabel(a *model.Axis, score int) string {
	switch {
	case score < 0:
		return a.Neg.Label
	case score > 0:
		return a.Pos.Label
	}
	return "mixed / middle"
}

func dateSpan(start, end string) string {
	switch {
	case start == "" && end == "":
		return ""
	case end == "":
		return start + "–"
	case start == "":
		return "until " + end
	}
	return start + "–" + end
}

func heading(text string) fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(),
		&widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText})
}

// indent sets o in by one step, so details sit under the line they belong to.
func indent(o fyne.CanvasObject) fyne.CanvasObject {
	step := canvas.NewRectangle(color.Transparent)
	step.SetMinSize(fyne.NewSize(theme.Padding()*3, 0))
	return container.NewBorder(nil, nil, step, nil, o)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// notesSection lists the user's notes about the entity — attached to it or
// linking to it with [[…]] — and offers to start one.
func (in *inspector) notesSection(e *model.Entity) []fyne.CanvasObject {
	id := e.ID
	add := &widget.Button{Text: "Add note", Icon: theme.ContentAddIcon(), Importance: widget.LowImportance,
		OnTapped: func() { in.notes.newNote([]string{id}) }}
	objs := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, add, heading("Your notes"))}
	notes := in.notes.notesAbout(id)
	if len(notes) == 0 {
		objs = append(objs, &widget.Label{Text: "None yet.", TextStyle: fyne.TextStyle{Italic: true}})
	}
	for _, n := range notes {
		nid := n.ID
		objs = append(objs, &widget.Hyperlink{Text: titleOr(n.Title), Wrapping: fyne.TextWrapWord,
			OnTapped: func() { in.notes.openEditor(nid) }},
			indent(&widget.Label{Text: n.Updated.Local().Format("2 Jan 2006"), TextStyle: fyne.TextStyle{Italic: true}}))
	}
	return objs
}
