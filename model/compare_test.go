package model_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"govscape/model"
)

// loadCompare parses testdata/compare.json, a landscape small enough that
// every answer below is worked out by hand from it.
func loadCompare(t testing.TB) *model.Landscape {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "compare.json"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := model.Parse(data, "compare.json")
	if err != nil {
		t.Fatalf("Parse(compare.json): %v", err)
	}
	return l
}

func mustCompare(t *testing.T, l *model.Landscape, ids []string, at model.Date) *model.Comparison {
	t.Helper()
	c, err := model.Compare(l, ids, at)
	if err != nil {
		t.Fatalf("Compare(%v, %v): %v", ids, at, err)
	}
	return c
}

// row finds an axis row of c.
func row(t *testing.T, c *model.Comparison, axis string) model.AxisComparison {
	t.Helper()
	for _, r := range c.Axes {
		if r.Axis.ID == axis {
			return r
		}
	}
	t.Fatalf("no row for axis %q", axis)
	return model.AxisComparison{}
}

// refIDs lists the ids of refs, for comparing in one line.
func refIDs(refs []model.Ref) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

var four = []string{"china", "usa", "eu", "india"}

func TestCompareRefuses(t *testing.T) {
	l := loadCompare(t)
	tests := []struct {
		name    string
		ids     []string
		unknown []string // the ids an *UnknownEntityError must name; nil for other errors
		// want is a fragment the message must hold.
		want string
	}{
		{"none", nil, nil, "compare 0 entities: want 2 to 6"},
		{"one", []string{"china"}, nil, "compare 1 entities: want 2 to 6"},
		{"seven", []string{"china", "usa", "eu", "india", "russia", "acme", "ietf"}, nil, "compare 7 entities: want 2 to 6"},
		{"unknown", []string{"china", "chna"}, []string{"chna"}, `no entity has the id "chna"`},
		{"two unknown", []string{"atlantis", "china", "oz"}, []string{"atlantis", "oz"}, `no entities have the ids "atlantis", "oz"`},
		{"twice", []string{"china", "usa", "china"}, nil, `"china" is listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := model.Compare(l, tt.ids, model.Date{})
			if err == nil {
				t.Fatalf("Compare(%v): got %d entities, want an error", tt.ids, len(c.Entities))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error: got %q, want it to hold %q", err, tt.want)
			}
			var unknown *model.UnknownEntityError
			if got := errors.As(err, &unknown); got != (tt.unknown != nil) {
				t.Fatalf("errors.As(%v, *UnknownEntityError): got %v, want %v", err, got, tt.unknown != nil)
			}
			if unknown != nil && !slices.Equal(unknown.IDs, tt.unknown) {
				t.Errorf("unknown ids: got %v, want %v", unknown.IDs, tt.unknown)
			}
		})
	}
	for _, n := range []int{model.MinCompared, model.MaxCompared} {
		ids := []string{"china", "usa", "eu", "india", "russia", "acme"}[:n]
		if _, err := model.Compare(l, ids, model.Date{}); err != nil {
			t.Errorf("Compare of %d entities: got %v, want no error", n, err)
		}
	}
}

func TestCompareFacts(t *testing.T) {
	l := loadCompare(t)
	c := mustCompare(t, l, []string{"wic", "china", "eu", "igf"}, model.Date{})
	want := []model.ComparedEntity{
		{ID: "wic", Name: "World Internet Conference", Short: "WIC", Kind: "forum", Region: "Global", Founded: "2014-11-19", Model: "state-led", Relations: 6},
		{ID: "china", Name: "China", Kind: "state", Region: "East Asia", Relations: 5},
		{ID: "eu", Name: "European Union", Short: "EU", Kind: "bloc", Region: "Europe", Founded: "1993-11-01", Relations: 2},
		{ID: "igf", Name: "Internet Governance Forum", Short: "IGF", Kind: "forum", Region: "Global", Founded: "2006", Model: "multistakeholder", Relations: 8},
	}
	if !slices.Equal(c.Entities, want) {
		t.Errorf("Entities:\ngot  %+v\nwant %+v", c.Entities, want)
	}
}

// TestCompareLatestAtDate reads one stance at many dates, including dates of
// year and month precision on both sides.
func TestCompareLatestAtDate(t *testing.T) {
	l := loadCompare(t)
	tests := []struct {
		name, entity, axis string
		at                 model.Date
		// date is the date of the position wanted; "" means no position.
		date  string
		score int
	}{
		// China's sovereignty positions are "2015" (−2) and "2021-03" (−1).
		{"year at before a year position", "china", "sovereignty", model.MustDate("2014"), "", 0},
		{"year at on a year position", "china", "sovereignty", model.MustDate("2015"), "2015", -2},
		{"end of a year", "china", "sovereignty", model.EndOfYear(2020), "2015", -2},
		{"month at before the change", "china", "sovereignty", model.MustDate("2021-02"), "2015", -2},
		{"month at on a month position", "china", "sovereignty", model.MustDate("2021-03"), "2021-03", -1},
		{"latest of all", "china", "sovereignty", model.Date{}, "2021-03", -1},
		// The US moved from +2 ("2011") to +1 on 2020-06-15.
		{"day before the change", "usa", "sovereignty", model.MustDate("2020-06-14"), "2011", 2},
		{"month at holding the change", "usa", "sovereignty", model.MustDate("2020-06"), "2020-06-15", 1},
		{"month at before the change", "usa", "sovereignty", model.MustDate("2020-05"), "2011", 2},
		// A score of 0 is a position, not its absence.
		{"zero score", "eu", "data", model.EndOfYear(2020), "2020", 0},
		{"before the zero", "eu", "data", model.EndOfYear(2019), "", 0},
		{"never held", "india", "sovereignty", model.Date{}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := "usa"
			if tt.entity == "usa" {
				other = "china"
			}
			c := mustCompare(t, l, []string{tt.entity, other}, tt.at)
			p := row(t, c, tt.axis).Stances[0].Position
			switch {
			case tt.date == "" && p != nil:
				t.Errorf("%s on %s at %v: got %+d (%s), want no position", tt.entity, tt.axis, tt.at, p.Score, p.Date)
			case tt.date != "" && p == nil:
				t.Errorf("%s on %s at %v: got no position, want %+d (%s)", tt.entity, tt.axis, tt.at, tt.score, tt.date)
			case p != nil && (p.Date != tt.date || p.Score != tt.score):
				t.Errorf("%s on %s at %v: got %+d (%s), want %+d (%s)", tt.entity, tt.axis, tt.at, p.Score, p.Date, tt.score, tt.date)
			}
		})
	}
}

func TestCompareHistory(t *testing.T) {
	l := loadCompare(t)
	ds := func(pairs ...any) []model.DatedScore {
		out := []model.DatedScore{}
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, model.DatedScore{Date: pairs[i].(string), Score: pairs[i+1].(int)})
		}
		return out
	}
	tests := []struct {
		name, entity, axis string
		at                 model.Date
		want               []model.DatedScore
	}{
		{"every change up to the date", "india", "governance", model.EndOfYear(2020), ds("2011-10-26", -2, "2015-06", 1, "2019-06", -1)},
		{"cut at the date", "india", "governance", model.EndOfYear(2014), ds("2011-10-26", -2)},
		{"later change left out", "india", "data", model.EndOfYear(2020), ds("2019-06-28", -2)},
		{"all of it", "india", "data", model.Date{}, ds("2019-06-28", -2, "2023-08-11", 0)},
		{"file order is not date order", "china", "sovereignty", model.Date{}, ds("2015", -2, "2021-03", -1)},
		{"nothing yet", "china", "sovereignty", model.EndOfYear(2014), ds()},
		{"nothing ever", "india", "sovereignty", model.Date{}, ds()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCompare(t, l, []string{tt.entity, "wic"}, tt.at)
			if got := row(t, c, tt.axis).Stances[0].History; !slices.Equal(got, tt.want) || got == nil {
				t.Errorf("history of %s on %s at %v: got %v, want %v", tt.entity, tt.axis, tt.at, got, tt.want)
			}
		})
	}
}

func TestCompareAxes(t *testing.T) {
	l := loadCompare(t)
	type want struct {
		held   int
		spread int // -1: none
		differ bool
	}
	tests := []struct {
		name string
		ids  []string
		at   model.Date
		want map[string]want
	}{
		// At the end of 2020: sovereignty −2, +1, +1, none; governance −2,
		// +2, +2, −1; data −2, +2, 0, −2; encryption −1, −1, 0, none.
		{"four at 2020", four, model.EndOfYear(2020), map[string]want{
			"sovereignty": {3, 3, true}, "governance": {4, 4, true}, "data": {4, 4, true}, "encryption": {3, 1, false},
		}},
		// Data: +2 and 0 are exactly DifferBy apart.
		{"two points is a difference", []string{"usa", "eu"}, model.EndOfYear(2020), map[string]want{
			"sovereignty": {2, 0, false}, "governance": {2, 0, false}, "data": {2, 2, true}, "encryption": {2, 1, false},
		}},
		// By 2012 only the US holds a position (sovereignty): one score is no spread.
		{"one position is no spread", []string{"usa", "eu"}, model.EndOfYear(2012), map[string]want{
			"sovereignty": {1, -1, false}, "governance": {0, -1, false}, "data": {0, -1, false}, "encryption": {0, -1, false},
		}},
		// The forum holds no position; the spread is the two states'.
		{"forum beside states", []string{"wic", "china", "usa"}, model.EndOfYear(2020), map[string]want{
			"sovereignty": {2, 3, true}, "governance": {2, 4, true}, "data": {2, 4, true}, "encryption": {2, 0, false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCompare(t, l, tt.ids, tt.at)
			for axis, w := range tt.want {
				r := row(t, c, axis)
				spread := -1
				if r.Spread != nil {
					spread = *r.Spread
				}
				if r.Held != w.held || spread != w.spread || r.Differ != w.differ {
					t.Errorf("%s: got held %d, spread %d, differ %v; want held %d, spread %d, differ %v",
						axis, r.Held, spread, r.Differ, w.held, w.spread, w.differ)
				}
			}
		})
	}
}

func TestCompareSummary(t *testing.T) {
	l := loadCompare(t)
	tests := []struct {
		name string
		ids  []string
		at   model.Date
		want model.Summary
	}{
		{"four at 2020", four, model.EndOfYear(2020), model.Summary{Compared: 4,
			Agree: []string{"encryption"}, AgreeSpread: 1, Differ: []string{"governance", "data"}, DifferSpread: 4, Differing: 3}},
		{"ties listed in axis order", []string{"usa", "eu"}, model.EndOfYear(2020), model.Summary{Compared: 4,
			Agree: []string{"sovereignty", "governance"}, AgreeSpread: 0, Differ: []string{"data"}, DifferSpread: 2, Differing: 1}},
		// Only data is held by both, so it is both the least and the most.
		{"one axis compared", []string{"china", "russia"}, model.EndOfYear(2020), model.Summary{Compared: 1,
			Agree: []string{"data"}, AgreeSpread: 0, Differ: []string{"data"}, DifferSpread: 0}},
		{"nothing compared", []string{"usa", "eu"}, model.EndOfYear(2012), model.Summary{Agree: []string{}, Differ: []string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustCompare(t, l, tt.ids, tt.at).Summary
			if got.Compared != tt.want.Compared || !slices.Equal(got.Agree, tt.want.Agree) || got.AgreeSpread != tt.want.AgreeSpread ||
				!slices.Equal(got.Differ, tt.want.Differ) || got.DifferSpread != tt.want.DifferSpread || got.Differing != tt.want.Differing {
				t.Errorf("Summary: got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCompareAgreement(t *testing.T) {
	l := loadCompare(t)
	// none marks a pair with no axis in common.
	const none = -1.0
	type pair struct {
		a, b     string
		distance float64
		axes     int
	}
	tests := []struct {
		name string
		ids  []string
		at   model.Date
		want []pair
	}{
		// Scores at the end of 2020 (sovereignty, governance, data, encryption):
		// China −2 −2 −2 −1; US +1 +2 +2 −1; EU +1 +2 0 0; India · −1 −2 ·.
		{"four at 2020", four, model.EndOfYear(2020), []pair{
			{"china", "usa", (3 + 4 + 4 + 0) / 4.0, 4},
			{"china", "eu", (3 + 4 + 2 + 1) / 4.0, 4},
			{"china", "india", (1 + 0) / 2.0, 2},
			{"usa", "eu", (0 + 0 + 2 + 1) / 4.0, 4},
			{"usa", "india", (3 + 4) / 2.0, 2},
			{"eu", "india", (3 + 2) / 2.0, 2},
		}},
		// In 2012 the US holds only sovereignty and India only governance.
		{"no axis in common is no value", []string{"usa", "india", "china"}, model.EndOfYear(2012), []pair{
			{"usa", "india", none, 0}, {"usa", "china", none, 0}, {"india", "china", none, 0},
		}},
		{"forum without positions", []string{"wic", "china", "usa"}, model.EndOfYear(2020), []pair{
			{"wic", "china", none, 0}, {"wic", "usa", none, 0}, {"china", "usa", 2.75, 4},
		}},
		{"same stance is zero, not none", []string{"china", "russia"}, model.Date{}, []pair{{"china", "russia", 0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCompare(t, l, tt.ids, tt.at)
			var got []pair
			for _, ag := range c.Agreement {
				d := none
				if ag.Distance != nil {
					d = *ag.Distance
				}
				got = append(got, pair{ag.A, ag.B, d, ag.Axes})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Agreement:\ngot  %v\nwant %v", got, tt.want)
			}
			if ag, ok := c.Pair(tt.want[0].b, tt.want[0].a); !ok || ag.Axes != tt.want[0].axes {
				t.Errorf("Pair(%s, %s): got %+v, %v; want %d axes", tt.want[0].b, tt.want[0].a, ag, ok, tt.want[0].axes)
			}
		})
	}
}

// overlap is a PairOverlap in ids, for comparing in one line.
type overlap struct {
	a, b                 string
	shared, onlyA, onlyB string
	jaccard              float64
	byKind               string
}

func overlaps(ps []model.PairOverlap) []overlap {
	out := []overlap{}
	for _, p := range ps {
		out = append(out, overlap{p.A, p.B, strings.Join(refIDs(p.Shared), " "), strings.Join(refIDs(p.OnlyA), " "),
			strings.Join(refIDs(p.OnlyB), " "), p.Jaccard, kinds(p.ByKind)})
	}
	return out
}

func kinds(kc []model.KindCount) string {
	var parts []string
	for _, k := range kc {
		parts = append(parts, fmt.Sprintf("%s=%d", k.Kind, k.Count))
	}
	return strings.Join(parts, " ")
}

func TestCompareActors(t *testing.T) {
	l := loadCompare(t)
	// Forums in 2020 (relations active that year): China wic igf itu (its
	// WICO tie starts in 2022); US igf itu (its WIC observer tie ended in
	// 2016); EU igf coe; India igf itu wic. Lists come in name order: ITU
	// ("International T…") before IGF ("Internet G…").
	c := mustCompare(t, l, four, model.EndOfYear(2020))
	if c.Forums != nil {
		t.Errorf("Forums: got %+v, want nil with no forum compared", c.Forums)
	}
	s := c.Actors
	if s == nil {
		t.Fatal("Actors: got nil, want the four actors' forums")
	}
	if !slices.Equal(s.Members, four) {
		t.Errorf("Members: got %v, want %v", s.Members, four)
	}
	if got := refIDs(s.Common); !slices.Equal(got, []string{"igf"}) {
		t.Errorf("Common: got %v, want [igf]", got)
	}
	var own []string
	for _, o := range s.Own {
		own = append(own, strings.Join(refIDs(o), " "))
	}
	if want := []string{"", "", "coe", ""}; !slices.Equal(own, want) {
		t.Errorf("Own: got %q, want %q", own, want)
	}
	want := []overlap{
		{"china", "usa", "itu igf", "wic", "", 2.0 / 3, "forum=2"},
		{"china", "eu", "igf", "itu wic", "coe", 1.0 / 4, "forum=1"},
		{"china", "india", "itu igf wic", "", "", 1, "forum=3"},
		{"usa", "eu", "igf", "itu", "coe", 1.0 / 3, "forum=1"},
		{"usa", "india", "itu igf", "", "wic", 2.0 / 3, "forum=2"},
		{"eu", "india", "igf", "coe", "itu wic", 1.0 / 4, "forum=1"},
	}
	if got := overlaps(s.Pairs); !slices.Equal(got, want) {
		t.Errorf("Pairs:\ngot  %v\nwant %v", got, want)
	}
}

func TestCompareForums(t *testing.T) {
	l := loadCompare(t)
	// Participants: WIC china usa india russia acme rights-watch; IGF china
	// usa eu india acme rights-watch ietf itu; ITU china usa india russia igf.
	// Common and Own leave out every compared forum (ITU in IGF's, IGF in
	// ITU's); a pair, as Overlap, leaves out only its two, so ITU counts
	// among IGF's participants beside WIC.
	// Lists are in name order: "International T…" before "Internet E…".
	c := mustCompare(t, l, []string{"wic", "igf", "itu"}, model.Date{})
	if c.Actors != nil {
		t.Errorf("Actors: got %+v, want nil with no actor compared", c.Actors)
	}
	s := c.Forums
	if s == nil {
		t.Fatal("Forums: got nil, want the three forums' participants")
	}
	if got := refIDs(s.Common); !slices.Equal(got, []string{"china", "india", "usa"}) {
		t.Errorf("Common: got %v, want [china india usa]", got)
	}
	if got := kinds(s.CommonByKind); got != "state=3" {
		t.Errorf("CommonByKind: got %q, want %q", got, "state=3")
	}
	var own []string
	for _, o := range s.Own {
		own = append(own, strings.Join(refIDs(o), " "))
	}
	if want := []string{"", "eu ietf", ""}; !slices.Equal(own, want) {
		t.Errorf("Own: got %q, want %q", own, want)
	}
	want := []overlap{
		// 5 shared of 9 in either; by kind in the order of model.Kinds.
		{"wic", "igf", "acme china india rights-watch usa", "russia", "eu itu ietf", 5.0 / 9, "state=3 company=1 ngo=1"},
		{"wic", "itu", "china india russia usa", "acme rights-watch", "igf", 4.0 / 7, "state=4"},
		// Their direct tie is left out of both sides.
		{"igf", "itu", "china india usa", "acme eu ietf rights-watch", "russia", 3.0 / 8, "state=3"},
	}
	if got := overlaps(s.Pairs); !slices.Equal(got, want) {
		t.Errorf("Pairs:\ngot  %v\nwant %v", got, want)
	}
}

func TestCompareMixed(t *testing.T) {
	l := loadCompare(t)
	c := mustCompare(t, l, []string{"wic", "china", "usa"}, model.EndOfYear(2020))
	if c.Entities[0].Model != "state-led" || c.Entities[1].Model != "" {
		t.Errorf("Model: got %q and %q, want the forum's and none for the state", c.Entities[0].Model, c.Entities[1].Model)
	}
	// One forum has no other to share participants with.
	if c.Forums != nil {
		t.Errorf("Forums: got %+v, want nil with one forum", c.Forums)
	}
	if c.Actors == nil || !slices.Equal(c.Actors.Members, []string{"china", "usa"}) {
		t.Fatalf("Actors: got %+v, want china and usa", c.Actors)
	}
	// WIC is compared, and still a forum the two could share; in 2020 only
	// China takes part (the US's observer tie ended in 2016).
	if got := refIDs(c.Actors.Common); !slices.Equal(got, []string{"itu", "igf"}) {
		t.Errorf("Common: got %v, want [itu igf]", got)
	}
	for _, r := range c.Axes {
		if p := r.Stances[0].Position; p != nil {
			t.Errorf("WIC on %s: got %+d, want no position", r.Axis.ID, p.Score)
		}
	}
}

func TestCompareSources(t *testing.T) {
	l := loadCompare(t)
	c := mustCompare(t, l, four, model.EndOfYear(2020))
	var got []string
	for _, s := range c.Sources {
		got = append(got, s.ID)
	}
	// First cited reading the axes row by row: China's sovereignty stance
	// cites s-china and s-wic; s-wic is cited by no other stance shown.
	if want := []string{"s-china", "s-wic", "s-usa", "s-eu", "s-india"}; !slices.Equal(got, want) {
		t.Errorf("Sources: got %v, want %v", got, want)
	}
}

func TestAxisLean(t *testing.T) {
	a := &model.Axis{Neg: model.Pole{Label: "Cyber sovereignty"}, Pos: model.Pole{Label: "Open internet"}}
	for score, want := range map[int]string{-2: "Cyber sovereignty", -1: "Cyber sovereignty", 0: "neutral", 1: "Open internet", 2: "Open internet"} {
		if got := a.Lean(score); got != want {
			t.Errorf("Lean(%d): got %q, want %q", score, got, want)
		}
	}
}

// TestCompareExportsMarkAbsence checks that the machine-read exports never
// write a missing stance or distance as 0. The full text of each export is
// held in cli's golden files.
func TestCompareExportsMarkAbsence(t *testing.T) {
	l := loadCompare(t)
	c := mustCompare(t, l, []string{"india", "usa", "wic"}, model.EndOfYear(2012))

	var b bytes.Buffer
	if err := c.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("read back the CSV: %v", err)
	}
	if !slices.Equal(rows[0], model.CSVHeader) {
		t.Errorf("header: got %v, want %v", rows[0], model.CSVHeader)
	}
	value := map[string]string{}
	for _, r := range rows[1:] {
		value[r[0]+" "+r[2]] = r[3]
	}
	for key, want := range map[string]string{
		"india stance:sovereignty": model.NoPosition,
		"india stance:governance":  "-2",
		"wic model":                "state-led",
		"india model":              model.NotApplicable,
		"india founded":            model.NotRecorded,
		"india distance:usa":       "",
		"india distance_axes:usa":  "0",
		"wic forums_in_common":     model.NotApplicable,
		"usa own_forums":           "",
		"india own_forums":         "",
		"usa shared_forums:india":  "itu igf", // WIC's ties start in 2015
		"usa jaccard:india":        "1",
	} {
		if got, ok := value[key]; !ok || got != want {
			t.Errorf("CSV %s: got %q (present %v), want %q", key, got, ok, want)
		}
	}

	b.Reset()
	if err := c.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Axes []struct {
			Stances []struct {
				Position *struct{ Score int } `json:"position"`
			} `json:"stances"`
		} `json:"axes"`
		Agreement []struct {
			Distance *float64 `json:"distance"`
			Axes     int      `json:"axes"`
		} `json:"agreement"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("read back the JSON: %v", err)
	}
	if p := doc.Axes[0].Stances[0].Position; p != nil {
		t.Errorf("JSON India on sovereignty: got %+v, want null", p)
	}
	if d := doc.Agreement[0].Distance; d != nil || doc.Agreement[0].Axes != 0 {
		t.Errorf("JSON India–US distance: got %v over %d axes, want null over 0", d, doc.Agreement[0].Axes)
	}
}
