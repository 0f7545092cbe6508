package model

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// History is a landscape seen through time: how it stood at any date (At),
// what changed between two dates (Diff), and the events of a period
// (Timeline). It parses every date of the landscape once and keeps them as
// sortable integers with per-entity, per-axis position lists, so that moving
// the year slider compares integers instead of re-reading date strings. Build
// one with NewHistory for each loaded landscape; it is safe for concurrent use.
//
// Dates of year or month precision cover their whole period, as in
// LatestPosition: "2014" is on or before 2014-12-31 and on or after
// 2014-01-01. An entity exists from its founding on (an undated one always
// has); the schema gives entities no end date, so a forum never disappears
// from a snapshot: what ends is its relations, and a forum whose relations
// have all ended stands alone.
type History struct {
	l *Landscape

	founded []int // per entity: key of the founding date; 0 when undated
	// Per relation: the key of the first day it held (0 when open), the key
	// of the last day it held (math.MaxInt when open), and its two ends.
	start, end []int
	from, to   []int32
	// The positions of entity e on axis a, oldest first, are
	// pos[off[p]:off[p+1]] with p = e*len(Axes)+a; posKey holds their dates.
	off    []int32
	pos    []int32
	posKey []int
	// Events by date then id, with the first and last day each covers.
	events          []int
	evFirst, evLast []int
}

// NewHistory indexes l's dates. It takes time in proportion to the size of l
// (a few milliseconds for 10k entities), so build it once per landscape.
func NewHistory(l *Landscape) *History {
	h := &History{l: l}
	h.founded = make([]int, len(l.Entities))
	for i := range l.Entities {
		h.founded[i] = MustDate(l.Entities[i].Founded).key()
	}

	n := len(l.Relations)
	h.start, h.end = make([]int, n), make([]int, n)
	h.from, h.to = make([]int32, n), make([]int32, n)
	for i := range l.Relations {
		r := &l.Relations[i]
		h.start[i] = MustDate(r.Start).key()
		h.end[i] = math.MaxInt
		if r.End != "" {
			h.end[i] = MustDate(r.End).last().key()
		}
		h.from[i] = int32(l.entityIndex[r.From])
		h.to[i] = int32(l.entityIndex[r.To])
	}

	// posOf is already oldest first, stable in file order for equal dates,
	// which keeps LatestPosition's "later in the file wins".
	nAxes := len(l.Axes)
	h.off = make([]int32, len(l.Entities)*nAxes+1)
	h.pos = make([]int32, 0, len(l.Positions))
	h.posKey = make([]int, 0, len(l.Positions))
	for e := range l.Entities {
		idx := l.posOf[l.Entities[e].ID]
		for a := range nAxes {
			h.off[e*nAxes+a] = int32(len(h.pos))
			for _, i := range idx {
				if p := &l.Positions[i]; p.Axis == l.Axes[a].ID {
					h.pos = append(h.pos, int32(i))
					h.posKey = append(h.posKey, MustDate(p.Date).key())
				}
			}
		}
	}
	h.off[len(h.off)-1] = int32(len(h.pos))

	h.events = make([]int, len(l.Events))
	h.evFirst = make([]int, len(l.Events))
	h.evLast = make([]int, len(l.Events))
	for i := range l.Events {
		h.events[i] = i
		d := MustDate(l.Events[i].Date)
		h.evFirst[i], h.evLast[i] = d.key(), d.last().key()
	}
	slices.SortFunc(h.events, func(a, b int) int {
		return cmp.Or(cmp.Compare(h.evFirst[a], h.evFirst[b]), cmp.Compare(l.Events[a].ID, l.Events[b].ID))
	})
	return h
}

// Landscape is the landscape h was built from.
func (h *History) Landscape() *Landscape { return h.l }

// period gives the keys of the first and last day at covers; a zero at
// means the landscape's as_of date, "as things stand".
func (h *History) period(at Date) (first, last int) {
	at = h.resolve(at)
	if at.IsZero() {
		return math.MaxInt, math.MaxInt // no as_of either: after everything
	}
	return at.key(), at.last().key()
}

