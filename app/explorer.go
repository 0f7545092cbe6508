// Package app is Govscape's application layer: it owns the explorer's state
// (the loaded landscape, filters, selection and its history, the table's
// sorting) and tells the UI when that state changes. It has no widgets; the ui
// package draws what it holds.
package app

import (
	"fmt"
	"sort"
	"strings"

	"govscape/model"
	"govscape/resources"
)

// Change names what part of the explorer's state changed.
type Change int

// The changes listeners hear about.
const (
	ChangedVisible   Change = iota // the set or order of visible entities
	ChangedSelection               // the selected entity
	ChangedAxis                    // the axis the table scores entities on
	ChangedMap                     // the map's layout, stance axes, colouring or focus
	ChangedCompare                 // the compare set
)

// Layout is how the map places entities.
type Layout int

// The map's layouts.
const (
	LayoutForce  Layout = iota // force-directed: related entities close together
	LayoutStance               // stance plane: x and y are scores on two axes
)

// Column is a sortable column of the entity table.
type Column int

// The table's columns, in display order.
const (
	ColName Column = iota
	ColKind
	ColRegion
	ColFounded
	ColForums
	ColScore
)

// Explorer is the state of one Govscape window. It is not safe for use from
// several goroutines: the UI calls it on Fyne's goroutine only.
type Explorer struct {
	Landscape *model.Landscape

	filter  model.Filter
	axis    string
	sortCol Column
	sortAsc bool
	sorted  bool // false: relevance (query) or dataset order

	visible    []*model.Entity
	forums     map[string]int // entity id → forum count in forumsYear
	forumsYear int

	selected string
	back     []string
	forward  []string

	layout      Layout
	stanceX     string
	stanceY     string
	colourBy    string   // "" colours by kind, else by score on this axis
	focusDepth  int      // 0 shows everything; k shows the selection's k-hop neighbourhood
	compare     []string // the compare set, in the user's order
	compareAxes []string // the axes the comparison shows; nil for all
	mapEntities []*model.Entity
	matches     map[string]bool // with a query: the entities matching it

	listeners []func(Change)
}

// OpenEmbedded loads the landscape bundled in the binary.
func OpenEmbedded() (*Explorer, error) {
	l, err := model.Parse(resources.LandscapeJSON, resources.LandscapeName)
	if err != nil {
		return nil, fmt.Errorf("open bundled landscape: %w", err)
	}
	return New(l), nil
}

// New starts an explorer on l with no filter, nothing selected and the table
// scoring the first axis.
func New(l *model.Landscape) *Explorer {
	x := &Explorer{Landscape: l, sortAsc: true}
	if len(l.Axes) > 0 {
		x.axis = l.Axes[0].ID
		x.stanceX, x.stanceY = l.Axes[0].ID, l.Axes[0].ID
		if len(l.Axes) > 1 {
			x.stanceY = l.Axes[1].ID
		}
	}
	x.recompute()
	return x
}

// OnChange registers f to hear of every change, in registration order.
func (x *Explorer) OnChange(f func(Change)) { x.listeners = append(x.listeners, f) }

func (x *Explorer) notify(c Change) {
	for _, f := range x.listeners {
		f(c)
	}
}

// Filter returns the current filter. Its sets are the explorer's own: do not change them.
func (x *Explorer) Filter() model.Filter { return x.filter }

// SetFilter replaces the whole filter.
func (x *Explorer) SetFilter(f model.Filter) {
	x.filter = f
	x.recompute()
	x.notify(ChangedVisible)
}

// SetQuery sets the search text; the visible entities narrow to those matching
// it, ranked by relevance unless a column sort was chosen.
func (x *Explorer) SetQuery(q string) {
	if q == x.filter.Query {
		return
	}
	x.filter.Query = q
	x.recompute()
	x.notify(ChangedVisible)
}

