package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"govscape/cli"
	"govscape/model"
	"govscape/resources"
)

// validDoc is a small landscape whose every count the tests can work out by
// hand.
const validDoc = `{
  "schema": "govscape/landscape@1",
  "title": "CLI test landscape",
  "as_of": "2025-12-31",
  "axes": [
    {"id": "sovereignty", "name": "Cyber sovereignty vs. open internet",
     "neg": {"label": "Cyber sovereignty", "description": ""}, "pos": {"label": "Open, global internet", "description": ""}},
    {"id": "governance", "name": "Multilateral vs. multistakeholder",
     "neg": {"label": "Multilateral", "description": ""}, "pos": {"label": "Multistakeholder", "description": ""}}
  ],
  "entities": [
    {"id": "wic", "kind": "forum", "name": "World Internet Conference", "short": "WIC", "founded": "2014-11-19",
     "region": "Global", "model": "state-led", "summary": "Annual conference in Wuzhen.", "tags": ["china", "wuzhen"],
     "sources": ["s-wic"]},
    {"id": "igf", "kind": "forum", "name": "Internet Governance Forum", "short": "IGF", "founded": "2006",
     "region": "Global", "model": "multistakeholder", "sources": ["s-igf"]},
    {"id": "china", "kind": "state", "name": "China", "region": "East Asia", "sources": ["s-wic"]},
    {"id": "usa", "kind": "state", "name": "United States", "region": "North America", "tags": ["un-weog"],
     "sources": ["s-usa"]},
    {"id": "access-now", "kind": "ngo", "name": "Access Now", "summary": "Digital rights group defending an open internet.",
     "sources": ["s-igf"]}
  ],
  "relations": [
    {"from": "china", "to": "wic", "role": "host", "start": "2014", "sources": ["s-wic"]},
    {"from": "usa", "to": "igf", "role": "participant", "start": "2006", "sources": ["s-igf"]},
    {"from": "china", "to": "igf", "role": "participant", "start": "2006", "sources": ["s-igf"]},
    {"from": "usa", "to": "wic", "role": "observer", "start": "2015", "end": "2016", "note": "Sent observers.", "sources": ["s-usa"]},
    {"from": "access-now", "to": "wic", "role": "critic", "start": "2015", "sources": ["s-wic"]}
  ],
  "positions": [
    {"entity": "china", "axis": "sovereignty", "score": -1, "date": "2020", "evidence": "Softer wording.", "sources": ["s-wic"]},
    {"entity": "china", "axis": "sovereignty", "score": -2, "date": "2014-11-19", "evidence": "Wuzhen speech.", "sources": ["s-wic"]},
    {"entity": "usa", "axis": "sovereignty", "score": 2, "date": "2011", "evidence": "Cyberspace strategy.", "sources": ["s-usa"]},
    {"entity": "china", "axis": "governance", "score": -2, "date": "2015", "evidence": "UN-centred order.", "sources": ["s-wic"]},
    {"entity": "access-now", "axis": "governance", "score": 0, "date": "2016", "evidence": "Takes no side.", "sources": ["s-igf"]}
  ],
  "events": [
    {"id": "wic-1", "date": "2014-11-19", "title": "First World Internet Conference", "entities": ["wic", "china"],
     "note": "Held in Wuzhen.", "sources": ["s-wic"]}
  ],
  "sources": [
    {"id": "s-wic", "title": "WIC opens", "url": "https://example.org/wic", "publisher": "Example News",
     "date": "2014-11-20", "verification": "verified"},
    {"id": "s-igf", "title": "About the IGF", "url": "https://example.org/igf", "publisher": "United Nations",
     "verification": "partial"},
    {"id": "s-usa", "title": "US strategy", "url": "https://example.org/usa", "publisher": "Example Institute",
     "verification": "unverified"}
  ]
}`

// invalidDoc has three problems, all of which validate must list.
const invalidDoc = `{
  "schema": "govscape/landscape@1", "as_of": "2025-12-31",
  "entities": [{"id": "china", "kind": "country", "name": "China", "sources": ["s"]}],
  "relations": [{"from": "china", "to": "wicc", "role": "host", "sources": ["s"]}],
  "sources": [{"id": "s", "title": "S", "url": "ftp://example.org", "publisher": "P", "verification": "verified"}]
}`

