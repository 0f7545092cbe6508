package resources_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"govscape/cli"
	"govscape/model"
	"govscape/resources"
)

// Issue 3's thresholds for the bundled landscape: the one place they are set.
const (
	minForums        = 30
	minOthers        = 100 // entities that are not forums
	minPositions     = 150
	minAxisPositions = 12
	minChanged       = 15 // entities whose score on some axis differs between dates
	minRelations     = 300
	minEvents        = 60
	// minParticipants is also govscape stats' threshold; TestStatsShowsCoverage
	// fails if the two drift apart, as the stats line names it.
	minParticipants = 3
	// firstEventYear is the ITU's founding, where the history starts.
	firstEventYear = 1865
	// lastEventMonth is the WSIS+20 outcome, where the history ends.
	lastEventMonth = "2025-12"
)

// unbounded is the max of a figure that may grow without limit.
const unbounded = math.MaxInt

// axisIDs are the eight stance axes of ../shared/data/ig_facts.json.
var axisIDs = []string{
	"governance_model", "sovereignty_openness", "data_flows", "content_control",
	"encryption", "surveillance", "cyber_rules_instrument", "standards_venue",
}

// unGroupTags mark the states of each UN regional group.
var unGroupTags = []string{"un-african", "un-asia-pacific", "un-eeg", "un-grulac", "un-weog"}

// globalSouth are the actors issue 3 names so that the Global South is not an
// afterthought: each must be there, as what it is, with a stance on record.
var globalSouth = []struct{ id, kind string }{
	{"india", "state"},
	{"brazil", "state"},
	{"south_africa", "state"},
	{"indonesia", "state"},
	{"kenya", "state"},
	{"g77_china", "bloc"},
	{"african_group_wcit", "bloc"},
}

// figure is one measured count of the landscape and the bounds it must keep.
type figure struct {
	what     string // plural noun phrase: "got 28 forums, want ≥ 30"
	line     string // the label of the govscape stats line printing it; "" if none
	got      int
	min, max int
}

func (f figure) want() string {
	switch {
	case f.min == f.max:
		return strconv.Itoa(f.min)
	case f.max == unbounded:
		return fmt.Sprintf("≥ %d", f.min)
	}
	return fmt.Sprintf("%d…%d", f.min, f.max)
}

// coverage measures l against issue 3.
func coverage(l *model.Landscape) []figure {
	kinds := map[string]int{}
	var thin, alone, ungrouped int
	groups := map[string]int{}
	for _, e := range l.Entities {
		kinds[e.Kind]++
		if e.Kind == "forum" && len(l.Counterparts(e.ID, 0, nil)) < minParticipants {
			thin++
		}
		if len(l.RelationsOf(e.ID)) == 0 {
			alone++
		}
		if e.Kind != "state" {
			continue
		}
		grouped := false
		for _, g := range unGroupTags {
			if slices.Contains(e.Tags, g) {
				groups[g]++
				grouped = true
			}
		}
		if !grouped {
			ungrouped++
		}
	}

	type stance struct{ entity, axis string }
	scores := map[stance]map[int]bool{}
	onAxis := map[string]int{}
	for _, p := range l.Positions {
		onAxis[p.Axis]++
		k := stance{p.Entity, p.Axis}
		if scores[k] == nil {
			scores[k] = map[int]bool{}
		}
		scores[k][p.Score] = true
	}
	changed := map[string]bool{}
	for k, s := range scores {
		if len(s) >= 2 {
			changed[k.entity] = true
		}
	}

	fs := []figure{
		{"forums", "Forums by model", kinds["forum"], minForums, unbounded},
		{"entities other than forums", "all but forums", len(l.Entities) - kinds["forum"], minOthers, unbounded},
		{"positions", "Positions by axis", len(l.Positions), minPositions, unbounded},
		{"entities whose stance changed on some axis", "entities whose stance changed on some axis", len(changed), minChanged, unbounded},
		{"relations", "Relations by role", len(l.Relations), minRelations, unbounded},
		{"events", "Events", len(l.Events), minEvents, unbounded},
		{fmt.Sprintf("forums with fewer than %d participants", minParticipants),
			fmt.Sprintf("forums with fewer than %d participants", minParticipants), thin, 0, 0},
		{"entities without a relation", "entities without a relation", alone, 0, 0},
		{"states in no UN regional group", "states in no UN regional group", ungrouped, 0, 0},
	}
	for _, k := range model.Kinds {
		fs = append(fs, figure{"entities of kind " + k, k, kinds[k], 1, unbounded})
	}
	for _, id := range axisIDs {
		f := figure{"positions on axis " + id, "", onAxis[id], minAxisPositions, unbounded}
		if a, ok := l.Axis(id); ok {
			f.line = a.Name + " (" + id + ")"
		} else {
			f.what += " (the axis is missing)"
		}
		fs = append(fs, f)
	}
	for _, g := range unGroupTags {
		fs = append(fs, figure{"states in UN regional group " + g, g, groups[g], 1, unbounded})
	}
	return fs
}

// TestCoverage holds the bundled landscape to issue 3's sizes.
func TestCoverage(t *testing.T) {
	for _, f := range coverage(bundled(t)) {
		t.Run(f.what, func(t *testing.T) {
			if f.got < f.min || f.got > f.max {
				t.Errorf("got %d %s, want %s", f.got, f.what, f.want())
			}
		})
	}
}