// resolve reads a zero date as the landscape's as_of date.
func (h *History) resolve(at Date) Date {
	if at.IsZero() {
		return MustDate(h.l.AsOf)
	}
	return at
}

// Snapshot is the landscape as it stood at one date: what every view (map,
// table, compare, stance plane) shows when the year slider is there.
type Snapshot struct {
	// At is the date asked for; a year or month runs to its end.
	At Date

	h      *History
	exists []bool  // per entity
	active []bool  // per relation
	latest []int32 // per entity × axis: index into Positions, or -1
	counts [3]int  // entities, relations, positions
}

// At returns the landscape as it stood at at; a year or month means its last
// day, so At(Date{Year: 2014}) is how things stood by the end of 2014, and a
// zero at means the landscape's as_of date. In the snapshot:
//   - an entity exists if it was founded on or before that day, or is undated;
//   - a relation is active if it had started by that day and had not ended
//     before the period began (a relation ending in 2016 is active in 2016,
//     as in Relation.ActiveIn), and both its ends exist, since a tie to a
//     forum not yet founded has nothing to be drawn to;
//   - each existing entity's stance on an axis is its latest position dated on
//     or before that day (as LatestPosition); an entity not yet founded has none.
func (h *History) At(at Date) *Snapshot {
	first, last := h.period(at)
	l := h.l
	nAxes := len(l.Axes)
	s := &Snapshot{
		At:     at,
		h:      h,
		exists: make([]bool, len(l.Entities)),
		active: make([]bool, len(l.Relations)),
		latest: make([]int32, len(l.Entities)*nAxes),
	}
	for i, f := range h.founded {
		if f <= last {
			s.exists[i] = true
			s.counts[0]++
		}
	}
	for i, st := range h.start {
		if st <= last && h.end[i] >= first && s.exists[h.from[i]] && s.exists[h.to[i]] {
			s.active[i] = true
			s.counts[1]++
		}
	}
	for p := range s.latest {
		s.latest[p] = -1
		if !s.exists[p/nAxes] {
			continue
		}
		lo, hi := int(h.off[p]), int(h.off[p+1])
		// Most pairs hold one to three positions: a backward scan beats a
		// binary search at that size.
		for j := hi - 1; j >= lo; j-- {
			if h.posKey[j] <= last {
				s.latest[p] = h.pos[j]
				s.counts[2]++
				break
			}
		}
	}
	return s
}

// Exists reports whether the entity id existed at the snapshot's date.
func (s *Snapshot) Exists(id string) bool {
	i, ok := s.h.l.entityIndex[id]
	return ok && s.exists[i]
}

// Entities returns the entities that existed, in dataset order.
func (s *Snapshot) Entities() []*Entity {
	out := make([]*Entity, 0, s.counts[0])
	for i, ok := range s.exists {
		if ok {
			out = append(out, &s.h.l.Entities[i])
		}
	}
	return out
}

// Relations returns the relations that were active, in file order.
func (s *Snapshot) Relations() []*Relation {
	out := make([]*Relation, 0, s.counts[1])
	for i, ok := range s.active {
		if ok {
			out = append(out, &s.h.l.Relations[i])
		}
	}
	return out
}

// Position returns the entity's stance on the axis at the snapshot's date: its
// latest position dated on or before it.
func (s *Snapshot) Position(entity, axis string) (*Position, bool) {
	e, ok := s.h.l.entityIndex[entity]
	if !ok {
		return nil, false
	}
	a, ok := s.h.l.axisIndex[axis]
	if !ok {
		return nil, false
	}
	i := s.latest[e*len(s.h.l.Axes)+a]
	if i < 0 {
		return nil, false
	}
	return &s.h.l.Positions[i], true
}

// Counts returns how many entities existed, relations were active and
// (entity, axis) stances were held at the snapshot's date.
func (s *Snapshot) Counts() (entities, relations, stances int) {
	return s.counts[0], s.counts[1], s.counts[2]
}