// sparseDoc is a landscape of six forums and a state with no relation and no
// event: more of each than a stats line names.
func sparseDoc() string {
	var ents []string
	for i := 1; i <= 6; i++ {
		ents = append(ents, fmt.Sprintf(`{"id": "f%d", "kind": "forum", "name": "Forum %d", "model": "mixed", "sources": ["s"]}`, i, i))
	}
	ents = append(ents, `{"id": "s1", "kind": "state", "name": "State 1", "sources": ["s"]}`)
	return `{"schema": "govscape/landscape@1", "as_of": "2025-12-31", "entities": [` + strings.Join(ents, ",") + `],
  "sources": [{"id": "s", "title": "S", "url": "https://example.org", "publisher": "P", "verification": "verified"}]}`
}

// floodDoc is a landscape of 300 empty positions, each lacking five fields:
// more problems than validation lists.
func floodDoc() string {
	return `{"schema": "govscape/landscape@1", "as_of": "2025-12-31", "positions": [{}` + strings.Repeat(`, {}`, 299) + `]}`
}

var spaces = regexp.MustCompile(`[ \t]+`)

// squash collapses runs of blanks, so tests need not know column widths.
func squash(s string) string { return spaces.ReplaceAllString(s, " ") }

// containsInOrder reports the first of want not found in s after the one
// before it, or "" when all are there in that order.
func containsInOrder(s string, want []string) string {
	s = squash(s)
	for _, w := range want {
		i := strings.Index(s, squash(w))
		if i < 0 {
			return w
		}
		s = s[i+len(squash(w)):]
	}
	return ""
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	valid := filepath.Join(dir, "valid.json")
	invalid := filepath.Join(dir, "invalid.json")
	missing := filepath.Join(dir, "missing.json")
	sparse := filepath.Join(dir, "sparse.json")
	flood := filepath.Join(dir, "flood.json")
	for name, doc := range map[string]string{valid: validDoc, invalid: invalidDoc, sparse: sparseDoc(), flood: floodDoc()} {
		if err := os.WriteFile(name, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Arguments name the files by these words.
	files := strings.NewReplacer("VALID", valid, "INVALID", invalid, "SPARSE", sparse, "MISSING", missing, "FLOOD", flood)

	tests := []struct {
		name string
		args string
		code int
		// stdout and stderr list fragments each stream must hold, in order;
		// nil means the stream must be empty.
		stdout, stderr []string
	}{
		// Usage.
		{"help", "--help", 0, []string{"Usage: govscape", "validate FILE", "stats [FILE]", "search [--file FILE] QUERY...", "show [--file FILE] ID", resources.LandscapeName}, nil},
		{"h", "-h", 0, []string{"Usage: govscape"}, nil},
		{"help word", "help", 0, []string{"Usage: govscape"}, nil},
		{"help on a command", "help show", 0, []string{"Usage: govscape show [--file FILE] ID", "--file FILE"}, nil},
		{"help on an unknown command", "help frob", 2, nil, []string{`unknown command "frob"`, "Usage: govscape"}},
		{"no command", "", 2, nil, []string{"Usage: govscape"}},
		{"unknown command", "frob", 2, nil, []string{`govscape: unknown command "frob"`, "Usage: govscape"}},
		{"validate help", "validate -h", 0, []string{"Usage: govscape validate FILE", "exit status is 1"}, nil},
		{"stats help", "stats --help", 0, []string{"Usage: govscape stats [FILE]"}, nil},
		{"search help", "search --help", 0, []string{"Usage: govscape search [--file FILE] QUERY...", "--file FILE"}, nil},
		{"show help", "show -h", 0, []string{"Usage: govscape show [--file FILE] ID"}, nil},
		{"help after an argument", "show china -h", 0, []string{"Usage: govscape show"}, nil},

		// validate
		{"validate valid", "validate VALID", 0,
			[]string{"VALID: valid (5 entities, 5 relations, 5 positions, 1 event, 3 sources, 2 axes)\n"}, nil},
		{"validate invalid", "validate INVALID", 1, []string{
			"INVALID: 3 problems",
			"sources[0].url: \"ftp://example.org\" is not an http or https address",
			"entities[0].kind: unknown kind \"country\"",
			"relations[0].to: unknown entity \"wicc\"",
		}, nil},
		{"validate a flood of problems", "validate FLOOD", 1, []string{
			"FLOOD: 1500 problems\n",
			"  positions[0].entity: missing\n",
			"  positions[199].sources: no sources: every record cites at least one\n",
			"  … and 500 more problems, not listed: fix the ones above and validate again to see them\n",
		}, nil},
		{"validate missing", "validate MISSING", 1, nil, []string{"govscape validate:", "MISSING", "no such file"}},
		{"validate without a file", "validate", 2, nil, []string{"want one FILE, got 0 arguments", "Usage: govscape validate FILE"}},
		{"validate two files", "validate VALID VALID", 2, nil, []string{"want one FILE, got 2 arguments"}},
		{"validate with --file", "validate --file VALID", 2, nil, []string{"flag provided but not defined: -file"}},

		// stats
		{"stats", "stats VALID", 0, []string{
			"VALID: CLI test landscape, as of 2025-12-31",
			"Years 2006–2025",
			"Entities 5", "forum 2", "state 2", "bloc 0", "ngo 1", "person 0", "all but forums 3\n",
			"Forums by model 2", "multistakeholder 1", "multilateral 0", "state-led 1",
			"forums with fewer than 3 participants 1 (igf)\n",
			"Relations by role 5", "host 1", "participant 2", "observer 1", "critic 1", "funds 0",
			"entities without a relation 0\n",
			"Positions by axis 5",
			"Cyber sovereignty vs. open internet (sovereignty) 3 held by 2 entities; 1 changed stance",
			"Multilateral vs. multistakeholder (governance) 2 held by 2 entities; 0 changed stance",
			"entities whose stance changed on some axis 1",
			"States by UN regional group 2\n", "un-african 0 African Group\n", "un-asia-pacific 0", "un-eeg 0", "un-grulac 0",
			"un-weog 1 Western European and Others Group\n", "states in no UN regional group 1 (china)\n",
			"Events 1",
			"earliest 2014-11-19 First World Internet Conference (wic-1)\n",
			"latest 2014-11-19 First World Internet Conference (wic-1)\n",
			"Sources by verification 3", "verified 1", "partial 1", "unverified 1",
		}, nil},
		{"stats of a sparse landscape", "stats SPARSE", 0, []string{
			"forums with fewer than 3 participants 6 (f1, f2, f3, f4, f5, and 1 more)\n",
			"entities without a relation 7 (f1, f2, f3, f4, f5, and 2 more)\n",
			"states in no UN regional group 1 (s1)\n",
			"Events 0\n\nSources",
		}, nil},
		{"stats of the bundled landscape", "stats", 0, []string{resources.LandscapeName + ": ", "Entities"}, nil},
		{"stats invalid", "stats INVALID", 1, nil, []string{"govscape stats: INVALID: 3 problems", "relations[0].to"}},
		{"stats two files", "stats VALID INVALID", 2, nil, []string{"want at most one FILE"}},
		{"stats of a flood of problems", "stats FLOOD", 1, nil, []string{"govscape stats: FLOOD: 1500 problems\n", "  … and 500 more problems, not listed"}},

		// search
		{"search", "search --file VALID internet", 0, []string{
			"igf forum Internet Governance Forum (IGF)\n",
			"wic forum World Internet Conference (WIC)\n",
			"access-now ngo Access Now\n",
		}, nil},
		{"search with the flag last", "search wor --file VALID", 0, []string{"wic forum World Internet Conference (WIC)\n"}, nil},
		{"search several words", "search --file VALID digital rights", 0, []string{"access-now ngo Access Now\n"}, nil},
		{"search without a match", "search --file VALID zebra", 1, nil, []string{`govscape search: no entity matches "zebra"`}},
		{"search after --", "search --file VALID -- --help", 1, nil, []string{`no entity matches "--help"`}},
		{"search without a query", "search --file VALID", 2, nil, []string{"want a QUERY", "Usage: govscape search"}},
		{"search a missing file", "search --file MISSING china", 1, nil, []string{"MISSING", "no such file"}},
		{"search an invalid file", "search --file INVALID china", 1, nil, []string{"3 problems"}},
		{"search a flood of problems", "search --file FLOOD china", 1, nil, []string{"1500 problems\n", "  … and 500 more problems, not listed"}},
		{"search with a bad flag", "search --colour red china", 2, nil, []string{"flag provided but not defined: -colour", "Usage: govscape search"}},
		{"search with --file and no value", "search china --file", 2, nil, []string{"flag needs an argument: -file"}},

		// show
		// Relations are headed by model.RolePhrase, whose wording is not
		// this package's to test.
		{"show forum", "show --file VALID wic", 0, []string{
			"World Internet Conference\n",
			"id wic\n", "kind forum\n", "short WIC\n", "founded 2014-11-19\n", "region Global\n",
			"model state-led\n", "tags china, wuzhen\n", "summary Annual conference in Wuzhen.\n",
			"Relations\n",
			model.RolePhrase("host", true) + "\n", "China (china) since 2014 [s-wic]\n",
			model.RolePhrase("observer", true) + "\n", "United States (usa) 2015–2016 — Sent observers. [s-usa]\n",
			model.RolePhrase("critic", true) + "\n", "Access Now (access-now) since 2015 [s-wic]\n",
			"Events\n", "2014-11-19 First World Internet Conference (wic-1). Held in Wuzhen. [s-wic]\n",
			"Sources\n", "s-wic WIC opens. Example News, 2014-11-20. https://example.org/wic (verified)\n",
			"s-usa US strategy. Example Institute. https://example.org/usa (unverified)\n",
		}, nil},
		{"show actor", "show china --file VALID", 0, []string{
			"China\n", "kind state\n", "region East Asia\n",
			"Positions\n",
			"Cyber sovereignty vs. open internet\n",
			"2014-11-19 -2 (Cyber sovereignty) Wuzhen speech. [s-wic]\n",
			"2020 -1 (Cyber sovereignty) Softer wording. [s-wic]\n",
			"Multilateral vs. multistakeholder\n",
			"2015 -2 (Multilateral) UN-centred order. [s-wic]\n",
			"Relations\n",
			model.RolePhrase("host", false) + "\n", "World Internet Conference (wic) since 2014 [s-wic]\n",
			model.RolePhrase("participant", false) + "\n", "Internet Governance Forum (igf) since 2006 [s-igf]\n",
			"Events\n", "First World Internet Conference (wic-1)",
			"Sources\n", "s-wic WIC opens.", "s-igf About the IGF. United Nations. https://example.org/igf (partial)\n",
		}, nil},
		{"show neutral and positive scores", "show --file VALID access-now", 0, []string{
			"2016 +0 (neutral) Takes no side. [s-igf]\n",
		}, nil},
		{"show positive score", "show --file VALID usa", 0, []string{"2011 +2 (Open, global internet) Cyberspace strategy."}, nil},
		{"show a mistyped id", "show --file VALID chna", 1, nil, []string{
			`govscape show: no entity has the id "chna" in VALID`, "Did you mean:", "china state China\n",
		}},
		{"show a name for an id", "show --file VALID Internet", 1, nil, []string{
			"Did you mean:", "igf forum Internet Governance Forum (IGF)\n", "wic forum World Internet Conference (WIC)\n",
		}},
		{"show an id like nothing", "show --file VALID zebra", 1, nil, []string{`no entity has the id "zebra"`, "govscape search WORD"}},
		{"show without an id", "show --file VALID", 2, nil, []string{"want one ID, got 0 arguments", "Usage: govscape show"}},
		{"show two ids", "show --file VALID wic igf", 2, nil, []string{"want one ID, got 2 arguments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := strings.Fields(files.Replace(tt.args))
			var stdout, stderr bytes.Buffer
			code := cli.Run(args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit status: got %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, &stdout, &stderr)
			}
			check := func(stream string, got *bytes.Buffer, want []string) {
				if want == nil {
					if got.Len() > 0 {
						t.Errorf("%s: got %q, want nothing", stream, got)
					}
					return
				}
				for i := range want {
					want[i] = files.Replace(want[i])
				}
				if miss := containsInOrder(got.String(), want); miss != "" {
					t.Errorf("%s: got\n%s\nwant it to hold %q (after the fragments before it)", stream, got, miss)
				}
			}
			check("stdout", &stdout, tt.stdout)
			check("stderr", &stderr, tt.stderr)
		})
	}
}

// TestShowBundled runs show and search on the bundled landscape without
// knowing its content: whatever its first entity is, it can be found and shown.
func TestShowBundled(t *testing.T) {
	l, err := model.Parse(resources.LandscapeJSON, resources.LandscapeName)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) == 0 {
		t.Skip("the bundled landscape has no entities yet")
	}
	e := l.Entities[0]
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"show", e.ID}, &stdout, &stderr); code != 0 || !strings.HasPrefix(stdout.String(), e.Name+"\n") {
		t.Errorf("show %s: got %d\n%s%s\nwant 0 and the entity's name first", e.ID, code, &stdout, &stderr)
	}
	stdout.Reset()
	if code := cli.Run([]string{"search", e.ID}, &stdout, &stderr); code != 0 || !strings.HasPrefix(stdout.String(), e.ID+" ") {
		t.Errorf("search %s: got %d\n%s%s\nwant 0 and the entity first", e.ID, code, &stdout, &stderr)
	}
}
