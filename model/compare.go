package model

import (
	"fmt"
	"slices"
	"strings"
)

// MinCompared and MaxCompared bound how many entities one comparison holds:
// fewer than two is not a comparison, and more than six no longer fit side by
// side in the Compare tab or a readable table.
const (
	MinCompared = 2
	MaxCompared = 6
)

// UnknownEntityError is Compare's complaint about ids the landscape does not
// hold. It is a type of its own so that callers can tell it from a wrong
// request and suggest what was meant.
type UnknownEntityError struct {
	IDs []string // in the order they were asked for
}

// Error names the unknown ids, quoted, as Compare was given them.
func (e *UnknownEntityError) Error() string {
	quoted := make([]string, len(e.IDs))
	for i, id := range e.IDs {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	if len(quoted) == 1 {
		return "no entity has the id " + quoted[0]
	}
	return "no entities have the ids " + strings.Join(quoted, ", ")
}

// Comparison is 2–6 entities side by side as they stood at one date: their
// facts, their stance on every axis with its history, where they differ, the
// forums and participants they share, and how close each pair stands.
// Stances are read at the date; relation counts and participation cover
// every year, as Overlap does: they record who has ever sat together.
// Everything is in a fixed order (entities as asked, axes as in the dataset,
// other lists by name) so exports and tests are stable.
type Comparison struct {
	// At is the date stances were read at, in the precision given; empty
	// means the latest position of all.
	At       string           `json:"at"`
	Entities []ComparedEntity `json:"entities"`
	Axes     []AxisComparison `json:"axes"`
	Summary  Summary          `json:"summary"`
	// Actors holds the forums the compared non-forum entities take part
	// in, Forums the participants the compared forums share. Each is nil
	// when fewer than two entities of its sort are compared, as there is
	// nothing to set side by side.
	Actors *Shared `json:"actors"`
	Forums *Shared `json:"forums"`
	// Agreement holds one entry per pair, in the order of Entities
	// (first with second, first with third, …, second with third, …).
	Agreement []Agreement `json:"agreement"`
	// Sources are those cited by the stances shown, in the order they are
	// first cited reading Axes row by row: the Markdown footnote order.
	Sources []*Source `json:"sources"`
}

// ComparedEntity is one column of a comparison: who the entity is.
type ComparedEntity struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Short   string `json:"short"`
	Kind    string `json:"kind"`
	Region  string `json:"region"`
	Founded string `json:"founded"`
	// Model is the forum's governance model; empty for entities that are
	// not forums, which have none.
	Model string `json:"model"`
	// Relations counts the entity's relations over all years.
	Relations int `json:"relations"`
}

// IsForum reports whether the entity is a forum, the one kind with a
// governance model and participants rather than forums.
func (e *ComparedEntity) IsForum() bool { return e.Kind == "forum" }

// AxisComparison is one row of a comparison: each entity's stance on an axis.
type AxisComparison struct {
	Axis *Axis `json:"axis"`
	// Stances is parallel to Comparison.Entities.
	Stances []Stance `json:"stances"`
	// Held is how many of the entities hold a position on the axis.
	Held int `json:"held"`
	// Spread is the highest score minus the lowest among those held; nil
	// when fewer than two hold one, since one score is not a spread.
	Spread *int `json:"spread"`
	// Differ is whether Spread is DifferBy or more.
	Differ bool `json:"differ"`
}

// DifferBy is the spread at which entities are said to differ on an axis:
// two points is a whole step across neutral or from one pole to its middle.
const DifferBy = 2

// Stance is one entity's latest position on an axis and how it got there.
type Stance struct {
	Entity string `json:"entity"`
	// Position is the latest at the comparison's date; nil means "no
	// position", which is not a score of 0.
	Position *Position `json:"position"`
	// History is every dated score up to the comparison's date, oldest
	// first; its last entry is Position's.
	History []DatedScore `json:"history"`
}

