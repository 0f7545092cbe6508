package app

import (
	"encoding/json"
	"fmt"
	"sort"
)

// StateSchema versions the JSON a saved view keeps its state in. A state of a
// newer version is refused with a message rather than half-read.
const StateSchema = 1

// State is the whole state of an explorer window, as a saved view keeps it:
// what the explorer owns (filters, selection, layout…) and what the window
// owns (the open tab, the map's camera and pinned nodes).
type State struct {
	Version int `json:"version"`

	// The explorer's part.
	Query     string   `json:"query,omitempty"`
	Kinds     []string `json:"kinds,omitempty"`
	Regions   []string `json:"regions,omitempty"`
	Models    []string `json:"models,omitempty"`
	Year      int      `json:"year,omitempty"`
	Selected  string   `json:"selected,omitempty"`
	TableAxis string   `json:"table_axis,omitempty"`
	SortBy    string   `json:"sort_by,omitempty"` // a column name, or "" for relevance/dataset order
	SortDesc  bool     `json:"sort_desc,omitempty"`
	Layout    string   `json:"layout,omitempty"` // "force" or "stance"
	StanceX   string   `json:"stance_x,omitempty"`
	StanceY   string   `json:"stance_y,omitempty"`
	ColourBy  string   `json:"colour_by,omitempty"`
	Focus     int      `json:"focus,omitempty"`
	Compare   []string `json:"compare,omitempty"`
	// CompareAxes are the rows the comparison shows; empty for all.
	CompareAxes []string `json:"compare_axes,omitempty"`

	// The window's part.
	Tab    string                `json:"tab,omitempty"`
	Camera *Camera               `json:"camera,omitempty"`
	Pins   map[string][2]float64 `json:"pins,omitempty"`
}

// Camera is where the map looks: the world point at its centre and the zoom.
type Camera struct {
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Zoom float64 `json:"zoom"`
}

var columnNames = map[Column]string{
	ColName: "name", ColKind: "kind", ColRegion: "region", ColFounded: "founded", ColForums: "forums", ColScore: "score",
}

// Capture returns the explorer's part of its state; the window adds its own.
func (x *Explorer) Capture() State {
	s := State{
		Version:     StateSchema,
		Query:       x.filter.Query,
		Kinds:       keys(x.filter.Kinds),
		Regions:     keys(x.filter.Regions),
		Models:      keys(x.filter.Models),
		Year:        x.filter.Year,
		Selected:    x.selected,
		TableAxis:   x.axis,
		StanceX:     x.stanceX,
		StanceY:     x.stanceY,
		ColourBy:    x.colourBy,
		Focus:       x.focusDepth,
		Compare:     append([]string(nil), x.compare...),
		CompareAxes: append([]string(nil), x.compareAxes...),
		Layout:      "force",
	}
	if x.layout == LayoutStance {
		s.Layout = "stance"
	}
	if x.sorted {
		s.SortBy, s.SortDesc = columnNames[x.sortCol], !x.sortAsc
	}
	return s
}

func keys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Restore puts the explorer into a captured state, all at once, and tells
// listeners once of each kind of change. Ids the dataset lacks (a view from a
// colleague with other data) are dropped and returned, so the caller can say so.
func (x *Explorer) Restore(s State) (missing []string, err error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	set := func(vals []string) map[string]bool {
		if len(vals) == 0 {
			return nil
		}
		m := make(map[string]bool, len(vals))
		for _, v := range vals {
			m[v] = true
		}
		return m
	}
	x.filter.Query = s.Query
	x.filter.Kinds, x.filter.Regions, x.filter.Models = set(s.Kinds), set(s.Regions), set(s.Models)
	x.filter.Year = s.Year
	l := x.Landscape
	axis := func(id, fallback string) string {
		if _, ok := l.Axis(id); ok {
			return id
		}
		if id != "" {
			missing = append(missing, "axis "+id)
		}
		return fallback
	}
	x.axis = axis(s.TableAxis, x.axis)
	x.stanceX = axis(s.StanceX, x.stanceX)
	x.stanceY = axis(s.StanceY, x.stanceY)
	x.colourBy = ""
	if s.ColourBy != "" {
		x.colourBy = axis(s.ColourBy, "")
	}
	x.layout = LayoutForce
	if s.Layout == "stance" {
		x.layout = LayoutStance
	}
	x.focusDepth = max(0, min(3, s.Focus))
	x.sorted = false
	for c, name := range columnNames {
		if name == s.SortBy {
			x.sortCol, x.sortAsc, x.sorted = c, !s.SortDesc, true
		}
	}
	x.compare = x.compare[:0]
	for _, id := range s.Compare {
		if _, ok := l.Entity(id); ok {
			x.compare = append(x.compare, id)
		} else {
			missing = append(missing, id)
		}
	}
	x.compareAxes = nil
	for _, id := range s.CompareAxes {
		if _, ok := l.Axis(id); ok {
			x.compareAxes = append(x.compareAxes, id)
		} else {
			missing = append(missing, "axis "+id)
		}
	}
	if len(x.compareAxes) == len(l.Axes) {
		x.compareAxes = nil
	}
	if s.Selected != "" {
		if _, ok := l.Entity(s.Selected); !ok {
			missing = append(missing, s.Selected)
			s.Selected = ""
		}
	}
	if s.Selected != x.selected {
		if x.selected != "" {
			x.back = append(x.back, x.selected)
		}
		x.forward = nil
		x.selected = s.Selected
	}
	x.recompute()
	x.notify(ChangedVisible)
	x.notify(ChangedAxis)
	x.notify(ChangedMap)
	x.notify(ChangedSelection)
	x.notify(ChangedCompare)
	return missing, nil
}

// MarshalState encodes a state for a saved view.
func MarshalState(s State) (json.RawMessage, error) {
	return json.Marshal(s)
}

// check refuses a state of a newer version than this Govscape reads.
func (s State) check() error {
	if s.Version > StateSchema {
		return fmt.Errorf("this view was saved by a newer Govscape (state version %d, this one reads %d); update Govscape to open it", s.Version, StateSchema)
	}
	return nil
}

// CheckState reports whether a saved view's state can be opened by this
// Govscape: it must decode and be of a version it reads. Imports call it
// first, so that a view they could not open is refused with nothing changed.
func CheckState(data json.RawMessage) error {
	s, err := UnmarshalState(data)
	if err != nil {
		return err
	}
	return s.check()
}

// UnmarshalState decodes a saved view's state; an empty one is the default state.
func UnmarshalState(data []byte) (State, error) {
	s := State{Version: StateSchema}
	if len(data) == 0 {
		return s, nil
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return State{}, fmt.Errorf("read view state: %w", err)
	}
	return s, nil
}