// SetFacet sets which values of one facet ("kind", "region" or "model") pass;
// none means all.
func (x *Explorer) SetFacet(facet string, values []string) {
	set := map[string]bool{}
	for _, v := range values {
		set[v] = true
	}
	if len(set) == 0 {
		set = nil
	}
	switch facet {
	case "kind":
		x.filter.Kinds = set
	case "region":
		x.filter.Regions = set
	case "model":
		x.filter.Models = set
	default:
		panic("app: unknown facet " + facet)
	}
	x.recompute()
	x.notify(ChangedVisible)
}

// SetYear shows the landscape as it stood in year y; 0 shows every year.
func (x *Explorer) SetYear(y int) {
	if y == x.filter.Year {
		return
	}
	x.filter.Year = y
	x.recompute()
	x.notify(ChangedVisible)
}

// ClearFilter drops every facet, the year and the query.
func (x *Explorer) ClearFilter() { x.SetFilter(model.Filter{}) }

// Axis is the id of the axis the table scores entities on.
func (x *Explorer) Axis() string { return x.axis }

// SetAxis chooses the axis the table scores entities on.
func (x *Explorer) SetAxis(id string) {
	if _, ok := x.Landscape.Axis(id); !ok || id == x.axis {
		return
	}
	x.axis = id
	if x.sorted && x.sortCol == ColScore {
		x.sortVisible()
	}
	x.notify(ChangedAxis)
}

// Year is the filter's year, 0 for "every year".
func (x *Explorer) Year() int { return x.filter.Year }

// At is the date stances are read at: the end of the filter's year, or no limit.
func (x *Explorer) At() model.Date {
	if x.filter.Year == 0 {
		return model.Date{}
	}
	return model.EndOfYear(x.filter.Year)
}

// Score is e's latest position on the table's axis at the explorer's date.
func (x *Explorer) Score(e *model.Entity) (*model.Position, bool) {
	return x.Landscape.LatestPosition(e.ID, x.axis, x.At())
}

// ForumCount is how many forums e is related to in the filter's year.
func (x *Explorer) ForumCount(e *model.Entity) int { return x.forums[e.ID] }

// Visible returns the entities passing the filter, in table order. The slice is
// the explorer's own: do not change it.
func (x *Explorer) Visible() []*model.Entity { return x.visible }

// Sort returns the column the table is sorted by and its direction; ok is false
// while the table is in relevance or dataset order.
func (x *Explorer) Sort() (col Column, ascending, ok bool) {
	return x.sortCol, x.sortAsc, x.sorted
}

// SortBy sorts the table by col; asking again for the same column reverses it.
func (x *Explorer) SortBy(col Column) {
	if x.sorted && x.sortCol == col {
		x.sortAsc = !x.sortAsc
	} else {
		x.sortCol, x.sortAsc, x.sorted = col, true, true
	}
	x.sortVisible()
	x.notify(ChangedVisible)
}

func (x *Explorer) recompute() {
	if x.forums == nil || x.forumsYear != x.filter.Year {
		x.forumsYear = x.filter.Year
		x.forums = x.Landscape.ForumCounts(x.forumsYear)
	}
	x.visible = x.Landscape.Apply(x.filter)
	// The map keeps every entity the facets allow and lets the query only
	// highlight, so a search never tears the picture apart.
	facets := x.filter
	facets.Query = ""
	x.mapEntities = x.Landscape.Apply(facets)
	x.matches = nil
	if strings.TrimSpace(x.filter.Query) != "" {
		x.matches = make(map[string]bool, len(x.visible))
		for _, e := range x.visible {
			x.matches[e.ID] = true
		}
	}
	if x.sorted {
		x.sortVisible()
	}
}

