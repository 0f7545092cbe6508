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
		x.forums = make(map[string]int, len(x.Landscape.Entities))
		for i := range x.Landscape.Entities {
			id := x.Landscape.Entities[i].ID
			x.forums[id] = x.Landscape.ForumCount(id, x.forumsYear)
		}
	}
	x.visible = x.Landscape.Apply(x.filter)
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
