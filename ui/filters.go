package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"govscape/app"
	"govscape/model"
)

// filters is the sidebar's Filters tab: facets by kind, region and forum
// governance model, and the year the landscape is shown as of.
type filters struct {
	x       *app.Explorer
	kinds   *widget.CheckGroup
	regions *widget.CheckGroup
	models  *widget.CheckGroup
	year    *widget.Slider
	yearLbl *widget.Label
	first   int
	last    int
	root    fyne.CanvasObject
	syncing bool
}

func newFilters(x *app.Explorer) *filters {
	f := &filters{x: x}
	l := x.Landscape
	f.kinds = widget.NewCheckGroup(presentKinds(l), func(v []string) { f.facet("kind", v) })
	f.regions = widget.NewCheckGroup(l.Regions(), func(v []string) { f.facet("region", v) })
	f.models = widget.NewCheckGroup(presentModels(l), func(v []string) { f.facet("model", v) })

	f.first, f.last = l.YearRange()
	f.yearLbl = &widget.Label{}
	f.year = widget.NewSlider(float64(f.first), float64(f.last))
	f.year.Step = 1
	f.year.Value = float64(f.last)
	f.year.OnChanged = func(v float64) {
		f.showYear(int(v))
		if !f.syncing {
			f.x.SetYear(f.yearFilter(int(v)))
		}
	}
	f.showYear(f.last)

	clear := &widget.Button{Text: "Clear filters", OnTapped: x.ClearFilter}
	section := func(title string) fyne.CanvasObject {
		return &widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}}
	}
	box := container.NewVBox(
		section("Year"), f.yearLbl, f.year,
		widget.NewSeparator(), section("Kind"), f.kinds,
		widget.NewSeparator(), section("Forum governance model"), f.models,
		widget.NewSeparator(), section("Region"), f.regions,
		widget.NewSeparator(), clear,
	)
	f.root = container.NewVScroll(box)
	x.OnChange(func(c app.Change) {
		if c == app.ChangedVisible {
			f.sync()
		}
	})
	return f
}

func (f *filters) facet(name string, values []string) {
	if !f.syncing {
		f.x.SetFacet(name, values)
	}
}

// yearFilter maps the slider to the filter: its far right end means "today",
// which shows every entity, dated or not, without a year limit.
func (f *filters) yearFilter(y int) int {
	if y >= f.last {
		return 0
	}
	return y
}

func (f *filters) showYear(y int) {
	if y >= f.last {
		f.yearLbl.SetText(fmt.Sprintf("All years (to %d)", f.last))
		return
	}
	f.yearLbl.SetText("As it stood in " + strconv.Itoa(y))
}

// sync shows the explorer's filter in the widgets after a change made
// elsewhere (Clear filters, a saved view).
func (f *filters) sync() {
	f.syncing = true
	defer func() { f.syncing = false }()
	flt := f.x.Filter()
	setChecked(f.kinds, flt.Kinds)
	setChecked(f.regions, flt.Regions)
	setChecked(f.models, flt.Models)
	y := flt.Year
	if y == 0 {
		y = f.last
	}
	if int(f.year.Value) != y {
		f.year.SetValue(float64(y))
	}
}

func setChecked(g *widget.CheckGroup, set map[string]bool) {
	var want []string
	for _, o := range g.Options {
		if set[o] {
			want = append(want, o)
		}
	}
	if !sameStrings(want, g.Selected) {
		g.SetSelected(want)
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[string]bool{}
	for _, s := range a {
		in[s] = true
	}
	for _, s := range b {
		if !in[s] {
			return false
		}
	}
	return true
}

// presentKinds lists the kinds the dataset uses, in the schema's order.
func presentKinds(l *model.Landscape) []string {
	used := map[string]bool{}
	for _, e := range l.Entities {
		used[e.Kind] = true
	}
	var out []string
	for _, k := range model.Kinds {
		if used[k] {
			out = append(out, k)
		}
	}
	return out
}

// presentModels lists the forum models the dataset uses, in the schema's order.
func presentModels(l *model.Landscape) []string {
	used := map[string]bool{}
	for _, e := range l.Entities {
		used[e.Model] = true
	}
	var out []string
	for _, m := range model.Models {
		if used[m] {
			out = append(out, m)
		}
	}
	return out
}