// Change is what happened between two dates: the difference between the
// landscape at From and at To, with the dataset's evidence for each item.
// Every list is in a fixed order: by date, then by id or file order.
type Change struct {
	// From and To are the dates compared, From not after To; each runs to
	// the end of its period, so a Change from 2014 to 2022 covers 2015-01-01
	// to 2022-12-31.
	From, To Date
	// Founded are the entities founded in the period (forums, mostly: other
	// kinds rarely carry a founding date).
	Founded []*Entity
	// Started are the relations whose start falls in the period; Ended those
	// that held in From's period and ended before To's began. A relation
	// both starting and ending in between is in both.
	Started, Ended []*Relation
	// Moved are the stances that differ between the two dates.
	Moved []Move
	// Events are the events dated in the period.
	Events []*Event

	l *Landscape
}

// Move is one entity's change of stance on one axis between two dates.
type Move struct {
	Entity *Entity
	Axis   *Axis
	// From is the latest position at the earlier date; nil when the entity
	// took its first stance on the axis in between.
	From *Position
	// To is the latest position at the later date, whose evidence and
	// sources say why the stance moved.
	To *Position
}

// Diff returns what changed between the landscape at from and at to (given
// in either order): entities founded, relations started and ended, stances
// moved and events that took place after from's period and up to the end of
// to's. A zero date means the landscape's as_of date. Relations are reported by their own dates, even where an end was not
// yet founded and a snapshot would not show them. A stance is listed when the
// latest positions at the two dates differ in score, or when the entity had
// none at from; a re-dated position with an unchanged score, or a stance
// that moved and moved back in between, is not a change of the landscape.
func (h *History) Diff(from, to Date) *Change {
	from, to = h.resolve(from), h.resolve(to)
	if to.Before(from) {
		from, to = to, from
	}
	l := h.l
	c := &Change{From: from, To: to, l: l}
	fromFirst, fromLast := h.period(from)
	toFirst, toLast := h.period(to)
	within := func(k int) bool { return k > fromLast && k <= toLast }

	for i, f := range h.founded {
		if f != 0 && within(f) {
			c.Founded = append(c.Founded, &l.Entities[i])
		}
	}
	slices.SortStableFunc(c.Founded, func(a, b *Entity) int {
		return cmp.Or(MustDate(a.Founded).Compare(MustDate(b.Founded)), cmp.Compare(a.ID, b.ID))
	})

	var started, ended []int
	for i := range l.Relations {
		if h.start[i] != 0 && within(h.start[i]) {
			started = append(started, i)
		}
		if h.end[i] != math.MaxInt && h.end[i] >= fromFirst && h.end[i] < toFirst {
			ended = append(ended, i)
		}
	}
	// Stable sorts on file order keep relations of the same date in the
	// order the dataset lists them.
	sort.SliceStable(started, func(a, b int) bool { return h.start[started[a]] < h.start[started[b]] })
	sort.SliceStable(ended, func(a, b int) bool { return h.end[ended[a]] < h.end[ended[b]] })
	for _, i := range started {
		c.Started = append(c.Started, &l.Relations[i])
	}
	for _, i := range ended {
		c.Ended = append(c.Ended, &l.Relations[i])
	}

	before, after := h.At(from), h.At(to)
	nAxes := len(l.Axes)
	for p, ni := range after.latest {
		oi := before.latest[p]
		if ni < 0 || ni == oi || (oi >= 0 && l.Positions[oi].Score == l.Positions[ni].Score) {
			continue
		}
		m := Move{Entity: &l.Entities[p/nAxes], Axis: &l.Axes[p%nAxes], To: &l.Positions[ni]}
		if oi >= 0 {
			m.From = &l.Positions[oi]
		}
		c.Moved = append(c.Moved, m)
	}
	// after.latest is by entity then axis already; order by date on top.
	slices.SortStableFunc(c.Moved, func(a, b Move) int {
		return MustDate(a.To.Date).Compare(MustDate(b.To.Date))
	})

	for _, i := range h.events { // by date then id
		if within(h.evFirst[i]) {
			c.Events = append(c.Events, &l.Events[i])
		}
	}
	return c
}

// Empty reports whether nothing changed.
func (c *Change) Empty() bool {
	return len(c.Founded) == 0 && len(c.Started) == 0 && len(c.Ended) == 0 &&
		len(c.Moved) == 0 && len(c.Events) == 0
}