// TestStatsShowsCoverage keeps govscape stats printing the very figures
// TestCoverage checks, so a reader sees from the command whether issue 3's
// sizes are met.
func TestStatsShowsCoverage(t *testing.T) {
	l := bundled(t)
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"stats"}, &stdout, &stderr); code != 0 {
		t.Fatalf("govscape stats: got exit status %d, want 0\n%s", code, &stderr)
	}
	// Lines as stats prints them, with runs of blanks squashed: "forum 32".
	blanks := regexp.MustCompile(`[ \t]+`)
	var lines []string
	for line := range strings.Lines(stdout.String()) {
		lines = append(lines, strings.TrimSpace(blanks.ReplaceAllString(line, " ")))
	}
	// shows reports whether some line labelled label gives n after it. Some
	// labels stand twice ("industry" is a kind and a forum model).
	shows := func(label, n string) bool {
		for _, line := range lines {
			if rest, ok := strings.CutPrefix(line, label+" "); ok && strings.Fields(rest)[0] == n {
				return true
			}
		}
		return false
	}
	var missing []string
	for _, f := range coverage(l) {
		if f.line != "" && !shows(f.line, strconv.Itoa(f.got)) {
			missing = append(missing, fmt.Sprintf("%q followed by %d (%s)", f.line, f.got, f.what))
		}
	}
	first, last := eventSpan(l)
	for _, ev := range []struct {
		label string
		ev    *model.Event
	}{{"earliest", first}, {"latest", last}} {
		if ev.ev != nil && !shows(ev.label, ev.ev.Date) {
			missing = append(missing, fmt.Sprintf("%q followed by %s (event %s)", ev.label, ev.ev.Date, ev.ev.ID))
		}
	}
	if len(missing) > 0 {
		t.Errorf("stats: got\n%s\nwant lines\n  %s", &stdout, strings.Join(missing, "\n  "))
	}
}

// eventSpan returns the earliest and latest events, the first in the file of
// those on the same date.
func eventSpan(l *model.Landscape) (first, last *model.Event) {
	for i := range l.Events {
		ev := &l.Events[i]
		d := model.MustDate(ev.Date)
		if first == nil || d.Before(model.MustDate(first.Date)) {
			first = ev
		}
		if last == nil || model.MustDate(last.Date).Before(d) {
			last = ev
		}
	}
	return first, last
}

// TestEventSpan: the history runs from the ITU's founding to the WSIS+20
// outcome.
func TestEventSpan(t *testing.T) {
	first, last := eventSpan(bundled(t))
	if first == nil {
		t.Fatal("got no events, want a history")
	}
	if y := model.MustDate(first.Date).Year; y > firstEventYear {
		t.Errorf("earliest event: got %s on %s, want one in %d or before (the ITU's founding)", first.ID, first.Date, firstEventYear)
	}
	if !strings.HasPrefix(last.Date, lastEventMonth+"-") && last.Date != lastEventMonth {
		t.Errorf("latest event: got %s on %s, want one in %s (the WSIS+20 outcome)", last.ID, last.Date, lastEventMonth)
	}
}

// TestGlobalSouthActors: the actors issue 3 names are there with a stance.
func TestGlobalSouthActors(t *testing.T) {
	l := bundled(t)
	for _, a := range globalSouth {
		t.Run(a.id, func(t *testing.T) {
			e, ok := l.Entity(a.id)
			if !ok {
				t.Fatalf("got no entity %q, want the %s", a.id, a.kind)
			}
			if e.Kind != a.kind {
				t.Errorf("%s: got kind %s, want %s", a.id, e.Kind, a.kind)
			}
			if n := len(l.PositionsOf(a.id)); n == 0 {
				t.Errorf("%s: got 0 positions, want ≥ 1", a.id)
			}
		})
	}
}

// TestValidationGuardsQuality: issue 3's per-record rules — every source has
// an http(s) URL, a title and a publisher; no date lies after as_of; every
// event names an entity — are enforced by model's validation, which the
// bundled landscape passes (TestLandscapeValidates). Here each rule is broken
// in a copy of the bundled file to show validation still refuses it.
func TestValidationGuardsQuality(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(*model.Landscape)
		path  string // where the problem must be reported
	}{
		{"ftp source", func(l *model.Landscape) { l.Sources[0].URL = "ftp://example.org/doc" }, "sources[0].url"},
		{"source without title", func(l *model.Landscape) { l.Sources[0].Title = " " }, "sources[0].title"},
		{"source without publisher", func(l *model.Landscape) { l.Sources[0].Publisher = "" }, "sources[0].publisher"},
		{"event after as_of", func(l *model.Landscape) { l.Events[0].Date = "2999-01-01" }, "events[0].date"},
		{"position after as_of", func(l *model.Landscape) { l.Positions[0].Date = "2999" }, "positions[0].date"},
		{"relation after as_of", func(l *model.Landscape) { l.Relations[0].Start = "2999-01" }, "relations[0].start"},
		{"founding after as_of", func(l *model.Landscape) { l.Entities[0].Founded = "2999" }, "entities[0].founded"},
		{"source after as_of", func(l *model.Landscape) { l.Sources[0].Date = "2999" }, "sources[0].date"},
		{"event naming no entity", func(l *model.Landscape) { l.Events[0].Entities = nil }, "events[0].entities"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := bundled(t)
			tt.spoil(l)
			data, err := json.Marshal(l)
			if err != nil {
				t.Fatal(err)
			}
			_, err = model.Parse(data, resources.LandscapeName)
			var ve *model.ValidationError
			if !errors.As(err, &ve) || !slices.ContainsFunc(ve.Problems, func(p model.Problem) bool { return p.Path == tt.path }) {
				t.Errorf("got %v, want a problem at %s", err, tt.path)
			}
		})
	}
}
