package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"govscape/model"
)

// whatChanged answers "what changed between two years": forums founded,
// relations begun and ended, stances that moved with the evidence for each
// move, and the events in between, in the window.
type whatChanged struct {
	m      *Main
	h      *model.History
	from   *widget.Select
	to     *widget.Select
	result *widget.RichText
	text   string // the Markdown shown
	root   fyne.CanvasObject
}

func newWhatChanged(m *Main) *whatChanged {
	w := &whatChanged{m: m, h: model.NewHistory(m.x.Landscape)}
	first, last := m.x.Landscape.YearRange()
	var years []string
	for y := last; y >= max(first, 1990); y-- {
		years = append(years, strconv.Itoa(y))
	}
	w.from = widget.NewSelect(years, func(string) { w.update() })
	w.to = widget.NewSelect(years, func(string) { w.update() })
	w.result = widget.NewRichText()
	w.result.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(w.result)
	scroll.SetMinSize(fyne.NewSize(640, 440))
	w.root = container.NewBorder(container.NewHBox(&widget.Label{Text: "Between the end of"}, w.from,
		&widget.Label{Text: "and the end of"}, w.to), nil, nil, nil, scroll)
	return w
}

// show opens the dialog on two years.
func (w *whatChanged) show(from, to int) {
	w.from.SetSelected(strconv.Itoa(from))
	w.to.SetSelected(strconv.Itoa(to))
	if w.m.win != nil {
		dialog.ShowCustom("What changed", "Close", w.root, w.m.win)
	}
}

func (w *whatChanged) update() {
	a, errA := strconv.Atoi(w.from.Selected)
	b, errB := strconv.Atoi(w.to.Selected)
	if errA != nil || errB != nil {
		return
	}
	w.text = w.markdown(w.h.Diff(model.Date{Year: a}, model.Date{Year: b}))
	w.result.ParseMarkdown(w.text)
}

// markdown writes a change for reading: each list headed with its count.
func (w *whatChanged) markdown(c *model.Change) string {
	l := w.m.x.Landscape
	name := func(id string) string {
		if e, ok := l.Entity(id); ok {
			return e.Name
		}
		return id
	}
	var b strings.Builder
	if c.Empty() {
		fmt.Fprintf(&b, "Nothing recorded changed between the end of %d and the end of %d.\n", c.From.Year, c.To.Year)
		return b.String()
	}
	section := func(title string, n int) {
		fmt.Fprintf(&b, "\n## %s (%d)\n\n", title, n)
	}
	if len(c.Moved) > 0 {
		section("Stances that moved", len(c.Moved))
		for _, mv := range c.Moved {
			from := "no position"
			if mv.From != nil {
				from = fmt.Sprintf("%s (%s)", scoreText(mv.From.Score), mv.From.Date)
			}
			fmt.Fprintf(&b, "- **%s**, %s: %s → %s (%s) — %s\n", mv.Entity.Name, mv.Axis.Name, from,
				strings.TrimSpace(scoreText(mv.To.Score)), mv.To.Date, mv.To.Evidence)
		}
	}
	if len(c.Founded) > 0 {
		section("Founded", len(c.Founded))
		for _, e := range c.Founded {
			fmt.Fprintf(&b, "- %s %s (%s)\n", e.Founded, e.Name, e.Kind)
		}
	}
	rel := func(title string, rs []*model.Relation, date func(*model.Relation) string) {
		if len(rs) == 0 {
			return
		}
		section(title, len(rs))
		for _, r := range rs {
			fmt.Fprintf(&b, "- %s %s %s %s\n", date(r), name(r.From), model.RolePhrase(r.Role, false), name(r.To))
		}
	}
	rel("Relations begun", c.Started, func(r *model.Relation) string { return r.Start })
	rel("Relations ended", c.Ended, func(r *model.Relation) string { return r.End })
	if len(c.Events) > 0 {
		section("Events", len(c.Events))
		for _, ev := range c.Events {
			fmt.Fprintf(&b, "- %s %s\n", ev.Date, ev.Title)
		}
	}
	if srcs := c.Sources(); len(srcs) > 0 {
		section("Sources", len(srcs))
		for _, s := range srcs {
			if model.IsWebURL(s.URL) {
				fmt.Fprintf(&b, "- [%s](%s) — %s, %s\n", s.Title, s.URL, s.Publisher, s.Verification)
			} else {
				fmt.Fprintf(&b, "- %s — %s, %s\n", s.Title, s.Publisher, s.Verification)
			}
		}
	}
	return b.String()
}
