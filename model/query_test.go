package model_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"govscape/model"
)

// ids lists the ids of entities, for comparing results in one line.
func ids(es []*model.Entity) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func set(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

func TestApply(t *testing.T) {
	l := loadValid(t)
	all := []string{"wic", "igf", "itu", "wico", "china", "usa", "eu", "russia", "access-now", "icann", "apnic"}
	tests := []struct {
		name   string
		filter model.Filter
		want   []string
	}{
		{"no filter", model.Filter{}, all},
		{"blank query", model.Filter{Query: "  "}, all},
		{"kind", model.Filter{Kinds: set("forum")}, []string{"wic", "igf", "itu", "wico"}},
		{"two kinds", model.Filter{Kinds: set("state", "bloc")}, []string{"china", "usa", "eu", "russia"}},
		{"region", model.Filter{Regions: set("Europe")}, []string{"eu", "russia"}},
		{"model", model.Filter{Models: set("state-led")}, []string{"wic", "wico"}},
		{"two models", model.Filter{Models: set("multilateral", "multistakeholder")}, []string{"igf", "itu"}},
		// Undated entities (China, Russia) are taken to exist in every year.
		{"year", model.Filter{Year: 2010}, []string{"igf", "itu", "china", "usa", "eu", "russia", "access-now", "icann", "apnic"}},
		{"year of founding counts", model.Filter{Year: 2009, Kinds: set("ngo")}, []string{"access-now"}},
		{"year before founding", model.Filter{Year: 2008, Kinds: set("ngo")}, []string{}},
		{"year and kind", model.Filter{Year: 2014, Kinds: set("forum")}, []string{"wic", "igf", "itu"}},
		{"year before everything", model.Filter{Year: 1700}, []string{"china", "russia"}},
		{"kind and region", model.Filter{Kinds: set("technical"), Regions: set("Global")}, []string{"icann"}},
		{"nothing matches", model.Filter{Kinds: set("person")}, []string{}},
		// A query ranks the hits instead of keeping file order.
		{"query", model.Filter{Query: "internet"}, []string{"icann", "igf", "wic", "wico", "access-now", "apnic"}},
		{"query and kind", model.Filter{Query: "internet", Kinds: set("forum")}, []string{"igf", "wic", "wico"}},
		{"query and year", model.Filter{Query: "internet", Year: 2015}, []string{"icann", "igf", "wic", "access-now", "apnic"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(l.Apply(tt.filter)); !slices.Equal(got, tt.want) {
				t.Errorf("Apply: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFilterIsZero(t *testing.T) {
	tests := []struct {
		filter model.Filter
		want   bool
	}{
		{model.Filter{}, true},
		{model.Filter{Query: " \t"}, true},
		{model.Filter{Kinds: map[string]bool{}}, true},
		{model.Filter{Query: "x"}, false},
		{model.Filter{Kinds: set("forum")}, false},
		{model.Filter{Regions: set("Europe")}, false},
		{model.Filter{Models: set("mixed")}, false},
		{model.Filter{Year: 2000}, false},
	}
	for _, tt := range tests {
		if got := tt.filter.IsZero(); got != tt.want {
			t.Errorf("%+v.IsZero(): got %v, want %v", tt.filter, got, tt.want)
		}
	}
}

func TestRelationActiveIn(t *testing.T) {
	tests := []struct {
		start, end string
		year       int
		want       bool
	}{
		{"", "", 1900, true},
		{"", "", 2030, true},
		{"2014", "", 2013, false},
		{"2014", "", 2014, true},
		{"2014", "", 2030, true},
		{"2022-07", "", 2021, false},
		{"2022-07", "", 2022, true},
		{"2015", "2016", 2014, false},
		{"2015", "2016", 2015, true},
		{"2015", "2016", 2016, true},
		{"2015", "2016", 2017, false},
		{"1998-09", "2016-10-01", 2016, true},
		{"1998-09", "2016-10-01", 2017, false},
		{"", "2010", 1900, true},
		{"", "2010", 2010, true},
		{"", "2010", 2011, false},
	}
	for _, tt := range tests {
		r := model.Relation{Start: tt.start, End: tt.end}
		if got := r.ActiveIn(tt.year); got != tt.want {
			t.Errorf("Relation{Start: %q, End: %q}.ActiveIn(%d): got %v, want %v", tt.start, tt.end, tt.year, got, tt.want)
		}
	}
}

func TestLatestPosition(t *testing.T) {
	l := loadValid(t)
	tests := []struct {
		name, entity, axis string
		at                 model.Date
		// want is the expected score and evidence; empty evidence means none.
		score    int
		evidence string
	}{
		{"before the first", "usa", "sovereignty", model.EndOfYear(2010), 0, ""},
		{"day before the first", "usa", "sovereignty", model.MustDate("2011-04-30"), 0, ""},
		{"first, month precision", "usa", "sovereignty", model.MustDate("2011-05-01"), 2, "International Strategy for Cyberspace."},
		{"between changes", "usa", "sovereignty", model.EndOfYear(2017), 2, "International Strategy for Cyberspace."},
		{"after the change", "usa", "sovereignty", model.EndOfYear(2018), 1, "Stronger national-security screening."},
		{"latest of all", "usa", "sovereignty", model.Date{}, 1, "Stronger national-security screening."},
		{"other axis", "usa", "governance", model.Date{}, 2, "Announces the IANA stewardship transition."},
		// Russia's positions are listed newest first in the file.
		{"file order is not date order", "russia", "governance", model.EndOfYear(2015), -2, "Co-sponsors the International Code of Conduct."},
		{"newest of unordered", "russia", "governance", model.Date{}, -1, "Backs the UN open-ended working group."},
		{"a score of zero is a position", "eu", "sovereignty", model.Date{}, 0, "Digital sovereignty agenda."},
		{"same date, later in file wins", "access-now", "sovereignty", model.MustDate("2019-06-01"), 2, "Later statement of the same day."},
		{"same date, latest of all", "access-now", "sovereignty", model.Date{}, 2, "Later statement of the same day."},
		{"day before the same-date pair", "access-now", "sovereignty", model.MustDate("2019-05-31"), 0, ""},
		// A year- or month-precision at runs to the end of its year or month.
		{"year-precision at", "usa", "governance", model.MustDate("2014"), 2, "Announces the IANA stewardship transition."},
		{"month-precision at", "usa", "governance", model.MustDate("2014-03"), 2, "Announces the IANA stewardship transition."},
		{"month-precision at, month before", "usa", "governance", model.MustDate("2014-02"), 0, ""},
		{"year-precision at, unordered file", "russia", "governance", model.MustDate("2011"), -2, "Co-sponsors the International Code of Conduct."},
		{"no position on the axis", "russia", "sovereignty", model.Date{}, 0, ""},
		{"forum without positions", "wic", "sovereignty", model.Date{}, 0, ""},
		{"unknown entity", "atlantis", "sovereignty", model.Date{}, 0, ""},
		{"unknown axis", "usa", "colour", model.Date{}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := l.LatestPosition(tt.entity, tt.axis, tt.at)
			if tt.evidence == "" {
				if ok || p != nil {
					t.Errorf("LatestPosition(%s, %s, %v): got %+v, want none", tt.entity, tt.axis, tt.at, p)
				}
				return
			}
			if !ok || p.Score != tt.score || p.Evidence != tt.evidence {
				t.Errorf("LatestPosition(%s, %s, %v): got %+v, %v; want score %d (%q)", tt.entity, tt.axis, tt.at, p, ok, tt.score, tt.evidence)
			}
		})
	}
}

func TestNeighbours(t *testing.T) {
	l := loadValid(t)
	tests := []struct {
		name    string
		id      string
		k, year int
		want    map[string]int
	}{
		{"depth 0", "wic", 0, 0, map[string]int{"wic": 0}},
		{"depth 1", "wic", 1, 0, map[string]int{"wic": 0, "china": 1, "wico": 1, "russia": 1, "access-now": 1, "usa": 1}},
		{"depth 2", "wic", 2, 0, map[string]int{"wic": 0, "china": 1, "wico": 1, "russia": 1, "access-now": 1, "usa": 1,
			"igf": 2, "itu": 2, "icann": 2}},
		{"depth 3", "wic", 3, 0, map[string]int{"wic": 0, "china": 1, "wico": 1, "russia": 1, "access-now": 1, "usa": 1,
			"igf": 2, "itu": 2, "icann": 2, "eu": 3}},
		{"deeper than the graph", "wic", 10, 0, map[string]int{"wic": 0, "china": 1, "wico": 1, "russia": 1, "access-now": 1, "usa": 1,
			"igf": 2, "itu": 2, "icann": 2, "eu": 3}},
		{"before any tie started", "wic", 2, 2010, map[string]int{"wic": 0}},
		// In 2015 the WICO did not exist yet and the US still observed.
		{"year 2015", "wic", 1, 2015, map[string]int{"wic": 0, "china": 1, "russia": 1, "access-now": 1, "usa": 1}},
		{"year 2020", "wic", 1, 2020, map[string]int{"wic": 0, "china": 1, "russia": 1, "access-now": 1}},
		{"year 2020, depth 2", "usa", 2, 2020, map[string]int{"usa": 0, "igf": 1, "itu": 1, "china": 1,
			"eu": 2, "access-now": 2, "icann": 2, "russia": 2, "wic": 2}},
		{"isolated", "apnic", 3, 0, map[string]int{"apnic": 0}},
		{"unknown", "atlantis", 3, 0, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.Neighbours(tt.id, tt.k, tt.year); !maps.Equal(got, tt.want) {
				t.Errorf("Neighbours(%s, %d, %d):\ngot  %v\nwant %v", tt.id, tt.k, tt.year, got, tt.want)
			}
		})
	}
}

func TestCounterparts(t *testing.T) {
	l := loadValid(t)
	tests := []struct {
		id   string
		year int
		keep func(*model.Entity) bool
		want []string
	}{
		{"china", 0, nil, []string{"wic", "wico", "igf", "itu", "usa"}},
		{"china", 0, model.IsForum, []string{"wic", "wico", "igf", "itu"}},
		{"wic", 2015, nil, []string{"china", "russia", "access-now", "usa"}},
		{"apnic", 0, nil, []string{}},
	}
	for _, tt := range tests {
		if got := ids(l.Counterparts(tt.id, tt.year, tt.keep)); !slices.Equal(got, tt.want) {
			t.Errorf("Counterparts(%s, %d): got %v, want %v", tt.id, tt.year, got, tt.want)
		}
	}
	for id, want := range map[string]int{"china": 4, "usa": 3, "wic": 1, "apnic": 0, "atlantis": 0} {
		if got := l.ForumCount(id, 0); got != want {
			t.Errorf("ForumCount(%s): got %d, want %d", id, got, want)
		}
	}
}

func TestOverlap(t *testing.T) {
	l := loadValid(t)
	none := func(*model.Entity) bool { return false }
	tests := []struct {
		name                 string
		a, b                 string
		keep                 func(*model.Entity) bool
		shared, onlyA, onlyB []string
		jaccard              float64
	}{
		// China and the US are tied directly; neither counts in the other's set.
		{"all counterparts", "china", "usa", nil, []string{"wic", "igf", "itu"}, []string{"wico"}, []string{"icann"}, 3.0 / 5},
		{"forums only", "china", "usa", model.IsForum, []string{"wic", "igf", "itu"}, []string{"wico"}, []string{}, 3.0 / 4},
		{"swapped", "usa", "china", model.IsForum, []string{"igf", "itu", "wic"}, []string{}, []string{"wico"}, 3.0 / 4},
		{"nothing shared", "eu", "russia", model.IsForum, []string{}, []string{"igf"}, []string{"itu", "wic"}, 0},
		{"one side isolated", "apnic", "eu", nil, []string{}, []string{}, []string{"igf"}, 0},
		{"no counterparts at all", "apnic", "eu", none, []string{}, []string{}, []string{}, 0},
		{"same sets", "eu", "icann", model.IsForum, []string{"igf"}, []string{}, []string{}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := l.Overlap(tt.a, tt.b, 0, tt.keep)
			if got := ids(o.Shared); !slices.Equal(got, tt.shared) {
				t.Errorf("Shared: got %v, want %v", got, tt.shared)
			}
			if got := ids(o.OnlyA); !slices.Equal(got, tt.onlyA) {
				t.Errorf("OnlyA: got %v, want %v", got, tt.onlyA)
			}
			if got := ids(o.OnlyB); !slices.Equal(got, tt.onlyB) {
				t.Errorf("OnlyB: got %v, want %v", got, tt.onlyB)
			}
			if o.Jaccard != tt.jaccard {
				t.Errorf("Jaccard: got %v, want %v", o.Jaccard, tt.jaccard)
			}
		})
	}
}

func TestGroupRelations(t *testing.T) {
	l := loadValid(t)
	type group struct {
		role     string
		incoming bool
		others   []string
	}
	tests := []struct {
		id   string
		year int
		want []group
	}{
		// Groups follow the order of model.Roles; within a group, file order.
		{"wic", 0, []group{
			{"host", true, []string{"china"}},
			{"participant", true, []string{"russia"}},
			{"observer", true, []string{"usa"}},
			{"critic", true, []string{"access-now"}},
			{"affiliated", true, []string{"wico"}},
		}},
		// The same role both ways: outgoing before incoming.
		{"usa", 0, []group{
			{"member", false, []string{"itu"}},
			{"participant", false, []string{"igf"}},
			{"observer", false, []string{"wic"}},
			{"critic", false, []string{"china"}},
			{"critic", true, []string{"china"}},
			{"affiliated", false, []string{"icann"}},
		}},
		{"igf", 0, []group{
			{"participant", true, []string{"usa", "china", "eu", "access-now", "icann"}},
		}},
		{"apnic", 0, nil},
		// A year keeps the relations active then: started by the end of it
		// (or undated) and not ended before it.
		{"wic", 2013, nil},
		{"wic", 2014, []group{
			{"host", true, []string{"china"}},
			{"participant", true, []string{"russia"}},
		}},
		{"wic", 2015, []group{
			{"host", true, []string{"china"}},
			{"participant", true, []string{"russia"}},
			{"observer", true, []string{"usa"}},
			{"critic", true, []string{"access-now"}},
		}},
		// The observer role ended in 2016; the WICO affiliation starts in 2022.
		{"wic", 2017, []group{
			{"host", true, []string{"china"}},
			{"participant", true, []string{"russia"}},
			{"critic", true, []string{"access-now"}},
		}},
		{"wic", 2022, []group{
			{"host", true, []string{"china"}},
			{"participant", true, []string{"russia"}},
			{"critic", true, []string{"access-now"}},
			{"affiliated", true, []string{"wico"}},
		}},
		// The year a relation ends still counts (ICANN's contract ended 2016-10-01).
		{"usa", 2016, []group{
			{"member", false, []string{"itu"}},
			{"participant", false, []string{"igf"}},
			{"observer", false, []string{"wic"}},
			{"critic", true, []string{"china"}},
			{"affiliated", false, []string{"icann"}},
		}},
		{"usa", 2017, []group{
			{"member", false, []string{"itu"}},
			{"participant", false, []string{"igf"}},
			{"critic", true, []string{"china"}},
		}},
		{"usa", 2018, []group{
			{"member", false, []string{"itu"}},
			{"participant", false, []string{"igf"}},
			{"critic", false, []string{"china"}},
			{"critic", true, []string{"china"}},
		}},
		// A month-precision start counts from its year.
		{"usa", 1998, []group{
			{"member", false, []string{"itu"}},
			{"affiliated", false, []string{"icann"}},
		}},
		// An undated relation holds in every year.
		{"russia", 1900, []group{
			{"member", false, []string{"itu"}},
		}},
		{"atlantis", 2015, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.id, tt.year), func(t *testing.T) {
			var got []group
			for _, g := range l.GroupRelations(tt.id, tt.year) {
				var others []string
				for _, r := range g.Relations {
					others = append(others, r.Other(tt.id))
				}
				got = append(got, group{g.Role, g.Incoming, others})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("GroupRelations(%s, %d):\ngot  %v\nwant %v", tt.id, tt.year, got, tt.want)
			}
			for i := range got {
				if got[i].role != tt.want[i].role || got[i].incoming != tt.want[i].incoming || !slices.Equal(got[i].others, tt.want[i].others) {
					t.Errorf("group %d: got %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSourcesOf(t *testing.T) {
	l := loadValid(t)
	tests := []struct {
		id   string
		want []string
	}{
		// The entity's own, then its positions' (oldest first), relations'
		// (file order) and events', each once.
		{"usa", []string{"src-usa", "src-igf", "src-itu", "src-wic", "src-china"}},
		{"wico", []string{"src-wico"}},
		{"apnic", []string{"src-itu"}},
		{"atlantis", []string{}},
	}
	for _, tt := range tests {
		got := []string{}
		for _, s := range l.SourcesOf(tt.id) {
			got = append(got, s.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("SourcesOf(%s): got %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestPositionsByAxis(t *testing.T) {
	l := loadValid(t)
	type axisDates struct {
		axis  string
		dates []string // oldest first
	}
	tests := []struct {
		name string
		id   string
		at   model.Date
		want []axisDates // in the dataset's axis order
	}{
		{"all", "usa", model.Date{}, []axisDates{
			{"sovereignty", []string{"2011-05", "2018"}}, {"governance", []string{"2014-03-14"}}}},
		// Russia's positions are listed newest first in the file.
		{"file order is not date order", "russia", model.Date{}, []axisDates{
			{"governance", []string{"2011-09-12", "2021"}}}},
		{"no positions", "wic", model.Date{}, nil},
		{"unknown entity", "atlantis", model.Date{}, nil},
		{"before the first", "usa", model.EndOfYear(2010), nil},
		{"day before a month-precision position", "usa", model.MustDate("2011-04-30"), nil},
		{"first day of a month-precision position", "usa", model.MustDate("2011-05-01"), []axisDates{
			{"sovereignty", []string{"2011-05"}}}},
		{"an axis drops out", "usa", model.MustDate("2014-03-13"), []axisDates{
			{"sovereignty", []string{"2011-05"}}}},
		{"on the day", "usa", model.MustDate("2014-03-14"), []axisDates{
			{"sovereignty", []string{"2011-05"}}, {"governance", []string{"2014-03-14"}}}},
		{"end of year before a year-precision position", "usa", model.EndOfYear(2017), []axisDates{
			{"sovereignty", []string{"2011-05"}}, {"governance", []string{"2014-03-14"}}}},
		{"end of the year of a year-precision position", "usa", model.EndOfYear(2018), []axisDates{
			{"sovereignty", []string{"2011-05", "2018"}}, {"governance", []string{"2014-03-14"}}}},
		// A year- or month-precision at runs to the end of its year or month.
		{"year-precision at", "usa", model.MustDate("2014"), []axisDates{
			{"sovereignty", []string{"2011-05"}}, {"governance", []string{"2014-03-14"}}}},
		{"month-precision at", "usa", model.MustDate("2014-03"), []axisDates{
			{"sovereignty", []string{"2011-05"}}, {"governance", []string{"2014-03-14"}}}},
		{"month-precision at, month before", "usa", model.MustDate("2014-02"), []axisDates{
			{"sovereignty", []string{"2011-05"}}}},
		{"year-precision at and position", "usa", model.MustDate("2018"), []axisDates{
			{"sovereignty", []string{"2011-05", "2018"}}, {"governance", []string{"2014-03-14"}}}},
		{"year-precision at, unordered file", "russia", model.MustDate("2011"), []axisDates{
			{"governance", []string{"2011-09-12"}}}},
		{"month-precision at, position late in the month", "eu", model.MustDate("2022-04"), []axisDates{
			{"sovereignty", []string{"2016", "2022-04-28"}}}},
		{"same-date positions both kept", "access-now", model.MustDate("2019-06-01"), []axisDates{
			{"sovereignty", []string{"2019-06-01", "2019-06-01"}}}},
		{"day before the same-date pair", "access-now", model.MustDate("2019-05-31"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []axisDates
			for _, ap := range l.PositionsByAxis(tt.id, tt.at) {
				var dates []string
				for _, p := range ap.Positions {
					if p.Entity != tt.id || p.Axis != ap.Axis.ID {
						t.Errorf("position %+v filed under %s/%s", p, tt.id, ap.Axis.ID)
					}
					dates = append(dates, p.Date)
				}
				got = append(got, axisDates{ap.Axis.ID, dates})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("PositionsByAxis(%s, %v):\ngot  %v\nwant %v", tt.id, tt.at, got, tt.want)
			}
			for i := range got {
				if got[i].axis != tt.want[i].axis || !slices.Equal(got[i].dates, tt.want[i].dates) {
					t.Errorf("PositionsByAxis(%s, %v)[%d]: got %v, want %v", tt.id, tt.at, i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestForumCount(t *testing.T) {
	l := loadValid(t)
	tests := []struct {
		id   string
		year int
		want int
	}{
		{"china", 0, 4},
		{"china", 1919, 0},
		{"china", 1920, 1},
		{"china", 2013, 2},
		{"china", 2014, 3},
		{"china", 2021, 3},
		// A month-precision start ("2022-07") counts for its whole year.
		{"china", 2022, 4},
		{"usa", 0, 3},
		{"usa", 1907, 0},
		{"usa", 1908, 1},
		{"usa", 2015, 3},
		{"usa", 2016, 3},
		{"usa", 2017, 2},
		// Non-forum counterparts (ICANN, China) never count.
		{"usa", 2000, 1},
		// Undated: counts in every year.
		{"russia", 1900, 1},
		{"russia", 2014, 2},
		{"wic", 2021, 0},
		{"wic", 2022, 1},
		{"apnic", 2020, 0},
		{"atlantis", 2020, 0},
	}
	for _, tt := range tests {
		if got := l.ForumCount(tt.id, tt.year); got != tt.want {
			t.Errorf("ForumCount(%s, %d): got %d, want %d", tt.id, tt.year, got, tt.want)
		}
	}
}

func TestEventHappenedBy(t *testing.T) {
	tests := []struct {
		date string
		year int
		want bool
	}{
		{"2022-07-12", 2021, false},
		{"2022-07-12", 2022, true},
		{"2022-07-12", 2030, true},
		{"2014-11", 2013, false},
		{"2014-11", 2014, true},
		{"2014", 2013, false},
		{"2014", 2014, true},
		{"2014", 2015, true},
	}
	for _, tt := range tests {
		ev := model.Event{Date: tt.date}
		if got := ev.HappenedBy(tt.year); got != tt.want {
			t.Errorf("Event{Date: %q}.HappenedBy(%d): got %v, want %v", tt.date, tt.year, got, tt.want)
		}
	}
	// The fixture's events, as the inspector reads them.
	l := loadValid(t)
	var by2014 []string
	for i := range l.Events {
		if l.Events[i].HappenedBy(2014) {
			by2014 = append(by2014, l.Events[i].ID)
		}
	}
	if want := []string{"wic-1", "igf-1"}; !slices.Equal(by2014, want) {
		t.Errorf("events by 2014: got %v, want %v", by2014, want)
	}
}

func TestRolePhrase(t *testing.T) {
	tests := []struct {
		role     string
		incoming bool
		want     string
	}{
		{"host", false, "host of"},
		{"host", true, "hosted by"},
		{"member", false, "member of"},
		{"member", true, "members"},
		{"participant", false, "takes part in"},
		{"participant", true, "participants"},
		{"boycott", false, "boycotted"},
		{"boycott", true, "boycotted by"},
		{"leads", false, "leads"},
		{"leads", true, "led by"},
		{"funds", true, "funded by"},
		{"affiliated", false, "affiliated with"},
		{"secretariat", false, "secretariat of"},
		{"secretariat", true, "secretariat"},
		// A role the schema does not know is shown as it is.
		{"sponsor", false, "sponsor"},
	}
	for _, tt := range tests {
		if got := model.RolePhrase(tt.role, tt.incoming); got != tt.want {
			t.Errorf("RolePhrase(%q, %v): got %q, want %q", tt.role, tt.incoming, got, tt.want)
		}
	}
	// Every role reads as something in both directions.
	for _, role := range model.Roles {
		for _, in := range []bool{false, true} {
			if model.RolePhrase(role, in) == "" {
				t.Errorf("RolePhrase(%q, %v): empty", role, in)
			}
		}
	}
}

func TestRegionsAndYearRange(t *testing.T) {
	l := loadValid(t)
	want := []string{"Asia Pacific", "East Asia", "Europe", "Global", "North America"}
	if got := l.Regions(); !slices.Equal(got, want) {
		t.Errorf("Regions: got %v, want %v", got, want)
	}
	if first, last := l.YearRange(); first != 1776 || last != 2025 {
		t.Errorf("YearRange: got %d–%d, want 1776–2025", first, last)
	}
}

// TestForumCountsAgreesWithForumCount: the one-pass count the table uses must
// match the per-entity query, in every year.
func TestForumCountsAgreesWithForumCount(t *testing.T) {
	l := model.Synthetic(3, 400, 3)
	first, last := l.YearRange()
	for _, y := range []int{0, first, (first + last) / 2, last} {
		all := l.ForumCounts(y)
		for _, e := range l.Entities {
			if got, want := all[e.ID], l.ForumCount(e.ID, y); got != want {
				t.Fatalf("year %d, %s: got %d, want %d", y, e.ID, got, want)
			}
		}
	}
}
