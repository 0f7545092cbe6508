package model_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"govscape/model"
)

// loadValid parses testdata/valid.json, the fixture most query tests read.
func loadValid(t testing.TB) *model.Landscape {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := model.Parse(data, "valid.json")
	if err != nil {
		t.Fatalf("Parse(valid.json): %v", err)
	}
	return l
}

func TestParseValid(t *testing.T) {
	l := loadValid(t)
	counts := []struct {
		what      string
		got, want int
	}{
		{"axes", len(l.Axes), 2},
		{"entities", len(l.Entities), 11},
		{"relations", len(l.Relations), 17},
		{"positions", len(l.Positions), 11},
		{"events", len(l.Events), 3},
		{"sources", len(l.Sources), 8},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.what, c.got, c.want)
		}
	}
	if e, ok := l.Entity("wic"); !ok || e.Name != "World Internet Conference" || e.Label() != "WIC" {
		t.Errorf("Entity(wic): got %+v, %v", e, ok)
	}
	if e, _ := l.Entity("china"); e.Label() != "China" {
		t.Errorf("china.Label(): got %q, want %q", e.Label(), "China")
	}
	if _, ok := l.Entity("nowhere"); ok {
		t.Error("Entity(nowhere): found, want not found")
	}
	if a, ok := l.Axis("governance"); !ok || a.Neg.Label != "Multilateral" {
		t.Errorf("Axis(governance): got %+v, %v", a, ok)
	}
	if s, ok := l.Source("src-itu"); !ok || s.Verification != "partial" {
		t.Errorf("Source(src-itu): got %+v, %v", s, ok)
	}
	// Events come back by date although the file lists the 2022 one first.
	var events []string
	for _, ev := range l.EventsOf("china") {
		events = append(events, ev.ID)
	}
	if want := []string{"wic-1", "wico-launch"}; !slices.Equal(events, want) {
		t.Errorf("EventsOf(china): got %v, want %v", events, want)
	}
}

func TestLoad(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := model.Load(iotest.OneByteReader(bytes.NewReader(data)), "valid.json")
	if err != nil || len(l.Entities) != 11 {
		t.Fatalf("Load: got %v, want 11 entities and no error", err)
	}
	wantErr := errors.New("disk on fire")
	if _, err := model.Load(iotest.ErrReader(wantErr), "broken.json"); !errors.Is(err, wantErr) || !strings.Contains(err.Error(), "broken.json") {
		t.Errorf("Load(failing reader): got %v, want an error naming broken.json wrapping %v", err, wantErr)
	}
}

// problemPaths parses data and returns the paths of the problems it has,
// failing the test if anything was returned besides the error.
func problemPaths(t *testing.T, data []byte, name string) ([]string, *model.ValidationError) {
	t.Helper()
	l, err := model.Parse(data, name)
	if l != nil {
		t.Errorf("Parse returned a landscape with %d entities, want nil: a bad document is refused whole", len(l.Entities))
	}
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Parse: got error %v (%T), want a *model.ValidationError", err, err)
	}
	if ve.Name != name {
		t.Errorf("ValidationError.Name: got %q, want %q", ve.Name, name)
	}
	var paths []string
	for _, p := range ve.Problems {
		paths = append(paths, p.Path)
	}
	return paths, ve
}