// DatedScore is a score as it stood from a date on.
type DatedScore struct {
	Date  string `json:"date"`
	Score int    `json:"score"`
}

// Summary says on which axes the entities agree and differ most, among the
// axes at least two of them hold a position on.
type Summary struct {
	// Compared is how many axes two or more of the entities hold a
	// position on; the rest say nothing about agreement. When it is 0 the
	// other fields are empty.
	Compared int `json:"compared"`
	// Agree lists the axis ids with the smallest spread, Differ those with
	// the largest, in dataset order. When every compared axis has the same
	// spread both list them all.
	Agree        []string `json:"agree"`
	AgreeSpread  int      `json:"agree_spread"`
	Differ       []string `json:"differ"`
	DifferSpread int      `json:"differ_spread"`
	// Differing is how many axes have a spread of DifferBy or more.
	Differing int `json:"differing"`
}

// Ref names an entity a comparison mentions without comparing it: a forum
// the compared actors share, a participant of the compared forums.
type Ref struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Short string `json:"short"`
	Kind  string `json:"kind"`
}

// Label is the short name where there is one, else the name.
func (r Ref) Label() string {
	if r.Short != "" {
		return r.Short
	}
	return r.Name
}

// Shared is what one group of compared entities — the actors, or the forums —
// has in common: for actors the forums they take part in, for forums their
// participants ("counterparts"). The group's own members are left out of
// its counterparts, as Overlap leaves out the pair it compares.
type Shared struct {
	// Members are the ids of the group's compared entities, in compare order.
	Members []string `json:"members"`
	// Common are the counterparts every member has.
	Common       []Ref       `json:"common"`
	CommonByKind []KindCount `json:"common_by_kind"`
	// Own is parallel to Members: each member's counterparts that no other
	// member has.
	Own [][]Ref `json:"own"`
	// Pairs compares the members two by two, in compare order.
	Pairs []PairOverlap `json:"pairs"`
}

// PairOverlap is Overlap for two compared entities, with the shared
// counterparts counted by kind ("3 states, 1 company sit in both").
type PairOverlap struct {
	A       string      `json:"a"`
	B       string      `json:"b"`
	Shared  []Ref       `json:"shared"`
	OnlyA   []Ref       `json:"only_a"`
	OnlyB   []Ref       `json:"only_b"`
	Jaccard float64     `json:"jaccard"`
	ByKind  []KindCount `json:"by_kind"`
}

// KindCount is how many entities of one kind a list holds.
type KindCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// Agreement is how close two compared entities stand: the mean absolute
// difference of their scores over the axes both hold a position on at the
// comparison's date (0 the same stance, 4 opposite poles).
type Agreement struct {
	A string `json:"a"`
	B string `json:"b"`
	// Distance is nil when no axis is held by both: there is nothing to
	// measure, which is not the same as standing together.
	Distance *float64 `json:"distance"`
	// Axes is how many axes Distance rests on.
	Axes int `json:"axes"`
}

// Compare sets 2–6 entities of l side by side with their stances as they
// stood at at (a zero at reads the latest of all; a year or month runs to its
// end, as LatestPosition reads it). It refuses a count outside MinCompared–
// MaxCompared, an id given twice, and ids l does not hold (with an
// *UnknownEntityError naming every one).
func Compare(l *Landscape, ids []string, at Date) (*Comparison, error) {
	if n := len(ids); n < MinCompared || n > MaxCompared {
		return nil, fmt.Errorf("compare %d entities: want %d to %d", n, MinCompared, MaxCompared)
	}
	var unknown []string
	seen := map[string]bool{}
	ents := make([]*Entity, 0, len(ids))
	for _, id := range ids {
		e, ok := l.Entity(id)
		switch {
		case !ok:
			unknown = append(unknown, id)
		case seen[id]:
			return nil, fmt.Errorf("%q is listed twice: compare it with others", id)
		default:
			seen[id] = true
			ents = append(ents, e)
		}
	}
	if len(unknown) > 0 {
		return nil, &UnknownEntityError{IDs: unknown}
	}

	c := &Comparison{At: at.String()}
	for _, e := range ents {
		ce := ComparedEntity{ID: e.ID, Name: e.Name, Short: e.Short, Kind: e.Kind, Region: e.Region,
			Founded: e.Founded, Relations: l.relationsIn(e.ID, at.Year)}
		if IsForum(e) {
			ce.Model = e.Model
		}
		c.Entities = append(c.Entities, ce)
	}
	c.compareAxes(l, ents, at)
	c.summarise()
	c.agree()

	var actors, forums []*Entity
	for _, e := range ents {
		if IsForum(e) {
			forums = append(forums, e)
		} else {
			actors = append(actors, e)
		}
	}
	c.Actors = l.shared(actors, at.Year, IsForum)
	c.Forums = l.shared(forums, at.Year, nil)
	return c, nil
}

