package model

import (
	"sort"
	"strings"
)

// Filter narrows the entities shown. Empty sets and a zero Year mean "no limit".
type Filter struct {
	Query   string
	Kinds   map[string]bool
	Regions map[string]bool
	// Models keeps only forums governed by one of these models.
	Models map[string]bool
	// Year keeps entities that existed in that year: founded in it or before, or undated.
	Year int
}

// IsZero reports whether f lets everything through.
func (f Filter) IsZero() bool {
	return strings.TrimSpace(f.Query) == "" && len(f.Kinds) == 0 && len(f.Regions) == 0 &&
		len(f.Models) == 0 && f.Year == 0
}

// Match reports whether e passes every facet of f but the query.
func (f Filter) Match(e *Entity) bool {
	if len(f.Kinds) > 0 && !f.Kinds[e.Kind] {
		return false
	}
	if len(f.Regions) > 0 && !f.Regions[e.Region] {
		return false
	}
	if len(f.Models) > 0 && !f.Models[e.Model] {
		return false
	}
	return f.Year == 0 || e.ExistsIn(f.Year)
}

// ExistsIn reports whether e had been founded by the end of year y; an entity
// without a founding date is taken to exist throughout.
func (e *Entity) ExistsIn(y int) bool {
	if e.founded.ok {
		return e.founded.from == 0 || e.founded.from <= y
	}
	return e.Founded == "" || MustDate(e.Founded).Year <= y
}

// ActiveIn reports whether r held at some time during year y: it had started by
// then (or has no start) and had not ended before it.
func (r *Relation) ActiveIn(y int) bool {
	if r.span.ok {
		return (r.span.from == 0 || r.span.from <= y) && (r.span.to == 0 || r.span.to >= y)
	}
	if r.Start != "" && MustDate(r.Start).Year > y {
		return false
	}
	return r.End == "" || MustDate(r.End).Year >= y
}

// Apply returns the entities passing f: ranked by relevance when f has a query,
// otherwise in dataset order.
func (l *Landscape) Apply(f Filter) []*Entity {
	if strings.TrimSpace(f.Query) != "" {
		hits := l.Search(f.Query)
		out := make([]*Entity, 0, len(hits))
		for _, h := range hits {
			if f.Match(h.Entity) {
				out = append(out, h.Entity)
			}
		}
		return out
	}
	out := make([]*Entity, 0, len(l.Entities))
	for i := range l.Entities {
		if f.Match(&l.Entities[i]) {
			out = append(out, &l.Entities[i])
		}
	}
	return out
}

// Regions lists the regions used by entities, sorted.
func (l *Landscape) Regions() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range l.Entities {
		if e.Region != "" && !seen[e.Region] {
			seen[e.Region] = true
			out = append(out, e.Region)
		}
	}
	sort.Strings(out)
	return out
}

// YearRange is the span of years the dataset's dates cover.
func (l *Landscape) YearRange() (first, last int) {
	note := func(s string) {
		d := MustDate(s)
		if d.IsZero() {
			return
		}
		if first == 0 || d.Year < first {
			first = d.Year
		}
		if d.Year > last {
			last = d.Year
		}
	}
	for _, e := range l.Entities {
		note(e.Founded)
	}
	for _, r := range l.Relations {
		note(r.Start)
	}
	for _, p := range l.Positions {
		note(p.Date)
	}
	for _, ev := range l.Events {
		note(ev.Date)
	}
	note(l.AsOf)
	return first, last
}

// LatestPosition returns the entity's most recent position on the axis dated at
// or before at; a zero at means "latest of all", and a year or month at runs to
// its end. Of positions on the same date the one later in the file wins.
func (l *Landscape) LatestPosition(entity, axis string, at Date) (*Position, bool) {
	var best *Position
	at = at.last()
	for _, i := range l.posOf[entity] { // oldest first
		p := &l.Positions[i]
		if p.Axis != axis {
			continue
		}
		if !at.IsZero() && at.Before(MustDate(p.Date)) {
			break
		}
		best = p
	}
	return best, best != nil
}

// HappenedBy reports whether ev took place in year y or before.
func (ev *Event) HappenedBy(y int) bool { return MustDate(ev.Date).Year <= y }

// Other returns the entity on the far side of r from id.
func (r *Relation) Other(id string) string {
	if r.From == id {
		return r.To
	}
	return r.From
}