func (x *Explorer) sortVisible() {
	key := func(a, b *model.Entity) int {
		switch x.sortCol {
		case ColName:
			return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		case ColKind:
			return strings.Compare(a.Kind, b.Kind)
		case ColRegion:
			return strings.Compare(a.Region, b.Region)
		case ColFounded:
			return compareMissingLast(a.Founded == "", b.Founded == "", func() int {
				return model.MustDate(a.Founded).Compare(model.MustDate(b.Founded))
			})
		case ColForums:
			return x.forums[a.ID] - x.forums[b.ID]
		case ColScore:
			pa, oka := x.Score(a)
			pb, okb := x.Score(b)
			return compareMissingLast(!oka, !okb, func() int { return pa.Score - pb.Score })
		}
		return 0
	}
	sort.SliceStable(x.visible, func(i, j int) bool {
		a, b := x.visible[i], x.visible[j]
		c := key(a, b)
		if c == missingFirst || c == missingSecond {
			// Entities without a value stay at the bottom whatever the direction.
			return c == missingSecond
		}
		if !x.sortAsc {
			c = -c
		}
		if c == 0 {
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		}
		return c < 0
	})
}

// Sentinels from compareMissingLast: one side has no value.
const (
	missingFirst  = -1 << 30
	missingSecond = 1 << 30
)

func compareMissingLast(aMissing, bMissing bool, cmp func() int) int {
	switch {
	case aMissing && bMissing:
		return 0
	case aMissing:
		return missingFirst
	case bMissing:
		return missingSecond
	}
	return cmp()
}

// Selected returns the selected entity, if any.
func (x *Explorer) Selected() (*model.Entity, bool) {
	if x.selected == "" {
		return nil, false
	}
	return x.Landscape.Entity(x.selected)
}

// Select makes id the selected entity, remembering the previous one for Back.
// An unknown id or the current selection changes nothing.
func (x *Explorer) Select(id string) {
	if id == x.selected {
		return
	}
	if _, ok := x.Landscape.Entity(id); !ok && id != "" {
		return
	}
	if x.selected != "" {
		x.back = append(x.back, x.selected)
	}
	x.forward = nil
	x.selected = id
	x.notify(ChangedSelection)
}

// CanGoBack reports whether Back has somewhere to go.
func (x *Explorer) CanGoBack() bool { return len(x.back) > 0 }

// CanGoForward reports whether Forward has somewhere to go.
func (x *Explorer) CanGoForward() bool { return len(x.forward) > 0 }

// Back returns to the previously selected entity.
func (x *Explorer) Back() {
	if len(x.back) == 0 {
		return
	}
	x.forward = append(x.forward, x.selected)
	x.selected = x.back[len(x.back)-1]
	x.back = x.back[:len(x.back)-1]
	x.notify(ChangedSelection)
}

// Forward undoes a Back.
func (x *Explorer) Forward() {
	if len(x.forward) == 0 {
		return
	}
	x.back = append(x.back, x.selected)
	x.selected = x.forward[len(x.forward)-1]
	x.forward = x.forward[:len(x.forward)-1]
	x.notify(ChangedSelection)
}

// MapEntities returns the entities the map shows: those passing the filter's
// facets and year, whatever the query. The slice is the explorer's own.
func (x *Explorer) MapEntities() []*model.Entity { return x.mapEntities }

// Searching reports whether a query is set, so the map should fade non-matches.
func (x *Explorer) Searching() bool { return x.matches != nil }

// Matches reports whether the entity matches the current query (always true
// without one).
func (x *Explorer) Matches(id string) bool { return x.matches == nil || x.matches[id] }

// Layout is the map's layout.
func (x *Explorer) Layout() Layout { return x.layout }

// SetLayout switches the map's layout.
func (x *Explorer) SetLayout(l Layout) {
	if l != x.layout {
		x.layout = l
		x.notify(ChangedMap)
	}
}

// StanceAxes are the axes the stance plane plots across (x) and down (y).
func (x *Explorer) StanceAxes() (across, down string) { return x.stanceX, x.stanceY }