// compareAxes fills one row per axis of l, and the sources those rows cite.
func (c *Comparison) compareAxes(l *Landscape, ents []*Entity, at Date) {
	// history[i][axis] is entity i's positions on axis up to at.
	history := make([]map[string][]*Position, len(ents))
	for i, e := range ents {
		history[i] = map[string][]*Position{}
		for _, ap := range l.PositionsByAxis(e.ID, at) {
			history[i][ap.Axis.ID] = ap.Positions
		}
	}
	cited := map[string]bool{}
	for ai := range l.Axes {
		a := &l.Axes[ai]
		row := AxisComparison{Axis: a}
		lo, hi := MaxScore+1, MinScore-1
		for i, e := range ents {
			s := Stance{Entity: e.ID, History: []DatedScore{}}
			for _, p := range history[i][a.ID] {
				s.History = append(s.History, DatedScore{Date: p.Date, Score: p.Score})
			}
			if p, ok := l.LatestPosition(e.ID, a.ID, at); ok {
				s.Position = p
				row.Held++
				lo, hi = min(lo, p.Score), max(hi, p.Score)
				for _, id := range p.Sources {
					if src, ok := l.Source(id); ok && !cited[id] {
						cited[id] = true
						c.Sources = append(c.Sources, src)
					}
				}
			}
			row.Stances = append(row.Stances, s)
		}
		if row.Held >= 2 {
			spread := hi - lo
			row.Spread = &spread
			row.Differ = spread >= DifferBy
		}
		c.Axes = append(c.Axes, row)
	}
}

// summarise finds the axes of least and greatest spread.
func (c *Comparison) summarise() {
	s := Summary{Agree: []string{}, Differ: []string{}}
	for _, row := range c.Axes {
		if row.Spread == nil {
			continue
		}
		sp := *row.Spread
		if row.Differ {
			s.Differing++
		}
		if s.Compared == 0 || sp < s.AgreeSpread {
			s.Agree, s.AgreeSpread = nil, sp
		}
		if s.Compared == 0 || sp > s.DifferSpread {
			s.Differ, s.DifferSpread = nil, sp
		}
		if sp == s.AgreeSpread {
			s.Agree = append(s.Agree, row.Axis.ID)
		}
		if sp == s.DifferSpread {
			s.Differ = append(s.Differ, row.Axis.ID)
		}
		s.Compared++
	}
	c.Summary = s
}

// agree measures every pair's distance over the axes both hold.
func (c *Comparison) agree() {
	c.Agreement = []Agreement{}
	for i := range c.Entities {
		for j := i + 1; j < len(c.Entities); j++ {
			ag := Agreement{A: c.Entities[i].ID, B: c.Entities[j].ID}
			sum := 0
			for _, row := range c.Axes {
				p, q := row.Stances[i].Position, row.Stances[j].Position
				if p == nil || q == nil {
					continue
				}
				sum += max(p.Score-q.Score, q.Score-p.Score)
				ag.Axes++
			}
			if ag.Axes > 0 {
				d := float64(sum) / float64(ag.Axes)
				ag.Distance = &d
			}
			c.Agreement = append(c.Agreement, ag)
		}
	}
}