func TestParseInvalidFixtures(t *testing.T) {
	tests := []struct {
		file  string
		paths []string
		// message is a fragment the first problem's message must hold, so a
		// problem reported at the right place for the wrong reason fails.
		message string
	}{
		{"malformed", []string{"line 4:4"}, "malformed JSON"},
		{"truncated", []string{"line 10:53"}, "ends too early"},
		{"invalid-utf8", []string{"line 10:52"}, "invalid UTF-8"},
		{"schema-wrong", []string{"schema"}, `got "govscape/landscape@2"`},
		{"schema-missing", []string{"schema"}, "missing"},
		{"unknown-relation-entity", []string{"relations[0].to"}, `unknown entity "wicc"`},
		{"unknown-position-refs", []string{"positions[0].entity", "positions[0].axis"}, `unknown entity "chna"`},
		{"unknown-event-entity", []string{"events[0].entities[1]"}, `unknown entity "chian"`},
		{"unknown-source", []string{"entities[1].sources[1]"}, `unknown source "src-nope"`},
		{"duplicate-entity-id", []string{"entities[2].id"}, "first at entities[1]"},
		{"duplicate-source-id", []string{"sources[1].id"}, "first at sources[0]"},
		{"duplicate-axis-id", []string{"axes[1].id"}, "first at axes[0]"},
		{"duplicate-event-id", []string{"events[1].id"}, "first at events[0]"},
		{"date-format", []string{"entities[0].founded"}, "want YYYY, YYYY-MM or YYYY-MM-DD"},
		{"date-month-13", []string{"relations[0].start"}, "no month 13"},
		{"date-feb-30", []string{"events[0].date"}, "2015-02 has 28 days"},
		{"date-after-as-of", []string{"positions[0].date"}, "after the dataset's as_of"},
		{"score-out-of-range", []string{"positions[0].score"}, "score 3 is outside"},
		{"unknown-kind", []string{"entities[1].kind"}, `unknown kind "country"`},
		{"unknown-role", []string{"relations[0].role"}, `unknown role "sponsor"`},
		{"unknown-model", []string{"entities[0].model"}, `unknown model "anarchic"`},
		{"unknown-verification", []string{"sources[0].verification"}, `unknown verification "confirmed"`},
		{"model-on-non-forum", []string{"entities[1].model"}, "only forums"},
		{"forum-without-model", []string{"entities[0].model"}, "missing model"},
		{"no-sources", []string{"entities[1].sources", "relations[0].sources", "positions[0].sources", "events[0].sources"}, "no sources"},
		{"source-url-not-web", []string{"sources[0].url", "sources[1].url", "sources[2].url"}, "not an http or https address"},
		{"relation-ends-before-start", []string{"relations[0].end"}, "before it starts"},
		{"unknown-field", []string{"entities[1].colour"}, `unknown field "colour"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			name := filepath.Join("testdata", "invalid", tt.file+".json")
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			paths, ve := problemPaths(t, data, name)
			if !slices.Equal(paths, tt.paths) {
				t.Fatalf("problem paths: got %q, want %q\n%v", paths, tt.paths, ve)
			}
			if msg := ve.Problems[0].Message; !strings.Contains(msg, tt.message) {
				t.Errorf("first problem: got %q, want it to mention %q", msg, tt.message)
			}
		})
	}
}

// TestParseManyProblems checks that validation does not stop at the first
// problem: a person fixing a file wants the whole list at once.
func TestParseManyProblems(t *testing.T) {
	name := filepath.Join("testdata", "invalid", "many-problems.json")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	_, ve := problemPaths(t, data, name)
	want := []model.Problem{
		{Path: "schema", Message: `got "landscape", want "govscape/landscape@1"`},
		{Path: "sources[0].url", Message: `"file:///etc/passwd" is not an http or https address`},
		{Path: "entities[1].kind", Message: `unknown kind "country" (want one of forum, state, bloc, igo, company, industry, ngo, technical, academic, person)`},
		{Path: "entities[2].id", Message: `duplicate entity id "wic" (first at entities[0])`},
		{Path: "relations[0].to", Message: `unknown entity "wicc"`},
		{Path: "relations[0].end", Message: "ends (2013) before it starts (2014)"},
		{Path: "positions[0].score", Message: "score -5 is outside -2…2"},
		{Path: "positions[0].date", Message: `bad date "2015-02-29": 2015-02 has 28 days`},
		{Path: "events[0].sources", Message: "no sources: every record cites at least one"},
	}
	if !slices.Equal(ve.Problems, want) {
		t.Errorf("problems:\ngot  %q\nwant %q", ve.Problems, want)
	}
	msg := ve.Error()
	if !strings.HasPrefix(msg, name+": 9 problems\n  schema: ") {
		t.Errorf("Error(): got %q, want it to start with the name, the count and the first problem", msg)
	}
	if n := strings.Count(msg, "\n"); n != 9 {
		t.Errorf("Error(): got %d lines after the first, want one a problem (9)", n)
	}
}

func TestParseInlineProblems(t *testing.T) {
	tests := []struct {
		name, doc string
		paths     []string
		message   string
	}{
		{"empty", "", []string{""}, "empty document"},
		{"blank", " \n\t", []string{""}, "empty document"},
		{"array", "[]", []string{""}, "the document: got a JSON array, want an object"},
		{"null", "null", []string{"schema", "as_of"}, "missing"},
		{"two documents", "{} {}", []string{"line 1:4"}, "unexpected data after the document"},
		{"trailing garbage", "{}\nx", []string{"line 2:1"}, "unexpected data after the document"},
		{"string score", `{"positions": [{"score": "high"}]}`, []string{"positions[0].score"}, "got a JSON string, want int"},
		{"fractional score", `{"positions": [{}, {"score": 1.5}]}`, []string{"positions[1].score"}, "got a JSON number 1.5, want int"},
		{"unknown top-level field", `{"schema": "govscape/landscape@1", "colour": 1}`, []string{"colour"}, `unknown field "colour"`},
		{"unknown nested field", `{"axes": [{"id": "a", "neg": {"label": "x", "colour": 1}}]}`, []string{"axes[0].neg.colour"}, `unknown field "colour"`},
		{"field names are spelled as the schema spells them", `{"SCHEMA": "govscape/landscape@1", "As_Of": "2020", "Colour": 1}`,
			[]string{"SCHEMA", "As_Of", "Colour"}, `unknown field "SCHEMA": the schema spells it "schema"`},
		{"missing as_of", `{"schema": "govscape/landscape@1"}`, []string{"as_of"}, "missing date"},
		{"bad as_of", `{"schema": "govscape/landscape@1", "as_of": "soon"}`, []string{"as_of"}, "bad date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths, ve := problemPaths(t, []byte(tt.doc), "doc.json")
			if !slices.Equal(paths, tt.paths) {
				t.Fatalf("problem paths: got %q, want %q\n%v", paths, tt.paths, ve)
			}
			if msg := ve.Problems[0].Message; !strings.Contains(msg, tt.message) {
				t.Errorf("first problem: got %q, want it to mention %q", msg, tt.message)
			}
		})
	}
}

// TestParseCoarseDates checks that a date of year or month precision is
// compared by the whole span it names: "2025-06" is not after an as_of of
// "2025", and a relation ending in "2014" did not end before starting in
// "2014-05".
func TestParseCoarseDates(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "invalid", "relation-ends-before-start.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, r := range []struct{ old, new string }{
		{`"as_of": "2025-12-31"`, `"as_of": "2025"`},
		{`"date": "2015-12-16"`, `"date": "2025-06"`},
		{`"start": "2016"`, `"start": "2014-05"`},
		{`"end": "2014-05"`, `"end": "2014"`},
	} {
		if !strings.Contains(doc, r.old) {
			t.Fatalf("fixture no longer holds %s", r.old)
		}
		doc = strings.Replace(doc, r.old, r.new, 1)
	}
	if _, err := model.Parse([]byte(doc), "coarse.json"); err != nil {
		t.Errorf("Parse: got %v, want no error", err)
	}
}

func TestParseTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 64 MiB document")
	}
	// A valid document padded with white space: only its size is wrong, so
	// the size check is what refuses it.
	valid, err := os.ReadFile(filepath.Join("testdata", "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	big := append(valid, bytes.Repeat([]byte{' '}, model.MaxDocumentSize+1-len(valid))...)
	paths, ve := problemPaths(t, big, "big.json")
	if !slices.Equal(paths, []string{""}) || !strings.Contains(ve.Problems[0].Message, "larger than 64 MiB") {
		t.Errorf("Parse(64 MiB + 1): got %v, want one problem saying it is larger than 64 MiB", ve)
	}
	l, err := model.Load(bytes.NewReader(big), "big.json")
	if l != nil || err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("Load(64 MiB + 1): got %v, want it refused as too large", err)
	}
}
