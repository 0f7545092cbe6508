package app_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"govscape/app"
	"govscape/model"
)

// newExplorer starts an explorer on the model package's valid fixture, whose
// contents the expectations below are worked out from.
func newExplorer(t *testing.T) *app.Explorer {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "model", "testdata", "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := model.Parse(data, "valid.json")
	if err != nil {
		t.Fatalf("Parse(valid.json): %v", err)
	}
	return app.New(l)
}

// visible lists the ids of the visible entities, in table order.
func visible(x *app.Explorer) []string {
	out := []string{}
	for _, e := range x.Visible() {
		out = append(out, e.ID)
	}
	return out
}

// record collects every change x announces.
func record(x *app.Explorer) *[]app.Change {
	var got []app.Change
	x.OnChange(func(c app.Change) { got = append(got, c) })
	return &got
}

func entity(t *testing.T, x *app.Explorer, id string) *model.Entity {
	t.Helper()
	e, ok := x.Landscape.Entity(id)
	if !ok {
		t.Fatalf("no entity %q in the fixture", id)
	}
	return e
}

var all = []string{"wic", "igf", "itu", "wico", "china", "usa", "eu", "russia", "access-now", "icann", "apnic"}

func TestNew(t *testing.T) {
	x := newExplorer(t)
	if got := visible(x); !slices.Equal(got, all) {
		t.Errorf("Visible: got %v, want %v", got, all)
	}
	if got := x.Axis(); got != "sovereignty" {
		t.Errorf("Axis: got %q, want %q", got, "sovereignty")
	}
	if _, _, ok := x.Sort(); ok {
		t.Errorf("Sort: got sorted, want dataset order")
	}
	if e, ok := x.Selected(); ok {
		t.Errorf("Selected: got %s, want none", e.ID)
	}
	if !x.At().IsZero() {
		t.Errorf("At: got %v, want no limit", x.At())
	}
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name  string
		steps func(x *app.Explorer)
		want  []string
	}{
		// A query ranks the hits instead of keeping file order.
		{"query", func(x *app.Explorer) { x.SetQuery("internet") },
			[]string{"icann", "igf", "wic", "wico", "access-now", "apnic"}},
		{"query narrows further", func(x *app.Explorer) { x.SetQuery("internet"); x.SetQuery("internet conference") },
			[]string{"wic", "wico"}},
		{"query matching nothing", func(x *app.Explorer) { x.SetQuery("zzzz") }, []string{}},
		{"query cleared", func(x *app.Explorer) { x.SetQuery("internet"); x.SetQuery("") }, all},
		{"kind", func(x *app.Explorer) { x.SetFacet("kind", []string{"forum"}) },
			[]string{"wic", "igf", "itu", "wico"}},
		{"two kinds", func(x *app.Explorer) { x.SetFacet("kind", []string{"state", "bloc"}) },
			[]string{"china", "usa", "eu", "russia"}},
		{"region", func(x *app.Explorer) { x.SetFacet("region", []string{"Europe"}) },
			[]string{"eu", "russia"}},
		{"model", func(x *app.Explorer) { x.SetFacet("model", []string{"state-led"}) },
			[]string{"wic", "wico"}},
		{"facets combine", func(x *app.Explorer) {
			x.SetFacet("kind", []string{"technical", "ngo"})
			x.SetFacet("region", []string{"Global"})
		}, []string{"access-now", "icann"}},
		{"kind cleared with nil", func(x *app.Explorer) {
			x.SetFacet("kind", []string{"forum"})
			x.SetFacet("kind", nil)
		}, all},
		{"kind cleared with empty", func(x *app.Explorer) {
			x.SetFacet("kind", []string{"forum"})
			x.SetFacet("kind", []string{})
		}, all},
		{"clearing one facet keeps the others", func(x *app.Explorer) {
			x.SetFacet("kind", []string{"forum"})
			x.SetFacet("model", []string{"state-led"})
			x.SetFacet("kind", nil)
		}, []string{"wic", "wico"}},
		{"query and kind", func(x *app.Explorer) {
			x.SetQuery("internet")
			x.SetFacet("kind", []string{"forum"})
		}, []string{"igf", "wic", "wico"}},
		// Undated entities (China, Russia) exist in every year.
		{"year hides later foundings", func(x *app.Explorer) { x.SetYear(2014) },
			[]string{"wic", "igf", "itu", "china", "usa", "eu", "russia", "access-now", "icann", "apnic"}},
		{"year before everything", func(x *app.Explorer) { x.SetYear(1700) }, []string{"china", "russia"}},
		{"year cleared", func(x *app.Explorer) { x.SetYear(1700); x.SetYear(0) }, all},
		{"query and year", func(x *app.Explorer) { x.SetQuery("internet"); x.SetYear(2015) },
			[]string{"icann", "igf", "wic", "access-now", "apnic"}},
		{"clear filter", func(x *app.Explorer) {
			x.SetQuery("internet")
			x.SetFacet("kind", []string{"forum"})
			x.SetFacet("region", []string{"Global"})
			x.SetFacet("model", []string{"state-led"})
			x.SetYear(2015)
			x.ClearFilter()
		}, all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newExplorer(t)
			tt.steps(x)
			if got := visible(x); !slices.Equal(got, tt.want) {
				t.Errorf("Visible: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSetFacetClearsToNil(t *testing.T) {
	x := newExplorer(t)
	x.SetFacet("region", []string{"Europe"})
	x.SetFacet("region", nil)
	if got := x.Filter().Regions; got != nil {
		t.Errorf("Filter().Regions: got %v, want nil", got)
	}
	x.SetQuery("x")
	x.SetYear(2000)
	x.ClearFilter()
	if f := x.Filter(); !f.IsZero() {
		t.Errorf("Filter after ClearFilter: got %+v, want zero", f)
	}
}

func TestSetFacetUnknownPanics(t *testing.T) {
	x := newExplorer(t)
	defer func() {
		if recover() == nil {
			t.Errorf("SetFacet(colour): got no panic, want one")
		}
	}()
	x.SetFacet("colour", []string{"red"})
}

func TestYear(t *testing.T) {
	tests := []struct {
		year   int
		at     model.Date
		forums map[string]int
	}{
		{0, model.Date{}, map[string]int{"china": 4, "usa": 3, "russia": 2, "wic": 1, "apnic": 0}},
		// The WIC (2014) and the WICO (2022) are not yet related to China.
		{2013, model.EndOfYear(2013), map[string]int{"china": 2, "usa": 2, "russia": 1, "wic": 0, "apnic": 0}},
		// The US observed the WIC in 2015–2016 only.
		{2015, model.EndOfYear(2015), map[string]int{"china": 3, "usa": 3, "russia": 2, "wic": 0}},
		{2017, model.EndOfYear(2017), map[string]int{"china": 3, "usa": 2, "russia": 2, "wic": 0}},
		{2022, model.EndOfYear(2022), map[string]int{"china": 4, "usa": 2, "wic": 1, "wico": 1}},
		// Russia's ITU membership is undated: it counts in every year.
		{1900, model.EndOfYear(1900), map[string]int{"china": 0, "usa": 0, "russia": 1}},
	}
	for _, tt := range tests {
		x := newExplorer(t)
		x.SetYear(tt.year)
		if got := x.Year(); got != tt.year {
			t.Errorf("Year after SetYear(%d): got %d, want %d", tt.year, got, tt.year)
		}
		if got := x.At(); got != tt.at {
			t.Errorf("At in %d: got %v, want %v", tt.year, got, tt.at)
		}
		for id, want := range tt.forums {
			if got := x.ForumCount(entity(t, x, id)); got != want {
				t.Errorf("ForumCount(%s) in %d: got %d, want %d", id, tt.year, got, want)
			}
		}
	}

	// Moving the year back and forth recounts each time.
	x := newExplorer(t)
	usa := entity(t, x, "usa")
	for _, step := range []struct{ year, want int }{{2017, 2}, {2015, 3}, {0, 3}, {1907, 0}, {1908, 1}} {
		x.SetYear(step.year)
		if got := x.ForumCount(usa); got != step.want {
			t.Errorf("ForumCount(usa) after SetYear(%d): got %d, want %d", step.year, got, step.want)
		}
	}
	x.ClearFilter()
	if got, want := x.At(), (model.Date{}); got != want {
		t.Errorf("At after ClearFilter: got %v, want %v", got, want)
	}
}

func TestSortBy(t *testing.T) {
	tests := []struct {
		name string
		col  app.Column
		// before runs ahead of the sort: a year or an axis.
		before    func(x *app.Explorer)
		asc, desc []string
	}{
		{"name", app.ColName, nil,
			[]string{"access-now", "apnic", "china", "eu", "itu", "icann", "igf", "russia", "usa", "wic", "wico"},
			[]string{"wico", "wic", "usa", "russia", "igf", "icann", "itu", "eu", "china", "apnic", "access-now"}},
		// Ties are broken by name, ascending in both directions.
		{"kind", app.ColKind, nil,
			[]string{"eu", "itu", "igf", "wic", "wico", "access-now", "china", "russia", "usa", "apnic", "icann"},
			[]string{"apnic", "icann", "china", "russia", "usa", "access-now", "itu", "igf", "wic", "wico", "eu"}},
		{"region", app.ColRegion, nil,
			[]string{"apnic", "china", "eu", "russia", "access-now", "itu", "icann", "igf", "wic", "wico", "usa"},
			[]string{"usa", "access-now", "itu", "icann", "igf", "wic", "wico", "eu", "russia", "china", "apnic"}},
		// "1993" sorts before "1993-11-01"; undated China and Russia stay last.
		{"founded", app.ColFounded, nil,
			[]string{"usa", "itu", "apnic", "eu", "icann", "igf", "access-now", "wic", "wico", "china", "russia"},
			[]string{"wico", "wic", "access-now", "igf", "icann", "eu", "apnic", "itu", "usa", "china", "russia"}},
		{"forums", app.ColForums, nil,
			[]string{"apnic", "itu", "igf", "eu", "icann", "wic", "wico", "access-now", "russia", "usa", "china"},
			[]string{"china", "usa", "access-now", "russia", "eu", "icann", "wic", "wico", "apnic", "itu", "igf"}},
		// In 2017 the US's WIC observer role has ended: 2 forums, tied with Russia and Access Now.
		{"forums in a year", app.ColForums, func(x *app.Explorer) { x.SetYear(2017) },
			[]string{"apnic", "itu", "igf", "wic", "eu", "icann", "access-now", "russia", "usa", "china"},
			[]string{"china", "access-now", "russia", "usa", "eu", "icann", "apnic", "itu", "igf", "wic"}},
		// Entities without a position on the axis stay last.
		{"score", app.ColScore, nil,
			[]string{"china", "eu", "usa", "access-now", "apnic", "itu", "icann", "igf", "russia", "wic", "wico"},
			[]string{"access-now", "usa", "eu", "china", "apnic", "itu", "icann", "igf", "russia", "wic", "wico"}},
		{"score on another axis", app.ColScore, func(x *app.Explorer) { x.SetAxis("governance") },
			[]string{"china", "russia", "usa", "access-now", "apnic", "eu", "itu", "icann", "igf", "wic", "wico"},
			[]string{"usa", "russia", "china", "access-now", "apnic", "eu", "itu", "icann", "igf", "wic", "wico"}},
		// By the end of 2017 the US still stands at 2 (its "2018" stance is
		// later), the EU at 1, and Access Now has said nothing yet.
		{"score in a year", app.ColScore, func(x *app.Explorer) { x.SetYear(2017) },
			[]string{"china", "eu", "usa", "access-now", "apnic", "itu", "icann", "igf", "russia", "wic"},
			[]string{"usa", "eu", "china", "access-now", "apnic", "itu", "icann", "igf", "russia", "wic"}},
		// A year-only stance counts by the end of its year: the US is at 1, tied with the EU.
		{"score at the end of the year", app.ColScore, func(x *app.Explorer) { x.SetYear(2018) },
			[]string{"china", "eu", "usa", "access-now", "apnic", "itu", "icann", "igf", "russia", "wic"},
			[]string{"eu", "usa", "china", "access-now", "apnic", "itu", "icann", "igf", "russia", "wic"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newExplorer(t)
			if tt.before != nil {
				tt.before(x)
			}
			for _, step := range []struct {
				asc  bool
				want []string
			}{{true, tt.asc}, {false, tt.desc}, {true, tt.asc}} {
				x.SortBy(tt.col)
				if got := visible(x); !slices.Equal(got, step.want) {
					t.Errorf("SortBy (ascending %v):\ngot  %v\nwant %v", step.asc, got, step.want)
				}
				if col, asc, ok := x.Sort(); col != tt.col || asc != step.asc || !ok {
					t.Errorf("Sort: got %v, %v, %v; want %v, %v, true", col, asc, ok, tt.col, step.asc)
				}
			}
		})
	}
}

func TestSortByOtherColumnStartsAscending(t *testing.T) {
	x := newExplorer(t)
	x.SortBy(app.ColFounded)
	x.SortBy(app.ColFounded) // descending
	x.SortBy(app.ColKind)
	if col, asc, _ := x.Sort(); col != app.ColKind || !asc {
		t.Errorf("Sort: got %v ascending %v, want %v ascending true", col, asc, app.ColKind)
	}
}

func TestSortFollows(t *testing.T) {
	tests := []struct {
		name  string
		steps func(x *app.Explorer)
		want  []string
	}{
		{"query after sort", func(x *app.Explorer) {
			x.SortBy(app.ColFounded)
			x.SetQuery("internet")
		}, []string{"apnic", "icann", "igf", "access-now", "wic", "wico"}},
		{"query after descending sort", func(x *app.Explorer) {
			x.SortBy(app.ColFounded)
			x.SortBy(app.ColFounded)
			x.SetQuery("internet")
		}, []string{"wico", "wic", "access-now", "igf", "icann", "apnic"}},
		{"query changed twice", func(x *app.Explorer) {
			x.SortBy(app.ColName)
			x.SetQuery("internet")
			x.SetQuery("conference")
		}, []string{"wic", "wico"}},
		{"facet after sort", func(x *app.Explorer) {
			x.SortBy(app.ColFounded)
			x.SetFacet("kind", []string{"forum"})
		}, []string{"itu", "igf", "wic", "wico"}},
		{"clear filter after sort", func(x *app.Explorer) {
			x.SetQuery("internet")
			x.SortBy(app.ColName)
			x.ClearFilter()
		}, []string{"access-now", "apnic", "china", "eu", "itu", "icann", "igf", "russia", "usa", "wic", "wico"}},
		// Sorted by score, changing the axis re-sorts.
		{"axis after score sort", func(x *app.Explorer) {
			x.SortBy(app.ColScore)
			x.SetAxis("governance")
		}, []string{"china", "russia", "usa", "access-now", "apnic", "eu", "itu", "icann", "igf", "wic", "wico"}},
		// Sorted by score, changing the year re-reads the stances.
		{"year after score sort", func(x *app.Explorer) {
			x.SortBy(app.ColScore)
			x.SortBy(app.ColScore)
			x.SetYear(2017)
		}, []string{"usa", "eu", "china", "access-now", "apnic", "itu", "icann", "igf", "russia", "wic"}},
		{"year after forums sort", func(x *app.Explorer) {
			x.SortBy(app.ColForums)
			x.SetYear(2013)
		}, []string{"apnic", "itu", "igf", "access-now", "eu", "icann", "russia", "china", "usa"}},
		// Changing the axis leaves other sorts alone.
		{"axis after founded sort", func(x *app.Explorer) {
			x.SortBy(app.ColFounded)
			x.SetAxis("governance")
		}, []string{"usa", "itu", "apnic", "eu", "icann", "igf", "access-now", "wic", "wico", "china", "russia"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newExplorer(t)
			tt.steps(x)
			if got := visible(x); !slices.Equal(got, tt.want) {
				t.Errorf("Visible:\ngot  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestSetAxis(t *testing.T) {
	x := newExplorer(t)
	usa := entity(t, x, "usa")
	for _, step := range []struct {
		axis, want string
		score      int
	}{
		{"governance", "governance", 2},
		{"colour", "governance", 2}, // unknown: ignored
		{"sovereignty", "sovereignty", 1},
	} {
		x.SetAxis(step.axis)
		if got := x.Axis(); got != step.want {
			t.Errorf("Axis after SetAxis(%s): got %q, want %q", step.axis, got, step.want)
		}
		if p, ok := x.Score(usa); !ok || p.Score != step.score {
			t.Errorf("Score(usa) on %s: got %+v, %v; want %d", step.want, p, ok, step.score)
		}
	}
	x.SetYear(2010)
	if p, ok := x.Score(usa); ok {
		t.Errorf("Score(usa) in 2010: got %+v, want none", p)
	}
}

func TestHistory(t *testing.T) {
	type state struct {
		selected      string // "" for none
		back, forward bool
	}
	tests := []struct {
		name  string
		steps func(x *app.Explorer)
		want  state
	}{
		{"nothing", func(x *app.Explorer) {}, state{"", false, false}},
		{"first selection", func(x *app.Explorer) { x.Select("usa") }, state{"usa", false, false}},
		{"second selection", func(x *app.Explorer) { x.Select("usa"); x.Select("china") }, state{"china", true, false}},
		{"same id is a no-op", func(x *app.Explorer) { x.Select("usa"); x.Select("usa") }, state{"usa", false, false}},
		{"unknown id ignored", func(x *app.Explorer) { x.Select("usa"); x.Select("atlantis") }, state{"usa", false, false}},
		{"back", func(x *app.Explorer) { x.Select("usa"); x.Select("china"); x.Back() }, state{"usa", false, true}},
		{"back then forward", func(x *app.Explorer) {
			x.Select("usa")
			x.Select("china")
			x.Back()
			x.Forward()
		}, state{"china", true, false}},
		{"back twice through three", func(x *app.Explorer) {
			x.Select("usa")
			x.Select("china")
			x.Select("eu")
			x.Back()
			x.Back()
		}, state{"usa", false, true}},
		{"forward twice through three", func(x *app.Explorer) {
			x.Select("usa")
			x.Select("china")
			x.Select("eu")
			x.Back()
			x.Back()
			x.Forward()
			x.Forward()
		}, state{"eu", true, false}},
		{"back with no history", func(x *app.Explorer) { x.Select("usa"); x.Back() }, state{"usa", false, false}},
		{"forward with no history", func(x *app.Explorer) { x.Select("usa"); x.Forward() }, state{"usa", false, false}},
		{"select after back clears forward", func(x *app.Explorer) {
			x.Select("usa")
			x.Select("china")
			x.Back()
			x.Select("eu")
		}, state{"eu", true, false}},
		{"back after select after back", func(x *app.Explorer) {
			x.Select("usa")
			x.Select("china")
			x.Back()
			x.Select("eu")
			x.Back()
		}, state{"usa", false, true}},
		{"unknown id keeps forward", func(x *app.Explorer) {
			x.Select("usa")
			x.Select("china")
			x.Back()
			x.Select("atlantis")
		}, state{"usa", false, true}},
		{"deselect", func(x *app.Explorer) { x.Select("usa"); x.Select("") }, state{"", true, false}},
		{"back from deselect", func(x *app.Explorer) { x.Select("usa"); x.Select(""); x.Back() }, state{"usa", false, true}},
		{"filter keeps history", func(x *app.Explorer) {
			x.Select("usa")
			x.Select("china")
			x.SetFacet("kind", []string{"forum"})
			x.ClearFilter()
		}, state{"china", true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newExplorer(t)
			tt.steps(x)
			var got state
			if e, ok := x.Selected(); ok {
				got.selected = e.ID
			}
			got.back, got.forward = x.CanGoBack(), x.CanGoForward()
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNotifications(t *testing.T) {
	const (
		vis = app.ChangedVisible
		sel = app.ChangedSelection
		ax  = app.ChangedAxis
	)
	tests := []struct {
		name string
		// setup runs before the listener is registered.
		setup, steps func(x *app.Explorer)
		want         []app.Change
	}{
		{"query", nil, func(x *app.Explorer) { x.SetQuery("internet") }, []app.Change{vis}},
		{"same query", func(x *app.Explorer) { x.SetQuery("internet") },
			func(x *app.Explorer) { x.SetQuery("internet") }, nil},
		{"facet", nil, func(x *app.Explorer) { x.SetFacet("kind", []string{"forum"}) }, []app.Change{vis}},
		{"year", nil, func(x *app.Explorer) { x.SetYear(2015) }, []app.Change{vis}},
		{"same year", func(x *app.Explorer) { x.SetYear(2015) },
			func(x *app.Explorer) { x.SetYear(2015) }, nil},
		{"clear filter", func(x *app.Explorer) { x.SetYear(2015) },
			func(x *app.Explorer) { x.ClearFilter() }, []app.Change{vis}},
		{"sort", nil, func(x *app.Explorer) { x.SortBy(app.ColName); x.SortBy(app.ColName) }, []app.Change{vis, vis}},
		{"axis", nil, func(x *app.Explorer) { x.SetAxis("governance") }, []app.Change{ax}},
		{"same axis", nil, func(x *app.Explorer) { x.SetAxis("sovereignty") }, nil},
		{"unknown axis", nil, func(x *app.Explorer) { x.SetAxis("colour") }, nil},
		{"select", nil, func(x *app.Explorer) { x.Select("usa") }, []app.Change{sel}},
		{"same selection", func(x *app.Explorer) { x.Select("usa") },
			func(x *app.Explorer) { x.Select("usa") }, nil},
		{"unknown selection", nil, func(x *app.Explorer) { x.Select("atlantis") }, nil},
		{"back and forward", func(x *app.Explorer) { x.Select("usa"); x.Select("china") },
			func(x *app.Explorer) { x.Back(); x.Forward() }, []app.Change{sel, sel}},
		{"back and forward with no history", nil, func(x *app.Explorer) { x.Back(); x.Forward() }, nil},
		{"in order", nil, func(x *app.Explorer) {
			x.SetQuery("internet")
			x.Select("igf")
			x.SetAxis("governance")
			x.SortBy(app.ColScore)
			x.Select("igf")
			x.Select("wic")
			x.Back()
			x.SetYear(2020)
		}, []app.Change{vis, sel, ax, vis, sel, sel, vis}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newExplorer(t)
			if tt.setup != nil {
				tt.setup(x)
			}
			got := record(x)
			tt.steps(x)
			if !slices.Equal(*got, tt.want) {
				t.Errorf("changes: got %v, want %v", *got, tt.want)
			}
		})
	}
}

func TestListenersInRegistrationOrder(t *testing.T) {
	x := newExplorer(t)
	var got []string
	x.OnChange(func(app.Change) { got = append(got, "first") })
	x.OnChange(func(app.Change) { got = append(got, "second") })
	x.Select("usa")
	x.SetQuery("internet")
	want := []string{"first", "second", "first", "second"}
	if !slices.Equal(got, want) {
		t.Errorf("calls: got %v, want %v", got, want)
	}
}

// A listener sees the state the change describes.
func TestListenerSeesNewState(t *testing.T) {
	x := newExplorer(t)
	var selected string
	var n int
	x.OnChange(func(c app.Change) {
		switch c {
		case app.ChangedSelection:
			if e, ok := x.Selected(); ok {
				selected = e.ID
			}
		case app.ChangedVisible:
			n = len(x.Visible())
		}
	})
	x.Select("eu")
	x.SetFacet("region", []string{"Europe"})
	if selected != "eu" {
		t.Errorf("selection seen by listener: got %q, want %q", selected, "eu")
	}
	if n != 2 {
		t.Errorf("visible seen by listener: got %d, want %d", n, 2)
	}
}