// Pair returns the agreement between the compared entities a and b, in
// either order.
func (c *Comparison) Pair(a, b string) (Agreement, bool) {
	for _, ag := range c.Agreement {
		if (ag.A == a && ag.B == b) || (ag.A == b && ag.B == a) {
			return ag, true
		}
	}
	return Agreement{}, false
}

// shared compares the counterparts (those keep accepts) of a group of
// entities; nil for fewer than two.
func (l *Landscape) shared(members []*Entity, year int, keep func(*Entity) bool) *Shared {
	if len(members) < 2 {
		return nil
	}
	s := &Shared{Common: []Ref{}, Own: make([][]Ref, len(members)), Pairs: []PairOverlap{}}
	inGroup := map[string]bool{}
	for _, m := range members {
		s.Members = append(s.Members, m.ID)
		inGroup[m.ID] = true
	}
	// holders counts how many members have each counterpart.
	holders := map[string]int{}
	sets := make([][]*Entity, len(members))
	for i, m := range members {
		for _, e := range l.Counterparts(m.ID, year, keep) {
			if !inGroup[e.ID] {
				sets[i] = append(sets[i], e)
				holders[e.ID]++
			}
		}
	}
	var common []*Entity
	for i, set := range sets {
		var own []*Entity
		for _, e := range set {
			switch holders[e.ID] {
			case 1:
				own = append(own, e)
			case len(members):
				if i == 0 {
					common = append(common, e)
				}
			}
		}
		s.Own[i] = l.refs(own)
	}
	s.Common = l.refs(common)
	s.CommonByKind = byKind(s.Common)
	for i := range members {
		for j := i + 1; j < len(members); j++ {
			o := l.Overlap(members[i].ID, members[j].ID, year, keep)
			p := PairOverlap{A: members[i].ID, B: members[j].ID, Shared: l.refs(o.Shared),
				OnlyA: l.refs(o.OnlyA), OnlyB: l.refs(o.OnlyB), Jaccard: o.Jaccard}
			p.ByKind = byKind(p.Shared)
			s.Pairs = append(s.Pairs, p)
		}
	}
	return s
}

// refs names entities in name order, so lists read alphabetically whatever
// the order of the relations in the file.
func (l *Landscape) refs(es []*Entity) []Ref {
	sorted := slices.Clone(es)
	slices.SortFunc(sorted, func(a, b *Entity) int {
		return l.nameOrder[l.entityIndex[a.ID]] - l.nameOrder[l.entityIndex[b.ID]]
	})
	out := make([]Ref, len(sorted))
	for i, e := range sorted {
		out[i] = Ref{ID: e.ID, Name: e.Name, Short: e.Short, Kind: e.Kind}
	}
	return out
}

// byKind counts refs by kind, in the order of Kinds, leaving out kinds with none.
func byKind(refs []Ref) []KindCount {
	n := map[string]int{}
	for _, r := range refs {
		n[r.Kind]++
	}
	out := []KindCount{}
	for _, k := range Kinds {
		if n[k] > 0 {
			out = append(out, KindCount{Kind: k, Count: n[k]})
		}
	}
	return out
}

// Lean names the pole a score leans to: the negative pole's label below 0,
// the positive's above, and "neutral" at 0, which leans to neither.
func (a *Axis) Lean(score int) string {
	switch {
	case score < 0:
		return a.Neg.Label
	case score > 0:
		return a.Pos.Label
	}
	return "neutral"
}

// relationsIn counts id's relations active in year (all of them for year 0).
func (l *Landscape) relationsIn(id string, year int) int {
	n := 0
	for _, r := range l.RelationsOf(id) {
		if year == 0 || r.ActiveIn(year) {
			n++
		}
	}
	return n
}