// Sources returns every source the change cites — its founded entities,
// relations, moved positions (both ends of a move) and events — each once,
// in that order.
func (c *Change) Sources() []*Source {
	set := sourceSet{l: c.l}
	add := set.add
	for _, e := range c.Founded {
		add(e.Sources)
	}
	for _, r := range c.Started {
		add(r.Sources)
	}
	for _, r := range c.Ended {
		add(r.Sources)
	}
	for _, m := range c.Moved {
		if m.From != nil {
			add(m.From.Sources)
		}
		add(m.To.Sources)
	}
	for _, ev := range c.Events {
		add(ev.Sources)
	}
	return set.out
}

// EventFilter picks the events a timeline shows. Zero dates leave that end of
// the range open; an empty Entities keeps events of every entity.
type EventFilter struct {
	// From and To bound the range, each covering its whole period: an event
	// is in it if its own period overlaps, so From 2014 keeps an event dated
	// "2014" and To 2014-06 keeps one dated "2014-06".
	From, To Date
	// Entities keeps only events naming at least one of these ids, such as
	// the compare set or the entities passing the filters.
	Entities []string
}

// Timeline returns the events f picks, by date then id.
func (h *History) Timeline(f EventFilter) []*Event {
	first, last := math.MinInt, math.MaxInt
	if !f.From.IsZero() {
		first = f.From.key()
	}
	if !f.To.IsZero() {
		last = f.To.last().key()
	}
	var want map[string]bool
	if len(f.Entities) > 0 {
		want = make(map[string]bool, len(f.Entities))
		for _, id := range f.Entities {
			want[id] = true
		}
	}
	out := []*Event{}
	for _, i := range h.events {
		if h.evFirst[i] > last || h.evLast[i] < first {
			continue
		}
		ev := &h.l.Events[i]
		if want != nil && !slices.ContainsFunc(ev.Entities, func(id string) bool { return want[id] }) {
			continue
		}
		out = append(out, ev)
	}
	return out
}

// LaneBy says how a timeline groups its events into lanes.
type LaneBy int

const (
	// ByForum gives each forum its own lane; events naming no forum share
	// one last lane with an empty ID.
	ByForum LaneBy = iota
	// ByKind gives each kind of entity a lane, in the order of Kinds.
	ByKind
)

// Lane is one row of the timeline.
type Lane struct {
	// ID is the forum's id (ByForum) or the kind (ByKind); empty for the
	// lane of events naming no forum.
	ID string
	// Label is what the lane is called on screen: the forum's short name,
	// the kind, or "No forum".
	Label  string
	Events []*Event
}

// Lanes groups events into lanes, keeping their order within each lane. An
// event naming two forums (or entities of two kinds) is in both lanes, as it
// belongs to both stories. By forum, lanes come in the order of their first
// event, so a date-ordered list reads top to bottom as the story unfolds.
func (h *History) Lanes(events []*Event, by LaneBy) []Lane {
	lanes := []Lane{}
	at := map[string]int{} // lane id → index in lanes
	var none []*Event
	add := func(id, label string, ev *Event) {
		i, ok := at[id]
		if !ok {
			i = len(lanes)
			at[id] = i
			lanes = append(lanes, Lane{ID: id, Label: label})
		}
		if n := len(lanes[i].Events); n == 0 || lanes[i].Events[n-1] != ev {
			lanes[i].Events = append(lanes[i].Events, ev)
		}
	}
	for _, ev := range events {
		placed := false
		for _, id := range ev.Entities {
			e, ok := h.l.Entity(id)
			if !ok {
				continue
			}
			switch {
			case by == ByKind:
				add(e.Kind, e.Kind, ev)
				placed = true
			case e.Kind == "forum":
				add(e.ID, e.Label(), ev)
				placed = true
			}
		}
		if !placed {
			none = append(none, ev)
		}
	}
	if by == ByKind {
		slices.SortStableFunc(lanes, func(a, b Lane) int {
			return cmp.Compare(slices.Index(Kinds, a.ID), slices.Index(Kinds, b.ID))
		})
	}
	if len(none) > 0 {
		lanes = append(lanes, Lane{Label: "No forum", Events: none})
	}
	return lanes
}
