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
	// A file is read into a buffer of its size.
	f, err := os.Open(filepath.Join("testdata", "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if l, err := model.Load(f, "valid.json"); err != nil || len(l.Entities) != 11 {
		t.Fatalf("Load(file): got %v, want 11 entities and no error", err)
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
		{"byte-order-mark", []string{"line 1:1"}, "byte-order mark"},
		{"type-error-index", []string{"entities[1].sources", "positions[2].score"}, "got a JSON string, want array"},
		{"duplicate-field", []string{"entities[1].name", "relations[0].to"}, "given twice"},
		{"field-case", []string{"entities[0].ID", "entities[1].Name"}, `the schema spells it "id"`},
		{"id-characters", []string{"sources[0].id", "entities[0].sources[0]", "entities[1].id", "entities[1].sources[0]",
			"relations[0].from", "relations[0].sources[0]", "positions[0].entity", "positions[0].sources[0]",
			"events[0].id", "events[0].entities[1]", "events[0].sources[0]"}, "want 1 to 64 letters, digits"},
		{"control-characters", []string{"sources[0].title", "entities[0].short", "entities[1].name", "positions[0].evidence", "events[0].title"}, "U+2028"},
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

// TestParseBadInput checks the messages of the problems that keep hostile or
// careless input out: each names its place and says what to do.
func TestParseBadInput(t *testing.T) {
	const idRule = "want 1 to 64 letters, digits, '-' or '_'"
	tests := []struct {
		file string
		want []model.Problem
	}{
		{"byte-order-mark", []model.Problem{
			{Path: "line 1:1", Message: "starts with a byte-order mark (BOM); save the file as UTF-8 without BOM"},
		}},
		{"type-error-index", []model.Problem{
			{Path: "entities[1].sources", Message: "got a JSON string, want array"},
			{Path: "positions[2].score", Message: "got a JSON string, want int"},
		}},
		{"duplicate-field", []model.Problem{
			{Path: "entities[1].name", Message: `field "name" given twice in one object; keep one`},
			{Path: "relations[0].to", Message: `field "to" given twice in one object; keep one`},
		}},
		{"field-case", []model.Problem{
			{Path: "entities[0].ID", Message: `unknown field "ID": the schema spells it "id"`},
			{Path: "entities[1].Name", Message: `unknown field "Name": the schema spells it "name"`},
		}},
		{"id-characters", []model.Problem{
			{Path: "sources[0].id", Message: `id "src wic": ` + idRule},
			{Path: "entities[0].sources[0]", Message: `unknown source "src-wic"`},
			{Path: "entities[1].id", Message: `id "../china": ` + idRule},
			{Path: "entities[1].sources[0]", Message: `unknown source "src-wic"`},
			{Path: "relations[0].from", Message: `entity id "china\x00": ` + idRule},
			{Path: "relations[0].sources[0]", Message: `unknown source "src-wic"`},
			{Path: "positions[0].entity", Message: `unknown entity "china"`},
			{Path: "positions[0].sources[0]", Message: `unknown source "src-wic"`},
			{Path: "events[0].id", Message: `id "wic/1": ` + idRule},
			{Path: "events[0].entities[1]", Message: `unknown entity "china"`},
			{Path: "events[0].sources[0]", Message: `unknown source "src-wic"`},
		}},
		{"control-characters", []model.Problem{
			{Path: "sources[0].title", Message: "holds a line separator (U+2028) at character 4; this field is one line of text"},
			{Path: "entities[0].short", Message: "holds the bidirectional control U+202E at character 2, which can make text display in another order than it is stored; remove it"},
			{Path: "entities[1].name", Message: "holds the control character U+001B at character 6; remove it"},
			{Path: "positions[0].evidence", Message: `holds a carriage return (U+000D) at character 7; break lines with \n alone`},
			{Path: "events[0].title", Message: "holds a line break (U+000A) at character 12; this field is one line of text"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			name := filepath.Join("testdata", "invalid", tt.file+".json")
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			_, ve := problemPaths(t, data, name)
			if !slices.Equal(ve.Problems, tt.want) {
				t.Errorf("problems:\ngot  %q\nwant %q", ve.Problems, tt.want)
			}
		})
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

// smallDoc is a valid document whose fields the edge-case tests below replace
// one at a time.
const smallDoc = `{"schema": "govscape/landscape@1", "title": "Small", "as_of": "2025",
  "axes": [{"id": "ax", "name": "Axis", "neg": {"label": "Neg", "description": "Low"}, "pos": {"label": "Pos"}}],
  "entities": [
    {"id": "e1", "kind": "state", "name": "One", "short": "I", "region": "Here", "summary": "Sum.", "tags": ["t"], "sources": ["s1"]},
    {"id": "e2", "kind": "forum", "model": "mixed", "name": "Two", "sources": ["s1"]}],
  "relations": [{"from": "e1", "to": "e2", "role": "member", "note": "Note.", "sources": ["s1"]}],
  "positions": [{"entity": "e1", "axis": "ax", "score": 1, "date": "2020", "evidence": "Said so.", "sources": ["s1"]}],
  "events": [{"id": "ev", "date": "2020", "title": "Met", "entities": ["e1"], "note": "Notes.", "sources": ["s1"]}],
  "sources": [{"id": "s1", "title": "Source", "url": "https://example.org", "publisher": "Pub", "verification": "verified"}]
}`

// TestParseEdges checks the edges of the rules for ids, text and keys: what
// passes as well as what is refused, so that a rule too strict fails too.
func TestParseEdges(t *testing.T) {
	long := strings.Repeat("x", 500)
	tests := []struct {
		name     string
		old, new string
		problems []model.Problem // nil: the document is valid
	}{
		{"multi-line text holds line breaks and tabs", `"summary": "Sum."`, `"summary": "Line one.\n\tLine two."`, nil},
		{"a note holds line breaks", `"note": "Note."`, `"note": "One.\nTwo."`, nil},
		{"right-to-left marks are text", `"name": "One"`, `"name": "\u200fOne \u0634\u0628\u0643\u0629"`, nil},
		{"ids of letters, digits, '-' and '_'", `"id": "e1"`, `"id": "Org_2-b"`, []model.Problem{
			{Path: "relations[0].from", Message: `unknown entity "e1"`},
			{Path: "positions[0].entity", Message: `unknown entity "e1"`},
			{Path: "events[0].entities[0]", Message: `unknown entity "e1"`}}},
		{"an id of 64 characters", `"id": "s1"`, `"id": "` + strings.Repeat("s", 64) + `"`, []model.Problem{
			{Path: "entities[0].sources[0]", Message: `unknown source "s1"`},
			{Path: "entities[1].sources[0]", Message: `unknown source "s1"`},
			{Path: "relations[0].sources[0]", Message: `unknown source "s1"`},
			{Path: "positions[0].sources[0]", Message: `unknown source "s1"`},
			{Path: "events[0].sources[0]", Message: `unknown source "s1"`}}},
		{"an id of 65 characters", `"id": "ev"`, `"id": "` + strings.Repeat("v", 65) + `"`, []model.Problem{
			{Path: "events[0].id", Message: `id "` + strings.Repeat("v", 65) + `": want 1 to 64 letters, digits, '-' or '_'`}}},
		{"a dot in an id", `"id": "ev"`, `"id": "e.v"`, []model.Problem{
			{Path: "events[0].id", Message: `id "e.v": want 1 to 64 letters, digits, '-' or '_'`}}},
		{"a reference outside the id rule", `"entities": ["e1"]`, `"entities": ["e1", "a b"]`, []model.Problem{
			{Path: "events[0].entities[1]", Message: `entity id "a b": want 1 to 64 letters, digits, '-' or '_'`}}},
		{"a tab in a name", `"name": "One"`, `"name": "O\tne"`, []model.Problem{
			{Path: "entities[0].name", Message: "holds a tab (U+0009) at character 2; this field is one line of text"}}},
		{"DEL in a region", `"region": "Here"`, `"region": "He\u007fre"`, []model.Problem{
			{Path: "entities[0].region", Message: "holds the control character U+007F at character 3; remove it"}}},
		{"a C1 control in a tag", `"tags": ["t"]`, `"tags": ["t", "\u0085"]`, []model.Problem{
			{Path: "entities[0].tags[1]", Message: "holds the control character U+0085 at character 1; remove it"}}},
		{"a bidirectional isolate in a pole label", `"label": "Neg"`, `"label": "N\u2066eg"`, []model.Problem{
			{Path: "axes[0].neg.label", Message: "holds the bidirectional control U+2066 at character 2, which can make text display in another order than it is stored; remove it"}}},
		{"ESC in a pole description", `"description": "Low"`, `"description": "\u001b[31mLow"`, []model.Problem{
			{Path: "axes[0].neg.description", Message: "holds the control character U+001B at character 1; remove it"}}},
		{"a paragraph separator in a note", `"note": "Notes."`, `"note": "One.\u2029Two."`, []model.Problem{
			{Path: "events[0].note", Message: `holds a paragraph separator (U+2029) at character 5; break lines with \n instead`}}},
		{"a line break in a title", `"title": "Small"`, `"title": "Sm\nall"`, []model.Problem{
			{Path: "title", Message: "holds a line break (U+000A) at character 3; this field is one line of text"}}},
		{"a long value is quoted short", `"to": "e2"`, `"to": "` + long + `"`, []model.Problem{
			{Path: "relations[0].to", Message: `entity id "` + long[:100] + `"… (500 bytes): want 1 to 64 letters, digits, '-' or '_'`}}},
		{"a long date is quoted short", `"date": "2020", "evidence"`, `"date": "` + long + `", "evidence"`, []model.Problem{
			{Path: "positions[0].date", Message: `bad date "` + long[:100] + `"… (500 bytes): want YYYY, YYYY-MM or YYYY-MM-DD`}}},
		{"an escaped key is the key it spells", `"short": "I"`, `"\u0073hort": "I"`, nil},
		{"an escaped key given twice", `"short": "I"`, `"short": "I", "\u0073hort": "J"`, []model.Problem{
			{Path: "entities[0].short", Message: `field "short" given twice in one object; keep one`}}},
		{"a key that differs by case only", `"kind": "state"`, `"kind": "state", "Kind": "forum"`, []model.Problem{
			{Path: "entities[0].Kind", Message: `unknown field "Kind": the schema spells it "kind"`}}},
		{"an odd key is quoted in the path", `"short": "I"`, `"short": "I", "a.b c": 1`, []model.Problem{
			{Path: `entities[0]."a.b c"`, Message: `unknown field "a.b c": the schema has no such field`}}},
		{"a long key is cut", `"short": "I"`, `"short": "I", "` + long + `": 1`, []model.Problem{
			{Path: `entities[0]."` + long[:96] + `…"`, Message: `unknown field "` + long[:96] + `…": the schema has no such field`}}},
		{"a number too large for an int", `"score": 1`, `"score": 1e3`, []model.Problem{
			{Path: "positions[0].score", Message: "got a JSON number 1e3, want int"}}},
		{"a record of the wrong type", `"relations": [{`, `"relations": [7, {`, []model.Problem{
			{Path: "relations[0]", Message: "got a JSON number, want object"}}},
		{"a section of the wrong type", `"events": [`, `"events": {"x": 1}, "ignored": [`, []model.Problem{
			{Path: "events", Message: "got a JSON object, want array"},
			{Path: "ignored", Message: `unknown field "ignored": the schema has no such field`}}},
		{"deep nesting in an unknown field", `"short": "I"`, `"short": "I", "deep": ` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000), []model.Problem{
			{Path: "entities[0].deep", Message: `unknown field "deep": the schema has no such field`}}},
		{"a list of 1000 tags", `"tags": ["t"]`, `"tags": ["t"` + strings.Repeat(`, "t"`, 999) + `]`, nil},
		{"a list of 1001 tags", `"tags": ["t"]`, `"tags": ["t"` + strings.Repeat(`, "t"`, 1000) + `]`, []model.Problem{
			{Path: "entities[0].tags", Message: "holds 1001 entries; a list in a record holds at most 1000"}}},
		{"null sections and fields are absent", `"tags": ["t"]`, `"tags": null, "model": null`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(smallDoc, tt.old) {
				t.Fatalf("smallDoc no longer holds %s", tt.old)
			}
			doc := strings.Replace(smallDoc, tt.old, tt.new, 1)
			l, err := model.Parse([]byte(doc), "doc.json")
			if tt.problems == nil {
				if err != nil || l == nil {
					t.Fatalf("Parse: got %v, want a valid landscape", err)
				}
				return
			}
			_, ve := problemPaths(t, []byte(doc), "doc.json")
			if !slices.Equal(ve.Problems, tt.problems) {
				t.Errorf("problems:\ngot  %q\nwant %q", ve.Problems, tt.problems)
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
	name := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(name, big, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err = model.Load(f, name)
	if l != nil || err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("Load(a file of 64 MiB + 1): got %v, want it refused as too large", err)
	}
}