// SetStanceAxes chooses the stance plane's axes; unknown ids are ignored.
func (x *Explorer) SetStanceAxes(across, down string) {
	if _, ok := x.Landscape.Axis(across); !ok {
		return
	}
	if _, ok := x.Landscape.Axis(down); !ok {
		return
	}
	if across != x.stanceX || down != x.stanceY {
		x.stanceX, x.stanceY = across, down
		x.notify(ChangedMap)
	}
}

// ColourBy is "" when the map colours nodes by kind, else the id of the axis
// whose latest score (at the filter's year) colours them.
func (x *Explorer) ColourBy() string { return x.colourBy }

// SetColourBy colours the map by kind ("") or by an axis; unknown ids are ignored.
func (x *Explorer) SetColourBy(axis string) {
	if axis != "" {
		if _, ok := x.Landscape.Axis(axis); !ok {
			return
		}
	}
	if axis != x.colourBy {
		x.colourBy = axis
		x.notify(ChangedMap)
	}
}

// FocusDepth is 0 when the map shows everything, else how many relation steps
// from the selection it shows.
func (x *Explorer) FocusDepth() int { return x.focusDepth }

// SetFocusDepth shows only the selection's k-hop neighbourhood (k = 1…3), or
// everything (0).
func (x *Explorer) SetFocusDepth(k int) {
	k = max(0, min(3, k))
	if k != x.focusDepth {
		x.focusDepth = k
		x.notify(ChangedMap)
	}
}

// Focused returns the entities within the focus depth of the selection, or
// nil when focus is off or nothing is selected: then the map shows all.
func (x *Explorer) Focused() map[string]int {
	if x.focusDepth == 0 || x.selected == "" {
		return nil
	}
	return x.Landscape.Neighbours(x.selected, x.focusDepth, x.filter.Year)
}

// MaxCompare is how many entities the compare set holds at most.
const MaxCompare = 6

// CompareSet returns the ids in the compare set, in order. The slice is the
// explorer's own.
func (x *Explorer) CompareSet() []string { return x.compare }

// AddToCompare appends an entity to the compare set; it reports false when the
// id is unknown, already there, or the set is full.
func (x *Explorer) AddToCompare(id string) bool {
	if _, ok := x.Landscape.Entity(id); !ok || len(x.compare) >= MaxCompare {
		return false
	}
	for _, c := range x.compare {
		if c == id {
			return false
		}
	}
	x.compare = append(x.compare, id)
	x.notify(ChangedCompare)
	return true
}

// RemoveFromCompare takes an entity out of the compare set.
func (x *Explorer) RemoveFromCompare(id string) {
	for i, c := range x.compare {
		if c == id {
			x.compare = append(x.compare[:i], x.compare[i+1:]...)
			x.notify(ChangedCompare)
			return
		}
	}
}

// MoveInCompare moves the entity at index from to index to.
func (x *Explorer) MoveInCompare(from, to int) {
	if from < 0 || from >= len(x.compare) || to < 0 || to >= len(x.compare) || from == to {
		return
	}
	id := x.compare[from]
	x.compare = append(x.compare[:from], x.compare[from+1:]...)
	x.compare = append(x.compare[:to], append([]string{id}, x.compare[to:]...)...)
	x.notify(ChangedCompare)
}

// CompareAxes returns the axes the comparison shows, in dataset order; nil
// means every axis.
func (x *Explorer) CompareAxes() []string { return x.compareAxes }

// SetCompareAxes chooses the axes (rows) the comparison shows; none, or
// every one, means all. Unknown ids are dropped.
func (x *Explorer) SetCompareAxes(ids []string) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []string
	for _, a := range x.Landscape.Axes {
		if want[a.ID] {
			out = append(out, a.ID)
		}
	}
	if len(out) == len(x.Landscape.Axes) {
		out = nil
	}
	if strings.Join(out, ",") == strings.Join(x.compareAxes, ",") {
		return
	}
	x.compareAxes = out
	x.notify(ChangedCompare)
}