// Counterparts returns the distinct entities related to id, in first-seen order,
// keeping only those keep accepts (nil keeps all). A zero year counts every
// relation; otherwise only those active in that year.
func (l *Landscape) Counterparts(id string, year int, keep func(*Entity) bool) []*Entity {
	seen := map[string]bool{id: true}
	var out []*Entity
	for _, i := range l.relsOf[id] {
		r := &l.Relations[i]
		if year != 0 && !r.ActiveIn(year) {
			continue
		}
		o := r.Other(id)
		if seen[o] {
			continue
		}
		seen[o] = true
		e, _ := l.Entity(o)
		if keep == nil || keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// IsForum keeps forums; a Counterparts filter.
func IsForum(e *Entity) bool { return e.Kind == "forum" }

// ForumCount is how many distinct forums id is related to; a non-zero year
// counts only relations active then.
func (l *Landscape) ForumCount(id string, year int) int {
	return len(l.Counterparts(id, year, IsForum))
}

// Neighbours returns every entity within k relation steps of id, with its
// distance (id itself at 0). A non-zero year follows only relations active then.
func (l *Landscape) Neighbours(id string, k, year int) map[string]int {
	dist := map[string]int{}
	if _, ok := l.entityIndex[id]; !ok {
		return dist
	}
	dist[id] = 0
	frontier := []string{id}
	for d := 1; d <= k && len(frontier) > 0; d++ {
		var next []string
		for _, cur := range frontier {
			for _, i := range l.relsOf[cur] {
				r := &l.Relations[i]
				if year != 0 && !r.ActiveIn(year) {
					continue
				}
				o := r.Other(cur)
				if _, seen := dist[o]; !seen {
					dist[o] = d
					next = append(next, o)
				}
			}
		}
		frontier = next
	}
	return dist
}

// Overlap compares the counterparts of two entities: those they share, those
// only one has, and the Jaccard index |shared| / |either|.
type Overlap struct {
	Shared, OnlyA, OnlyB []*Entity
	Jaccard              float64
}

// Overlap compares a's and b's counterparts, keeping those keep accepts (nil
// keeps all; IsForum compares forum memberships). Each is left out of the
// other's set, so a direct tie between them does not count as shared. A
// non-zero year counts only the relations active then.
func (l *Landscape) Overlap(a, b string, year int, keep func(*Entity) bool) Overlap {
	ca := l.Counterparts(a, year, keep)
	cb := l.Counterparts(b, year, keep)
	inB := map[string]bool{}
	for _, e := range cb {
		inB[e.ID] = true
	}
	var o Overlap
	inA := map[string]bool{}
	for _, e := range ca {
		if e.ID == b {
			continue
		}
		inA[e.ID] = true
		if inB[e.ID] {
			o.Shared = append(o.Shared, e)
		} else {
			o.OnlyA = append(o.OnlyA, e)
		}
	}
	for _, e := range cb {
		if e.ID != a && !inA[e.ID] {
			o.OnlyB = append(o.OnlyB, e)
		}
	}
	if union := len(o.Shared) + len(o.OnlyA) + len(o.OnlyB); union > 0 {
		o.Jaccard = float64(len(o.Shared)) / float64(union)
	}
	return o
}

// RoleGroup is the relations of one entity that share a role and a direction.
type RoleGroup struct {
	Role string
	// Incoming is true when the entity is the relation's To side ("China is
	// host of WIC" is incoming for WIC).
	Incoming  bool
	Relations []*Relation
}

// GroupRelations returns id's relations grouped by role and direction, in the
// order of Roles, outgoing before incoming. A non-zero year keeps only the
// relations active then.
func (l *Landscape) GroupRelations(id string, year int) []RoleGroup {
	type key struct {
		role string
		in   bool
	}
	groups := map[key][]*Relation{}
	for _, r := range l.RelationsOf(id) {
		if year != 0 && !r.ActiveIn(year) {
			continue
		}
		k := key{r.Role, r.To == id}
		groups[k] = append(groups[k], r)
	}
	var out []RoleGroup
	for _, role := range Roles {
		for _, in := range []bool{false, true} {
			if rs := groups[key{role, in}]; len(rs) > 0 {
				out = append(out, RoleGroup{Role: role, Incoming: in, Relations: rs})
			}
		}
	}
	return out
}

// SourcesOf returns every source cited about id — by the entity itself, its
// positions, relations and events — each once, in that order.
func (l *Landscape) SourcesOf(id string) []*Source {
	c := sourceSet{l: l}
	if e, ok := l.Entity(id); ok {
		c.add(e.Sources)
	}
	for _, p := range l.PositionsOf(id) {
		c.add(p.Sources)
	}
	for _, r := range l.RelationsOf(id) {
		c.add(r.Sources)
	}
	for _, ev := range l.EventsOf(id) {
		c.add(ev.Sources)
	}
	return c.out
}

// sourceSet gathers the sources records cite, each once, in the order they
// are first cited: the Sources list of the inspector and of a diff.
type sourceSet struct {
	l    *Landscape
	seen map[string]bool
	out  []*Source
}

func (c *sourceSet) add(ids []string) {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	for _, id := range ids {
		if !c.seen[id] {
			c.seen[id] = true
			if s, ok := c.l.Source(id); ok {
				c.out = append(c.out, s)
			}
		}
	}
}

// AxisPositions is an entity's dated positions on one axis, oldest first.
type AxisPositions struct {
	Axis      *Axis
	Positions []*Position
}

// PositionsByAxis returns id's positions grouped by axis, in the dataset's axis
// order; axes it holds no position on are left out. A non-zero at keeps only
// positions dated at or before it; a year or month at runs to its end.
func (l *Landscape) PositionsByAxis(id string, at Date) []AxisPositions {
	byAxis := map[string][]*Position{}
	at = at.last()
	for _, p := range l.PositionsOf(id) {
		if !at.IsZero() && at.Before(MustDate(p.Date)) {
			break // oldest first: the rest are later still
		}
		byAxis[p.Axis] = append(byAxis[p.Axis], p)
	}
	var out []AxisPositions
	for i := range l.Axes {
		if ps := byAxis[l.Axes[i].ID]; len(ps) > 0 {
			out = append(out, AxisPositions{Axis: &l.Axes[i], Positions: ps})
		}
	}
	return out
}

// rolePhrases words each role from both sides: how the From side stands to
// the To side ("host of" WIC), and how the To side sees the From side ("hosted by").
var rolePhrases = map[string][2]string{
	"host":          {"host of", "hosted by"},
	"founder":       {"founder of", "founded by"},
	"secretariat":   {"secretariat of", "secretariat"},
	"member":        {"member of", "members"},
	"participant":   {"takes part in", "participants"},
	"observer":      {"observer at", "observers"},
	"chair":         {"chair of", "chaired by"},
	"signatory":     {"signed", "signed by"},
	"non-signatory": {"did not sign", "not signed by"},
	"boycott":       {"boycotted", "boycotted by"},
	"critic":        {"critic of", "criticised by"},
	"supporter":     {"supporter of", "supported by"},
	"leads":         {"leads", "led by"},
	"affiliated":    {"affiliated with", "affiliated"},
	"funds":         {"funds", "funded by"},
}

// RolePhrase words a relation role from the point of view of one side: the
// From side is "host of" the To side, which is "hosted by" the From side.
func RolePhrase(role string, incoming bool) string {
	p, ok := rolePhrases[role]
	if !ok {
		return role
	}
	if incoming {
		return p[1]
	}
	return p[0]
}

// ForumCounts is ForumCount for every entity at once, in one pass over the
// relations: what the table needs each time the year moves. A zero year
// counts every relation.
func (l *Landscape) ForumCounts(year int) map[string]int {
	out := make(map[string]int, len(l.Entities))
	// seen[j] holds 1 + the index of the last entity that counted forum j,
	// so each forum counts once per entity without a set per entity.
	seen := make([]int, len(l.Entities))
	for i := range l.Entities {
		id := l.Entities[i].ID
		n := 0
		for _, ri := range l.relsOf[id] {
			r := &l.Relations[ri]
			if year != 0 && !r.ActiveIn(year) {
				continue
			}
			j := l.entityIndex[r.Other(id)]
			if j == i || l.Entities[j].Kind != "forum" || seen[j] == i+1 {
				continue
			}
			seen[j] = i + 1
			n++
		}
		out[id] = n
	}
	return out
}
